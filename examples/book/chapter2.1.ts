/**
 * "Deep Learning with PyTorch Step-by-Step", chapter 2.1: the StepByStep class on the chapter's
 * linear regression, line by line — data preparation V2, model configuration V3, training with
 * TensorBoard, predictions, checkpointing and resuming in a fresh StepByStep.
 *
 * The book draws its data with NumPy (`np.random.seed(42)`): `main({ data: "numpy" })` (what the
 * command line runs) uses chapter 0's NumPy points and prints the book's numbers
 * (`tensor([[1.9416]])`, `tensor([1.0235])`; scripts/fixtures/examples_book.py, compared in
 * test/examples/book.test.ts). The default `data: "torch"` draws the points with torch's generator
 * (float64, seed 42: rand, 0.1 * randn), as scripts/fixtures/examples_stepbystep.py does for
 * test/examples/stepbystep.test.ts.
 *
 * Run: npx tsx examples/book/chapter2.1.ts
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as torch from "../../src/index.js";
import { generateData as generateNumpyData } from "./chapter0.js";

const { nn, optim, data, StepByStep } = torch;
const { TensorDataset, DataLoader, randomSplit } = data;

export interface Options {
  /** Epochs of the chapter's training (the book: 200). */
  epochs?: number;
  /** Epochs trained after loading the checkpoint (the book: 50). */
  resumeEpochs?: number;
  /** Where the checkpoint and TensorBoard runs go (default a temp folder). */
  outDir?: string;
  /** Where printed lines go (default console.log). */
  log?: (line: string) => void;
  /** Whose points: "numpy" (the book's, chapter 0's data) or "torch" (torch's generator; the default). */
  data?: "numpy" | "torch";
}

export interface Result {
  losses: number[];
  valLosses: (number | null)[];
  weight: number;
  bias: number;
  totalEpochs: number;
  predictions: number[];
  countParameters: number;
  resumed: { losses: number[]; valLosses: (number | null)[]; weight: number; bias: number; totalEpochs: number };
  checkpoint: string;
  runDir: string;
}

/** Data generation, with torch's generator in place of NumPy's. */
export function generateData(): { x: torch.Tensor; y: torch.Tensor } {
  const trueB = 1;
  const trueW = 2;
  const N = 100;
  torch.manualSeed(42);
  const x = torch.rand([N, 1], { dtype: torch.float64 });
  const epsilon = torch.randn([N, 1], { dtype: torch.float64 }).mul(0.1);
  const y = x.mul(trueW).add(trueB).add(epsilon);
  return { x, y };
}

/** Data preparation V2: TensorDataset, random_split (seed 13), loaders of 16. */
export function dataPreparation(x: torch.Tensor, y: torch.Tensor) {
  torch.manualSeed(13);
  const dataset = new TensorDataset(x.float(), y.float());
  const ratio = 0.8;
  const nTotal = dataset.length;
  const nTrain = Math.trunc(nTotal * ratio);
  const nVal = nTotal - nTrain;
  const [trainData, valData] = randomSplit(dataset, [nTrain, nVal]);
  const trainLoader = new DataLoader(trainData!, { batchSize: 16, shuffle: true });
  const valLoader = new DataLoader(valData!, { batchSize: 16 });
  return { trainData: trainData!, trainLoader, valLoader };
}

/** Model configuration V3 (seed 42, SGD lr 0.1, MSELoss). */
export function modelConfiguration() {
  const lr = 0.1;
  torch.manualSeed(42);
  const model = new nn.Sequential(new nn.Linear(1, 1));
  const optimizer = new optim.SGD(model.parameters(), { lr });
  const lossFn = new nn.MSELoss({ reduction: "mean" });
  return { model, optimizer, lossFn };
}

const linear = (m: torch.nn.Module): torch.nn.Linear => m.children()[0] as torch.nn.Linear;

export function main(opts: Options = {}): Result {
  const epochs = opts.epochs ?? 200;
  const resumeEpochs = opts.resumeEpochs ?? 50;
  const outDir = opts.outDir ?? mkdtempSync(join(tmpdir(), "antorcha-chapter2.1-"));
  const log = opts.log ?? console.log;

  const { x, y } = opts.data === "numpy" ? generateNumpyData() : generateData();
  const { trainLoader, valLoader } = dataPreparation(x, y);
  const { model, optimizer, lossFn } = modelConfiguration();

  // Model training
  const sbs = new StepByStep(model, lossFn, optimizer);
  sbs.setLoaders(trainLoader, valLoader);
  sbs.setTensorboard("classy", join(outDir, "runs"));
  sbs.addGraph();
  sbs.train(epochs);
  log(String(model.stateDict()["0.weight"]));
  log(String(model.stateDict()["0.bias"]));
  log(String(sbs.totalEpochs));

  // Making predictions
  const newData = [[0.5], [0.3], [0.7]];
  const predictions = sbs.predict(newData);
  log(String(predictions));

  // Checkpointing
  const checkpoint = join(outDir, "model_checkpoint.pth");
  sbs.saveCheckpoint(checkpoint);

  // Resuming training
  const fresh = modelConfiguration();
  const newSbs = new StepByStep(fresh.model, fresh.lossFn, fresh.optimizer);
  newSbs.loadCheckpoint(checkpoint);
  newSbs.setLoaders(trainLoader, valLoader);
  newSbs.train(resumeEpochs);
  log(String(fresh.model.stateDict()["0.weight"]));
  log(String(fresh.model.stateDict()["0.bias"]));

  return {
    losses: sbs.losses,
    valLosses: sbs.valLosses,
    weight: linear(model).weight.item() as number,
    bias: linear(model).bias!.item() as number,
    totalEpochs: sbs.totalEpochs,
    predictions: (predictions.flatten().tolist() as number[]).map(Number),
    countParameters: sbs.countParameters(),
    resumed: {
      losses: newSbs.losses.slice(epochs),
      valLosses: newSbs.valLosses.slice(epochs),
      weight: linear(fresh.model).weight.item() as number,
      bias: linear(fresh.model).bias!.item() as number,
      totalEpochs: newSbs.totalEpochs,
    },
    checkpoint,
    runDir: sbs.writer!.logDir,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main({ data: "numpy" });
