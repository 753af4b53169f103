/**
 * `keras.datasets`: `fashionMnist.loadData()` and `mnist.loadData()` return
 * `[[trainImages, trainLabels], [testImages, testLabels]]` as Keras does (uint8 images
 * `[N, 28, 28]`, uint8 labels), read from local files via `torch.data` (a `root` folder,
 * `$ANTORCHA_DATA`, `~/.cache/antorcha`, or for Fashion-MNIST Debian's `dataset-fashion-mnist`;
 * Debian packages no MNIST). `await loadDataAsync({ download: true })` fetches missing files
 * (checked by MD5) into the cache first, as Keras' `load_data()` downloads.
 */
import { DatasetError } from "../data/datasets/errors.js";
import { FashionMNIST } from "../data/datasets/fashion-mnist.js";
import { MNIST } from "../data/datasets/mnist.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkArity, checkBool, checkOptions, optionKeys } from "../util/args.js";
import { checkString } from "./check.js";

const KEYS = optionKeys("root");
const ASYNC_KEYS = optionKeys("root", "download");

function rootOf(name: string, args: unknown[]): string | undefined {
  const op = `keras.datasets.${name}.loadData`;
  checkArity(op, args.length, 1);
  const opts = args[0] as { root?: unknown } | undefined;
  checkOptions(op, opts, KEYS);
  return opts?.root === undefined ? undefined : checkString(op, "root", opts.root);
}

/** `[[xTrain, yTrain], [xTest, yTest]]`. */
export type Split = [[Tensor, Tensor], [Tensor, Tensor]];

type Loaded = { data: Tensor; targets: Tensor };
type Ctor = (new (o: { root?: string; train: boolean }) => Loaded) & {
  load(o: { root?: string; train: boolean; download?: boolean }): Promise<Loaded>;
};

const split = (tr: Loaded, te: Loaded): Split => [
  [tr.data, tr.targets.to("uint8")],
  [te.data, te.targets.to("uint8")],
];

/** Prefixes the loader's name; a missing-files error also names the Keras way to download. */
function rethrow(name: string, op: string, e: unknown): never {
  if (e instanceof DatasetError) {
    const hint =
      e.code === "DATASET_NOT_FOUND"
        ? `; or await keras.datasets.${name}.loadDataAsync({ download: true }) when online${name === "mnist" ? " (Debian packages no MNIST: apt-cache search mnist lists only dataset-fashion-mnist)" : ""}`
        : "";
    throw new DatasetError(e.code, `[${op}] ${e.message}${hint}`, e.file);
  }
  throw e;
}

function load(name: string, C: Ctor, root?: string): Split {
  try {
    return split(new C({ root, train: true }), new C({ root, train: false }));
  } catch (e) {
    return rethrow(name, `keras.datasets.${name}.loadData`, e);
  }
}

async function loadAsync(name: string, C: Ctor, args: unknown[]): Promise<Split> {
  const op = `keras.datasets.${name}.loadDataAsync`;
  checkArity(op, args.length, 1);
  const opts = args[0] as { root?: unknown; download?: unknown } | undefined;
  checkOptions(op, opts, ASYNC_KEYS);
  const root = opts?.root === undefined ? undefined : checkString(op, "root", opts.root);
  const download = opts?.download === undefined ? false : checkBool(op, "download", opts.download);
  try {
    return split(await C.load({ root, train: true, download }), await C.load({ root, train: false, download }));
  } catch (e) {
    return rethrow(name, op, e);
  }
}

/**
 * Fashion-MNIST: 60000 training and 10000 test images of 10 clothing classes.
 * @example const [[trainImages, trainLabels], [testImages, testLabels]] = keras.datasets.fashionMnist.loadData(); // fragment: needs the dataset files
 */
export const fashionMnist = {
  loadData: (...args: [opts?: { root?: string }]): Split =>
    load("fashionMnist", FashionMNIST as unknown as Ctor, rootOf("fashionMnist", args)),
  /**
   * `loadData` that can first download missing files (`{ download: true }`) into `root` or the cache.
   * @example const [[x, y], [xt, yt]] = await keras.datasets.fashionMnist.loadDataAsync({ download: true });
   */
  loadDataAsync: (...args: [opts?: { root?: string; download?: boolean }]): Promise<Split> =>
    loadAsync("fashionMnist", FashionMNIST as unknown as Ctor, args),
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
 * MNIST digits: 60000 training and 10000 test images. Put the four `.gz` IDX files in `root`,
 * `$ANTORCHA_DATA` or `~/.cache/antorcha/mnist` (Debian has no MNIST package), or
 * `await loadDataAsync({ download: true })`.
 * @example const [[x, y], [xt, yt]] = keras.datasets.mnist.loadData(); // fragment
 */
export const mnist = {
  loadData: (...args: [opts?: { root?: string }]): Split =>
    load("mnist", MNIST as unknown as Ctor, rootOf("mnist", args)),
  /**
   * `loadData` that can first download missing files (`{ download: true }`) into `root` or the cache.
   * @example const [[x, y], [xt, yt]] = await keras.datasets.mnist.loadDataAsync({ download: true }); // fragment: needs the network
   */
  loadDataAsync: (...args: [opts?: { root?: string; download?: boolean }]): Promise<Split> =>
    loadAsync("mnist", MNIST as unknown as Ctor, args),
  /** Class names by label. */
  classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
};
