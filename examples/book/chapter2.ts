/**
 * "Deep Learning with PyTorch Step-by-Step" (vol. I), chapter 2 "Rethinking the Training Loop",
 * line by line: the training step function, TensorDataset and DataLoader (mini-batches of 16),
 * the mini-batch helper, `randomSplit` into training and validation sets, the validation loop,
 * TensorBoard (`SummaryWriter`, `addGraph`, `addScalars`), saving a checkpoint, resuming training
 * from it and making predictions with a loaded model. The data is chapter 0's (NumPy's).
 *
 * Run: npx tsx examples/book/chapter2.ts
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as torch from "../../src/index.js";
import * as np from "../../src/numpy/index.js";
import { generateData } from "./chapter0.js";
import { formatStateDict, stateValues, values, type Log } from "./format.js";

const { nn, optim, data, SummaryWriter } = torch;
const { TensorDataset, DataLoader, randomSplit } = data;
type Tensor = torch.Tensor;
type StepFn = (x: Tensor, y: Tensor) => number;
type Loader = Iterable<[Tensor, Tensor]>;

export interface Options {
  /** Epochs of the mini-batch training without validation (the book: 1000). */
  nEpochsV3?: number;
  /** Epochs of the training with validation, and of the resumed training (the book: 200). */
  nEpochs?: number;
  /** Where TensorBoard runs and the checkpoint go (default a temp folder). */
  outDir?: string;
  /** Where printed lines go (console.log). */
  log?: Log;
  /**
   * A checkpoint to resume from in place of the one this run saves, e.g. the one PyTorch writes
   * running the book's code (test/fixtures/examples/book-chapter2-pytorch.pth).
   */
  resumeFrom?: string;
}

const device = torch.cuda.isAvailable() ? "cuda" : "cpu";

/** Builds the function that performs a step in the train loop. */
export function makeTrainStepFn(
  model: torch.nn.Module,
  lossFn: torch.nn.Module,
  optimizer: torch.optim.Optimizer,
): StepFn {
  // Builds function that performs a step in the train loop
  return function performTrainStepFn(x: Tensor, y: Tensor): number {
    // Sets model to TRAIN mode
    model.train();
    // Step 1 - Computes our model's predicted output - forward pass
    const yhat = model.call(x);
    // Step 2 - Computes the loss
    const loss = lossFn.call(yhat, y) as Tensor;
    // Step 3 - Computes gradients for both "a" and "b" parameters
    loss.backward();
    // Step 4 - Updates parameters using gradients and the learning rate
    optimizer.step();
    optimizer.zeroGrad();
    // Returns the loss
    return loss.item() as number;
  };
}

/** Builds the function that performs a step in the validation loop. */
export function makeValStepFn(model: torch.nn.Module, lossFn: torch.nn.Module): StepFn {
  // Builds function that performs a step in the validation loop
  return function performValStepFn(x: Tensor, y: Tensor): number {
    // Sets model to EVAL mode
    model.eval();
    // Step 1 - Computes our model's predicted output - forward pass
    const yhat = model.call(x);
    // Step 2 - Computes the loss
    const loss = lossFn.call(yhat, y) as Tensor;
    // There is no need to compute Steps 3 and 4, since we don't update parameters during evaluation
    return loss.item() as number;
  };
}

/** One pass over a loader, one step per mini-batch; the mean of the mini-batch losses. */
export function miniBatch(dev: string, dataLoader: Loader, stepFn: StepFn): number {
  const miniBatchLosses: number[] = [];
  for (let [xBatch, yBatch] of dataLoader) {
    xBatch = xBatch.to(dev);
    yBatch = yBatch.to(dev);
    const miniBatchLoss = stepFn(xBatch, yBatch);
    miniBatchLosses.push(miniBatchLoss);
  }
  const loss = np.mean(miniBatchLosses) as number;
  return loss;
}

/**
 * Model Configuration V3 (seed 42, SGD lr 0.1, MSELoss, the step functions) with TensorBoard: a
 * SummaryWriter and the model's graph, traced on a mini-batch fetched from `trainLoader` (the
 * fetch draws a shuffle from torch's generator, as the book's `next(iter(train_loader))`).
 */
function modelConfigurationV3(trainLoader: Loader, runsDir: string) {
  // Sets learning rate - this is "eta" ~ the "n"-like Greek letter
  const lr = 0.1;
  torch.manualSeed(42);
  // Now we can create a model and send it at once to the device
  const model = new nn.Sequential(new nn.Linear(1, 1)).to(device);
  // Defines a SGD optimizer to update the parameters (now retrieved directly from the model)
  const optimizer = new optim.SGD(model.parameters(), { lr });
  // Defines a MSE loss function
  const lossFn = new nn.MSELoss({ reduction: "mean" });
  // Creates the trainStep function for our model, loss function and optimizer
  const trainStepFn = makeTrainStepFn(model, lossFn, optimizer);
  // Creates the valStep function for our model and loss function
  const valStepFn = makeValStepFn(model, lossFn);
  // Creates a Summary Writer to interface with TensorBoard
  const writer = new SummaryWriter(join(runsDir, "simple_linear_regression"));
  // Fetches a single mini-batch so we can use addGraph
  const [xDummy] = trainLoader[Symbol.iterator]().next().value!;
  writer.addGraph(model, xDummy.to(device));
  return { model, optimizer, lossFn, trainStepFn, valStepFn, writer };
}

export interface Result {
  v3: { stateDict: Record<string, number[]>; losses: number[] };
  trainIndices: number[];
  v5: { stateDict: Record<string, number[]>; losses: number[]; valLosses: number[] };
  beforeLoad: Record<string, number[]>;
  afterLoad: Record<string, number[]>;
  savedEpoch: number;
  resumed: { stateDict: Record<string, number[]>; losses: number[]; valLosses: number[] };
  predictions: number[];
  runDir: string;
  checkpoint: string;
}

export function main(opts: Options = {}): Result {
  const log = opts.log ?? console.log;
  const outDir = opts.outDir ?? mkdtempSync(join(tmpdir(), "antorcha-chapter2-"));
  const { x, y, xTrain, yTrain } = generateData();

  // Data Preparation V1
  // Our data was in Numpy arrays, but we need to transform them into PyTorch's Tensors
  const xTrainTensor = torch.asTensor(xTrain).float();
  const yTrainTensor = torch.asTensor(yTrain).float();
  // Builds Dataset
  const trainData = new TensorDataset(xTrainTensor, yTrainTensor);
  // Builds DataLoader
  let trainLoader = new DataLoader<unknown, [Tensor, Tensor]>(trainData, { batchSize: 16, shuffle: true });

  // Model Configuration V1
  const lr = 0.1;
  torch.manualSeed(42);
  let model: torch.nn.Module = new nn.Sequential(new nn.Linear(1, 1)).to(device);
  let optimizer: torch.optim.Optimizer = new optim.SGD(model.parameters(), { lr });
  let lossFn: torch.nn.Module = new nn.MSELoss({ reduction: "mean" });
  let trainStepFn = makeTrainStepFn(model, lossFn, optimizer);

  // Model Training V3
  let nEpochs = opts.nEpochsV3 ?? 1000;
  let losses: number[] = [];
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    // inner loop
    const loss = miniBatch(device, trainLoader, trainStepFn);
    losses.push(loss);
  }
  // Checks model's parameters
  log(formatStateDict(model.stateDict()));
  const v3 = { stateDict: stateValues(model.stateDict()), losses };

  // Data Preparation V2
  torch.manualSeed(13);
  // Builds tensors from numpy arrays BEFORE split
  const xTensor = torch.asTensor(x).float();
  const yTensor = torch.asTensor(y).float();
  // Builds dataset containing ALL data points
  const dataset = new TensorDataset(xTensor, yTensor);
  // Performs the split
  const ratio = 0.8;
  const nTotal = dataset.length;
  const nTrain = Math.trunc(nTotal * ratio);
  const nVal = nTotal - nTrain;
  const [trainSplit, valData] = randomSplit(dataset, [nTrain, nVal]);
  // Builds a loader of each set
  trainLoader = new DataLoader<unknown, [Tensor, Tensor]>(trainSplit!, { batchSize: 16, shuffle: true });
  const valLoader = new DataLoader<unknown, [Tensor, Tensor]>(valData!, { batchSize: 16 });
  const trainIndices = [...(trainSplit as unknown as { indices: readonly number[] }).indices];

  // Model Configuration V3
  const runsDir = join(outDir, "runs");
  let cfg = modelConfigurationV3(trainLoader, runsDir);
  ({ model, optimizer, lossFn, trainStepFn } = cfg);
  let { valStepFn, writer } = cfg;
  const runDir = writer.logDir;

  // Model Training V5
  // Defines number of epochs
  nEpochs = opts.nEpochs ?? 200;
  losses = [];
  let valLosses: number[] = [];
  const modelTrainingV5 = (): void => {
    for (let epoch = 0; epoch < nEpochs; epoch++) {
      // inner loop
      const loss = miniBatch(device, trainLoader, trainStepFn);
      losses.push(loss);
      // VALIDATION - no gradients in validation!
      const valLoss = torch.noGrad(() => miniBatch(device, valLoader, valStepFn));
      valLosses.push(valLoss);
      // Records both losses for each epoch under the main tag "loss"
      writer.addScalars("loss", { training: loss, validation: valLoss }, epoch);
    }
    // Closes the writer
    writer.close();
  };
  modelTrainingV5();
  // Checks model's parameters
  log(formatStateDict(model.stateDict()));
  const v5 = { stateDict: stateValues(model.stateDict()), losses: [...losses], valLosses: [...valLosses] };

  // Saving
  let checkpoint: Record<string, unknown> = {
    epoch: nEpochs,
    model_state_dict: model.stateDict(),
    optimizer_state_dict: optimizer.stateDict(),
    loss: losses,
    val_loss: valLosses,
  };
  const checkpointPath = join(outDir, "model_checkpoint.pth");
  torch.save(checkpoint, checkpointPath);

  // Resuming Training
  cfg = modelConfigurationV3(trainLoader, runsDir);
  ({ model, optimizer, lossFn, trainStepFn, valStepFn, writer } = cfg);
  log(formatStateDict(model.stateDict()));
  const beforeLoad = stateValues(model.stateDict());

  checkpoint = torch.load(opts.resumeFrom ?? checkpointPath) as Record<string, unknown>;
  model.loadStateDict(checkpoint["model_state_dict"] as Record<string, Tensor>);
  optimizer.loadStateDict(checkpoint["optimizer_state_dict"] as ReturnType<torch.optim.Optimizer["stateDict"]>);
  const savedEpoch = checkpoint["epoch"] as number;
  const savedLosses = checkpoint["loss"] as number[];
  const savedValLosses = checkpoint["val_loss"] as number[];
  model.train(); // always use TRAIN for resuming training
  log(formatStateDict(model.stateDict()));
  const afterLoad = stateValues(model.stateDict());

  losses = [...savedLosses];
  valLosses = [...savedValLosses];
  modelTrainingV5();
  log(formatStateDict(model.stateDict()));
  const resumed = {
    stateDict: stateValues(model.stateDict()),
    losses: losses.slice(savedEpoch),
    valLosses: valLosses.slice(savedEpoch),
  };

  // Deploying / Making Predictions
  cfg = modelConfigurationV3(trainLoader, runsDir);
  ({ model, optimizer, lossFn } = cfg);
  cfg.writer.close();
  checkpoint = torch.load(checkpointPath) as Record<string, unknown>;
  model.loadStateDict(checkpoint["model_state_dict"] as Record<string, Tensor>);
  log(formatStateDict(model.stateDict()));
  const newInputs = torch.tensor([[0.2], [0.34], [0.57]]);
  model.eval(); // always use EVAL for fully trained models!
  const predictions = model.call(newInputs.to(device));
  log(String(predictions));

  return {
    v3,
    trainIndices,
    v5,
    beforeLoad,
    afterLoad,
    savedEpoch,
    resumed,
    predictions: values(predictions),
    runDir,
    checkpoint: checkpointPath,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
