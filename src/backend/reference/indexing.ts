/** Reference gather/scatter/index kernels, nonzero and sort. */
import type { ScatterReduce, View } from "../backend.js";
import { dropDim, offsets, reader, unravel, writer } from "./iter.js";

function indexValues(index: View): Float64Array {
  const rd = reader(index);
  return Float64Array.from(offsets(index), (o) => rd(o));
}

function checkIndex(op: string, i: number, dim: number, size: number): number {
  if (i < -size || i >= size) {
    throw new RangeError(`[${op}] index ${i} is out of bounds for dimension ${dim} with size ${size}`);
  }
  return i < 0 ? i + size : i;
}

export function gather(x: View, dim: number, index: View, out: View): void {
  const idx = indexValues(index);
  const oo = offsets(out);
  const rd = reader(x);
  const wr = writer(out);
  const coord = new Array<number>(index.shape.length).fill(0);
  const vals = new Float64Array(idx.length);
  for (let p = 0; p < idx.length; p++) {
    unravel(p, index.shape, coord);
    let off = x.offset;
    for (let d = 0; d < coord.length; d++) {
      const c = d === dim ? checkIndex("gather", idx[p]!, d, x.shape[d]!) : coord[d]!;
      off += c * x.strides[d]!;
    }
    vals[p] = rd(off);
  }
  for (let p = 0; p < idx.length; p++) wr(oo[p]!, vals[p]!);
}

export function scatter(dst: View, dim: number, index: View, src: View, reduce: ScatterReduce): void {
  const idx = indexValues(index);
  const so = offsets({ ...src, shape: index.shape });
  const rs = reader(src);
  const rd = reader(dst);
  const wr = writer(dst);
  const coord = new Array<number>(index.shape.length).fill(0);
  for (let p = 0; p < idx.length; p++) {
    unravel(p, index.shape, coord);
    let off = dst.offset;
    for (let d = 0; d < coord.length; d++) {
      const c = d === dim ? checkIndex("scatter", idx[p]!, d, dst.shape[d]!) : coord[d]!;
      off += c * dst.strides[d]!;
    }
    const v = rs(so[p]!);
    if (reduce === "none") wr(off, v);
    else if (reduce === "add") wr(off, rd(off) + v);
    else wr(off, rd(off) * v);
  }
}

export function indexSelect(x: View, dim: number, index: View, out: View): void {
  const idx = indexValues(index);
  const size = x.shape[dim]!;
  const xs = dropDim(x, dim);
  const os = dropDim(out, dim);
  const xo = offsets(xs);
  const oo = offsets(os);
  const rd = reader(x);
  const wr = writer(out);
  for (let k = 0; k < idx.length; k++) {
    const i = checkIndex("indexSelect", idx[k]!, dim, size);
    for (let p = 0; p < xo.length; p++) wr(oo[p]! + k * out.strides[dim]!, rd(xo[p]! + i * x.strides[dim]!));
  }
}

export function indexPut(dst: View, indices: readonly View[], values: View, accumulate: boolean): void {
  const k = indices.length;
  const idx = indices.map(indexValues);
  const rest: View = {
    data: dst.data,
    dtype: dst.dtype,
    shape: dst.shape.slice(k),
    strides: dst.strides.slice(k),
    offset: 0,
  };
  const restOffs = offsets(rest);
  const vo = offsets(values);
  const rv = reader(values);
  const rd = reader(dst);
  const wr = writer(dst);
  const count = idx[0]!.length;
  // Read all values first: `values` may alias `dst`.
  const vals = Float64Array.from(vo, (o) => rv(o));
  for (let p = 0; p < count; p++) {
    let base = dst.offset;
    for (let d = 0; d < k; d++) base += checkIndex("indexPut", idx[d]![p]!, d, dst.shape[d]!) * dst.strides[d]!;
    for (let r = 0; r < restOffs.length; r++) {
      const off = base + restOffs[r]!;
      const v = vals[p * restOffs.length + r]!;
      wr(off, accumulate ? rd(off) + v : v);
    }
  }
}

export function nonzero(x: View): Float64Array {
  const xo = offsets(x);
  const rd = reader(x);
  const nd = x.shape.length;
  const hits: number[] = [];
  const coord = new Array<number>(nd).fill(0);
  for (let p = 0; p < xo.length; p++) {
    if (rd(xo[p]!) !== 0) {
      unravel(p, x.shape, coord);
      hits.push(...coord);
    }
  }
  return Float64Array.from(hits);
}

export function sort(x: View, dim: number, descending: boolean, _stable: boolean, values: View, indices: View): void {
  const n = x.shape[dim]!;
  const xs = offsets(dropDim(x, dim));
  const vs = offsets(dropDim(values, dim));
  const is = offsets(dropDim(indices, dim));
  const rd = reader(x);
  const wv = writer(values);
  const wi = writer(indices);
  const order = new Array<number>(n);
  const line = new Float64Array(n);
  // NaN is larger than every number: last ascending, first descending. Array sort is stable.
  const cmp = (i: number, j: number): number => {
    const a = line[i]!;
    const b = line[j]!;
    const an = Number.isNaN(a);
    const bn = Number.isNaN(b);
    if (an || bn) return an === bn ? 0 : (an ? 1 : -1) * (descending ? -1 : 1);
    return descending ? b - a || 0 : a - b || 0;
  };
  for (let l = 0; l < xs.length; l++) {
    for (let k = 0; k < n; k++) {
      line[k] = rd(xs[l]! + k * x.strides[dim]!);
      order[k] = k;
    }
    order.sort(cmp);
    for (let k = 0; k < n; k++) {
      wv(vs[l]! + k * values.strides[dim]!, line[order[k]!]!);
      wi(is[l]! + k * indices.strides[dim]!, order[k]!);
    }
  }
}
