/**
 * The program the browser test runs, bundled into a page for headless Chromium and imported in
 * Node: tensors, autograd, a small `nn` training loop, Keras' `fit` and a plot to SVG — on the
 * CPU, and (where the browser offers a WebGPU adapter) the same program on `"webgpu"`, which
 * reads its values back with the async readers.
 */
import * as torch from "../../src/index.js";

/** What the page reports: printed lines, the final loss, the SVG's size and the backend name. */
export interface TutorialResult {
  lines: string[];
  /** The numbers of each printed tensor and line, in print order (compared with a tolerance). */
  values: number[][];
  finalLoss: number;
  svgStart: string;
  svgPaths: number;
  backend: string;
  /** Where the tensors lived: "cpu" or "webgpu". */
  device: string;
}

/**
 * Runs the tutorial (deterministic: seeded, float32) on `device`. The random numbers are drawn
 * by the same seeded generator on both devices, so the webgpu run computes the CPU run's numbers
 * up to float32 rounding.
 * @example const r = await tutorial(); r.lines[0] // "tensor([[1., 2.], …])"
 */
export async function tutorial(device: "cpu" | "webgpu" = "cpu"): Promise<TutorialResult> {
  const lines: string[] = [];
  const values: number[][] = [];
  const onCpu = device === "cpu";
  const print = (...xs: unknown[]) => lines.push(xs.map(String).join(" "));
  // A tensor prints as it is on the CPU; a webgpu one is read back first (async).
  const show = async (t: torch.Tensor | null | undefined): Promise<void> => {
    const c = onCpu ? t! : await t!.toAsync("cpu");
    print(onCpu ? t : c);
    values.push(Array.from(c.dataFloat()));
  };
  const say = (text: string, nums: number[]) => {
    print(text);
    values.push(nums);
  };

  // Tensors
  torch.manualSeed(0);
  const a = torch.tensor(
    [
      [1, 2],
      [3, 4],
    ],
    { device },
  );
  await show(a);
  await show(a.matmul(a).add(1));
  await show(torch.randn([2, 3], { device }));
  await show(torch.arange(6, { device }).reshape(2, 3).sum(1));

  // Autograd
  const x = torch.tensor([1.5, -0.5, 2], { requiresGrad: true, device });
  const y = x.pow(2).mul(x.sin()).sum();
  y.backward();
  await show(y);
  await show(x.grad);

  // A small nn training loop: y = 1 + 2·x0 − 3·x1 plus noise, a 2-8-1 MLP, SGD with momentum
  torch.manualSeed(42);
  const Xc = torch.randn(64, 2);
  const Yc = Xc.matmul(torch.tensor([[2], [-3]], { dtype: torch.float32 }))
    .add(1)
    .add(torch.randn(64, 1).mul(0.1));
  const X = onCpu ? Xc : Xc.to(device);
  const Y = onCpu ? Yc : Yc.to(device);
  const model = new torch.nn.Sequential(new torch.nn.Linear(2, 8), new torch.nn.Tanh(), new torch.nn.Linear(8, 1));
  if (!onCpu) model.to(device); // in place: the optimizer below holds the moved parameters
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const lossFn = new torch.nn.MSELoss();
  const losses: number[] = [];
  for (let epoch = 0; epoch < 60; epoch++) {
    opt.zeroGrad();
    const loss = lossFn.call(model.call(X), Y);
    loss.backward();
    opt.step();
    losses.push(onCpu ? (loss.item() as number) : ((await loss.itemAsync()) as number));
  }
  await show(model.call(X.index(":3")));
  say(`loss ${losses[0]!.toFixed(6)} -> ${losses[losses.length - 1]!.toFixed(6)}`, [
    losses[0]!,
    losses[losses.length - 1]!,
  ]);

  // The Keras front on the same data: Sequential, compile, fit (shuffled batches), evaluate
  torch.manualSeed(7);
  const { keras } = torch;
  const kmodel = keras.Sequential([
    keras.layers.Dense(8, { inputShape: [2], activation: "tanh" }),
    keras.layers.Dense(1),
  ]);
  if (!onCpu) kmodel.to(device); // the CPU batches move to the model's device per step
  kmodel.compile({ optimizer: "adam", loss: "mse" });
  const history = await kmodel.fit(Xc, Yc, { epochs: 5, batchSize: 16, verbose: 0 });
  say(`keras loss ${history.history.loss!.map((l) => l.toFixed(6)).join(" ")}`, history.history.loss!);

  // A plot, rendered to SVG
  const svg = await torch.plot.plotLosses(losses, undefined, { title: "Training loss" }).toSVG();
  return {
    lines,
    values,
    finalLoss: losses[losses.length - 1]!,
    svgStart: svg.slice(0, 4),
    svgPaths: (svg.match(/<path/g) ?? []).length,
    backend: torch.getBackend(),
    device,
  };
}
