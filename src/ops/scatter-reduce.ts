/**
 * Reducing scatters: `scatterReduce` (values of `src` combined into `x` at `index` along `dim`)
 * and `indexReduce` (whole slices of `source` combined at a 1-D `index`), with PyTorch 1.13's
 * reductions ("sum", "prod", "mean", "amax", "amin") and `includeSelf`.
 *
 * "sum", "prod" and "mean" run the scatter kernel (add / multiply). "amax"/"amin" have no kernel
 * yet: they compare every index with every position along `dim` (O(index.numel() · x.shape[dim])
 * memory) and reduce; a kernel is the candidate where that matters. The gradients are PyTorch's
 * (`scatter_reduce_backward`): a max/min's gradient is shared evenly among the values equal to it.
 */
import { checkValuesInRange } from "./check-values.js";
import { checkBool, checkOneOf, checkOptions, describe, optionKeys } from "../util/args.js";
import { noGrad } from "../autograd/mode.js";
import { activeBackend } from "../backend/registry.js";
import { onesLike, zerosLike } from "../tensor/creation.js";
import { arange } from "../tensor/factories.js";
import { isFloatingPoint } from "../tensor/dtype.js";
import { formatShape, normalizeDim } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { castTo, record } from "./define.js";
import { where } from "./composite.js";
import { copyOf } from "./movement-copy.js";
import { narrow } from "./movement-slice.js";
import { checkTensor, movedim, reshape } from "./movement-view.js";
import { gather, scatter, scatterAdd } from "./indexing-gather.js";
import { defineOp } from "./registry.js";

/** The reductions of `scatterReduce` / `indexReduce`. */
export type ScatterReduction = "sum" | "prod" | "mean" | "amax" | "amin";

/** Options of `scatterReduce` / `indexReduce`. */
export interface ScatterReduceOptions {
  /** Whether `x`'s own values take part in the reduction (default true). */
  includeSelf?: boolean;
}

const KEYS = optionKeys("includeSelf");
const SCATTER_REDUCTIONS = ["sum", "prod", "mean", "amax", "amin"] as const;
const INDEX_REDUCTIONS = ["prod", "mean", "amax", "amin"] as const;

/** `t` narrowed to `shape` (a prefix box), differentiable. */
function narrowTo(t: Tensor, shape: readonly number[]): Tensor {
  return shape.reduce((r, s, k) => (r.shape[k] === s ? r : narrow(r, k, 0, s)), t);
}

/**
 * Checks index values lie in [0, size): at once on the CPU; on a device by a kernel whose
 * failure raises at the next read-back (a device-side check, as PyTorch's CUDA asserts).
 */
function checkBounds(op: string, idx: Tensor, d: number, size: number): void {
  if (idx.numel() === 0) return;
  const message = (bad: number) => `[${op}] index ${bad} is out of bounds for dimension ${d} with size ${size}`;
  if (idx.storage.device !== "cpu") return checkValuesInRange(op, idx, 0, size, message);
  const lo = Number(idx.min().item());
  const hi = Number(idx.max().item());
  const bad = lo < 0 ? lo : hi >= size ? hi : null;
  if (bad !== null) throw new RangeError(message(bad));
}

/** "amax"/"amin" of `base` and the `src` values scattered into it (no autograd). */
function extremum(base: Tensor, d: number, idx: Tensor, src: Tensor, max: boolean): Tensor {
  const n = base.shape[d]!;
  const region = idx.shape.map((s, k) => (k === d ? n : s));
  const b = movedim(narrowTo(base, region), d, -1).unsqueeze(-2); // [..., 1, n]
  const hits = movedim(idx, d, -1)
    .unsqueeze(-1)
    .eq(arange(n, { device: idx.storage.device })); // [..., m, n]
  const cand = where(hits, movedim(src, d, -1).unsqueeze(-1), b); // misses keep base's value
  const red = movedim(max ? cand.amax(-2) : cand.amin(-2), -1, d);
  const out = copyOf(base);
  activeBackend().copy(red._v, narrowTo(out, region)._v);
  return out;
}

/** The forward, without autograd; `src` already has index's shape and x's dtype. */
function forward(x: Tensor, d: number, idx: Tensor, src: Tensor, reduce: ScatterReduction, self: boolean): Tensor {
  if (idx.numel() === 0) return copyOf(x);
  if (reduce === "amax" || reduce === "amin") {
    // Without self, scattered positions first take one of their own src values (neutral for max/min).
    const base = self ? x : scatter(x, d, idx, src);
    return extremum(base, d, idx, src, reduce === "amax");
  }
  const base = self ? x : scatter(x, d, idx, reduce === "prod" ? 1 : 0);
  const out = copyOf(base);
  activeBackend().scatter(out._v, d, idx._v, src._v, reduce === "prod" ? "multiply" : "add");
  if (reduce !== "mean") return out;
  const counts = scatterAdd(self ? onesLike(x) : zerosLike(x), d, idx, onesLike(src)).clampMin(1);
  return isFloatingPoint(x.dtype) ? out.div(counts) : out.div(counts, { roundingMode: "floor" });
}

/** PyTorch's gradients of a reducing scatter w.r.t. `x` and `src` (src of index's shape). */
function backward(
  g: Tensor,
  x: Tensor,
  d: number,
  idx: Tensor,
  src: Tensor,
  result: Tensor,
  reduce: ScatterReduction,
  self: boolean,
): [Tensor, Tensor] {
  let gSelf: Tensor;
  let gSrc: Tensor;
  if (reduce === "sum") {
    gSelf = g;
    gSrc = gather(g, d, idx);
  } else if (reduce === "mean") {
    const n = scatterAdd(self ? onesLike(g) : zerosLike(g), d, idx, onesLike(src, { dtype: g.dtype })).clampMin(1);
    gSelf = g.div(n);
    gSrc = gather(gSelf, d, idx);
  } else if (reduce === "prod") {
    const maskedSelf = x.maskedFill(x.eq(0), 1);
    const maskedResult = noGrad(() => forward(maskedSelf, d, idx, src, "prod", self));
    gSelf = g.mul(maskedResult).div(maskedSelf);
    const srcZero = src.eq(0);
    const zeros = gather(scatterAdd(zerosLike(x), d, idx, srcZero.to(x.dtype)), d, idx);
    const single = srcZero.logicalAnd(zeros.eq(1));
    const others = noGrad(() => forward(x, d, idx, src.maskedFill(single, 1), "prod", self));
    gSrc = where(single, gather(g.mul(others), d, idx), gather(g.mul(result), d, idx).div(src.maskedFill(srcZero, 1)));
  } else {
    const value = gather(result, d, idx);
    const selfIs = x.eq(result).to(g.dtype);
    const srcIs = src.eq(value).to(g.dtype);
    const share = g.div(scatterAdd(selfIs, d, idx, srcIs));
    gSelf = selfIs.mul(share);
    gSrc = srcIs.mul(gather(share, d, idx));
  }
  if (!self) gSelf = scatter(gSelf, d, idx, 0);
  return [gSelf, gSrc];
}

function reductionOf(op: string, reduce: unknown, allowed: readonly ScatterReduction[]): ScatterReduction {
  if (typeof reduce !== "string") throw new TypeError(`[${op}] reduce must be a string: got ${describe(reduce)}`);
  checkOneOf(op, "reduce", reduce, allowed);
  return reduce as ScatterReduction;
}

/** The shared op: checks done, src of index's shape; records `gradName`. */
function reduceInto(
  op: string,
  gradName: string,
  x: Tensor,
  d: number,
  idx: Tensor,
  src: Tensor,
  reduce: ScatterReduction,
  self: boolean,
): Tensor {
  if (x.dim() === 0) {
    const y = reduceInto(op, gradName, reshape(x, [1]), 0, reshape(idx, [1]), reshape(src, [1]), reduce, self);
    return reshape(y, []);
  }
  checkBounds(op, idx, d, x.shape[d]!);
  const srcN = castTo(narrowTo(src, idx.shape), x.dtype);
  const out = noGrad(() => forward(x, d, idx, srcN, reduce, self));
  if (!isFloatingPoint(x.dtype)) return out;
  return record(gradName, out, [x, srcN], (g) => backward(g, x, d, idx, srcN, out, reduce, self), [x, srcN]);
}

function checkSrc(op: string, x: Tensor, src: unknown, what: string): asserts src is Tensor {
  checkTensor(op, src, what);
  if (src.dtype !== x.dtype)
    throw new TypeError(`[${op}] expected ${what} to have the same dtype as self: got ${src.dtype} and ${x.dtype}`);
}

/**
 * Combines the values of `src` into a copy of `x` at `index` along `dim` with `reduce` ("sum",
 * "prod", "mean", "amax" or "amin"); `includeSelf: false` leaves x's own values out wherever
 * something is scattered. Integer "mean" rounds down, as PyTorch.
 * @example torch.tensor([1, 2, 3]).scatterReduce(0, torch.tensor([0, 0, 2]), torch.tensor([5, 7, 1]), "amax") // tensor([7, 2, 3])
 */
export const scatterReduce = defineOp(
  "scatterReduce",
  { family: "indexing", mode: "inplace", kernels: ["scatter"], gradNames: ["ScatterReduceBackward0"] },
  function scatterReduce(
    x: Tensor,
    dim: number,
    index: Tensor,
    src: Tensor,
    reduce: ScatterReduction,
    opts?: ScatterReduceOptions,
  ): Tensor {
    const op = "scatterReduce";
    checkTensor(op, x);
    checkTensor(op, index, "index");
    if (index.dtype !== "int64") throw new TypeError(`[${op}] expected dtype int64 for index: got ${index.dtype}`);
    checkSrc(op, x, src, "src");
    const r = reductionOf(op, reduce, SCATTER_REDUCTIONS);
    if (opts !== undefined) checkOptions(op, opts, KEYS);
    const self = opts?.includeSelf ?? true;
    checkBool(op, "includeSelf", self);
    const d = normalizeDim(op, dim, x.dim());
    const nd = Math.max(x.dim(), 1);
    if (Math.max(index.dim(), 1) !== nd || Math.max(src.dim(), 1) !== nd)
      throw new RangeError(
        `[${op}] index and src must have as many dimensions as self: got ${index.dim()} and ${src.dim()}, expected ${x.dim()}`,
      );
    for (let k = 0; k < index.dim(); k++) {
      if ((k !== d && index.shape[k]! > x.shape[k]!) || index.shape[k]! > src.shape[k]!)
        throw new RangeError(
          `[${op}] index ${formatShape(index.shape)} must be no larger than src ${formatShape(src.shape)} and than self ${formatShape(x.shape)} apart from dimension ${d}`,
        );
    }
    return reduceInto(op, "ScatterReduceBackward0", x, d, index, src, r, self);
  },
);

/**
 * Combines the slices of `source` into a copy of `x` at the positions `index` (1-D) along `dim`
 * with `reduce` ("prod", "mean", "amax" or "amin"); `includeSelf: false` leaves x's own values
 * out of the slices that receive something.
 * @example torch.ones(3, 2).indexReduce(0, torch.tensor([0, 0]), torch.tensor([[2, 3], [4, 5]]).float(), "prod") // [[8, 15], [1, 1], [1, 1]]
 */
export const indexReduce = defineOp(
  "indexReduce",
  { family: "indexing", mode: "inplace", kernels: ["scatter"], gradNames: ["IndexReduceBackward0"] },
  function indexReduce(
    x: Tensor,
    dim: number,
    index: Tensor,
    source: Tensor,
    reduce: Exclude<ScatterReduction, "sum">,
    opts?: ScatterReduceOptions,
  ): Tensor {
    const op = "indexReduce";
    checkTensor(op, x);
    checkTensor(op, index, "index");
    if (index.dtype !== "int64" && index.dtype !== "int32")
      throw new TypeError(`[${op}] expected dtype int64 or int32 for index: got ${index.dtype}`);
    if (index.dim() > 1) throw new RangeError(`[${op}] index must be one-dimensional: got ${index.dim()}-D`);
    checkSrc(op, x, source, "source");
    const r = reductionOf(op, reduce, INDEX_REDUCTIONS);
    if (opts !== undefined) checkOptions(op, opts, KEYS);
    const self = opts?.includeSelf ?? true;
    checkBool(op, "includeSelf", self);
    const d = normalizeDim(op, dim, x.dim());
    const want = x.shape.map((s, k) => (k === d ? index.numel() : s));
    if (source.dim() !== x.dim() || source.shape.some((s, k) => s !== want[k]))
      throw new RangeError(
        `[${op}] source shape ${formatShape(source.shape)} does not match the expected shape ${formatShape(want)}`,
      );
    const view = x.shape.map((_, k) => (k === d ? index.numel() : 1));
    const full = x.dim() === 0 ? index.to("int64").reshape([]) : index.to("int64").reshape(view).expand(want);
    return reduceInto(op, "IndexReduceBackward0", x, d, full.contiguous(), source, r, self);
  },
);
