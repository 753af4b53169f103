/**
 * @internal Sliding windows as strided views: the im2col of convolution and pooling with no
 * kernel of its own. `windows(x, …)` views `x` as [..., O1, O2, K1, K2] (output positions, then
 * kernel offsets); its backward scatter-adds window gradients back with `indexAdd` on int64
 * index tables that are computed once per shape. Also `dilate` (zero insertion, for transposed
 * convolution). Not re-exported from the public API; `src/ops/unfold.ts` exposes `Tensor.unfold`.
 */
import { noGrad } from "../autograd/mode.js";
import { activeBackend } from "../backend/registry.js";
import { numel, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { empty, record } from "./define.js";
import { indexAdd } from "./indexing-gather.js";
import { permute, reshape } from "./movement-view.js";

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

const indexCache = new Map<string, Tensor>();

/** Flat positions (in the windowed dims' row-major plane) of every (output…, kernel…) element. */
function planeIndex(sizesIn: readonly number[], counts: readonly number[], g: WindowGeom): Tensor {
  const key = `${sizesIn.join(",")}|${counts.join(",")}|${g.sizes.join(",")}|${g.steps.join(",")}|${g.dilations.join(",")}`;
  const hit = indexCache.get(key);
  if (hit) return hit;
  const nd = sizesIn.length;
  const planeStrides = new Array<number>(nd);
  let acc = 1;
  for (let i = nd - 1; i >= 0; i--) {
    planeStrides[i] = acc;
    acc *= sizesIn[i]!;
  }
  // Index dims: counts then sizes; the element's coordinate on dim i is o_i·step_i + k_i·dil_i.
  const shape = [...counts, ...g.sizes];
  const total = numel(shape);
  const data = new BigInt64Array(total);
  const coord = new Array<number>(shape.length).fill(0);
  for (let e = 0; e < total; e++) {
    let flat = 0;
    for (let i = 0; i < nd; i++)
      flat += (coord[i]! * g.steps[i]! + coord[nd + i]! * g.dilations[i]!) * planeStrides[i]!;
    data[e] = BigInt(flat);
    for (let j = shape.length - 1; j >= 0; j--) {
      if (++coord[j]! < shape[j]!) break;
      coord[j] = 0;
    }
  }
  const t = Tensor._fromArray(data, [total], "int64");
  if (indexCache.size > 256) indexCache.clear();
  indexCache.set(key, t);
  return t;
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

/** Sum of window gradients into the input's shape (differentiable: indexAdd backward is indexSelect). */
export function windowsBackward(grad: Tensor, inShape: Shape, g: WindowGeom): Tensor {
  const nd = g.dims.length;
  const rest = inShape.map((_, i) => i).filter((i) => !g.dims.includes(i));
  const counts = g.dims.map((d) => grad.shape[d]!);
  // Bring [rest…, counts…, sizes…] together, flatten to [R, L] and add into [R, plane].
  const gp = permute(grad, [...rest, ...g.dims, ...g.sizes.map((_, i) => inShape.length + i)]);
  const R = numel(rest.map((i) => inShape[i]!));
  const planeSizes = g.dims.map((d) => inShape[d]!);
  const idx = planeIndex(planeSizes, counts, g);
  const flat = reshape(gp, [R, idx.numel()]);
  const acc = indexAdd(Tensor._empty([R, numel(planeSizes)], grad.dtype), 1, idx, flat);
  const out = reshape(acc, [...rest.map((i) => inShape[i]!), ...planeSizes]);
  // Undo the permutation: position of input dim i in [rest…, dims…].
  const order = [...rest, ...g.dims];
  const inv = inShape.map((_, i) => order.indexOf(i));
  return nd === 0 ? out : permute(out, inv);
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
