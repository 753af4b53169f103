/**
 * `torch.histogramdd`: the D-dimensional histogram of the points in the last dim of `input`, with
 * equal bins over a range or given edges per dim, optional weights and density normalisation.
 * Not differentiable (as PyTorch). Each coordinate is placed by searching its dim's edges.
 */
import { checkBool, checkInt, checkNumber, checkOptions, describe, optionKeys } from "../util/args.js";
import { noGrad } from "../autograd/mode.js";
import { zeros } from "../tensor/creation.js";
import { arange } from "../tensor/factories.js";
import { isFloatingPoint } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { cat } from "./join.js";
import { searchsorted } from "./math-extra.js";
import { where } from "./composite.js";
import { checkTensor } from "./movement-view.js";
import { defineOp } from "./registry.js";

/** Options of `torch.histogramdd`. */
export interface HistogramddOptions {
  /** `[min0, max0, min1, max1, …]`: the range of each dim (default: the data's min and max). */
  range?: readonly number[] | null;
  /** One weight per point (input's shape without its last dim). */
  weight?: Tensor | null;
  /** Normalise to a probability density (the integral over the range is 1). */
  density?: boolean;
}

const KEYS = optionKeys("range", "weight", "density");

/** Equal-width edges over [lo, hi] (widened by ½ either side when lo = hi). */
function uniformEdges(bins: number, lo: number, hi: number, like: Tensor): Tensor {
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  return arange(bins + 1, { dtype: "float64" })
    .mul((hi - lo) / bins)
    .add(lo)
    .to(like.dtype)
    .to(like.storage.device);
}

/**
 * Equal bins over the data's range of `col` on a device, without reading it back: min and max
 * stay there, and the edges lo + (hi − lo)·k/bins are made in the data's dtype (the last is hi).
 */
function dataEdges(bins: number, col: Tensor): Tensor {
  const mn = col.amin();
  const mx = col.amax();
  const same = mx.eq(mn);
  const lo = where(same, mn.sub(0.5), mn);
  const hi = where(same, mx.add(0.5), mx);
  const frac = arange(bins, { dtype: "float64" }).div(bins).to(col.dtype).to(col.storage.device);
  return cat([lo.add(hi.sub(lo).mul(frac)), hi.reshape([1])]);
}

/**
 * The histogram of the N points `input[..., :]` (D coordinates each, the last dim) with `bins`
 * (a number for every dim, one number per dim, or one 1-D tensor of increasing edges per dim).
 * Returns `[hist, binEdges]`: hist of shape [bins0, bins1, …] and the D edge tensors.
 * @example torch.histogramdd(torch.tensor([[0, 0], [1, 1], [2, 2]]).float(), [2, 2])[0] // tensor([[1., 0.], [0., 2.]])
 */
export const histogramdd = defineOp(
  "histogramdd",
  { family: "composite", mode: "function", maxArgs: 3 },
  function histogramdd(
    input: Tensor,
    bins: number | readonly number[] | readonly Tensor[],
    opts?: HistogramddOptions,
  ): [Tensor, Tensor[]] {
    const op = "histogramdd";
    checkTensor(op, input);
    if (!isFloatingPoint(input.dtype))
      throw new TypeError(`[${op}] expected a floating-point tensor: got ${input.dtype}`);
    if (input.dim() < 2)
      throw new RangeError(`[${op}] input must have at least 2 dims (points × coordinates): got ${input.dim()}-D`);
    if (opts !== undefined) checkOptions(op, opts, KEYS);
    const density = checkBool(op, "density", opts?.density ?? false);
    const D = input.shape[input.dim() - 1]!;
    const points = input.reshape([-1, D]);
    const n = points.shape[0]!;
    const list: (number | Tensor)[] =
      typeof bins === "number" ? Array.from({ length: D }, () => bins) : Array.isArray(bins) ? [...bins] : [];
    if (typeof bins !== "number" && !Array.isArray(bins))
      throw new TypeError(`[${op}] bins must be a number or an array: got ${describe(bins)}`);
    if (list.length !== D)
      throw new RangeError(`[${op}] expected one bins entry per dimension (${D}): got ${list.length}`);
    const range = opts?.range ?? null;
    if (range !== null) {
      if (!Array.isArray(range) || range.length !== 2 * D)
        throw new RangeError(
          `[${op}] for a ${D}-dimensional histogram range must have ${2 * D} numbers: got ${describe(range)}`,
        );
      range.forEach((v, k) => checkNumber(op, `range[${k}]`, v));
    }
    const weight = opts?.weight ?? null;
    if (weight !== null) {
      checkTensor(op, weight, "weight");
      const want = input.shape.slice(0, -1);
      if (weight.dim() !== want.length || weight.shape.some((s, k) => s !== want[k]))
        throw new RangeError(
          `[${op}] weight must have input's shape without its last dim [${want.join(", ")}]: got [${weight.shape.join(", ")}]`,
        );
    }
    return noGrad(() => {
      const edges = list.map((b, d) => {
        if (b instanceof Tensor) {
          if (b.dim() !== 1 || b.numel() < 2)
            throw new RangeError(
              `[${op}] bins[${d}] must be a 1-D tensor of at least 2 edges: got shape [${b.shape.join(", ")}]`,
            );
          return b.to(input.dtype);
        }
        checkInt(op, `bins[${d}]`, b, 1);
        let lo: number;
        let hi: number;
        if (range !== null) [lo, hi] = [range[2 * d]!, range[2 * d + 1]!];
        else if (n === 0) [lo, hi] = [0, 1];
        else if (points.storage.device !== "cpu") return dataEdges(b, points.select(1, d));
        else {
          const col = points.select(1, d);
          [lo, hi] = [Number(col.min().item()), Number(col.max().item())];
        }
        if (lo > hi) throw new RangeError(`[${op}] range of dim ${d} must have min <= max: got [${lo}, ${hi}]`);
        return uniformEdges(b, lo, hi, input);
      });
      const sizes = edges.map((e) => e.numel() - 1);
      const device = points.storage.device;
      let flat = zeros([n], { dtype: "int64", device });
      let inside = zeros([n], { dtype: "bool", device }).logicalNot();
      edges.forEach((e, d) => {
        const x = points.select(1, d).contiguous();
        const nb = sizes[d]!;
        inside = inside.logicalAnd(x.ge(e.narrow(0, 0, 1))).logicalAnd(x.le(e.narrow(0, nb, 1)));
        const idx = searchsorted(e, x, { right: true })
          .sub(1)
          .clamp(0, nb - 1);
        flat = flat.mul(nb).add(idx);
      });
      const w =
        weight !== null ? weight.to(input.dtype).reshape([-1]) : zeros([n], { dtype: input.dtype, device }).add(1);
      const total = sizes.reduce((a, b) => a * b, 1);
      const base = zeros([total], { dtype: input.dtype, device });
      const counts = where(inside, w, 0);
      // scatterAdd on a device: indexAdd there builds a CPU helper
      let hist = (device === "cpu" ? base.indexAdd(0, flat, counts) : base.scatterAdd(0, flat, counts)).reshape(sizes);
      if (density) {
        // divide by the total weight and each bin's volume (the outer product of the bin widths)
        let volume = zeros([], { dtype: input.dtype, device }).add(1);
        edges.forEach((e, d) => {
          const nb = sizes[d]!;
          const width = e.narrow(0, 1, nb).sub(e.narrow(0, 0, nb));
          volume = volume.unsqueeze(-1).mul(width);
        });
        hist = hist.div(hist.sum()).div(volume);
      }
      return [hist, edges];
    });
  },
);
