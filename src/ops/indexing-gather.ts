/**
 * Index ops along one dim: gather, scatter(_), scatterAdd(_), indexSelect, indexAdd, indexCopy,
 * indexFill; and maskedSelect, take, nonzero, argwhere.
 */
import { checkArity, checkOptions, optionKeys } from "../util/args.js";
import { noGrad } from "../autograd/mode.js";
import type { ScatterReduce } from "../backend/backend.js";
import { activeBackend } from "../backend/registry.js";
import { checkFits, isFloatingPoint } from "../tensor/dtype.js";
import { isScalar } from "./elementwise-internal.js";
import { broadcastShapes, formatShape, normalizeDim } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { installMethods } from "../tensor/methods.js";
import {
  asTensor,
  castTo,
  checkInplace,
  empty,
  expandedView,
  inplace,
  needsGrad,
  record,
  sumToShape,
  type TensorLike,
} from "./define.js";
import { copyOf } from "./movement-copy.js";
import { expand, narrow } from "./movement-slice.js";
import { checkTensor, embedGrad, flatten, movedim, reshape } from "./movement-view.js";
import { indexAs, indexPut } from "./indexing-core.js";
import { defineOp } from "./registry.js";

function checkLongIndex(op: string, idx: unknown, allowInt32 = false): asserts idx is Tensor {
  checkTensor(op, idx, "index");
  if (idx.dtype !== "int64" && !(allowInt32 && idx.dtype === "int32")) {
    throw new TypeError(`[${op}] expected dtype int64 for index: got ${idx.dtype}`);
  }
}

/** Checks gather/scatter shapes: same rank, index no larger than `x` (and `src`) off `dim`. */
function checkDimShapes(op: string, x: Tensor, d: number, idx: Tensor, src?: Tensor): void {
  const nd = Math.max(x.dim(), 1);
  if (Math.max(idx.dim(), 1) !== nd) {
    throw new RangeError(
      `[${op}] index tensor must have the same number of dimensions as input tensor: got ${idx.dim()} and ${x.dim()}`,
    );
  }
  for (let k = 0; k < idx.dim(); k++) {
    if (k !== d && idx.shape[k]! > x.shape[k]!) {
      throw new RangeError(
        `[${op}] size does not match at dimension ${k}: expected index ${formatShape(idx.shape)} to be smaller than self ${formatShape(x.shape)} apart from dimension ${d}`,
      );
    }
    if (src && idx.shape[k]! > src.shape[k]!) {
      throw new RangeError(
        `[${op}] expected index ${formatShape(idx.shape)} to be smaller than src ${formatShape(src.shape)}`,
      );
    }
  }
}

/** The gradient of a scatter's `src`: gathered at index's shape, zero-padded to src's shape. */
function srcGrad(g: Tensor, d: number, idx: Tensor, src: Tensor): Tensor {
  const gi = castTo(gather(g, d, idx), src.dtype);
  if (gi.shape.every((s, k) => s === src.shape[k])) return gi;
  const pick = (z: Tensor): Tensor => gi.shape.reduce((t, s, k) => narrow(t, k, 0, s), z);
  return embedGrad(gi, src.shape, pick, "SliceBackwardBackward0");
}

/**
 * `out[i][j][k] = x[i][index[i][j][k]][k]` for dim 1 (out has index's shape).
 * @example torch.tensor([[1, 2], [3, 4]]).gather(1, torch.tensor([[0, 0], [1, 0]])) // [[1, 1], [4, 3]]
 */
export const gather = defineOp(
  "gather",
  { family: "indexing", mode: "method", kernels: ["gather"], gradNames: ["GatherBackward0"] },
  function gather(x: Tensor, dim: number, idx: Tensor): Tensor {
    checkTensor("gather", x);
    checkLongIndex("gather", idx);
    const d = normalizeDim("gather", dim, x.dim());
    checkDimShapes("gather", x, d, idx);
    const out = empty(idx.shape, x.dtype, "gather", x);
    if (out.numel() > 0) activeBackend().gather(x._v, d, idx._v, out._v);
    const inShape = x.shape;
    return record("GatherBackward0", out, [x], (g) => [
      scatterAdd(Tensor._empty(inShape, g.dtype, "gather", g), d, idx, g),
    ]);
  },
);

/** Options of `scatter`: combine with the existing value instead of replacing it. */
export interface ScatterOptions {
  reduce?: "add" | "multiply";
}

function scatterImpl(
  x: Tensor,
  d: number,
  idx: Tensor,
  src: Tensor | null,
  value: TensorLike,
  reduce: ScatterReduce,
): Tensor {
  const out = copyOf(x);
  if (idx.numel() > 0) {
    const s = src !== null ? castTo(src, x.dtype) : asTensor(value, x.dtype);
    const sv = src !== null ? s._v : expandedView(castTo(s, x.dtype), idx.shape);
    activeBackend().scatter(out._v, d, idx._v, sv, reduce);
  }
  return out;
}

const SCATTER_KEYS = optionKeys("reduce");
const ALPHA_KEYS = optionKeys("alpha");
const NONZERO_KEYS = optionKeys("asTuple");

/**
 * A copy of `x` with `src` (a tensor, or one value) written at `index` along `dim`:
 * `out[i][index[i][j]] = src[i][j]` for dim 1. `reduce` adds or multiplies instead.
 * @example torch.zeros(3).scatter(0, torch.tensor([2]), 5) // tensor([0., 0., 5.])
 */
export const scatter = defineOp(
  "scatter",
  { family: "indexing", mode: "method", kernels: ["scatter"], gradNames: ["ScatterBackward0", "ScatterBackward1"] },
  function scatter(x: Tensor, dim: number, idx: Tensor, src: TensorLike, opts?: ScatterOptions): Tensor {
    checkTensor("scatter", x);
    checkLongIndex("scatter", idx);
    if (opts !== undefined) checkOptions("scatter", opts, SCATTER_KEYS);
    const d = normalizeDim("scatter", dim, x.dim());
    const reduce: ScatterReduce = opts?.reduce ?? "none";
    if (reduce !== "none" && reduce !== "add" && reduce !== "multiply") {
      throw new RangeError(`[scatter] reduce argument must be either add or multiply: got ${String(reduce)}`);
    }
    const srcT = src instanceof Tensor ? src : null;
    if (srcT === null && isScalar(src)) checkFits("scatter", x.dtype, src, true);
    checkDimShapes("scatter", x, d, idx, srcT ?? undefined);
    const out = scatterImpl(x, d, idx, srcT, src, reduce);
    if (reduce !== "none") return out; // PyTorch 1.13 has no derivative for scatter with reduce
    if (srcT === null) return record("ScatterBackward1", out, [x], (g) => [scatter(g, d, idx, 0)]);
    return record("ScatterBackward0", out, [x, srcT], (g) => [
      scatter(g, d, idx, 0),
      isFloatingPoint(srcT.dtype) ? srcGrad(g, d, idx, srcT) : null,
    ]);
  },
);

/** In-place `scatter`. @example x.scatter_(0, idx, 1) // fragment */
export const scatter_ = defineOp(
  "scatter_",
  { family: "indexing", mode: "method", gradNames: ["ScatterBackward0", "ScatterBackward1"] },
  function scatter_(x: Tensor, dim: number, idx: Tensor, src: TensorLike, opts?: ScatterOptions): Tensor {
    return inplaceOp("scatter_", x, [src], (s) => scatter(s, dim, idx, src, opts));
  },
);

/**
 * A copy of `x` with `src` added at `index` along `dim` (repeated indices accumulate).
 * @example torch.zeros(3).scatterAdd(0, torch.tensor([1, 1]), torch.ones(2)) // tensor([0., 2., 0.])
 */
export const scatterAdd = defineOp(
  "scatterAdd",
  { family: "indexing", mode: "method", kernels: ["scatter"], gradNames: ["ScatterAddBackward0"] },
  function scatterAdd(x: Tensor, dim: number, idx: Tensor, src: Tensor): Tensor {
    checkTensor("scatterAdd", x);
    checkLongIndex("scatterAdd", idx);
    checkTensor("scatterAdd", src, "src");
    const d = normalizeDim("scatterAdd", dim, x.dim());
    checkDimShapes("scatterAdd", x, d, idx, src);
    const out = scatterImpl(x, d, idx, src, 0, "add");
    return record("ScatterAddBackward0", out, [x, src], (g) => [
      g,
      isFloatingPoint(src.dtype) ? srcGrad(g, d, idx, src) : null,
    ]);
  },
);

/** In-place `scatterAdd`. @example x.scatterAdd_(0, idx, src) // fragment */
export const scatterAdd_ = defineOp(
  "scatterAdd_",
  { family: "indexing", mode: "method", gradNames: ["ScatterAddBackward0"] },
  function scatterAdd_(x: Tensor, dim: number, idx: Tensor, src: Tensor): Tensor {
    return inplaceOp("scatterAdd_", x, [src], (s) => scatterAdd(s, dim, idx, src));
  },
);

/** Runs `compute` in place on `x`: through autograd when needed, else straight into x's memory. */
function inplaceOp(op: string, x: Tensor, others: readonly TensorLike[], compute: (s: Tensor) => Tensor): Tensor {
  checkTensor(op, x);
  if (needsGrad(x, ...others)) return inplace(op, x, compute);
  checkInplace(op, x);
  const y = noGrad(() => compute(x));
  activeBackend().copy(y._v, x._v);
  x._bumpVersion();
  return x;
}

/**
 * The slices of `x` at positions `index` (1-D) along `dim`.
 * @example torch.arange(6).reshape(3, 2).indexSelect(0, torch.tensor([2, 0])) // [[4, 5], [0, 1]]
 */
export const indexSelect = defineOp(
  "indexSelect",
  { family: "indexing", mode: "method", kernels: ["indexSelect"], gradNames: ["IndexSelectBackward0"] },
  function indexSelect(x: Tensor, dim: number, idx: Tensor): Tensor {
    checkTensor("indexSelect", x);
    checkLongIndex("indexSelect", idx, true);
    if (idx.dim() > 1) throw new RangeError(`[indexSelect] index must be one-dimensional: got ${idx.dim()}-D`);
    const d = normalizeDim("indexSelect", dim, x.dim());
    const xs = x.dim() === 0 ? noGrad(() => reshape(x, [1])) : x;
    const shape = [...xs.shape];
    shape[d] = idx.numel();
    const out = empty(x.dim() === 0 ? [] : shape, x.dtype, "indexSelect", x);
    if (idx.numel() > 0) {
      activeBackend().indexSelect(xs._v, d, (idx.dim() === 0 ? reshape(idx, [1]) : idx)._v, {
        ...out._v,
        shape,
        strides: x.dim() === 0 ? [1] : out._strides,
      });
    }
    const inShape = x.shape;
    return record("IndexSelectBackward0", out, [x], (g) => [
      indexAdd(Tensor._empty(inShape, g.dtype, "indexSelect", g), d, idx, g),
    ]);
  },
);

/** Writes (or adds) `source` slices into a copy of `x` at `index` along `dim`. */
function indexWrite(op: string, x: Tensor, d: number, idx: Tensor, source: Tensor, accumulate: boolean): Tensor {
  const out = copyOf(x);
  if (x.dim() === 0) {
    noGrad(() =>
      activeBackend().indexPut(
        reshape(out, [1])._v,
        [reshape(idx, [1])._v],
        reshape(castTo(source, x.dtype), [1])._v,
        accumulate,
      ),
    );
    return out;
  }
  const want = [...x.shape];
  want[d] = idx.numel();
  const src = source.dim() === 0 && want.length === 1 && want[0] === 1 ? reshape(source, [1]) : source;
  if (src.shape.length !== want.length || src.shape.some((s, k) => s !== want[k])) {
    throw new RangeError(
      `[${op}] source shape ${formatShape(source.shape)} does not match the expected shape ${formatShape(want)}`,
    );
  }
  noGrad(() => {
    const dst = movedim(out, d, 0);
    const vals = movedim(castTo(src, x.dtype), d, 0);
    activeBackend().indexPut(dst._v, [flatten(idx)._v], vals._v, accumulate);
  });
  return out;
}

/**
 * A copy of `x` with `alpha * source` added at positions `index` along `dim`.
 * @example torch.zeros(3).indexAdd(0, torch.tensor([0, 0]), torch.ones(2)) // tensor([2., 0., 0.])
 */
export const indexAdd = defineOp(
  "indexAdd",
  { family: "indexing", mode: "inplace", kernels: ["indexPut"], gradNames: ["IndexAddBackward0"] },
  function indexAdd(x: Tensor, dim: number, idx: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor {
    checkTensor("indexAdd", x);
    checkLongIndex("indexAdd", idx, true);
    checkTensor("indexAdd", source, "source");
    const d = normalizeDim("indexAdd", dim, x.dim());
    if (opts !== undefined) checkOptions("indexAdd", opts, ALPHA_KEYS);
    const alpha = opts?.alpha ?? 1;
    const src = alpha === 1 ? source : source.mul(alpha);
    const out = indexWrite("indexAdd", x, d, idx, src, true);
    return record("IndexAddBackward0", out, [x, source], (g) => {
      const gs = castTo(indexSelect(g, d, idx), source.dtype);
      return [g, isFloatingPoint(source.dtype) ? (alpha === 1 ? gs : gs.mul(alpha)) : null];
    });
  },
);

/**
 * A copy of `x` with slices of `source` copied to positions `index` along `dim`.
 * @example torch.zeros(3, 2).indexCopy(0, torch.tensor([2]), torch.ones(1, 2))
 */
export const indexCopy = defineOp(
  "indexCopy",
  { family: "indexing", mode: "inplace", kernels: ["indexPut"], gradNames: ["IndexCopyBackward0"] },
  function indexCopy(x: Tensor, dim: number, idx: Tensor, source: Tensor): Tensor {
    checkTensor("indexCopy", x);
    checkLongIndex("indexCopy", idx);
    checkTensor("indexCopy", source, "source");
    const d = normalizeDim("indexCopy", dim, x.dim());
    const out = indexWrite("indexCopy", x, d, idx, source, false);
    return record("IndexCopyBackward0", out, [x, source], (g) => [
      indexFill(g, d, idx, 0),
      isFloatingPoint(source.dtype) ? castTo(indexSelect(g, d, idx), source.dtype) : null,
    ]);
  },
);

/**
 * A copy of `x` with `value` written to every slice at `index` along `dim`.
 * @example torch.zeros(2, 2).indexFill(1, torch.tensor([0]), 7)
 */
export const indexFill = defineOp(
  "indexFill",
  { family: "indexing", mode: "inplace", gradNames: ["IndexFillBackward0"] },
  function indexFill(x: Tensor, dim: number, idx: Tensor, value: number | boolean | Tensor): Tensor {
    checkTensor("indexFill", x);
    checkLongIndex("indexFill", idx);
    const d = normalizeDim("indexFill", dim, x.dim());
    if (!(value instanceof Tensor)) checkFits("indexFill", x.dtype, value, true);
    const v = asTensor(value, x.dtype);
    if (v.dim() !== 0) throw new RangeError(`[indexFill] only supports a 0-dimensional value tensor: got ${v.dim()}-D`);
    const want = [...x.shape];
    if (x.dim() > 0) want[d] = idx.numel();
    const filled = noGrad(() => expand(castTo(v, x.dtype), want));
    const out = indexWrite("indexFill", x, d, idx, filled, false);
    return record("IndexFillBackward0", out, [x], (g) => [indexFill(g, d, idx, 0)]);
  },
);

/**
 * The elements of `x` where `mask` is true, as a 1-D tensor (mask and x broadcast).
 * @example torch.tensor([1, 2, 3]).maskedSelect(torch.tensor([true, false, true])) // tensor([1, 3])
 */
export const maskedSelect = defineOp(
  "maskedSelect",
  { family: "indexing", mode: "method", gradNames: ["MaskedSelectBackward0"] },
  function maskedSelect(x: Tensor, mask: Tensor): Tensor {
    checkTensor("maskedSelect", x);
    checkTensor("maskedSelect", mask, "mask");
    if (mask.dtype !== "bool")
      throw new TypeError(`[maskedSelect] expected mask to have dtype bool: got ${mask.dtype}`);
    const shape = broadcastShapes("maskedSelect", x.shape, mask.shape);
    const xb = noGrad(() => expand(x, shape));
    const mb = expand(mask, shape);
    const out = noGrad(() => indexAs("maskedSelect", xb, [mb]));
    const inShape = x.shape;
    return record("MaskedSelectBackward0", out, [x], (g) => [
      sumToShape(indexPut(Tensor._empty(shape, g.dtype), [mb], g, true), inShape),
    ]);
  },
);

/**
 * `x` read as 1-D at positions `index` (the result has index's shape).
 * @example torch.tensor([[1, 2], [3, 4]]).take(torch.tensor([0, 3])) // tensor([1, 4])
 */
export const take = defineOp(
  "take",
  { family: "indexing", mode: "method", gradNames: ["TakeBackward0"] },
  function take(x: Tensor, idx: Tensor): Tensor {
    checkTensor("take", x);
    checkLongIndex("take", idx);
    if (idx.storage.device !== x.storage.device)
      throw new Error(
        `[take] self and index expected to be on the same device: got self on ${x.storage.device} and index on ${idx.storage.device}`,
      );
    const flat = noGrad(() => reshape(x, [-1]));
    const out = noGrad(() => reshape(indexAs("take", flat, [idx]), idx.shape));
    const inShape = x.shape;
    return record("TakeBackward0", out, [x], (g) => [
      reshape(
        indexPut(Tensor._empty([x.numel()], g.dtype, "take", g), [reshape(idx, [-1])], reshape(g, [-1]), true),
        inShape,
      ),
    ]);
  },
);

/**
 * Coordinates of non-zero elements: an int64 `[n, ndim]` tensor, or with `asTuple` one 1-D tensor
 * per dim.
 * @example torch.tensor([0, 3, 0, 4]).nonzero() // tensor([[1], [3]])
 */
export const nonzero = defineOp(
  "nonzero",
  { family: "indexing", kernels: ["nonzero"] },
  function nonzero(x: Tensor, opts?: { asTuple?: boolean }): Tensor | Tensor[] {
    checkTensor("nonzero", x);
    if (opts !== undefined) checkOptions("nonzero", opts, NONZERO_KEYS);
    const nd = x.dim();
    const hits = activeBackend().nonzero(x._v);
    const n = nd === 0 ? (x.item() ? 1 : 0) : hits.length / nd;
    if (opts?.asTuple) {
      if (nd === 0) return [Tensor._fromArray(new BigInt64Array(n), [n], "int64")];
      return Array.from({ length: nd }, (_, k) => {
        const col = new BigInt64Array(n);
        for (let r = 0; r < n; r++) col[r] = BigInt(hits[r * nd + k]!);
        return Tensor._fromArray(col, [n], "int64");
      });
    }
    const arr = new BigInt64Array(n * nd);
    for (let i = 0; i < arr.length; i++) arr[i] = BigInt(hits[i]!);
    return Tensor._fromArray(arr, [n, nd], "int64");
  },
);

/**
 * Coordinates of non-zero elements as an int64 `[n, ndim]` tensor.
 * @example torch.argwhere(torch.tensor([0, 1])) // tensor([[1]])
 */
export const argwhere = defineOp(
  "argwhere",
  { family: "indexing", mode: "method" },
  function argwhere(x: Tensor): Tensor {
    return nonzero(x) as Tensor;
  },
);

// Hand-declared: `x.nonzero()` is overloaded on `asTuple` (a Tensor, or a Tensor per dim), a
// shape the method type derived from the function's single signature cannot express.
declare module "../tensor/tensor.js" {
  interface Tensor {
    nonzero(opts?: { asTuple?: false }): Tensor;
    nonzero(opts: { asTuple: true }): Tensor[];
  }
}

installMethods({
  nonzero(this: Tensor, o?: { asTuple?: boolean }) {
    if (arguments.length > 1) checkArity("nonzero", arguments.length, 1);
    return nonzero(this, o);
  },
});
