/**
 * `DataLoader` (PyTorch's `torch.utils.data.DataLoader`): batches of a dataset, in sampler order,
 * through `for…of` or `for await…of`. Each iteration first draws a 64-bit base seed from
 * `generator` (or the default generator) exactly as PyTorch 1.13 does, so a seeded run consumes
 * the same random numbers and, with `shuffle: true`, gives PyTorch's batch order.
 */
import { Generator } from "../tensor/random/generator.js";
import { defaultCollate } from "./collate.js";
import { IterableDataset, isMapDataset, type Dataset } from "./dataset.js";
import { BatchSampler, RandomSampler, SequentialSampler, randomSeed, type Sampler } from "./sampler.js";
import { WorkerPool } from "./worker-pool.js";
import { checkArity, checkBool, checkOptions, describe, isPlainObject, optionKeys } from "../util/args.js";

/** Options of `DataLoader` (PyTorch's keyword arguments, camelCased). */
export interface DataLoaderOptions<T, B> {
  /** Items per batch (default 1); `null` turns batching off (items come one by one). */
  batchSize?: number | null;
  /** Reshuffle every epoch (a `RandomSampler`). */
  shuffle?: boolean;
  /** Where indices come from (exclusive with `shuffle`). */
  sampler?: Sampler<number>;
  /** Where batches of indices come from (exclusive with batchSize, shuffle, sampler, dropLast). */
  batchSampler?: Sampler<number[]>;
  /** Drop the last incomplete batch. */
  dropLast?: boolean;
  /** Merges a list of items into a batch (default `defaultCollate`). */
  collateFn?: (items: T[]) => B;
  /** Generator for shuffling and the base seed (default: the global generator). */
  generator?: Generator;
  /** Worker threads that load batches ahead (map-style datasets with `workerSpec()`); 0 = in this thread. */
  numWorkers?: number;
  /** Batches loaded ahead per worker (default 2; only with numWorkers > 0). */
  prefetchFactor?: number;
}

type AnyDataset<T> = Dataset<T> | IterableDataset<T>;

const KEYS = optionKeys(
  "batchSize",
  "shuffle",
  "sampler",
  "batchSampler",
  "dropLast",
  "collateFn",
  "generator",
  "numWorkers",
  "prefetchFactor",
);

const isIterable = (v: unknown): boolean =>
  typeof v === "object" && v !== null && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function";

const mutuallyExclusive = "batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast";

/**
 * Iterates a dataset in batches.
 * @example for (const [x, y] of new DataLoader(new TensorDataset(X, Y), { batchSize: 32, shuffle: true })) train(x, y); // fragment
 */
export class DataLoader<T = unknown, B = unknown> implements Iterable<B>, AsyncIterable<B> {
  readonly dataset: AnyDataset<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly sampler: Sampler<number> | null;
  readonly batchSampler: Sampler<number[]> | null;
  readonly collateFn: (items: T[]) => B;
  readonly generator: Generator | undefined;
  readonly numWorkers: number;
  readonly prefetchFactor: number;
  private readonly customCollate: boolean;

  constructor(dataset: AnyDataset<T>, opts: DataLoaderOptions<T, B> = {}) {
    const op = "[DataLoader]";
    checkArity("DataLoader", arguments.length, 2);
    if (!isPlainObject(opts as unknown)) {
      const hint =
        typeof opts === "number"
          ? `new DataLoader(dataset, { batchSize: ${opts} })`
          : "new DataLoader(dataset, { batchSize, shuffle })";
      throw new TypeError(
        `${op} expected an options object as the second argument: got ${describe(opts)} (call it as ${hint})`,
      );
    }
    checkOptions("DataLoader", opts, KEYS);
    const isMap = isMapDataset(dataset);
    if (
      !isMap &&
      !(dataset instanceof IterableDataset) &&
      typeof (dataset as Iterable<T>)?.[Symbol.iterator] !== "function"
    ) {
      throw new TypeError(
        `${op} dataset must be a Dataset (getItem and length) or an IterableDataset: got ${typeof dataset}`,
      );
    }
    this.dataset = dataset;
    const nw = opts.numWorkers ?? 0;
    if (typeof nw !== "number") throw new TypeError(`${op} numWorkers must be an integer: got ${describe(nw)}`);
    if (!Number.isInteger(nw) || nw < 0)
      throw new RangeError(`${op} numWorkers option should be non-negative: got ${nw}`);
    if (nw === 0 && opts.prefetchFactor !== undefined)
      throw new RangeError(`${op} prefetchFactor option could only be specified with numWorkers > 0`);
    const pf = opts.prefetchFactor ?? 2;
    if (typeof pf !== "number") throw new TypeError(`${op} prefetchFactor must be an integer: got ${describe(pf)}`);
    if (!Number.isInteger(pf) || pf < 1)
      throw new RangeError(`${op} prefetchFactor should be a positive integer: got ${pf}`);
    this.numWorkers = nw;
    this.prefetchFactor = pf;
    const shuffle = opts.shuffle ?? false;
    if (typeof shuffle !== "boolean") throw new TypeError(`${op} shuffle must be a boolean: got ${describe(shuffle)}`);
    const dropLast = opts.dropLast === undefined ? false : checkBool("DataLoader", "dropLast", opts.dropLast);
    let batchSize = opts.batchSize === undefined ? 1 : opts.batchSize;
    if (batchSize !== null && typeof batchSize !== "number")
      throw new TypeError(`${op} batchSize must be a positive integer or null: got ${describe(batchSize)}`);
    if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize <= 0)) {
      throw new RangeError(`${op} batchSize should be a positive integer value: got ${String(batchSize)}`);
    }
    if (!isMap) {
      if (shuffle)
        throw new TypeError(`${op} shuffle option is not supported for an IterableDataset: got shuffle=true`);
      if (opts.sampler) throw new TypeError(`${op} sampler option is not supported for an IterableDataset`);
      if (opts.batchSampler) throw new TypeError(`${op} batchSampler option is not supported for an IterableDataset`);
      if (nw > 0) throw new TypeError(`${op} numWorkers > 0 is not supported for an IterableDataset: got ${nw}`);
    }
    if (opts.sampler !== undefined && !isIterable(opts.sampler))
      throw new TypeError(`${op} sampler must be an iterable of indices (a Sampler): got ${describe(opts.sampler)}`);
    if (opts.batchSampler !== undefined && !isIterable(opts.batchSampler)) {
      throw new TypeError(
        `${op} batchSampler must be an iterable of index arrays (a BatchSampler): got ${describe(opts.batchSampler)}`,
      );
    }
    if (opts.sampler !== undefined && shuffle)
      throw new TypeError(`${op} sampler option is mutually exclusive with shuffle`);
    if (opts.batchSampler !== undefined) {
      if (batchSize !== 1 || shuffle || opts.sampler !== undefined || dropLast)
        throw new TypeError(`${op} ${mutuallyExclusive}`);
      batchSize = null;
    } else if (batchSize === null && dropLast) {
      throw new TypeError(`${op} batchSize=null option disables auto-batching and is mutually exclusive with dropLast`);
    }
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    this.generator = opts.generator;
    if (this.generator !== undefined && !(this.generator instanceof Generator))
      throw new TypeError(`${op} generator must be a torch.Generator`);
    if (isMap) {
      const ds = dataset as Dataset<T>;
      this.sampler =
        opts.sampler ?? (shuffle ? new RandomSampler(ds, { generator: this.generator }) : new SequentialSampler(ds));
      this.batchSampler =
        opts.batchSampler ?? (batchSize !== null ? new BatchSampler(this.sampler, batchSize, dropLast) : null);
    } else {
      this.sampler = null;
      this.batchSampler = null;
    }
    this.customCollate = opts.collateFn !== undefined;
    this.collateFn = opts.collateFn ?? (defaultCollate as unknown as (items: T[]) => B);
    if (typeof this.collateFn !== "function")
      throw new TypeError(`${op} collateFn must be a function: got ${describe(this.collateFn)}`);
  }

  /** Number of batches per epoch (`len(loader)`). */
  get length(): number {
    if (!isMapDataset(this.dataset)) throw new TypeError("[DataLoader] an IterableDataset has no length");
    const s = (this.batchSampler ?? this.sampler) as { length?: number };
    if (typeof s.length !== "number") throw new TypeError("[DataLoader] the sampler has no length");
    return s.length;
  }

  /** Synchronous iteration (`for (const b of loader)`); with workers, blocks until the next batch is ready. */
  [Symbol.iterator](): Iterator<B> & { return(): IteratorResult<B> } {
    const it = this.open();
    return {
      next: () => it.nextSync(),
      return: () => (it.close(), { done: true, value: undefined }),
      [Symbol.iterator]() {
        return this;
      },
    } as Iterator<B> & { return(): IteratorResult<B> };
  }

  /** Asynchronous iteration (`for await (const b of loader)`): waiting for workers yields the event loop. */
  [Symbol.asyncIterator](): AsyncIterator<B> & { return(): Promise<IteratorResult<B>> } {
    const it = this.open();
    return {
      next: () => it.nextAsync(),
      return: async () => (it.close(), { done: true, value: undefined }),
      [Symbol.asyncIterator]() {
        return this;
      },
    } as AsyncIterator<B> & { return(): Promise<IteratorResult<B>> };
  }

  private open(): LoaderIter<B> {
    const baseSeed = randomSeed(this.generator); // drawn before the sampler's own draws, as PyTorch
    if (!isMapDataset(this.dataset))
      return new IterableIter(
        this.dataset as Iterable<T>,
        this.batchSize,
        this.dropLast,
        this.collateFn,
        this.customCollate,
      );
    const ds = this.dataset as Dataset<T>;
    const keys: Iterator<number | number[]> = this.batchSampler
      ? this.batchSampler[Symbol.iterator]()
      : this.sampler![Symbol.iterator]();
    if (this.numWorkers === 0)
      return new MapIter(ds, keys, this.batchSampler !== null, this.collateFn, this.customCollate);
    const spec = ds.workerSpec?.();
    if (spec === undefined) {
      throw new TypeError(
        `[DataLoader] numWorkers=${this.numWorkers} needs a dataset that worker threads can rebuild: ${ds.constructor.name} has no workerSpec() ` +
          "(return { module: import.meta.url, exportName, args } from it), or use numWorkers: 0",
      );
    }
    const pool = new WorkerPool(spec, this.numWorkers, this.prefetchFactor, baseSeed, !this.customCollate);
    const batched = this.batchSampler !== null;
    const collate = this.collateFn;
    return new PoolIter(pool, keys, batched, (items) =>
      batched ? collate(items as T[]) : (collate as unknown as (x: unknown) => B)((items as unknown[])[0]),
    );
  }
}

interface LoaderIter<B> {
  nextSync(): IteratorResult<B>;
  nextAsync(): Promise<IteratorResult<B>>;
  close(): void;
}

const DONE = { done: true, value: undefined } as IteratorResult<never>;

class MapIter<T, B> implements LoaderIter<B> {
  constructor(
    private ds: Dataset<T>,
    private keys: Iterator<number | number[]>,
    private batched: boolean,
    private collate: (items: T[]) => B,
    private custom: boolean,
  ) {}
  nextSync(): IteratorResult<B> {
    const k = this.keys.next();
    if (k.done) return DONE;
    if (!this.batched) {
      const item = this.ds.getItem(k.value as number);
      return {
        done: false,
        value: this.custom ? (this.collate as unknown as (x: T) => B)(item) : (item as unknown as B),
      };
    }
    return { done: false, value: this.collate((k.value as number[]).map((i) => this.ds.getItem(i))) };
  }
  async nextAsync(): Promise<IteratorResult<B>> {
    return this.nextSync();
  }
  close(): void {
    this.keys.return?.();
  }
}

class IterableIter<T, B> implements LoaderIter<B> {
  private src: Iterator<T>;
  constructor(
    ds: Iterable<T>,
    private batchSize: number | null,
    private dropLast: boolean,
    private collate: (items: T[]) => B,
    private custom: boolean,
  ) {
    this.src = ds[Symbol.iterator]();
  }
  nextSync(): IteratorResult<B> {
    if (this.batchSize === null) {
      const r = this.src.next();
      if (r.done) return DONE;
      return {
        done: false,
        value: this.custom ? (this.collate as unknown as (x: T) => B)(r.value) : (r.value as unknown as B),
      };
    }
    const items: T[] = [];
    while (items.length < this.batchSize) {
      const r = this.src.next();
      if (r.done) break;
      items.push(r.value);
    }
    if (items.length === 0 || (this.dropLast && items.length < this.batchSize)) return DONE;
    return { done: false, value: this.collate(items) };
  }
  async nextAsync(): Promise<IteratorResult<B>> {
    return this.nextSync();
  }
  close(): void {
    this.src.return?.();
  }
}

// Terminates the workers of an iterator that was dropped without finishing or `return()`.
const abandoned = new FinalizationRegistry<WorkerPool>((pool) => pool.close());

class PoolIter<B> implements LoaderIter<B> {
  private sent = 0;
  private received = 0;
  private exhausted = false;
  private closed = false;
  constructor(
    private pool: WorkerPool,
    private keys: Iterator<number | number[]>,
    private batched: boolean,
    private finish: (payload: unknown) => B,
  ) {
    abandoned.register(this, pool, this);
    this.fill();
  }
  private fill(): void {
    while (!this.exhausted && this.sent - this.received < this.pool.capacity) {
      const k = this.keys.next();
      if (k.done) {
        this.exhausted = true;
        break;
      }
      this.pool.send(this.sent++, Array.isArray(k.value) ? k.value : [k.value], this.batched);
    }
  }
  private take(payload: { items: unknown; collated: boolean }): IteratorResult<B> {
    this.received++;
    this.fill();
    const value = payload.collated ? (payload.items as B) : this.finish(payload.items);
    return { done: false, value };
  }
  nextSync(): IteratorResult<B> {
    if (this.closed || this.received === this.sent) return this.end();
    try {
      return this.take(this.pool.waitSync(this.received));
    } catch (e) {
      this.close();
      throw e;
    }
  }
  async nextAsync(): Promise<IteratorResult<B>> {
    if (this.closed || this.received === this.sent) return this.end();
    try {
      return this.take(await this.pool.waitAsync(this.received));
    } catch (e) {
      this.close();
      throw e;
    }
  }
  private end(): IteratorResult<B> {
    this.close();
    return DONE;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    abandoned.unregister(this);
    this.keys.return?.();
    this.pool.close();
  }
}
