/** Movement ops that copy: clone, contiguous, flip, roll, repeat, tile, repeatInterleave. */
import { noGrad } from "../autograd/mode.js";
import { activeBackend } from "../backend/registry.js";
import { broadcastShapes, contiguousStrides, normalizeDim, normalizeDims, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { empty, record, uninit } from "./define.js";
import { cat } from "./join.js";
import { expand, sliceDim } from "./movement-slice.js";
import { checkTensor, dimsArg, flatten, reshape, sizesArg, type SizeArgs } from "./movement-view.js";
import { defineOp } from "./registry.js";

/** @internal a contiguous copy of `x` (no autograd). */
export function copyOf(x: Tensor): Tensor {
  const out = uninit(x.shape, x.dtype, "contiguous", x);
  activeBackend().copy(x._v, out._v);
  return out;
}

/**
 * A contiguous copy that stays in the graph (gradient flows through unchanged).
 * @example const y = x.clone();
 */
export const clone = defineOp(
  "clone",
  { family: "movement", mode: "method", gradNames: ["CloneBackward0"] },
  function clone(x: Tensor): Tensor {
    checkTensor("clone", x);
    return record("CloneBackward0", copyOf(x), [x], (g) => [g]);
  },
);

/**
 * `x` itself when contiguous, otherwise a contiguous copy.
 * @example x.t().contiguous().isContiguous() // true
 */
export const contiguous = defineOp(
  "contiguous",
  { family: "movement", mode: "method" },
  function contiguous(x: Tensor): Tensor {
    checkTensor("contiguous", x);
    return x.isContiguous() ? x : clone(x);
  },
);

/**
 * Reverses the order of elements along `dims` (a copy).
 * @example torch.arange(3).flip(0) // tensor([2, 1, 0])
 */
export const flip = defineOp(
  "flip",
  { family: "movement", mode: "method", gradNames: ["FlipBackward0"], maxArgs: Infinity },
  function flip(x: Tensor, ...dims: SizeArgs): Tensor {
    checkTensor("flip", x);
    const list = dimsArg("flip", dims);
    const ds = normalizeDims("flip", list, x.dim());
    const flipDims = list.length === 0 ? [] : ds;
    // A negative-stride view read once by the copy kernel.
    const strides = [...x._strides];
    let offset = x._offset;
    for (const d of flipDims) {
      if (x.shape[d]! > 0) offset += (x.shape[d]! - 1) * strides[d]!;
      strides[d] = -strides[d]!;
    }
    const out = empty(x.shape, x.dtype, "flip", x);
    activeBackend().copy({ ...x._v, strides, offset }, out._v);
    return record("FlipBackward0", out, [x], (g) => [flip(g, flipDims)]);
  },
);

/**
 * Rotates elements along `dims` by `shifts` (no dims: over the flattened tensor).
 * @example torch.arange(4).roll(1) // tensor([3, 0, 1, 2])
 */
export const roll = defineOp(
  "roll",
  { family: "movement", mode: "method", gradNames: ["RollBackward0"] },
  function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
    checkTensor("roll", x);
    const sh = typeof shifts === "number" ? [shifts] : [...shifts];
    const ds = dims === undefined ? [] : typeof dims === "number" ? [dims] : [...dims];
    if (ds.length === 0) {
      if (sh.length !== 1)
        throw new RangeError(`[roll] shifts and dimensions must align: got ${sh.length} shifts and 0 dims`);
      const inShape = x.shape;
      const flat = noGrad(() => rollDims(flatten(x), sh, [0]));
      const out = noGrad(() => reshape(copyOf(flat), inShape));
      return record("RollBackward0", out, [x], (g) => [roll(g, -sh[0]!)]);
    }
    if (sh.length !== ds.length) {
      throw new RangeError(`[roll] shifts and dimensions must align: got ${sh.length} shifts and ${ds.length} dims`);
    }
    const nd = ds.map((d) => normalizeDim("roll", d, x.dim()));
    const out = noGrad(() => rollDims(x, sh, nd));
    return record("RollBackward0", out, [x], (g) => [
      roll(
        g,
        sh.map((s) => -s),
        nd,
      ),
    ]);
  },
);

function rollDims(x: Tensor, shifts: readonly number[], dims: readonly number[]): Tensor {
  let y = x;
  dims.forEach((d, i) => {
    const n = y.shape[d]!;
    if (n === 0) return;
    const s = ((shifts[i]! % n) + n) % n;
    if (s === 0) return;
    y = cat([sliceDim(y, d, n - s, n), sliceDim(y, d, 0, n - s)], d);
  });
  return y === x ? copyOf(x) : y;
}

/**
 * Tiles the tensor `sizes[i]` times along each dim (sizes may add leading dims).
 * @example torch.tensor([1, 2]).repeat(2) // tensor([1, 2, 1, 2])
 */
export const repeat = defineOp(
  "repeat",
  { family: "movement", mode: "method", gradNames: ["RepeatBackward0"], maxArgs: Infinity },
  function repeat(x: Tensor, ...sizes: SizeArgs): Tensor {
    checkTensor("repeat", x);
    const reps = sizesArg("repeat", sizes);
    if (reps.some((r) => r < 0))
      throw new RangeError(`[repeat] repeats must be non-negative: got [${reps.join(", ")}]`);
    if (reps.length < x.dim()) {
      throw new RangeError(
        `[repeat] number of dimensions of repeat dims can not be smaller than number of dimensions of tensor: got ${reps.length} and ${x.dim()}`,
      );
    }
    const lead = reps.length - x.dim();
    const padded = [...new Array<number>(lead).fill(1), ...x.shape];
    // View [r0, s0, r1, s1, …] with stride 0 on the r's, then copy it out contiguously.
    const xs = noGrad(() => reshape(x, padded));
    const interShape: number[] = [];
    const interStrides: number[] = [];
    padded.forEach((s, i) => {
      interShape.push(reps[i]!, s);
      interStrides.push(0, xs._strides[i]!);
    });
    const out = empty(interShape, x.dtype, "repeat", x);
    activeBackend().copy({ ...xs._v, shape: interShape, strides: interStrides }, out._v);
    const final = padded.map((s, i) => s * reps[i]!);
    const result = new Tensor(out.storage, final, contiguousStrides(final), 0);
    const inShape = x.shape;
    return record("RepeatBackward0", result, [x], (g) => {
      const g2 = reshape(g, interShape);
      const rdims = padded.map((_, i) => 2 * i);
      return [reshape(rdims.length > 0 ? g2.sum(rdims) : g2, inShape)];
    });
  },
);

/**
 * Like `repeat`, but `dims` shorter than the tensor's rank are padded with leading ones.
 * @example torch.tensor([[1, 2]]).tile([2]) // tensor([[1, 2, 1, 2]])
 */
export const tile = defineOp(
  "tile",
  { family: "movement", mode: "method", maxArgs: Infinity },
  function tile(x: Tensor, ...dims: SizeArgs): Tensor {
    checkTensor("tile", x);
    const d = sizesArg("tile", dims);
    const padded = d.length < x.dim() ? [...new Array<number>(x.dim() - d.length).fill(1), ...d] : d;
    return repeat(x, padded);
  },
);

/**
 * Repeats each element `repeats` times along `dim` (flattened when `dim` is omitted). `repeats` is
 * a number or a tensor of counts (one, or one per element along `dim`) held on the CPU — the
 * output's size is their sum — also for an input on webgpu, where the repeated elements are
 * gathered on the device.
 * @example torch.tensor([1, 2]).repeatInterleave(2) // tensor([1, 1, 2, 2])
 */
export const repeatInterleave = defineOp(
  "repeatInterleave",
  { family: "movement", mode: "method" },
  function repeatInterleave(x: Tensor, repeats: number | Tensor, dim?: number): Tensor {
    checkTensor("repeatInterleave", x);
    const src = dim === undefined ? flatten(x) : x;
    const d = dim === undefined ? 0 : normalizeDim("repeatInterleave", dim, x.dim());
    const n = src.dim() === 0 ? 1 : src.shape[d]!;
    if (typeof repeats !== "number" && repeats.storage.device !== "cpu") {
      // The output's length is the sum of the repeats: sizing it needs their values on the host.
      throw new Error(
        `[repeatInterleave] cannot read a ${repeats.storage.device} tensor synchronously: the output's size is the sum of the repeats; pass repeats as a number or a CPU tensor (await repeats.toAsync("cpu"))`,
      );
    }
    const one = typeof repeats === "number" ? repeats : repeats.numel() === 1 ? Number(repeats.item()) : null;
    const reps = one !== null ? new Array<number>(n).fill(one) : Array.from((repeats as Tensor)._values());
    if (reps.length !== n)
      throw new RangeError(
        `[repeatInterleave] repeats must have the same size as input along dim: got ${reps.length}, expected ${n}`,
      );
    if (reps.some((r) => !Number.isInteger(r) || r < 0))
      throw new RangeError("[repeatInterleave] repeats can not be negative");
    const idx: bigint[] = [];
    reps.forEach((r, i) => {
      for (let k = 0; k < r; k++) idx.push(BigInt(i));
    });
    // built from host values (a number, or a CPU repeats tensor), uploaded to the input's device
    const index = Tensor._fromArray(BigInt64Array.from(idx), [idx.length], "int64").to(x.device);
    // the method, not an import: indexing-gather imports this file (no import cycle)
    return (src.dim() === 0 ? reshape(src, [1]) : src).indexSelect(d, index);
  },
);

/**
 * Broadcasts tensors against each other (views).
 * @example const [a, b] = torch.broadcastTensors(torch.ones(3, 1), torch.ones(4));
 */
export const broadcastTensors = defineOp(
  "broadcastTensors",
  { family: "movement", maxArgs: Infinity },
  function broadcastTensors(...tensors: readonly (Tensor | readonly Tensor[])[]): Tensor[] {
    const list = tensors.length === 1 && Array.isArray(tensors[0]) ? (tensors[0] as Tensor[]) : (tensors as Tensor[]);
    list.forEach((t, i) => checkTensor("broadcastTensors", t, `tensor ${i}`));
    const shape: Shape = broadcastShapes("broadcastTensors", ...list.map((t) => t.shape));
    return list.map((t) =>
      t.shape.length === shape.length && t.shape.every((s, i) => s === shape[i]) ? t : expand(t, [...shape]),
    );
  },
);
