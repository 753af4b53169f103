/**
 * Bad input to the matplotlib-like figures: `plot.axes` and its series, `contour`/`contourf` on
 * computed grids, `surface`, `figure({ figsize })`. Every row calls the API wrongly (as plain
 * JS would) and asserts the error class and the `[op]` message.
 */
import { describe } from "node:test";
import * as torch from "../../src/index.js";
import { bad, table } from "./table.js";

const { plot } = torch;

const xs = [0, 1, 2, 3];
const ys = [0, 1, 2];
const Z = [
  [0, 1, 2, 3],
  [1, 2, 3, 4],
  [2, 3, 4, 5],
];
const ax = (): torch.plot.Axes => plot.axes();

describe("plot.axes and its series", () => {
  table([
    [
      "axes x_lim",
      () => plot.axes(bad({ x_lim: [0, 1] })),
      TypeError,
      '[axes] unknown option "x_lim": did you mean "xlim"?',
    ],
    ["axes figsize 0", () => plot.axes({ figsize: [0, 4] }), RangeError, "[axes] figsize must be positive: got [0, 4]"],
    [
      "axes figsize string",
      () => plot.axes({ figsize: bad("big") }),
      TypeError,
      /^\[axes\] figsize must be \[width, height\] in inches: got "big"$/,
    ],
    [
      "axes xlim reversed",
      () => plot.axes({ xlim: [1, 0] }),
      RangeError,
      "[axes] xlim must have min < max: got [1, 0]",
    ],
    [
      "axes xticks strings",
      () => plot.axes({ xticks: bad(["a"]) }),
      TypeError,
      /^\[axes\] xticks must be an array of finite numbers: got/,
    ],
    [
      "axes positional",
      () => (plot.axes as (...a: unknown[]) => unknown)({}, {}),
      TypeError,
      /^\[axes\] takes at most 1 positional argument: got 2/,
    ],
    [
      "Axes.set y_lim",
      () => ax().set(bad({ y_lim: [0, 1] })),
      TypeError,
      '[Axes.set] unknown option "y_lim": did you mean "ylim"?',
    ],
    [
      "scatter lengths",
      () => ax().scatter([1, 2, 3], [1, 2]),
      RangeError,
      "[Axes.scatter] x and y differ in length: got 3 and 2",
    ],
    [
      "scatter marker",
      () => ax().scatter([1], [1], { marker: "x" }),
      RangeError,
      /^\[Axes\.scatter\] marker must be one of "o", "s", "\^", "v", "D", "\+": got "x"/,
    ],
    [
      "scatter alpha 2",
      () => ax().scatter([1], [1], { alpha: 2 }),
      RangeError,
      "[Axes.scatter] alpha must be <= 1: got 2",
    ],
    [
      "scatter x null",
      () => ax().scatter(bad(null), [1]),
      TypeError,
      /^\[Axes\.scatter\] expected a tensor or an array of numbers/,
    ],
    [
      "plot linestyle",
      () => ax().plot([0, 1], [0, 1], { linestyle: "dashed" }),
      RangeError,
      /^\[Axes\.plot\] linestyle must be one of "-", "--", ":", "-\.": got "dashed"/,
    ],
    [
      "plot line_width",
      () => ax().plot([0, 1], [0, 1], bad({ line_width: 2 })),
      TypeError,
      '[Axes.plot] unknown option "line_width": did you mean "linewidth"?',
    ],
    [
      "plot label number",
      () => ax().plot([0, 1], [0, 1], { label: bad(3) }),
      TypeError,
      "[Axes.plot] label must be a string: got 3",
    ],
  ]);
});

describe("contour and contourf on a computed grid", () => {
  table([
    [
      "Z 1-D",
      () => plot.contour(xs, ys, bad([1, 2, 3])),
      RangeError,
      "[contour] Z must be a 2-D grid [ny, nx]: got a 1-D array",
    ],
    [
      "Z 3-D tensor",
      () => plot.contour(xs, ys, torch.zeros(2, 2, 2)),
      RangeError,
      "[contour] Z must be a 2-D grid [ny, nx]: got shape [2, 2, 2]",
    ],
    [
      "Z one row",
      () => plot.contour([0, 1, 2], [0], [[1, 2, 3]]),
      RangeError,
      "[contour] Z must have at least 2 rows and 2 columns: got shape [1, 3]",
    ],
    [
      "Z ragged",
      () =>
        plot.contour(xs, ys, [
          [1, 2, 3, 4],
          [1, 2],
          [1, 2, 3, 4],
        ]),
      RangeError,
      "[contour] rows must have equal lengths",
    ],
    [
      "Z all NaN",
      () =>
        plot.contour(
          [0, 1],
          [0, 1],
          [
            [NaN, NaN],
            [NaN, NaN],
          ],
        ),
      RangeError,
      "[contour] Z has no finite value",
    ],
    [
      "xs too short",
      () => plot.contour([0, 1, 2], ys, Z),
      RangeError,
      "[contour] xs has 3 values but Z has 4 columns: expected 4 (Z is [ny, nx])",
    ],
    [
      "ys too long",
      () => plot.contour(xs, [0, 1, 2, 3], Z),
      RangeError,
      "[contour] ys has 4 values but Z has 3 rows: expected 3 (Z is [ny, nx])",
    ],
    [
      "xs not increasing",
      () => plot.contour([0, 1, 0.5, 3], ys, Z),
      RangeError,
      "[contour] xs must be strictly increasing: got 0.5 after 1 at index 2",
    ],
    [
      "ys repeated",
      () => plot.contour(xs, [0, 1, 1], Z),
      RangeError,
      "[contour] ys must be strictly increasing: got 1 after 1 at index 2",
    ],
    ["ys NaN", () => plot.contour(xs, [0, NaN, 2], Z), RangeError, "[contour] ys must be finite: got NaN at index 1"],
    [
      "xs meshgrid shape",
      () => plot.contour([[0, 1, 2]], ys, Z),
      RangeError,
      "[contour] xs as a meshgrid must have Z's shape [3, 4]: got [1, 3]",
    ],
    [
      "xs null",
      () => plot.contour(bad(null), ys, Z),
      TypeError,
      "[contour] xs must be a tensor or an array of numbers: got null",
    ],
    [
      "levels 0",
      () => plot.contour(xs, ys, Z, { levels: 0 }),
      RangeError,
      "[contour] levels must be a positive integer count or an array of numbers: got 0",
    ],
    [
      "levels decreasing",
      () => plot.contour(xs, ys, Z, { levels: [2, 1] }),
      RangeError,
      "[contour] levels must be strictly increasing: got 1 after 2",
    ],
    [
      "levels string",
      () => plot.contour(xs, ys, Z, { levels: bad("5") }),
      TypeError,
      '[contour] levels must be a count or an array of increasing numbers: got "5"',
    ],
    ["levels empty", () => plot.contour(xs, ys, Z, { levels: [] }), RangeError, "[contour] levels must not be empty"],
    [
      "labels string",
      () => plot.contour(xs, ys, Z, { labels: bad("yes") }),
      TypeError,
      "[contour] labels must be a boolean (write the level values on the lines): got string",
    ],
    [
      "contour n_levels",
      () => plot.contour(xs, ys, Z, bad({ n_levels: 5 })),
      TypeError,
      /^\[contour\] unknown option "n_levels": did you mean "levels"\?/,
    ],
    [
      "contourf one level",
      () => plot.contourf(xs, ys, Z, { levels: [1] }),
      RangeError,
      "[contourf] levels must hold at least 2 values (band edges): got 1",
    ],
    [
      "contourf level NaN",
      () => ax().contourf(xs, ys, Z, { levels: [0, NaN] }),
      RangeError,
      "[Axes.contourf] levels must be finite: got NaN at index 1",
    ],
    [
      "contourf cmap typo",
      () => plot.contourf(xs, ys, Z, { cmap: "virdis" }),
      RangeError,
      /^\[contourf\] unknown colormap "virdis": did you mean "viridis"\?/,
    ],
    [
      "contourf colour_bar",
      () => plot.contourf(xs, ys, Z, bad({ colour_bar: true })),
      TypeError,
      /^\[contourf\] unknown option "colour_bar": did you mean "colorbar"\?/,
    ],
    [
      "contourf colorbar 1",
      () => plot.contourf(xs, ys, Z, { colorbar: bad(1) }),
      TypeError,
      "[contourf] colorbar must be a boolean: got 1",
    ],
    [
      "Axes.contour arity",
      () => (ax().contour as (...a: unknown[]) => unknown)(xs, ys, Z, {}, {}),
      TypeError,
      /^\[Axes\.contour\] takes at most 4 positional arguments: got 5/,
    ],
  ]);
});

describe("decisionBoundary probability shading", () => {
  const X = torch.rand([5, 2]);
  table([
    [
      "probability string",
      () => plot.decisionBoundary((t) => t, X, undefined, { probability: bad("yes") }),
      TypeError,
      '[decisionBoundary] probability must be a boolean: got "yes"',
    ],
    [
      "probability multi-class",
      () =>
        plot.decisionBoundary((t) => torch.zeros(t.shape[0]!, 3), X, undefined, { probability: true, resolution: 4 }),
      RangeError,
      "[decisionBoundary] probability shading needs a binary model ([M], [M, 1] or [M, 2] output): got [25, 3]",
    ],
  ]);
});

describe("surface and figure sizes", () => {
  table([
    [
      "surface elevation",
      () => plot.surface(xs, ys, Z, bad({ elevation: 30 })),
      TypeError,
      /^\[surface\] unknown option "elevation": expected one of .*"elev"/,
    ],
    [
      "surface azim string",
      () => plot.surface(xs, ys, Z, { azim: bad("x") }),
      TypeError,
      '[surface] azim must be a number: got "x"',
    ],
    [
      "surface floorContours decreasing",
      () => plot.surface(xs, ys, Z, { floorContours: [3, 1] }),
      RangeError,
      "[surface] floorContours must be strictly increasing: got 1 after 3",
    ],
    [
      "surface rcount 0",
      () => plot.surface(xs, ys, Z, { rcount: 0 }),
      RangeError,
      "[surface] rcount must be >= 1: got 0",
    ],
    [
      "surface xs not increasing",
      () => plot.surface([3, 2, 1, 0], ys, Z),
      RangeError,
      "[surface] xs must be strictly increasing: got 2 after 3 at index 1",
    ],
    [
      "surface Z mismatch",
      () => plot.surface(xs, ys, torch.zeros(3, 5)),
      RangeError,
      "[surface] xs has 4 values but Z has 5 columns: expected 5 (Z is [ny, nx])",
    ],
    [
      "surface arity",
      () => (plot.surface as (...a: unknown[]) => unknown)(xs, ys, Z, {}, {}),
      TypeError,
      /^\[surface\] takes at most 4 positional arguments: got 5/,
    ],
    [
      "figure figsize one number",
      () => plot.figure({ figsize: bad([12]) }),
      TypeError,
      "[figure] figsize must be [width, height] in inches: got an array of length 1",
    ],
    [
      "figure fig_size",
      () => plot.figure(bad({ fig_size: [4, 4] })),
      TypeError,
      '[figure] unknown option "fig_size": did you mean "figsize"?',
    ],
  ]);
});
