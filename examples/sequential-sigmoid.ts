/**
 * A small `nn.Sequential` model, PyTorch's beginner pattern: Linear(10, 5) → ReLU → Linear(5, 1) →
 * Sigmoid, trained on random data (100 samples of 10 features, binary targets) with `MSELoss` and
 * `SGD(lr=0.01)`, full batch, 50 epochs, printing `epoch: 0  loss: 0.2580` per epoch.
 * Seeded with `torch.manualSeed(42)`: the weights (nn.Linear's init) and the data are the numbers
 * PyTorch draws with that seed, so the losses are PyTorch's.
 *
 * Run: npx tsx examples/sequential-sigmoid.ts [epochs] (prints only; writes no files)
 */
import { pathToFileURL } from "node:url";
import * as torch from "../src/index.js";
import { nn, optim } from "../src/index.js";

export interface Options {
  /** Passes over the data (50). */
  epochs: number;
  /** Random samples (100). */
  samples: number;
  /** SGD learning rate (0.01). */
  lr: number;
  /** The seed of the weights and data (42). */
  seed: number;
  /** Where the printed lines go (console.log). */
  log: (line: string) => void;
}

export interface Result {
  /** The loss of each epoch (before that epoch's step). */
  losses: number[];
  /** The trained model. */
  model: nn.Sequential;
}

export async function main(opts: Partial<Options> = {}): Promise<Result> {
  const { epochs = 50, samples = 100, lr = 0.01, seed = 42, log = console.log } = opts;
  torch.manualSeed(seed);

  // Define the model
  const model = new nn.Sequential(new nn.Linear(10, 5), new nn.ReLU(), new nn.Linear(5, 1), new nn.Sigmoid());
  log(String(model));

  // Random data: 10 features per sample, a 0/1 target
  const X = torch.randn(samples, 10);
  const y = torch.randint(0, 2, [samples, 1]).float();

  // Loss function and optimizer
  const criterion = new nn.MSELoss();
  const optimizer = new optim.SGD(model.parameters(), { lr });

  // Training loop
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    optimizer.zeroGrad(); // Zero the gradients
    const outputs = model.call(X); // Forward pass
    const loss = criterion.call(outputs, y); // Compute the loss
    loss.backward(); // Backward pass
    optimizer.step(); // Update the weights
    losses.push(loss.item() as number);
    log(`epoch: ${epoch}  loss: ${losses[epoch]!.toFixed(4)}`);
  }
  return { losses, model };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const epochs = process.argv[2] === undefined ? 50 : Number(process.argv[2]);
  await main({ epochs });
}
