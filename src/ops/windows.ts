/**
 * @internal Sliding windows as strided views: the im2col of convolution and pooling with no
 * kernel of its own. `windows(x, …)` views `x` as [..., O1, O2, K1, K2] (output positions, then
 * kernel offsets); its backward adds each kernel offset's gradient slice back with one strided
 * in-place add per offset (col2im). Also `dilate` (zero insertion, for transposed
 * convolution). Not re-exported from the public API; `src/ops/unfold.ts` exposes `Tensor.unfold`.
 */
import { noGrad } from "../autograd/mode.js";
import { activeBackend } from "../backend/registry.js";
import { numel, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { empty, record } from "./define.js";

/** Geometry of a window view over some dims of an input. */
export interface WindowGeom {
  dims: readonly number[]; // windowed input dims, ascending
  sizes: readonly number[]; // kernel size per dim
  steps: readonly number[]; // stride per dim
  dilations: readonly number[];
}

/** Number of windows along one dim: ⌊(n − d(k−1) − 1)/s⌋ + 1 (0 when the kernel does not fit). */
export function windowCount(n: number, k: number, s: number, d: number): number {
  const span = d * (k - 1) + 1;
  return n < span ? 0 : Math.floor((n - span) / s) + 1;
}

/** Output shape of `windows`: windowed dims replaced by their counts, kernel sizes appended. */
export function windowShape(inShape: Shape, g: WindowGeom): number[] {
  const shape = [...inShape];
  g.dims.forEach((d, i) => (shape[d] = windowCount(inShape[d]!, g.sizes[i]!, g.steps[i]!, g.dilations[i]!)));
  return [...shape, ...g.sizes];
}

/**
 * A view of `x` holding every window: shape `windowShape(x.shape, g)`, no copy. The backward
 * (`name`) adds each window's gradient back to the input positions it read.
 */
export function windows(x: Tensor, g: WindowGeom, name = "UnfoldBackward0"): Tensor {
  const shape = windowShape(x.shape, g);
  const strides = [...x._strides];
  g.dims.forEach((d, i) => (strides[d] = x._strides[d]! * g.steps[i]!));
  g.dims.forEach((d, i) => strides.push(x._strides[d]! * g.dilations[i]!));
  const v = x._view(shape, strides, x._offset);
  const inShape = x.shape;
  return record(name, v, [x], (grad) => [windowsBackward(grad, inShape, g)]);
}

/**
 * Sum of window gradients into the input's shape (col2im): for each kernel offset, one strided
 * in-place add of that offset's [..., O…] gradient slice into the input positions it read
 * (o·step + k·dilation), so the inner loops run along contiguous output rows. Differentiable:
 * the adjoint of this sum is the window view itself.
 */
export function windowsBackward(grad: Tensor, inShape: Shape, g: WindowGeom): Tensor {
  const nd = g.dims.length;
  const out = Tensor._empty(inShape, grad.dtype, "windowsBackward", grad);
  const lead = grad.dim() - nd; // grad is [...inShape with counts, ...sizes]
  const sliceShape = grad.shape.slice(0, lead);
  if (numel(sliceShape) > 0) {
    const outStrides = [...out._strides];
    g.dims.forEach((d, i) => (outStrides[d] = out._strides[d]! * g.steps[i]!));
    const gradStrides = grad._strides.slice(0, lead);
    const kernel = new Array<number>(nd).fill(0);
    const backend = activeBackend();
    for (let e = 0, total = numel(g.sizes); e < total; e++) {
      let outOffset = 0;
      let gradOffset = grad._offset;
      for (let i = 0; i < nd; i++) {
        outOffset += kernel[i]! * g.dilations[i]! * out._strides[g.dims[i]!]!;
        gradOffset += kernel[i]! * grad._strides[lead + i]!;
      }
      const dst = out._view(sliceShape, outStrides, outOffset)._v;
      backend.binary.add(dst, grad._view(sliceShape, gradStrides, gradOffset)._v, dst);
      for (let j = nd - 1; j >= 0; j--) {
        if (++kernel[j]! < g.sizes[j]!) break;
        kernel[j] = 0;
      }
    }
  }
  return record("UnfoldBackwardBackward0", out, [grad], (gg) => [windows(gg, g)]);
}

/**
 * Inserts `factor − 1` zeros between neighbours along `dims` (the input of a transposed
 * convolution seen as a convolution). Backward takes every `factor`-th gradient.
 */
export function dilate(x: Tensor, dims: readonly number[], factors: readonly number[]): Tensor {
  if (factors.every((f) => f === 1)) return x;
  const shape = [...x.shape];
  dims.forEach((d, i) => (shape[d] = x.shape[d]! === 0 ? 0 : (x.shape[d]! - 1) * factors[i]! + 1));
  const out = empty(shape, x.dtype);
  const pick = (t: Tensor): Tensor => {
    const st = [...t._strides];
    const sh = [...t.shape];
    dims.forEach((d, i) => {
      st[d] = t._strides[d]! * factors[i]!;
      sh[d] = x.shape[d]!;
    });
    return t._view(sh, st, t._offset);
  };
  noGrad(() => activeBackend().copy(x._v, pick(out)._v));
  return record("DilateBackward", out, [x], (grad) => [stridedPick(grad, dims, factors, x.shape)]);
}

/** Every `factor`-th element along `dims` (a recorded view, so double backward works). */
function stridedPick(t: Tensor, dims: readonly number[], factors: readonly number[], shape: Shape): Tensor {
  const st = [...t._strides];
  dims.forEach((d, i) => (st[d] = t._strides[d]! * factors[i]!));
  const v = t._view(shape, st, t._offset);
  return record("SliceBackward0", v, [t], (gg) => [dilate(gg, dims, factors)]);
}
