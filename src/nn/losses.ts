/**
 * Loss modules: `nn.MSELoss`, `nn.CrossEntropyLoss`, … Each wraps its `F` form; class weights
 * are registered as buffers (as PyTorch's `_WeightedLoss`), so they follow `to()` and `stateDict()`.
 */
import type { Tensor } from "../tensor/tensor.js";
import * as F from "./functional/losses.js";
import type { Reduction, ReductionOptions } from "./functional/losses.js";
import { Module } from "./module.js";

export type { Reduction, ReductionOptions } from "./functional/losses.js";

abstract class Loss extends Module {
  readonly reduction: Reduction;
  constructor(opts: ReductionOptions = {}) {
    super();
    this.reduction = opts.reduction ?? "mean";
    if (!["none", "mean", "sum"].includes(this.reduction)) {
      throw new RangeError(
        `[${new.target.name}] ${JSON.stringify(this.reduction)} is not a valid value for reduction: expected "none", "mean" or "sum"`,
      );
    }
  }
}

abstract class WeightedLoss extends Loss {
  declare weight: Tensor | null;
  constructor(opts: ReductionOptions & { weight?: Tensor | null } = {}) {
    super(opts);
    this.registerBuffer("weight", opts.weight ?? null);
  }
}

/** Mean squared error. @example new nn.MSELoss().call(pred, target) */
export class MSELoss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error. @example new nn.L1Loss().call(pred, target) */
export class L1Loss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}

/** Smooth L1 (quadratic below `beta`). @example new nn.SmoothL1Loss({ beta: 0.5 }).call(pred, target) */
export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(opts: ReductionOptions & { beta?: number } = {}) {
    super(opts);
    this.beta = opts.beta ?? 1.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** Huber loss (quadratic below `delta`). @example new nn.HuberLoss({ delta: 2 }).call(pred, target) */
export class HuberLoss extends Loss {
  readonly delta: number;
  constructor(opts: ReductionOptions & { delta?: number } = {}) {
    super(opts);
    this.delta = opts.delta ?? 1.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** Binary cross entropy on probabilities. @example new nn.BCELoss().call(torch.sigmoid(z), y) // fragment */
export class BCELoss extends WeightedLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { reduction: this.reduction, weight: this.weight });
  }
}

/** Sigmoid + BCE, numerically stable; `posWeight` scales positive examples. @example new nn.BCEWithLogitsLoss().call(z, y) // fragment */
export class BCEWithLogitsLoss extends Loss {
  declare weight: Tensor | null;
  declare posWeight: Tensor | null;
  constructor(opts: ReductionOptions & { weight?: Tensor | null; posWeight?: Tensor | null } = {}) {
    super(opts);
    this.registerBuffer("weight", opts.weight ?? null);
    this.registerBuffer("pos_weight", opts.posWeight ?? null);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    const posWeight = (this as unknown as { pos_weight: Tensor | null }).pos_weight;
    return F.binaryCrossEntropyWithLogits(input, target, { reduction: this.reduction, weight: this.weight, posWeight });
  }
}

/** Negative log likelihood on log-probabilities. @example new nn.NLLLoss().call(logp, labels) // fragment */
export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  constructor(opts: F.NLLOptions = {}) {
    super(opts);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { reduction: this.reduction, weight: this.weight, ignoreIndex: this.ignoreIndex });
  }
}

/**
 * Cross entropy on logits (class indices or probabilities as targets).
 * @example const lossFn = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }); lossFn.call(logits, labels)
 */
export class CrossEntropyLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  constructor(opts: F.CrossEntropyOptions = {}) {
    super(opts);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
    this.labelSmoothing = opts.labelSmoothing ?? 0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, {
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
  constructor(opts: { reduction?: Reduction | "batchmean"; logTarget?: boolean } = {}) {
    super();
    this.reduction = opts.reduction ?? "mean";
    this.logTarget = opts.logTarget ?? false;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/** Cosine embedding loss. @example new nn.CosineEmbeddingLoss({ margin: 0.2 }).call(a, b, y) // fragment */
export class CosineEmbeddingLoss extends Loss {
  readonly margin: number;
  constructor(opts: ReductionOptions & { margin?: number } = {}) {
    super(opts);
    this.margin = opts.margin ?? 0;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosineEmbeddingLoss(input1, input2, target, { reduction: this.reduction, margin: this.margin });
  }
}

/** Margin ranking loss. @example new nn.MarginRankingLoss({ margin: 0.5 }).call(s1, s2, y) // fragment */
export class MarginRankingLoss extends Loss {
  readonly margin: number;
  constructor(opts: ReductionOptions & { margin?: number } = {}) {
    super(opts);
    this.margin = opts.margin ?? 0;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.marginRankingLoss(input1, input2, target, { reduction: this.reduction, margin: this.margin });
  }
}
