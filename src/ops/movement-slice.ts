/** View ops that pick or broadcast: expand, broadcastTo, slicing, narrow, select. */
import { formatShape, normalizeDim } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { sumToShape } from "./define.js";
import { checkTensor, embedGrad, sizesArg, viewOf, type SizeArgs } from "./movement-view.js";
import { defineOp } from "./registry.js";

/**
 * Broadcasts size-1 dims (and new leading dims) to `sizes` without copying; -1 keeps a size.
 * @example torch.zeros(3, 1).expand(3, 4).shape // [3, 4]
 */
export const expand = defineOp(
  "expand",
  { family: "movement", mode: "method", gradNames: ["ExpandBackward0"], maxArgs: Infinity },
  function expand(x: Tensor, ...sizes: SizeArgs): Tensor {
    checkTensor("expand", x);
    const target = sizesArg("expand", sizes);
    const lead = target.length - x.dim();
    if (lead < 0) {
      throw new RangeError(
        `[expand] the number of sizes provided (${target.length}) must be greater or equal to the number of dimensions in the tensor (${x.dim()})`,
      );
    }
    const shape: number[] = [];
    const strides: number[] = [];
    for (let i = 0; i < target.length; i++) {
      const j = i - lead;
      const want = target[i]!;
      if (j < 0) {
        if (want === -1)
          throw new RangeError(
            `[expand] the expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`,
          );
        shape.push(want);
        strides.push(0);
        continue;
      }
      const have = x.shape[j]!;
      if (want === -1 || want === have) {
        shape.push(have);
        strides.push(x._strides[j]!);
      } else if (have === 1) {
        shape.push(want);
        strides.push(0);
      } else {
        throw new RangeError(
          `[expand] the expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}: target sizes ${formatShape(target)}, tensor sizes ${formatShape(x.shape)}`,
        );
      }
    }
    const inShape = x.shape;
    return viewOf(x, shape, strides, x._offset, "ExpandBackward0", (g) => sumToShape(g, inShape));
  },
);

/** `x.expand(other.shape)`. @example a.expandAs(b) */
export const expandAs = defineOp(
  "expandAs",
  { family: "movement", mode: "method" },
  function expandAs(x: Tensor, other: Tensor): Tensor {
    checkTensor("expandAs", other, "other");
    return expand(x, [...other.shape]);
  },
);

/** Broadcasts `x` to `shape` (a view). @example torch.broadcastTo(torch.ones(3), [2, 3]) */
export const broadcastTo = defineOp(
  "broadcastTo",
  { family: "movement", mode: "method", maxArgs: Infinity },
  function broadcastTo(x: Tensor, ...shape: SizeArgs): Tensor {
    return expand(x, ...shape);
  },
);

/** @internal a slice `start:end:step` of one dim (PyTorch's clamping), recorded as `name`. */
export function sliceDim(
  x: Tensor,
  dim: number,
  start: number,
  end: number,
  step = 1,
  name = "SliceBackward0",
): Tensor {
  const d = normalizeDim("slice", dim, x.dim());
  if (x.dim() === 0) throw new RangeError("[slice] slice() cannot be applied to a 0-dim tensor");
  if (!Number.isInteger(step) || step <= 0) throw new RangeError(`[slice] step must be greater than zero: got ${step}`);
  const size = x.shape[d]!;
  let s = start < 0 ? start + size : start;
  let e = end < 0 ? end + size : end;
  s = Math.min(Math.max(s, 0), size);
  e = Math.min(Math.max(e, s), size);
  const len = Math.ceil((e - s) / step);
  const shape = [...x.shape];
  const strides = [...x._strides];
  shape[d] = len;
  strides[d] = x._strides[d]! * step;
  const inShape = x.shape;
  return viewOf(x, shape, strides, x._offset + s * x._strides[d]!, name, (g) =>
    embedGrad(g, inShape, (z) => sliceDim(z, d, s, e, step), "SliceBackwardBackward0"),
  );
}

/**
 * The `length` elements of `dim` from `start` (a view).
 * @example torch.arange(5).narrow(0, 1, 3) // tensor([1, 2, 3])
 */
export const narrow = defineOp(
  "narrow",
  { family: "movement", mode: "method", gradNames: ["SliceBackward0"] },
  function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
    checkTensor("narrow", x);
    if (x.dim() === 0) throw new RangeError("[narrow] narrow() cannot be applied to a 0-dim tensor");
    const d = normalizeDim("narrow", dim, x.dim());
    const size = x.shape[d]!;
    if (!Number.isInteger(start) || start < -size || start > size) {
      throw new RangeError(`[narrow] start out of range: got ${start}, expected to be in range of [${-size}, ${size}]`);
    }
    const s = start < 0 ? start + size : start;
    if (!Number.isInteger(length) || length < 0)
      throw new RangeError(`[narrow] length must be non-negative: got ${length}`);
    if (s + length > size)
      throw new RangeError(`[narrow] start (${s}) + length (${length}) exceeds dimension size (${size})`);
    return sliceDim(x, d, s, s + length);
  },
);

/**
 * The slice at `index` of `dim`, with that dim removed (a view).
 * @example torch.arange(6).reshape(2, 3).select(1, -1) // tensor([2, 5])
 */
export const select = defineOp(
  "select",
  { family: "movement", mode: "method", gradNames: ["SelectBackward0"] },
  function select(x: Tensor, dim: number, index: number): Tensor {
    const op = "select";
    checkTensor(op, x);
    if (x.dim() === 0) throw new RangeError(`[${op}] select() cannot be applied to a 0-dim tensor`);
    const d = normalizeDim(op, dim, x.dim());
    const size = x.shape[d]!;
    if (!Number.isInteger(index) || index < -size || index >= size) {
      throw new RangeError(`[${op}] index ${index} is out of bounds for dimension ${d} with size ${size}`);
    }
    const i = index < 0 ? index + size : index;
    const inShape = x.shape;
    return viewOf(
      x,
      x.shape.filter((_, k) => k !== d),
      x._strides.filter((_, k) => k !== d),
      x._offset + i * x._strides[d]!,
      "SelectBackward0",
      (g) => embedGrad(g, inShape, (z) => select(z, d, i), "SelectBackwardBackward0"),
    );
  },
);

/** @internal the same view, recorded as `AliasBackward0` (what `x[...]` gives). */
export function alias(x: Tensor): Tensor {
  return viewOf(x, x.shape, x._strides, x._offset, "AliasBackward0", (g) => g);
}
