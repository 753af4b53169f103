/**
 * Computed grids for `contour`, `contourf` and `surface`: shape checks, matplotlib-like level
 * choice, level lines by marching squares and filled bands by clipping each cell's triangles.
 * Pure geometry in data coordinates: the callers turn it into marks.
 */
import { describe as describeValue } from "../util/args.js";
import { Tensor } from "../tensor/tensor.js";
import { toArray, toShaped, type Grid, type Series } from "./data.js";

/** A checked grid: `z[j * nx + i]` is the value at (`xs[i]`, `ys[j]`). */
export interface CheckedGrid {
  xs: number[];
  ys: number[];
  z: number[];
  nx: number;
  ny: number;
  lo: number;
  hi: number;
}

function isSeriesLike(v: unknown): boolean {
  return (
    v instanceof Tensor || (v !== null && typeof v === "object" && typeof (v as ArrayLike<unknown>).length === "number")
  );
}

/** 1-D coordinates from a 1-D series or a meshgrid-style 2-D array (its first row / column). */
function axisValues(op: string, name: string, v: unknown, along: "row" | "col", ny: number, nx: number): number[] {
  if (!isSeriesLike(v))
    throw new TypeError(`[${op}] ${name} must be a tensor or an array of numbers: got ${describeValue(v)}`);
  const first = v instanceof Tensor ? undefined : (v as ArrayLike<unknown>)[0];
  const twoD = v instanceof Tensor ? v.ndim === 2 : isSeriesLike(first);
  if (!twoD) return toArray(v as Series, op);
  const { shape, values } = toShaped(v as Grid, op);
  if (shape[0] !== ny || shape[1] !== nx)
    throw new RangeError(`[${op}] ${name} as a meshgrid must have Z's shape [${ny}, ${nx}]: got [${shape.join(", ")}]`);
  return along === "row" ? values.slice(0, nx) : Array.from({ length: ny }, (_, j) => values[j * nx]!);
}

function checkIncreasing(op: string, name: string, a: number[]): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!)) throw new RangeError(`[${op}] ${name} must be finite: got ${a[i]} at index ${i}`);
    if (i > 0 && !(a[i]! > a[i - 1]!))
      throw new RangeError(`[${op}] ${name} must be strictly increasing: got ${a[i]} after ${a[i - 1]} at index ${i}`);
  }
}

/**
 * Checks `Z` ([ny, nx]) against `xs` (nx values, or a meshgrid [ny, nx]) and `ys` (ny values, or
 * a meshgrid), as matplotlib's `contour(X, Y, Z)`. Non-finite values are holes.
 */
export function checkGrid(op: string, xs: unknown, ys: unknown, Z: unknown): CheckedGrid {
  if (!isSeriesLike(Z))
    throw new TypeError(`[${op}] Z must be a 2-D tensor or an array of rows: got ${describeValue(Z)}`);
  if (!(Z instanceof Tensor) && (Z as ArrayLike<unknown>).length > 0 && !isSeriesLike((Z as ArrayLike<unknown>)[0]))
    throw new RangeError(`[${op}] Z must be a 2-D grid [ny, nx]: got a 1-D array`);
  const { shape, values } = toShaped(Z as Grid, op);
  if (shape.length !== 2)
    throw new RangeError(`[${op}] Z must be a 2-D grid [ny, nx]: got shape [${shape.join(", ")}]`);
  const [ny, nx] = shape as [number, number];
  if (ny < 2 || nx < 2)
    throw new RangeError(`[${op}] Z must have at least 2 rows and 2 columns: got shape [${ny}, ${nx}]`);
  const xv = axisValues(op, "xs", xs, "row", ny, nx);
  const yv = axisValues(op, "ys", ys, "col", ny, nx);
  if (xv.length !== nx)
    throw new RangeError(`[${op}] xs has ${xv.length} values but Z has ${nx} columns: expected ${nx} (Z is [ny, nx])`);
  if (yv.length !== ny)
    throw new RangeError(`[${op}] ys has ${yv.length} values but Z has ${ny} rows: expected ${ny} (Z is [ny, nx])`);
  checkIncreasing(op, "xs", xv);
  checkIncreasing(op, "ys", yv);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (!(lo <= hi)) throw new RangeError(`[${op}] Z has no finite value`);
  return { xs: xv, ys: yv, z: values.map((v) => (Number.isFinite(v) ? v : NaN)), nx, ny, lo, hi };
}

/** A "nice" step (1, 2, 2.5, 5 × 10^k) of at least `raw`. */
export function niceStep(raw: number): number {
  const e = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= raw * (1 - 1e-9)) return m * e;
  return 10 * e;
}

/** Rounds away float noise (0.30000000000000004 → 0.3). */
const clean = (v: number): number => Number(v.toPrecision(12));

/**
 * Level values as matplotlib's MaxNLocator picks them for `levels: n`: nice, evenly spaced,
 * covering [lo, hi] (at most n + 1 intervals).
 */
export function autoLevels(lo: number, hi: number, n: number): number[] {
  if (!(hi > lo)) return [lo - 0.5, lo + 0.5];
  const step = niceStep((hi - lo) / n);
  const start = Math.floor(lo / step + 1e-9) * step;
  const out: number[] = [];
  for (let k = 0; start + k * step < hi + step * (1 - 1e-9); k++) out.push(clean(start + k * step));
  if (out.length < 2) out.push(clean(start + step));
  return out;
}

/** Checks a `levels` option: a positive integer count, or strictly increasing finite numbers. */
export function checkLevels(op: string, levels: unknown, name = "levels"): void {
  if (levels === undefined) return;
  if (typeof levels === "number") {
    if (!Number.isInteger(levels) || levels < 1)
      throw new RangeError(`[${op}] ${name} must be a positive integer count or an array of numbers: got ${levels}`);
    return;
  }
  if (!Array.isArray(levels) || !levels.every((v) => typeof v === "number"))
    throw new TypeError(
      `[${op}] ${name} must be a count or an array of increasing numbers: got ${describeValue(levels)}`,
    );
  if (levels.length === 0) throw new RangeError(`[${op}] ${name} must not be empty`);
  for (let i = 0; i < levels.length; i++) {
    if (!Number.isFinite(levels[i]))
      throw new RangeError(`[${op}] ${name} must be finite: got ${levels[i]} at index ${i}`);
    if (i > 0 && !(levels[i] > levels[i - 1]))
      throw new RangeError(`[${op}] ${name} must be strictly increasing: got ${levels[i]} after ${levels[i - 1]}`);
  }
}

/** The level values for a grid: explicit ones, or `count` (7) nice ones over its range. */
export function gridLevels(g: CheckedGrid, levels: number | number[] | undefined): number[] {
  return Array.isArray(levels) ? [...levels] : autoLevels(g.lo, g.hi, levels ?? 7);
}

/** A polyline in data coordinates; `closed` when it ends where it started. */
export interface Polyline {
  pts: [number, number][];
  closed: boolean;
}

// Marching squares: corners a=(i,j) b=(i+1,j) c=(i+1,j+1) d=(i,j+1); edges 0 a-b, 1 b-c, 2 d-c,
// 3 a-d. Case bit k is set when corner k (a=1, b=2, c=4, d=8) is at or above the level. Each
// case lists the edge pairs its segments join (5 and 10, the saddles, are resolved below).
const CASES: number[][][] = [
  [],
  [[3, 0]],
  [[0, 1]],
  [[3, 1]],
  [[1, 2]],
  [],
  [[0, 2]],
  [[3, 2]],
  [[2, 3]],
  [[2, 0]],
  [],
  [[2, 1]],
  [[1, 3]],
  [[1, 0]],
  [[0, 3]],
  [],
];

/**
 * The level line(s) of `g` at `level`, by marching squares with linear interpolation along the
 * cell edges (saddles split by the cell's mean), joined into polylines.
 */
export function levelLines(g: CheckedGrid, level: number): Polyline[] {
  const { xs, ys, z, nx, ny } = g;
  const vOffset = nx * ny;
  // Edge ids: horizontal edge from (i,j) to (i+1,j) is j*nx+i; vertical from (i,j) to (i,j+1) is vOffset+j*nx+i.
  const edgeId = (i: number, j: number, e: number): number =>
    e === 0 ? j * nx + i : e === 2 ? (j + 1) * nx + i : e === 3 ? vOffset + j * nx + i : vOffset + j * nx + i + 1;
  const point = new Map<number, [number, number]>();
  const at = (id: number): [number, number] => {
    let p = point.get(id);
    if (p === undefined) {
      const vertical = id >= vOffset;
      const k = vertical ? id - vOffset : id;
      const i = k % nx;
      const j = Math.floor(k / nx);
      const z0 = z[k]!;
      const z1 = vertical ? z[k + nx]! : z[k + 1]!;
      const t = z1 === z0 ? 0.5 : (level - z0) / (z1 - z0);
      p = vertical ? [xs[i]!, ys[j]! + t * (ys[j + 1]! - ys[j]!)] : [xs[i]! + t * (xs[i + 1]! - xs[i]!), ys[j]!];
      point.set(id, p);
    }
    return p;
  };
  const segs: [number, number][] = [];
  for (let j = 0; j < ny - 1; j++)
    for (let i = 0; i < nx - 1; i++) {
      const a = z[j * nx + i]!;
      const b = z[j * nx + i + 1]!;
      const c = z[(j + 1) * nx + i + 1]!;
      const d = z[(j + 1) * nx + i]!;
      if (Number.isNaN(a + b + c + d)) continue;
      const idx = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
      let pairs = CASES[idx]!;
      if (idx === 5 || idx === 10) {
        const centreAbove = (a + b + c + d) / 4 >= level;
        // Case 5: a and c above. Centre above joins them (the lines cut off b and d).
        pairs =
          idx === 5
            ? centreAbove
              ? [
                  [0, 1],
                  [2, 3],
                ]
              : [
                  [3, 0],
                  [1, 2],
                ]
            : centreAbove
              ? [
                  [3, 0],
                  [1, 2],
                ]
              : [
                  [0, 1],
                  [2, 3],
                ];
      }
      for (const [e1, e2] of pairs) segs.push([edgeId(i, j, e1!), edgeId(i, j, e2!)]);
    }
  // Join segments that share an edge point.
  const byEdge = new Map<number, number[]>();
  segs.forEach(([p, q], s) => {
    for (const e of [p, q]) {
      const l = byEdge.get(e);
      if (l === undefined) byEdge.set(e, [s]);
      else l.push(s);
    }
  });
  const used = new Uint8Array(segs.length);
  const walk = (start: number, from: number): Polyline => {
    const ids = [from];
    let cur = from;
    let s = start;
    for (;;) {
      used[s] = 1;
      const [p, q] = segs[s]!;
      cur = p === cur ? q : p;
      ids.push(cur);
      const next = byEdge.get(cur)!.find((t) => used[t] === 0);
      if (next === undefined) break;
      s = next;
    }
    const closed = ids.length > 2 && ids[0] === ids[ids.length - 1];
    return { pts: ids.map(at), closed };
  };
  const out: Polyline[] = [];
  // Open lines start at an end (an edge touched once), then the remaining closed loops.
  for (const [e, list] of byEdge) if (list.length === 1 && used[list[0]!] === 0) out.push(walk(list[0]!, e));
  for (let s = 0; s < segs.length; s++) if (used[s] === 0) out.push(walk(s, segs[s]![0]));
  return out;
}

type Vertex = [number, number, number];

/** The part of polygon `poly` (x, y, value) where value >= lo (keep = 1) or <= hi (keep = -1). */
function clip(poly: Vertex[], bound: number, keep: 1 | -1): Vertex[] {
  const out: Vertex[] = [];
  for (let k = 0; k < poly.length; k++) {
    const p = poly[k]!;
    const q = poly[(k + 1) % poly.length]!;
    const pin = keep * (p[2] - bound) >= 0;
    const qin = keep * (q[2] - bound) >= 0;
    if (pin) out.push(p);
    if (pin !== qin) {
      const t = (bound - p[2]) / (q[2] - p[2]);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), bound]);
    }
  }
  return out;
}

/**
 * Filled bands between consecutive `levels`: for band k (levels[k] .. levels[k+1]) the polygons
 * in data coordinates where the piecewise-linear interpolant (two triangles per cell) lies in
 * it. Cells wholly inside one band are merged along rows into rectangles.
 */
export function bandPolygons(g: CheckedGrid, levels: number[]): [number, number][][][] {
  const { xs, ys, z, nx, ny } = g;
  const nb = levels.length - 1;
  const bands: [number, number][][][] = Array.from({ length: nb }, () => []);
  const bandOf = (v: number): number => {
    if (v < levels[0]! || v > levels[nb]!) return -1;
    let k = 0;
    while (k < nb - 1 && v >= levels[k + 1]!) k++;
    return k;
  };
  for (let j = 0; j < ny - 1; j++) {
    let runBand = -1;
    let runStart = 0;
    const flush = (iEnd: number): void => {
      if (runBand >= 0)
        bands[runBand]!.push([
          [xs[runStart]!, ys[j]!],
          [xs[iEnd]!, ys[j]!],
          [xs[iEnd]!, ys[j + 1]!],
          [xs[runStart]!, ys[j + 1]!],
        ]);
      runBand = -1;
    };
    for (let i = 0; i < nx - 1; i++) {
      const a: Vertex = [xs[i]!, ys[j]!, z[j * nx + i]!];
      const b: Vertex = [xs[i + 1]!, ys[j]!, z[j * nx + i + 1]!];
      const c: Vertex = [xs[i + 1]!, ys[j + 1]!, z[(j + 1) * nx + i + 1]!];
      const d: Vertex = [xs[i]!, ys[j + 1]!, z[(j + 1) * nx + i]!];
      if (Number.isNaN(a[2] + b[2] + c[2] + d[2])) {
        flush(i);
        continue;
      }
      const ks = [a, b, c, d].map((v) => bandOf(v[2]));
      if (ks.every((k) => k === ks[0]) && ks[0]! >= 0) {
        if (runBand !== ks[0]) {
          flush(i);
          runBand = ks[0]!;
          runStart = i;
        }
        continue;
      }
      flush(i);
      for (const tri of [
        [a, b, c],
        [a, c, d],
      ]) {
        const vmin = Math.min(tri[0]![2], tri[1]![2], tri[2]![2]);
        const vmax = Math.max(tri[0]![2], tri[1]![2], tri[2]![2]);
        for (let k = 0; k < nb; k++) {
          if (levels[k + 1]! < vmin || levels[k]! > vmax) continue;
          const part = clip(clip(tri, levels[k]!, 1), levels[k + 1]!, -1);
          if (part.length >= 3) bands[k]!.push(part.map((v) => [v[0], v[1]]));
        }
      }
    }
    flush(nx - 1);
  }
  return bands;
}
