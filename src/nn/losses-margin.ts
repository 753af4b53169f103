/**
 * Loss modules over the functionals of `functional/losses-margin.ts`: `MultiLabelMarginLoss`
 * and `TripletMarginWithDistanceLoss`.
 */
import type { Tensor } from "../tensor/tensor.js";
import { checkBool, checkFunction, checkNumber } from "../util/args.js";
import { params, type PosOrOpts } from "./functional/args.js";
import * as F from "./functional/losses-margin.js";
import type { Reduction, ReductionOptions } from "./functional/losses.js";
import { PairwiseDistance } from "./layers/distance.js";
import { Loss } from "./loss-base.js";
import { Module } from "./module.js";

const P_MULTILABEL = params("MultiLabelMarginLoss", [null, null, "reduction"]);
const P_TRIPLET_DIST = params("TripletMarginWithDistanceLoss", [], {
  kwOnly: ["distanceFunction", "margin", "swap", "reduction"],
});

/**
 * Multi-class multi-label hinge loss (see {@link F.multilabelMarginLoss}).
 * @example new nn.MultiLabelMarginLoss().call(torch.tensor([[0.1, 0.2, 0.4, 0.8]]), torch.tensor([[3, 0, -1, 1]])) // tensor(0.8500)
 */
export class MultiLabelMarginLoss extends Loss {
  constructor(...args: PosOrOpts<[sizeAverage: null, reduce: null, reduction: Reduction], ReductionOptions>) {
    super(P_MULTILABEL, args);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabelMarginLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Triplet loss max(d(a, p) − d(a, n) + margin, 0) over any distance function (see
 * {@link F.tripletMarginWithDistanceLoss}); the options are keyword-only, as PyTorch's.
 * @example new nn.TripletMarginWithDistanceLoss({ distanceFunction: (x, y) => F.pairwiseDistance(x, y, 1) }).call(a, p, n) // fragment
 */
export class TripletMarginWithDistanceLoss extends Loss {
  // Private: a module here is registered once, as `distance_function` (PyTorch's name).
  readonly #distance: F.DistanceFunction;
  readonly margin: number;
  readonly swap: boolean;
  constructor(opts?: F.TripletDistanceOptions);
  constructor(...args: unknown[]) {
    super(P_TRIPLET_DIST, args);
    const op = "TripletMarginWithDistanceLoss";
    const fn = this._o.distanceFunction ?? new PairwiseDistance();
    if (fn instanceof Module) this.registerModule("distance_function", fn);
    else checkFunction(op, "distanceFunction", fn);
    this.#distance = fn as F.DistanceFunction;
    this.margin = this._o.margin === undefined ? 1 : checkNumber(op, "margin", this._o.margin);
    this.swap = this._o.swap === undefined ? false : checkBool(op, "swap", this._o.swap);
  }
  /** The distance; a module (the default `PairwiseDistance()` included) is a submodule, as PyTorch's. */
  get distanceFunction(): F.DistanceFunction {
    return this.#distance;
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.tripletMarginWithDistanceLoss(anchor, positive, negative, {
      distanceFunction: this.#distance,
      margin: this.margin,
      swap: this.swap,
      reduction: this.reduction,
    });
  }
}
