/**
 * Autograd graph nodes. Each recorded op becomes a `Node` (its `grad_fn`) with one edge per
 * input pointing at that input's own node (or the leaf's `AccumulateGrad`), like PyTorch.
 */
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { anomalyState } from "./mode.js";

/** A saved tensor and the storage version it had when saved. */
interface Saved {
  tensor: Tensor;
  version: number;
}

/** A hook on the gradient flowing through a node; may return a replacement gradient. */
export type GradHook = (grad: Tensor) => Tensor | void;

/**
 * A backward function: one gradient (or null) per input, from the gradient of the output.
 * `gradOwned` is true when the engine holds the only reference to `grad` (nothing else reads it
 * after this call), so an elementwise backward may write its result over it.
 */
export type BackwardFn = (grad: Tensor, gradOwned: boolean) => (Tensor | null)[];

let nextSequence = 0;

/** The sequence number the next node will get: nodes with `sequenceNr >= mark` were created after this call. */
export function sequenceMark(): number {
  return nextSequence;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

export abstract class Node {
  /** Creation order: the engine runs ready nodes newest first, as PyTorch does. */
  readonly sequenceNr = nextSequence++;
  /** Shape and dtype of the tensor this node produces (its gradient must match); set by `record`. */
  shape: readonly number[] | null = null;
  dtype: DType | null = null;
  /** Edges to the nodes of this op's inputs; `null` where an input needs no gradient. */
  abstract readonly next: readonly (Node | null)[];
  /** Hooks run on the incoming gradient before `apply` (tensor hooks, `retainGrad`). */
  preHooks: GradHook[] = [];
  /** PyTorch's printed name, e.g. `AddBackward0`. */
  abstract name(): string;
  /** The gradients of the inputs; `gradOwned` as in {@link BackwardFn}. */
  abstract apply(grad: Tensor, gradOwned?: boolean): (Tensor | null)[];
  /** Frees saved tensors after a backward pass that did not retain the graph. */
  release(): void {}
  /** PyTorch's repr: `<MseLossBackward0 object>`. @example String(torch.ones(2, { requiresGrad: true }).sum().gradFn) // "<SumBackward0 object>" */
  toString(): string {
    return `<${this.name()} object>`;
  }
  /** `console.log` / `util.inspect` print the same as `toString`. */
  [INSPECT](): string {
    return this.toString();
  }
}

/** The node of a recorded op: its backward formula and the tensors it saved. */
export class FunctionNode extends Node {
  private fn: BackwardFn | null;
  private readonly saved: Saved[];
  private readonly hadSaved: boolean;
  /** Anomaly mode only: an Error whose stack is the forward call that recorded this node. */
  forwardTrace: Error | null = null;

  constructor(
    private opName: string,
    readonly next: readonly (Node | null)[],
    fn: BackwardFn,
    saved: readonly Tensor[],
  ) {
    super();
    this.fn = fn;
    for (const t of saved) {
      if (t.storage.inference) {
        throw new Error(
          `[${opName}] inference tensors cannot be saved for backward: got a tensor made in inferenceMode, expected a normal tensor (clone() it outside inferenceMode)`,
        );
      }
    }
    // Anomaly mode: where in the forward pass this op ran, for the backward's NaN error.
    if (anomalyState.on) this.forwardTrace = new Error(`forward call of ${opName}`);
    // Each saved tensor's storage stays alive (not pooled) until this node is freed.
    this.saved = saved.map((t) => {
      t.storage.refs++;
      return { tensor: t, version: t.version };
    });
    this.hadSaved = saved.length > 0;
  }

  name(): string {
    return this.opName;
  }

  /** Gives this node PyTorch's name for the composite whose output it is (see `nameOutput`). */
  rename(name: string): void {
    this.opName = name;
  }

  apply(grad: Tensor, gradOwned = false): (Tensor | null)[] {
    if (this.fn === null) {
      throw new Error(
        `[backward] Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed): ${this.opName} was freed. Saved intermediate values of the graph are freed when you call backward() or autograd.grad(). Pass { retainGraph: true } to the first call if you need to backward through the graph a second time.`,
      );
    }
    for (const s of this.saved) {
      if (s.tensor.version !== s.version) {
        throw new Error(
          `[backward] one of the variables needed for gradient computation has been modified by an inplace operation: a tensor of shape [${s.tensor.shape.join(", ")}] saved by ${this.opName} is at version ${s.tensor.version}; expected version ${s.version} instead. Use an out-of-place op (or clone()) before modifying it.`,
        );
      }
    }
    return this.fn(grad, gradOwned);
  }

  /** True when a tensor this node saved shares `t`'s storage (so writing over `t` would corrupt it). */
  savesStorageOf(t: Tensor): boolean {
    for (const s of this.saved) if (s.tensor.storage === t.storage) return true;
    return false;
  }

  /** True once a backward pass without `retainGraph` has freed this node's saved tensors. */
  get released(): boolean {
    return this.fn === null;
  }

  override release(): void {
    // Nodes that saved nothing stay usable, as in PyTorch (AddBackward0 can run twice).
    if (this.hadSaved) {
      this.fn = null;
      for (const s of this.saved) s.tensor.storage._drop("backward");
      this.saved.length = 0;
    }
  }
}

/** The sink of a leaf tensor that requires grad: adds incoming gradients into `.grad`. */
export class AccumulateGrad extends Node {
  readonly next: readonly (Node | null)[] = [];
  // Leaves run as soon as they are ready (PyTorch gives them the largest sequence number).
  override readonly sequenceNr = Number.MAX_SAFE_INTEGER;
  constructor(readonly variable: Tensor) {
    super();
    this.shape = variable.shape;
    this.dtype = variable.dtype;
  }
  name(): string {
    return "AccumulateGrad";
  }
  apply(): (Tensor | null)[] {
    return [];
  }
}
