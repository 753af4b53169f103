/** Sorting and order statistics: sort, argsort, msort, topk, kthvalue, median, unique. */
import { checkArity, checkBool, checkOptions, describe, optionKeys } from "../util/args.js";
import { activeBackend } from "../backend/registry.js";
import type { View } from "../backend/backend.js";
import { noGrad } from "../autograd/mode.js";
import { normalizeDim } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { empty, record } from "./define.js";
import { evenlyDistribute } from "./reduce-max.js";
import {
  checkNonEmpty,
  checkTensor,
  dropShape,
  keepShape,
  reshaped,
  scatterZeros,
  select,
  takeAlong,
  valuesIndices,
  type ValuesIndices,
} from "./reduce-util.js";
import { defineOp } from "./registry.js";

export { unique, type UniqueOptions } from "./sort-unique.js";

/** Keyword options of sort/argsort: `stable` keeps equal elements in input order. */
export interface SortOptions {
  stable?: boolean;
}

// Hand-declared: MethodsOf types a method from the op's last overload only, and median has two.
declare module "../tensor/tensor.js" {
  interface Tensor {
    /** See {@link median}. @example x.median() */
    median(): Tensor;
    median(dim: number, keepdim?: boolean): ValuesIndices;
  }
}

function sortRaw(
  op: string,
  x: Tensor,
  dim: number,
  descending: boolean,
  stable: boolean,
): { values: Tensor; indices: Tensor; d: number } {
  checkTensor(op, x);
  if (typeof descending !== "boolean")
    throw new TypeError(`[${op}] descending must be a boolean: got ${typeof descending}`);
  const d = normalizeDim(op, dim, x.dim());
  const values = empty(x.shape, x.dtype, op, x);
  const indices = empty(x.shape, "int64", op, x);
  if (x.dim() === 0) activeBackend().copy(x._v, values._v);
  else if (x.numel() > 0) activeBackend().sort(x._v, d, descending, stable, values._v, indices._v);
  return { values, indices, d };
}

const SORT_KEYS = optionKeys("stable");

function checkSortArgs(op: string, nargs: number, descending: unknown): void {
  if (nargs > 4) checkArity(op, nargs - 1, 3);
  checkBool(op, "descending", descending);
}

function stableOf(op: string, opts: SortOptions | undefined): boolean {
  if (opts === undefined) return false;
  checkOptions(op, opts, SORT_KEYS);
  return opts.stable === undefined ? false : checkBool(op, "stable", opts.stable);
}

/**
 * Sorts along `dim` (default last): `[values, indices]` (`torch.sort`). NaN sorts as the largest.
 * The gradient of `values` flows back to the positions they came from.
 * @example const { values, indices } = torch.sort(torch.tensor([3, 1, 2]));
 */
export const sort = defineOp(
  "sort",
  { family: "sort", mode: "method", kernels: ["sort"], gradNames: ["SortBackward0"], maxArgs: 4 },
  function sort(x: Tensor, dim = -1, descending = false, opts?: SortOptions): ValuesIndices {
    checkSortArgs("sort", arguments.length, descending);
    const { values, indices, d } = sortRaw("sort", x, dim, descending, stableOf("sort", opts));
    const bw = (g: Tensor) => [x.dim() === 0 ? g : scatterZeros(g, x.shape, d, indices)];
    return valuesIndices(record("SortBackward0", values, [x], bw, [indices]), indices);
  },
);

/**
 * Indices that sort `x` along `dim` (`torch.argsort`).
 * @example torch.argsort(torch.tensor([3, 1, 2])) // tensor([1, 2, 0])
 */
export const argsort = defineOp(
  "argsort",
  { family: "sort", mode: "method", kernels: ["sort"], maxArgs: 4 },
  function argsort(x: Tensor, dim = -1, descending = false, opts?: SortOptions): Tensor {
    checkSortArgs("argsort", arguments.length, descending);
    return sortRaw("argsort", x, dim, descending, stableOf("argsort", opts)).indices;
  },
);

/**
 * Sorts along the first dim, returning values only (`torch.msort`).
 * @example torch.msort(torch.tensor([[3, 1], [1, 2]])) // tensor([[1, 1], [3, 2]])
 */
export const msort = defineOp(
  "msort",
  { family: "sort", mode: "method", kernels: ["sort"], gradNames: ["SortBackward0"] },
  function msort(x: Tensor): Tensor {
    return sort(x, 0)[0];
  },
);

/** A copy of the first `k` entries of a contiguous int64 tensor along `d`. */
function narrowIndex(idx: Tensor, d: number, k: number): Tensor {
  const shape = idx.shape.map((s, i) => (i === d ? k : s));
  const out = empty(shape, "int64", "topk", idx);
  if (out.numel() > 0) activeBackend().copy({ ...idx._v, shape }, out._v);
  return out;
}

/**
 * The `k` largest (or smallest) elements along `dim`: `[values, indices]` (`torch.topk`).
 * Results are always sorted; NaN counts as the largest.
 * @example const [v, i] = torch.topk(torch.tensor([1, 5, 3, 4]), 2); // v: tensor([5, 4])
 */
export const topk = defineOp(
  "topk",
  { family: "sort", mode: "method", kernels: ["sort"], gradNames: ["TopkBackward0"], maxArgs: 5 },
  function topk(x: Tensor, k: number, dim = -1, largest = true, sorted = true): ValuesIndices {
    checkTensor("topk", x);
    if (arguments.length > 5) checkArity("topk", arguments.length - 1, 4);
    if (typeof k !== "number" || !Number.isInteger(k))
      throw new TypeError(`[topk] k must be an integer: got ${describe(k)}`);
    checkBool("topk", "largest", largest);
    checkBool("topk", "sorted", sorted);
    void sorted; // an ordered result satisfies both settings
    const d = normalizeDim("topk", dim, x.dim());
    const size = x.dim() === 0 ? 1 : x.shape[d]!;
    if (!Number.isInteger(k) || k < 0 || k > size) {
      throw new RangeError(`[topk] selected index k out of range: got k=${k}, expected 0 <= k <= ${size}`);
    }
    if (x.dim() === 0) {
      const s = sort(x);
      return k === 1 ? s : valuesIndices(empty([0], x.dtype, "topk", x), empty([0], "int64", "topk", x));
    }
    const { indices } = sortRaw("topk", x, d, largest, true);
    const idx = narrowIndex(indices, d, k);
    return valuesIndices(takeAlong("TopkBackward0", x, d, idx), idx);
  },
);

/**
 * The k-th smallest element (1-based) along `dim`: `[values, indices]` (`torch.kthvalue`).
 * @example torch.kthvalue(torch.tensor([3, 1, 2]), 2).values // tensor(2)
 */
export const kthvalue = defineOp(
  "kthvalue",
  { family: "sort", mode: "method", kernels: ["sort"], gradNames: ["KthvalueBackward0"], maxArgs: 4 },
  function kthvalue(x: Tensor, k: number, dim = -1, keepdim = false): ValuesIndices {
    checkTensor("kthvalue", x);
    const d = normalizeDim("kthvalue", dim, x.dim());
    if (x.dim() === 0) return kthvalue(x.reshape([1]), k, 0, false);
    const size = x.shape[d]!;
    if (!Number.isInteger(k) || k < 1 || k > size) {
      throw new RangeError(
        `[kthvalue] selected number k out of range for dimension ${d}: got k=${k}, expected 1 <= k <= ${size}`,
      );
    }
    const { indices } = sortRaw("kthvalue", x, d, false, true);
    const pos = empty(keepShape(x.shape, [d]), "int64", "kthvalue", x);
    activeBackend().fill(pos._v, k - 1);
    return pickAt("KthvalueBackward0", x, d, indices, pos, keepdim);
  },
);

// The original index at sorted position `pos` (keepdim-shaped), and the value there.
function pickAt(name: string, x: Tensor, d: number, sortedIdx: Tensor, pos: Tensor, keepdim: boolean): ValuesIndices {
  const idx = takeAlong("GatherBackward0", sortedIdx, d, pos);
  const outShape = keepdim ? idx.shape : dropShape(x.shape, [d]);
  return valuesIndices(takeAlong(name, x, d, idx, outShape), reshaped(idx, outShape));
}

/**
 * `median(x)`: the lower median of all elements. `median(x, dim, keepdim)`: `[values, indices]`
 * along `dim`. NaN propagates (the first NaN is returned), as in PyTorch.
 * @example torch.median(torch.tensor([1, 2, 3, 4])) // tensor(2)
 */
export const median = defineOp(
  "median",
  { family: "sort", mode: "method", kernels: ["sort"], gradNames: ["MedianBackward0", "MedianBackward1"], maxArgs: 3 },
  medianOp,
);
function medianOp(x: Tensor): Tensor;
function medianOp(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
function medianOp(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  checkTensor("median", x);
  if (dim === undefined || dim === null) return fullMedian(x);
  const d = normalizeDim("median", dim, x.dim());
  if (x.dim() === 0) return median(x.reshape([1]), 0, false);
  checkNonEmpty("median", x, [d], false);
  const n = x.shape[d]!;
  const { indices } = sortRaw("median", x, d, false, true);
  // Lines with NaN take the first NaN, which sorts right after the numbers.
  const nans = x.isnan().sum(d, true);
  const pos = select(nans.gt(0), nans.neg().add(n), (n - 1) >> 1);
  return pickAt("MedianBackward1", x, d, indices, pos, keepdim);
}

function fullMedian(x: Tensor): Tensor {
  const flat = x.detach().reshape([-1]);
  const n = flat.numel();
  const out = empty([], x.dtype, "median", x); // on x's device, also when x is empty (NaN)
  if (n === 0) activeBackend().fill(out._v, NaN);
  else {
    const { values } = sortRaw("median", flat, 0, false, true);
    const at = (p: number): View => ({ ...values._v, shape: [], strides: [], offset: values._v.offset + p });
    if (x.storage.device !== "cpu") {
      // NaN sorts last: the last value is NaN exactly when there is one, and then it is the median
      const last = noGrad(() => values.narrow(0, n - 1, 1).reshape([]));
      activeBackend().where(noGrad(() => last.isnan())._v, last._v, at((n - 1) >> 1), out._v);
    } else {
      const firstNaN = values.dataFloat().findIndex((v) => Number.isNaN(v));
      activeBackend().copy(at(firstNaN >= 0 ? firstNaN : (n - 1) >> 1), out._v);
    }
  }
  return record("MedianBackward0", out, [x], (g) => [evenlyDistribute(x, out, g)], [x, out]);
}
