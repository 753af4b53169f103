/**
 * MNIST and Fashion-MNIST (torchvision's `datasets.MNIST` / `FashionMNIST`): IDX files found in
 * `root` (also `root/<Name>/raw`, torchvision's layout) when given — only there: a missing or
 * incomplete root is an error, never replaced by another copy — else in `$ANTORCHA_DATA`,
 * `~/.cache/antorcha` and Debian's `/usr/share/datasets/fashion-mnist` (package `dataset-fashion-mnist`). Items are
 * `[image, label]`: image a uint8 [28, 28] tensor (before `transform`), label a number.
 * `.data` (uint8 [N, 28, 28]) and `.targets` (int64 [N]) hold the whole split.
 */
import { castTo } from "../../ops/define.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Dataset, type WorkerSpec } from "../dataset.js";
import {
  applyTransform,
  transformFromSpec,
  type TransformLike,
  type TransformSpec,
  type Transform,
} from "../transforms.js";
import { downloadUrl } from "./download.js";
import { DatasetError } from "./errors.js";
import { readIdx } from "./idx.js";
import { lazyBuiltin } from "../../util/node.js";

const HINT = "in a browser, fetch the IDX files and read them with datasets.readIdx(bytes)";
const fs = lazyBuiltin("node:fs", "MNIST", HINT);
const os = lazyBuiltin("node:os", "MNIST", HINT);
const path = lazyBuiltin("node:path", "MNIST", HINT);
import { checkOptions, describe, optionKeys } from "../../util/args.js";

/** Options of `MNIST` / `FashionMNIST`. */
export interface MnistOptions {
  /** Folder with the IDX files: when given, the only place searched (a missing root is an error). */
  root?: string;
  /** Training split (60000) or test split (10000). */
  train?: boolean;
  /** Applied to each image (uint8 [28, 28] tensor). */
  transform?: TransformLike;
  /** Applied to each label (a number). */
  targetTransform?: TransformLike;
  /** Fetch missing files (only through the async `load()`). */
  download?: boolean;
  /** Base URLs tried in order when downloading (default: the canonical mirrors). */
  mirrors?: string[];
  /** @internal transforms rebuilt in a worker thread. */
  transformSpecs?: [TransformSpec | null, TransformSpec | null];
}

interface Resource {
  file: string;
  md5: string;
}

const SPLITS = {
  train: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
  test: ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
} as const;

/** The configuration that distinguishes MNIST from Fashion-MNIST. */
interface Flavour {
  name: string;
  folder: string;
  debianDir?: string;
  debianPackage?: string;
  mirrors: string[];
  md5: Record<string, string>;
  classes: string[];
}

/**
 * Where the files are looked for: only under `root` when the user gave one (a root is used or
 * rejected, never silently replaced by a copy found elsewhere), else `$ANTORCHA_DATA`, the cache
 * and Debian's folder.
 */
function searchDirs(f: Flavour, root: string | undefined): string[] {
  const dirs: string[] = [];
  const under = (base: string) => [base, path.join(base, f.name, "raw"), path.join(base, f.folder)];
  if (root !== undefined) return under(root);
  const env = typeof process !== "undefined" ? process.env.ANTORCHA_DATA : undefined;
  if (env) dirs.push(...under(env));
  dirs.push(path.join(os.homedir(), ".cache", "antorcha", f.folder));
  if (f.debianDir) dirs.push(f.debianDir);
  return dirs;
}

function findFile(dir: string, base: string): string | undefined {
  for (const name of [`${base}.gz`, base]) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return undefined;
}

function locate(f: Flavour, root: string | undefined, train: boolean): [string, string] | undefined {
  const [img, lbl] = SPLITS[train ? "train" : "test"];
  for (const dir of searchDirs(f, root)) {
    const a = findFile(dir, img);
    const b = findFile(dir, lbl);
    if (a && b) return [a, b];
  }
  return undefined;
}

function notFound(f: Flavour, root: string | undefined, train: boolean): DatasetError {
  const [img, lbl] = SPLITS[train ? "train" : "test"];
  if (root !== undefined) {
    return new DatasetError(
      "DATASET_NOT_FOUND",
      `[${f.name}] ${train ? "training" : "test"} files not found under root ${JSON.stringify(root)}: expected ${img}.gz and ${lbl}.gz (or unzipped) in one of ${searchDirs(f, root).join(", ")} (omit root to search $ANTORCHA_DATA, ~/.cache/antorcha${f.debianDir ? ` and ${f.debianDir}` : ""}, or use await ${f.name}.load({ root, download: true }))`,
    );
  }
  const how = [
    f.debianPackage ? `install Debian's package (sudo apt-get install ${f.debianPackage})` : undefined,
    `put ${img}.gz and ${lbl}.gz (from ${f.mirrors[0]}) in one of: ${searchDirs(f, root).join(", ")}`,
    `or call await ${f.name}.load({ root, download: true }) when online`,
  ].filter(Boolean);
  return new DatasetError(
    "DATASET_NOT_FOUND",
    `[${f.name}] ${train ? "training" : "test"} files not found: ${how.join("; ")}`,
  );
}

const MNIST_KEYS = optionKeys("root", "train", "transform", "targetTransform", "download", "mirrors", "transformSpecs");

/** A root the user gave must be a string naming a folder (one that may not exist yet only when downloading). */
function checkRoot(f: Flavour, root: unknown, download: boolean): void {
  if (root === undefined) return;
  if (typeof root !== "string" || root === "")
    throw new TypeError(`[${f.name}] root must be a folder path: got ${describe(root)}`);
  let st: { isDirectory(): boolean } | undefined;
  try {
    st = fs.statSync(root);
  } catch {
    st = undefined;
  }
  if (st === undefined && !download)
    throw new DatasetError(
      "ROOT_NOT_FOUND",
      `[${f.name}] root ${JSON.stringify(root)} does not exist: expected the folder holding the IDX files (omit root to search the default places, or pass download: true to fetch them there)`,
    );
  if (st !== undefined && !st.isDirectory())
    throw new DatasetError(
      "ROOT_NOT_A_FOLDER",
      `[${f.name}] root ${JSON.stringify(root)} is not a folder: expected a folder`,
    );
}

/** @internal shared implementation of MNIST-like datasets. */
export abstract class MnistLike extends Dataset<[unknown, unknown]> {
  /** uint8 [N, 28, 28] images. */
  readonly data: Tensor;
  /** int64 [N] labels. */
  readonly targets: Tensor;
  readonly train: boolean;
  readonly root: string | undefined;
  /** The files read: [images, labels]. */
  readonly files: [string, string];
  readonly transform: TransformLike | undefined;
  readonly targetTransform: TransformLike | undefined;
  private readonly labels: Uint8Array;

  protected abstract flavour(): Flavour;

  constructor(opts: MnistOptions = {}) {
    super();
    const f = this.flavour();
    checkOptions(f.name, opts, MNIST_KEYS);
    checkRoot(f, opts.root, opts.download === true);
    this.train = opts.train ?? true;
    this.root = opts.root;
    const specs = opts.transformSpecs;
    this.transform = specs?.[0] ? transformFromSpec(specs[0]) : opts.transform;
    this.targetTransform = specs?.[1] ? transformFromSpec(specs[1]) : opts.targetTransform;
    const found = locate(f, opts.root, this.train);
    if (found === undefined) {
      if (opts.download) {
        throw new DatasetError(
          "DOWNLOAD_NEEDS_LOAD",
          `[${f.name}] files are missing and downloading is asynchronous: use await ${f.name}.load({ ...options, download: true })`,
        );
      }
      throw notFound(f, opts.root, this.train);
    }
    this.files = found;
    const images = readIdx(found[0]);
    const labels = readIdx(found[1]);
    const [ip, lp] = found;
    if (images.dtype !== "uint8" || images.dim() !== 3 || images.shape[1] !== 28 || images.shape[2] !== 28) {
      throw new DatasetError(
        "BAD_IMAGE_DIMS",
        `[${f.name}] ${ip}: images must be uint8 [N, 28, 28]: got ${images.dtype} [${images.shape}]`,
        ip,
      );
    }
    if (labels.dtype !== "uint8" || labels.dim() !== 1) {
      throw new DatasetError(
        "BAD_LABEL_DIMS",
        `[${f.name}] ${lp}: labels must be uint8 [N]: got ${labels.dtype} [${labels.shape}]`,
        lp,
      );
    }
    if (images.shape[0] !== labels.shape[0]) {
      throw new DatasetError(
        "COUNT_MISMATCH",
        `[${f.name}] ${images.shape[0]} images in ${ip} but ${labels.shape[0]} labels in ${lp}: expected equal counts`,
        lp,
      );
    }
    this.labels = labels.storage.data as Uint8Array;
    const k = f.classes.length;
    const bad = this.labels.findIndex((v) => v >= k);
    if (bad >= 0)
      throw new DatasetError(
        "LABEL_OUT_OF_RANGE",
        `[${f.name}] ${lp}: label ${this.labels[bad]} at index ${bad} is out of range: expected 0..${k - 1}`,
        lp,
      );
    this.data = images;
    this.targets = castTo(labels, "int64");
  }

  /** Class names, index = label. */
  get classes(): string[] {
    return [...this.flavour().classes];
  }
  /** Class name → label. */
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.flavour().classes.map((c, i) => [c, i]));
  }
  get length(): number {
    return this.labels.length;
  }
  getItem(i: number): [unknown, unknown] {
    const n = this.length;
    if (!Number.isInteger(i) || i < -n || i >= n)
      throw new RangeError(`[${this.flavour().name}] index ${i} is out of range: expected -${n} <= index < ${n}`);
    const k = i < 0 ? i + n : i;
    return [
      applyTransform(this.transform, this.data.select(0, k)),
      applyTransform(this.targetTransform, this.labels[k]!),
    ];
  }
  /** Workers re-read the files; transforms travel by their `spec` (a `Lambda` or plain function cannot). */
  override workerSpec(): WorkerSpec | undefined {
    const spec = (t: TransformLike | undefined): TransformSpec | null | undefined =>
      t === undefined ? null : typeof t === "function" ? undefined : (t as Transform).spec;
    const specs = [spec(this.transform), spec(this.targetTransform)];
    if (specs.includes(undefined)) return undefined;
    return {
      module: this.moduleUrl(),
      exportName: this.flavour().name,
      args: [{ root: this.root, train: this.train, transformSpecs: specs }],
    };
  }
  protected moduleUrl(): string {
    return import.meta.url;
  }

  /** @internal download-then-construct. */
  static async _load<D>(f: Flavour, make: () => D, opts: MnistOptions): Promise<D> {
    checkOptions(`${f.name}.load`, opts, MNIST_KEYS);
    checkRoot(f, opts.root, opts.download === true);
    const train = opts.train ?? true;
    if (opts.download && locate(f, opts.root, train) === undefined) {
      const dir = opts.root ?? path.join(os.homedir(), ".cache", "antorcha", f.folder);
      const mirrors = opts.mirrors ?? f.mirrors;
      for (const base of SPLITS[train ? "train" : "test"]) {
        const file = `${base}.gz`;
        if (findFile(dir, base)) continue;
        const res: Resource = { file, md5: f.md5[file]! };
        let last: unknown;
        for (const m of mirrors) {
          try {
            await downloadUrl(new URL(res.file, m.endsWith("/") ? m : `${m}/`).href, path.join(dir, res.file), {
              md5: res.md5,
            });
            last = undefined;
            break;
          } catch (e) {
            last = e;
          }
        }
        if (last !== undefined) {
          const e = last as DatasetError;
          throw new DatasetError(
            e.code ?? "DOWNLOAD_FAILED",
            `[${f.name}] could not download ${file} from any mirror: ${e.message}. ${notFound(f, opts.root, train).message}`,
            e.file,
          );
        }
      }
    }
    return make();
  }
}

const MNIST_FLAVOUR: Flavour = {
  name: "MNIST",
  folder: "mnist",
  mirrors: ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
  md5: {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
  },
  classes: [
    "0 - zero",
    "1 - one",
    "2 - two",
    "3 - three",
    "4 - four",
    "5 - five",
    "6 - six",
    "7 - seven",
    "8 - eight",
    "9 - nine",
  ],
};

/**
 * The MNIST digits (no Debian package exists: download it or place the files).
 * @example const train = new MNIST({ root: "data", transform: new ToTensor() }); // fragment
 */
export class MNIST extends MnistLike {
  protected flavour(): Flavour {
    return MNIST_FLAVOUR;
  }
  /** Downloads missing files first when `download: true`. @example await MNIST.load({ root: "data", download: true }) // fragment */
  static load(opts: MnistOptions = {}): Promise<MNIST> {
    return MnistLike._load(MNIST_FLAVOUR, () => new MNIST(opts), opts);
  }
}

/** @internal */
export const FASHION_FLAVOUR: Flavour = {
  name: "FashionMNIST",
  folder: "fashion-mnist",
  debianDir: "/usr/share/datasets/fashion-mnist",
  debianPackage: "dataset-fashion-mnist",
  mirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
  md5: {
    "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83fd310",
  },
  classes: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
};
