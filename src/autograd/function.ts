/**
 * `torch.autograd.Function`: user-defined ops with their own forward and backward. `apply` runs
 * `forward` without recording, then gives its differentiable outputs one node whose `apply` calls
 * the class's `backward` with one gradient per output. The engine's nodes carry one gradient, so
 * an op with several outputs gets one small node per output that stashes its gradient in the
 * shared node and hands it a 0-d token; the shared node runs after all of them (it depends on
 * each) and reads the stash (PyTorch's multi-output node, without changing the engine).
 */
import { isFloatingPoint } from "../tensor/dtype.js";
import { zeros } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { copyTangent, dualState, pausedDual, setTangent, tangentOf } from "./dual.js";
import { isGradEnabled, noGrad, setGradEnabled } from "./mode.js";
import { FunctionNode, Node } from "./node.js";

/** Backward functions wrapped by `onceDifferentiable`. */
const ONCE = new WeakSet<object>();

/** A tensor saved by `ctx.saveForBackward` and its version then. */
interface SavedSlot {
  tensor: Tensor | null;
  version: number;
}

/**
 * The `ctx` of a custom Function: what `forward` passes on to `backward`. Any other attribute may
 * be set on it too (`ctx.exponent = 3`).
 */
export class FunctionCtx {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
  /** Per forward argument: whether a gradient is wanted for it (false for non-tensors). */
  needsInputGrad: readonly boolean[] = [];
  /** @internal */
  _saved: SavedSlot[] | null = null;
  /** @internal */
  _released = false;
  /** @internal */
  _dirty: Tensor[] = [];
  /** @internal */
  _nonDiff: Tensor[] = [];
  /** @internal */
  _materialize = true;
  /** @internal */
  _name = "Function";

  /**
   * Saves tensors (or `null`) for `backward`, read back from `ctx.savedTensors`; modifying one in
   * place afterwards makes `backward` fail with PyTorch's version-counter error.
   * @example ctx.saveForBackward(input); // fragment, inside forward
   */
  saveForBackward(...tensors: (Tensor | null | undefined)[]): void {
    tensors.forEach((t, i) => {
      if (t !== null && t !== undefined && !(t instanceof Tensor)) {
        throw new TypeError(`[saveForBackward] argument ${i} is not a Tensor or null: got ${typeof t}`);
      }
    });
    this._saved = tensors.map((t) => ({ tensor: t ?? null, version: t ? t.version : 0 }));
  }

  /**
   * The tensors given to `saveForBackward`, checked against in-place changes since.
   * @example const [input] = ctx.savedTensors; // fragment, inside backward
   */
  get savedTensors(): (Tensor | null)[] {
    if (this._released) {
      throw new Error(
        `[savedTensors] Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed): ${this._name} was freed. Pass { retainGraph: true } to the first backward call if you need to backward through the graph a second time.`,
      );
    }
    if (this._saved === null) return [];
    return this._saved.map((s) => {
      if (s.tensor !== null && s.tensor.version !== s.version) {
        throw new Error(
          `[backward] one of the variables needed for gradient computation has been modified by an inplace operation: a tensor of shape [${s.tensor.shape.join(", ")}] saved by ${this._name} is at version ${s.tensor.version}; expected version ${s.version} instead. Use an out-of-place op (or clone()) before modifying it.`,
        );
      }
      return s.tensor;
    });
  }

  /**
   * Declares inputs that `forward` modified in place (and returns): their history becomes this op's.
   * @example x.add_(1); ctx.markDirty(x); return x; // fragment, inside forward
   */
  markDirty(...tensors: Tensor[]): void {
    tensors.forEach((t, i) => checkTensorArg("markDirty", t, i));
    this._dirty = tensors;
  }

  /**
   * Declares outputs that carry no gradient (indices, masks): they get `requiresGrad` false, and
   * `backward` receives zeros for them.
   * @example ctx.markNonDifferentiable(indices); // fragment, inside forward
   */
  markNonDifferentiable(...tensors: Tensor[]): void {
    tensors.forEach((t, i) => checkTensorArg("markNonDifferentiable", t, i));
    this._nonDiff = tensors;
  }

  /**
   * Whether `backward` gets zeros (default) or `null` for outputs no gradient reached.
   * @example ctx.setMaterializeGrads(false); // fragment, inside forward
   */
  setMaterializeGrads(value: boolean): void {
    if (typeof value !== "boolean") {
      throw new TypeError(`[setMaterializeGrads] value must be a boolean: got ${typeof value}`);
    }
    this._materialize = value;
  }
}

function checkTensorArg(op: string, t: unknown, i: number): void {
  if (!(t instanceof Tensor)) throw new TypeError(`[${op}] argument ${i} is not a Tensor: got ${typeof t}`);
}

/** Output metadata the backward needs to materialise gradients. */
interface OutputInfo {
  shape: readonly number[];
  dtype: Tensor["dtype"];
}

/** The node of one `Fn.apply` call: runs the class's `backward`. */
class CustomNode extends Node {
  /** Gradients stashed by the per-output nodes of a multi-output op, for the next `apply`. */
  pending: (Tensor | null)[];
  constructor(
    private readonly label: string,
    readonly next: readonly (Node | null)[],
    private readonly backwardFn: (ctx: FunctionCtx, ...grads: (Tensor | null)[]) => unknown,
    private readonly ctx: FunctionCtx,
    private readonly outputs: readonly OutputInfo[],
    private readonly isTensorArg: readonly boolean[],
  ) {
    super();
    this.pending = outputs.map(() => null);
  }

  name(): string {
    return this.label;
  }

  apply(grad: Tensor): (Tensor | null)[] {
    if (this.ctx._released) {
      throw new Error(
        `[backward] Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed): ${this.label} was freed. Pass { retainGraph: true } to the first call if you need to backward through the graph a second time.`,
      );
    }
    const grads = this.outputs.length === 1 ? [grad] : this.pending;
    this.pending = this.outputs.map(() => null);
    const args = grads.map((g, i) => {
      if (g !== null || !this.ctx._materialize) return g;
      const o = this.outputs[i]!;
      return zeros([...o.shape], { dtype: o.dtype });
    });
    const once = ONCE.has(this.backwardFn);
    const recording = isGradEnabled();
    const raw =
      once && recording ? noGrad(() => this.backwardFn(this.ctx, ...args)) : this.backwardFn(this.ctx, ...args);
    let res = this.check(raw);
    if (once && recording && args.some((g) => g?.requiresGrad))
      res = res.map((r) => (r === null ? r : delayedError(r, args)));
    return res;
  }

  /** PyTorch's checks on what `backward` returned: one gradient per forward argument. */
  private check(raw: unknown): (Tensor | null)[] {
    const n = this.isTensorArg.length;
    let list: unknown[] = Array.isArray(raw) ? [...(raw as unknown[])] : [raw];
    if (list.length > n && list.slice(n).every((g) => g === null || g === undefined)) list = list.slice(0, n);
    if (list.length !== n) {
      throw new Error(
        `[backward] function ${this.label} returned an incorrect number of gradients (expected ${n}, got ${list.length})`,
      );
    }
    return list.map((g, i) => {
      if (g === null || g === undefined) return null;
      if (!(g instanceof Tensor)) {
        throw new TypeError(
          `[backward] function ${this.label} returned a gradient that is not a Tensor or null at position ${i + 1}: got ${typeof g}`,
        );
      }
      if (!this.isTensorArg[i]) {
        throw new Error(
          `[backward] function ${this.label} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`,
        );
      }
      return g;
    });
  }

  override release(): void {
    this.ctx._released = true;
    this.ctx._saved = null;
  }
}

/** The node of output `index` of a multi-output op: stashes its gradient for the shared node. */
class OutputNode extends Node {
  readonly next: readonly (Node | null)[];
  constructor(
    private readonly owner: CustomNode,
    private readonly index: number,
  ) {
    super();
    this.next = [owner];
  }
  name(): string {
    return this.owner.name();
  }
  apply(grad: Tensor, gradOwned = false): (Tensor | null)[] {
    // The engine recycles a gradient it owns once this node returns: keep a copy for later.
    this.owner.pending[this.index] = gradOwned ? grad.clone() : grad;
    return [zeros([], { dtype: "float32" })];
  }
}

/** Gives `r` a node that fails when differentiated (the backward was `onceDifferentiable`). */
function delayedError(r: Tensor, inputs: readonly (Tensor | null)[]): Tensor {
  const next = inputs.map((g) => (g !== null ? g._gradEdge() : null));
  const node = new FunctionNode(
    "Error",
    next,
    () => {
      throw new Error("[backward] trying to differentiate twice a function that was marked with onceDifferentiable");
    },
    [],
  );
  const out = r.detach();
  node.shape = out.shape;
  node.dtype = out.dtype;
  out.gradFn = node;
  return out;
}

/**
 * Marks a `backward` as not differentiable itself (PyTorch's `@once_differentiable`): it runs
 * without recording, and differentiating its result (a double backward) raises an error.
 * @example
 * class Exp extends torch.autograd.Function {
 *   static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { const y = x.exp(); ctx.saveForBackward(y); return y; }
 *   static backward = torch.autograd.onceDifferentiable((ctx: torch.autograd.FunctionCtx, g: torch.Tensor) => g.mul(ctx.savedTensors[0]!));
 * }
 * const x = torch.tensor([0], { dtype: "float64", requiresGrad: true });
 * Exp.apply(x).sum().backward();
 * x.grad!.item() // 1
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any gradient signature
export function onceDifferentiable<F extends (ctx: FunctionCtx, ...grads: any[]) => unknown>(fn: F): F {
  if (typeof fn !== "function") throw new TypeError(`[onceDifferentiable] expected a function: got ${typeof fn}`);
  const wrapped = ((ctx: FunctionCtx, ...grads: unknown[]) => fn(ctx, ...grads)) as F;
  ONCE.add(wrapped);
  return wrapped;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyForward = (ctx: FunctionCtx, ...args: any[]) => any;
type ArgsOf<F> = F extends (ctx: FunctionCtx, ...args: infer A) => unknown ? A : never;

/**
 * Base class of custom autograd ops (`torch.autograd.Function`): write `static forward(ctx, ...)`
 * and `static backward(ctx, ...grads)`, call `MyFn.apply(...)`. `forward` runs without recording;
 * `backward` gets one gradient per output and returns one per forward argument (`null` for
 * non-tensors or inputs needing none). With `createGraph` the backward is recorded, so a backward
 * written with differentiable ops supports double backward. The node prints as `<MyFnBackward>`.
 * Optional: `static jvp(ctx, ...tangents)` for forward AD (else forward's own ops carry the
 * tangents), and `static vjp` as another name of `backward`.
 * @example
 * class Cube extends torch.autograd.Function {
 *   static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { ctx.saveForBackward(x); return x.pow(3); }
 *   static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) { const [x] = ctx.savedTensors; return g.mul(x!.pow(2).mul(3)); }
 * }
 * const x = torch.tensor([2], { dtype: "float64", requiresGrad: true });
 * Cube.apply(x).sum().backward();
 * x.grad!.item() // 12
 */
export class Function {
  /** The computation: receives `ctx` and the arguments given to `apply`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  static forward(ctx: FunctionCtx, ...args: any[]): any {
    void ctx;
    void args;
    throw new Error("[Function.forward] You must implement the forward function for custom autograd.Function.");
  }

  /** The gradients of the inputs: receives `ctx` and one gradient per output of `forward`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  static backward(ctx: FunctionCtx, ...grads: any[]): any {
    void ctx;
    void grads;
    throw new Error(
      "[Function.backward] You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.",
    );
  }

  /**
   * Runs the op: `forward` with a fresh ctx, and records `backward` when an input requires grad.
   * @example const y = MyFn.apply(x); // fragment
   */
  static apply<T extends { forward: AnyForward }>(this: T, ...args: ArgsOf<T["forward"]>): ReturnType<T["forward"]> {
    const cls = this as unknown as typeof Function;
    if (cls === Function) {
      throw new Error("[Function.apply] call apply on a subclass of torch.autograd.Function that defines forward");
    }
    const label = `${cls.name}Backward`;
    const ctx = new FunctionCtx();
    ctx._name = label;
    const isTensorArg = args.map((a) => a instanceof Tensor);
    const recording = isGradEnabled();
    ctx.needsInputGrad = args.map((a) => recording && a instanceof Tensor && a.requiresGrad);
    let raw: unknown;
    setGradEnabled(false); // forward is not recorded
    try {
      raw = cls.forward(ctx, ...args);
    } finally {
      setGradEnabled(recording);
    }
    if (raw instanceof Promise) {
      throw new TypeError(`[${cls.name}.apply] forward returned a Promise: forward must be synchronous`);
    }
    const tuple = Array.isArray(raw);
    const outs: unknown[] = tuple ? [...(raw as unknown[])] : [raw];
    for (const d of ctx._dirty) {
      if (!outs.includes(d)) {
        throw new Error(
          `[${cls.name}.apply] Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function.`,
        );
      }
    }
    if (!ctx.needsInputGrad.some((b) => b)) {
      forwardTangents(cls, ctx, args, outs);
      return raw as ReturnType<T["forward"]>;
    }

    // Edges are taken before dirty inputs get the new node as their history.
    const next = args.map((a) => (a instanceof Tensor ? a._gradEdge() : null));
    const tensorOuts = outs.map((o, i) => (o instanceof Tensor ? i : -1)).filter((i) => i >= 0);
    const infos = tensorOuts.map((i) => ({ shape: (outs[i] as Tensor).shape, dtype: (outs[i] as Tensor).dtype }));
    // PyTorch accepts `vjp` as the name of backward.
    const vjp = (cls as { vjp?: unknown }).vjp;
    const backwardFn =
      cls.backward === Function.backward && typeof vjp === "function" ? (vjp as typeof cls.backward) : cls.backward;
    const node = new CustomNode(label, next, backwardFn, ctx, infos, isTensorArg);
    const single = tensorOuts.length === 1;
    tensorOuts.forEach((pos, k) => {
      let t = outs[pos] as Tensor;
      const dirty = ctx._dirty.includes(t);
      if (dirty) {
        if (t.isLeaf && t._requiresGrad) {
          throw new Error(
            `[${cls.name}.apply] a leaf Variable that requires grad has been used in an in-place operation (markDirty): clone it before modifying`,
          );
        }
      } else if (args.includes(t) || t.gradFn !== null || t._requiresGrad) {
        t = t.detach(); // an input returned as is becomes a new tensor with this op's history
        copyTangent(outs[pos] as Tensor, t);
      }
      if (ctx._nonDiff.includes(outs[pos] as Tensor) || !isFloatingPoint(t.dtype)) {
        if (dirty) t.gradFn = null;
        outs[pos] = t;
        return;
      }
      const n = single ? node : new OutputNode(node, k);
      n.shape = t.shape;
      n.dtype = t.dtype;
      t.gradFn = n;
      outs[pos] = t;
    });
    if (!single) {
      node.shape = [];
      node.dtype = "float32";
    } else {
      node.shape = infos[0]!.shape;
      node.dtype = infos[0]!.dtype;
    }
    forwardTangents(cls, ctx, args, outs);
    return (tuple ? outs : outs[0]) as ReturnType<T["forward"]>;
  }
}

/**
 * Forward AD through a custom Function: its `static jvp(ctx, ...tangents)` gives the outputs'
 * tangents (one per tensor output) when it defines one; otherwise they are what forward's own ops
 * computed on the dual inputs.
 */
function forwardTangents(
  cls: typeof Function,
  ctx: FunctionCtx,
  args: readonly unknown[],
  outs: readonly unknown[],
): void {
  const jvp = (cls as { jvp?: unknown }).jvp;
  if (dualState.level === null || typeof jvp !== "function") return;
  const tangents = args.map((a) => (a instanceof Tensor ? tangentOf(a) : null));
  if (tangents.every((t) => t === null)) return;
  const r: unknown = pausedDual(() => (jvp as (...a: unknown[]) => unknown).call(cls, ctx, ...tangents));
  const list = Array.isArray(r) ? r : [r];
  let k = 0;
  for (const o of outs) {
    if (!(o instanceof Tensor)) continue;
    const t = list[k++];
    if (t instanceof Tensor) setTangent(o, t);
  }
}
