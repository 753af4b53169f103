/**
 * View ops: results share storage with their input (reshape when strides allow, view, transpose,
 * permute, squeeze/unsqueeze); expand and slicing live in movement-slice.ts. Each records
 * PyTorch's backward node.
 */
import { noGrad } from "../autograd/mode.js";
import { activeBackend } from "../backend/registry.js";
import {
  contiguousStrides,
  formatShape,
  inferShape,
  normalizeDim,
  numel,
  shapesEqual,
  type Shape,
} from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { describe, empty, record } from "./define.js";
import { alias, defineOp } from "./registry.js";

/** Sizes given as varargs or one array: `f(2, 3)` or `f([2, 3])`; `-1` allowed. */
export type SizeArgs = readonly (number | readonly number[])[];

/** @internal flattens `(2, 3)` / `([2, 3])` into a list of integers (≥ -1). */
export function sizesArg(op: string, args: SizeArgs): number[] {
  const list =
    args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as readonly number[]);
  for (const s of list) {
    if (typeof s !== "number" || !Number.isInteger(s) || s < -1) {
      throw new TypeError(`[${op}] sizes must be integers ≥ -1: got ${JSON.stringify(list)}`);
    }
  }
  return [...list];
}

/** @internal flattens `(0, -1)` / `([0, -1])` into a list of integer dims (negative allowed). */
export function dimsArg(op: string, args: SizeArgs): number[] {
  const list =
    args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as readonly number[]);
  for (const s of list) {
    if (typeof s !== "number" || !Number.isInteger(s))
      throw new TypeError(`[${op}] dims must be integers: got ${JSON.stringify(list)}`);
  }
  return [...list];
}

/** @internal throws unless `x` is a Tensor. */
export function checkTensor(op: string, x: unknown, what = "input"): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected ${what} to be a Tensor: got ${describe(x)}`);
}

/** @internal a view of `x` recorded as `name` with backward `bw` (gradient of the view → of x). */
export function viewOf(
  x: Tensor,
  shape: Shape,
  strides: Shape,
  offset: number,
  name: string,
  bw: (g: Tensor) => Tensor,
): Tensor {
  const v = x._view(shape, strides, offset);
  return record(name, v, [x], (g) => [bw(g)]);
}

/**
 * @internal the backward of an op that picks a part of `inShape` (select, slice…): zeros of
 * `inShape` with `g` written where `pick` looks. Recorded as `name` so double backward works.
 */
export function embedGrad(g: Tensor, inShape: Shape, pick: (t: Tensor) => Tensor, name: string): Tensor {
  const out = empty(inShape, g.dtype, "embedGrad", g); // zeros on the gradient's device
  const target = noGrad(() => pick(out));
  activeBackend().copy(g._v, target._v);
  return record(name, out, [g], (gg) => [pick(gg)]);
}

/** Strides for viewing (shape, strides) as `newShape` without copying, or null when impossible. */
export function viewStrides(shape: Shape, strides: Shape, newShape: Shape): number[] | null {
  if (shape.length === 0) return newShape.map(() => 1);
  if (numel(shape) === 0) return shapesEqual(shape, newShape) ? [...strides] : contiguousStrides(newShape);
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]!;
    // A chunk ends where the next-outer dim is not laid out right after this one.
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}

/**
 * A view with a new shape (shares storage); throws when the strides do not allow it.
 * @example torch.arange(6).view(2, 3)
 */
export const view = defineOp(
  "view",
  { family: "movement", mode: "method", gradNames: ["ViewBackward0"], maxArgs: Infinity },
  function view(x: Tensor, ...shape: SizeArgs): Tensor {
    checkTensor("view", x);
    const target = inferShape("view", sizesArg("view", shape), x.numel());
    const strides = viewStrides(x.shape, x._strides, target);
    if (strides === null) {
      throw new RangeError(
        "[view] view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
      );
    }
    const inShape = x.shape;
    return viewOf(x, target, strides, x._offset, "ViewBackward0", (g) => reshape(g, inShape));
  },
);

/**
 * A tensor with a new shape: a view when the strides allow, otherwise a copy. One size may be -1.
 * @example torch.arange(6).reshape(2, -1)
 */
export const reshape = defineOp(
  "reshape",
  {
    family: "movement",
    mode: "method",
    gradNames: ["ReshapeAliasBackward0", "UnsafeViewBackward0"],
    maxArgs: Infinity,
  },
  function reshape(x: Tensor, ...shape: SizeArgs): Tensor {
    checkTensor("reshape", x);
    const target = inferShape("reshape", sizesArg("reshape", shape), x.numel());
    const inShape = x.shape;
    const strides = viewStrides(x.shape, x._strides, target);
    if (strides !== null)
      return viewOf(x, target, strides, x._offset, "ReshapeAliasBackward0", (g) => reshape(g, inShape));
    const out = empty(target, x.dtype, "reshape", x);
    activeBackend().copy(x._v, out._view(x.shape, contiguousStrides(x.shape), 0)._v);
    return record("UnsafeViewBackward0", out, [x], (g) => [reshape(g, inShape)]);
  },
);

/** `x.view(other.shape)`. @example a.viewAs(b) */
export const viewAs = defineOp(
  "viewAs",
  { family: "movement", mode: "method" },
  function viewAs(x: Tensor, other: Tensor): Tensor {
    checkTensor("viewAs", other, "other");
    return view(x, [...other.shape]);
  },
);

/** `x.reshape(other.shape)`. @example a.reshapeAs(b) */
export const reshapeAs = defineOp(
  "reshapeAs",
  { family: "movement", mode: "method" },
  function reshapeAs(x: Tensor, other: Tensor): Tensor {
    checkTensor("reshapeAs", other, "other");
    return reshape(x, [...other.shape]);
  },
);

/**
 * Flattens dims `startDim..endDim` into one (a view when possible).
 * @example torch.zeros(2, 3, 4).flatten(1).shape // [2, 12]
 */
export const flatten = defineOp(
  "flatten",
  { family: "movement", mode: "method", maxArgs: 3 },
  function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
    checkTensor("flatten", x);
    if (x.dim() === 0) return reshape(x, [1]);
    const s = normalizeDim("flatten", startDim, x.dim());
    const e = normalizeDim("flatten", endDim, x.dim());
    if (s > e) throw new RangeError(`[flatten] start_dim cannot come after end_dim: got ${startDim} and ${endDim}`);
    if (s === e) return x;
    const mid = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
    return reshape(x, [...x.shape.slice(0, s), mid, ...x.shape.slice(e + 1)]);
  },
);

/**
 * Splits dim `dim` into `sizes` (one may be -1).
 * @example torch.zeros(2, 12).unflatten(1, [3, 4]).shape // [2, 3, 4]
 */
export const unflatten = defineOp(
  "unflatten",
  { family: "movement", mode: "method" },
  function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
    checkTensor("unflatten", x);
    const d = normalizeDim("unflatten", dim, x.dim());
    if (sizes.length === 0) throw new RangeError("[unflatten] sizes must be non-empty");
    const inner = inferShape("unflatten", sizesArg("unflatten", [sizes]), x.shape[d]!);
    return view(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
  },
);

/**
 * Swaps two dims (a view).
 * @example torch.zeros(2, 3).transpose(0, 1).shape // [3, 2]
 */
export const transpose = defineOp(
  "transpose",
  { family: "movement", mode: "method", gradNames: ["TransposeBackward0"] },
  function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
    return transposeAs(x, dim0, dim1, "TransposeBackward0");
  },
);

/** `transpose` recording `name` (t() records TBackward0). */
function transposeAs(x: Tensor, dim0: number, dim1: number, name: string): Tensor {
  checkTensor("transpose", x);
  const n = x.dim();
  const a = normalizeDim("transpose", dim0, n);
  const b = normalizeDim("transpose", dim1, n);
  if (n === 0) return viewOf(x, [], [], x._offset, name, (g) => g);
  const shape = [...x.shape];
  const strides = [...x._strides];
  [shape[a], shape[b]] = [shape[b]!, shape[a]!];
  [strides[a], strides[b]] = [strides[b]!, strides[a]!];
  return viewOf(x, shape, strides, x._offset, name, (g) => transposeAs(g, a, b, name));
}

/** Alias of `transpose`. @example x.swapaxes(0, 1) */
export const swapaxes = alias("swapaxes", transpose);

/** Alias of `transpose`. @example x.swapdims(0, 1) */
export const swapdims = alias("swapdims", transpose);

/**
 * Transposes a ≤2-D tensor (0-D and 1-D are returned as views unchanged).
 * @example torch.zeros(2, 3).t().shape // [3, 2]
 */
export const t = defineOp(
  "t",
  { family: "movement", mode: "method", gradNames: ["TBackward0"] },
  function t(x: Tensor): Tensor {
    checkTensor("t", x);
    if (x.dim() > 2) throw new RangeError(`[t] t() expects a tensor with <= 2 dimensions: got ${x.dim()}D`);
    if (x.dim() < 2) return viewOf(x, x.shape, x._strides, x._offset, "TBackward0", (g) => g);
    return transposeAs(x, 0, 1, "TBackward0");
  },
);

/** @internal validates a permutation of `n` dims. */
function checkPerm(op: string, dims: readonly number[], n: number): number[] {
  if (dims.length !== n) {
    throw new RangeError(
      `[${op}] number of dims don't match in permute: got ${dims.length} dims for a ${n}-D tensor, expected ${n}`,
    );
  }
  const out = dims.map((d) => normalizeDim(op, d, n));
  if (new Set(out).size !== out.length)
    throw new RangeError(`[${op}] repeated dim in permutation: got ${formatShape(dims)}`);
  return out;
}

/**
 * Reorders dims (a view).
 * @example torch.zeros(2, 3, 4).permute(2, 0, 1).shape // [4, 2, 3]
 */
export const permute = defineOp(
  "permute",
  { family: "movement", mode: "method", gradNames: ["PermuteBackward0"], maxArgs: Infinity },
  function permute(x: Tensor, ...dims: SizeArgs): Tensor {
    checkTensor("permute", x);
    const p = checkPerm("permute", dimsArg("permute", dims), x.dim());
    const inv = new Array<number>(p.length);
    p.forEach((d, i) => (inv[d] = i));
    return viewOf(
      x,
      p.map((d) => x.shape[d]!),
      p.map((d) => x._strides[d]!),
      x._offset,
      "PermuteBackward0",
      (g) => permute(g, inv),
    );
  },
);

/**
 * Moves dims `source` to positions `destination`, keeping the others in order.
 * @example torch.zeros(2, 3, 4).movedim(0, -1).shape // [3, 4, 2]
 */
export const movedim = defineOp(
  "movedim",
  { family: "movement", mode: "method" },
  function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
    checkTensor("movedim", x);
    const n = x.dim();
    const src = (typeof source === "number" ? [source] : [...source]).map((d) => normalizeDim("movedim", d, n));
    const dst = (typeof destination === "number" ? [destination] : [...destination]).map((d) =>
      normalizeDim("movedim", d, n),
    );
    if (src.length !== dst.length) {
      throw new RangeError(
        `[movedim] Invalid source or destination dims: source (${formatShape(src)} dims) should contain the same number of dims as destination (${formatShape(dst)} dims)`,
      );
    }
    if (new Set(src).size !== src.length || new Set(dst).size !== dst.length)
      throw new RangeError("[movedim] repeated dim in source or destination");
    const perm = new Array<number>(n).fill(-1);
    src.forEach((s, i) => (perm[dst[i]!] = s));
    const rest = Array.from({ length: n }, (_, i) => i).filter((d) => !src.includes(d));
    let k = 0;
    for (let i = 0; i < n; i++) if (perm[i] === -1) perm[i] = rest[k++]!;
    return permute(x, perm);
  },
);

/** Alias of `movedim`. @example x.moveaxis(0, 1) */
export const moveaxis = alias("moveaxis", movedim);

/**
 * Inserts a size-1 dim at `dim` (a view).
 * @example torch.zeros(3).unsqueeze(0).shape // [1, 3]
 */
export const unsqueeze = defineOp(
  "unsqueeze",
  { family: "movement", mode: "method", gradNames: ["UnsqueezeBackward0"] },
  function unsqueeze(x: Tensor, dim: number): Tensor {
    checkTensor("unsqueeze", x);
    const d = normalizeDim("unsqueeze", dim, x.dim() + 1);
    const shape = [...x.shape];
    const strides = [...x._strides];
    const st = d < x.dim() ? x.shape[d]! * x._strides[d]! : 1;
    shape.splice(d, 0, 1);
    strides.splice(d, 0, st);
    return viewOf(x, shape, strides, x._offset, "UnsqueezeBackward0", (g) => squeeze(g, d));
  },
);

/**
 * Removes size-1 dims: all of them, or only `dim` when it has size 1.
 * @example torch.zeros(1, 3, 1).squeeze().shape // [3]
 */
export const squeeze = defineOp(
  "squeeze",
  { family: "movement", mode: "method", gradNames: ["SqueezeBackward0", "SqueezeBackward1"] },
  function squeeze(x: Tensor, dim?: number): Tensor {
    checkTensor("squeeze", x);
    const inShape = x.shape;
    let keep: number[];
    if (dim === undefined || dim === null) keep = x.shape.map((_, i) => i).filter((i) => x.shape[i] !== 1);
    else {
      const d = normalizeDim("squeeze", dim, x.dim());
      keep = x.shape.map((_, i) => i).filter((i) => i !== d || x.shape[i] !== 1);
    }
    const name = dim === undefined || dim === null ? "SqueezeBackward0" : "SqueezeBackward1";
    return viewOf(
      x,
      keep.map((i) => x.shape[i]!),
      keep.map((i) => x._strides[i]!),
      x._offset,
      name,
      (g) => reshape(g, inShape),
    );
  },
);

// Hand-declared: `x.T` and `x.mT` are properties, not methods (the registry installs methods).
declare module "../tensor/tensor.js" {
  interface Tensor {
    /** All dims reversed (`x.T`). */
    readonly T: Tensor;
    /** The last two dims swapped (`x.mT`). */
    readonly mT: Tensor;
  }
}

Object.defineProperty(Tensor.prototype, "T", {
  get(this: Tensor) {
    return permute(
      this,
      this.shape.map((_, i) => this.dim() - 1 - i),
    );
  },
  configurable: true,
});
Object.defineProperty(Tensor.prototype, "mT", {
  get(this: Tensor) {
    if (this.dim() < 2)
      throw new RangeError(
        `[mT] tensor.mT is only supported on matrices or batches of matrices: got ${this.dim()}-D tensor`,
      );
    return transpose(this, -2, -1);
  },
  configurable: true,
});
