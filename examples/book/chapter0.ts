/**
 * "Deep Learning with PyTorch Step-by-Step" (vol. I), chapter 0 "Visualizing Gradient Descent",
 * and chapter 1's "Linear Regression in Numpy", line by line: NumPy's data (`np.random.seed(42)`,
 * `rand`, `randn`, `shuffle`), the loss, the loss surface, the gradients, one update, scaling with
 * StandardScaler, and 1000 epochs of gradient descent by hand. Every number is NumPy's
 * (antorcha/numpy draws NumPy's stream and sums as NumPy does):
 * `[0.49671415] [-0.1382643]`, `2.7421577700550976`, `-3.044811379650508 -1.8337537171510832`,
 * `[1.02354094] [1.96896411]`.
 *
 * Run: npx tsx examples/book/chapter0.ts
 */
import { pathToFileURL } from "node:url";
import * as torch from "../../src/index.js";
import * as np from "../../src/numpy/index.js";
import { StandardScaler } from "../../src/sklearn/index.js";
import { npStr, pyShape, values, type Log } from "./format.js";

type Tensor = torch.Tensor;

export interface Options {
  /** Epochs of gradient descent (the book: 1000). */
  nEpochs?: number;
  /** Where printed lines go (console.log). */
  log?: Log;
}

/** The data of chapters 0–2 (float64, as NumPy's). */
export interface Data {
  x: Tensor;
  y: Tensor;
  trainIdx: Tensor;
  xTrain: Tensor;
  yTrain: Tensor;
  xVal: Tensor;
  yVal: Tensor;
}

/** Synthetic data generation and the train/validation split, as the book's. */
export function generateData(): Data {
  const trueB = 1;
  const trueW = 2;
  const N = 100;

  // Data Generation
  np.random.seed(42);
  const x = np.random.rand(N, 1) as Tensor;
  const epsilon = (np.random.randn(N, 1) as Tensor).mul(0.1);
  const y = x.mul(trueW).add(trueB).add(epsilon);

  // Shuffles the indices
  const idx = np.arange(N);
  np.random.shuffle(idx);

  // Uses first 80 random indices for train
  const trainIdx = idx.index(`:${Math.trunc(N * 0.8)}`);
  // Uses the remaining indices for validation
  const valIdx = idx.index(`${Math.trunc(N * 0.8)}:`);

  // Generates train and validation sets
  const [xTrain, yTrain] = [x.index(trainIdx), y.index(trainIdx)];
  const [xVal, yVal] = [x.index(valIdx), y.index(valIdx)];
  return { x, y, trainIdx, xTrain, yTrain, xVal, yVal };
}

export interface Result {
  trainIdx: number[];
  xTrainSum: number;
  init: [number, number];
  loss: number;
  allLossesShape: number[];
  allLosses: Tensor;
  grads: [number, number];
  updated: [number, number];
  scaler: { mean: number[]; scale: number[]; trainFirst: number; valFirst: number };
  trained: [number, number];
  linr: [number, number];
  data: Data;
}

const num = (t: Tensor): number => t.item() as number;

export function main(opts: Options = {}): Result {
  const log = opts.log ?? console.log;
  const nEpochs = opts.nEpochs ?? 1000;
  const trueB = 1;
  const trueW = 2;
  const data = generateData();
  const { xTrain, yTrain, xVal } = data;

  // Step 0 - Initializes parameters "b" and "w" randomly
  np.random.seed(42);
  let b = np.random.randn(1) as Tensor;
  let w = np.random.randn(1) as Tensor;
  log(`${npStr(b)} ${npStr(w)}`);
  const init: [number, number] = [num(b), num(w)];

  // Step 1 - Computes our model's predicted output - forward pass
  let yhat = b.add(w.mul(xTrain));

  // Step 2 - Computing the loss
  // We are using ALL data points, so this is BATCH gradient descent. How wrong is our model?
  // That's the error!
  let error = yhat.sub(yTrain);
  // It is a regression, so it computes mean squared error (MSE)
  let loss = np.mean(error.pow(2)) as number;
  log(String(loss));
  const firstLoss = loss;

  // Loss surface
  // Reminder:
  // trueB = 1
  // trueW = 2
  // we have to split the ranges in 100 evenly spaced intervals each
  const bRange = np.linspace(trueB - 3, trueB + 3, 101);
  const wRange = np.linspace(trueW - 3, trueW + 3, 101);
  // meshgrid is a handy function that generates a grid of b and w values for all combinations
  const [bs, ws] = np.meshgrid(bRange, wRange);
  log(`(${pyShape(bs)}, ${pyShape(ws)})`);

  const dummyX = xTrain.index(0);
  const dummyYhat = bs.add(ws.mul(dummyX));
  log(pyShape(dummyYhat));

  // np.apply_along_axis(func1d=lambda x: bs + ws * x, axis=1, arr=x_train)
  const allPredictions = torch.stack(
    Array.from({ length: xTrain.shape[0]! }, (_, i) => bs.add(ws.mul(xTrain.index(i)))),
  );
  log(pyShape(allPredictions));

  const allLabels = yTrain.reshape([-1, 1, 1]);
  log(pyShape(allLabels));

  const allErrors = allPredictions.sub(allLabels);
  log(pyShape(allErrors));

  const allLosses = np.mean(allErrors.pow(2), 0) as Tensor;
  log(pyShape(allLosses));

  // Step 3 - Computes gradients for both "b" and "w" parameters
  let bGrad = 2 * (np.mean(error) as number);
  let wGrad = 2 * (np.mean(xTrain.mul(error)) as number);
  log(`${bGrad} ${wGrad}`);
  const grads: [number, number] = [bGrad, wGrad];

  // Sets learning rate - this is "eta" ~ the "n" like Greek letter
  let lr = 0.1;
  log(`${npStr(b)} ${npStr(w)}`);

  // Step 4 - Updates parameters using gradients and the learning rate
  b = b.sub(lr * bGrad);
  w = w.sub(lr * wGrad);
  log(`${npStr(b)} ${npStr(w)}`);
  const updated: [number, number] = [num(b), num(w)];

  // Scaling
  const scaler = new StandardScaler({ withMean: true, withStd: true });
  // We use the TRAIN set ONLY to fit the scaler
  scaler.fit(xTrain);
  // Now we can use the already fit scaler to TRANSFORM both TRAIN and VALIDATION sets
  const scaledXTrain = scaler.transform(xTrain);
  const scaledXVal = scaler.transform(xVal);

  // Chapter 1: Linear Regression in Numpy
  // Step 0 - Initializes parameters "b" and "w" randomly
  np.random.seed(42);
  b = np.random.randn(1) as Tensor;
  w = np.random.randn(1) as Tensor;
  log(`${npStr(b)} ${npStr(w)}`);

  // Sets learning rate - this is "eta" ~ the "n"-like Greek letter
  lr = 0.1;
  // Defines number of epochs
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    // Step 1 - Computes model's predicted output - forward pass
    yhat = b.add(w.mul(xTrain));
    // Step 2 - Computes the loss
    error = yhat.sub(yTrain);
    loss = np.mean(error.pow(2)) as number;
    // Step 3 - Computes gradients for both "b" and "w" parameters
    bGrad = 2 * (np.mean(error) as number);
    wGrad = 2 * (np.mean(xTrain.mul(error)) as number);
    // Step 4 - Updates parameters using gradients and the learning rate
    b = b.sub(lr * bGrad);
    w = w.sub(lr * wGrad);
  }
  log(`${npStr(b)} ${npStr(w)}`);
  const trained: [number, number] = [num(b), num(w)];

  // Sanity Check: do we get the same results as our gradient descent? The book fits
  // scikit-learn's LinearRegression; antorcha/sklearn has none, so the least-squares line is
  // computed in closed form (the same solution).
  const xm = np.mean(xTrain) as number;
  const ym = np.mean(yTrain) as number;
  const coef = (np.sum(xTrain.sub(xm).mul(yTrain.sub(ym))) as number) / (np.sum(xTrain.sub(xm).pow(2)) as number);
  const intercept = ym - coef * xm;
  log(
    `${npStr(torch.tensor([intercept], { dtype: torch.float64 }))} ${npStr(torch.tensor([coef], { dtype: torch.float64 }))}`,
  );

  return {
    trainIdx: values(data.trainIdx),
    xTrainSum: np.sum(xTrain) as number,
    init,
    loss: firstLoss,
    allLossesShape: [...allLosses.shape],
    allLosses,
    grads,
    updated,
    scaler: {
      mean: values(scaler.mean_!),
      scale: values(scaler.scale_!),
      trainFirst: num(scaledXTrain.index(0, 0)),
      valFirst: num(scaledXVal.index(0, 0)),
    },
    trained,
    linr: [intercept, coef],
    data,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
