/**
 * Shared by the book's figure examples: chapter 0's synthetic data (y = 1 + 2x + ε, 100 points,
 * 80 for training, 20 for validation), drawn with NumPy's stream as the book does
 * (`np.random.seed(42)`, antorcha/numpy), its MSE loss over a grid of (b, w), and the
 * command-line runner that writes each figure's PNG.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as torch from "../../src/index.js";
import * as np from "../../src/numpy/index.js";

export const TRUE_B = 1;
export const TRUE_W = 2;

/** Chapter 0's data as plain numbers: x and y, split 80/20 into train and validation. */
export interface LinearData {
  xTrain: number[];
  yTrain: number[];
  xVal: number[];
  yVal: number[];
}

/** Chapter 0's data: `x = rand(100, 1)`, `y = 1 + 2x + 0.1·randn`, shuffled indices, 80/20 split. */
export function linearData(): LinearData {
  const N = 100;
  np.random.seed(42);
  const x = np.random.rand(N, 1) as torch.Tensor;
  const eps = (np.random.randn(N, 1) as torch.Tensor).mul(0.1);
  const y = x.mul(TRUE_W).add(TRUE_B).add(eps);
  const idx = np.arange(N);
  np.random.shuffle(idx);
  const order = Array.from(idx.dataFloat(), Number);
  const xs = Array.from(x.dataFloat());
  const ys = Array.from(y.dataFloat());
  const train = order.slice(0, 80);
  const val = order.slice(80);
  return {
    xTrain: train.map((i) => xs[i]!),
    yTrain: train.map((i) => ys[i]!),
    xVal: val.map((i) => xs[i]!),
    yVal: val.map((i) => ys[i]!),
  };
}

/** The training MSE of `b + w·x` at every (b, w) of the grid: `losses[j][i]` for (bs[i], ws[j]). */
export function lossGrid(d: LinearData, n = 101): { bs: number[]; ws: number[]; losses: number[][] } {
  const bs = Array.from({ length: n }, (_, i) => TRUE_B - 3 + (6 * i) / (n - 1));
  const ws = Array.from({ length: n }, (_, j) => TRUE_W - 3 + (6 * j) / (n - 1));
  const losses = ws.map((w) =>
    bs.map((b) => {
      let s = 0;
      for (let k = 0; k < d.xTrain.length; k++) s += (b + w * d.xTrain[k]! - d.yTrain[k]!) ** 2;
      return s / d.xTrain.length;
    }),
  );
  return { bs, ws, losses };
}

/**
 * Batch gradient descent on the training data from the book's random start (torch seed 42),
 * returning (b, w) after every epoch, the start included.
 */
export function gradientPath(d: LinearData, lr = 0.1, epochs = 1000): { b: number[]; w: number[] } {
  torch.manualSeed(42);
  let b = torch.randn(1, { dtype: torch.float64 }).item() as number;
  let w = torch.randn(1, { dtype: torch.float64 }).item() as number;
  const path = { b: [b], w: [w] };
  const n = d.xTrain.length;
  for (let e = 0; e < epochs; e++) {
    let gb = 0;
    let gw = 0;
    for (let k = 0; k < n; k++) {
      const err = b + w * d.xTrain[k]! - d.yTrain[k]!;
      gb += (2 * err) / n;
      gw += (2 * err * d.xTrain[k]!) / n;
    }
    b -= lr * gb;
    w -= lr * gw;
    path.b.push(b);
    path.w.push(w);
  }
  return path;
}

/**
 * Runs `draw` when `url` is the script node was started with, saving the figure to the path in
 * argv[2] or output/book/<name>.png.
 */
export async function runMain(url: string, name: string, draw: () => Promise<torch.plot.Figure> | torch.plot.Figure) {
  if (process.argv[1] === undefined || resolve(process.argv[1]) !== fileURLToPath(url)) return;
  const out = resolve(process.argv[2] ?? `output/book/${name}.png`);
  mkdirSync(dirname(out), { recursive: true });
  await (await draw()).save(out);
  console.log(out);
}
