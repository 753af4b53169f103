/**
 * PyTorch's "Learning PyTorch with Examples" tutorial: fit y = sin(x) on [-π, π] with a third-order
 * polynomial y = a + b x + c x^2 + d x^3 by gradient descent, 2000 iterations, printing the loss
 * every 100 iterations and the final polynomial — four ways, as the tutorial's sections:
 *   manual   tensors with gradients derived by hand,
 *   autograd the same with `loss.backward()`,
 *   nn       `nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1))`, `nn.MSELoss({ reduction: "sum" })`,
 *            parameters updated by hand under `noGrad`,
 *   optim    the same model trained by `optim.RMSprop` (lr 1e-3).
 * Each part is seeded with `torch.manualSeed(0)` (the tutorial does not seed) so the run is
 * reproducible; the draws are PyTorch's.
 *
 * Run: npx tsx examples/polynomial-fit.ts [manual|autograd|nn|optim|all] [iterations]
 * (all, 2000 by default). Prints only; writes no files.
 */
import { pathToFileURL } from "node:url";
import * as torch from "../src/index.js";

export interface FitResult {
  /** The loss of the last iteration. */
  loss: number;
  /** [a, b, c, d] of y = a + b x + c x^2 + d x^3. */
  coefficients: [number, number, number, number];
  /** The loss of every iteration (before that iteration's update). */
  losses: number[];
}

export type Part = "manual" | "autograd" | "nn" | "optim";
export const PARTS: readonly Part[] = ["manual", "autograd", "nn", "optim"];

export interface Options {
  /** Which sections to run (all four). */
  parts: readonly Part[];
  /** Gradient steps per part (2000, as the tutorial). */
  iterations: number;
  /** Where the printed lines go (console.log). */
  log: (line: string) => void;
}

export type Result = Partial<Record<Part, FitResult>>;

// Create Tensors to hold input and outputs.
function data(): { x: torch.Tensor; y: torch.Tensor } {
  const x = torch.linspace(-Math.PI, Math.PI, 2000);
  const y = torch.sin(x);
  return { x, y };
}

/** `99 1234.5`: the iteration and loss, every 100 iterations, as the tutorial prints them. */
function report(t: number, loss: number, log: (s: string) => void): void {
  if (t % 100 === 99) log(`${t} ${loss}`);
}

/** Gradient descent with the gradients derived by hand (no autograd). @example fitManual(2000) */
export function fitManual(iterations = 2000, log: (s: string) => void = console.log): FitResult {
  const { x, y } = data();
  // Randomly initialize weights
  torch.manualSeed(0);
  let a = torch.randn([]);
  let b = torch.randn([]);
  let c = torch.randn([]);
  let d = torch.randn([]);
  const learningRate = 1e-6;
  const losses: number[] = [];
  for (let t = 0; t < iterations; t++) {
    // Forward pass: compute predicted y
    const yPred = a
      .add(b.mul(x))
      .add(c.mul(x.pow(2)))
      .add(d.mul(x.pow(3)));
    // Compute and print loss
    const loss = yPred.sub(y).pow(2).sum().item() as number;
    losses.push(loss);
    report(t, loss, log);
    // Backprop to compute gradients of a, b, c, d with respect to loss
    const gradYPred = yPred.sub(y).mul(2.0);
    const gradA = gradYPred.sum();
    const gradB = gradYPred.mul(x).sum();
    const gradC = gradYPred.mul(x.pow(2)).sum();
    const gradD = gradYPred.mul(x.pow(3)).sum();
    // Update weights using gradient descent
    a = a.sub(gradA.mul(learningRate));
    b = b.sub(gradB.mul(learningRate));
    c = c.sub(gradC.mul(learningRate));
    d = d.sub(gradD.mul(learningRate));
  }
  const coefficients = [a, b, c, d].map((v) => v.item() as number) as FitResult["coefficients"];
  return { loss: losses.at(-1) ?? NaN, coefficients, losses };
}

/** The same fit with autograd computing the gradients. @example fitAutograd(2000) */
export function fitAutograd(iterations = 2000, log: (s: string) => void = console.log): FitResult {
  const { x, y } = data();
  // Tensors for the weights; requiresGrad: true asks autograd for their gradients in backward.
  torch.manualSeed(0);
  const a = torch.randn([], { requiresGrad: true });
  const b = torch.randn([], { requiresGrad: true });
  const c = torch.randn([], { requiresGrad: true });
  const d = torch.randn([], { requiresGrad: true });
  const learningRate = 1e-6;
  const losses: number[] = [];
  for (let t = 0; t < iterations; t++) {
    // Forward pass: compute predicted y using operations on Tensors.
    const yPred = a
      .add(b.mul(x))
      .add(c.mul(x.pow(2)))
      .add(d.mul(x.pow(3)));
    // Compute and print loss; loss is a 0-d tensor and loss.item() its value.
    const loss = yPred.sub(y).pow(2).sum();
    losses.push(loss.item() as number);
    report(t, losses[t]!, log);
    // Autograd computes the gradient of loss with respect to all tensors with requiresGrad: true.
    loss.backward();
    // Manually update weights using gradient descent; noGrad: autograd need not track the update.
    torch.noGrad(() => {
      for (const p of [a, b, c, d]) {
        p.sub_(p.grad!.mul(learningRate));
        p.grad = null; // Manually zero the gradients after updating weights
      }
    });
  }
  const coefficients = [a, b, c, d].map((v) => v.item() as number) as FitResult["coefficients"];
  return { loss: losses.at(-1) ?? NaN, coefficients, losses };
}

/** The tutorial's model: x → (x, x^2, x^3) → Linear(3, 1) → Flatten(0, 1) to a 1-D output. */
function polynomialModel(): { xx: torch.Tensor; y: torch.Tensor; model: torch.nn.Sequential } {
  const { x, y } = data();
  // y is a linear function of (x, x^2, x^3): xx has shape (2000, 3).
  const p = torch.tensor([1, 2, 3]);
  const xx = x.unsqueeze(-1).pow(p);
  torch.manualSeed(0);
  const model = new torch.nn.Sequential(new torch.nn.Linear(3, 1), new torch.nn.Flatten(0, 1));
  return { xx, y, model };
}

function coefficientsOf(model: torch.nn.Sequential): FitResult["coefficients"] {
  // You can access the first layer of `model` like accessing the first item of a list
  const linearLayer = model.at<torch.nn.Linear>(0);
  const w = linearLayer.weight;
  return [
    linearLayer.bias!.item(),
    w.index(0, 0).item(),
    w.index(0, 1).item(),
    w.index(0, 2).item(),
  ] as FitResult["coefficients"];
}

/** `nn`: the model and loss from the nn package, the update by hand. @example fitNn(2000) */
export function fitNn(iterations = 2000, log: (s: string) => void = console.log): FitResult {
  const { xx, y, model } = polynomialModel();
  const lossFn = new torch.nn.MSELoss({ reduction: "sum" });
  const learningRate = 1e-6;
  const losses: number[] = [];
  for (let t = 0; t < iterations; t++) {
    // Forward pass: the model maps xx to the predicted y.
    const yPred = model.call(xx);
    // Compute and print loss.
    const loss = lossFn.call(yPred, y);
    losses.push(loss.item() as number);
    report(t, losses[t]!, log);
    // Zero the gradients before running the backward pass.
    model.zeroGrad();
    loss.backward();
    // Update the weights using gradient descent.
    torch.noGrad(() => {
      for (const param of model.parameters()) param.sub_(param.grad!.mul(learningRate));
    });
  }
  return { loss: losses.at(-1) ?? NaN, coefficients: coefficientsOf(model), losses };
}

/** `optim`: the same model, RMSprop doing the update. @example fitOptim(2000) */
export function fitOptim(iterations = 2000, log: (s: string) => void = console.log): FitResult {
  const { xx, y, model } = polynomialModel();
  const lossFn = new torch.nn.MSELoss({ reduction: "sum" });
  const learningRate = 1e-3;
  const optimizer = new torch.optim.RMSprop(model.parameters(), { lr: learningRate });
  const losses: number[] = [];
  for (let t = 0; t < iterations; t++) {
    const yPred = model.call(xx);
    const loss = lossFn.call(yPred, y);
    losses.push(loss.item() as number);
    report(t, losses[t]!, log);
    // Zero the gradients, backward pass, then let the optimizer update the parameters.
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
  }
  return { loss: losses.at(-1) ?? NaN, coefficients: coefficientsOf(model), losses };
}

/** `y = a + b x + c x^2 + d x^3` with the fitted numbers. */
export function polynomial([a, b, c, d]: FitResult["coefficients"]): string {
  return `y = ${a} + ${b} x + ${c} x^2 + ${d} x^3`;
}

const FITS: Record<Part, (iterations: number, log: (s: string) => void) => FitResult> = {
  manual: fitManual,
  autograd: fitAutograd,
  nn: fitNn,
  optim: fitOptim,
};

export async function main(opts: Partial<Options> = {}): Promise<Result> {
  const { parts = PARTS, iterations = 2000, log = console.log } = opts;
  const result: Result = {};
  for (const part of parts) {
    log(`— ${part} —`);
    const fit = FITS[part](iterations, log);
    log(`Result: ${polynomial(fit.coefficients)}`);
    result[part] = fit;
  }
  return result;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [which = "all", iterations = "2000"] = process.argv.slice(2);
  if ((which !== "all" && !PARTS.includes(which as Part)) || !(Number(iterations) > 0)) {
    console.error(`usage: npx tsx examples/polynomial-fit.ts [${PARTS.join("|")}|all] [iterations]`);
    process.exitCode = 1;
  } else await main({ parts: which === "all" ? PARTS : [which as Part], iterations: Number(iterations) });
}
