/** Joining and splitting: cat, stack, hstack, vstack, split, chunk, tensorSplit, unbind. */
import { noGrad } from "../autograd/mode.js";
import { activeBackend } from "../backend/registry.js";
import { promoteTypes } from "../tensor/dtype.js";
import { formatShape, normalizeDim, shapesEqual } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { castTo, empty, record } from "./define.js";
import { select, sliceDim } from "./movement-slice.js";
import { checkTensor, embedGrad, reshape, unsqueeze, viewOf } from "./movement-view.js";
import { alias, defineOp } from "./registry.js";

function tensorList(op: string, tensors: readonly Tensor[]): Tensor[] {
  if (!Array.isArray(tensors)) throw new TypeError(`[${op}] expected an array of Tensors: got ${typeof tensors}`);
  tensors.forEach((t, i) => checkTensor(op, t, `tensor ${i}`));
  if (tensors.length === 0) throw new RangeError(`[${op}] expected a non-empty list of Tensors`);
  return [...tensors];
}

/**
 * Concatenates tensors along `dim`, promoting dtypes like PyTorch (legacy 1-D empty tensors are
 * skipped).
 * @example torch.cat([torch.zeros(2, 3), torch.ones(1, 3)]).shape // [3, 3]
 */
export const cat = defineOp(
  "cat",
  { family: "join", gradNames: ["CatBackward0"] },
  function cat(tensors: readonly Tensor[], dim = 0): Tensor {
    const list = tensorList("cat", tensors);
    const dtype = list.map((t) => t.dtype).reduce(promoteTypes);
    list.forEach((t, i) => {
      if (t.dim() === 0)
        throw new RangeError(`[cat] zero-dimensional tensor (at position ${i}) cannot be concatenated`);
    });
    const parts = list.filter((t) => !(t.dim() === 1 && t.shape[0] === 0));
    if (parts.length === 0) return record("CatBackward0", empty([0], dtype), list, () => list.map(() => null));
    const ref = parts[0]!;
    const d = normalizeDim("cat", dim, ref.dim());
    let total = 0;
    list.forEach((t, i) => {
      if (t.storage.device !== ref.storage.device) {
        // A CPU part would be uploaded by the copy: PyTorch refuses the mix instead.
        throw new Error(
          `[cat] Expected all tensors to be on the same device, but found at least two devices, ${ref.storage.device} and ${t.storage.device}!`,
        );
      }
      if (t.dim() === 1 && t.shape[0] === 0) return;
      if (t.dim() !== ref.dim())
        throw new RangeError(`[cat] Tensors must have same number of dimensions: got ${ref.dim()} and ${t.dim()}`);
      for (let k = 0; k < ref.dim(); k++) {
        if (k !== d && t.shape[k] !== ref.shape[k]) {
          throw new RangeError(
            `[cat] Sizes of tensors must match except in dimension ${d}: expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${i} in the list`,
          );
        }
      }
      total += t.shape[d]!;
    });
    const shape = [...ref.shape];
    shape[d] = total;
    const out = empty(shape, dtype, "cat", ref); // on the inputs' device (a mix raises at the copy)
    const starts: number[] = [];
    let at = 0;
    noGrad(() => {
      for (const t of list) {
        starts.push(at);
        if (t.dim() === 1 && t.shape[0] === 0) continue;
        const n = t.shape[d]!;
        activeBackend().copy(t._v, sliceDim(out, d, at, at + n)._v);
        at += n;
      }
    });
    return record("CatBackward0", out, list, (g) =>
      list.map((t, i) => {
        if (!t.isFloatingPoint()) return null;
        if (t.dim() === 1 && t.shape[0] === 0) return empty([0], t.dtype, "cat", g);
        return castTo(sliceDim(g, d, starts[i]!, starts[i]! + t.shape[d]!), t.dtype);
      }),
    );
  },
);

/** Alias of `cat`. @example torch.concat([a, b], 1) */
export const concat = alias("concat", cat);

/** Alias of `cat`. @example torch.concatenate([a, b]) */
export const concatenate = alias("concatenate", cat);

/**
 * Stacks equally shaped tensors along a new dim.
 * @example torch.stack([torch.zeros(3), torch.ones(3)]).shape // [2, 3]
 */
export const stack = defineOp(
  "stack",
  { family: "join", gradNames: ["StackBackward0"] },
  function stack(tensors: readonly Tensor[], dim = 0): Tensor {
    const list = tensorList("stack", tensors);
    const ref = list[0]!;
    list.forEach((t, i) => {
      if (!shapesEqual(t.shape, ref.shape)) {
        throw new RangeError(
          `[stack] stack expects each tensor to be equal size, but got ${formatShape(ref.shape)} at entry 0 and ${formatShape(t.shape)} at entry ${i}`,
        );
      }
    });
    const d = normalizeDim("stack", dim, ref.dim() + 1);
    const out = noGrad(() =>
      cat(
        list.map((t) => unsqueeze(t, d)),
        d,
      ),
    );
    return record("StackBackward0", out, list, (g) => list.map((t, i) => castTo(select(g, d, i), t.dtype)));
  },
);

/** Concatenates along dim 1 (dim 0 for 1-D inputs). @example torch.hstack([a, b]) */
export const hstack = defineOp("hstack", { family: "join" }, function hstack(tensors: readonly Tensor[]): Tensor {
  const list = tensorList("hstack", tensors).map((t) => (t.dim() === 0 ? reshape(t, [1]) : t));
  return cat(list, list[0]!.dim() === 1 ? 0 : 1);
});

/** Concatenates along dim 0 after making inputs at least 2-D. @example torch.vstack([a, b]) */
export const vstack = defineOp("vstack", { family: "join" }, function vstack(tensors: readonly Tensor[]): Tensor {
  const list = tensorList("vstack", tensors).map((t) =>
    t.dim() === 0 ? reshape(t, [1, 1]) : t.dim() === 1 ? reshape(t, [1, t.shape[0]!]) : t,
  );
  return cat(list, 0);
});

/** @internal a slice view of `dim` named like the splitting op that made it. */
function piece(x: Tensor, d: number, start: number, len: number, name: string): Tensor {
  const v = noGrad(() => sliceDim(x, d, start, start + len));
  const inShape = x.shape;
  return viewOf(x, v.shape, v._strides, v._offset, name, (g) =>
    embedGrad(g, inShape, (z) => sliceDim(z, d, start, start + len), "SliceBackwardBackward0"),
  );
}

/**
 * Splits into pieces of `splitSize` along `dim` (the last may be smaller), or into the given sizes.
 * @example torch.arange(5).split(2).map((t) => t.shape[0]) // [2, 2, 1]
 */
export const split = defineOp(
  "split",
  { family: "join", mode: "method", gradNames: ["SplitBackward0", "SplitWithSizesBackward0"], maxArgs: 3 },
  function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
    checkTensor("split", x);
    if (x.dim() === 0) throw new RangeError("[split] split expects at least a 1-dimensional tensor");
    const d = normalizeDim("split", dim, x.dim());
    const n = x.shape[d]!;
    if (typeof splitSizeOrSections !== "number") {
      const sizes = [...splitSizeOrSections];
      const sum = sizes.reduce((a, b) => a + b, 0);
      if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sum !== n) {
        throw new RangeError(
          `[split] split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=${formatShape(sizes)}`,
        );
      }
      let at = 0;
      return sizes.map((s) => {
        const p = piece(x, d, at, s, "SplitWithSizesBackward0");
        at += s;
        return p;
      });
    }
    const size = splitSizeOrSections;
    if (!Number.isInteger(size) || size < 0)
      throw new RangeError(`[split] split expects split_size be non-negative: got ${size}`);
    if (size === 0 && n !== 0)
      throw new RangeError(`[split] split_size can only be 0 if dimension size is 0: got dimension size ${n}`);
    const count = size === 0 ? 1 : Math.max(1, Math.ceil(n / size));
    const out: Tensor[] = [];
    for (let i = 0; i < count; i++) out.push(piece(x, d, i * size, Math.min(size, n - i * size), "SplitBackward0"));
    return out;
  },
);

/**
 * Splits into `chunks` pieces of equal size (the last may be smaller; fewer pieces may result).
 * @example torch.arange(6).chunk(3).length // 3
 */
export const chunk = defineOp(
  "chunk",
  { family: "join", mode: "method", gradNames: ["SplitBackward0"], maxArgs: 3 },
  function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
    checkTensor("chunk", x);
    if (!Number.isInteger(chunks) || chunks <= 0)
      throw new RangeError(`[chunk] chunk expects \`chunks\` to be greater than 0: got ${chunks}`);
    if (x.dim() === 0) throw new RangeError("[chunk] chunk expects at least a 1-dimensional tensor");
    const d = normalizeDim("chunk", dim, x.dim());
    const n = x.shape[d]!;
    if (n === 0) return Array.from({ length: chunks }, () => piece(x, d, 0, 0, "SplitBackward0"));
    return split(x, Math.ceil(n / chunks), d);
  },
);

/**
 * Splits into `n` nearly equal pieces (the first ones one longer), or at the given indices.
 * @example torch.tensorSplit(torch.arange(7), 3).map((t) => t.shape[0]) // [3, 2, 2]
 */
export const tensorSplit = defineOp(
  "tensorSplit",
  { family: "join", mode: "method", gradNames: ["SliceBackward0"], maxArgs: 3 },
  function tensorSplit(x: Tensor, indicesOrSections: number | readonly number[], dim = 0): Tensor[] {
    checkTensor("tensorSplit", x);
    if (x.dim() === 0) throw new RangeError("[tensorSplit] tensor_split expects at least a 1-dimensional tensor");
    const d = normalizeDim("tensorSplit", dim, x.dim());
    const n = x.shape[d]!;
    const bounds: [number, number][] = [];
    if (typeof indicesOrSections === "number") {
      const k = indicesOrSections;
      if (!Number.isInteger(k) || k <= 0)
        throw new RangeError(`[tensorSplit] number of sections must be larger than 0: got ${k}`);
      const base = Math.floor(n / k);
      const extra = n % k;
      let at = 0;
      for (let i = 0; i < k; i++) {
        const len = base + (i < extra ? 1 : 0);
        bounds.push([at, at + len]);
        at += len;
      }
    } else {
      let prev = 0;
      for (const idx of [...indicesOrSections, n]) {
        const e = Math.min(Math.max(idx < 0 ? idx + n : idx, 0), n);
        const s = Math.min(prev, n);
        bounds.push([s, Math.max(e, s)]);
        prev = Math.max(e, s);
      }
    }
    return bounds.map(([s, e]) => piece(x, d, s, e - s, "SliceBackward0"));
  },
);

/**
 * Removes `dim`, returning every slice along it (views).
 * @example torch.eye(2).unbind().length // 2
 */
export const unbind = defineOp(
  "unbind",
  { family: "join", mode: "method", gradNames: ["UnbindBackward0"], maxArgs: 2 },
  function unbind(x: Tensor, dim = 0): Tensor[] {
    checkTensor("unbind", x);
    if (x.dim() === 0) throw new RangeError("[unbind] Dimension specified as 0 but tensor has no dimensions");
    const d = normalizeDim("unbind", dim, x.dim());
    const inShape = x.shape;
    return Array.from({ length: x.shape[d]! }, (_, i) => {
      const v = noGrad(() => select(x, d, i));
      return viewOf(x, v.shape, v._strides, v._offset, "UnbindBackward0", (g) =>
        embedGrad(g, inShape, (z) => select(z, d, i), "SelectBackwardBackward0"),
      );
    });
  },
);
