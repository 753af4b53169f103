/** `unique`: distinct elements (flattened) or distinct slices along a dim, with inverse and counts. */
import { checkArity, checkOptions, optionKeys } from "../util/args.js";
import { allocArray, writeNumber, type DType } from "../tensor/dtype.js";
import { normalizeDim } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTensor, isPlainObject } from "./reduce-util.js";
import { defineOp } from "./registry.js";

/** Options of `unique` (the same names as its positional arguments). */
export interface UniqueOptions {
  sorted?: boolean;
  returnInverse?: boolean;
  returnCounts?: boolean;
  dim?: number | null;
}

// Hand-declared: MethodsOf types a method from the op's last overload only, and unique has three.
declare module "../tensor/tensor.js" {
  interface Tensor {
    /** See {@link unique}. @example x.unique() */
    unique(sorted?: boolean, returnInverse?: false, returnCounts?: false, dim?: number | null): Tensor;
    unique(sorted: boolean, returnInverse: boolean, returnCounts?: boolean, dim?: number | null): Tensor | Tensor[];
    unique(opts: UniqueOptions): Tensor | Tensor[];
  }
}

function fromValues(vals: ArrayLike<number>, shape: number[], dtype: DType): Tensor {
  const arr = allocArray(dtype, vals.length);
  for (let i = 0; i < vals.length; i++) writeNumber(arr, dtype, i, vals[i]!);
  return Tensor._fromArray(arr, shape, dtype);
}

// NaN compares as larger than every number and equal to nothing (each NaN stays distinct).
function cmpNum(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an && bn ? 0 : an ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpSlices(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) {
    const c = cmpNum(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

function sameSlice(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!(a[i] === b[i])) return false;
  return true;
}

/** Splits `x` into its slices along `d` (each in row-major order of the other dims). */
function slicesAlong(x: Tensor, d: number): Float64Array[] {
  const vals = x._values();
  const size = x.shape[d]!;
  const inner = x.shape.slice(d + 1).reduce((a, b) => a * b, 1);
  const per = size === 0 ? 0 : vals.length / size;
  const slices = Array.from({ length: size }, () => new Float64Array(per));
  const fill = new Array<number>(size).fill(0);
  for (let p = 0; p < vals.length; p++) {
    const i = Math.floor(p / inner) % size;
    slices[i]![fill[i]!++] = vals[p]!;
  }
  return slices;
}

const UNIQUE_KEYS = optionKeys("sorted", "returnInverse", "returnCounts", "dim");

export function uniqueImpl(x: Tensor, args: readonly unknown[]): Tensor | Tensor[] {
  checkTensor("unique", x);
  if (isPlainObject(args[0])) {
    checkOptions("unique", args[0], UNIQUE_KEYS);
    if (args.length > 1) checkArity("unique", args.length, 1);
  } else if (args.length > 4) checkArity("unique", args.length, 4);
  const o: UniqueOptions = isPlainObject(args[0])
    ? (args[0] as UniqueOptions)
    : {
        sorted: args[0] as boolean | undefined,
        returnInverse: args[1] as boolean | undefined,
        returnCounts: args[2] as boolean | undefined,
        dim: args[3] as number | null | undefined,
      };
  const flat = o.dim === undefined || o.dim === null;
  const d = flat ? 0 : normalizeDim("unique", o.dim!, x.dim());
  if (!flat && x.dim() === 0) {
    throw new RangeError(
      `[unique] cannot take unique slices of a 0-d tensor: got dim=${o.dim}, expected a tensor with at least 1 dim`,
    );
  }
  const slices = flat ? Array.from(x._values(), (v) => Float64Array.of(v)) : slicesAlong(x, d);
  // Sorted output always (PyTorch's unsorted order is an implementation detail).
  const order = slices.map((_, i) => i).sort((i, j) => cmpSlices(slices[i]!, slices[j]!) || i - j);
  const uniq: number[] = [];
  const inverse = new Float64Array(slices.length);
  const counts: number[] = [];
  for (const i of order) {
    const last = uniq.length - 1;
    if (last >= 0 && sameSlice(slices[uniq[last]!]!, slices[i]!)) counts[last]!++;
    else {
      uniq.push(i);
      counts.push(1);
    }
    inverse[i] = uniq.length - 1;
  }
  let out: Tensor;
  if (flat)
    out = fromValues(
      uniq.map((i) => slices[i]![0]!),
      [uniq.length],
      x.dtype,
    );
  else {
    const shape = x.shape.map((s, i) => (i === d ? uniq.length : s));
    const inner = x.shape.slice(d + 1).reduce((a, b) => a * b, 1);
    const total = shape.reduce((a, b) => a * b, 1);
    const vals = new Float64Array(total);
    for (let q = 0; q < total; q++) {
      const outer = Math.floor(q / (uniq.length * inner));
      const j = Math.floor(q / inner) % uniq.length;
      vals[q] = slices[uniq[j]!]![outer * inner + (q % inner)]!;
    }
    out = fromValues(vals, shape, x.dtype);
  }
  if (!o.returnInverse && !o.returnCounts) return out;
  const res = [out];
  if (o.returnInverse) res.push(fromValues(inverse, flat ? [...x.shape] : [slices.length], "int64"));
  if (o.returnCounts) res.push(fromValues(counts, [counts.length], "int64"));
  return res;
}

/**
 * The distinct elements of `x`, sorted (`torch.unique`), flattened or as distinct slices along
 * `dim`. With `returnInverse`/`returnCounts` it returns `[output, inverse?, counts?]`.
 * Arguments are positional as in PyTorch, or one options object.
 * @example torch.unique(torch.tensor([2, 1, 2])) // tensor([1, 2])
 */
export const unique = defineOp("unique", { family: "sort", mode: "method", maxArgs: Infinity }, uniqueOp);
function uniqueOp(
  x: Tensor,
  sorted?: boolean,
  returnInverse?: false,
  returnCounts?: false,
  dim?: number | null,
): Tensor;
function uniqueOp(
  x: Tensor,
  sorted: boolean,
  returnInverse: boolean,
  returnCounts?: boolean,
  dim?: number | null,
): Tensor | Tensor[];
function uniqueOp(x: Tensor, opts: UniqueOptions): Tensor | Tensor[];
function uniqueOp(x: Tensor, ...args: unknown[]): Tensor | Tensor[] {
  return uniqueImpl(x, args);
}
