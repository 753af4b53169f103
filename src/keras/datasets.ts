/**
 * `keras.datasets`: `fashionMnist.loadData()` and `mnist.loadData()` return
 * `[[trainImages, trainLabels], [testImages, testLabels]]` as Keras does (uint8 images
 * `[N, 28, 28]`, uint8 labels), read from local files via `torch.data` (Debian's
 * `dataset-fashion-mnist` package, `$ANTORCHA_DATA`, or a `root` folder; no download here).
 */
import { DatasetError } from "../data/datasets/errors.js";
import { FashionMNIST } from "../data/datasets/fashion-mnist.js";
import { MNIST } from "../data/datasets/mnist.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkArity, checkOptions, optionKeys } from "../util/args.js";
import { checkString } from "./check.js";

const KEYS = optionKeys("root");

function rootOf(name: string, args: unknown[]): string | undefined {
  const op = `keras.datasets.${name}.loadData`;
  checkArity(op, args.length, 1);
  const opts = args[0] as { root?: unknown } | undefined;
  checkOptions(op, opts, KEYS);
  return opts?.root === undefined ? undefined : checkString(op, "root", opts.root);
}

/** `[[xTrain, yTrain], [xTest, yTest]]`. */
export type Split = [[Tensor, Tensor], [Tensor, Tensor]];

type Ctor = new (o: { root?: string; train: boolean }) => { data: Tensor; targets: Tensor };

function load(name: string, C: Ctor, root?: string): Split {
  try {
    const tr = new C({ root, train: true });
    const te = new C({ root, train: false });
    return [
      [tr.data, tr.targets.to("uint8")],
      [te.data, te.targets.to("uint8")],
    ];
  } catch (e) {
    if (e instanceof DatasetError)
      throw new DatasetError(e.code, `[keras.datasets.${name}.loadData] ${e.message}`, e.file);
    throw e;
  }
}

/**
 * Fashion-MNIST: 60000 training and 10000 test images of 10 clothing classes.
 * @example const [[trainImages, trainLabels], [testImages, testLabels]] = keras.datasets.fashionMnist.loadData(); // fragment: needs the dataset files
 */
export const fashionMnist = {
  loadData: (...args: [opts?: { root?: string }]): Split =>
    load("fashionMnist", FashionMNIST as unknown as Ctor, rootOf("fashionMnist", args)),
  /** Class names by label. */
  classNames: [
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
  ],
};

/**
 * MNIST digits (files must be present locally; see docs/data.md).
 * @example const [[x, y], [xt, yt]] = keras.datasets.mnist.loadData(); // fragment
 */
export const mnist = {
  loadData: (...args: [opts?: { root?: string }]): Split =>
    load("mnist", MNIST as unknown as Ctor, rootOf("mnist", args)),
};
