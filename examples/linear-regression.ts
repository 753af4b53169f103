/**
 * Chapters 0–2 of "Deep Learning with PyTorch Step-by-Step" (Daniel Voigt Godoy): a simple linear
 * regression y = b + w·x + ε, first by gradient descent written by hand (chapter 0), then with
 * tensors and autograd, an optimizer, a loss function, a model class and nn.Linear (chapter 1),
 * then with a Dataset, mini-batches from a DataLoader, train/validation step functions,
 * TensorBoard logging, and saving, resuming and deploying a checkpoint (chapter 2).
 *
 * The book draws its data with numpy (seed 42); here torch draws it (float64, seed 42: rand,
 * randn, randperm), so every number is the one PyTorch gives for the same calls.
 * Run: npx tsx examples/linear-regression.ts
 * Writes, under output/linear-regression/: yhat.svg (the graph of yhat, chapter 1),
 * runs/simple_linear_regression/ (TensorBoard: graph and training/validation losses),
 * model_checkpoint.pth, losses.png (chapter 2) and losses_resumed.png (after resuming).
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as torch from "../src/index.js";

const { nn, optim, data, plot, SummaryWriter } = torch;
const { TensorDataset, DataLoader, randomSplit } = data;
type Tensor = torch.Tensor;
type Log = (line: string) => void;

/** The synthetic data set, split 80/20 into training and validation points. */
export interface SyntheticData {
  x: Tensor;
  y: Tensor;
  xTrain: Tensor;
  yTrain: Tensor;
  xVal: Tensor;
  yVal: Tensor;
}

/** b and w after training. */
export interface Params {
  b: number;
  w: number;
}

/**
 * Data Generation: 100 points of y = 1 + 2x + 0.1·N(0, 1), shuffled and split 80/20.
 * @example const { xTrain, yTrain } = generateData(); xTrain.shape // [80, 1]
 */
export function generateData(): SyntheticData {
  const trueB = 1;
  const trueW = 2;
  const N = 100;
  torch.manualSeed(42);
  const x = torch.rand([N, 1], { dtype: torch.float64 });
  const epsilon = torch.randn([N, 1], { dtype: torch.float64 }).mul(0.1);
  const y = x.mul(trueW).add(trueB).add(epsilon);

  // Shuffles the indices; the first 80 random indices are for training, the rest for validation
  const idx = torch.randperm(N);
  const trainIdx = idx.index(`:${Math.floor(N * 0.8)}`);
  const valIdx = idx.index(`${Math.floor(N * 0.8)}:`);
  return { x, y, xTrain: x.index(trainIdx), yTrain: y.index(trainIdx), xVal: x.index(valIdx), yVal: y.index(valIdx) };
}

const num = (t: Tensor): number => t.item() as number;

/** `print(model.state_dict())`: `OrderedDict([('0.weight', tensor([[1.9690]])), …])`. */
export function formatStateDict(stateDict: Record<string, Tensor>): string {
  const items = Object.entries(stateDict).map(([k, v]) => `('${k}', ${String(v)})`);
  return `OrderedDict([${items.join(", ")}])`;
}

/**
 * Chapter 0: gradient descent in five steps with the gradients derived by hand (float64, as the
 * book's numpy arrays), checked against the closed-form least-squares fit.
 * @example chapter0(generateData(), 1000) // { b: 1.0067, w: 2.0190 }
 */
export function chapter0(d: SyntheticData, nEpochs = 1000, log: Log = console.log): Params {
  const { xTrain, yTrain } = d;
  // Step 0 - Initializes parameters "b" and "w" randomly
  torch.manualSeed(42);
  let b = torch.randn(1, { dtype: torch.float64 });
  let w = torch.randn(1, { dtype: torch.float64 });
  log(`[${num(b).toFixed(8)}] [${num(w).toFixed(8)}]`);
  // Sets learning rate - this is "eta" ~ the "n" like Greek letter
  const lr = 0.1;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    // Step 1 - Computes our model's predicted output - forward pass
    const yhat = b.add(w.mul(xTrain));
    // Step 2 - Computes the loss: mean squared error (MSE)
    const error = yhat.sub(yTrain);
    const loss = error.pow(2).mean();
    if (epoch === 0) log(`loss: ${num(loss).toFixed(8)}`);
    // Step 3 - Computes gradients for both "b" and "w" parameters
    const bGrad = error.mean().mul(2);
    const wGrad = xTrain.mul(error).mean().mul(2);
    // Step 4 - Updates parameters using gradients and the learning rate
    b = b.sub(bGrad.mul(lr));
    w = w.sub(wGrad.mul(lr));
  }
  log(`[${num(b).toFixed(8)}] [${num(w).toFixed(8)}]`);
  // Sanity check: the least-squares solution (the book uses scikit-learn's LinearRegression)
  const xm = xTrain.mean();
  const ym = yTrain.mean();
  const wLs = xTrain.sub(xm).mul(yTrain.sub(ym)).sum().div(xTrain.sub(xm).pow(2).sum());
  const bLs = ym.sub(wLs.mul(xm));
  log(`[${num(bLs).toFixed(8)}] [${num(wLs).toFixed(8)}]`);
  return { b: num(b), w: num(w) };
}

/** Chapter 1's tensors: `torch.as_tensor(x_train).float()`. */
function trainTensors(d: SyntheticData): { xTrainTensor: Tensor; yTrainTensor: Tensor } {
  return { xTrainTensor: d.xTrain.float(), yTrainTensor: d.yTrain.float() };
}

/** `torch.manual_seed(42)`, then b and w as leaf tensors that require gradients. */
function initParams(): [Tensor, Tensor] {
  torch.manualSeed(42);
  const b = torch.randn(1, { requiresGrad: true, dtype: torch.float });
  const w = torch.randn(1, { requiresGrad: true, dtype: torch.float });
  return [b, w];
}

/**
 * Chapter 1, autograd: `loss.backward()` computes the gradients, the update runs under `noGrad`;
 * writes the graph of yhat (`make_dot(yhat)`) to `dotPath` when given.
 * @example chapter1Autograd(generateData(), 1000) // { b: 1.0067, w: 2.0190 }
 */
export async function chapter1Autograd(
  d: SyntheticData,
  nEpochs = 1000,
  log: Log = console.log,
  dotPath?: string,
): Promise<Params> {
  const { xTrainTensor, yTrainTensor } = trainTensors(d);
  const [b, w] = initParams();
  log(`${String(b)} ${String(w)}`);
  const lr = 0.1;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    const yhat = b.add(w.mul(xTrainTensor));
    const error = yhat.sub(yTrainTensor);
    const loss = error.pow(2).mean();
    // No more manual computation of gradients!
    loss.backward();
    // Updates in place without recording them in the graph
    torch.noGrad(() => {
      b.sub_(b.grad!.mul(lr));
      w.sub_(w.grad!.mul(lr));
    });
    // PyTorch is "clingy" to its computed gradients, we need to tell it to let it go...
    b.grad!.zero_();
    w.grad!.zero_();
  }
  log(`${String(b)} ${String(w)}`);
  if (dotPath !== undefined) {
    const yhat = b.add(w.mul(xTrainTensor));
    await torch.makeDot(yhat).save(dotPath);
    log(`graph of yhat saved to ${dotPath}`);
  }
  return { b: num(b), w: num(w) };
}

/**
 * Chapter 1, optimizer: `optim.SGD([b, w], lr)` does the update and zeroes the gradients; with
 * `useLossFn` the loss is `nn.MSELoss(reduction="mean")` instead of the formula.
 * @example chapter1Optimizer(generateData(), 1000, true) // { b: 1.0067, w: 2.0190 }
 */
export function chapter1Optimizer(d: SyntheticData, nEpochs = 1000, useLossFn = false, log: Log = console.log): Params {
  const { xTrainTensor, yTrainTensor } = trainTensors(d);
  const [b, w] = initParams();
  const lr = 0.1;
  const optimizer = new optim.SGD([b, w], { lr });
  const lossFn = new nn.MSELoss({ reduction: "mean" });
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    const yhat = b.add(w.mul(xTrainTensor));
    const loss = useLossFn ? lossFn.call(yhat, yTrainTensor) : yhat.sub(yTrainTensor).pow(2).mean();
    loss.backward();
    optimizer.step();
    optimizer.zeroGrad();
  }
  log(`${String(b)} ${String(w)}`);
  return { b: num(b), w: num(w) };
}

/**
 * The book's first model: b and w as Parameters of an nn.Module.
 * @example torch.manualSeed(42); new ManualLinearRegression().stateDict() // { b: [0.3367], w: [0.1288] }
 */
export class ManualLinearRegression extends nn.Module {
  // To make "b" and "w" real parameters of the model, we need to wrap them with nn.Parameter
  b = new nn.Parameter(torch.randn(1, { requiresGrad: true, dtype: torch.float }));
  w = new nn.Parameter(torch.randn(1, { requiresGrad: true, dtype: torch.float }));

  override forward(x: Tensor): Tensor {
    // Computes the outputs / predictions
    return this.b.add(this.w.mul(x));
  }
}

/** Model Training V0: full-batch gradient descent of `model` on the training tensors. */
function trainFullBatch(model: torch.nn.Module, d: SyntheticData, nEpochs: number): void {
  const { xTrainTensor, yTrainTensor } = trainTensors(d);
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  const lossFn = new nn.MSELoss({ reduction: "mean" });
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    model.train(); // Sets model to TRAIN mode
    const yhat = model.call(xTrainTensor);
    const loss = lossFn.call(yhat, yTrainTensor);
    loss.backward();
    optimizer.step();
    optimizer.zeroGrad();
  }
}

/**
 * Chapter 1, model class: `ManualLinearRegression` trained with SGD and MSELoss.
 * @example chapter1Model(generateData(), 1000) // { b: 1.0067, w: 2.0190 }
 */
export function chapter1Model(d: SyntheticData, nEpochs = 1000, log: Log = console.log): Params {
  torch.manualSeed(42);
  const model = new ManualLinearRegression();
  log(formatStateDict(model.stateDict()));
  trainFullBatch(model, d, nEpochs);
  log(formatStateDict(model.stateDict()));
  return { b: num(model.b), w: num(model.w) };
}

/**
 * Chapter 1, `nn.Sequential(nn.Linear(1, 1))`: the model of the rest of the book.
 * @example chapter1Sequential(generateData(), 1000) // { b: 1.0067, w: 2.0190 }
 */
export function chapter1Sequential(d: SyntheticData, nEpochs = 1000, log: Log = console.log): Params {
  torch.manualSeed(42);
  const model = new nn.Sequential(new nn.Linear(1, 1));
  log(formatStateDict(model.stateDict()));
  trainFullBatch(model, d, nEpochs);
  log(formatStateDict(model.stateDict()));
  const sd = model.stateDict();
  return { b: num(sd["0.bias"]!), w: num(sd["0.weight"]!) };
}

// ---- Chapter 2 -------------------------------------------------------------------------------

type StepFn = (x: Tensor, y: Tensor) => number;
type Loader = Iterable<[Tensor, Tensor]>;

/**
 * Builds the function that performs one training step: forward, loss, backward, update.
 * @example const trainStepFn = makeTrainStepFn(model, lossFn, optimizer); trainStepFn(xb, yb) // 0.51
 */
export function makeTrainStepFn(
  model: torch.nn.Module,
  lossFn: torch.nn.Module,
  optimizer: torch.optim.Optimizer,
): StepFn {
  // Builds function that performs a step in the train loop
  return function performTrainStepFn(x: Tensor, y: Tensor): number {
    model.train(); // Sets model to TRAIN mode
    const yhat = model.call(x); // Step 1 - Computes model's predictions - forward pass
    const loss = lossFn.call(yhat, y) as Tensor; // Step 2 - Computes the loss
    loss.backward(); // Step 3 - Computes gradients for "b" and "w" parameters
    optimizer.step(); // Step 4 - Updates parameters using gradients and the learning rate
    optimizer.zeroGrad();
    return loss.item() as number; // Returns the loss
  };
}

/**
 * Builds the function that performs one validation step: forward and loss in eval mode.
 * @example const valStepFn = makeValStepFn(model, lossFn); torch.noGrad(() => valStepFn(xb, yb))
 */
export function makeValStepFn(model: torch.nn.Module, lossFn: torch.nn.Module): StepFn {
  return function performValStepFn(x: Tensor, y: Tensor): number {
    model.eval(); // Sets model to EVAL mode
    const yhat = model.call(x); // Step 1 - Computes model's predictions - forward pass
    const loss = lossFn.call(yhat, y) as Tensor; // Step 2 - Computes the loss
    // There is no need to compute Steps 3 and 4, since we don't update parameters during evaluation
    return loss.item() as number;
  };
}

/**
 * One pass over `dataLoader`, a step per mini-batch; the mean of the mini-batch losses.
 * @example const loss = miniBatch(trainLoader, trainStepFn)
 */
export function miniBatch(dataLoader: Loader, stepFn: StepFn): number {
  const miniBatchLosses: number[] = [];
  for (const [xBatch, yBatch] of dataLoader) miniBatchLosses.push(stepFn(xBatch, yBatch));
  return miniBatchLosses.reduce((a, b) => a + b, 0) / miniBatchLosses.length;
}

/** Model Configuration V3: seed 42, nn.Sequential(nn.Linear(1, 1)), SGD(lr 0.1), MSELoss. */
function modelConfiguration(): { model: torch.nn.Sequential; optimizer: torch.optim.SGD; lossFn: torch.nn.MSELoss } {
  const lr = 0.1;
  torch.manualSeed(42);
  const model = new nn.Sequential(new nn.Linear(1, 1));
  const optimizer = new optim.SGD(model.parameters(), { lr });
  const lossFn = new nn.MSELoss({ reduction: "mean" });
  return { model, optimizer, lossFn };
}

/** Model Training V5: epochs of mini-batch training and validation, logged to TensorBoard. */
function trainEpochs(
  s: { model: torch.nn.Module; optimizer: torch.optim.Optimizer; lossFn: torch.nn.Module },
  loaders: { trainLoader: Loader; valLoader: Loader },
  writer: torch.SummaryWriter,
  fromEpoch: number,
  nEpochs: number,
  losses: number[],
  valLosses: number[],
): void {
  const trainStepFn = makeTrainStepFn(s.model, s.lossFn, s.optimizer);
  const valStepFn = makeValStepFn(s.model, s.lossFn);
  for (let epoch = fromEpoch; epoch < fromEpoch + nEpochs; epoch++) {
    // inner loop
    const loss = miniBatch(loaders.trainLoader, trainStepFn);
    losses.push(loss);
    // VALIDATION - no gradients in validation!
    const valLoss = torch.noGrad(() => miniBatch(loaders.valLoader, valStepFn));
    valLosses.push(valLoss);
    // Records both losses for each epoch under the main tag "loss"
    writer.addScalars("loss", { training: loss, validation: valLoss }, epoch);
  }
  writer.close();
}

/** The book's loss figure: training (blue) and validation (red) loss per epoch, log scale. */
async function plotLosses(losses: number[], valLosses: number[], path: string): Promise<void> {
  const fig = plot.linePlot(
    { "Training Loss": losses, "Validation Loss": valLosses },
    { logY: true, xLabel: "Epochs", yLabel: "Loss", width: 600, height: 240 },
  );
  await fig.save(path);
}

export interface Chapter2Result extends Params {
  losses: number[];
  valLosses: number[];
  trainLoader: Loader;
  valLoader: Loader;
  runsDir: string;
  checkpointPath: string;
  figurePath: string;
}

/**
 * Chapter 2: TensorDataset + randomSplit + DataLoader (batch 16, shuffled), step functions,
 * TensorBoard, the loss figure, and the checkpoint (epoch, model and optimizer state, losses).
 * @example const r = await chapter2(generateData(), { nEpochs: 200, outDir: "output/linear-regression" })
 */
export async function chapter2(
  d: SyntheticData,
  opts: { nEpochs?: number; outDir: string; log?: Log },
): Promise<Chapter2Result> {
  const nEpochs = opts.nEpochs ?? 200;
  const log = opts.log ?? console.log;
  // Data Preparation V2: builds tensors from the numpy-like arrays BEFORE the split
  torch.manualSeed(13);
  const xTensor = d.x.float();
  const yTensor = d.y.float();
  const dataset = new TensorDataset(xTensor, yTensor);
  const ratio = 0.8;
  const nTotal = dataset.length;
  const nTrain = Math.floor(nTotal * ratio);
  const nVal = nTotal - nTrain;
  const [trainData, valData] = randomSplit(dataset, [nTrain, nVal]);
  const trainLoader = new DataLoader<unknown, [Tensor, Tensor]>(trainData!, { batchSize: 16, shuffle: true });
  const valLoader = new DataLoader<unknown, [Tensor, Tensor]>(valData!, { batchSize: 16 });

  // Model Configuration V3, with a SummaryWriter and the model's graph
  const s = modelConfiguration();
  const runsDir = resolve(opts.outDir, "runs", "simple_linear_regression");
  const writer = new SummaryWriter(runsDir);
  // x_dummy, y_dummy = next(iter(train_loader))
  const [xDummy] = trainLoader[Symbol.iterator]().next().value!;
  writer.addGraph(s.model, xDummy);

  // Model Training V5
  const losses: number[] = [];
  const valLosses: number[] = [];
  trainEpochs(s, { trainLoader, valLoader }, writer, 0, nEpochs, losses, valLosses);
  log(`TensorBoard logs written to ${runsDir}`);
  log(formatStateDict(s.model.stateDict()));

  const figurePath = resolve(opts.outDir, "losses.png");
  await plotLosses(losses, valLosses, figurePath);
  log(`loss figure saved to ${figurePath}`);

  // Saving: everything needed to resume; the generator state too, so that resumed shuffling
  // continues exactly where it stopped (the book's checkpoint omits it)
  const checkpoint = {
    epoch: nEpochs,
    model_state_dict: s.model.stateDict(),
    optimizer_state_dict: s.optimizer.stateDict(),
    loss: losses,
    val_loss: valLosses,
    rng_state: torch.getRngState(),
  };
  const checkpointPath = resolve(opts.outDir, "model_checkpoint.pth");
  torch.save(checkpoint, checkpointPath);
  log(`checkpoint saved to ${checkpointPath}`);
  const sd = s.model.stateDict();
  return {
    b: num(sd["0.bias"]!),
    w: num(sd["0.weight"]!),
    losses,
    valLosses,
    trainLoader,
    valLoader,
    runsDir,
    checkpointPath,
    figurePath,
  };
}

interface Checkpoint {
  epoch: number;
  model_state_dict: Record<string, Tensor>;
  optimizer_state_dict: ReturnType<torch.optim.Optimizer["stateDict"]>;
  loss: number[];
  val_loss: number[];
  rng_state: Uint8Array;
}

/**
 * Resuming Training: a fresh model and optimizer load the checkpoint and train `nEpochs` more.
 * @example const r = await resumeTraining("output/linear-regression/model_checkpoint.pth", { nEpochs: 200, ...loaders, outDir })
 */
export async function resumeTraining(
  checkpointPath: string,
  opts: { nEpochs?: number; trainLoader: Loader; valLoader: Loader; outDir: string; log?: Log },
): Promise<Params & { losses: number[]; valLosses: number[]; figurePath: string }> {
  const log = opts.log ?? console.log;
  const s = modelConfiguration();
  log(formatStateDict(s.model.stateDict())); // untrained
  const checkpoint = torch.load(checkpointPath) as Checkpoint;
  s.model.loadStateDict(checkpoint.model_state_dict);
  s.optimizer.loadStateDict(checkpoint.optimizer_state_dict);
  torch.setRngState(checkpoint.rng_state);
  const savedEpoch = checkpoint.epoch;
  const savedLosses = [...checkpoint.loss];
  const savedValLosses = [...checkpoint.val_loss];
  s.model.train(); // always use TRAIN for resuming training
  log(formatStateDict(s.model.stateDict()));

  const writer = new SummaryWriter(resolve(opts.outDir, "runs", "simple_linear_regression"));
  trainEpochs(s, opts, writer, savedEpoch, opts.nEpochs ?? 200, savedLosses, savedValLosses);
  log(formatStateDict(s.model.stateDict()));
  const figurePath = resolve(opts.outDir, "losses_resumed.png");
  await plotLosses(savedLosses, savedValLosses, figurePath);
  log(`loss figure saved to ${figurePath}`);
  const sd = s.model.stateDict();
  return { b: num(sd["0.bias"]!), w: num(sd["0.weight"]!), losses: savedLosses, valLosses: savedValLosses, figurePath };
}

/**
 * Deploying / Making Predictions: a fresh model loads the checkpoint and predicts in eval mode.
 * @example makePredictions("output/linear-regression/model_checkpoint.pth", [[0.2], [0.34], [0.57]])
 */
export function makePredictions(checkpointPath: string, inputs: number[][], log: Log = console.log): number[] {
  const { model } = modelConfiguration();
  const checkpoint = torch.load(checkpointPath) as Checkpoint;
  model.loadStateDict(checkpoint.model_state_dict);
  const newInputs = torch.tensor(inputs);
  model.eval(); // always use EVAL for fully trained models!
  const predictions = torch.noGrad(() => model.call(newInputs));
  log(String(predictions));
  return predictions.flatten().tolist() as number[];
}

export interface Options {
  /** Epochs of the full-batch steps of chapters 0 and 1 (the book: 1000). */
  epochs: number;
  /** Epochs of chapter 2's mini-batch training (the book: 200), and of the resumed training. */
  miniBatchEpochs: number;
  resumeEpochs: number;
  outDir: string;
  log: Log;
}

export interface Result {
  chapter0: Params;
  chapter1: { autograd: Params; optimizer: Params; mseLoss: Params; model: Params; sequential: Params };
  chapter2: Params & { losses: number[]; valLosses: number[] };
  resumed: Params & { losses: number[]; valLosses: number[] };
  predictions: number[];
  paths: { graph: string; runs: string; checkpoint: string; losses: string; lossesResumed: string };
}

/**
 * Runs chapters 0, 1 and 2 in order and returns what a test checks.
 * @example const r = await main({ epochs: 10, miniBatchEpochs: 2, resumeEpochs: 2, outDir: "/tmp/lr" })
 */
export async function main(opts: Partial<Options> = {}): Promise<Result> {
  const o: Options = {
    epochs: 1000,
    miniBatchEpochs: 200,
    resumeEpochs: 200,
    outDir: "output/linear-regression",
    log: console.log,
    ...opts,
  };
  const { log } = o;
  mkdirSync(o.outDir, { recursive: true });
  const d = generateData();

  log("# Chapter 0: gradient descent by hand");
  const ch0 = chapter0(d, o.epochs, log);
  log("# Chapter 1: autograd");
  const graph = resolve(o.outDir, "yhat.svg");
  const autograd = await chapter1Autograd(d, o.epochs, log, graph);
  log("# Chapter 1: optimizer");
  const optimizer = chapter1Optimizer(d, o.epochs, false, log);
  log("# Chapter 1: loss function");
  const mseLoss = chapter1Optimizer(d, o.epochs, true, log);
  log("# Chapter 1: model");
  const model = chapter1Model(d, o.epochs, log);
  log("# Chapter 1: nn.Sequential(nn.Linear(1, 1))");
  const sequential = chapter1Sequential(d, o.epochs, log);

  log("# Chapter 2: mini-batches, TensorBoard, checkpoint");
  const ch2 = await chapter2(d, { nEpochs: o.miniBatchEpochs, outDir: o.outDir, log });
  log("# Chapter 2: resuming training");
  const resumed = await resumeTraining(ch2.checkpointPath, {
    nEpochs: o.resumeEpochs,
    trainLoader: ch2.trainLoader,
    valLoader: ch2.valLoader,
    outDir: o.outDir,
    log,
  });
  log("# Chapter 2: deploying / making predictions");
  const predictions = makePredictions(ch2.checkpointPath, [[0.2], [0.34], [0.57]], log);
  return {
    chapter0: ch0,
    chapter1: { autograd, optimizer, mseLoss, model, sequential },
    chapter2: { b: ch2.b, w: ch2.w, losses: ch2.losses, valLosses: ch2.valLosses },
    resumed: { b: resumed.b, w: resumed.w, losses: resumed.losses, valLosses: resumed.valLosses },
    predictions,
    paths: {
      graph,
      runs: ch2.runsDir,
      checkpoint: ch2.checkpointPath,
      losses: ch2.figurePath,
      lossesResumed: resumed.figurePath,
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
