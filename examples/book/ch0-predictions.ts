/**
 * Chapter 0, "Step 1 - Compute the model's predictions": the training points, the random
 * initial model's line (b, w from randn with seed 42) and, on the right, its residuals (the
 * book's `figure2`/`figure3`). Run: npx tsx examples/book/ch0-predictions.ts [out.png]
 */
import * as torch from "../../src/index.js";
import { linearData, runMain } from "./common.js";

const { plot } = torch;

export function draw(): torch.plot.Figure {
  const d = linearData();
  torch.manualSeed(42);
  const b = torch.randn(1, { dtype: torch.float64 }).item() as number;
  const w = torch.randn(1, { dtype: torch.float64 }).item() as number;
  const line = { x: [0, 1], y: [b, b + w] };
  const fig = plot.figure({ rows: 1, cols: 2, figsize: [12, 6] });
  const left = plot.axes({ xLabel: "x", yLabel: "y", ylim: [0, 3.1], title: "Model's predictions" });
  left.scatter(d.xTrain, d.yTrain);
  left.plot(line.x, line.y, { label: "Model's predictions", color: "k", linestyle: "--" });
  const right = plot.axes({ xLabel: "x", yLabel: "y", ylim: [0, 3.1], title: "Residuals" });
  right.scatter(d.xTrain, d.yTrain);
  right.plot(line.x, line.y, { label: "Model's predictions", color: "k", linestyle: "--" });
  // One residual (a vertical red segment) per point, from the prediction to the data.
  d.xTrain.forEach((x, k) => right.plot([x, x], [b + w * x, d.yTrain[k]!], { color: "r", linewidth: 0.8 }));
  return fig.subplot(1, left).subplot(2, right);
}

await runMain(import.meta.url, "ch0-predictions", draw);
