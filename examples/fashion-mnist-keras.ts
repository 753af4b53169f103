/**
 * TensorFlow's "Basic classification: Classify images of clothing"
 * (https://www.tensorflow.org/tutorials/keras/classification), ported step for step to
 * antorcha's Keras API, plots included: load Fashion-MNIST, look at the data, train
 * Flatten → Dense(128, relu) → Dense(10) for 10 epochs, evaluate, and plot predictions.
 *
 * Needs Fashion-MNIST locally: `sudo apt-get install dataset-fashion-mnist`, or the four
 * `*-ubyte.gz` files from http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/ in the
 * folder `$ANTORCHA_DATA` names.
 *
 * Run: npx tsx examples/fashion-mnist-keras.ts   (about a minute on a 2-core machine: 0.8847 test accuracy)
 * On a GPU: add `--device webgpu` (see docs/webgpu.md). Smaller runs: EPOCHS=2 TRAIN_SIZE=2000 TEST_SIZE=500.
 * Writes: output/fashion-mnist-keras/*.png (the tutorial's figures; the paths are printed).
 */
import { mkdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as torch from "../src/index.js";
import * as plt from "../src/plot/index.js";
import { deviceArg, openDevice } from "./device.js";

const { keras } = torch;
const { layers, losses } = keras;
type Tensor = torch.Tensor;

export const classNames = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

/** Settings of `main`. */
export interface Options {
  /** Training epochs (the tutorial: 10). */
  epochs: number;
  /** Train on the first `trainSize` of the 60000 training images (all by default). */
  trainSize: number;
  /** Evaluate and predict on the first `testSize` of the 10000 test images (all by default). */
  testSize: number;
  /** Where the figures go. */
  outDir: string;
  /** Where printed lines go, Keras' progress bars included. */
  log: (line: string) => void;
  seed: number;
  /** Where the model trains: "cpu", or "webgpu" after `torch.webgpu.init()`. */
  device: "cpu" | "webgpu";
}

/** What a run produced. */
export interface Result {
  testLoss: number;
  testAcc: number;
  /** Training loss and accuracy per epoch. */
  loss: number[];
  accuracy: number[];
  /** `argmax(predictions[0])` and `test_labels[0]`. */
  firstPrediction: number;
  firstLabel: number;
  /** The single-image prediction (`[1, 10]` probabilities) and its class. */
  singlePrediction: number[];
  singleClass: number;
  /** Figures written, by name. */
  figures: Record<string, string>;
}

export const DEFAULTS: Options = {
  epochs: 10,
  trainSize: 60000,
  testSize: 10000,
  outDir: "output/fashion-mnist-keras",
  log: console.log,
  seed: 0,
  device: "cpu",
};

/**
 * Keras writes progress bars to a stream: stdout when printing to the console, otherwise a
 * stream that hands each finished line to `log`.
 */
export function progressStream(log: (line: string) => void): torch.keras.ProgressStream {
  if (log === console.log) return process.stdout;
  let pending = "";
  return {
    isTTY: false,
    write(s: string) {
      pending += s;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const l of lines) log(l);
    },
  };
}

/** A path relative to the working directory when it lies below it, else absolute. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel === "" || rel.startsWith("..") ? resolve(path) : rel;
}

/** Python's `(60000, 28, 28)`. */
const shape = (t: Tensor): string => `(${t.shape.join(", ")}${t.ndim === 1 ? "," : ""})`;

/**
 * The tutorial's `plot_image`: the image with "predicted 97% (true)" under it, blue when the
 * prediction is right and red when it is wrong.
 * @example fig.subplot(1, plotImage(i, predictions.select(0, i), testLabels, testImages))
 */
export function plotImage(i: number, predictionsArray: Tensor, trueLabels: Tensor, imgs: Tensor): plt.Figure {
  const trueLabel = trueLabels.select(0, i).item() as number;
  const img = imgs.select(0, i);
  const predictedLabel = predictionsArray.argmax().item() as number;
  const color = predictedLabel === trueLabel ? "blue" : "red";
  const pct = (100 * (predictionsArray.max().item() as number)).toFixed(0).padStart(2);
  return plt.imshow(img, {
    cmap: "binary",
    colorbar: false,
    caption: `${classNames[predictedLabel]} ${pct}% (${classNames[trueLabel]})`,
    captionColor: color,
    pixel: 4,
  });
}

/**
 * The tutorial's `plot_value_array`: ten grey bars on [0, 1], the predicted one red, the true one
 * blue (blue wins when they agree).
 * @example fig.subplot(2, plotValueArray(i, predictions.select(0, i), testLabels))
 */
export function plotValueArray(i: number, predictionsArray: Tensor, trueLabels: Tensor, labels?: string[]): plt.Figure {
  const trueLabel = trueLabels.select(0, i).item() as number;
  const predictedLabel = predictionsArray.argmax().item() as number;
  return plt.barChart(predictionsArray, {
    predicted: predictedLabel,
    trueLabel,
    yMax: 1,
    labels,
    width: 150,
    height: 112,
  });
}

/**
 * The 5×3 grid of test images, each next to its probability bars.
 * @example await predictionGrid(predictions, testLabels, testImages).save("grid.png")
 */
export function predictionGrid(predictions: Tensor, testLabels: Tensor, testImages: Tensor): plt.Figure {
  const numRows = 5;
  const numCols = 3;
  const numImages = numRows * numCols;
  const fig = plt.figure({ rows: numRows, cols: 2 * numCols });
  for (let i = 0; i < numImages; i++) {
    fig.subplot(2 * i + 1, plotImage(i, predictions.select(0, i), testLabels, testImages));
    fig.subplot(2 * i + 2, plotValueArray(i, predictions.select(0, i), testLabels));
  }
  return fig;
}

/** Runs the tutorial; see `Options` for the settings. */
export async function main(opts: Partial<Options> = {}): Promise<Result> {
  const { epochs, trainSize, testSize, outDir, log, seed, device } = { ...DEFAULTS, ...opts };
  torch.manualSeed(seed);
  mkdirSync(outDir, { recursive: true });
  const figures: Record<string, string> = {};
  const save = async (fig: plt.Figure, name: string): Promise<void> => {
    const path = join(outDir, `${name}.png`);
    await fig.save(path);
    figures[name] = path;
    log(`Saved ${shown(path)}`);
  };

  // Import the Fashion MNIST dataset
  const fashionMnist = keras.datasets.fashionMnist;
  let [[trainImages, trainLabels], [testImages, testLabels]] = fashionMnist.loadData();
  if (trainSize < trainImages.shape[0]!) {
    trainImages = trainImages.narrow(0, 0, trainSize);
    trainLabels = trainLabels.narrow(0, 0, trainSize);
  }
  if (testSize < testImages.shape[0]!) {
    testImages = testImages.narrow(0, 0, testSize);
    testLabels = testLabels.narrow(0, 0, testSize);
  }

  // Explore the data
  log(`trainImages.shape: ${shape(trainImages)}`);
  log(`len(trainLabels): ${trainLabels.shape[0]}`);
  log(`trainLabels: ${trainLabels}`);
  log(`testImages.shape: ${shape(testImages)}`);
  log(`len(testLabels): ${testLabels.shape[0]}`);

  // Preprocess the data: the first image with a colorbar, then scale pixels to [0, 1]
  await save(plt.imshow(trainImages.select(0, 0), { colorbar: true }), "first-image");
  trainImages = trainImages.div(255.0);
  testImages = testImages.div(255.0);

  const captions = Array.from({ length: 25 }, (_, i) => classNames[trainLabels.select(0, i).item() as number]!);
  await save(plt.imageGrid(trainImages.narrow(0, 0, 25), { captions, cmap: "binary" }), "first-25");

  // Build the model
  const model = keras
    .Sequential([layers.Flatten({ inputShape: [28, 28] }), layers.Dense(128, { activation: "relu" }), layers.Dense(10)])
    .to(device); // the data stays on the CPU: fit moves each batch to the model's device

  // Compile the model
  model.compile({
    optimizer: "adam",
    loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ["accuracy"],
  });

  // Train the model
  const stream = progressStream(log);
  const history = await model.fit(trainImages, trainLabels, { epochs, progress: { stream } });

  // Evaluate accuracy
  // (the async forms run on any device; a webgpu model reads its values back asynchronously)
  const [testLoss, testAcc] = (await model.evaluateAsync(testImages, testLabels, {
    verbose: 2,
    progress: { stream },
  })) as [number, number];
  log(`\nTest accuracy: ${testAcc}`);

  // Make predictions
  const probabilityModel = keras.Sequential([model, layers.Softmax()]);
  const predictions = await probabilityModel.predictAsync(testImages, { progress: { stream } });
  log(`predictions[0]: ${predictions.select(0, 0)}`);
  const firstPrediction = predictions.select(0, 0).argmax().item() as number;
  const firstLabel = testLabels.select(0, 0).item() as number;
  log(`argmax(predictions[0]): ${firstPrediction}`);
  log(`testLabels[0]: ${firstLabel}`);

  // Verify predictions: image 0, image 12, then the first 15 test images
  for (const i of [0, 12]) {
    const fig = plt.figure({ rows: 1, cols: 2 });
    fig.subplot(1, plotImage(i, predictions.select(0, i), testLabels, testImages));
    fig.subplot(2, plotValueArray(i, predictions.select(0, i), testLabels));
    await save(fig, `prediction-${i}`);
  }
  await save(predictionGrid(predictions, testLabels, testImages), "predictions-grid");

  // Use the trained model: grab an image from the test dataset, add it to a batch of one
  let img = testImages.select(0, 1);
  log(`img.shape: ${shape(img)}`);
  img = img.unsqueeze(0);
  log(`img.shape: ${shape(img)}`);
  const predictionsSingle = await probabilityModel.predictAsync(img, { progress: { stream } });
  log(`predictionsSingle: ${predictionsSingle}`);
  await save(plotValueArray(1, predictionsSingle.select(0, 0), testLabels, classNames), "prediction-single");
  const singleClass = predictionsSingle.select(0, 0).argmax().item() as number;
  log(`argmax(predictionsSingle[0]): ${singleClass} (${classNames[singleClass]})`);

  return {
    testLoss,
    testAcc,
    loss: history.history.loss!,
    accuracy: history.history.accuracy!,
    firstPrediction,
    firstLabel,
    singlePrediction: Array.from(predictionsSingle.select(0, 0).dataFloat()),
    singleClass,
    figures,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
  await main({
    epochs: env("EPOCHS", DEFAULTS.epochs),
    trainSize: env("TRAIN_SIZE", DEFAULTS.trainSize),
    testSize: env("TEST_SIZE", DEFAULTS.testSize),
    device: await openDevice(deviceArg()),
  });
}
