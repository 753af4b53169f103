/**
 * PyTorch's "Learning PyTorch with Examples" tutorial, section "Defining new autograd functions":
 * fit y = sin(x) on [-π, π] with y = a + b P3(c + d x), where P3(x) = ½(5x³ − 3x) is the Legendre
 * polynomial of degree three, written as a custom `torch.autograd.Function` with its own backward
 * (3/2 (5x² − 1)). 2000 steps of gradient descent from a = 0, b = −1, c = 0, d = 0.3 (no random
 * draws), printing the loss every 100 iterations and the result, as the tutorial does.
 *
 * Run: npx tsx examples/custom-function.ts [iterations]  (2000 by default). Prints only.
 */
import { pathToFileURL } from "node:url";
import * as torch from "../src/index.js";

/** P3 with its derivative written by hand: forward saves the input, backward reads it. */
export class LegendrePolynomial3 extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, input: torch.Tensor): torch.Tensor {
    ctx.saveForBackward(input);
    return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5);
  }

  static override backward(ctx: torch.autograd.FunctionCtx, gradOutput: torch.Tensor): torch.Tensor {
    const [input] = ctx.savedTensors;
    return gradOutput.mul(1.5).mul(input!.pow(2).mul(5).sub(1));
  }
}

export interface FitResult {
  /** [a, b, c, d] of y = a + b P3(c + d x). */
  coefficients: [number, number, number, number];
  /** The loss of every iteration (before that iteration's update). */
  losses: number[];
}

/** The tutorial's loop. @example fit(2000) */
export function fit(iterations = 2000, log: (line: string) => void = console.log): FitResult {
  const x = torch.linspace(-Math.PI, Math.PI, 2000);
  const y = torch.sin(x);
  // Weights initialised close enough to the result for convergence (the tutorial's values).
  const a = torch.full([], 0.0, { dtype: "float32", requiresGrad: true });
  const b = torch.full([], -1.0, { dtype: "float32", requiresGrad: true });
  const c = torch.full([], 0.0, { dtype: "float32", requiresGrad: true });
  const d = torch.full([], 0.3, { dtype: "float32", requiresGrad: true });
  const learningRate = 5e-6;
  const losses: number[] = [];
  for (let t = 0; t < iterations; t++) {
    const P3 = (v: torch.Tensor) => LegendrePolynomial3.apply(v);
    const yPred = a.add(b.mul(P3(c.add(d.mul(x)))));
    const loss = yPred.sub(y).pow(2).sum();
    const value = loss.item() as number;
    losses.push(value);
    if (t % 100 === 99) log(`${t} ${value}`);
    loss.backward();
    torch.noGrad(() => {
      for (const p of [a, b, c, d]) {
        p.sub_(p.grad!.mul(learningRate));
        p.grad = null;
      }
    });
  }
  const coefficients = [a, b, c, d].map((p) => p.item() as number) as FitResult["coefficients"];
  const [ca, cb, cc, cd] = coefficients;
  log(`Result: y = ${ca} + ${cb} * P3(${cc} + ${cd} x)`);
  return { coefficients, losses };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const iterations = Number(process.argv[2] ?? "2000");
  if (!(iterations > 0)) {
    console.error("usage: npx tsx examples/custom-function.ts [iterations]");
    process.exitCode = 1;
  } else fit(iterations);
}
