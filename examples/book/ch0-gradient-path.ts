/**
 * Chapter 0, "Gradient descent": the path (b, w) takes over the loss contours from the random
 * start to the minimum (learning rate 0.1, batch gradient descent, 1000 epochs), and the
 * fitted line through the training points. Run: npx tsx examples/book/ch0-gradient-path.ts [out.png]
 */
import * as torch from "../../src/index.js";
import { gradientPath, linearData, lossGrid, runMain } from "./common.js";

const { plot } = torch;

export function draw(): torch.plot.Figure {
  const d = linearData();
  const { bs, ws, losses } = lossGrid(d);
  const path = gradientPath(d, 0.1, 1000);
  const every = (a: number[]): number[] => a.filter((_, k) => k % 20 === 0 || k === a.length - 1);
  const fig = plot.figure({ rows: 1, cols: 2, figsize: [12, 6] });
  const left = plot.axes({ xLabel: "b", yLabel: "w", title: "Gradient descent path" });
  left.contour(bs, ws, losses, { levels: 10, labels: true, cmap: "jet" });
  left.plot(every(path.b), every(path.w), { color: "k", marker: "o", label: "(b, w) every 20 epochs" });
  const b = path.b[path.b.length - 1]!;
  const w = path.w[path.w.length - 1]!;
  const right = plot.axes({
    xLabel: "x",
    yLabel: "y",
    ylim: [0, 3.1],
    title: `Fitted: b = ${b.toFixed(4)}, w = ${w.toFixed(4)}`,
  });
  right.scatter(d.xTrain, d.yTrain, { label: "Train" });
  right.plot([0, 1], [b, b + w], { color: "r", label: "Fitted line" });
  return fig.subplot(1, left).subplot(2, right);
}

await runMain(import.meta.url, "ch0-gradient-path", draw);
