/**
 * "Deep Learning with PyTorch Step-by-Step" (vol. I), chapter 3 "A Simple Classification
 * Problem", line by line: scikit-learn's data (`make_moons(n_samples=100, noise=0.3,
 * random_state=0)`, `train_test_split(test_size=.2, random_state=13)`, `StandardScaler`), odds and
 * log odds, binary cross-entropy by hand and as `nn.BCELoss` / `nn.BCEWithLogitsLoss` (with
 * `posWeight`), logistic regression trained by the book's StepByStep class, predictions,
 * probabilities and classes, the confusion matrix, TPR/FPR, precision/recall, the ROC and
 * precision-recall curves and their areas (the book's `0.9797979797979798 0.9854312354312356`).
 *
 * Run: npx tsx examples/book/chapter3.ts
 */
import { pathToFileURL } from "node:url";
import * as torch from "../../src/index.js";
import * as np from "../../src/numpy/index.js";
import { StandardScaler, makeMoons, trainTestSplit } from "../../src/sklearn/index.js";
import { formatStateDict, npIntMatrix, stateValues, values, type Log } from "./format.js";

const { nn, optim, data, metrics, StepByStep } = torch;
const { TensorDataset, DataLoader } = data;
const { confusionMatrix, rocCurve, precisionRecallCurve, auc } = metrics;
type Tensor = torch.Tensor;

export interface Options {
  /** Epochs of training (the book: 100). */
  nEpochs?: number;
  /** Where printed lines go (console.log). */
  log?: Log;
}

/** The logistic function on an array (the book's NumPy `sigmoid`). */
export function sigmoid(z: Tensor): Tensor {
  return np.exp(z.neg()).add(1).reciprocal();
}

/** Odds ratio of a probability. */
export function oddsRatio(prob: number): number {
  return prob / (1 - prob);
}

/** Log odds ratio (logit) of a probability. */
export function logOddsRatio(prob: number): number {
  return Math.log(oddsRatio(prob));
}

/** `[tpr, fpr]` from a 2×2 confusion matrix. */
export function tprFpr(cm: number[][]): [number, number] {
  const [[tn, fp], [fn, tp]] = cm as [[number, number], [number, number]];
  const tpr = tp / (tp + fn);
  const fpr = fp / (fp + tn);
  return [tpr, fpr];
}

/** `[precision, recall]` from a 2×2 confusion matrix. */
export function precisionRecall(cm: number[][]): [number, number] {
  const [[, fp], [fn, tp]] = cm as [[number, number], [number, number]];
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  return [precision, recall];
}

export interface Result {
  xTrainFirst: number[];
  yVal: number[];
  bceByHand: number;
  bceSummation: number;
  bceLoss: number;
  bceWithLogits: number;
  bceImbalanced: number;
  stateDict: Record<string, number[]>;
  losses: number[];
  valLosses: number[];
  predictions: number[];
  probabilities: number[];
  classes: number[];
  probabilitiesVal: number[];
  confusionMatrix: number[][];
  tprFpr: [number, number];
  precisionRecall: [number, number];
  rocCurve: { fpr: number[]; tpr: number[]; thresholds: number[] };
  auroc: number;
  aupr: number;
}

const num = (t: Tensor): number => t.item() as number;

export function main(opts: Options = {}): Result {
  const log = opts.log ?? console.log;

  // Data Generation
  const { X, y } = makeMoons({ nSamples: 100, noise: 0.3, randomState: 0 });
  const [rawXTrain, rawXVal, yTrain, yVal] = trainTestSplit(X, y, { testSize: 0.2, randomState: 13 }) as [
    Tensor,
    Tensor,
    Tensor,
    Tensor,
  ];
  const sc = new StandardScaler();
  sc.fit(rawXTrain);
  const XTrain = sc.transform(rawXTrain);
  const XVal = sc.transform(rawXVal);

  // Binary Cross-Entropy Loss
  const dummyLabels = torch.tensor([1.0, 0.0]);
  const dummyPredictions = torch.tensor([0.9, 0.2]);
  // Positive class (labels == 1)
  const positivePred = dummyPredictions.index(dummyLabels.eq(1));
  const firstSummation = torch.log(positivePred).sum();
  // Negative class (labels == 0)
  const negativePred = dummyPredictions.index(dummyLabels.eq(0));
  const secondSummation = torch.log(negativePred.neg().add(1)).sum();
  // n_total = n_pos + n_neg
  const nTotal = dummyLabels.size(0);
  let loss = firstSummation.add(secondSummation).neg().div(nTotal);
  log(String(loss));
  const bceByHand = num(loss);

  const summation = torch.sum(
    dummyLabels.mul(torch.log(dummyPredictions)).add(
      dummyLabels
        .neg()
        .add(1)
        .mul(torch.log(dummyPredictions.neg().add(1))),
    ),
  );
  loss = summation.neg().div(nTotal);
  log(String(loss));
  const bceSummation = num(loss);

  // BCELoss
  const lossFnBce = new nn.BCELoss({ reduction: "mean" });
  // RIGHT order of arguments: predictions, then labels
  loss = lossFnBce.call(dummyPredictions, dummyLabels);
  log(String(loss));
  const bceLoss = num(loss);

  // BCEWithLogitsLoss
  const lossFnLogits = new nn.BCEWithLogitsLoss({ reduction: "mean" });
  const logit1 = logOddsRatio(0.9);
  const logit2 = logOddsRatio(0.2);
  const dummyLogits = torch.tensor([logit1, logit2]);
  loss = lossFnLogits.call(dummyLogits, dummyLabels);
  log(String(loss));
  const bceWithLogits = num(loss);

  // Imbalanced dataset
  const dummyImbLabels = torch.tensor([1.0, 0.0, 0.0, 0.0]);
  const dummyImbLogits = torch.tensor([logit1, logit2, logit2, logit2]);
  const nNeg = dummyImbLabels.eq(0).sum().float();
  const nPos = dummyImbLabels.eq(1).sum().float();
  const posWeight = nNeg.div(nPos).view(1);
  log(String(posWeight));
  const lossFnImb = new nn.BCEWithLogitsLoss({ reduction: "mean", posWeight });
  loss = lossFnImb.call(dummyImbLogits, dummyImbLabels);
  log(String(loss));
  const bceImbalanced = num(loss);

  // Data Preparation
  torch.manualSeed(13);
  // Builds tensors from numpy arrays
  const xTrainTensor = torch.asTensor(XTrain).float();
  const yTrainTensor = torch.asTensor(yTrain.reshape([-1, 1])).float();
  const xValTensor = torch.asTensor(XVal).float();
  const yValTensor = torch.asTensor(yVal.reshape([-1, 1])).float();
  // Builds dataset containing ALL data points
  const trainDataset = new TensorDataset(xTrainTensor, yTrainTensor);
  const valDataset = new TensorDataset(xValTensor, yValTensor);
  // Builds a loader of each set
  const trainLoader = new DataLoader(trainDataset, { batchSize: 16, shuffle: true });
  const valLoader = new DataLoader(valDataset, { batchSize: 16 });

  // Model Configuration
  // Sets learning rate - this is "eta" ~ the "n"-like Greek letter
  const lr = 0.1;
  torch.manualSeed(42);
  const model = new nn.Sequential();
  model.addModule("linear", new nn.Linear(2, 1));
  // Defines a SGD optimizer to update the parameters
  const optimizer = new optim.SGD(model.parameters(), { lr });
  // Defines a BCE loss function
  const lossFn = new nn.BCEWithLogitsLoss();

  // Model Training
  const nEpochs = opts.nEpochs ?? 100;
  const sbs = new StepByStep(model, lossFn, optimizer);
  sbs.setLoaders(trainLoader, valLoader);
  sbs.train(nEpochs);
  log(formatStateDict(model.stateDict()));

  // Making Predictions (Logits)
  const predictions = sbs.predict(xTrainTensor.index(":4"));
  log(String(predictions));
  // Probabilities
  const probabilities = sigmoid(predictions);
  log(String(probabilities));
  // Classes
  const classes = predictions.ge(0).long();
  log(String(classes));

  // Metrics
  const logitsVal = sbs.predict(XVal);
  const probabilitiesVal = sigmoid(logitsVal).squeeze();
  const cmThresh50 = confusionMatrix(yVal, probabilitiesVal.ge(0.5));
  log(npIntMatrix(cmThresh50));
  log(`(${tprFpr(cmThresh50).join(", ")})`);
  log(`(${precisionRecall(cmThresh50).join(", ")})`);

  // Trade-offs and Curves
  const { fpr, tpr, thresholds: thresholds1 } = rocCurve(yVal, probabilitiesVal);
  const { precision: prec, recall: rec } = precisionRecallCurve(yVal, probabilitiesVal);
  // Area Under the Curve
  const auroc = auc(fpr, tpr);
  const aupr = auc(rec, prec);
  log(`${auroc} ${aupr}`);

  return {
    xTrainFirst: values(XTrain.index(0)),
    yVal: values(yVal),
    bceByHand,
    bceSummation,
    bceLoss,
    bceWithLogits,
    bceImbalanced,
    stateDict: stateValues(model.stateDict()),
    losses: sbs.losses,
    valLosses: sbs.valLosses as number[],
    predictions: values(predictions),
    probabilities: values(probabilities),
    classes: values(classes),
    probabilitiesVal: values(probabilitiesVal),
    confusionMatrix: cmThresh50,
    tprFpr: tprFpr(cmThresh50),
    precisionRecall: precisionRecall(cmThresh50),
    rocCurve: { fpr, tpr, thresholds: thresholds1 },
    auroc,
    aupr,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
