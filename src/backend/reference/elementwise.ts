/** Reference elementwise kernels: unary, binary, where, copy, fill. */
import { isFloatingPoint, writeNumber } from "../../tensor/dtype.js";
import { BINARY_OPS, UNARY_OPS, type BinaryOp, type UnaryOp, type View } from "../backend.js";
import { BINARY_FN, UNARY_FN, type IntMode } from "../primitives.js";
import { offsets, reader, writer } from "./iter.js";
import { isContiguousLayout } from "../../tensor/shape.js";

type FloatArray = Float32Array | Float64Array;

/** A float32/float64 view whose elements are `data[offset + i]` in row-major order. */
function denseFloat(v: View): boolean {
  return (v.dtype === "float32" || v.dtype === "float64") && isContiguousLayout(v.shape, v.strides);
}

/** A view that repeats one element everywhere (a broadcast scalar). */
function isSplat(v: View): boolean {
  return (v.dtype === "float32" || v.dtype === "float64") && v.strides.every((s) => s === 0);
}

const FLOAT_MODE: IntMode = { integral: false, bool: false };
const INT_MODE: IntMode = { integral: true, bool: false };
const BOOL_MODE: IntMode = { integral: true, bool: true };

function intMode(v: View): IntMode {
  return v.dtype === "bool" ? BOOL_MODE : isFloatingPoint(v.dtype) ? FLOAT_MODE : INT_MODE;
}

function unaryKernel(op: UnaryOp) {
  const f = UNARY_FN[op];
  const generic = (x: View, out: View): void => {
    const xo = offsets(x);
    const oo = offsets(out);
    const rd = reader(x);
    const wr = writer(out);
    const m = intMode(x);
    for (let i = 0; i < xo.length; i++) wr(oo[i]!, f(rd(xo[i]!), m));
  };
  const dense = (x: View, out: View): boolean => {
    if (!denseFloat(x) || !denseFloat(out)) return false;
    if (x.data === out.data && x.offset !== out.offset) return false;
    const xd = x.data as FloatArray;
    const od = out.data as FloatArray;
    const m = intMode(x);
    const n = out.shape.reduce((p, q) => p * q, 1);
    for (let i = 0, xi = x.offset, oi = out.offset; i < n; i++) od[oi++] = f(xd[xi++]!, m);
    return true;
  };
  return (x: View, out: View): void => {
    if (!dense(x, out)) generic(x, out);
  };
}

function binaryKernel(op: BinaryOp) {
  const f = BINARY_FN[op];
  const generic = (a: View, b: View, out: View): void => {
    const ao = offsets(a);
    const bo = offsets(b);
    const oo = offsets(out);
    const ra = reader(a);
    const rb = reader(b);
    const wr = writer(out);
    const m = intMode(a);
    // Read everything first: an in-place output may alias an input through a different view.
    const res = new Float64Array(oo.length);
    for (let i = 0; i < oo.length; i++) res[i] = f(ra(ao[i]!), rb(bo[i]!), m);
    for (let i = 0; i < oo.length; i++) wr(oo[i]!, res[i]!);
  };
  // Dense float operands (or a broadcast scalar) skip the offset tables. The output is fresh
  // or an in-place alias at the same positions, so reading and writing index i together is safe.
  const dense = (a: View, b: View, out: View): boolean => {
    if (!denseFloat(out) || a.dtype !== b.dtype) return false;
    const aDense = denseFloat(a);
    const bDense = denseFloat(b);
    if (!(aDense || isSplat(a)) || !(bDense || isSplat(b))) return false;
    if (
      (aDense && a.data === out.data && a.offset !== out.offset) ||
      (bDense && b.data === out.data && b.offset !== out.offset)
    ) {
      return false;
    }
    const ad = a.data as FloatArray;
    const bd = b.data as FloatArray;
    const od = out.data as FloatArray;
    const m = intMode(a);
    const n = out.shape.reduce((p, q) => p * q, 1);
    const as = aDense ? 1 : 0;
    const bs = bDense ? 1 : 0;
    for (let i = 0, ai = a.offset, bi = b.offset, oi = out.offset; i < n; i++, ai += as, bi += bs)
      od[oi++] = f(ad[ai]!, bd[bi]!, m);
    return true;
  };
  return (a: View, b: View, out: View): void => {
    if (!dense(a, b, out)) generic(a, b, out);
  };
}

export const unary = Object.fromEntries(UNARY_OPS.map((op) => [op, unaryKernel(op)])) as Record<
  UnaryOp,
  (x: View, out: View) => void
>;

export const binary = Object.fromEntries(BINARY_OPS.map((op) => [op, binaryKernel(op)])) as Record<
  BinaryOp,
  (a: View, b: View, out: View) => void
>;

export function where(cond: View, a: View, b: View, out: View): void {
  const co = offsets(cond);
  const ao = offsets(a);
  const bo = offsets(b);
  const oo = offsets(out);
  const rc = reader(cond);
  const ra = reader(a);
  const rb = reader(b);
  const wr = writer(out);
  const res = new Float64Array(oo.length);
  for (let i = 0; i < oo.length; i++) res[i] = rc(co[i]!) !== 0 ? ra(ao[i]!) : rb(bo[i]!);
  for (let i = 0; i < oo.length; i++) wr(oo[i]!, res[i]!);
}

/** Same dtype, both row-major: one block move (TypedArray.set handles overlapping buffers). */
function copyDense(src: View, dst: View): boolean {
  if (
    src.dtype !== dst.dtype ||
    !isContiguousLayout(src.shape, src.strides) ||
    !isContiguousLayout(dst.shape, dst.strides)
  ) {
    return false;
  }
  const n = dst.shape.reduce((p, q) => p * q, 1);
  if (n === 0) return true; // a 0-size view's offset may lie past the end of its buffer
  const s = src.data as Float64Array;
  (dst.data as Float64Array).set(s.subarray(src.offset, src.offset + n), dst.offset);
  return true;
}

export function copy(src: View, dst: View): void {
  if (copyDense(src, dst)) return;
  const so = offsets(src);
  const dof = offsets(dst);
  if (src.dtype === "int64" && dst.dtype === "int64") {
    // Exact for the full int64 range: no detour through float64.
    const s = src.data as BigInt64Array;
    const d = dst.data as BigInt64Array;
    const tmp = new BigInt64Array(so.length);
    for (let i = 0; i < so.length; i++) tmp[i] = s[so[i]!]!;
    for (let i = 0; i < so.length; i++) d[dof[i]!] = tmp[i]!;
    return;
  }
  if (src.dtype === dst.dtype) {
    // Same dtype: move raw elements (keeps NaN payloads and 16-bit patterns exactly).
    const s = src.data as Float64Array;
    const d = dst.data as Float64Array;
    const tmp = new Array<number>(so.length);
    for (let i = 0; i < so.length; i++) tmp[i] = s[so[i]!]!;
    for (let i = 0; i < so.length; i++) d[dof[i]!] = tmp[i]!;
    return;
  }
  const rd = reader(src);
  const tmp = new Float64Array(so.length);
  for (let i = 0; i < so.length; i++) tmp[i] = rd(so[i]!);
  if (isFloatingPoint(src.dtype) && !isFloatingPoint(dst.dtype) && dst.dtype !== "bool") {
    // x86 float→int: out-of-range and NaN give INT_MIN (int64: INT64_MIN); narrower ints convert
    // through int32 first (double→uint8 through int64), then keep the low bits.
    const wide = dst.dtype === "int64" || (dst.dtype === "uint8" && src.dtype === "float64");
    const lim = wide ? 2 ** 63 : 2 ** 31;
    for (let i = 0; i < tmp.length; i++) {
      const t = Math.trunc(tmp[i]!);
      tmp[i] = t >= -lim && t < lim ? t : -lim;
    }
  }
  if (dst.dtype === "int64" && src.dtype !== "int64") {
    for (let i = 0; i < so.length; i++) writeNumber(dst.data, "int64", dof[i]!, tmp[i]!);
    return;
  }
  const wr = writer(dst);
  for (let i = 0; i < so.length; i++) wr(dof[i]!, tmp[i]!);
}

export function fill(dst: View, value: number | bigint): void {
  const dof = offsets(dst);
  if (dst.dtype === "int64") {
    const v = typeof value === "bigint" ? BigInt.asIntN(64, value) : null;
    const d = dst.data as BigInt64Array;
    if (v !== null) {
      for (let i = 0; i < dof.length; i++) d[dof[i]!] = v;
      return;
    }
  }
  const wr = writer(dst);
  const x = typeof value === "bigint" ? Number(value) : value;
  for (let i = 0; i < dof.length; i++) wr(dof[i]!, x);
}
