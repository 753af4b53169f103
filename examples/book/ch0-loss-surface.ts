/**
 * Chapter 0, "Loss surface": the training MSE over a 101 × 101 grid of (b, w) as a 3-D surface
 * (left) and as labelled level lines with the minimum and the random start marked (right), the
 * book's `figure4`. Run: npx tsx examples/book/ch0-loss-surface.ts [out.png]
 */
import * as torch from "../../src/index.js";
import { gradientPath, linearData, lossGrid, runMain } from "./common.js";

const { plot } = torch;

export function draw(): torch.plot.Figure {
  const d = linearData();
  const { bs, ws, losses } = lossGrid(d);
  // The grid point of least loss, and the random start of gradient descent.
  let best = [0, 0];
  losses.forEach((row, j) => row.forEach((v, i) => v < losses[best[1]!]![best[0]!]! && (best = [i, j])));
  const path = gradientPath(d, 0.1, 0);
  const fig = plot.figure({ rows: 1, cols: 2, figsize: [12, 6] });
  fig.subplot(
    1,
    plot.surface(bs, ws, losses, {
      xLabel: "b",
      yLabel: "w",
      title: "Loss Surface",
      cmap: "jet",
      elev: 30,
      azim: -60,
      floorContours: 10,
    }),
  );
  const ax = plot.axes({ xLabel: "b", yLabel: "w", title: "Loss Surface" });
  ax.contour(bs, ws, losses, { levels: 10, labels: true, cmap: "jet" });
  ax.scatter([bs[best[0]!]!], [ws[best[1]!]!], { color: "k", label: "Minimum" });
  ax.scatter([path.b[0]!], [path.w[0]!], { color: "r", marker: "^", label: "Random start", size: 50 });
  return fig.subplot(2, ax);
}

await runMain(import.meta.url, "ch0-loss-surface", draw);
