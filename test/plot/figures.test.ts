/**
 * The matplotlib-like figures: several series on one axes, contour lines (marching squares) and
 * filled bands of computed grids, 3-D surfaces, figsize/limits/ticks, colorbars in subplots.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import * as plot from "../../src/plot/index.js";
import { autoLevels, bandPolygons, checkGrid, levelLines } from "../../src/plot/grid.js";

const lin = (a: number, b: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
const xs = lin(-2, 2, 41);
const ys = lin(-1.5, 1.5, 31);
const bowl = ys.map((y) => xs.map((x) => x * x + y * y));

const area = (p: [number, number][]): number => {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const [x0, y0] = p[i]!;
    const [x1, y1] = p[(i + 1) % p.length]!;
    s += x0 * y1 - x1 * y0;
  }
  return Math.abs(s) / 2;
};

describe("grid geometry", () => {
  it("autoLevels: nice steps covering the range (matplotlib's MaxNLocator)", () => {
    assert.deepEqual(autoLevels(0, 10, 7), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(autoLevels(0.03, 0.97, 10), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    assert.deepEqual(autoLevels(-3.2, 17.5, 7), [-5, 0, 5, 10, 15, 20]);
  });

  it("levelLines: the level-1 line of x² + y² is one closed circle of radius 1", () => {
    const g = checkGrid("t", xs, ys, bowl);
    const lines = levelLines(g, 1);
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.closed);
    for (const [x, y] of lines[0]!.pts) assert.ok(Math.abs(Math.hypot(x, y) - 1) < 0.01, `${x}, ${y}`);
    // A level crossing the border gives open lines with ends on the border.
    const open = levelLines(g, 3);
    assert.ok(open.length >= 2 && open.every((l) => !l.closed));
    // Saddle cells (x·y) split into two lines, not crossed.
    const saddle = checkGrid(
      "t",
      [0, 1, 2],
      [0, 1, 2],
      [
        [1, 0, 1],
        [0, 0.5, 0],
        [1, 0, 1],
      ],
    );
    assert.equal(levelLines(saddle, 0.6).length, 4);
  });

  it("bandPolygons: the bands tile the grid's rectangle; the disc band has area ≈ π", () => {
    const g = checkGrid("t", xs, ys, bowl);
    const levels = [0, 1, 2, 3, 4, 5, 7];
    const bands = bandPolygons(g, levels);
    const areas = bands.map((b) => b.reduce((s, p) => s + area(p), 0));
    assert.ok(Math.abs(areas.reduce((a, b) => a + b, 0) - 4 * 3) < 1e-9, `${areas}`);
    assert.ok(Math.abs(areas[0]! - Math.PI) < 0.02, `disc area ${areas[0]}`);
  });

  it("checkGrid: meshgrid coordinates and holes", () => {
    const X = ys.map(() => xs);
    const Y = ys.map((y) => xs.map(() => y));
    const g = checkGrid("t", X, Y, bowl);
    assert.deepEqual(g.xs, xs);
    assert.deepEqual(g.ys, ys);
    const holed = bowl.map((r) => [...r]);
    holed[15]![20] = NaN;
    assert.equal(checkGrid("t", xs, ys, holed).lo > 0, true); // the hole was the minimum
  });
});

async function svgOf(fig: plot.Figure): Promise<string> {
  return fig.toSVG();
}

describe("Axes and grid figures", () => {
  it("scatter + line + legend on one axes, with limits and ticks", async () => {
    const ax = plot.axes({ xlim: [0, 1], ylim: [0, 3], xticks: [0, 0.5, 1], xLabel: "x", yLabel: "y" });
    ax.scatter([0.1, 0.5, 0.9], [1.2, 2, 2.8], { label: "Train" });
    ax.plot([0, 1], [1, 3], { label: "Model", color: "r", linestyle: "--" });
    const spec = ax.view() as { layer: { encoding?: { x?: { scale?: { domain?: number[] } } } }[] };
    assert.deepEqual(spec.layer[0]!.encoding!.x!.scale!.domain, [0, 1]);
    const svg = await svgOf(ax);
    assert.equal((svg.match(/role-legend"/g) ?? []).length, 1, "one legend for both series");
    assert.match(svg, />Train</);
    assert.match(svg, />Model</);
    assert.match(svg, /stroke-dasharray="6,4"/);
    const ticks = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    assert.ok(ticks.includes("0.5") && !ticks.includes("0.2"), `x ticks ${ticks}`);
  });

  it("contour draws labelled level lines; contourf draws one path per band, colorbar only when asked", async () => {
    const c = await svgOf(plot.contour(xs, ys, bowl, { levels: [0.5, 1, 2], labels: true }));
    assert.ok((c.match(/class="mark-line role-mark/g) ?? []).length >= 3, "a line per level");
    const labels = [...c.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const l of ["0.5", "1", "2"]) assert.ok(labels.includes(l), `label ${l} in ${labels}`);
    const f = plot.contourf(xs, ys, bowl, { levels: [0, 1, 2, 4, 8] });
    const fsvg = await svgOf(f);
    assert.doesNotMatch(fsvg, /role-legend/);
    const withBar = await svgOf(plot.contourf(xs, ys, bowl, { levels: [0, 1, 2, 4, 8], colorbar: true }));
    assert.match(withBar, /role-legend/);
  });

  it("decisionBoundary({ probability: true }): probability bands, the 0.5 line, points on top", async () => {
    const X = torch.tensor([
      [-1, -1],
      [1, 1],
      [-1, 1],
      [1, -1],
    ]);
    const y = torch.tensor([0, 1, 0, 1]);
    const fig = plot.decisionBoundary((t: torch.Tensor) => torch.sigmoid(t.select(1, 0).mul(3)), X, y, {
      probability: true,
      colorbar: true,
      resolution: 20,
    });
    const svg = await svgOf(fig);
    assert.match(svg, /role-legend/); // the colorbar
    assert.match(svg, /mark-line role-mark/); // the threshold line
    assert.equal((svg.match(/fill="#ff0000"/g) ?? []).length + (svg.match(/fill="#0000ff"/g) ?? []).length >= 4, true);
  });

  it("the function form of contour still works and routes through the grid code", async () => {
    const svg = await svgOf(plot.contour((a, b) => a + b, [0, 1], [0, 1], { resolution: 4 }));
    assert.match(svg, /mark-line role-mark/);
  });

  it("surface: faces sorted far to near, at most 50 × 50, panes and tick labels", async () => {
    const fig = plot.surface(xs, ys, bowl, { xLabel: "b", yLabel: "w", zLabel: "loss", elev: 30, azim: -60 });
    const v = fig.view() as { layer: { data?: { values?: { path?: string }[] } }[] };
    assert.equal(v.layer[2]!.data!.values!.length, 40 * 30);
    const svg = await svgOf(fig);
    for (const t of ["b", "w", "loss"]) assert.match(svg, new RegExp(`>${t}<`));
    const coarse = plot.surface(xs, ys, bowl, { rcount: 10, ccount: 10 }).view() as typeof v;
    // Strides ceil(41 / 10) = 5 and ceil(31 / 10) = 4, the last grid line kept (matplotlib's).
    assert.equal(coarse.layer[2]!.data!.values!.length, 8 * 8);
    // Level lines on the floor: one more (line) layer before the faces.
    const floor = plot.surface(xs, ys, bowl, { floorContours: [1, 2] }).view() as {
      layer: { mark?: { type?: string }; data?: { values?: { level?: number }[] } }[];
    };
    assert.equal(floor.layer[2]!.mark!.type, "line");
    assert.deepEqual([...new Set(floor.layer[2]!.data!.values!.map((d) => d.level))], [1, 2]);
    // Another view angle moves the drawing.
    const other = plot.surface(xs, ys, bowl, { azim: 30 }).view() as typeof v;
    assert.notEqual(other.layer[2]!.data!.values![0]!.path, v.layer[2]!.data!.values![0]!.path);
  });

  it("figsize sizes subplots; imshow's default colorbar is dropped in a subplot, kept when asked", async () => {
    const fig = plot.figure({ rows: 1, cols: 2, figsize: [12, 6] });
    fig.subplot(1, plot.imshow([[0, 1]])).subplot(2, plot.imshow([[0, 1]], { colorbar: true }));
    const cells = (
      fig.view() as { concat: { width: number; height: number; encoding: { color: { legend: unknown } } }[] }
    ).concat;
    assert.deepEqual([cells[0]!.width, cells[0]!.height], [12 * 36 - 70, 6 * 72 - 56]);
    assert.equal(cells[0]!.encoding.color.legend, null);
    assert.notEqual(cells[1]!.encoding.color.legend, null);
    // Standalone, imshow keeps its colorbar.
    assert.match(await plot.imshow([[0, 1]]).toSVG(), /role-legend/);
    const ax = plot.axes({ figsize: [6, 4] });
    assert.deepEqual(
      [(ax.view() as { width: number }).width, (ax.view() as { height: number }).height],
      [6 * 72 - 70, 4 * 72 - 56],
    );
  });
});
