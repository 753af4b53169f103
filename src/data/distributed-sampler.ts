/**
 * `torch.utils.data.distributed.DistributedSampler`: each rank iterates its own share of the
 * dataset. Shuffled orders are PyTorch 1.13's (`randperm` from a generator seeded with
 * `seed + epoch`), padded by repeating the start so every rank gets the same number of samples
 * (or truncated with `dropLast`).
 */
import { getRank, getWorldSize, isInitialized } from "../distributed/process-group.js";
import { Generator } from "../tensor/random/generator.js";
import { sampleRandperm } from "../tensor/random/samplers.js";
import { checkArity, checkBool, checkInt, checkOptions, describe, optionKeys } from "../util/args.js";
import type { Sampler, Sized } from "./sampler.js";

/** Options of `DistributedSampler`. */
export interface DistributedSamplerOptions {
  /** Number of ranks sharing the data (default: the process group's world size). */
  numReplicas?: number;
  /** This rank (default: the process group's rank). */
  rank?: number;
  /** Shuffle each epoch (default true). */
  shuffle?: boolean;
  /** Base seed; every rank must use the same one (default 0). */
  seed?: number;
  /** Drop the tail so the data divides evenly instead of padding (default false). */
  dropLast?: boolean;
}
const KEYS = optionKeys("numReplicas", "rank", "shuffle", "seed", "dropLast");
const OP = "DistributedSampler";

/**
 * Indices of this rank's share: `indices[rank : totalSize : numReplicas]`.
 * @example const sampler = new data.DistributedSampler([10, 20, 30, 40, 50], { numReplicas: 2, rank: 1, shuffle: false }); [...sampler] // [1, 3, 0]
 */
export class DistributedSampler implements Sampler<number> {
  readonly numReplicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  /** Samples this rank yields per epoch. */
  readonly numSamples: number;
  /** `numSamples * numReplicas`. */
  readonly totalSize: number;
  private epoch = 0;

  constructor(
    readonly dataset: Sized,
    opts: DistributedSamplerOptions = {},
  ) {
    checkArity(OP, arguments.length, 2);
    if (typeof (dataset as Sized | null)?.length !== "number")
      throw new TypeError(`[${OP}] dataset must have a length (a Dataset or an array): got ${describe(dataset)}`);
    checkOptions(OP, opts, KEYS);
    const need = (what: string): never => {
      throw new Error(
        `[${OP}] ${what} not given and the default process group is not initialized: pass it or call initProcessGroup first`,
      );
    };
    this.numReplicas =
      opts.numReplicas === undefined
        ? isInitialized()
          ? getWorldSize()
          : need("numReplicas")
        : checkInt(OP, "numReplicas", opts.numReplicas, 1);
    this.rank =
      opts.rank === undefined ? (isInitialized() ? getRank() : need("rank")) : checkInt(OP, "rank", opts.rank, 0);
    if (this.rank >= this.numReplicas)
      throw new RangeError(
        `[${OP}] Invalid rank ${this.rank}, rank should be in the interval [0, ${this.numReplicas - 1}]`,
      );
    this.shuffle = opts.shuffle === undefined ? true : checkBool(OP, "shuffle", opts.shuffle);
    this.seed = opts.seed === undefined ? 0 : checkInt(OP, "seed", opts.seed, 0);
    this.dropLast = opts.dropLast === undefined ? false : checkBool(OP, "dropLast", opts.dropLast);
    const n = dataset.length;
    this.numSamples =
      this.dropLast && n % this.numReplicas !== 0
        ? Math.ceil((n - this.numReplicas) / this.numReplicas)
        : Math.ceil(n / this.numReplicas);
    this.totalSize = this.numSamples * this.numReplicas;
  }

  get length(): number {
    return this.numSamples;
  }

  /**
   * Sets the epoch that seeds the next shuffle; call it before each epoch, or every epoch repeats
   * the same order. @example new data.DistributedSampler([1, 2], { numReplicas: 1, rank: 0 }).setEpoch(3)
   */
  setEpoch(epoch: number): void {
    checkArity(`${OP}.setEpoch`, arguments.length, 1);
    this.epoch = checkInt(`${OP}.setEpoch`, "epoch", epoch, 0);
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataset.length;
    let indices: number[];
    if (this.shuffle) {
      const g = new Generator().manualSeed(this.seed + this.epoch);
      indices = Array.from(sampleRandperm(n, g));
    } else {
      indices = Array.from({ length: n }, (_, i) => i);
    }
    if (!this.dropLast) {
      const pad = this.totalSize - indices.length;
      if (pad > 0) {
        if (pad <= indices.length) indices = indices.concat(indices.slice(0, pad));
        else {
          const reps = Math.ceil(pad / indices.length);
          indices = indices.concat(
            Array.from({ length: reps }, () => indices)
              .flat()
              .slice(0, pad),
          );
        }
      }
    } else {
      indices = indices.slice(0, this.totalSize);
    }
    for (let i = this.rank; i < this.totalSize; i += this.numReplicas) yield indices[i]!;
  }
}
