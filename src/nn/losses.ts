/**
 * Loss modules: `nn.MSELoss`, `nn.CrossEntropyLoss`, … Each wraps its `F` form; class weights
 * are registered as buffers (as PyTorch's `_WeightedLoss`), so they follow `to()` and `stateDict()`.
 */
import { Tensor } from "../tensor/tensor.js";
import { checkBool, checkInt, checkNumber, checkOneOf, describe } from "../util/args.js";
import { optionsOf, params, type ParamList, type PosOrOpts } from "./functional/args.js";
import * as F from "./functional/losses.js";
import type { Reduction, ReductionOptions } from "./functional/losses.js";
import { Loss, REDUCTIONS } from "./loss-base.js";
import { Module } from "./module.js";

export type { Reduction, ReductionOptions } from "./functional/losses.js";

const R = "reduction";
const P = {
  MSELoss: params("MSELoss", [null, null, R]),
  L1Loss: params("L1Loss", [null, null, R]),
  SmoothL1Loss: params("SmoothL1Loss", [null, null, R, "beta"]),
  HuberLoss: params("HuberLoss", [R, "delta"]),
  BCELoss: params("BCELoss", ["weight", null, null, R]),
  BCEWithLogitsLoss: params("BCEWithLogitsLoss", ["weight", null, null, R, "posWeight"]),
  NLLLoss: params("NLLLoss", ["weight", null, "ignoreIndex", null, R]),
  CrossEntropyLoss: params("CrossEntropyLoss", ["weight", null, "ignoreIndex", null, R, "labelSmoothing"]),
  KLDivLoss: params("KLDivLoss", [null, null, R, "logTarget"]),
  CosineEmbeddingLoss: params("CosineEmbeddingLoss", ["margin", null, null, R]),
  MarginRankingLoss: params("MarginRankingLoss", ["margin", null, null, R]),
};

/** A Tensor or null/undefined option. */
function tensorOpt(op: string, name: string, v: unknown): Tensor | null {
  if (v === undefined || v === null) return null;
  if (!(v instanceof Tensor)) throw new TypeError(`[${op}] ${name} must be a Tensor or null: got ${describe(v)}`);
  return v;
}

abstract class WeightedLoss extends Loss {
  declare weight: Tensor | null;
  constructor(p: ParamList, args: readonly unknown[]) {
    super(p, args);
    this.registerBuffer("weight", tensorOpt(p.op, "weight", this._o.weight));
  }
}

/** Arguments of `MSELoss`/`L1Loss`: PyTorch's deprecated `sizeAverage, reduce` (null), `reduction`, or options. */
export type ReductionArgs = PosOrOpts<[sizeAverage: null, reduce: null, reduction: Reduction], ReductionOptions>;

/** Mean squared error. @example new nn.MSELoss().call(pred, target) */
export class MSELoss extends Loss {
  constructor(...args: ReductionArgs) {
    super(P.MSELoss, args);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLossImpl(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error. @example new nn.L1Loss().call(pred, target) */
export class L1Loss extends Loss {
  constructor(...args: ReductionArgs) {
    super(P.L1Loss, args);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1LossImpl(input, target, { reduction: this.reduction });
  }
}

/** Smooth L1 (quadratic below `beta`). @example new nn.SmoothL1Loss({ beta: 0.5 }).call(pred, target) */
export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(
    ...args: PosOrOpts<
      [sizeAverage: null, reduce: null, reduction: Reduction, beta: number],
      ReductionOptions & { beta?: number }
    >
  ) {
    super(P.SmoothL1Loss, args);
    this.beta = this._o.beta === undefined ? 1.0 : checkNumber("SmoothL1Loss", "beta", this._o.beta, { min: 0 });
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1LossImpl(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** Huber loss (quadratic below `delta`). @example new nn.HuberLoss({ delta: 2 }).call(pred, target) */
export class HuberLoss extends Loss {
  readonly delta: number;
  constructor(...args: PosOrOpts<[reduction: Reduction, delta: number], ReductionOptions & { delta?: number }>) {
    super(P.HuberLoss, args);
    this.delta =
      this._o.delta === undefined
        ? 1.0
        : checkNumber("HuberLoss", "delta", this._o.delta, { min: 0, minExclusive: true });
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLossImpl(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** Binary cross entropy on probabilities. @example new nn.BCELoss().call(torch.sigmoid(z), y) // fragment */
export class BCELoss extends WeightedLoss {
  constructor(
    ...args: PosOrOpts<[weight: Tensor | null, sizeAverage: null, reduce: null, reduction: Reduction], F.BCEOptions>
  ) {
    super(P.BCELoss, args);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyImpl(input, target, { reduction: this.reduction, weight: this.weight });
  }
}

/** Sigmoid + BCE, numerically stable; `posWeight` scales positive examples. @example new nn.BCEWithLogitsLoss().call(z, y) // fragment */
export class BCEWithLogitsLoss extends Loss {
  declare weight: Tensor | null;
  declare posWeight: Tensor | null;
  constructor(
    ...args: PosOrOpts<
      [weight: Tensor | null, sizeAverage: null, reduce: null, reduction: Reduction, posWeight: Tensor | null],
      F.BCEOptions & { posWeight?: Tensor | null }
    >
  ) {
    super(P.BCEWithLogitsLoss, args);
    this.registerBuffer("weight", tensorOpt("BCEWithLogitsLoss", "weight", this._o.weight));
    this.registerBuffer("pos_weight", tensorOpt("BCEWithLogitsLoss", "posWeight", this._o.posWeight));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    const posWeight = (this as unknown as { pos_weight: Tensor | null }).pos_weight;
    return F.binaryCrossEntropyWithLogitsImpl(input, target, {
      reduction: this.reduction,
      weight: this.weight,
      posWeight,
    });
  }
}

/** Negative log likelihood on log-probabilities. @example new nn.NLLLoss().call(logp, labels) // fragment */
export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  constructor(
    ...args: PosOrOpts<
      [weight: Tensor | null, sizeAverage: null, ignoreIndex: number, reduce: null, reduction: Reduction],
      F.NLLOptions
    >
  ) {
    super(P.NLLLoss, args);
    const ii = this._o.ignoreIndex;
    this.ignoreIndex = ii === undefined ? -100 : checkInt("NLLLoss", "ignoreIndex", ii, -Infinity);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLossImpl(input, target, {
      reduction: this.reduction,
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
    });
  }
}

/**
 * Cross entropy on logits (class indices or probabilities as targets).
 * @example const lossFn = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }); lossFn.call(logits, labels)
 */
export class CrossEntropyLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  constructor(
    ...args: PosOrOpts<
      [
        weight: Tensor | null,
        sizeAverage: null,
        ignoreIndex: number,
        reduce: null,
        reduction: Reduction,
        labelSmoothing: number,
      ],
      F.CrossEntropyOptions
    >
  ) {
    super(P.CrossEntropyLoss, args);
    const { ignoreIndex: ii, labelSmoothing: ls } = this._o;
    this.ignoreIndex = ii === undefined ? -100 : checkInt("CrossEntropyLoss", "ignoreIndex", ii, -Infinity);
    this.labelSmoothing =
      ls === undefined ? 0 : checkNumber("CrossEntropyLoss", "labelSmoothing", ls, { min: 0, max: 1 });
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropyImpl(input, target, {
      reduction: this.reduction,
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      labelSmoothing: this.labelSmoothing,
    });
  }
}

/** KL divergence on log-probability inputs. @example new nn.KLDivLoss({ reduction: "batchmean" }).call(logp, q) // fragment */
export class KLDivLoss extends Module {
  readonly reduction: Reduction | "batchmean";
  readonly logTarget: boolean;
  constructor(
    ...args: PosOrOpts<
      [sizeAverage: null, reduce: null, reduction: Reduction | "batchmean", logTarget: boolean],
      { reduction?: Reduction | "batchmean"; logTarget?: boolean }
    >
  ) {
    super();
    const o = optionsOf<{ reduction?: unknown; logTarget?: unknown }>(P.KLDivLoss, args);
    this.reduction =
      o.reduction === undefined
        ? "mean"
        : checkOneOf("KLDivLoss", "reduction", o.reduction, [...REDUCTIONS, "batchmean"]);
    this.logTarget = o.logTarget === undefined ? false : checkBool("KLDivLoss", "logTarget", o.logTarget);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.klDivImpl(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/** Cosine embedding loss. @example new nn.CosineEmbeddingLoss({ margin: 0.2 }).call(a, b, y) // fragment */
/** Arguments of the margin losses: `margin`, the deprecated `sizeAverage, reduce` (null), `reduction`, or options. */
export type MarginArgs = PosOrOpts<
  [margin: number, sizeAverage: null, reduce: null, reduction: Reduction],
  ReductionOptions & { margin?: number }
>;

export class CosineEmbeddingLoss extends Loss {
  readonly margin: number;
  constructor(...args: MarginArgs) {
    super(P.CosineEmbeddingLoss, args);
    this.margin = this._o.margin === undefined ? 0 : checkNumber("CosineEmbeddingLoss", "margin", this._o.margin);
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosineEmbeddingLossImpl(input1, input2, target, { reduction: this.reduction, margin: this.margin });
  }
}

/** Margin ranking loss. @example new nn.MarginRankingLoss({ margin: 0.5 }).call(s1, s2, y) // fragment */
export class MarginRankingLoss extends Loss {
  readonly margin: number;
  constructor(...args: MarginArgs) {
    super(P.MarginRankingLoss, args);
    this.margin = this._o.margin === undefined ? 0 : checkNumber("MarginRankingLoss", "margin", this._o.margin);
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.marginRankingLossImpl(input1, input2, target, { reduction: this.reduction, margin: this.margin });
  }
}
