/**
 * Chapter 3 of "Deep Learning with PyTorch Step-by-Step" (D. V. Godoy), "A Simple Classification
 * Problem": two moons (make_moons, 100 points, noise 0.3), an 80/20 train/validation split,
 * standardisation, a logistic regression `nn.Sequential(nn.Linear(2, 1))` trained with
 * `nn.BCEWithLogitsLoss` and SGD (lr 0.1, 100 epochs, mini-batches of 16) by the book's
 * `StepByStep` class (antorcha's `Trainer`), then logits → probabilities → classes at threshold
 * 0.5, the decision boundary, the confusion matrix, TPR/FPR and precision/recall, the ROC and PR
 * curves with their areas, and class imbalance with `posWeight`.
 * The moons have sklearn's geometry but antorcha's random draws, so the numbers differ from the
 * book's (it gets 0.85 training / 0.90 validation accuracy and AUCs 0.98).
 *
 * Run: npx tsx examples/binary-classification.ts
 * Writes output/binary-classification/: losses.png, decision_boundary.png (train | validation),
 * confusion_matrix.png, roc_pr.png (ROC | precision-recall) and imbalance.png (the decision
 * boundary with and without posWeight on the imbalanced training set).
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as torch from "../src/index.js";

const { nn, optim, data, metrics, plot, Trainer } = torch;
const { datasets, TensorDataset, DataLoader } = data;
type Tensor = torch.Tensor;

export interface Options {
  /** Epochs of SGD (the book: 100). */
  nEpochs: number;
  lr: number;
  batchSize: number;
  /** Points in the two moons (the book: 100). */
  nSamples: number;
  /** Positive points kept in the imbalanced training set (the rest of the positives are dropped). */
  nPosImbalanced: number;
  /** Grid cells per side of the decision-boundary plots. */
  resolution: number;
  /** Where the figures go. */
  outDir: string;
  log: (line: string) => void;
}

/** Counts and rates at one threshold. */
export interface ThresholdMetrics {
  /** sklearn's layout: rows true class (0, 1), columns predicted class. */
  cm: number[][];
  tpr: number;
  fpr: number;
  precision: number;
  recall: number;
  accuracy: number;
}

export interface ImbalanceRun {
  losses: number[];
  weight: number[];
  bias: number;
  /** Validation metrics at threshold 0.5. */
  val: ThresholdMetrics;
}

export interface Result {
  nTrain: number;
  nVal: number;
  losses: number[];
  valLosses: number[];
  weight: number[];
  bias: number;
  trainAccuracy: number;
  /** Validation probabilities (sigmoid of the logits) and labels. */
  probabilitiesVal: number[];
  yVal: number[];
  val: ThresholdMetrics;
  roc: { fpr: number[]; tpr: number[]; thresholds: number[] };
  pr: { precision: number[]; recall: number[]; thresholds: number[] };
  auroc: number;
  aupr: number;
  rocAucScore: number;
  averagePrecision: number;
  imbalance: {
    /** The book's dummy example: mean loss with posWeight, and the same from the summed loss. */
    dummyLoss: number;
    dummyLossFromSum: number;
    nNeg: number;
    nPos: number;
    posWeight: number;
    plain: ImbalanceRun;
    weighted: ImbalanceRun;
  };
  files: string[];
}

/**
 * The book's data: `make_moons(n_samples=100, noise=0.3, random_state=0)` and
 * `train_test_split(X, y, test_size=.2, random_state=13)`, before standardisation.
 * @example const { XTrain, XVal, yTrain, yVal } = makeData();
 */
export function makeData(nSamples = 100): { XTrain: Tensor; XVal: Tensor; yTrain: Tensor; yVal: Tensor } {
  const { X, y } = datasets.makeMoons({ nSamples, noise: 0.3, seed: 0 });
  const [XTrain, XVal, yTrain, yVal] = datasets.trainTestSplit(X, y, {
    testSize: 0.2,
    generator: new torch.Generator(13),
  }) as [Tensor, Tensor, Tensor, Tensor];
  return { XTrain, XVal, yTrain, yVal };
}

/** The book's `split_cm`: tn, fp (actual negatives, top row), fn, tp (actual positives). */
function splitCm(cm: number[][]): [number, number, number, number] {
  const [actualNegative, actualPositive] = cm as [number[], number[]];
  return [actualNegative[0]!, actualNegative[1]!, actualPositive[0]!, actualPositive[1]!];
}

/** The book's `tpr_fpr`. */
function tprFpr(cm: number[][]): [number, number] {
  const [tn, fp, fn, tp] = splitCm(cm);
  return [tp / (tp + fn), fp / (fp + tn)];
}

/** The book's `precision_recall`. */
function precisionRecall(cm: number[][]): [number, number] {
  const [, fp, fn, tp] = splitCm(cm);
  return [tp / (tp + fp), tp / (tp + fn)];
}

function atThreshold(yTrue: number[], probabilities: number[], threshold: number): ThresholdMetrics {
  const yPred = probabilities.map((p) => (p >= threshold ? 1 : 0));
  const cm = metrics.confusionMatrix(yTrue, yPred, { labels: [0, 1] });
  const [tpr, fpr] = tprFpr(cm);
  const [precision, recall] = precisionRecall(cm);
  return { cm, tpr, fpr, precision, recall, accuracy: metrics.accuracy(yTrue, yPred) };
}

const fmt = (v: number, d = 4): string => v.toFixed(d);
const list = (a: number[], d = 4): string => `[${a.map((v) => fmt(v, d)).join(", ")}]`;

/** A logistic regression trained by the Trainer; the global seeds are the book's (13 for the loaders, 42 for the model). */
async function fit(
  x: Tensor,
  y: Tensor,
  valData: [Tensor, Tensor] | null,
  lossFn: torch.nn.Module,
  o: Options,
): Promise<{ model: torch.nn.Module; sbs: torch.Trainer }> {
  torch.manualSeed(13);
  const trainLoader = new DataLoader(new TensorDataset(x, y), { batchSize: o.batchSize, shuffle: true });
  const valLoader = valData === null ? null : new DataLoader(new TensorDataset(...valData), { batchSize: o.batchSize });
  torch.manualSeed(42);
  const model = new nn.Sequential();
  model.addModule("linear", new nn.Linear(2, 1));
  const optimizer = new optim.SGD(model.parameters(), { lr: o.lr });
  const sbs = new Trainer(model, lossFn, optimizer);
  sbs.setLoaders(trainLoader, valLoader);
  await sbs.train(o.nEpochs, { progress: false }); // seeds 42 again, as StepByStep.train
  return { model, sbs };
}

function parameters(model: torch.nn.Module): { weight: number[]; bias: number } {
  const sd = model.stateDict();
  return { weight: sd["linear.weight"]!.flatten().tolist() as number[], bias: sd["linear.bias"]!.item() as number };
}

/**
 * The whole chapter; returns every number it prints and the figures it wrote.
 * @example const r = await main({ nEpochs: 100, outDir: "/tmp/binary" }); r.auroc
 */
export async function main(opts: Partial<Options> = {}): Promise<Result> {
  const o: Options = {
    nEpochs: 100,
    lr: 0.1,
    batchSize: 16,
    nSamples: 100,
    nPosImbalanced: 6,
    resolution: 60,
    outDir: "output/binary-classification",
    log: console.log,
    ...opts,
  };
  const { log } = o;
  mkdirSync(o.outDir, { recursive: true });
  const files: string[] = [];
  const save = async (fig: torch.plot.Figure, name: string, what: string): Promise<void> => {
    const p = resolve(o.outDir, name);
    await fig.save(p);
    files.push(p);
    log(`${what} saved to ${p}`);
  };

  // Data generation and preparation: standardise with the training set's statistics only
  const { XTrain, XVal, yTrain, yVal } = makeData(o.nSamples);
  const mean = XTrain.mean(0);
  const std = XTrain.std(0, false); // StandardScaler: population standard deviation
  const scale = (x: Tensor): Tensor => x.sub(mean).div(std);
  log(`scaler: mean ${list(mean.tolist() as number[])}  scale ${list(std.tolist() as number[])}`);
  const xTrainTensor = scale(XTrain);
  const xValTensor = scale(XVal);
  const yTrainTensor = yTrain.reshape(-1, 1).float();
  const yValTensor = yVal.reshape(-1, 1).float();
  log(`train: ${xTrainTensor.shape[0]} points (${yTrain.sum().item()} positive)  val: ${xValTensor.shape[0]} points`);

  // Model configuration and training
  const lossFn = new nn.BCEWithLogitsLoss();
  const { model, sbs } = await fit(xTrainTensor, yTrainTensor, [xValTensor, yValTensor], lossFn, o);
  for (const e of [0, 1, 2, o.nEpochs - 1].filter((e, i, a) => e < o.nEpochs && a.indexOf(e) === i))
    log(`epoch: ${e + 1}  loss: ${fmt(sbs.losses[e]!)}  val_loss: ${fmt(sbs.valLosses[e]!)}`);
  await save(sbs.plotLosses(), "losses.png", "loss plot");
  const sd = model.stateDict();
  log(
    `OrderedDict([('linear.weight', ${String(sd["linear.weight"])}), ('linear.bias', ${String(sd["linear.bias"])})])`,
  );
  const { weight, bias } = parameters(model);
  // the decision boundary is where the logit is zero: x2 = -(b + w1·x1) / w2
  log(`decision boundary: x2 = ${fmt(-bias / weight[1]!)} + ${fmt(-weight[0]! / weight[1]!)} x1`);

  // Making predictions: logits → probabilities (sigmoid) → classes (logit ≥ 0 ⇔ probability ≥ 0.5)
  const predictions = sbs.predict(xTrainTensor.narrow(0, 0, 4));
  const probabilities = torch.sigmoid(predictions);
  const classes = predictions.ge(0).long();
  log(`predictions (logits): ${list(predictions.flatten().tolist() as number[])}`);
  log(`probabilities: ${list(probabilities.flatten().tolist() as number[])}`);
  log(`classes: [${(classes.flatten().tolist() as number[]).join(", ")}]`);
  const trainProbabilities = torch.sigmoid(sbs.predict(xTrainTensor)).flatten().tolist() as number[];
  const trainAccuracy = metrics.accuracy(
    yTrain,
    trainProbabilities.map((p) => (p >= 0.5 ? 1 : 0)),
  );

  const boundary = plot.figure({ rows: 1, cols: 2, title: "Decision boundary (threshold 0.5)" });
  const axes = { xLabel: "X1", yLabel: "X2", resolution: o.resolution };
  const probabilityOf = (t: Tensor): Tensor => torch.sigmoid(model.call(t) as Tensor);
  boundary.subplot(1, plot.decisionBoundary(probabilityOf, xTrainTensor, yTrain, { title: "Train", ...axes }));
  boundary.subplot(2, plot.decisionBoundary(probabilityOf, xValTensor, yVal, { title: "Validation", ...axes }));
  await save(boundary, "decision_boundary.png", "decision boundary");

  // Classification threshold: confusion matrix and rates at 0.5
  const logitsVal = sbs.predict(xValTensor);
  const probabilitiesVal = torch.sigmoid(logitsVal).squeeze().tolist() as number[];
  const yValList = yVal.tolist() as number[];
  const val = atThreshold(yValList, probabilitiesVal, 0.5);
  log(`confusion matrix (threshold 0.5): ${JSON.stringify(val.cm)}`);
  log(`tpr_fpr: (${fmt(val.tpr)}, ${fmt(val.fpr)})  precision_recall: (${fmt(val.precision)}, ${fmt(val.recall)})`);
  log(`accuracy: train ${fmt(trainAccuracy)}  val ${fmt(val.accuracy)}`);
  await save(
    plot.heatmap(val.cm, { xLabels: ["0", "1"], yLabels: ["0", "1"], title: "Confusion matrix (validation)" }),
    "confusion_matrix.png",
    "confusion matrix",
  );
  for (const t of [0.3, 0.7]) {
    const m = atThreshold(yValList, probabilitiesVal, t);
    log(
      `threshold ${t}: cm ${JSON.stringify(m.cm)}  tpr ${fmt(m.tpr)}  fpr ${fmt(m.fpr)}  precision ${fmt(m.precision)}`,
    );
  }

  // ROC and precision-recall curves, and the areas under them
  const roc = metrics.rocCurve(yValList, probabilitiesVal);
  const pr = metrics.precisionRecallCurve(yValList, probabilitiesVal);
  const auroc = metrics.auc(roc.fpr, roc.tpr);
  const aupr = metrics.auc(pr.recall, pr.precision);
  const rocAucScore = metrics.rocAucScore(yValList, probabilitiesVal) as number;
  const averagePrecision = metrics.averagePrecision(yValList, probabilitiesVal) as number;
  log(`auroc: ${fmt(auroc)}  aupr: ${fmt(aupr)}`);
  log(`roc_auc_score: ${fmt(rocAucScore)}  average_precision_score: ${fmt(averagePrecision)}`);
  const curves = plot.figure({ rows: 1, cols: 2 });
  curves.subplot(1, plot.rocCurve(yValList, probabilitiesVal, { title: "ROC Curve" }));
  curves.subplot(2, plot.prCurve(yValList, probabilitiesVal, { title: "Precision-Recall Curve" }));
  await save(curves, "roc_pr.png", "ROC and PR curves");

  // Imbalanced data: weigh the positive examples by n_neg / n_pos
  const dummyImbLabels = torch.tensor([1.0, 0.0, 0.0, 0.0]);
  const dummyImbPredictions = torch.tensor([0.9, 0.2, 0.2, 0.2]);
  const dummyImbLogits = torch.log(dummyImbPredictions.div(dummyImbPredictions.neg().add(1))); // inverse sigmoid
  let nNeg = dummyImbLabels.eq(0).sum().float();
  let nPos = dummyImbLabels.eq(1).sum().float();
  let posWeight = nNeg.div(nPos).view(1);
  const lossFnImb = new nn.BCEWithLogitsLoss({ reduction: "mean", posWeight });
  const dummyLoss = lossFnImb.call(dummyImbLogits, dummyImbLabels).item() as number;
  const lossFnImbSum = new nn.BCEWithLogitsLoss({ reduction: "sum", posWeight });
  // 'mean' divides the weighted sum by n = 4, not by the weights' total pos_weight·n_pos + n_neg:
  // the book's sum-based figure is the true weighted average
  const dummyLossFromSum = (lossFnImbSum.call(dummyImbLogits, dummyImbLabels) as Tensor)
    .div(posWeight.mul(nPos).add(nNeg))
    .item() as number;
  log(`pos_weight: ${String(posWeight)}  loss: ${fmt(dummyLoss)}  sum-based: ${fmt(dummyLossFromSum)}`);

  // The same on the moons: keep every negative but only the first nPosImbalanced positives
  const keep = (yTrain.tolist() as number[])
    .flatMap((c, i) => (c === 0 ? [i] : []))
    .concat((yTrain.tolist() as number[]).flatMap((c, i) => (c === 1 ? [i] : [])).slice(0, o.nPosImbalanced));
  const idx = torch.tensor(
    keep.sort((a, b) => a - b),
    { dtype: "int64" },
  );
  const xImb = xTrainTensor.indexSelect(0, idx);
  const yImb = yTrainTensor.indexSelect(0, idx);
  nNeg = yImb.eq(0).sum().float();
  nPos = yImb.eq(1).sum().float();
  posWeight = nNeg.div(nPos).view(1);
  const runs: ImbalanceRun[] = [];
  const imbalance = plot.figure({ rows: 1, cols: 2, title: "Imbalanced training set" });
  for (const [k, fn] of [new nn.BCEWithLogitsLoss(), new nn.BCEWithLogitsLoss({ posWeight })].entries()) {
    const r = await fit(xImb, yImb, null, fn, o);
    const p = torch.sigmoid(r.sbs.predict(xValTensor)).flatten().tolist() as number[];
    runs.push({ losses: r.sbs.losses, ...parameters(r.model), val: atThreshold(yValList, p, 0.5) });
    const title = k === 0 ? "BCEWithLogitsLoss()" : `pos_weight=${fmt(posWeight.item() as number, 2)}`;
    const f = (t: Tensor): Tensor => torch.sigmoid(r.model.call(t) as Tensor);
    imbalance.subplot(k + 1, plot.decisionBoundary(f, xImb, yImb.flatten(), { title, ...axes }));
  }
  const [plain, weighted] = runs as [ImbalanceRun, ImbalanceRun];
  log(
    `imbalanced train set: ${nNeg.item()} negatives, ${nPos.item()} positives, pos_weight ${fmt(posWeight.item() as number)}`,
  );
  for (const [name, r] of [
    ["without pos_weight", plain],
    ["with pos_weight   ", weighted],
  ] as const)
    log(
      `${name}: final loss ${fmt(r.losses.at(-1)!)}  val cm ${JSON.stringify(r.val.cm)}  recall ${fmt(r.val.recall)}  precision ${fmt(r.val.precision)}`,
    );
  await save(imbalance, "imbalance.png", "imbalance decision boundaries");

  log("summary:");
  log(`  final loss ${fmt(sbs.losses.at(-1)!)}  val_loss ${fmt(sbs.valLosses.at(-1)!)}`);
  log(`  weights ${list(weight)}  bias ${fmt(bias)}`);
  log(`  accuracy train ${fmt(trainAccuracy)}  val ${fmt(val.accuracy)}`);
  log(`  val @0.5: tpr ${fmt(val.tpr)} fpr ${fmt(val.fpr)} precision ${fmt(val.precision)} recall ${fmt(val.recall)}`);
  log(`  auroc ${fmt(auroc)}  aupr ${fmt(aupr)}  average precision ${fmt(averagePrecision)}`);
  log(`  imbalance: recall ${fmt(plain.val.recall)} → ${fmt(weighted.val.recall)} with pos_weight`);

  return {
    nTrain: xTrainTensor.shape[0]!,
    nVal: xValTensor.shape[0]!,
    losses: sbs.losses,
    valLosses: sbs.valLosses.map((v) => v ?? NaN), // null for epochs without a validation loader
    weight,
    bias,
    trainAccuracy,
    probabilitiesVal,
    yVal: yValList,
    val,
    roc,
    pr,
    auroc,
    aupr,
    rocAucScore,
    averagePrecision,
    imbalance: {
      dummyLoss,
      dummyLossFromSum,
      nNeg: nNeg.item() as number,
      nPos: nPos.item() as number,
      posWeight: posWeight.item() as number,
      plain,
      weighted,
    },
    files,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
