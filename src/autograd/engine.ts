/**
 * The backward pass's graph walk. Walks the graph of `Node`s from the roots without recursion:
 * counts each node's incoming edges, then runs nodes whose gradient is complete (dependency
 * count zero), newest first, running hooks and captures and accumulating into leaves. Where the
 * gradients wait, how they are summed and which buffers are reused is `grad-buffers.ts`'s
 * business. Also installs `Tensor.backward`.
 */
import { activeBackend } from "../backend/registry.js";
import { asTensor, castTo, expandedView, record, sumToShape } from "../ops/define.js";
import { shapesEqual } from "../tensor/shape.js";
import { installMethods } from "../tensor/methods.js";
import { _keepForUser } from "../tensor/lifetime.js";
import { Tensor } from "../tensor/tensor.js";
import { addGrads, GradBuffers } from "./grad-buffers.js";
import { anomalyState, isGradEnabled, setGradEnabled } from "./mode.js";
import { AccumulateGrad, FunctionNode, type Node } from "./node.js";

/** Options of `tensor.backward()`. */
export interface BackwardOptions {
  /** Keep saved tensors so the graph can be differentiated again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass itself, so gradients have history (higher-order derivatives). */
  createGraph?: boolean;
  /** Accumulate only into these tensors' `.grad` (leaves or not); others are left alone. */
  inputs?: Tensor | readonly Tensor[];
}

/** How the engine runs one pass. */
export interface RunOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** When set, only nodes on a path to one of these run (`autograd.grad`, `backward({ inputs })`). */
  targets?: ReadonlySet<Node>;
  /** Called with the gradient arriving at a node, before its hooks (PyTorch 1.13 order). */
  capture?: ReadonlyMap<Node, (grad: Tensor | null) => void>;
  /** Whether reached `AccumulateGrad` nodes write `.grad` (false for `autograd.grad`). */
  accumulate: boolean;
}

declare module "../tensor/tensor.js" {
  interface Tensor {
    /**
     * Computes the gradient of this tensor w.r.t. the graph leaves, accumulating into `.grad`.
     * Scalars need no `gradient`; other outputs need one of their shape.
     * @example const x = torch.tensor([1, 2], { dtype: "float32", requiresGrad: true }); x.mul(x).sum().backward(); x.grad // tensor([2., 4.])
     */
    backward(gradient?: Tensor | number | null, options?: BackwardOptions): void;
  }
}

export { addGrads };

/** A fresh contiguous copy of `t`, recorded when grad mode is on (PyTorch names it `CopyBackwards`). */
export function cloneGrad(t: Tensor, name = "CopyBackwards"): Tensor {
  const out = Tensor._uninit(t.shape, t.dtype, undefined, t);
  activeBackend().copy(t._v, out._v);
  return record(name, out, [t], (g) => [g]);
}

/** A tensor of ones shaped like `t` (the implicit gradient of a scalar output). */
export function onesFor(t: Tensor): Tensor {
  const out = Tensor._uninit(t.shape, t.dtype, undefined, t);
  activeBackend().fill(out._v, 1);
  return out;
}

/**
 * PyTorch's AccumulateGrad: the first gradient is taken as it is when nothing else can hold it
 * (`steal`), else copied; later ones are added (in place unless recording).
 */
function accumulateInto(v: Tensor, g: Tensor, createGraph: boolean, steal: boolean): void {
  if (v.grad === null) {
    v.grad = steal ? g : cloneGrad(g);
  } else if (!createGraph) {
    const dst = v.grad;
    if (!shapesEqual(dst.shape, g.shape)) {
      throw new RangeError(
        `[backward] existing .grad has shape [${dst.shape}]: got a gradient of shape [${g.shape}], expected matching shapes`,
      );
    }
    const src = castTo(g, dst.dtype);
    activeBackend().binary.add(dst._v, expandedView(src, dst.shape), dst._v);
    dst._bumpVersion();
  } else {
    v.grad = addGrads(v.grad, castTo(g, v.grad.dtype));
  }
}

/** True when `from` broadcasts to `to` (so a gradient of shape `to` can be summed back). */
function expandable(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  const lead = to.length - from.length;
  return from.every((s, i) => s === 1 || s === to[i + lead]);
}

/** Checks a gradient a node produced against the tensor it flows to; fixes broadcast and dtype. */
function validate(producer: Node, index: number, g: Tensor, consumer: Node): Tensor {
  const shape = consumer.shape;
  if (shape !== null && !shapesEqual(g.shape, shape)) {
    if (!expandable(shape, g.shape)) {
      throw new RangeError(
        `[backward] ${producer.name()} returned an invalid gradient at index ${index}: got shape [${g.shape}], expected shape compatible with [${shape}]`,
      );
    }
    g = sumToShape(g, shape);
  }
  if (consumer.dtype !== null && g.dtype !== consumer.dtype) g = castTo(g, consumer.dtype);
  return g;
}

/** Max-heap of nodes by sequence number: the newest ready node runs first. */
class ReadyQueue {
  private heap: Node[] = [];
  get size(): number {
    return this.heap.length;
  }
  push(n: Node): void {
    const h = this.heap;
    h.push(n);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.sequenceNr >= h[i]!.sequenceNr) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop(): Node {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.sequenceNr > h[m]!.sequenceNr) m = l;
        if (r < h.length && h[r]!.sequenceNr > h[m]!.sequenceNr) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** Incoming-edge counts of every node reachable from the roots (iterative DFS). */
function countDependencies(roots: readonly Node[]): Map<Node, number> {
  const deps = new Map<Node, number>();
  const stack: Node[] = [];
  for (const r of roots) {
    if (!deps.has(r)) {
      deps.set(r, 0);
      stack.push(r);
    }
  }
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const c of n.next) {
      if (c === null) continue;
      const d = deps.get(c);
      if (d === undefined) {
        deps.set(c, 1);
        stack.push(c);
      } else {
        deps.set(c, d + 1);
      }
    }
  }
  return deps;
}

/** Nodes that are targets or lead to one (computed over a topological order, no recursion). */
function neededNodes(deps: ReadonlyMap<Node, number>, targets: ReadonlySet<Node>): Set<Node> {
  const left = new Map(deps);
  const order: Node[] = [];
  const queue: Node[] = [];
  for (const [n, d] of left) if (d === 0) queue.push(n);
  while (queue.length > 0) {
    const n = queue.pop()!;
    order.push(n);
    for (const c of n.next) {
      if (c === null) continue;
      const d = left.get(c)! - 1;
      left.set(c, d);
      if (d === 0) queue.push(c);
    }
  }
  const needed = new Set<Node>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    if (targets.has(n) || n.next.some((c) => c !== null && needed.has(c))) needed.add(n);
  }
  return needed;
}

/** Anomaly mode: a backward function that returned NaN raises, naming it and its forward call. */
function checkNanGrads(node: Node, outs: readonly (Tensor | null)[]): void {
  outs.forEach((g, i) => {
    if (g === null || !g.isFloatingPoint() || g.device.type !== "cpu") return;
    if (!(g.isnan().any().item() as boolean)) return;
    const trace = node instanceof FunctionNode ? node.forwardTrace : null;
    throw new Error(
      `[backward] function '${node.name()}' returned nan values in its ${i}th output${trace ? " (the error's cause holds the forward call's stack)" : ""}`,
      trace ? { cause: trace } : undefined,
    );
  });
}

/** Runs one backward pass from `roots`, seeded with `grads` (one per root). */
export function runBackward(roots: readonly Node[], grads: readonly Tensor[], opts: RunOptions): void {
  const deps = countDependencies(roots);
  const needed = opts.targets ? neededNodes(deps, opts.targets) : null;
  const bufs = new GradBuffers(grads, opts);
  const prevMode = isGradEnabled();
  setGradEnabled(opts.createGraph);
  try {
    roots.forEach((r, i) => bufs.seed(r, validate(r, i, grads[i]!, r)));
    const ready = new ReadyQueue();
    for (const r of new Set(roots)) if (deps.get(r) === 0) ready.push(r);

    while (ready.size > 0) {
      const node = ready.pop();
      let grad = bufs.take(node);
      let mine = grad !== null && bufs.claim(grad);
      const capture = opts.capture?.get(node);
      if (capture !== undefined) {
        mine = false;
        capture(grad);
      }

      const isLeaf = node instanceof AccumulateGrad;
      const runs =
        needed === null
          ? !isLeaf || opts.accumulate
          : isLeaf
            ? opts.accumulate && opts.targets!.has(node)
            : node.next.some((c) => c !== null && needed.has(c));
      if (!runs) {
        if (grad !== null) bufs.drop(grad, mine);
        continue;
      }

      let outs: readonly (Tensor | null)[] = [];
      let outsOwned: boolean[] | null = null;
      if (grad !== null) {
        if (node.preHooks.length > 0) mine = false; // a hook may keep the gradient it sees
        for (const hook of node.preHooks.slice()) {
          _keepForUser(grad);
          const r = hook(grad);
          if (r instanceof Tensor) {
            if (!shapesEqual(r.shape, grad.shape)) {
              throw new RangeError(
                `[backward] a hook changed the gradient's shape: got [${r.shape}], expected [${grad.shape}]`,
              );
            }
            grad = r;
          }
        }
        if (isLeaf) {
          if (node.variable.requiresGrad) {
            // With a .grad already there the gradient is summed in instead, and recycled if owned.
            const keep = bufs.leafMayKeep(node, grad, opts.createGraph);
            accumulateInto(node.variable, grad, opts.createGraph, keep);
            if (!keep) bufs.drop(grad, mine);
          } else {
            bufs.drop(grad, mine);
          }
        } else {
          bufs.beforeApply();
          outs = node.apply(grad, mine);
          if (outs.length !== node.next.length) {
            throw new Error(
              `[backward] ${node.name()} returned an incorrect number of gradients: got ${outs.length}, expected ${node.next.length}`,
            );
          }
          if (anomalyState.on && anomalyState.checkNan) checkNanGrads(node, outs);
          outsOwned = bufs.afterApply(outs, grad, mine);
        }
      }
      if (!opts.retainGraph) node.release();

      node.next.forEach((child, i) => {
        const g = outs[i] ?? null;
        const gOwned = outsOwned !== null && outsOwned[i] === true;
        if (child === null || (needed !== null && !needed.has(child))) {
          if (g !== null) bufs.drop(g, gOwned);
          return;
        }
        if (g !== null) bufs.deliver(child, g, validate(node, i, g, child), gOwned);
        const d = deps.get(child)! - 1;
        deps.set(child, d);
        if (d === 0) ready.push(child);
      });
    }
  } finally {
    setGradEnabled(prevMode);
    bufs.close();
  }
}

/** The seed gradient for `out`: ones for one-element outputs, else the given tensor checked. */
export function rootGradient(
  op: string,
  out: Tensor,
  gradient: Tensor | number | null | undefined,
  index: number,
): Tensor {
  if (gradient === undefined || gradient === null) {
    if (out.numel() !== 1) {
      throw new RangeError(
        `[${op}] grad can be implicitly created only for scalar outputs: got an output of shape [${out.shape}]; pass a gradient of that shape`,
      );
    }
    return onesFor(out);
  }
  const g = asTensor(gradient, out.dtype);
  if (!shapesEqual(g.shape, out.shape)) {
    throw new RangeError(
      `[${op}] Mismatch in shape: grad_output[${index}] has a shape of [${g.shape}] and output[${index}] has a shape of [${out.shape}]`,
    );
  }
  return g;
}

/** The node gradients of `t` flow into, or the PyTorch error for a tensor outside the graph. */
export function rootNode(op: string, t: Tensor, index: number): Node {
  if (!(t instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor: got ${typeof t}`);
  const node = t._gradEdge();
  if (node === null)
    throw new Error(`[${op}] element ${index} of tensors does not require grad and does not have a grad_fn`);
  return node;
}

/**
 * Computes gradients of `tensors` (seeded by `gradTensors`) and accumulates them into the leaves'
 * `.grad` (`torch.autograd.backward`).
 * @example autograd.backward([loss1, loss2]); // fragment
 */
export function backward(
  tensors: Tensor | readonly Tensor[],
  gradTensors?: Tensor | number | null | readonly (Tensor | number | null)[],
  options: BackwardOptions = {},
): void {
  const outs = tensors instanceof Tensor ? [tensors] : [...tensors];
  const gs =
    gradTensors === undefined || gradTensors === null || !Array.isArray(gradTensors) ? [gradTensors] : gradTensors;
  const roots = outs.map((t, i) => rootNode("backward", t, i));
  const seeds = outs.map((t, i) => rootGradient("backward", t, (gs[i] ?? null) as Tensor | number | null, i));
  const createGraph = options.createGraph ?? false;
  const run: RunOptions = { retainGraph: options.retainGraph ?? createGraph, createGraph, accumulate: true };
  if (options.inputs !== undefined) {
    const inputs = options.inputs instanceof Tensor ? [options.inputs] : [...options.inputs];
    if (inputs.length === 0) throw new RangeError("[backward] 'inputs' argument to backward() cannot be empty");
    const targets = new Set<Node>();
    const capture = new Map<Node, (g: Tensor | null) => void>();
    inputs.forEach((x, i) => {
      const node = x._gradEdge();
      if (node === null)
        throw new Error(`[backward] One of the differentiated Tensors does not require grad: inputs[${i}]`);
      targets.add(node);
      // A non-leaf input gets its .grad filled like a leaf (PyTorch does the same).
      if (!(node instanceof AccumulateGrad)) {
        capture.set(node, (g) => {
          if (g !== null) accumulateInto(x, g, createGraph, false);
        });
      }
    });
    run.targets = targets;
    run.capture = capture;
  }
  runBackward(roots, seeds, run);
}

installMethods({
  backward(this: Tensor, gradient?: Tensor | number | null, options?: BackwardOptions) {
    backward([this], [gradient ?? null], options);
  },
});
