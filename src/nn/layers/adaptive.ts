/**
 * `AdaptiveLogSoftmaxWithLoss` (Grave et al., "Efficient softmax approximation for GPUs"): the
 * most frequent classes (below `cutoffs[0]`) sit in a head softmax with one extra entry per tail
 * cluster; each cluster's classes get a softmax of their own through a projection shrunk by
 * `divValue` per cluster. Parameter names and shapes match PyTorch's (`head.weight`,
 * `tail.0.0.weight`, …).
 */
import { logSoftmax } from "../../ops/reduce-softmax.js";
import { cat } from "../../ops/join.js";
import { tensor, zeros } from "../../tensor/creation.js";
import type { DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber, describe } from "../../util/args.js";
import { optionsOf, params, shapeStr, type PosOrOpts } from "../functional/args.js";
import { Module } from "../module.js";
import { ModuleList, Sequential } from "./container.js";
import { Linear } from "./linear.js";

/** Options of `nn.AdaptiveLogSoftmaxWithLoss`. */
export interface AdaptiveLogSoftmaxOptions {
  /** Shrink factor of each successive cluster's projection (default 4). */
  divValue?: number;
  /** Whether the head has a bias (default false). */
  headBias?: boolean;
  dtype?: DType;
}

/** `forward`'s result: `[output, loss]` that also reads as `.output` and `.loss` (PyTorch's named tuple). */
export type ASMOutput = [output: Tensor, loss: Tensor] & { readonly output: Tensor; readonly loss: Tensor };

const P = params("AdaptiveLogSoftmaxWithLoss", ["divValue", "headBias"], { kwOnly: ["dtype"] });

/**
 * Adaptive softmax with its negative log-likelihood loss; `forward(input, target)` returns the
 * target classes' log-probabilities and their mean negative (`[output, loss]`), `logProb(input)`
 * the full [N, nClasses] log-probabilities, `predict(input)` the most likely classes.
 * @example const asm = new nn.AdaptiveLogSoftmaxWithLoss(64, 1000, [10, 100]); const { output, loss } = asm.call(h, targets); // fragment
 */
export class AdaptiveLogSoftmaxWithLoss extends Module {
  declare head: Linear;
  declare tail: ModuleList;
  /** The cutoffs with `nClasses` appended, as PyTorch stores them. */
  readonly cutoffs: readonly number[];
  readonly divValue: number;
  readonly headBias: boolean;
  readonly shortlistSize: number;
  readonly nClusters: number;
  readonly headSize: number;
  constructor(
    readonly inFeatures: number,
    readonly nClasses: number,
    cutoffs: readonly number[],
    ...args: PosOrOpts<[divValue: number, headBias: boolean], AdaptiveLogSoftmaxOptions>
  ) {
    super();
    const op = "AdaptiveLogSoftmaxWithLoss";
    const o = optionsOf<AdaptiveLogSoftmaxOptions>(P, args, 3);
    checkInt(op, "inFeatures", inFeatures, 1);
    checkInt(op, "nClasses", nClasses, 1);
    if (
      !Array.isArray(cutoffs) ||
      cutoffs.length === 0 ||
      cutoffs.some((c, i) => !Number.isInteger(c) || c <= 0 || c > nClasses - 1 || (i > 0 && c <= cutoffs[i - 1]!))
    ) {
      throw new RangeError(
        `[${op}] cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and nClasses-1: got ${describe(cutoffs)} for nClasses ${nClasses}`,
      );
    }
    this.divValue =
      o.divValue === undefined ? 4 : checkNumber(op, "divValue", o.divValue, { min: 0, minExclusive: true });
    this.headBias = o.headBias === undefined ? false : checkBool(op, "headBias", o.headBias);
    this.cutoffs = [...cutoffs, nClasses];
    this.shortlistSize = this.cutoffs[0]!;
    this.nClusters = this.cutoffs.length - 1;
    this.headSize = this.shortlistSize + this.nClusters;
    const dt = o.dtype !== undefined ? { dtype: o.dtype } : {};
    this.registerModule("head", new Linear(inFeatures, this.headSize, { bias: this.headBias, ...dt }));
    const tails: Module[] = [];
    for (let i = 0; i < this.nClusters; i++) {
      const hsz = Math.floor(inFeatures / this.divValue ** (i + 1));
      const osz = this.cutoffs[i + 1]! - this.cutoffs[i]!;
      tails.push(
        new Sequential(
          new Linear(inFeatures, hsz, { bias: false, ...dt }),
          new Linear(hsz, osz, { bias: false, ...dt }),
        ),
      );
    }
    this.registerModule("tail", new ModuleList(tails));
  }

  /** Re-draws the head's and the tail projections' parameters (Linear's initialisation). */
  resetParameters(): void {
    this.head.resetParameters();
    for (const seq of this.tail) for (const lin of seq as Sequential) (lin as Linear).resetParameters();
  }

  override forward(input: Tensor, target: Tensor): ASMOutput {
    const op = "AdaptiveLogSoftmaxWithLoss";
    if (!(input instanceof Tensor)) throw new TypeError(`[${op}] input must be a Tensor: got ${describe(input)}`);
    if (!(target instanceof Tensor)) throw new TypeError(`[${op}] target must be a Tensor: got ${describe(target)}`);
    if (target.dim() > 1)
      throw new RangeError(
        `[${op}] 0-D or 1-D target tensor expected, multi-target not supported: got ${shapeStr(target.shape)}`,
      );
    if (target.dim() === 1 && input.dim() !== 2)
      throw new RangeError(`[${op}] 1-D target tensor expects 2-D input tensors: got input ${shapeStr(input.shape)}`);
    if (target.dim() === 0 && input.dim() !== 1)
      throw new RangeError(`[${op}] 0-D target tensor expects 1-D input tensors: got input ${shapeStr(input.shape)}`);
    if (target.dim() === 1 && input.shape[0] !== target.shape[0]) {
      throw new RangeError(
        `[${op}] input and target should have the same size in the batch dimension: got ${input.shape[0]} and ${target.shape[0]}`,
      );
    }
    if (target.isFloatingPoint() || target.dtype === "bool")
      throw new TypeError(`[${op}] target must be an integer tensor: got ${target.dtype}`);
    const batched = target.dim() === 1;
    const x = batched ? input : input.unsqueeze(0);
    const t = (target.reshape([-1]).tolist() as (number | bigint)[]).map(Number);
    const N = t.length;
    for (const k of t) {
      if (k < 0 || k >= this.nClasses) {
        throw new RangeError(
          `[${op}] target values should be in [0, ${this.nClasses - 1}]: got values in range [${Math.min(...t)}, ${Math.max(...t)}]`,
        );
      }
    }
    // Each row's head entry: its own class in the shortlist, else its cluster's entry.
    const headIdx = t.map((k) => {
      if (k < this.shortlistSize) return k;
      let c = 0;
      while (k >= this.cutoffs[c + 1]!) c++;
      return this.shortlistSize + c;
    });
    const headLp = logSoftmax(this.head.call(x), 1);
    let output = headLp.gather(1, tensor(headIdx, { dtype: "int64" }).unsqueeze(1)).squeeze(1);
    const tails = [...this.tail] as Module[];
    for (let c = 0; c < this.nClusters; c++) {
      const [lo, hi] = [this.cutoffs[c]!, this.cutoffs[c + 1]!];
      const rows = t.flatMap((k, i) => (k >= lo && k < hi ? [i] : []));
      if (rows.length === 0) continue;
      const rowT = tensor(rows, { dtype: "int64" });
      const local = logSoftmax(tails[c]!.call(x.indexSelect(0, rowT)) as Tensor, 1);
      const rel = tensor(
        rows.map((i) => t[i]! - lo),
        { dtype: "int64" },
      );
      const picked = local.gather(1, rel.unsqueeze(1)).squeeze(1);
      output = output.add(zeros([N], { dtype: output.dtype }).indexAdd(0, rowT, picked));
    }
    const loss = output.neg().mean();
    const out = batched ? output : output.squeeze(0);
    return Object.assign([out, loss] as [Tensor, Tensor], { output: out, loss });
  }

  /**
   * Log-probabilities of every class, [N, nClasses] (`log_prob`).
   * @example asm.logProb(h).exp().sum(1) // ones (fragment)
   */
  logProb(input: Tensor): Tensor {
    if (!(input instanceof Tensor) || input.dim() !== 2) {
      throw new RangeError(
        `[AdaptiveLogSoftmaxWithLoss.logProb] input must be a 2-D Tensor [N, ${this.inFeatures}]: got ${input instanceof Tensor ? shapeStr(input.shape) : describe(input)}`,
      );
    }
    const headLp = logSoftmax(this.head.call(input), 1);
    const parts = [headLp.narrow(1, 0, this.shortlistSize)];
    const tails = [...this.tail] as Module[];
    for (let c = 0; c < this.nClusters; c++) {
      const clusterLp = logSoftmax(tails[c]!.call(input) as Tensor, 1);
      parts.push(clusterLp.add(headLp.narrow(1, this.shortlistSize + c, 1))); // log p(cluster) + log p(class | cluster)
    }
    return cat(parts, 1);
  }

  /**
   * The most likely class of each row, [N] int64 (`predict`).
   * @example asm.predict(h) // tensor([3, 17, …]) (fragment)
   */
  predict(input: Tensor): Tensor {
    return this.logProb(input).argmax(1);
  }
}
