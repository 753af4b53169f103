/**
 * Forward-mode automatic differentiation, after PyTorch's "Forward-mode Automatic Differentiation"
 * tutorial: inside a dual level, a tensor made dual with a tangent carries the Jacobian-vector
 * product through every op, computed alongside the values (no backward pass). Seeded with
 * `torch.manualSeed(0)` (the draws are PyTorch's), so the printed numbers are PyTorch's.
 * Then the same JVP by `autograd.functional.jvp` (the double-backward trick) and a whole Jacobian
 * built column by column with forward mode.
 *
 * Run: npx tsx examples/forward-ad.ts. Prints only.
 */
import { pathToFileURL } from "node:url";
import * as torch from "../src/index.js";

const { forwardAd } = torch.autograd;
const AF = torch.autograd.functional;

export interface ForwardAdResult {
  /** Σ of the JVP of x² + y² at the primal along the tangent (= 2·primal·tangent). */
  jvpSum: number;
  /** Its first row. */
  jvpRow0: number[];
  /** Largest |forward-mode JVP − functional.jvp|. */
  jvpMaxDiff: number;
  /** d tanh(W x)/dx at x0, row-major 3×4, by forward mode. */
  jacobian: number[];
}

/** The tutorial's steps. @example main(() => {}) */
export function main(log: (line: string) => void = console.log): ForwardAdResult {
  torch.manualSeed(0);
  const primal = torch.randn(10, 10);
  const tangent = torch.randn(10, 10);
  const plain = torch.randn(10, 10);
  const fn = (x: torch.Tensor, y: torch.Tensor) => x.pow(2).add(y.pow(2));

  // All forward AD happens inside a dual level; tangents do not outlive it.
  const jvp = forwardAd.dualLevel(() => {
    const dualInput = forwardAd.makeDual(primal, tangent);
    const dualOutput = fn(dualInput, plain); // a tensor without a tangent counts as tangent zero
    return forwardAd.unpackDual(dualOutput).tangent!;
  });
  const jvpSum = jvp.sum().item() as number;
  log(`jvp.sum() = ${jvpSum}`);
  const jvpRow0 = Array.from(jvp.select(0, 0).dataFloat());
  log(`jvp[0] = ${String(jvp.select(0, 0))}`);

  const [, jvp2] = AF.jvp((x: torch.Tensor) => fn(x, plain), primal, tangent);
  const jvpMaxDiff = jvp
    .sub(jvp2 as torch.Tensor)
    .abs()
    .max()
    .item() as number;
  log(`max |forward mode - functional.jvp| = ${jvpMaxDiff}`);

  const w = torch.randn(3, 4);
  const x0 = torch.randn(4);
  const J = AF.jacobian((x: torch.Tensor) => w.matmul(x).tanh(), x0, { vectorize: true, strategy: "forward-mode" });
  log(`jacobian =\n${String(J)}`);
  return { jvpSum, jvpRow0, jvpMaxDiff, jacobian: Array.from((J as torch.Tensor).contiguous().dataFloat()) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
