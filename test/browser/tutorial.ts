/**
 * The program the browser test runs twice, bundled into a page for headless Chromium and
 * imported in Node: tensors, autograd, a small `nn` training loop, Keras' `fit` and a plot to
 * SVG.
 */
import * as torch from "../../src/index.js";

/** What the page reports: printed lines, the final loss, the SVG's size and the backend name. */
export interface TutorialResult {
  lines: string[];
  finalLoss: number;
  svgStart: string;
  svgPaths: number;
  backend: string;
}

/**
 * Runs the tutorial (deterministic: seeded, float32).
 * @example const r = await tutorial(); r.lines[0] // "tensor([[1., 2.], …])"
 */
export async function tutorial(): Promise<TutorialResult> {
  const lines: string[] = [];
  const print = (...xs: unknown[]) => lines.push(xs.map(String).join(" "));

  // Tensors
  torch.manualSeed(0);
  const a = torch.tensor([
    [1, 2],
    [3, 4],
  ]);
  print(a);
  print(a.matmul(a).add(1));
  print(torch.randn(2, 3));
  print(torch.arange(6).reshape(2, 3).sum(1));

  // Autograd
  const x = torch.tensor([1.5, -0.5, 2], { requiresGrad: true });
  const y = x.pow(2).mul(x.sin()).sum();
  y.backward();
  print(y);
  print(x.grad);

  // A small nn training loop: y = 1 + 2·x0 − 3·x1 plus noise, a 2-8-1 MLP, SGD with momentum
  torch.manualSeed(42);
  const X = torch.randn(64, 2);
  const Y = X.matmul(torch.tensor([[2], [-3]], { dtype: torch.float32 }))
    .add(1)
    .add(torch.randn(64, 1).mul(0.1));
  const model = new torch.nn.Sequential(new torch.nn.Linear(2, 8), new torch.nn.Tanh(), new torch.nn.Linear(8, 1));
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const lossFn = new torch.nn.MSELoss();
  const losses: number[] = [];
  for (let epoch = 0; epoch < 60; epoch++) {
    opt.zeroGrad();
    const loss = lossFn.call(model.call(X), Y);
    loss.backward();
    opt.step();
    losses.push(loss.item() as number);
  }
  print(model.call(X.index(":3")));
  print(`loss ${losses[0]!.toFixed(6)} -> ${losses[losses.length - 1]!.toFixed(6)}`);

  // The Keras front on the same data: Sequential, compile, fit (shuffled batches), evaluate
  torch.manualSeed(7);
  const { keras } = torch;
  const kmodel = keras.Sequential([
    keras.layers.Dense(8, { inputShape: [2], activation: "tanh" }),
    keras.layers.Dense(1),
  ]);
  kmodel.compile({ optimizer: "adam", loss: "mse" });
  const history = await kmodel.fit(X, Y, { epochs: 5, batchSize: 16, verbose: 0 });
  print(`keras loss ${history.history.loss!.map((l) => l.toFixed(6)).join(" ")}`);

  // A plot, rendered to SVG
  const svg = await torch.plot.plotLosses(losses, undefined, { title: "Training loss" }).toSVG();
  return {
    lines,
    finalLoss: losses[losses.length - 1]!,
    svgStart: svg.slice(0, 4),
    svgPaths: (svg.match(/<path/g) ?? []).length,
    backend: torch.getBackend(),
  };
}
