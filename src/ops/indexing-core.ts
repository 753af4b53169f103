/**
 * `x.index(...)` and `x.indexPut_(...)`: PyTorch's indexing vocabulary (integers, slices, None,
 * ellipsis, boolean masks, integer tensors). Basic indices make views; advanced ones copy.
 * See docs/indexing.md.
 */
import { checkValuesInRange } from "./check-values.js";
import { noGrad } from "../autograd/mode.js";
import { activeBackend } from "../backend/registry.js";
import type { View } from "../backend/backend.js";
import { tensor as makeTensor } from "../tensor/creation.js";
import { isFloatingPoint } from "../tensor/dtype.js";
import { broadcastShapes, formatShape, numel, type Shape } from "../tensor/shape.js";
import { Tensor, type NestedArray } from "../tensor/tensor.js";
import {
  asTensor,
  castTo,
  checkInplace,
  describe,
  empty,
  expandedView,
  inplace,
  needsGrad,
  record,
  sumToShape,
  type TensorLike,
} from "./define.js";
import { copyOf } from "./movement-copy.js";
import { alias, select, sliceDim } from "./movement-slice.js";
import { permute, reshape, unsqueeze, viewStrides } from "./movement-view.js";
import { defineOp } from "./registry.js";

/** A Python slice `start:stop:step`; omitted or null parts take their defaults. */
export interface Slice {
  readonly start?: number | null;
  readonly stop?: number | null;
  readonly step?: number | null;
  readonly __slice: true;
}

/**
 * A slice object, like Python's `slice(start, stop, step)`.
 * @example x.index(torch.slice(1, null, 2)) // x[1::2]
 */
export function slice(start?: number | null, stop?: number | null, step?: number | null): Slice {
  return { start: start ?? null, stop: stop ?? null, step: step ?? null, __slice: true };
}

/**
 * One index: an integer, a slice string (`"1:3"`, `":"`, `"::2"`), a `slice()` object, `null`
 * (new axis), `"..."`, a boolean, a bool/uint8 mask tensor, or an integer tensor or array.
 */
export type Index = number | string | Slice | null | boolean | Tensor | NestedArray<number | boolean>;

type Item =
  | { kind: "int"; i: number }
  | { kind: "slice"; start: number; stop: number; step: number }
  | { kind: "none" }
  | { kind: "ellipsis" }
  | { kind: "tensor"; t: Tensor }
  | { kind: "mask"; t: Tensor };

const SLICE_RE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

function isSlice(x: unknown): x is Slice {
  return typeof x === "object" && x !== null && (x as Slice).__slice === true;
}

function toSliceItem(op: string, start: number | null, stop: number | null, step: number | null): Item {
  for (const v of [start, stop, step]) {
    if (v !== null && !Number.isInteger(v)) throw new TypeError(`[${op}] slice bounds must be integers: got ${v}`);
  }
  const st = step ?? 1;
  if (st <= 0) throw new RangeError(`[${op}] step must be greater than zero: got ${st}`);
  return { kind: "slice", start: start ?? 0, stop: stop ?? Number.MAX_SAFE_INTEGER, step: st };
}

function parseItem(op: string, ix: Index): Item {
  if (ix === null) return { kind: "none" };
  if (typeof ix === "number") {
    if (!Number.isInteger(ix)) {
      throw new TypeError(
        `[${op}] only integers, slices, "...", null and integer or boolean tensors are valid indices: got ${ix}`,
      );
    }
    return { kind: "int", i: ix };
  }
  if (typeof ix === "boolean") return { kind: "mask", t: makeTensor(ix) };
  if (typeof ix === "string") {
    if (ix.trim() === "...") return { kind: "ellipsis" };
    const m = SLICE_RE.exec(ix);
    if (m === null)
      throw new TypeError(
        `[${op}] invalid index string ${JSON.stringify(ix)}: expected a slice like "1:3", "::2" or "..."`,
      );
    const num = (s: string | undefined): number | null => (s === undefined ? null : Number(s));
    return toSliceItem(op, num(m[1]), num(m[2]), num(m[3]));
  }
  if (isSlice(ix)) return toSliceItem(op, ix.start ?? null, ix.stop ?? null, ix.step ?? null);
  let t: Tensor;
  if (ix instanceof Tensor) t = ix;
  else if (Array.isArray(ix)) t = ix.length === 0 ? Tensor._empty([0], "int64") : makeTensor(ix as never);
  else throw new TypeError(`[${op}] invalid index: got ${describe(ix)}`);
  if (t.dtype === "bool" || t.dtype === "uint8") return { kind: "mask", t };
  if (t.dtype !== "int64") {
    throw new TypeError(`[${op}] tensors used as indices must be long, byte or bool tensors: got ${t.dtype}`);
  }
  return { kind: "tensor", t };
}

/** Advanced indices left after basic indexing: dims of the view, and their index tensors. */
interface Advanced {
  dims: number[];
  indices: Tensor[];
  /**
   * Masks held on a device, left as masks (`applyBasic`'s `keepDeviceMasks`): their nonzero
   * positions, and so the number of indexed elements, cannot be read synchronously.
   */
  masks: { t: Tensor; pos: number }[];
}

/** Applies the basic part of `indices` to `x` (views, recorded) and collects advanced indices. */
function applyBasic(
  op: string,
  x: Tensor,
  indices: readonly Index[],
  keepDeviceMasks = false,
): { view: Tensor; adv: Advanced } {
  const items = indices.map((ix) => parseItem(op, ix));
  let consumed = 0;
  let ellipses = 0;
  for (const it of items) {
    if (it.kind === "int" || it.kind === "slice" || it.kind === "tensor") consumed++;
    else if (it.kind === "mask") consumed += it.t.dim();
    else if (it.kind === "ellipsis") ellipses++;
  }
  if (ellipses > 1) throw new RangeError(`[${op}] an index can only have a single ellipsis ("...")`);
  if (consumed > x.dim()) throw new RangeError(`[${op}] too many indices for tensor of dimension ${x.dim()}`);
  let cur = x;
  let pos = 0; // dim of `cur` the next index applies to
  let real = 0; // dim of `x` it applies to (for error messages, as PyTorch reports)
  const adv: Advanced = { dims: [], indices: [], masks: [] };
  for (const it of items) {
    switch (it.kind) {
      case "int": {
        const size = cur.shape[pos]!;
        if (it.i < -size || it.i >= size) {
          throw new RangeError(`[${op}] index ${it.i} is out of bounds for dimension ${real} with size ${size}`);
        }
        cur = select(cur, pos, it.i);
        real++;
        break;
      }
      case "slice":
        cur = sliceDim(cur, pos, it.start, it.stop, it.step);
        pos++;
        real++;
        break;
      case "none":
        cur = unsqueeze(cur, pos);
        pos++;
        break;
      case "ellipsis":
        pos += x.dim() - consumed;
        real += x.dim() - consumed;
        break;
      case "tensor":
        adv.dims.push(pos++);
        adv.indices.push(it.t);
        real++;
        break;
      case "mask": {
        const m = it.t;
        if (m.dim() === 0) {
          // x[True] adds a dim of size 1; x[False] one of size 0.
          cur = unsqueeze(cur, pos);
          adv.dims.push(pos++);
          adv.indices.push(
            Tensor._fromArray(m.item() ? BigInt64Array.of(0n) : new BigInt64Array(0), [m.item() ? 1 : 0], "int64"),
          );
          break;
        }
        for (let k = 0; k < m.dim(); k++) {
          if (m.shape[k] !== cur.shape[pos + k]) {
            throw new RangeError(
              `[${op}] The shape of the mask ${formatShape(m.shape)} at index ${k} does not match the shape of the indexed tensor ${formatShape(cur.shape)} at index ${pos + k}`,
            );
          }
        }
        if (keepDeviceMasks && m.storage.device !== "cpu") {
          adv.masks.push({ t: m, pos });
          pos += m.dim();
          real += m.dim();
          break;
        }
        const nz = activeBackend().nonzero(m._v);
        const count = nz.length / m.dim();
        for (let k = 0; k < m.dim(); k++) {
          const col = new BigInt64Array(count);
          for (let r = 0; r < count; r++) col[r] = BigInt(nz[r * m.dim() + k]!);
          adv.dims.push(pos++);
          adv.indices.push(Tensor._fromArray(col, [count], "int64"));
        }
        real += m.dim();
        break;
      }
    }
  }
  return { view: cur, adv };
}

/** Where advanced indexing puts its dims, and the normalised (bounds-checked) index arrays. */
interface Plan {
  /** Broadcast shape of the index tensors. */
  b: number[];
  /** Shape of the result. */
  out: number[];
  /** Permutation taking result dims to the order [b…, rest…]. */
  toFront: number[];
  /** Non-indexed dims of the view, in order. */
  rest: number[];
  /**
   * One contiguous int64 index tensor per advanced dim, broadcast to `b`. Index tensors held on
   * the CPU are bounds-checked and made non-negative here (and stay on the CPU: the caller
   * uploads what it needs); device ones are used as they are, on the device (its kernels count
   * negative indices from the end; the bounds check runs there as a device check).
   */
  idx: Tensor[];
  /** The values of `idx` when all were on the CPU (then checked and non-negative), else null. */
  host: BigInt64Array[] | null;
}

function plan(op: string, v: Tensor, adv: Advanced): Plan {
  let b: number[];
  try {
    b = broadcastShapes(op, ...adv.indices.map((t) => t.shape));
  } catch {
    throw new RangeError(
      `[${op}] shape mismatch: indexing tensors could not be broadcast together with shapes ${adv.indices.map((t) => formatShape(t.shape)).join(", ")}`,
    );
  }
  const n = numel(b);
  const dev = v.storage.device;
  const host: BigInt64Array[] = [];
  const idx = adv.indices.map((t, j) => {
    const size = v.shape[adv.dims[j]!]!;
    if (t.storage.device !== "cpu") {
      // PyTorch takes index tensors on the CPU or on the indexed tensor's device
      if (t.storage.device !== dev)
        throw new Error(`[${op}] indices should be either on cpu or on the same device as the indexed tensor (${dev})`);
      // the CPU's bounds check, as a device check (a failure raises at the next read-back)
      checkValuesInRange(
        op,
        t,
        -size,
        size,
        (i) => `[${op}] index ${i} is out of bounds for dimension ${j} with size ${size}`,
      );
      return noGrad(() =>
        (t.shape.length === b.length && t.shape.every((s, k) => s === b[k]) ? t : t.expand(b)).contiguous(),
      );
    }
    const src = Tensor._empty(b, t.dtype);
    activeBackend().copy(expandedView(t, b), src._v);
    const vals = src._values();
    const arr = new BigInt64Array(n);
    for (let p = 0; p < n; p++) {
      const i = vals[p]!;
      if (i < -size || i >= size)
        throw new RangeError(`[${op}] index ${i} is out of bounds for dimension ${j} with size ${size}`);
      arr[p] = BigInt(i < 0 ? i + size : i);
    }
    host.push(arr);
    return Tensor._fromArray(arr, b, "int64");
  });
  const dims = adv.dims;
  const rest = v.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const adjacent = dims.every((d, k) => k === 0 || d === dims[k - 1]! + 1);
  const at = adjacent ? dims[0]! : 0; // where the broadcast dims land in the result
  const restShape = rest.map((d) => v.shape[d]!);
  const out = [...restShape.slice(0, at), ...b, ...restShape.slice(at)];
  const toFront = [...b.map((_, k) => at + k), ...restShape.map((_, k) => (k < at ? k : k + b.length))];
  return { b, out, toFront, rest, idx, host: host.length === idx.length ? host : null };
}

/** The view `t` permuted to [b…, rest…] and its leading b dims merged (strides must allow it). */
function frontView(t: View, p: Plan, merge: boolean): View {
  const shape = p.toFront.map((d) => t.shape[d]!);
  const strides = p.toFront.map((d) => t.strides[d]!);
  if (!merge) return { ...t, shape, strides };
  const merged = [numel(p.b), ...shape.slice(p.b.length)];
  const st = viewStrides(shape, strides, merged);
  if (st === null) throw new Error("[index] internal error: result dims not mergeable");
  return { ...t, shape: merged, strides: st };
}

/**
 * The linear index into the flattened indexed dims (sizes `sizes`), computed on the device from
 * the plan's index tensors (some on the device: their values cannot be read here). Negative
 * indices count from the end; a position with an index out of range (already reported by the
 * plan's device check) gets a linear index below −total, which the device's indexSelect skips.
 */
function deviceLinearIndex(p: Plan, sizes: readonly number[]): Tensor {
  const n = numel(p.b);
  const total = numel(sizes);
  const dev = p.idx.find((t) => t.storage.device !== "cpu")!.device;
  if (p.idx.length === 1) return reshape(p.idx[0]!, [n]); // indexSelect wraps and bounds it
  let lin: Tensor | null = null;
  let bad: Tensor | null = null;
  for (let j = 0; j < p.idx.length; j++) {
    const size = sizes[j]!;
    const e = reshape(p.idx[j]!.to(dev), [n]);
    const k = e.add(e.lt(0).to("int64").mul(size));
    const out = k.lt(0).logicalOr(k.ge(size));
    const term = k.mul(numel(sizes.slice(j + 1)));
    lin = lin === null ? term : lin.add(term);
    bad = bad === null ? out : bad.logicalOr(out);
  }
  return lin!.maskedFill(bad!, -total - 1);
}

/** Gathers `v` at advanced indices (a copy), recorded as `IndexBackward0`. */
function advancedIndex(op: string, v: Tensor, adv: Advanced): Tensor {
  const p = plan(op, v, adv);
  const out = empty(p.out, v.dtype, op, v);
  // Flatten the indexed dims of v into one, then one indexSelect over the linear index.
  const perm = [...adv.dims, ...p.rest];
  const vp = noGrad(() => permute(v, perm));
  const sizes = adv.dims.map((d) => v.shape[d]!);
  const flat = noGrad(() => reshape(vp, [numel(sizes), ...p.rest.map((d) => v.shape[d]!)]));
  const n = numel(p.b);
  let linT: Tensor;
  if (p.host !== null) {
    const lin = new BigInt64Array(n);
    for (let j = 0; j < p.host.length; j++) {
      const a = p.host[j]!;
      const mul = BigInt(numel(sizes.slice(j + 1)));
      for (let q = 0; q < n; q++) lin[q] = lin[q]! + a[q]! * mul;
    }
    linT = Tensor._fromArray(lin, [n], "int64").to(v.device); // uploaded once for a device input
  } else {
    linT = noGrad(() => deviceLinearIndex(p, sizes));
  }
  activeBackend().indexSelect(flat._v, 0, linT._v, frontView(out._v, p, true));
  const inShape = v.shape;
  return record("IndexBackward0", out, [v], (g) => {
    const z = Tensor._empty(inShape, g.dtype, op, g);
    return [advancedPut(op, z, adv, g, true)];
  });
}

/** Writes `values` at advanced indices of `target`, in place (no autograd). */
function putAdvanced(op: string, target: Tensor, adv: Advanced, values: Tensor, accumulate: boolean): void {
  const p = plan(op, target, adv);
  const vals = fitValues(op, values, p.out);
  const vv = frontView(expandedView(vals, p.out), p, false);
  const idx = p.idx.map((t) => t.to(target.device)._v); // CPU index lists go to a device target
  activeBackend().indexPut(permuted(target._v, [...adv.dims, ...p.rest]), idx, vv, accumulate);
}

/** Writes `values` at advanced indices of a copy of `base`, recorded as `IndexPutBackward0`. */
function advancedPut(op: string, base: Tensor, adv: Advanced, values: Tensor, accumulate: boolean): Tensor {
  const out = copyOf(base);
  const cast = castTo(values, base.dtype);
  putAdvanced(op, out, adv, cast, accumulate);
  const vShape = values.shape;
  return record("IndexPutBackward0", out, [base, values], (g) => {
    const picked = advancedIndex(op, g, adv);
    const fitted = fitValues(op, values, picked.shape);
    return [
      accumulate ? g : advancedPut(op, g, adv, Tensor._empty([], g.dtype, op, g), false),
      isFloatingPoint(values.dtype) ? reshape(castTo(sumToShape(picked, fitted.shape), values.dtype), vShape) : null,
    ];
  });
}

function permuted(v: View, perm: readonly number[]): View {
  return { ...v, shape: perm.map((d) => v.shape[d]!), strides: perm.map((d) => v.strides[d]!) };
}

/** Values for a write into `shape`: leading size-1 dims dropped, then broadcast-checked. */
function fitValues(op: string, values: Tensor, shape: Shape): Tensor {
  let v = values;
  while (v.dim() > shape.length && v.shape[0] === 1) v = noGrad(() => reshape(v, v.shape.slice(1)));
  let ok = v.dim() <= shape.length;
  for (let i = 1; ok && i <= v.dim(); i++) {
    const s = v.shape[v.dim() - i]!;
    if (s !== 1 && s !== shape[shape.length - i]) ok = false;
  }
  if (!ok) {
    throw new RangeError(
      `[${op}] shape mismatch: value tensor of shape ${formatShape(values.shape)} cannot be broadcast to indexing result of shape ${formatShape(shape)}`,
    );
  }
  return v;
}

/**
 * Reads `x[indices…]` with PyTorch's full vocabulary. Basic indices (integers, slices, null,
 * "...") give a view sharing storage; masks and integer tensors/arrays give a copy.
 * @example x.index(0, "1:", null, [2, 0])  // x[0, 1:, None, [2, 0]] (fragment)
 */
export const index = defineOp(
  "index",
  { family: "indexing", mode: "method", maxArgs: Infinity },
  function index(x: Tensor, ...indices: Index[]): Tensor {
    return indexAs("index", x, indices);
  },
);

/** @internal `index` reporting errors as `op`. */
export function indexAs(op: string, x: Tensor, indices: readonly Index[]): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor: got ${describe(x)}`);
  const { view, adv } = applyBasic(op, x, indices);
  if (adv.dims.length === 0) return view === x ? alias(x) : view;
  return advancedIndex(op, view, adv);
}

/**
 * Out-of-place `x[indices…] = values` (PyTorch's `index_put`, with the full index vocabulary):
 * a copy of `x` with `values` (broadcast, cast to x's dtype) written, or added when `accumulate`.
 * @example torch.indexPut(x, [0, ":"], 1)
 */
export const indexPut = defineOp(
  "indexPut",
  { family: "indexing", mode: "method", gradNames: ["IndexPutBackward0"], maxArgs: 4 },
  function indexPut(x: Tensor, indices: readonly Index[], values: TensorLike, accumulate = false): Tensor {
    return indexPutImpl("indexPut", x, indices, values, accumulate);
  },
);

/** Writes `vals` (already x's dtype) at `indices` of `x`, in place, without autograd. */
function writeInto(op: string, x: Tensor, indices: readonly Index[], vals: Tensor, accumulate: boolean): void {
  noGrad(() => {
    let { view: target, adv } = applyBasic(op, x, indices, true);
    if (adv.masks.length > 0) {
      if (putMasked(op, target, adv, vals, accumulate)) return;
      ({ view: target, adv } = applyBasic(op, x, indices)); // the mask's positions are needed
    }
    if (adv.dims.length > 0) return putAdvanced(op, target, adv, vals, accumulate);
    const src = expandedView(fitValues(op, vals, target.shape), target.shape);
    if (accumulate) activeBackend().binary.add(target._v, src, target._v);
    else activeBackend().copy(src, target._v);
  });
}

/**
 * `target[mask] = vals` (or `+=`) for a mask held on a device, as a select: `where(mask, vals,
 * target)`, which needs no count of the mask's true elements — so only for values that do not
 * run along the masked elements (a scalar, or values broadcasting over the dims after the
 * mask), PyTorch's masked_fill path. Other forms need the mask's positions: false, written nothing.
 */
function putMasked(op: string, target: Tensor, adv: Advanced, vals: Tensor, accumulate: boolean): boolean {
  const { t: m, pos } = adv.masks[0]!;
  const after = target.dim() - pos - m.dim();
  let v = vals;
  while (v.dim() > after && v.shape[0] === 1) v = reshape(v, v.shape.slice(1));
  if (adv.masks.length > 1 || adv.dims.length > 0 || v.dim() > after) return false;
  const shape = target.shape;
  const src = expandedView(fitValues(op, v, shape.slice(pos + m.dim())), shape);
  const mask = expandedView(
    reshape(m.dtype === "bool" ? m : m.ne(0), [...m.shape, ...new Array<number>(after).fill(1)]),
    shape,
  );
  const picked = empty(shape, target.dtype, op, target);
  const other = accumulate ? expandedView(Tensor._empty([], target.dtype, op, target), shape) : target._v;
  activeBackend().where(mask, src, other, picked._v);
  if (accumulate) activeBackend().binary.add(target._v, picked._v, target._v);
  else activeBackend().copy(picked._v, target._v);
  return true;
}

function checkPutArgs(op: string, x: Tensor, indices: readonly Index[]): void {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor: got ${describe(x)}`);
  if (!Array.isArray(indices)) throw new TypeError(`[${op}] indices must be an array: got ${describe(indices)}`);
}

function indexPutImpl(
  op: string,
  x: Tensor,
  indices: readonly Index[],
  values: TensorLike,
  accumulate: boolean,
): Tensor {
  checkPutArgs(op, x, indices);
  const vals = asTensor(values, x.dtype);
  const out = copyOf(x);
  writeInto(op, out, indices, castTo(vals, x.dtype), accumulate);
  return record("IndexPutBackward0", out, [x, vals], (g) => [
    accumulate ? g : indexPut(g, indices, 0, false),
    vals.requiresGrad && isFloatingPoint(vals.dtype) ? valuesGrad(op, g, indices, vals) : null,
  ]);
}

function valuesGrad(op: string, g: Tensor, indices: readonly Index[], vals: Tensor): Tensor {
  const picked = index(g, ...indices);
  const fitted = fitValues(op, vals, picked.shape);
  return reshape(castTo(sumToShape(picked, fitted.shape), vals.dtype), vals.shape);
}

/**
 * In place `x[indices…] = values` (or `+=` when `accumulate`): PyTorch's `index_put_` taking the
 * same indices as `index`. Values broadcast and are cast to x's dtype. Returns x.
 * @example x.indexPut_([mask], 0); x.indexPut_([":", [0, 2]], torch.ones(3, 2)) // fragment
 */
export const indexPut_ = defineOp(
  "indexPut_",
  { family: "indexing", mode: "method", gradNames: ["IndexPutBackward0"], maxArgs: 4 },
  function indexPut_(x: Tensor, indices: readonly Index[], values: TensorLike, accumulate = false): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError(`[indexPut_] expected a Tensor: got ${describe(x)}`);
    if (needsGrad(x, values))
      return inplace("indexPut_", x, (s) => indexPutImpl("indexPut_", s, indices, values, accumulate));
    checkPutArgs("indexPut_", x, indices);
    checkInplace("indexPut_", x);
    const vals = asTensor(values, x.dtype);
    writeInto("indexPut_", x, indices, vals.dtype === x.dtype ? vals : noGrad(() => castTo(vals, x.dtype)), accumulate);
    x._bumpVersion();
    return x;
  },
);
