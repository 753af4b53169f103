/**
 * `npm run demo`: TensorFlow's Fashion-MNIST classification tutorial on antorcha's Keras API in
 * under a minute — Flatten → Dense(128, relu) → Dense(10) trained for 5 epochs (the tutorial's
 * 10 take twice as long; examples/fashion-mnist-keras.ts runs all of it), with Keras' progress
 * bars, the test accuracy, the tutorial's 5×3 grid of test images next to their predicted
 * probabilities, and TensorBoard logs.
 *
 * Without Fashion-MNIST on the machine it says how to get it and fits sin(x) with a cubic
 * polynomial (examples/polynomial-fit.ts) instead.
 *
 * Run: npm run demo   (or npx tsx examples/demo.ts)
 * Settings: ANTORCHA_DEMO_EPOCHS (5), ANTORCHA_DEMO_TRAIN_SIZE (60000), ANTORCHA_DEMO_TEST_SIZE (10000);
 * `--device webgpu` trains on the GPU (`npm run demo -- --device webgpu`, see docs/webgpu.md).
 * Writes: output/demo/predictions.png and output/demo/runs/<time>/{train,validation}
 * (view with `tensorboard --logdir output/demo/runs`).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as torch from "../src/index.js";
import { predictionGrid, progressStream, shown } from "./fashion-mnist-keras.js";
import { fitAutograd } from "./polynomial-fit.js";
import { deviceArg, openDevice } from "./device.js";

const { keras } = torch;
const { DatasetError } = torch.data;
const { layers, losses } = keras;

/** `[[trainImages, trainLabels], [testImages, testLabels]]`, as `keras.datasets` returns. */
export type Split = ReturnType<typeof keras.datasets.fashionMnist.loadData>;

/** Settings of `main`. */
export interface Options {
  epochs: number;
  /** Train on the first `trainSize` training images (all 60000 by default). */
  trainSize: number;
  /** Evaluate on the first `testSize` test images (all 10000 by default). */
  testSize: number;
  outDir: string;
  log: (line: string) => void;
  /** Where the data comes from (tests inject a loader that fails). */
  loadData: () => Split;
  /** Iterations of the polynomial fit run when the data is missing. */
  polyIterations: number;
  /** Where the model trains: "cpu", or "webgpu" after `torch.webgpu.init()`. */
  device: "cpu" | "webgpu";
}

/** What the demo did. */
export type Result =
  | {
      mode: "fashion-mnist";
      testAcc: number;
      loss: number[];
      figure: string;
      logDir: string;
      seconds: number;
    }
  | {
      mode: "polynomial-fit";
      loss: number;
      coefficients: [number, number, number, number];
      seconds: number;
    };

const envNumber = (name: string, fallback: number): number => {
  const v = process.env[name];
  return v === undefined || v === "" ? fallback : Number(v);
};

export const DEFAULTS: Options = {
  epochs: 5,
  trainSize: 60000,
  testSize: 10000,
  outDir: "output/demo",
  log: console.log,
  loadData: () => keras.datasets.fashionMnist.loadData(),
  polyIterations: 2000,
  device: "cpu",
};

/** `20261122-081500`: one TensorBoard run per demo. */
function stamp(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** How to get Fashion-MNIST, after the loader's own message. */
export function missingDataHelp(e: torch.data.DatasetError): string[] {
  return [
    "Fashion-MNIST is not on this machine, so the demo cannot train the classifier.",
    `  (${e.message})`,
    "To get it, either:",
    "  - on Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist",
    "  - or download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz",
    "    and t10k-labels-idx1-ubyte.gz from http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    "    into a folder and run: ANTORCHA_DATA=/path/to/folder npm run demo",
    "  - or, online, let antorcha fetch them into ~/.cache/antorcha/fashion-mnist:",
    "    await torch.data.datasets.FashionMNIST.load({ download: true }) (and again with train: false)",
    "Meanwhile, here is the PyTorch tutorial's first program: fit sin(x) with a cubic polynomial, by autograd",
    "(examples/polynomial-fit.ts):",
  ];
}

/** Runs the demo; see `Options`. */
export async function main(opts: Partial<Options> = {}): Promise<Result> {
  const o = { ...DEFAULTS, ...opts };
  const { log } = o;
  const t0 = performance.now();
  const seconds = (): number => (performance.now() - t0) / 1000;
  log(
    `antorcha demo: the Keras Fashion-MNIST tutorial (backend: ${torch.getBackend()}${o.device === "cpu" ? "" : `, device: ${o.device}`})`,
  );

  let split: Split;
  try {
    split = o.loadData();
  } catch (e) {
    if (!(e instanceof DatasetError)) throw e;
    for (const line of missingDataHelp(e)) log(line);
    const fit = fitAutograd(o.polyIterations, (line) => log(`  ${line}`));
    const [a, b, c, d] = fit.coefficients;
    log(`Result: y = ${a} + ${b} x + ${c} x^2 + ${d} x^3   (loss ${fit.loss.toFixed(3)})`);
    return { mode: "polynomial-fit", loss: fit.loss, coefficients: fit.coefficients, seconds: seconds() };
  }

  torch.manualSeed(0);
  let [[trainImages, trainLabels], [testImages, testLabels]] = split;
  trainImages = trainImages.narrow(0, 0, Math.min(o.trainSize, trainImages.shape[0]!)).div(255.0);
  trainLabels = trainLabels.narrow(0, 0, trainImages.shape[0]!);
  testImages = testImages.narrow(0, 0, Math.min(o.testSize, testImages.shape[0]!)).div(255.0);
  testLabels = testLabels.narrow(0, 0, testImages.shape[0]!);
  log(`${trainImages.shape[0]} training and ${testImages.shape[0]} test images of 28x28 pixels, 10 classes`);

  const model = keras
    .Sequential([layers.Flatten({ inputShape: [28, 28] }), layers.Dense(128, { activation: "relu" }), layers.Dense(10)])
    .to(o.device); // fit moves each batch to the model's device
  model.compile({
    optimizer: "adam",
    loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ["accuracy"],
  });
  model.summary((text) => text.split("\n").forEach((line) => log(line)));

  mkdirSync(o.outDir, { recursive: true });
  const logDir = join(o.outDir, "runs", stamp());
  const tensorboard = new keras.callbacks.TensorBoard({ logDir });
  const stream = progressStream(log);
  const history = await model.fit(trainImages, trainLabels, {
    epochs: o.epochs,
    validationData: [testImages, testLabels],
    callbacks: [tensorboard],
    progress: { stream },
  });

  // the async forms run on any device (a webgpu model reads its values back asynchronously)
  const [, testAcc] = (await model.evaluateAsync(testImages, testLabels, { verbose: 2, progress: { stream } })) as [
    number,
    number,
  ];
  log(`\nTest accuracy: ${testAcc}`);

  const probabilityModel = keras.Sequential([model, layers.Softmax()]);
  const predictions = await probabilityModel.predictAsync(testImages, { verbose: 0 });
  const figure = join(o.outDir, "predictions.png");
  await predictionGrid(predictions, testLabels, testImages).save(figure);

  log("");
  log(`Predictions for the first 15 test images: ${shown(figure)}`);
  log("  (blue caption: right, red: wrong; bars: the predicted probabilities, red predicted, blue true)");
  log(`TensorBoard logs: ${shown(logDir)}`);
  log(`  view them with: tensorboard --logdir ${shown(join(o.outDir, "runs"))}   (pip install tensorboard)`);
  log(
    `Done in ${seconds().toFixed(0)} s. The whole tutorial with all its plots: npx tsx examples/fashion-mnist-keras.ts`,
  );
  return { mode: "fashion-mnist", testAcc, loss: history.history.loss!, figure, logDir, seconds: seconds() };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main({
    epochs: envNumber("ANTORCHA_DEMO_EPOCHS", DEFAULTS.epochs),
    trainSize: envNumber("ANTORCHA_DEMO_TRAIN_SIZE", DEFAULTS.trainSize),
    testSize: envNumber("ANTORCHA_DEMO_TEST_SIZE", DEFAULTS.testSize),
    device: await openDevice(deviceArg()),
  });
}
