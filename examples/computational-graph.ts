/**
 * The dynamic computation graph of "Deep Learning with PyTorch Step-by-Step", chapter 1: the
 * linear regression y = b + w x + ε with parameters b and w (requiresGrad), its prediction
 * `yhat = b + w * x` and loss `mean((yhat - y)²)`, drawn with `makeDot` (torchviz's make_dot):
 *   yhat        the graph of the prediction (two AccumulateGrad leaves, b and w),
 *   loss        the whole loss (SubBackward0 → PowBackward0 → MeanBackward0),
 *   yhat-nograd b without gradients: b's branch disappears from the graph,
 *   loss-branch the book's "this makes no sense" graph: a second branch added to the loss,
 *               w feeding both branches through one AccumulateGrad.
 * The book draws the data with numpy; here torch's generator (seed 42) draws them, the graphs do
 * not depend on the numbers.
 *
 * Run: npx tsx examples/computational-graph.ts
 * Writes output/computational-graph/<graph>.dot, .svg and .png for each graph above.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as torch from "../src/index.js";
import { makeDot } from "../src/index.js";

export interface Options {
  /** Where the graphs go (output/computational-graph). */
  outDir: string;
  /** Where the printed lines go (console.log). */
  log: (line: string) => void;
}

export interface Graph {
  /** The DOT source makeDot produced. */
  dot: string;
  /** The files written: .dot, .svg, .png. */
  files: { dot: string; svg: string; png: string };
}

export type Result = Record<"yhat" | "loss" | "yhat-nograd" | "loss-branch", Graph>;

export async function main(opts: Partial<Options> = {}): Promise<Result> {
  const { outDir = join("output", "computational-graph"), log = console.log } = opts;
  mkdirSync(outDir, { recursive: true });

  // Data generation: y = true_b + true_w x + noise, 80 of the N points for training
  const trueB = 1;
  const trueW = 2;
  const N = 100;
  torch.manualSeed(42);
  const x = torch.rand(N, 1);
  const epsilon = torch.randn(N, 1).mul(0.1);
  const y = x.mul(trueW).add(trueB).add(epsilon);
  const idx = torch.randperm(N);
  const trainIdx = idx.index(torch.slice(null, Math.floor(N * 0.8))); // idx[:int(N * .8)]
  const xTrainTensor = x.indexSelect(0, trainIdx);
  const yTrainTensor = y.indexSelect(0, trainIdx);

  const result = {} as Result;
  const draw = async (
    name: keyof Result,
    output: torch.Tensor,
    params: Record<string, torch.Tensor>,
  ): Promise<void> => {
    const graph = makeDot(output, { params });
    const files = {
      dot: join(outDir, `${name}.dot`),
      svg: join(outDir, `${name}.svg`),
      png: join(outDir, `${name}.png`),
    };
    for (const path of Object.values(files)) await graph.save(path);
    result[name] = { dot: graph.source, files };
    log(`${name}: graph saved to ${files.dot}, ${files.svg} and ${files.png}`);
  };

  // Step 0 - Initializes parameters "b" and "w" randomly
  let b = torch.randn(1, { requiresGrad: true, dtype: torch.float });
  let w = torch.randn(1, { requiresGrad: true, dtype: torch.float });
  // Step 1 - Computes our model's predicted output - forward pass
  let yhat = b.add(w.mul(xTrainTensor));
  // Step 2 - Computes the loss
  let error = yhat.sub(yTrainTensor);
  let loss = error.pow(2).mean();
  // We can try plotting the graph for any variable: yhat, error, loss...
  await draw("yhat", yhat, { b, w });
  log(makeDot(loss, { params: { b, w } }).source);
  await draw("loss", loss, { b, w });

  // A parameter that does not require gradients is not part of the graph
  const bNograd = torch.randn(1, { requiresGrad: false, dtype: torch.float });
  w = torch.randn(1, { requiresGrad: true, dtype: torch.float });
  yhat = bNograd.add(w.mul(xTrainTensor));
  await draw("yhat-nograd", yhat, { w });

  // The graph follows whatever the code does, branches included
  b = torch.randn(1, { requiresGrad: true, dtype: torch.float });
  w = torch.randn(1, { requiresGrad: true, dtype: torch.float });
  yhat = b.add(w.mul(xTrainTensor));
  error = yhat.sub(yTrainTensor);
  loss = error.pow(2).mean();
  // this makes no sense!!
  let error2 = torch.zerosLike(error);
  if ((loss.item() as number) > 0) {
    const yhat2 = w.mul(xTrainTensor);
    error2 = yhat2.sub(yTrainTensor);
  }
  // neither does this :-)
  loss = loss.add_(error2.mean());
  await draw("loss-branch", loss, { b, w });
  return result;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
