/**
 * Chapter 0, "Generated data": the training and validation points side by side (the book's
 * `figure1`). Run: npx tsx examples/book/ch0-data.ts [out.png]
 */
import * as torch from "../../src/index.js";
import { linearData, runMain } from "./common.js";

const { plot } = torch;

export function draw(): torch.plot.Figure {
  const d = linearData();
  const fig = plot.figure({ rows: 1, cols: 2, figsize: [12, 6] });
  const train = plot.axes({ xLabel: "x", yLabel: "y", ylim: [0, 3.1], title: "Generated Data - Train" });
  train.scatter(d.xTrain, d.yTrain);
  const val = plot.axes({ xLabel: "x", yLabel: "y", ylim: [0, 3.1], title: "Generated Data - Validation" });
  val.scatter(d.xVal, d.yVal, { color: "r" });
  return fig.subplot(1, train).subplot(2, val);
}

await runMain(import.meta.url, "ch0-data", draw);
