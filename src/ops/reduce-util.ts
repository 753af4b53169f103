/**
 * Shared machinery of the reduction family: argument parsing, running a reduce kernel into the
 * keepdim shape, expanding a reduced gradient back, and the differentiable gather/scatter pair
 * that routes gradients of value-selecting ops (max with dim, sort, topk, kthvalue, median).
 */
import { activeBackend } from "../backend/registry.js";
import type { ReduceOp } from "../backend/backend.js";
import { toDType, type DType } from "../tensor/dtype.js";
import { contiguousStrides, normalizeDims, shapesEqual, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkArity, checkOptions, describe as describeValue, optionKeys, type OptionKeys } from "../util/args.js";
import { describe, empty, record, uninit } from "./define.js";

/** A `dim` argument: one dim, a list of dims, or none (every dim). */
export type DimArg = number | readonly number[] | null | undefined;

/** Keyword-only options of reductions that take `dtype` (`x.sum(1, true, { dtype: "float64" })`). */
export interface DtypeOptions {
  dtype?: DType | string;
}

/** A `[values, indices]` pair that also exposes `.values` and `.indices` (PyTorch's named tuple). */
export type ValuesIndices = [Tensor, Tensor] & { readonly values: Tensor; readonly indices: Tensor };

export function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  const r = [values, indices] as unknown as ValuesIndices;
  Object.defineProperty(r, "values", { value: values, enumerable: false });
  Object.defineProperty(r, "indices", { value: indices, enumerable: false });
  return r;
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Tensor) && !ArrayBuffer.isView(x);
}

/** The option names of reductions taking `dim`, `keepdim` and `dtype` (sum, mean, prod, …). */
export const REDUCE_KEYS: OptionKeys = optionKeys("dim", "keepdim", "dtype");
/** The option names of ops whose only keyword is `dtype` (softmax, cumsum, norm, …). */
export const DTYPE_KEYS: OptionKeys = optionKeys("dtype");

/**
 * Splits a trailing keyword-options object off positional arguments, checking its keys against
 * `keys` and the positional count against `maxPos` (an extra argument is an error).
 */
export function splitOptions<O extends object>(
  args: readonly unknown[],
  op?: string,
  keys?: OptionKeys,
  maxPos = Infinity,
): { pos: unknown[]; opts: O } {
  const pos = [...args];
  while (pos.length > 0 && pos[pos.length - 1] === undefined) pos.pop();
  let opts = {} as O;
  if (pos.length > 0 && isPlainObject(pos[pos.length - 1])) {
    opts = pos.pop() as O;
    if (op !== undefined && keys !== undefined) checkOptions(op, opts, keys);
  }
  if (op !== undefined && pos.length > maxPos) checkArity(op, pos.length, maxPos);
  return { pos, opts };
}

/** Checks an options object that holds only `dtype` (when one is given). */
export function dtypeOption(op: string, opts: DtypeOptions | undefined): DType | undefined {
  if (opts === undefined) return undefined;
  checkOptions(op, opts, DTYPE_KEYS);
  return parseDtype(op, opts.dtype);
}

export function checkTensor(op: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor: got ${describe(x)}`);
  return x;
}

/** Validates a dim argument's type before normalizing it. */
export function checkDimArg(op: string, dim: unknown): DimArg {
  if (dim === undefined || dim === null || typeof dim === "number") return dim as DimArg;
  if (Array.isArray(dim) && dim.every((d) => typeof d === "number")) return dim as number[];
  throw new TypeError(`[${op}] dim must be a number or a list of numbers: got ${describe(dim)}`);
}

export function parseDtype(op: string, d: unknown): DType | undefined {
  if (d === undefined || d === null) return undefined;
  if (typeof d !== "string") throw new TypeError(`[${op}] dtype must be a dtype name: got ${describeValue(d)}`);
  return toDType(d, op);
}

/** Sorted, normalized dims to reduce (every dim when `dim` is absent). */
export function reduceDims(op: string, x: Tensor, dim: DimArg): number[] {
  return normalizeDims(op, checkDimArg(op, dim), x.dim());
}

/** The shape with reduced dims set to 1. */
export function keepShape(shape: Shape, dims: readonly number[]): number[] {
  return shape.map((s, i) => (dims.includes(i) ? 1 : s));
}

/** The shape with reduced dims removed. */
export function dropShape(shape: Shape, dims: readonly number[]): number[] {
  return shape.filter((_, i) => !dims.includes(i));
}

/** A fresh contiguous tensor seen with another shape of the same numel (no autograd). */
export function reshaped(t: Tensor, shape: Shape): Tensor {
  if (shapesEqual(t.shape, shape)) return t;
  return new Tensor(t.storage, shape, contiguousStrides(shape), 0, t.dtype);
}

/** Refuses reducing an empty tensor where the op has no identity (max, amin, argmax, …). */
export function checkNonEmpty(op: string, x: Tensor, dims: readonly number[], full: boolean): void {
  if (x.numel() !== 0) return;
  if (full && x.dim() !== 0 && dims.length === x.dim()) {
    throw new RangeError(
      `[${op}] cannot reduce an empty tensor without a dim: got shape [${x.shape.join(", ")}], expected a dim to reduce over (specify the dim argument)`,
    );
  }
  for (const d of dims) {
    if (x.shape[d] === 0) {
      throw new RangeError(
        `[${op}] reduction dim ${d} of an empty tensor has size 0: got shape [${x.shape.join(", ")}], expected non-zero size`,
      );
    }
  }
}

/** Runs a reduce kernel; the result has the keepdim shape or the reduced one. */
export function runReduce(op: ReduceOp, x: Tensor, dims: readonly number[], keepdim: boolean, outDtype: DType): Tensor {
  const ks = keepShape(x.shape, dims);
  const out = uninit(ks, outDtype, op, x);
  activeBackend().reduce[op](x._v, dims, out._v);
  return keepdim ? out : reshaped(out, dropShape(x.shape, dims));
}

/** A reduced gradient (keepdim or not) expanded back to the input's shape, differentiably. */
export function expandGrad(g: Tensor, shape: Shape, dims: readonly number[]): Tensor {
  const ks = keepShape(shape, dims);
  const gk = shapesEqual(g.shape, ks) ? g : g.reshape(ks);
  return shapesEqual(gk.shape, shape) ? gk : gk.expand([...shape]);
}

/** `cond ? a : b` (torch.where, differentiable in a and b). */
export { where as select } from "./composite.js";

/**
 * `x.gather(dim, index)` recorded as `name`, seen with `outShape` (e.g. the reduced dim dropped);
 * its backward scatters the gradient into zeros at `index`.
 */
export function takeAlong(name: string, x: Tensor, dim: number, index: Tensor, outShape: Shape = index.shape): Tensor {
  const vk = empty(index.shape, x.dtype, name, x);
  if (vk.numel() > 0) activeBackend().gather(x._v, dim, index._v, vk._v);
  const out = reshaped(vk, outShape);
  return record(name, out, [x], (g) => [scatterZeros(g, x.shape, dim, index)], [index]);
}

/** Zeros of `shape` with `src` added at `index` along `dim` (recorded; backward gathers). */
export function scatterZeros(src: Tensor, shape: Shape, dim: number, index: Tensor): Tensor {
  const out = empty(shape, src.dtype, "scatterAdd", src);
  const s = shapesEqual(src.shape, index.shape) ? src : src.reshape([...index.shape]);
  if (index.numel() > 0) activeBackend().scatter(out._v, dim, index._v, s._v, "add");
  return record("ScatterAddBackward0", out, [s], (g) => [takeAlong("GatherBackward0", g, dim, index)]);
}
