/**
 * More losses of `F`, composed from tensor ops with PyTorch 1.13's formulas: softMarginLoss,
 * multilabelSoftMarginLoss, hingeEmbeddingLoss, tripletMarginLoss, poissonNllLoss,
 * gaussianNllLoss, multiMarginLoss.
 */
import { where } from "../../ops/composite.js";
import { arange } from "../../tensor/factories.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber } from "../../util/args.js";
import { logsigmoid } from "./activation.js";
import { optionsOf, params, shapeStr, type PosOrOpts } from "./args.js";
import { pairwiseDistance } from "./distance.js";
import type { Reduction, ReductionOptions } from "./losses.js";

function check(op: string, x: unknown, what: string): asserts x is Tensor {
  if (!(x instanceof Tensor))
    throw new TypeError(`[${op}] expected a Tensor as ${what}: got ${x === null ? "null" : typeof x}`);
}

function checkFloat(op: string, x: Tensor, what = "input"): void {
  if (!isFloatingPoint(x.dtype)) throw new TypeError(`[${op}] expected a floating point ${what}: got ${x.dtype}`);
}

function reductionOf(op: string, opts: ReductionOptions | undefined): Reduction {
  const r = opts?.reduction ?? "mean";
  if (r !== "none" && r !== "mean" && r !== "sum")
    throw new RangeError(
      `[${op}] ${JSON.stringify(r)} is not a valid value for reduction: expected "none", "mean" or "sum"`,
    );
  return r;
}

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === "mean" ? loss.mean() : reduction === "sum" ? loss.sum() : loss;
}

function sameShape(op: string, input: Tensor, target: Tensor): void {
  if (input.shape.join() !== target.shape.join()) {
    throw new RangeError(
      `[${op}] target shape ${shapeStr(target.shape)} must match input shape ${shapeStr(input.shape)}`,
    );
  }
}

/** The value `s` floored at `lo` in the forward pass, with the gradient of `s` (PyTorch clamps under no_grad). */
function flooredNoGrad(s: Tensor, lo: number): Tensor {
  return s.add(s.clampMin(lo).sub(s).detach());
}

type RedArgs = PosOrOpts<[sizeAverage: null, reduce: null, reduction: Reduction], ReductionOptions>;

const P_SOFT_MARGIN = params("softMarginLoss", [null, null, "reduction"]);
const P_MULTILABEL_SOFT_MARGIN = params("multilabelSoftMarginLoss", ["weight", null, null, "reduction"]);
const P_HINGE = params("hingeEmbeddingLoss", ["margin", null, null, "reduction"]);
const P_TRIPLET = params("tripletMarginLoss", ["margin", "p", "eps", "swap", null, null, "reduction"]);
const P_POISSON = params("poissonNllLoss", ["logInput", "full", null, "eps", null, "reduction"]);
const P_GAUSSIAN = params("gaussianNllLoss", ["full", "eps", "reduction"]);
const P_MULTI_MARGIN = params("multiMarginLoss", ["p", "margin", "weight", null, null, "reduction"]);

/**
 * Two-class logistic loss log(1 + exp(−y·x)) with y ∈ {−1, 1} (`F.soft_margin_loss`).
 * @example F.softMarginLoss(torch.tensor([0.5, -1]), torch.tensor([1, -1])) // fragment
 */
export function softMarginLoss(input: Tensor, target: Tensor, ...args: RedArgs): Tensor;
export function softMarginLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const opts = optionsOf<ReductionOptions>(P_SOFT_MARGIN, args, 2);
  const r = reductionOf("softMarginLoss", opts);
  check("softMarginLoss", input, "input");
  check("softMarginLoss", target, "target");
  checkFloat("softMarginLoss", input);
  sameShape("softMarginLoss", input, target);
  return reduce(input.neg().mul(target).exp().log1p(), r);
}

/** Options of {@link multilabelSoftMarginLoss}. */
export interface MultilabelSoftMarginOptions extends ReductionOptions {
  weight?: Tensor | null;
}

/**
 * Multi-label one-versus-all loss: −mean over classes of y·log σ(x) + (1 − y)·log σ(−x), with an
 * optional per-class `weight` (`F.multilabel_soft_margin_loss`).
 * @example F.multilabelSoftMarginLoss(logits, targets01) // fragment
 */
export function multilabelSoftMarginLoss(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<
    [weight: Tensor | null, sizeAverage: null, reduce: null, reduction: Reduction],
    MultilabelSoftMarginOptions
  >
): Tensor;
export function multilabelSoftMarginLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const opts = optionsOf<MultilabelSoftMarginOptions>(P_MULTILABEL_SOFT_MARGIN, args, 2);
  const op = "multilabelSoftMarginLoss";
  const r = reductionOf(op, opts);
  check(op, input, "input");
  check(op, target, "target");
  checkFloat(op, input);
  sameShape(op, input, target);
  const y = target.to(input.dtype);
  let loss = y
    .mul(logsigmoid(input))
    .add(y.neg().add(1).mul(logsigmoid(input.neg())))
    .neg();
  if (opts.weight !== undefined && opts.weight !== null) {
    check(op, opts.weight, "weight");
    loss = loss.mul(opts.weight);
  }
  const cd = input.dim() - 1;
  const c = input.dim() === 0 ? 1 : input.shape[cd]!;
  loss = input.dim() === 0 ? loss : loss.sum(cd).div(c);
  return reduce(loss, r);
}

/**
 * x where y = 1, max(0, margin − x) where y = −1 (`F.hinge_embedding_loss`; margin 1).
 * @example F.hingeEmbeddingLoss(distances, torch.tensor([1, -1, 1])) // fragment
 */
export function hingeEmbeddingLoss(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<
    [margin: number, sizeAverage: null, reduce: null, reduction: Reduction],
    ReductionOptions & { margin?: number }
  >
): Tensor;
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const op = "hingeEmbeddingLoss";
  const opts = optionsOf<ReductionOptions & { margin?: number }>(P_HINGE, args, 2);
  const r = reductionOf(op, opts);
  check(op, input, "input");
  check(op, target, "target");
  checkFloat(op, input);
  const margin = opts.margin === undefined ? 1 : checkNumber(op, "margin", opts.margin);
  const marginClamp = input.neg().add(margin).clampMin(0);
  const outMargin = where(target.ne(1), marginClamp, 0);
  const outSelf = where(target.ne(-1), input, 0);
  return reduce(outMargin.add(outSelf), r);
}

/** Options of {@link tripletMarginLoss}. */
export interface TripletMarginOptions extends ReductionOptions {
  margin?: number;
  p?: number;
  eps?: number;
  swap?: boolean;
}

/**
 * max(d(a, p) − d(a, n) + margin, 0) with d the pairwise p-norm distance; `swap` uses
 * min(d(a, n), d(p, n)) (`F.triplet_margin_loss`; margin 1, p 2, eps 1e-6).
 * @example F.tripletMarginLoss(anchor, positive, negative, { margin: 0.5 }) // fragment
 */
export function tripletMarginLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  ...args: PosOrOpts<
    [margin: number, p: number, eps: number, swap: boolean, sizeAverage: null, reduce: null, reduction: Reduction],
    TripletMarginOptions
  >
): Tensor;
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, ...args: unknown[]): Tensor {
  const op = "tripletMarginLoss";
  const opts = optionsOf<TripletMarginOptions>(P_TRIPLET, args, 3);
  const r = reductionOf(op, opts);
  check(op, anchor, "anchor");
  check(op, positive, "positive");
  check(op, negative, "negative");
  const [a, p, n] = [anchor.dim(), positive.dim(), negative.dim()];
  if (a !== p || a !== n) {
    throw new RangeError(
      `[${op}] the anchor, positive, and negative tensors are expected to have the same number of dimensions: got ${a}, ${p}, ${n}`,
    );
  }
  if (a !== 1 && a !== 2) {
    throw new RangeError(`[${op}] expected 1-D (unbatched) or 2-D (batched) inputs: got ${a}-D`);
  }
  const margin = opts.margin === undefined ? 1 : checkNumber(op, "margin", opts.margin);
  const order = opts.p === undefined ? 2 : checkNumber(op, "p", opts.p);
  const eps = opts.eps === undefined ? 1e-6 : checkNumber(op, "eps", opts.eps);
  const swap = opts.swap === undefined ? false : checkBool(op, "swap", opts.swap);
  const dPos = pairwiseDistance(anchor, positive, order, eps);
  let dNeg = pairwiseDistance(anchor, negative, order, eps);
  if (swap) {
    const dSwap = pairwiseDistance(positive, negative, order, eps);
    dNeg = dNeg.minimum(dSwap);
  }
  return reduce(dPos.sub(dNeg).add(margin).clampMin(0), r);
}

/** Options of {@link poissonNllLoss}. */
export interface PoissonNllOptions extends ReductionOptions {
  logInput?: boolean;
  full?: boolean;
  eps?: number;
}

/**
 * Poisson negative log likelihood: exp(x) − y·x (`logInput`, default) or x − y·log(x + eps);
 * `full` adds Stirling's term for y > 1 (`F.poisson_nll_loss`).
 * @example F.poissonNllLoss(logRates, counts) // fragment
 */
export function poissonNllLoss(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<
    [logInput: boolean, full: boolean, sizeAverage: null, eps: number, reduce: null, reduction: Reduction],
    PoissonNllOptions
  >
): Tensor;
export function poissonNllLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const op = "poissonNllLoss";
  const opts = optionsOf<PoissonNllOptions>(P_POISSON, args, 2);
  const r = reductionOf(op, opts);
  check(op, input, "input");
  check(op, target, "target");
  checkFloat(op, input);
  const logInput = opts.logInput === undefined ? true : checkBool(op, "logInput", opts.logInput);
  const full = opts.full === undefined ? false : checkBool(op, "full", opts.full);
  const eps = opts.eps === undefined ? 1e-8 : checkNumber(op, "eps", opts.eps);
  let loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
  if (full) {
    // As PyTorch: the term is computed everywhere and masked, so its gradient w.r.t. a target of 0 is NaN.
    const y = target.to(input.dtype);
    const stirling = y
      .mul(y.log())
      .sub(y)
      .add(
        y
          .mul(2 * Math.PI)
          .log()
          .mul(0.5),
      );
    loss = loss.add(where(y.gt(1), stirling, 0));
  }
  return reduce(loss, r);
}

/** Options of {@link gaussianNllLoss}. */
export interface GaussianNllOptions extends ReductionOptions {
  full?: boolean;
  eps?: number;
}

/**
 * Gaussian negative log likelihood ½(log var + (x − y)²/var) (+ ½log 2π with `full`), var
 * floored at eps in the forward pass; var may omit the last dim or have size 1 there
 * (`F.gaussian_nll_loss`).
 * @example F.gaussianNllLoss(mean, target, variance) // fragment
 */
export function gaussianNllLoss(
  input: Tensor,
  target: Tensor,
  variance: Tensor,
  ...args: PosOrOpts<[full: boolean, eps: number, reduction: Reduction], GaussianNllOptions>
): Tensor;
export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor, ...args: unknown[]): Tensor {
  const op = "gaussianNllLoss";
  const opts = optionsOf<GaussianNllOptions>(P_GAUSSIAN, args, 3);
  const r = reductionOf(op, opts);
  check(op, input, "input");
  check(op, target, "target");
  check(op, variance, "var");
  checkFloat(op, input);
  const full = opts.full === undefined ? false : checkBool(op, "full", opts.full);
  const eps = opts.eps === undefined ? 1e-6 : checkNumber(op, "eps", opts.eps);
  let v = variance;
  const is = input.shape;
  const vs = v.shape;
  if (is.join() !== vs.join()) {
    if (is.slice(0, -1).join() === vs.join() && is.length === vs.length + 1) v = v.unsqueeze(-1);
    else if (!(
      is.length === vs.length &&
      is.slice(0, -1).join() === vs.slice(0, -1).join() &&
      vs[vs.length - 1] === 1
    )) {
      throw new RangeError(`[${op}] var is of incorrect size: got ${shapeStr(vs)} for input ${shapeStr(is)}`);
    }
  }
  if ((v.lt(0).any().item() as boolean) === true) throw new RangeError(`[${op}] var has negative entry/entries`);
  v = flooredNoGrad(v, eps);
  let loss = v.log().add(input.sub(target).square().div(v)).mul(0.5);
  if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduce(loss, r);
}

/** Options of {@link multiMarginLoss}. */
export interface MultiMarginOptions extends ReductionOptions {
  p?: 1 | 2;
  margin?: number;
  weight?: Tensor | null;
}

/**
 * Multi-class hinge loss: Σ_{i≠y} max(0, margin − x[y] + x[i])^p / C, each term scaled by
 * weight[y] (`F.multi_margin_loss`; p 1, margin 1).
 * @example F.multiMarginLoss(scores, torch.tensor([3, 0])) // fragment
 */
export function multiMarginLoss(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<
    [p: 1 | 2, margin: number, weight: Tensor | null, sizeAverage: null, reduce: null, reduction: Reduction],
    MultiMarginOptions
  >
): Tensor;
export function multiMarginLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const op = "multiMarginLoss";
  const opts = optionsOf<MultiMarginOptions>(P_MULTI_MARGIN, args, 2);
  const r = reductionOf(op, opts);
  check(op, input, "input");
  check(op, target, "target");
  checkFloat(op, input);
  const p = opts.p === undefined ? 1 : checkInt(op, "p", opts.p, 1);
  if (p !== 1 && p !== 2) throw new RangeError(`[${op}] only p == 1 and p == 2 supported: got ${p}`);
  const margin = opts.margin === undefined ? 1 : checkNumber(op, "margin", opts.margin);
  if (input.dim() > 2) throw new RangeError(`[${op}] expected a 0-D, 1-D or 2-D input: got ${input.dim()}-D`);
  const x = input.dim() === 2 ? input : input.reshape([1, -1]);
  const [n, c] = x.shape as [number, number];
  if (target.dtype !== "int64") throw new TypeError(`[${op}] expected an int64 target: got ${target.dtype}`);
  if (target.numel() !== n || target.dim() > 1) {
    throw new RangeError(
      `[${op}] inconsistent target size: got ${shapeStr(target.shape)} for input of size ${shapeStr(input.shape)}`,
    );
  }
  const t = target.reshape([n, 1]);
  const tv = t.flatten().tolist() as number[];
  for (const k of tv) {
    if (k < 0 || k >= c) throw new RangeError(`[${op}] target ${k} is out of bounds for ${c} classes`);
  }
  const xy = x.gather(1, t);
  let z = x.sub(xy).add(margin).clampMin(0);
  if (p === 2) z = z.mul(z);
  if (opts.weight !== undefined && opts.weight !== null) {
    check(op, opts.weight, "weight");
    z = z.mul(opts.weight.indexSelect(0, t.flatten()).unsqueeze(1));
  }
  const own = arange(c).view([1, c]).eq(t);
  z = where(own, 0, z);
  let loss = z.sum(1).div(c);
  if (input.dim() < 2) loss = loss.reshape(target.shape as number[]);
  return reduce(loss, r);
}
