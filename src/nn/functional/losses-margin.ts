/**
 * More margin losses of `F`: multilabelMarginLoss (the multi-class multi-label hinge) and
 * tripletMarginWithDistanceLoss (the triplet loss over any distance function), as composites.
 */
import { checkValuesInRange } from "../../ops/check-values.js";
import { where } from "../../ops/composite.js";
import { tensor } from "../../tensor/creation.js";
import { arange } from "../../tensor/factories.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkFunction, checkNumber, describe } from "../../util/args.js";
import { checkTensorArg, optionsOf, params, shapeStr, type PosOrOpts } from "./args.js";
import { pairwiseDistance } from "./distance.js";
import type { Reduction, ReductionOptions } from "./losses.js";

function reductionOf(op: string, r: unknown): Reduction {
  if (r === undefined) return "mean";
  if (r !== "none" && r !== "mean" && r !== "sum")
    throw new RangeError(`[${op}] ${describe(r)} is not a valid value for reduction: expected "none", "mean" or "sum"`);
  return r;
}

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === "mean" ? loss.mean() : reduction === "sum" ? loss.sum() : loss;
}

const P_MULTILABEL = params("multilabelMarginLoss", [null, null, "reduction"]);
const P_TRIPLET_DIST = params("tripletMarginWithDistanceLoss", [], {
  kwOnly: ["distanceFunction", "margin", "swap", "reduction"],
});

/**
 * Multi-class multi-label hinge loss (`F.multilabel_margin_loss`): `target` (int64, the input's
 * shape) lists each sample's classes, ended by the first −1; the loss of a sample is
 * Σ_{j target} Σ_{i not target} max(0, 1 − (x[j] − x[i])) / C.
 * @example F.multilabelMarginLoss(torch.tensor([[0.1, 0.2, 0.4, 0.8]]), torch.tensor([[3, 0, -1, 1]])) // tensor(0.8500)
 */
export function multilabelMarginLoss(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<[sizeAverage: null, reduce: null, reduction: Reduction], ReductionOptions>
): Tensor;
export function multilabelMarginLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const op = "multilabelMarginLoss";
  const opts = optionsOf<ReductionOptions>(P_MULTILABEL, args, 2);
  const r = reductionOf(op, opts.reduction);
  checkTensorArg(op, input);
  checkTensorArg(op, target, "target");
  if (!isFloatingPoint(input.dtype)) throw new TypeError(`[${op}] expected a floating point input: got ${input.dtype}`);
  if (target.dtype !== "int64") throw new TypeError(`[${op}] expected an int64 target: got ${target.dtype}`);
  if (input.dim() > 2) throw new RangeError(`[${op}] expected a 0-D, 1-D or 2-D input: got ${input.dim()}-D`);
  if (target.shape.join() !== input.shape.join()) {
    throw new RangeError(
      `[${op}] inconsistent target size: got ${shapeStr(target.shape)} for input of size ${shapeStr(input.shape)}`,
    );
  }
  const x = input.dim() === 2 ? input : input.reshape([1, -1]);
  const [n, c] = x.shape as [number, number];
  if (x.storage.device !== "cpu") return reduce(multilabelOnDevice(op, x, target.reshape([n, c]), input.dim()), r);
  // Which slots j hold a target (before the first −1), and which classes i are targets.
  const rows = target.reshape([n, c]).tolist() as number[][];
  const slot = new Array<boolean>(n * c).fill(false);
  const isTarget = new Array<boolean>(n * c).fill(false);
  rows.forEach((row, s) => {
    for (let j = 0; j < c; j++) {
      const k = row[j]!;
      if (k === -1) break;
      if (k < -1 || k >= c) throw new RangeError(`[${op}] target ${k} is out of range for ${c} classes`);
      slot[s * c + j] = true;
      isTarget[s * c + k] = true;
    }
  });
  const slotMask = tensor(slot).reshape([n, c, 1]);
  const otherMask = tensor(isTarget).reshape([n, 1, c]).logicalNot();
  const xj = x.gather(1, target.reshape([n, c]).clampMin(0)); // x at each target slot [n, c]
  const hinge = x.unsqueeze(1).sub(xj.unsqueeze(2)).add(1).clampMin(0); // [n, j, i]
  let loss = where(slotMask.logicalAnd(otherMask), hinge, 0).sum([1, 2]).div(c);
  if (input.dim() < 2) loss = loss.reshape([]);
  return reduce(loss, r);
}

/**
 * The per-sample multilabel margin loss with the masks made by device ops (no read-back): the
 * slots before each row's first −1 hold targets; a target outside [0, C) there is caught by a
 * device check and raises at the next read-back.
 */
function multilabelOnDevice(op: string, x: Tensor, t: Tensor, dim: number): Tensor {
  const c = x.shape[1]!;
  const beforeEnd = t.eq(-1).to("int32").cumsum(1).eq(0); // [n, j]: slots before the first −1
  checkValuesInRange(op, where(beforeEnd, t, 0), -1, c, (k) => `[${op}] target ${k} is out of range for ${c} classes`);
  const inRange = t.ge(0).logicalAnd(t.lt(c));
  const slot = beforeEnd.logicalAnd(inRange);
  const classes = arange(c, { device: x.storage.device });
  const isTarget = t.unsqueeze(2).eq(classes).logicalAnd(slot.unsqueeze(2)).any(1); // [n, i]
  const xj = x.gather(1, t.clamp(0, c - 1));
  const hinge = x.unsqueeze(1).sub(xj.unsqueeze(2)).add(1).clampMin(0); // [n, j, i]
  const mask = slot.unsqueeze(2).logicalAnd(isTarget.logicalNot().unsqueeze(1));
  const loss = where(mask, hinge, 0).sum([1, 2]).div(c);
  return dim < 2 ? loss.reshape([]) : loss;
}

/** A distance: a function, or a module (`nn.PairwiseDistance`, …) called through its `call`. */
export type DistanceFunction = ((x1: Tensor, x2: Tensor) => Tensor) | { call(x1: Tensor, x2: Tensor): unknown };

/** The distance to use: the given function or module, else the pairwise 2-norm distance. */
function distanceOf(op: string, d: unknown): (a: Tensor, b: Tensor) => unknown {
  if (d === undefined || d === null) return (a, b) => pairwiseDistance(a, b);
  if (typeof d === "function") return d as (a: Tensor, b: Tensor) => unknown;
  if (typeof d === "object" && typeof (d as { call?: unknown }).call === "function")
    return (a, b) => (d as { call(x: Tensor, y: Tensor): unknown }).call(a, b);
  checkFunction(op, "distanceFunction", d);
  return () => null; // unreachable: checkFunction threw
}

/** Options of {@link tripletMarginWithDistanceLoss} (PyTorch's keyword-only arguments). */
export interface TripletDistanceOptions extends ReductionOptions {
  /** d(x1, x2) → a tensor of distances (a function or a module); default {@link pairwiseDistance}. */
  distanceFunction?: DistanceFunction | null;
  margin?: number;
  swap?: boolean;
}

/**
 * max(d(a, p) − d(a, n) + margin, 0) for any distance `d` (`F.triplet_margin_with_distance_loss`;
 * default d = pairwise 2-norm distance, margin 1; `distanceFunction` may also be a module such
 * as `nn.CosineSimilarity`); `swap` uses min(d(a, n), d(p, n)).
 * @example F.tripletMarginWithDistanceLoss(a, p, n, { distanceFunction: (x, y) => F.pairwiseDistance(x, y, 1), margin: 0.5 }) // fragment
 */
export function tripletMarginWithDistanceLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  opts?: TripletDistanceOptions,
): Tensor;
export function tripletMarginWithDistanceLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  ...args: unknown[]
): Tensor {
  const op = "tripletMarginWithDistanceLoss";
  const o = optionsOf<TripletDistanceOptions>(P_TRIPLET_DIST, args, 3);
  const r = reductionOf(op, o.reduction);
  checkTensorArg(op, anchor, "anchor");
  checkTensorArg(op, positive, "positive");
  checkTensorArg(op, negative, "negative");
  const dist = distanceOf(op, o.distanceFunction);
  const margin = o.margin === undefined ? 1 : checkNumber(op, "margin", o.margin);
  const swap = o.swap === undefined ? false : checkBool(op, "swap", o.swap);
  const d = (a: Tensor, b: Tensor): Tensor => {
    const v = dist(a, b);
    if (!(v instanceof Tensor))
      throw new TypeError(`[${op}] distanceFunction must return a Tensor: got ${describe(v)}`);
    return v;
  };
  const dPos = d(anchor, positive);
  let dNeg = d(anchor, negative);
  if (swap) dNeg = dNeg.minimum(d(positive, negative));
  return reduce(dPos.sub(dNeg).add(margin).clampMin(0), r);
}
