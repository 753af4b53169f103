/**
 * Datasets (PyTorch's `torch.utils.data.Dataset` family): map-style `Dataset<T>` with `getItem(i)`
 * and `length`, `IterableDataset<T>`, `TensorDataset`, `Subset`, `ConcatDataset`, `randomSplit`.
 */
import { Generator, defaultGenerator } from "../tensor/random/generator.js";
import { sampleRandperm } from "../tensor/random/samplers.js";
import { Tensor } from "../tensor/tensor.js";
import { buildFromSpec, encodeValue, type WorkerSpec } from "./worker-spec.js";
import { checkArity, checkOptions, describe, optionKeys } from "../util/args.js";

export type { WorkerSpec }; // declared beside buildFromSpec, which reads it

const SPLIT_KEYS = optionKeys("generator");

/**
 * A map-style dataset: subclasses implement `getItem(i)` and `length`.
 * Implement `workerSpec()` to let `DataLoader({ numWorkers > 0 })` rebuild it in worker threads.
 * @example class Squares extends Dataset<number> { get length() { return 10; } getItem(i: number) { return i * i; } }
 */
export abstract class Dataset<T = unknown> {
  /** The item at index `i` (0 ≤ i < length). */
  abstract getItem(i: number): T;
  /** Number of items. */
  abstract get length(): number;
  /** Optional: how worker threads construct this dataset (see `WorkerSpec`). */
  workerSpec?(): WorkerSpec | undefined;

  /** Iterates items in index order. @example for (const x of ds) console.log(x); */
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.getItem(i);
  }
}

/**
 * A stream of items (PyTorch's `IterableDataset`): implement `[Symbol.iterator]()`.
 * @example class Count extends IterableDataset<number> { *[Symbol.iterator]() { yield* [1, 2, 3]; } }
 */
export abstract class IterableDataset<T = unknown> {
  abstract [Symbol.iterator](): Iterator<T>;
}

/** True for map-style datasets (anything with `getItem` and a numeric `length`). */
export function isMapDataset(d: unknown): d is Dataset<unknown> {
  return (
    typeof d === "object" &&
    d !== null &&
    typeof (d as Dataset).getItem === "function" &&
    typeof (d as Dataset).length === "number"
  );
}

function checkIndex(op: string, i: number, n: number): number {
  if (!Number.isInteger(i)) throw new TypeError(`[${op}] index must be an integer: got ${String(i)}`);
  if (i < -n || i >= n) throw new RangeError(`[${op}] index ${i} is out of range: expected -${n} <= index < ${n}`);
  return i < 0 ? i + n : i;
}

/**
 * Rows of tensors sharing their first dimension; item `i` is `[t0[i], t1[i], …]`.
 * @example const ds = new TensorDataset(x, y); const [xi, yi] = ds.getItem(0);
 */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new TypeError("[TensorDataset] expected at least one tensor: got none");
    for (const [k, t] of tensors.entries()) {
      if (!(t instanceof Tensor))
        throw new TypeError(`[TensorDataset] argument ${k} is not a Tensor: got ${describe(t)}`);
      if (t.dim() === 0) throw new RangeError(`[TensorDataset] argument ${k} is 0-d: expected at least 1 dimension`);
    }
    const n = tensors[0]!.shape[0]!;
    const bad = tensors.findIndex((t) => t.shape[0] !== n);
    if (bad >= 0) {
      throw new RangeError(
        `[TensorDataset] size mismatch between tensors: got ${tensors[bad]!.shape[0]} rows in argument ${bad}, expected ${n}`,
      );
    }
    this.tensors = tensors;
  }
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }
  getItem(i: number): Tensor[] {
    const k = checkIndex("TensorDataset", i, this.length);
    return this.tensors.map((t) => t.select(0, k));
  }
  /** Workers get a copy of the tensors (worth it only when a subclass adds per-item work). */
  override workerSpec(): WorkerSpec | undefined {
    if (this.constructor !== TensorDataset) return undefined; // a subclass must describe itself
    return { module: import.meta.url, exportName: "TensorDataset", args: this.tensors.map((t) => encodeValue(t)) };
  }
}

/**
 * The items of `dataset` at `indices`, in that order.
 * @example const head = new Subset(ds, [0, 1, 2]);
 */
export class Subset<T> extends Dataset<T> {
  constructor(
    readonly dataset: Dataset<T>,
    readonly indices: readonly number[],
  ) {
    super();
    checkArity("Subset", arguments.length, 2);
    if (!isMapDataset(dataset))
      throw new TypeError(
        `[Subset] dataset must be a map-style Dataset (getItem and length): got ${describe(dataset)}`,
      );
    if (!Array.isArray(indices) && !ArrayBuffer.isView(indices))
      throw new TypeError(`[Subset] indices must be an array of integers: got ${describe(indices)}`);
    const n = dataset.length;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      if (typeof i !== "number" || !Number.isInteger(i))
        throw new TypeError(`[Subset] indices[${k}] must be an integer: got ${describe(i)}`);
      if (i < -n || i >= n)
        throw new RangeError(`[Subset] indices[${k}] = ${i} is out of range for a dataset of length ${n}`);
    }
  }
  get length(): number {
    return this.indices.length;
  }
  getItem(i: number): T {
    return this.dataset.getItem(this.indices[checkIndex("Subset", i, this.length)]!);
  }
  override workerSpec(): WorkerSpec | undefined {
    const inner = this.dataset.workerSpec?.();
    if (inner === undefined) return undefined;
    return { module: import.meta.url, exportName: "subsetFromSpec", args: [inner, [...this.indices]] };
  }
}

/** @internal rebuilds a Subset in a worker (the inner dataset by its own spec). */
export async function subsetFromSpec(inner: WorkerSpec, indices: number[]): Promise<Subset<unknown>> {
  return new Subset((await buildFromSpec(inner)) as Dataset<unknown>, indices);
}

/**
 * Datasets one after another.
 * @example const all = new ConcatDataset([train, extra]); all.length === train.length + extra.length // fragment
 */
export class ConcatDataset<T> extends Dataset<T> {
  readonly datasets: Dataset<T>[];
  /** Running totals of the lengths (PyTorch's `cumulative_sizes`). */
  readonly cumulativeSizes: number[];
  constructor(datasets: Iterable<Dataset<T>>) {
    super();
    checkArity("ConcatDataset", arguments.length, 1);
    if (typeof (datasets as Iterable<unknown>)?.[Symbol.iterator] !== "function" || isMapDataset(datasets)) {
      throw new TypeError(
        `[ConcatDataset] expected an array of datasets: got ${describe(datasets)} (call it as new ConcatDataset([a, b]))`,
      );
    }
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new RangeError("[ConcatDataset] datasets should not be an empty iterable");
    let s = 0;
    this.cumulativeSizes = this.datasets.map((d, k) => {
      if (!isMapDataset(d))
        throw new TypeError(
          `[ConcatDataset] dataset ${k} is not a map-style Dataset: IterableDataset is not supported`,
        );
      return (s += d.length);
    });
  }
  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1]!;
  }
  getItem(i: number): T {
    const k = checkIndex("ConcatDataset", i, this.length);
    let lo = 0;
    let hi = this.cumulativeSizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulativeSizes[mid]! > k) hi = mid;
      else lo = mid + 1;
    }
    return this.datasets[lo]!.getItem(lo === 0 ? k : k - this.cumulativeSizes[lo - 1]!);
  }
}

/**
 * Splits a dataset into non-overlapping random subsets (PyTorch's `random_split`): `lengths` are
 * counts summing to `dataset.length`, or fractions summing to 1 (floored, the remainder given one
 * by one round-robin from the first split). Indices come from `randperm(n, generator)`.
 * @example const [train, val] = randomSplit(ds, [0.8, 0.2], { generator: new torch.Generator(42) });
 */
export function randomSplit<T>(
  dataset: Dataset<T>,
  lengths: readonly number[],
  opts: { generator?: Generator } = {},
): Subset<T>[] {
  checkArity("randomSplit", arguments.length, 3);
  if (!isMapDataset(dataset))
    throw new TypeError(`[randomSplit] dataset must be a map-style Dataset: got ${describe(dataset)}`);
  checkOptions("randomSplit", opts, SPLIT_KEYS);
  if (opts.generator !== undefined && !(opts.generator instanceof Generator))
    throw new TypeError(`[randomSplit] generator must be a torch.Generator: got ${describe(opts.generator)}`);
  if (!Array.isArray(lengths) || lengths.length === 0) {
    throw new TypeError(
      `[randomSplit] lengths must be a non-empty array of counts or fractions: got ${describe(lengths)} (call it as randomSplit(dataset, [0.8, 0.2]))`,
    );
  }
  lengths.forEach((v: unknown, i) => {
    if (typeof v !== "number" || Number.isNaN(v))
      throw new TypeError(`[randomSplit] lengths[${i}] must be a number: got ${describe(v)}`);
  });
  const n = dataset.length;
  let sizes = [...lengths];
  const total = sizes.reduce((a, b) => a + b, 0);
  // Python's math.isclose(sum, 1) (rel_tol 1e-9) and sum <= 1
  if (Math.abs(total - 1) <= 1e-9 * Math.max(1, Math.abs(total)) && total <= 1) {
    sizes = sizes.map((f, i) => {
      if (!(f >= 0 && f <= 1))
        throw new RangeError(`[randomSplit] fraction at index ${i} is not between 0 and 1: got ${f}`);
      return Math.floor(n * f);
    });
    const rem = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < rem; i++) sizes[i % sizes.length]! += 1;
  }
  for (const [i, s] of sizes.entries()) {
    if (!Number.isInteger(s) || s < 0)
      throw new RangeError(`[randomSplit] length at index ${i} must be a non-negative integer: got ${s}`);
  }
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum !== n)
    throw new RangeError(
      `[randomSplit] sum of input lengths does not equal the length of the input dataset: got ${sum}, expected ${n}`,
    );
  const perm = Array.from(sampleRandperm(sum, opts.generator ?? defaultGenerator));
  const out: Subset<T>[] = [];
  let off = 0;
  for (const s of sizes) {
    out.push(new Subset(dataset, perm.slice(off, off + s)));
    off += s;
  }
  return out;
}
