/**
 * What every op shares: wrapping JS scalars, promotion operands, output allocation, broadcast
 * views, recording the autograd node, summing a broadcast gradient back to its input's shape,
 * and casting. Imports nothing from the rest of src/ops (every op file may import it).
 */
import { FunctionNode, type BackwardFn } from "../autograd/node.js";
import { isGradEnabled } from "../autograd/mode.js";
import { anyTangent, dualState, forwardTangent, type JvpFn } from "../autograd/dual.js";
import type { View } from "../backend/backend.js";
import { activeBackend } from "../backend/registry.js";
import { dtypeOfScalar, isFloatingPoint, writeNumber, allocArray, type DType } from "../tensor/dtype.js";
import { shapesEqual, type Shape } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";

export type { TensorLike } from "../tensor/tensor.js";
export { promotionOperand } from "../tensor/dtype-api.js";

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/** A 0-d tensor holding `v` in `dtype`. */
export function scalarTensor(v: number | boolean | bigint, dtype: DType): Tensor {
  const arr = allocArray(dtype, 1);
  if (dtype === "int64" && typeof v === "bigint") (arr as BigInt64Array)[0] = BigInt.asIntN(64, v);
  else writeNumber(arr, dtype, 0, typeof v === "boolean" ? (v ? 1 : 0) : Number(v));
  return Tensor._fromArray(arr, [], dtype);
}

/** Converts an op argument to a tensor: scalars become 0-d tensors of `dtype` (or their own). */
export function asTensor(x: TensorLike, dtype?: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== "number" && typeof x !== "boolean" && typeof x !== "bigint") {
    throw new TypeError(`expected a Tensor or a number: got ${describe(x)}`);
  }
  return scalarTensor(x, dtype ?? dtypeOfScalar(x));
}

export function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array (wrap it with torch.tensor(...))";
  return typeof x;
}

/** Allocates a contiguous zero-filled output (`op` names the caller if the size is impossible). */
export function empty(shape: Shape, dtype: DType, op?: string, on?: Tensor | "webgpu" | null): Tensor {
  return Tensor._empty(shape, dtype, op, on);
}

/** Allocates a contiguous output the kernel will write in full (contents unspecified until then). */
export function uninit(shape: Shape, dtype: DType, op?: string, on?: Tensor | null): Tensor {
  return Tensor._uninit(shape, dtype, op, on);
}

/** The tensor whose device an op's output goes to: `a`, unless `a` is on the CPU and `b` is not. */
export function deviceSource(a: Tensor, b: Tensor): Tensor {
  return a.storage.device !== "cpu" || b.storage.device === "cpu" ? a : b;
}

/** The kernel view of `t` expanded to `shape` (stride 0 on broadcast dims); no copy. */
export function expandedView(t: Tensor, shape: Shape): View {
  const v = t._v;
  if (shapesEqual(v.shape, shape)) return v;
  const lead = shape.length - v.shape.length;
  const strides = shape.map((s, i) => {
    const j = i - lead;
    if (j < 0) return 0;
    return v.shape[j] === 1 && s !== 1 ? 0 : v.strides[j]!;
  });
  return { data: v.data, dtype: v.dtype, shape, strides, offset: v.offset };
}

// ---- autograd recording -----------------------------------------------------------------

/**
 * Attaches a backward node to `out` when grad mode is on and an input requires grad.
 * `backward` returns one gradient per entry of `inputs` (null where none flows).
 * `saved` lists tensors whose later in-place modification must invalidate this node.
 * Inside a forward-AD `dualLevel`, also gives `out` its tangent (from `jvp`, or derived from
 * `backward`) when an input has one.
 */
export function record(
  name: string,
  out: Tensor,
  inputs: readonly (Tensor | null | undefined)[],
  backward: BackwardFn,
  saved: readonly Tensor[] = [],
  jvp?: JvpFn,
): Tensor {
  if (dualState.level !== null) forwardTangent(out, inputs, backward, jvp);
  if (!isGradEnabled()) return out;
  if (!inputs.some((t) => t?.requiresGrad)) return out;
  let any = false;
  const next = inputs.map((t) => {
    const e = t ? t._gradEdge() : null;
    if (e !== null) any = true;
    return e;
  });
  if (!any) return out;
  if (!isFloatingPoint(out.dtype)) return out; // integer outputs (argmax, comparisons) carry no gradient
  const node = new FunctionNode(name, next, backward, saved);
  node.shape = out.shape;
  node.dtype = out.dtype;
  out.gradFn = node;
  return out;
}

/**
 * Names the output node of a composite (built from primitives) as PyTorch's dedicated backward
 * function, e.g. `MseLossBackward0` instead of the last primitive's `MeanBackward0`; the gradient
 * math is unchanged. Only a node created since `mark` (`sequenceMark()` taken on entry) is renamed,
 * so a composite that returns one of its inputs leaves that input's node alone.
 * @example const m = sequenceMark(); return nameOutput(reduce(d.pow(2), r), "MseLossBackward0", m); // fragment
 */
export function nameOutput(out: Tensor, name: string, mark: number): Tensor {
  const n = out.gradFn;
  if (n instanceof FunctionNode && n.sequenceNr >= mark) n.rename(name);
  return out;
}

/** True when grad mode is on and one of `xs` requires grad. */
export function needsGrad(...xs: readonly (TensorLike | null | undefined)[]): boolean {
  if (dualState.level !== null && anyTangent(xs)) return true; // forward AD records regardless of grad mode
  if (!isGradEnabled()) return false;
  for (const x of xs) if (x instanceof Tensor && x.requiresGrad) return true;
  return false;
}

/** True when `t` requires grad or carries a forward-AD tangent (an op must keep its input edge). */
export function wantsGrad(t: Tensor): boolean {
  return t.requiresGrad || (dualState.level !== null && anyTangent([t]));
}

/** Sums a broadcast gradient back to `shape` (the one place broadcasting is undone). */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.dim() - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.dim(); i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  let r = dims.length > 0 ? g.sum(dims, true) : g;
  if (lead > 0 || !shapesEqual(r.shape, shape)) r = r.reshape([...shape]);
  return r;
}

// ---- casting ----------------------------------------------------------------------------

/** A copy of `x` converted to `dtype`, recorded for autograd (`ToCopyBackward0`). */
export function castTo(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const out = uninit(x.shape, dtype, undefined, x);
  activeBackend().copy(x._v, out._v);
  if (isFloatingPoint(dtype)) {
    const from = x.dtype;
    record("ToCopyBackward0", out, [x], (g) => [isFloatingPoint(from) ? castTo(g, from) : null]);
  }
  return out;
}
