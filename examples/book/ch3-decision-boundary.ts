/**
 * Chapter 3, "Decision boundary": logistic regression on the moons (100 points, noise 0.3,
 * standardised), its predicted probabilities as filled contours with a colorbar, the 0.5 level
 * line and the training / validation points on top (red: class 0, blue: class 1), as the
 * book's `figure9`. Run: npx tsx examples/book/ch3-decision-boundary.ts [out.png]
 */
import * as torch from "../../src/index.js";
import { runMain } from "./common.js";

const { nn, optim, plot, data } = torch;
type Tensor = torch.Tensor;

export function draw(): torch.plot.Figure {
  const { X, y } = data.datasets.makeMoons({ nSamples: 100, noise: 0.3, seed: 0 });
  const [XTrain, XVal, yTrain, yVal] = data.datasets.trainTestSplit(X, y, {
    testSize: 0.2,
    generator: new torch.Generator(13),
  }) as [Tensor, Tensor, Tensor, Tensor];
  const mean = XTrain.mean(0);
  const std = XTrain.std(0, false);
  const xTrain = XTrain.sub(mean).div(std);
  const xVal = XVal.sub(mean).div(std);
  const target = yTrain.reshape([-1, 1]).float();

  torch.manualSeed(42);
  const model = new nn.Sequential(new nn.Linear(2, 1));
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  const lossFn = new nn.BCEWithLogitsLoss();
  const n = xTrain.shape[0]!;
  for (let epoch = 0; epoch < 100; epoch++) {
    const perm = torch.randperm(n);
    for (let s = 0; s < n; s += 16) {
      const idx = perm.narrow(0, s, Math.min(16, n - s));
      const loss = lossFn.call(model.call(xTrain.indexSelect(0, idx)) as Tensor, target.indexSelect(0, idx));
      loss.backward();
      optimizer.step();
      optimizer.zeroGrad();
    }
  }

  // Predicted probabilities over a 100 × 100 grid of the standardised features.
  const m = 100;
  const xs = Array.from({ length: m }, (_, i) => -2.5 + (5 * i) / (m - 1));
  const ys = xs;
  const grid = torch.tensor(ys.flatMap((b) => xs.map((a) => [a, b]))).float();
  const probs = torch.noGrad(() => torch.sigmoid(model.call(grid) as Tensor));
  const p = Array.from(probs.dataFloat());
  const Z = ys.map((_, j) => p.slice(j * m, (j + 1) * m));

  const panel = (pts: Tensor, labels: Tensor, title: string, colorbar: boolean): torch.plot.Axes => {
    const ax = plot.axes({ xLabel: "X1", yLabel: "X2", title, xlim: [-2.5, 2.5], ylim: [-2.5, 2.5] });
    ax.contourf(xs, ys, Z, { levels: 10, cmap: "RdBu", alpha: 0.8, colorbar });
    ax.contour(xs, ys, Z, { levels: [0.5], colors: "k", linewidth: 1 });
    const v = Array.from(pts.dataFloat());
    const l = Array.from(labels.dataFloat());
    for (const [cls, color] of [
      [0, "#ff0000"],
      [1, "#0000ff"],
    ] as const) {
      const keep = l.map((c, i) => (c === cls ? i : -1)).filter((i) => i >= 0);
      ax.scatter(
        keep.map((i) => v[2 * i]!),
        keep.map((i) => v[2 * i + 1]!),
        { color, edgecolor: "k", label: `Class ${cls}` },
      );
    }
    return ax;
  };
  const fig = plot.figure({ rows: 1, cols: 2, figsize: [12, 6] });
  fig.subplot(1, panel(xTrain, yTrain, "Decision Boundary - Train", false));
  fig.subplot(2, panel(xVal, yVal, "Decision Boundary - Validation", true));
  return fig;
}

await runMain(import.meta.url, "ch3-decision-boundary", draw);
