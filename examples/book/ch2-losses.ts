/**
 * Chapter 2, "Plotting losses": training and validation loss per epoch of `nn.Linear(1, 1)`
 * trained with SGD (lr 0.1) on mini-batches of 16 (the book's `plot_losses`).
 * Run: npx tsx examples/book/ch2-losses.ts [out.png]
 */
import * as torch from "../../src/index.js";
import { linearData, runMain } from "./common.js";

const { nn, optim, plot } = torch;

/** Trains the chapter 2 model and returns the mean loss of each epoch. */
export function train(nEpochs = 200): { losses: number[]; valLosses: number[] } {
  const d = linearData();
  const col = (v: number[]): torch.Tensor => torch.tensor(v).reshape([-1, 1]);
  const [xTrain, yTrain, xVal, yVal] = [col(d.xTrain), col(d.yTrain), col(d.xVal), col(d.yVal)];
  torch.manualSeed(42);
  const model = new nn.Linear(1, 1);
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  const lossFn = new nn.MSELoss();
  const losses: number[] = [];
  const valLosses: number[] = [];
  const n = d.xTrain.length;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    const perm = torch.randperm(n);
    let sum = 0;
    let batches = 0;
    for (let s = 0; s < n; s += 16) {
      const idx = perm.narrow(0, s, Math.min(16, n - s));
      const loss = lossFn.call(model.call(xTrain.indexSelect(0, idx)) as torch.Tensor, yTrain.indexSelect(0, idx));
      loss.backward();
      optimizer.step();
      optimizer.zeroGrad();
      sum += loss.item() as number;
      batches++;
    }
    losses.push(sum / batches);
    valLosses.push(torch.noGrad(() => lossFn.call(model.call(xVal) as torch.Tensor, yVal).item() as number));
  }
  return { losses, valLosses };
}

export function draw(): torch.plot.Figure {
  const { losses, valLosses } = train();
  const epochs = losses.map((_, i) => i + 1);
  const ax = plot.axes({ figsize: [10, 4], xLabel: "Epochs", yLabel: "Loss", title: "Losses" });
  ax.plot(epochs, losses, { label: "Training Loss", color: "b" });
  ax.plot(epochs, valLosses, { label: "Validation Loss", color: "r" });
  return ax;
}

await runMain(import.meta.url, "ch2-losses", draw);
