/**
 * Loss modules over the `F` losses of functional/losses-extra.ts: `SoftMarginLoss`,
 * `MultiLabelSoftMarginLoss`, `HingeEmbeddingLoss`, `TripletMarginLoss`, `PoissonNLLLoss`,
 * `GaussianNLLLoss`, `MultiMarginLoss`. Class weights are buffers (as PyTorch's `_WeightedLoss`).
 */
import { Tensor } from "../tensor/tensor.js";
import { checkBool, checkNumber, describe } from "../util/args.js";
import { params, type PosOrOpts } from "./functional/args.js";
import * as F from "./functional/losses-extra.js";
import type { Reduction, ReductionOptions } from "./functional/losses.js";
import { Loss } from "./loss-base.js";

const R = "reduction";
const P = {
  SoftMarginLoss: params("SoftMarginLoss", [null, null, R]),
  MultiLabelSoftMarginLoss: params("MultiLabelSoftMarginLoss", ["weight", null, null, R]),
  HingeEmbeddingLoss: params("HingeEmbeddingLoss", ["margin", null, null, R]),
  TripletMarginLoss: params("TripletMarginLoss", ["margin", "p", "eps", "swap", null, null, R]),
  PoissonNLLLoss: params("PoissonNLLLoss", ["logInput", "full", null, "eps", null, R]),
  GaussianNLLLoss: params("GaussianNLLLoss", [], { kwOnly: ["full", "eps", R] }),
  MultiMarginLoss: params("MultiMarginLoss", ["p", "margin", "weight", null, null, R]),
};

type RedArgs = PosOrOpts<[sizeAverage: null, reduce: null, reduction: Reduction], ReductionOptions>;

/** log(1 + exp(−y·x)). @example new nn.SoftMarginLoss().call(x, y) // fragment */
export class SoftMarginLoss extends Loss {
  constructor(...args: RedArgs) {
    super(P.SoftMarginLoss, args);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.softMarginLoss(input, target, { reduction: this.reduction });
  }
}

/** One-versus-all multi-label loss. @example new nn.MultiLabelSoftMarginLoss().call(logits, y01) // fragment */
export class MultiLabelSoftMarginLoss extends Loss {
  declare weight: Tensor | null;
  constructor(
    ...args: PosOrOpts<
      [weight: Tensor | null, sizeAverage: null, reduce: null, reduction: Reduction],
      ReductionOptions & { weight?: Tensor | null }
    >
  ) {
    super(P.MultiLabelSoftMarginLoss, args);
    this._weight("MultiLabelSoftMarginLoss");
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabelSoftMarginLoss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** x for y = 1, max(0, margin − x) for y = −1. @example new nn.HingeEmbeddingLoss({ margin: 2 }).call(d, y) // fragment */
export class HingeEmbeddingLoss extends Loss {
  readonly margin: number;
  constructor(
    ...args: PosOrOpts<
      [margin: number, sizeAverage: null, reduce: null, reduction: Reduction],
      ReductionOptions & { margin?: number }
    >
  ) {
    super(P.HingeEmbeddingLoss, args);
    this.margin = this._o.margin === undefined ? 1 : checkNumber("HingeEmbeddingLoss", "margin", this._o.margin);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.hingeEmbeddingLoss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** max(d(a, p) − d(a, n) + margin, 0). @example new nn.TripletMarginLoss({ margin: 0.5 }).call(a, p, n) // fragment */
export class TripletMarginLoss extends Loss {
  readonly margin: number;
  readonly p: number;
  readonly eps: number;
  readonly swap: boolean;
  constructor(
    ...args: PosOrOpts<
      [margin: number, p: number, eps: number, swap: boolean, sizeAverage: null, reduce: null, reduction: Reduction],
      F.TripletMarginOptions
    >
  ) {
    super(P.TripletMarginLoss, args);
    const op = "TripletMarginLoss";
    this.margin = this._o.margin === undefined ? 1 : checkNumber(op, "margin", this._o.margin);
    this.p = this._o.p === undefined ? 2 : checkNumber(op, "p", this._o.p);
    this.eps = this._o.eps === undefined ? 1e-6 : checkNumber(op, "eps", this._o.eps);
    this.swap = this._o.swap === undefined ? false : checkBool(op, "swap", this._o.swap);
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.tripletMarginLoss(anchor, positive, negative, {
      margin: this.margin,
      p: this.p,
      eps: this.eps,
      swap: this.swap,
      reduction: this.reduction,
    });
  }
}

/** Poisson negative log likelihood. @example new nn.PoissonNLLLoss().call(logRate, counts) // fragment */
export class PoissonNLLLoss extends Loss {
  readonly logInput: boolean;
  readonly full: boolean;
  readonly eps: number;
  constructor(
    ...args: PosOrOpts<
      [logInput: boolean, full: boolean, sizeAverage: null, eps: number, reduce: null, reduction: Reduction],
      F.PoissonNllOptions
    >
  ) {
    super(P.PoissonNLLLoss, args);
    const op = "PoissonNLLLoss";
    this.logInput = this._o.logInput === undefined ? true : checkBool(op, "logInput", this._o.logInput);
    this.full = this._o.full === undefined ? false : checkBool(op, "full", this._o.full);
    this.eps = this._o.eps === undefined ? 1e-8 : checkNumber(op, "eps", this._o.eps);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.poissonNllLoss(input, target, {
      logInput: this.logInput,
      full: this.full,
      eps: this.eps,
      reduction: this.reduction,
    });
  }
}

/** Gaussian negative log likelihood (keyword-only options, as PyTorch). @example new nn.GaussianNLLLoss().call(mu, y, variance) // fragment */
export class GaussianNLLLoss extends Loss {
  readonly full: boolean;
  readonly eps: number;
  constructor(...args: [] | [opts: F.GaussianNllOptions]) {
    super(P.GaussianNLLLoss, args);
    this.full = this._o.full === undefined ? false : checkBool("GaussianNLLLoss", "full", this._o.full);
    this.eps = this._o.eps === undefined ? 1e-6 : checkNumber("GaussianNLLLoss", "eps", this._o.eps);
  }
  override forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return F.gaussianNllLoss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** Multi-class hinge loss. @example new nn.MultiMarginLoss().call(scores, labels) // fragment */
export class MultiMarginLoss extends Loss {
  declare weight: Tensor | null;
  readonly p: 1 | 2;
  readonly margin: number;
  constructor(
    ...args: PosOrOpts<
      [p: 1 | 2, margin: number, weight: Tensor | null, sizeAverage: null, reduce: null, reduction: Reduction],
      F.MultiMarginOptions
    >
  ) {
    super(P.MultiMarginLoss, args);
    const p = this._o.p;
    if (p !== undefined && p !== 1 && p !== 2) {
      throw new RangeError(`[MultiMarginLoss] only p == 1 and p == 2 supported: got ${describe(p)}`);
    }
    this.p = (p ?? 1) as 1 | 2;
    this.margin = this._o.margin === undefined ? 1 : checkNumber("MultiMarginLoss", "margin", this._o.margin);
    this._weight("MultiMarginLoss");
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multiMarginLoss(input, target, {
      p: this.p,
      margin: this.margin,
      weight: this.weight,
      reduction: this.reduction,
    });
  }
}
