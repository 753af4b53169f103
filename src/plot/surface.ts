/**
 * `plot.surface`: a 3-D surface or wireframe of a computed grid (the book's loss surface over
 * (b, w)). Vega-Lite has no 3-D, so the mesh is projected here (orthographic, matplotlib's
 * `elev`/`azim` view angles and 4:4:3 box), its faces sorted back to front (painter's algorithm)
 * and drawn as filled paths coloured by height, over matplotlib-like panes, grid lines and ticks.
 */
import { checkArity } from "../util/args.js";
import { colorScale } from "./colormaps.js";
import type { Grid, Series } from "./data.js";
import { Figure, inchesToView, type ViewSpec } from "./figure.js";
import { checkPlotOptions, SURFACE_KEYS } from "./check.js";
import { autoLevels, checkGrid, checkLevels, gridLevels, levelLines, type CheckedGrid } from "./grid.js";
import { colorbarLayer } from "./axes.js";

/** Options of `plot.surface`. */
export interface SurfaceOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  zLabel?: string;
  /** Drawing size in pixels (340 × 300), or `figsize` in inches. */
  width?: number;
  height?: number;
  figsize?: [number, number];
  /** Elevation of the view above the x-y plane in degrees (30, matplotlib's). */
  elev?: number;
  /** Azimuth of the view around the z axis in degrees (−60, matplotlib's). */
  azim?: number;
  /** Colormap of the faces by height ("viridis"). */
  cmap?: string;
  /** Opacity of the faces (1). */
  alpha?: number;
  /** Only the mesh lines, no faces (matplotlib's `plot_wireframe`). */
  wireframe?: boolean;
  /** A colorbar of the heights (off, as in matplotlib). */
  colorbar?: boolean;
  /** The wireframe's colour (matplotlib's first cycle colour). */
  color?: string;
  linewidth?: number;
  /**
   * Level lines of Z drawn on the floor of the box, as the book's `ax.contour(…, offset=…)` under
   * its surface: `true` (7 nice levels), a count, or the level values.
   */
  floorContours?: boolean | number | number[];
  /** At most this many faces along y (rows) and x (columns): 50, matplotlib's. */
  rcount?: number;
  ccount?: number;
}

type V3 = [number, number, number];

const r1 = (v: number): number => Math.round(v * 10) / 10;
const label = (v: number): string => String(Number(v.toPrecision(6))).replace("-", "\u2212");

/**
 * A 3-D surface of `Z` over the grid (`xs`, `ys`): `Z[j][i]` is the height at (`xs[i]`, `ys[j]`);
 * `xs`/`ys` may also be meshgrids of Z's shape (as `plot_surface(X, Y, Z)`).
 * @example
 * const bs = [0, 1, 2], ws = [0, 1, 2];
 * const losses = ws.map((w) => bs.map((b) => (b - 1) ** 2 + (w - 1) ** 2));
 * plot.surface(bs, ws, losses, { xLabel: "b", yLabel: "w", cmap: "jet", elev: 30, azim: -60 })
 */
export function surface(xs: Series | Grid, ys: Series | Grid, Z: Grid, opts: SurfaceOptions = {}): Figure {
  checkArity("surface", arguments.length, 4);
  checkPlotOptions("surface", opts, SURFACE_KEYS, ["floorContours"]);
  if (typeof opts.floorContours !== "boolean") checkLevels("surface", opts.floorContours, "floorContours");
  return new Surface(checkGrid("surface", xs, ys, Z), opts);
}

/** A surface figure: its drawing is projected for the size it is rendered at. */
class Surface extends Figure {
  constructor(
    private readonly grid: CheckedGrid,
    private readonly opts: SurfaceOptions,
  ) {
    super(null);
  }

  override view(): ViewSpec {
    const fromFig = this.opts.figsize ? inchesToView(this.opts.figsize, 1, 1) : undefined;
    return surfaceView(this.grid, this.opts, [
      this.opts.width ?? (fromFig ? fromFig[0] + 40 : 340),
      this.opts.height ?? (fromFig ? fromFig[1] + 30 : 300),
    ]);
  }

  override subplotView(size?: [number, number]): ViewSpec {
    return size ? surfaceView(this.grid, this.opts, [size[0] + 40, size[1] + 30]) : this.view();
  }
}

function surfaceView(g: CheckedGrid, opts: SurfaceOptions, [W, H]: [number, number]): ViewSpec {
  const elev = ((opts.elev ?? 30) * Math.PI) / 180;
  const azim = ((opts.azim ?? -60) * Math.PI) / 180;
  const eye: V3 = [Math.cos(elev) * Math.cos(azim), Math.cos(elev) * Math.sin(azim), Math.sin(elev)];
  const right: V3 = [-Math.sin(azim), Math.cos(azim), 0];
  const up: V3 = [-Math.sin(elev) * Math.cos(azim), -Math.sin(elev) * Math.sin(azim), Math.cos(elev)];
  const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const [x0, x1] = [g.xs[0]!, g.xs[g.nx - 1]!];
  const [y0, y1] = [g.ys[0]!, g.ys[g.ny - 1]!];
  const [z0, z1] = g.lo < g.hi ? [g.lo, g.hi] : [g.lo - 0.5, g.lo + 0.5];
  const ZH = 0.375; // the box is 1 × 1 × 0.75 (matplotlib's 4:4:3)
  const box = (x: number, y: number, z: number): V3 => [
    (x - x0) / (x1 - x0) - 0.5,
    (y - y0) / (y1 - y0) - 0.5,
    ((z - z0) / (z1 - z0) - 0.5) * 2 * ZH,
  ];
  // Fit the projected box (with room for tick labels) into W × H.
  const corners: V3[] = [];
  for (const a of [-0.5, 0.5]) for (const b of [-0.5, 0.5]) for (const c of [-ZH, ZH]) corners.push([a, b, c]);
  const sxs = corners.map((p) => dot(p, right));
  const sys = corners.map((p) => dot(p, up));
  const margin = 46;
  const titleRoom = opts.title ? 0 : 0;
  const scale = Math.min(
    (W - 2 * margin) / (Math.max(...sxs) - Math.min(...sxs)),
    (H - 2 * margin - titleRoom) / (Math.max(...sys) - Math.min(...sys)),
  );
  const cx = W / 2 - (scale * (Math.max(...sxs) + Math.min(...sxs))) / 2;
  const cy = H / 2 + (scale * (Math.max(...sys) + Math.min(...sys))) / 2;
  const proj = (p: V3): [number, number] => [cx + scale * dot(p, right), cy - scale * dot(p, up)];
  const P = (p: V3): string => {
    const [a, b] = proj(p);
    return `${r1(a)},${r1(b)}`;
  };

  // Panes: the three far sides of the box.
  const xp = eye[0] > 0 ? -0.5 : 0.5;
  const yp = eye[1] > 0 ? -0.5 : 0.5;
  const zp = eye[2] >= 0 ? -ZH : ZH;
  const panes = [
    { path: `M${P([xp, -0.5, -ZH])}L${P([xp, 0.5, -ZH])}L${P([xp, 0.5, ZH])}L${P([xp, -0.5, ZH])}Z`, c: "#f0f0f0" },
    { path: `M${P([-0.5, yp, -ZH])}L${P([0.5, yp, -ZH])}L${P([0.5, yp, ZH])}L${P([-0.5, yp, ZH])}Z`, c: "#e8e8e8" },
    { path: `M${P([-0.5, -0.5, zp])}L${P([0.5, -0.5, zp])}L${P([0.5, 0.5, zp])}L${P([-0.5, 0.5, zp])}Z`, c: "#f5f5f5" },
  ];
  const rules: { x: number; y: number; x2: number; y2: number; c: string }[] = [];
  const rule = (a: V3, b: V3, c: string): void => {
    const [ax, ay] = proj(a);
    const [bx, by] = proj(b);
    rules.push({ x: ax, y: ay, x2: bx, y2: by, c });
  };
  const texts: { x: number; y: number; t: string; align: string; bold?: boolean }[] = [];
  const text = (p: V3, t: string, dx = 0, dy = 0, align = "center"): void => {
    const [a, b] = proj(p);
    texts.push({ x: a + dx, y: b + dy, t, align });
  };
  const ticksOf = (lo: number, hi: number): number[] =>
    autoLevels(lo, hi, 5).filter((v) => v >= lo - 1e-9 && v <= hi + 1e-9);
  const GRID = "#d0d0d0";
  const EDGE = "#444444";
  // Outward screen direction from the box centre, for placing labels.
  const [ocx, ocy] = proj([0, 0, 0]);
  const outward = (p: V3, d: number): [number, number] => {
    const [a, b] = proj(p);
    const l = Math.hypot(a - ocx, b - ocy) || 1;
    return [((a - ocx) / l) * d, ((b - ocy) / l) * d];
  };
  // x: grid lines on the y-pane and the floor; the axis along the floor's front edge.
  const yFront = -yp;
  const xFront = -xp;
  for (const v of ticksOf(x0, x1)) {
    const X = box(v, y0, z0)[0];
    rule([X, yp, -ZH], [X, yp, ZH], GRID);
    rule([X, -0.5, zp], [X, 0.5, zp], GRID);
    rule([X, yFront, zp], [X, yFront + 0.04 * Math.sign(yFront), zp], EDGE);
    const [dx, dy] = outward([X, yFront, zp], 14);
    text([X, yFront + 0.06 * Math.sign(yFront), zp], label(v), dx * 0.4, dy * 0.6 + 4);
  }
  for (const v of ticksOf(y0, y1)) {
    const Y = box(x0, v, z0)[1];
    rule([xp, Y, -ZH], [xp, Y, ZH], GRID);
    rule([-0.5, Y, zp], [0.5, Y, zp], GRID);
    rule([xFront, Y, zp], [xFront + 0.04 * Math.sign(xFront), Y, zp], EDGE);
    const [dx, dy] = outward([xFront, Y, zp], 14);
    text([xFront + 0.06 * Math.sign(xFront), Y, zp], label(v), dx * 0.4, dy * 0.6 + 4);
  }
  // z: the vertical edge at the leftmost corner that is not the one nearest the viewer.
  const cornersXY: [number, number][] = [
    [-0.5, -0.5],
    [-0.5, 0.5],
    [0.5, -0.5],
    [0.5, 0.5],
  ];
  const nearest = cornersXY.reduce((a, b) => (dot([...b, 0], eye) > dot([...a, 0], eye) ? b : a));
  const zc = cornersXY
    .filter((c) => c !== nearest)
    .reduce((a, b) => (dot([...b, 0], right) < dot([...a, 0], right) ? b : a));
  for (const v of ticksOf(z0, z1)) {
    const Zv = box(x0, y0, v)[2];
    rule([xp, -0.5, Zv], [xp, 0.5, Zv], GRID);
    rule([-0.5, yp, Zv], [0.5, yp, Zv], GRID);
    const [a, b] = proj([zc[0], zc[1], Zv]);
    rules.push({ x: a, y: b, x2: a - 4, y2: b, c: EDGE });
    texts.push({ x: a - 6, y: b + 3.5, t: label(v), align: "right" });
  }
  // Box edges of the axes.
  rule([-0.5, yFront, zp], [0.5, yFront, zp], EDGE);
  rule([xFront, -0.5, zp], [xFront, 0.5, zp], EDGE);
  rule([zc[0], zc[1], -ZH], [zc[0], zc[1], ZH], EDGE);
  // Axis titles, beyond the tick labels.
  const titles: { x: number; y: number; t: string; align: string }[] = [];
  if (opts.xLabel) {
    const p: V3 = [0, yFront + 0.3 * Math.sign(yFront), zp];
    const [a, b] = proj(p);
    titles.push({ x: a, y: b + 8, t: opts.xLabel, align: "center" });
  }
  if (opts.yLabel) {
    const p: V3 = [xFront + 0.3 * Math.sign(xFront), 0, zp];
    const [a, b] = proj(p);
    titles.push({ x: a, y: b + 8, t: opts.yLabel, align: "center" });
  }
  if (opts.zLabel) {
    const [a, b] = proj([zc[0], zc[1], 0]);
    titles.push({ x: a - 40, y: b, t: opts.zLabel, align: "right" });
  }

  // Level lines of Z projected onto the floor (matplotlib's `ax.contour(..., offset=floor)`).
  const floorLines: { x: number; y: number; id: number; k: number; level: number }[] = [];
  let floorLevels: number[] = [];
  if (opts.floorContours !== undefined && opts.floorContours !== false) {
    const spec = opts.floorContours === true ? undefined : opts.floorContours;
    floorLevels = gridLevels(g, spec).filter((l) => l > g.lo && l < g.hi);
    let id = 0;
    for (const level of floorLevels)
      for (const line of levelLines(g, level)) {
        line.pts.forEach(([x, y], k) => {
          const [a, b] = proj([box(x, y0, z0)[0], box(x0, y, z0)[1], zp]);
          floorLines.push({ x: a, y: b, id, k, level });
        });
        id++;
      }
  }

  // Faces, far to near.
  const faces: { path: string; v: number; d: number }[] = [];
  const { xs: gx, ys: gy, z, nx, ny } = g;
  const pts: V3[] = new Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) pts[j * nx + i] = box(gx[i]!, gy[j]!, z[j * nx + i]!);
  // As matplotlib's plot_surface: at most `rcount` × `ccount` (50 × 50) faces, every stride-th
  // grid line (the last one kept).
  const lines = (n: number, count: number): number[] => {
    const stride = Math.max(1, Math.ceil(n / count));
    const out: number[] = [];
    for (let k = 0; k < n - 1; k += stride) out.push(k);
    out.push(n - 1);
    return out;
  };
  const cols = lines(nx, opts.ccount ?? 50);
  const rows = lines(ny, opts.rcount ?? 50);
  for (let r = 0; r < rows.length - 1; r++)
    for (let c = 0; c < cols.length - 1; c++) {
      const [i, i2, j, j2] = [cols[c]!, cols[c + 1]!, rows[r]!, rows[r + 1]!];
      const ids = [j * nx + i, j * nx + i2, j2 * nx + i2, j2 * nx + i];
      const vals = ids.map((k) => z[k]!);
      if (vals.some(Number.isNaN)) continue;
      const quad = ids.map((k) => pts[k]!);
      faces.push({
        path: `M${quad.map(P).join("L")}Z`,
        v: (vals[0]! + vals[1]! + vals[2]! + vals[3]!) / 4,
        d: quad.reduce((s, p) => s + dot(p, eye), 0) / 4,
      });
    }
  faces.sort((a, b) => a.d - b.d);
  const color = colorScale(opts.cmap ?? "viridis", [z0, z1], "surface");
  const wire = opts.wireframe ?? false;
  const alpha = opts.alpha ?? 1;
  const px = { type: "quantitative", scale: null } as const;
  const layers: ViewSpec[] = [
    {
      data: { values: panes },
      mark: { type: "point", filled: true, opacity: 1, strokeWidth: 0 },
      encoding: {
        x: { value: 0 },
        y: { value: 0 },
        size: { value: 4 },
        shape: { field: "path", type: "nominal", scale: null },
        fill: { field: "c", type: "nominal", scale: null },
      },
    },
    {
      data: { values: rules },
      mark: { type: "rule", strokeWidth: 0.7 },
      encoding: {
        x: { field: "x", ...px },
        y: { field: "y", ...px },
        x2: { field: "x2" },
        y2: { field: "y2" },
        stroke: { field: "c", type: "nominal", scale: null },
      },
    },
    ...(floorLines.length > 0
      ? [
          {
            data: { values: floorLines },
            mark: { type: "line", strokeWidth: 1 },
            encoding: {
              x: { field: "x", ...px },
              y: { field: "y", ...px },
              detail: { field: "id", type: "nominal" },
              order: { field: "k", type: "quantitative" },
              stroke: { field: "level", type: "quantitative", scale: color, legend: null },
            },
          },
        ]
      : []),
    {
      data: { values: faces.map(({ path, v }) => ({ path, v })) },
      mark: wire
        ? { type: "point", filled: false, opacity: 1, strokeWidth: opts.linewidth ?? 0.6 }
        : {
            type: "point",
            filled: true,
            opacity: alpha,
            strokeWidth: opts.linewidth ?? (alpha < 1 ? 0 : 0.35),
          },
      encoding: {
        x: { value: 0 },
        y: { value: 0 },
        size: { value: 4 },
        shape: { field: "path", type: "nominal", scale: null },
        ...(wire
          ? { stroke: { value: opts.color ?? "#1f77b4" } }
          : {
              fill: { field: "v", type: "quantitative", scale: color, legend: null },
              stroke: { field: "v", type: "quantitative", scale: color, legend: null },
            }),
      },
    },
  ];
  for (const align of ["center", "right"])
    layers.push({
      data: { values: texts.filter((t) => t.align === align) },
      mark: { type: "text", align, fontSize: 9, baseline: "middle" },
      encoding: { x: { field: "x", ...px }, y: { field: "y", ...px }, text: { field: "t" } },
    });
  if (titles.length > 0)
    for (const align of ["center", "right"])
      layers.push({
        data: { values: titles.filter((t) => t.align === align) },
        mark: { type: "text", align, fontSize: 11, baseline: "middle" },
        encoding: { x: { field: "x", ...px }, y: { field: "y", ...px }, text: { field: "t" } },
      });
  if (opts.colorbar && !wire) {
    const levels = autoLevels(z0, z1, 7);
    layers.push(colorbarLayer(levels, { ...color, domain: [z0, z1] }, H * 0.6, 0, alpha < 1 ? alpha : undefined));
  }
  return {
    ...(opts.title ? { title: opts.title } : {}),
    width: W,
    height: H,
    view: { stroke: null },
    layer: layers,
    resolve: { scale: { fill: "independent", stroke: "independent" } },
  };
}
