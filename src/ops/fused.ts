/**
 * Fused fast paths as a mechanism (DESIGN principle 5, MLX's `fast::Custom`). An op that a
 * backend may run in one kernel is declared once:
 *
 *     const softmaxLast = fusedOp({ name, kernel, when, forward, grad, fallback });
 *
 * - `kernel`: the name of the backend's fused kernel (`backend/fused.ts`); looked up per call on
 *   the active backend, so switching backends switches paths.
 * - `when(...args)`: whether the kernel applies (dtype, contiguity, grad mode, sizes).
 * - `forward(k, ...args)`: runs it. `k` takes tensors where the kernel takes views; returns the
 *   kernel's output and what backward needs (`{ out, ctx }`), or null when the kernel declines.
 * - `grad` (optional): how the output is recorded for autograd (node name, inputs, saved tensors,
 *   backward formula). The mechanism records it, so declarations never call `record`; the
 *   backward also learns whether the engine holds the only reference to its incoming gradient
 *   (`gOwned`), so an elementwise backward may write over it (relu's does).
 * - `result` (optional): the op's value from the recorded output (e.g. squeezing a batch dim
 *   the kernel needed, after recording, so the graph matches the composite's).
 * - `mutates` (optional): tensors an in-place kernel wrote (version counters are bumped).
 * - `fallback(...args)`: the composite, which stays the specification; it runs when the backend
 *   has no such kernel, `when` says no, or the kernel declines.
 *
 * Generic code (layers, containers, the autograd engine's graph walk) never tests for a layer
 * class or a shape to go faster: a fast path is one of these declarations, beside its composite.
 *
 * In-place reuse of an input ("donation", as JAX's donate_argnums) is a fact about a tensor, not
 * a layer: `donate(x)` marks a tensor its holder will never read again; an op whose `when` sees
 * `donated(x)` (plus refcount-free facts it checks itself: x is the fresh, whole-storage output of
 * a node that saved nothing of it) may write over x. `nn.Sequential` donates what one child hands
 * to the next when no hook sees it and the child declares it keeps nothing it returned
 * (`Module._returnsOwnedOutput`: Linear, Conv1d, Conv2d); `relu` (`reluTakingDonation`, what
 * `F.relu` and `nn.ReLU` run) is the op that takes the offer. That keeps what the old
 * Linear/Conv → ReLU special case in `Sequential` gave (no output buffer, one pass less) while
 * `Sequential` knows nothing of layer classes or of relu: it states a fact about a tensor's
 * visibility, the layer states a fact about itself, and the op decides.
 */
import type { FusedKernels } from "../backend/fused.js";
import type { View } from "../backend/backend.js";
import { activeBackend } from "../backend/registry.js";
import type { DType } from "../tensor/dtype.js";
import type { Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { isGradEnabled } from "../autograd/mode.js";
import { record } from "./define.js";

export { fusable, type Conv2dGeom, type FusedReduction, type MaxPool2dGeom } from "../backend/fused.js";
export type { AdamStepArgs, SgdStepArgs } from "../backend/fused.js";

/** Names of the fused kernels a backend may provide. */
export type FusedName = keyof FusedKernels;

// A kernel's parameters with each View (or View | null) taken as a Tensor (or Tensor | null).
type TensorArgs<P extends readonly unknown[]> = {
  [I in keyof P]: P[I] extends View ? Tensor : P[I] extends View | null ? Tensor | null : P[I];
};

/** The fused kernel `K` called with tensors; false when it declines. */
export type TensorKernel<K extends FusedName> =
  NonNullable<FusedKernels[K]> extends (...a: infer P) => boolean ? (...a: TensorArgs<P>) => boolean : never;

/** How a fused op's kernel output `O` (with context `C`) is recorded for autograd. */
export interface FusedGrad<A extends readonly unknown[], O, C> {
  /** The node's name (PyTorch's grad_fn name, the same as the composite's where tests compare). */
  name: string | ((...args: A) => string);
  /** The differentiable tensor of the kernel's output (default: the output itself). */
  output?: (out: O, ctx: C) => Tensor;
  /** The tensors gradients flow to, in the order `backward` returns them. */
  inputs: (ctx: C, ...args: A) => readonly (Tensor | null | undefined)[];
  /** Tensors the backward reads (checked against in-place changes; freed after the pass). */
  saves?: (ctx: C, ...args: A) => readonly Tensor[];
  /**
   * Gradients of the inputs from the output's gradient `g` (null where none is needed);
   * `gOwned`: the engine holds the only reference to `g`, which may be written over.
   */
  backward: (g: Tensor, ctx: C, args: A, gOwned: boolean) => (Tensor | null)[];
}

/** A fused op's declaration (see the file comment). */
export interface FusedOpSpec<K extends FusedName, A extends readonly unknown[], R, C, O> {
  name: string;
  kernel: K;
  when: (...args: A) => boolean;
  /** The kernel's output and what backward needs, or null when the kernel declined. */
  forward: (k: TensorKernel<K>, ...args: A) => { out: O; ctx: C } | null;
  grad?: FusedGrad<A, O, C>;
  /** The op's result from the recorded output (default: the output itself; then O is R). */
  result?: (out: O, ctx: C) => R;
  mutates?: (...args: A) => readonly (Tensor | null)[];
  fallback: (...args: A) => R;
}

/** A fused op: the function, with its declaration for introspection (`coverage`, docs). */
export type FusedOp<A extends readonly unknown[], R> = ((...args: A) => R) & {
  readonly fusedName: string;
  readonly kernelName: FusedName;
};

// Kernels wrapped to take tensors, per backend fused table, built once per (table, name).
const wrapped = new WeakMap<object, Map<FusedName, (...a: unknown[]) => boolean>>();

function tensorKernel(table: FusedKernels, name: FusedName): ((...a: unknown[]) => boolean) | undefined {
  let byName = wrapped.get(table);
  if (byName === undefined) wrapped.set(table, (byName = new Map()));
  let w = byName.get(name);
  if (w === undefined) {
    const raw = table[name] as ((...a: unknown[]) => boolean) | undefined;
    if (raw === undefined) return undefined;
    const fn = raw.bind(table);
    w = (...a: unknown[]) => {
      for (let i = 0; i < a.length; i++) if (a[i] instanceof Tensor) a[i] = (a[i] as Tensor)._v;
      return fn(...a);
    };
    byName.set(name, w);
  }
  return w;
}

/**
 * Declares a fused op (see the file comment): runs the backend's kernel `kernel` when the
 * backend has it and `when` holds, else (or when it declines) the composite `fallback`.
 * @example const f = fusedOp({ name: "softmax", kernel: "softmax", when, forward, grad, fallback }); // fragment
 */
export function fusedOp<K extends FusedName, A extends readonly unknown[], R, C, O>(
  spec: FusedOpSpec<K, A, R, C, O>,
): FusedOp<A, R> {
  const { kernel, when, forward, grad, result, mutates, fallback } = spec;
  const op = (...args: A): R => {
    const table = activeBackend().fused;
    const k = table === undefined ? undefined : tensorKernel(table, kernel);
    if (k !== undefined && when(...args)) {
      const res = forward(k as unknown as TensorKernel<K>, ...args);
      if (res !== null) {
        if (mutates) for (const t of mutates(...args)) t?._bumpVersion();
        if (grad !== undefined && isGradEnabled()) {
          const ctx = res.ctx;
          const out = grad.output ? grad.output(res.out, ctx) : (res.out as unknown as Tensor);
          const name = typeof grad.name === "string" ? grad.name : grad.name(...args);
          const saved = grad.saves ? grad.saves(ctx, ...args) : [];
          record(name, out, grad.inputs(ctx, ...args), (g, owned) => grad.backward(g, ctx, args, owned), saved);
        }
        return result ? result(res.out, res.ctx) : (res.out as unknown as R);
      }
    }
    return fallback(...args);
  };
  return Object.assign(op, { fusedName: spec.name, kernelName: kernel });
}

/**
 * An uninitialised contiguous tensor for a fused kernel to fill (every element is written), on
 * the device of `like` (the CPU when omitted).
 */
export function fusedOutput(shape: Shape, dtype: DType, like?: Tensor): Tensor {
  return Tensor._uninit(shape, dtype, undefined, like);
}

/**
 * A zero-filled contiguous tensor for a fused kernel that accumulates into its output, on the
 * device of `like` (there uninitialised: device kernels write every element, and zeroing would
 * cost an upload).
 */
export function fusedZeros(shape: Shape, dtype: DType, like?: Tensor): Tensor {
  if (like !== undefined && like.storage.device !== "cpu") return Tensor._uninit(shape, dtype, undefined, like);
  return Tensor._empty(shape, dtype);
}

/**
 * True when the active backend has fused kernel `name` (for ops whose backward picks a fused
 * kernel at backward time, e.g. conv2d's, and whose forward path depends on it).
 */
export function hasFusedKernel(name: FusedName): boolean {
  return activeBackend().fused?.[name] !== undefined;
}

/** Runs fused kernel `name` with tensors now (inside a fused op's backward); false if missing or declined. */
export function runFusedKernel<K extends FusedName>(name: K, ...args: Parameters<TensorKernel<K>>): boolean {
  const table = activeBackend().fused;
  const k = table === undefined ? undefined : tensorKernel(table, name);
  return k !== undefined && k(...(args as unknown[]));
}

// ---- donation -------------------------------------------------------------------------------

const donations = new WeakSet<Tensor>();

/**
 * Marks `t` as given away by its holder: the next op it is passed to may write over it when
 * that op's own checks hold. Returns `t`. Revoke with {@link revokeDonation} once the call ends.
 */
export function donate(t: Tensor): Tensor {
  donations.add(t);
  return t;
}

/** Ends a donation (the op it was offered to did not take it, or the call is over). */
export function revokeDonation(t: Tensor): void {
  donations.delete(t);
}

/** Takes `t`'s donation if it has one: true once (the taker now owns `t`'s storage). */
export function takeDonation(t: Tensor): boolean {
  return donations.delete(t);
}

/** True when `t` is donated (an op's `when` asks before taking it). */
export function donated(t: Tensor): boolean {
  return donations.has(t);
}
