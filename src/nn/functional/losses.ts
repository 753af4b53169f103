/**
 * Loss functions of `F`, composed from tensor ops (autograd comes for free), with PyTorch's
 * formulas, reductions and weighting rules.
 */
import { fusable, fusedOp, fusedZeros } from "../../ops/fused.js";
import { checkValuesInRange } from "../../ops/check-values.js";
import { isGradEnabled } from "../../autograd/mode.js";
import { rsub } from "../../ops/binary.js";
import { softmax } from "../../ops/reduce.js";
import { zeros } from "../../tensor/creation.js";
import { where } from "../../ops/composite.js";
import { nameOutput } from "../../ops/define.js";
import { binaryCrossEntropyTerms } from "../../ops/loss-terms.js";
import { sequenceMark } from "../../autograd/node.js";
import { logSoftmax } from "../../ops/reduce.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { logsigmoid } from "./activation.js";
import { optionsOf, params, type PosOrOpts } from "./args.js";

/** How per-element losses are combined. */
export type Reduction = "none" | "mean" | "sum";

/** Options every loss takes. */
export interface ReductionOptions {
  reduction?: Reduction;
}

const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;

const P_MSE_LOSS = params("mseLoss", [null, null, "reduction"]);
const P_L1_LOSS = params("l1Loss", [null, null, "reduction"]);
const P_SMOOTH_L1_LOSS = params("smoothL1Loss", [null, null, "reduction", "beta"]);
const P_HUBER_LOSS = params("huberLoss", ["reduction", "delta"]);
const P_BINARY_CROSS_ENTROPY = params("binaryCrossEntropy", ["weight", null, null, "reduction"]);
const P_BINARY_CROSS_ENTROPY_WITH_LOGITS = params("binaryCrossEntropyWithLogits", [
  "weight",
  null,
  null,
  "reduction",
  "posWeight",
]);
const P_NLL_LOSS = params("nllLoss", ["weight", null, "ignoreIndex", null, "reduction"]);
const P_CROSS_ENTROPY = params("crossEntropy", ["weight", null, "ignoreIndex", null, "reduction", "labelSmoothing"]);
const P_KL_DIV = params("klDiv", [null, null, "reduction", "logTarget"]);
const P_COSINE_EMBEDDING_LOSS = params("cosineEmbeddingLoss", ["margin", null, null, "reduction"]);
const P_MARGIN_RANKING_LOSS = params("marginRankingLoss", ["margin", null, null, "reduction"]);

function check(op: string, x: unknown, what: string): asserts x is Tensor {
  if (!(x instanceof Tensor))
    throw new TypeError(`[${op}] expected a Tensor as ${what}: got ${x === null ? "null" : typeof x}`);
}

function reductionOf(op: string, opts: ReductionOptions | undefined): Reduction {
  const r = opts?.reduction ?? "mean";
  if (r !== "none" && r !== "mean" && r !== "sum")
    throw new RangeError(
      `[${op}] ${JSON.stringify(r)} is not a valid value for reduction: expected "none", "mean" or "sum"`,
    );
  return r;
}

/** num / den where den may be 0: the value is then NaN (as PyTorch) but the gradient stays 0, not NaN. */
function divTotal(num: Tensor, den: Tensor): Tensor {
  const zero = den.eq(0);
  return num.div(where(zero, 1, den)).add(where(zero, NaN, 0).to(num.dtype));
}

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === "mean" ? loss.mean() : reduction === "sum" ? loss.sum() : loss;
}

function checkPair(op: string, input: unknown, target: unknown, sameShape: boolean): asserts input is Tensor {
  check(op, input, "input");
  check(op, target, "target");
  if (!isFloatingPoint(input.dtype)) throw new TypeError(`[${op}] expected a floating point input: got ${input.dtype}`);
  if (sameShape && input.shape.join() !== target.shape.join()) {
    throw new RangeError(`[${op}] target shape ${fmt(target.shape)} must match input shape ${fmt(input.shape)}`);
  }
}

/** Mean squared error (x − y)². @example F.mseLoss(pred, target) */
export function mseLoss(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<[sizeAverage: null, reduce: null, reduction: Reduction], ReductionOptions>
): Tensor;
export function mseLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return mseLossImpl(input, target, optionsOf(P_MSE_LOSS, args, 2));
}

/** @internal {@link mseLoss} with its options checked. */
export function mseLossImpl(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  const mark = sequenceMark();
  const r = reductionOf("mseLoss", opts);
  checkPair("mseLoss", input, target, false);
  return nameOutput(reduce(input.sub(target).pow(2), r), "MseLossBackward0", mark);
}

/** Mean absolute error |x − y|. @example F.l1Loss(pred, target) */
export function l1Loss(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<[sizeAverage: null, reduce: null, reduction: Reduction], ReductionOptions>
): Tensor;
export function l1Loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return l1LossImpl(input, target, optionsOf(P_L1_LOSS, args, 2));
}

/** @internal {@link l1Loss} with its options checked. */
export function l1LossImpl(input: Tensor, target: Tensor, opts: ReductionOptions = {}): Tensor {
  const r = reductionOf("l1Loss", opts);
  checkPair("l1Loss", input, target, false);
  return reduce(input.sub(target).abs(), r);
}

/** 0.5·d²/β for |d| < β, else |d| − 0.5·β. @example F.smoothL1Loss(pred, target, { beta: 0.5 }) */
export function smoothL1Loss(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<
    [sizeAverage: null, reduce: null, reduction: Reduction, beta: number],
    ReductionOptions & { beta?: number }
  >
): Tensor;
export function smoothL1Loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return smoothL1LossImpl(input, target, optionsOf(P_SMOOTH_L1_LOSS, args, 2));
}

/** @internal {@link smoothL1Loss} with its options checked. */
export function smoothL1LossImpl(
  input: Tensor,
  target: Tensor,
  opts: ReductionOptions & { beta?: number } = {},
): Tensor {
  const mark = sequenceMark();
  const r = reductionOf("smoothL1Loss", opts);
  checkPair("smoothL1Loss", input, target, false);
  const beta = opts.beta ?? 1.0;
  if (beta < 0) throw new RangeError(`[smoothL1Loss] beta must be non-negative: got ${beta}`);
  const z = input.sub(target).abs();
  if (beta === 0) return nameOutput(reduce(z, r), "SmoothL1LossBackward0", mark);
  return nameOutput(
    reduce(where(z.lt(beta), z.pow(2).mul(0.5 / beta), z.sub(0.5 * beta)), r),
    "SmoothL1LossBackward0",
    mark,
  );
}

/** 0.5·d² for |d| < δ, else δ(|d| − 0.5·δ). @example F.huberLoss(pred, target, { delta: 2 }) */
export function huberLoss(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<[reduction: Reduction, delta: number], ReductionOptions & { delta?: number }>
): Tensor;
export function huberLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return huberLossImpl(input, target, optionsOf(P_HUBER_LOSS, args, 2));
}

/** @internal {@link huberLoss} with its options checked. */
export function huberLossImpl(input: Tensor, target: Tensor, opts: ReductionOptions & { delta?: number } = {}): Tensor {
  const mark = sequenceMark();
  const r = reductionOf("huberLoss", opts);
  checkPair("huberLoss", input, target, false);
  const delta = opts.delta ?? 1.0;
  if (!(delta > 0)) throw new RangeError(`[huberLoss] delta must be positive: got ${delta}`);
  const z = input.sub(target).abs();
  return nameOutput(
    reduce(where(z.lt(delta), z.pow(2).mul(0.5), z.sub(0.5 * delta).mul(delta)), r),
    "HuberLossBackward0",
    mark,
  );
}

/** Options of the binary cross entropies. */
export interface BCEOptions extends ReductionOptions {
  weight?: Tensor | null;
}

/**
 * −w·[y·log x + (1 − y)·log(1 − x)] on probabilities x; each log is clamped at −100 as PyTorch.
 * @example F.binaryCrossEntropy(torch.sigmoid(logits), labels) // fragment
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<[weight: Tensor | null, sizeAverage: null, reduce: null, reduction: Reduction], BCEOptions>
): Tensor;
export function binaryCrossEntropy(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return binaryCrossEntropyImpl(input, target, optionsOf(P_BINARY_CROSS_ENTROPY, args, 2));
}

/** @internal {@link binaryCrossEntropy} with its options checked. */
export function binaryCrossEntropyImpl(input: Tensor, target: Tensor, opts: BCEOptions = {}): Tensor {
  const mark = sequenceMark();
  const r = reductionOf("binaryCrossEntropy", opts);
  checkPair("binaryCrossEntropy", input, target, false);
  if (input.shape.join() !== target.shape.join()) {
    throw new RangeError(
      `[binaryCrossEntropy] using a target size ${fmt(target.shape)} that is different to the input size ${fmt(input.shape)}: please ensure they have the same size`,
    );
  }
  const v = input.dataFloat();
  for (const x of v) {
    if (!(x >= 0 && x <= 1))
      throw new RangeError(
        `[binaryCrossEntropy] all elements of input should be between 0 and 1: got ${x}; pass logits to binaryCrossEntropyWithLogits instead`,
      );
  }
  // PyTorch's formula and backward (finite at x = 0 or 1 thanks to the 1e-12 floor).
  const loss = binaryCrossEntropyTerms(input, target, opts.weight ?? null);
  return nameOutput(reduce(loss, r), "BinaryCrossEntropyBackward0", mark);
}

/**
 * Sigmoid + binary cross entropy in one stable formula: (1 − y)·x − (1 + (p − 1)y)·log σ(x).
 * @example F.binaryCrossEntropyWithLogits(logits, labels, { posWeight: torch.tensor([3]) }) // fragment
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<
    [weight: Tensor | null, sizeAverage: null, reduce: null, reduction: Reduction, posWeight: Tensor | null],
    BCEOptions & { posWeight?: Tensor | null }
  >
): Tensor;
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return binaryCrossEntropyWithLogitsImpl(input, target, optionsOf(P_BINARY_CROSS_ENTROPY_WITH_LOGITS, args, 2));
}

/** @internal {@link binaryCrossEntropyWithLogits} with its options checked. */
export function binaryCrossEntropyWithLogitsImpl(
  input: Tensor,
  target: Tensor,
  opts: BCEOptions & { posWeight?: Tensor | null } = {},
): Tensor {
  const mark = sequenceMark();
  const r = reductionOf("binaryCrossEntropyWithLogits", opts);
  checkPair("binaryCrossEntropyWithLogits", input, target, false);
  if (input.shape.join() !== target.shape.join()) {
    throw new RangeError(
      `[binaryCrossEntropyWithLogits] target size ${fmt(target.shape)} must be the same as input size ${fmt(input.shape)}`,
    );
  }
  let logSig = logsigmoid(input);
  if (opts.posWeight) logSig = logSig.mul(opts.posWeight.sub(1).mul(target).add(1));
  let loss = rsub(target, 1).mul(input).sub(logSig);
  if (opts.weight) loss = loss.mul(opts.weight);
  return nameOutput(reduce(loss, r), "BinaryCrossEntropyWithLogitsBackward0", mark);
}

/** Options of `nllLoss` and `crossEntropy`. */
export interface NLLOptions extends ReductionOptions {
  weight?: Tensor | null;
  ignoreIndex?: number;
}

/** Validates class-index targets for [N, C, d…] (or [C]) inputs; returns C. */
function checkClassTarget(op: string, input: Tensor, target: Tensor, ignoreIndex: number): number {
  if (input.dim() < 1)
    throw new RangeError(`[${op}] input must have at least 1 dimension [C] or [N, C, …]: got a 0-d tensor`);
  const C = input.dim() === 1 ? input.shape[0]! : input.shape[1]!;
  const expected = input.dim() === 1 ? [] : [input.shape[0]!, ...input.shape.slice(2)];
  if (target.dtype !== "int64") {
    throw new TypeError(
      `[${op}] expected target of class indices (int64) with shape ${fmt(expected)}${op === "crossEntropy" ? ` or class probabilities (float) with the input's shape ${fmt(input.shape)}` : ""}: got ${target.dtype} ${fmt(target.shape)}; convert labels with .long()`,
    );
  }
  if (target.shape.join() !== expected.join()) {
    throw new RangeError(
      `[${op}] expected target shape ${fmt(expected)} for input of shape ${fmt(input.shape)} (classes on dim ${input.dim() === 1 ? 0 : 1}): got ${fmt(target.shape)}`,
    );
  }
  // On a GPU the labels are checked by a kernel, and a bad one raises at the next read-back.
  checkValuesInRange(
    op,
    target,
    0,
    C,
    (t) =>
      `[${op}] target label ${t} is out of range for ${C} classes (valid labels are 0..${C - 1}): ${
        t >= C
          ? `the last layer needs at least ${t + 1} outputs`
          : "labels must be non-negative (set ignoreIndex to skip a label)"
      }`,
    ignoreIndex,
  );
  return C;
}

/** nll on batched log-probabilities [N, C, d…] with targets [N, d…]; returns [per-element, weight per element]. */
function nllParts(
  logp: Tensor,
  target: Tensor,
  weight: Tensor | null | undefined,
  ignoreIndex: number,
): [Tensor, Tensor] {
  const keep = target.ne(ignoreIndex);
  const safe = where(keep, target, 0);
  const picked = logp.gather(1, safe.unsqueeze(1)).squeeze(1);
  let w = keep.to(logp.dtype);
  if (weight) w = w.mul(weight.indexSelect(0, safe.reshape(-1)).reshape(target.shape as number[]));
  return [picked.mul(w).neg(), w];
}

function checkWeight(op: string, weight: Tensor | null | undefined, C: number): void {
  if (weight && (weight.dim() !== 1 || weight.shape[0] !== C)) {
    throw new RangeError(
      `[${op}] weight tensor should be defined either for all ${C} classes or no classes: got shape ${fmt(weight.shape)}`,
    );
  }
}

/**
 * Negative log likelihood on log-probabilities: −w[y]·x[y], averaged over the weights of kept targets.
 * @example F.nllLoss(F.logSoftmax(logits, 1), labels)
 */
export function nllLoss(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<
    [weight: Tensor | null, sizeAverage: null, ignoreIndex: number, reduce: null, reduction: Reduction],
    NLLOptions
  >
): Tensor;
export function nllLoss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return nllLossImpl(input, target, optionsOf(P_NLL_LOSS, args, 2));
}

/** @internal {@link nllLoss} with its options checked. */
export function nllLossImpl(input: Tensor, target: Tensor, opts: NLLOptions = {}): Tensor {
  const mark = sequenceMark();
  const r = reductionOf("nllLoss", opts);
  check("nllLoss", input, "input");
  check("nllLoss", target, "target");
  const ignore = opts.ignoreIndex ?? -100;
  const C = checkClassTarget("nllLoss", input, target, ignore);
  checkWeight("nllLoss", opts.weight, C);
  const unbatched = input.dim() === 1;
  const [loss, w] = nllParts(
    unbatched ? input.unsqueeze(0) : input,
    unbatched ? target.unsqueeze(0) : target,
    opts.weight,
    ignore,
  );
  if (r === "none") return nameOutput(unbatched ? loss.squeeze(0) : loss, "NllLossBackward0", mark);
  if (r === "sum") return nameOutput(loss.sum(), "NllLossBackward0", mark);
  return nameOutput(divTotal(loss.sum(), w.sum()), "NllLossBackward0", mark);
}

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions extends NLLOptions {
  labelSmoothing?: number;
}

/**
 * logSoftmax over the class dim + nll: targets are class indices (int64, [N, d…]) or class
 * probabilities (float, the input's shape); supports `weight`, `ignoreIndex`, `labelSmoothing`.
 * @example F.crossEntropy(logits, torch.tensor([1, 0, 4])) // logits [3, 5]
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<
    [
      weight: Tensor | null,
      sizeAverage: null,
      ignoreIndex: number,
      reduce: null,
      reduction: Reduction,
      labelSmoothing: number,
    ],
    CrossEntropyOptions
  >
): Tensor;
export function crossEntropy(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return crossEntropyImpl(input, target, optionsOf(P_CROSS_ENTROPY, args, 2));
}

/** @internal {@link crossEntropy} with its options checked. */
export function crossEntropyImpl(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const r = reductionOf("crossEntropy", opts);
  check("crossEntropy", input, "input");
  check("crossEntropy", target, "target");
  if (!isFloatingPoint(input.dtype))
    throw new TypeError(`[crossEntropy] expected floating point logits: got ${input.dtype}`);
  const ls = opts.labelSmoothing ?? 0;
  if (!(ls >= 0 && ls <= 1))
    throw new RangeError(`[crossEntropy] labelSmoothing must be between 0.0 and 1.0: got ${ls}`);
  const ignore = opts.ignoreIndex ?? -100;
  const unbatched = input.dim() === 1;
  const x = unbatched ? input.unsqueeze(0) : input;
  const classDim = unbatched ? 0 : 1;
  const C = input.dim() === 0 ? 0 : input.shape[classDim]!;
  checkWeight("crossEntropy", opts.weight, C);
  const wShape = [1, C, ...new Array<number>(Math.max(0, x.dim() - 2)).fill(1)];
  const w = opts.weight ? opts.weight.reshape(wShape) : null;

  if (isFloatingPoint(target.dtype) && target.shape.join() === input.shape.join()) {
    // class probabilities
    const logp = logSoftmax(x, 1);
    let t = unbatched ? target.unsqueeze(0) : target;
    if (ls > 0) t = t.mul(1 - ls).add(ls / C);
    let prod = logp.mul(t);
    if (w) prod = prod.mul(w);
    if (r === "mean")
      return x.numel() === 0
        ? prod.sum().mul(NaN)
        : prod
            .sum()
            .neg()
            .div(x.numel() / C);
    if (r === "sum") return prod.sum().neg();
    const out = prod.sum(1).neg();
    return unbatched ? out.squeeze(0) : out;
  }

  checkClassTarget("crossEntropy", input, target, ignore);
  return crossEntropyOp(input, target, opts.weight ?? null, ignore, r, ls);
}

/** The composite over class indices: logSoftmax → weighted NLL, plus label smoothing. */
function crossEntropyClasses(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  ignore: number,
  r: Reduction,
  ls: number,
): Tensor {
  const unbatched = input.dim() === 1;
  const x = unbatched ? input.unsqueeze(0) : input;
  const C = input.dim() === 0 ? 0 : input.shape[unbatched ? 0 : 1]!;
  const w = weight ? weight.reshape([1, C, ...new Array<number>(Math.max(0, x.dim() - 2)).fill(1)]) : null;
  const t = unbatched ? target.unsqueeze(0) : target;
  const logp = logSoftmax(x, 1);
  const [nll, wt] = nllParts(logp, t, weight ?? undefined, ignore);
  const nllRed = r === "none" ? nll : r === "sum" ? nll.sum() : divTotal(nll.sum(), wt.sum());
  if (ls === 0) return r === "none" && unbatched ? nllRed.squeeze(0) : nllRed;
  // Label smoothing: mix in the (weighted) mean over classes of −log p.
  const keep = t.ne(ignore);
  const smooth = where(keep, (w ? logp.mul(w) : logp).sum(1).neg(), 0);
  let smoothRed: Tensor;
  if (r === "none") smoothRed = smooth;
  else if (r === "sum") smoothRed = smooth.sum();
  else if (weight) smoothRed = divTotal(smooth.sum(), wt.sum());
  else smoothRed = divTotal(smooth.sum(), keep.sum().to(smooth.dtype));
  const out = nllRed.mul(1 - ls).add(smoothRed.mul(ls / C));
  return r === "none" && unbatched ? out.squeeze(0) : out;
}

/**
 * Fused cross-entropy on logits [N, C] (DESIGN principle 5): one native pass gives the loss and
 * d(loss)/d(logits). Backward scales that by g; under create-graph it rebuilds the same
 * gradient from differentiable ops, (softmax(x) − onehot(t))·w[t]/Σw, so double backward works.
 */
const crossEntropyOp = fusedOp({
  name: "crossEntropy",
  kernel: "crossEntropy",
  when: (x: Tensor, t: Tensor, weight: Tensor | null, _ignore: number, _r: Reduction, ls: number) =>
    ls === 0 &&
    x.dim() === 2 &&
    fusable(x) &&
    t.isContiguous() &&
    !(weight && (weight.requiresGrad || !fusable(x, weight))),
  forward: (k, x, t, weight, ignore, r) => {
    const [N, C] = x.shape as [number, number];
    const loss = fusedZeros(r === "none" ? [N] : [], x.dtype, x);
    const dx = fusedZeros([N, C], x.dtype, x);
    return k(x, t, weight, ignore, r, loss, dx) ? { out: loss, ctx: dx } : null;
  },
  grad: {
    name: "NllLossBackward0",
    inputs: (_dx, x) => [x],
    saves: (_dx, x, t) => [x, t],
    backward: (g, dx, [x, t, weight, ignore, r]) => {
      const gs = r === "none" ? g.unsqueeze(1) : g;
      if (!isGradEnabled()) return [dx.mul(gs)];
      const [N, C] = x.shape as [number, number];
      const keep = t.ne(ignore);
      const safe = where(keep, t, 0);
      let wt = keep.to(x.dtype);
      if (weight) wt = wt.mul(weight.indexSelect(0, safe));
      const onehot = zeros([N, C], { dtype: x.dtype }).scatter(1, safe.unsqueeze(1), 1);
      let d = softmax(x, 1).sub(onehot).mul(wt.unsqueeze(1));
      if (r === "mean") {
        const total = wt.sum().item() as number;
        d = total === 0 ? d.mul(0) : d.div(total);
      }
      return [d.mul(gs)];
    },
  },
  fallback: crossEntropyClasses,
});

/**
 * Kullback–Leibler divergence y·(log y − x) with x log-probabilities (`logTarget`: y given as log).
 * `reduction: "batchmean"` divides the sum by the batch size (the mathematically correct KL).
 * @example F.klDiv(F.logSoftmax(logits, 1), probs, { reduction: "batchmean" }) // fragment
 */
export function klDiv(
  input: Tensor,
  target: Tensor,
  ...args: PosOrOpts<
    [sizeAverage: null, reduce: null, reduction: Reduction | "batchmean", logTarget: boolean],
    { reduction?: Reduction | "batchmean"; logTarget?: boolean }
  >
): Tensor;
export function klDiv(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return klDivImpl(input, target, optionsOf(P_KL_DIV, args, 2));
}

/** @internal {@link klDiv} with its options checked. */
export function klDivImpl(
  input: Tensor,
  target: Tensor,
  opts: { reduction?: Reduction | "batchmean"; logTarget?: boolean } = {},
): Tensor {
  const red = opts.reduction ?? "mean";
  checkPair("klDiv", input, target, false);
  let loss: Tensor;
  if (opts.logTarget) loss = target.exp().mul(target.sub(input));
  else {
    // xlogy(y, y) with 0·log 0 = 0; its gradient w.r.t. y at 0 is NaN, as PyTorch's.
    const xlogy = where(target.eq(0), 0, target.mul(target.log()));
    loss = xlogy.sub(target.mul(input));
  }
  if (red === "batchmean") return input.dim() === 0 ? loss.sum() : loss.sum().div(input.shape[0]!);
  return reduce(loss, reductionOf("klDiv", { reduction: red }));
}

/**
 * 1 − cos(x1, x2) for y = 1, max(0, cos − margin) for y = −1.
 * @example F.cosineEmbeddingLoss(a, b, torch.tensor([1, -1])) // fragment
 */
export function cosineEmbeddingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  ...args: PosOrOpts<
    [margin: number, sizeAverage: null, reduce: null, reduction: Reduction],
    ReductionOptions & { margin?: number }
  >
): Tensor;
export function cosineEmbeddingLoss(input1: Tensor, input2: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return cosineEmbeddingLossImpl(input1, input2, target, optionsOf(P_COSINE_EMBEDDING_LOSS, args, 3));
}

/** @internal {@link cosineEmbeddingLoss} with its options checked. */
export function cosineEmbeddingLossImpl(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  opts: ReductionOptions & { margin?: number } = {},
): Tensor {
  const r = reductionOf("cosineEmbeddingLoss", opts);
  checkPair("cosineEmbeddingLoss", input1, input2, true);
  check("cosineEmbeddingLoss", target, "target");
  if (input1.dim() !== 1 && input1.dim() !== 2)
    throw new RangeError(`[cosineEmbeddingLoss] expected 1-D or 2-D inputs: got ${input1.dim()}-D`);
  if (target.dim() !== input1.dim() - 1 || (input1.dim() === 2 && target.shape[0] !== input1.shape[0])) {
    throw new RangeError(
      `[cosineEmbeddingLoss] expected target of shape ${fmt(input1.shape.slice(0, -1))}: got ${fmt(target.shape)}`,
    );
  }
  const d = input1.dim() - 1;
  const EPS = 1e-12;
  const dot = input1.mul(input2).sum(d);
  const denom = input1.mul(input1).sum(d).add(EPS).mul(input2.mul(input2).sum(d).add(EPS)).sqrt();
  const cos = dot.div(denom);
  const pos = where(target.eq(1), rsub(cos, 1), 0);
  const neg = where(target.eq(-1), cos.sub(opts.margin ?? 0).clamp(0), 0);
  return reduce(pos.add(neg), r);
}

/**
 * max(0, −y·(x1 − x2) + margin): y = 1 means x1 should rank higher.
 * @example F.marginRankingLoss(s1, s2, torch.tensor([1, -1, 1]), { margin: 0.5 }) // fragment
 */
export function marginRankingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  ...args: PosOrOpts<
    [margin: number, sizeAverage: null, reduce: null, reduction: Reduction],
    ReductionOptions & { margin?: number }
  >
): Tensor;
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  return marginRankingLossImpl(input1, input2, target, optionsOf(P_MARGIN_RANKING_LOSS, args, 3));
}

/** @internal {@link marginRankingLoss} with its options checked. */
export function marginRankingLossImpl(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  opts: ReductionOptions & { margin?: number } = {},
): Tensor {
  const r = reductionOf("marginRankingLoss", opts);
  checkPair("marginRankingLoss", input1, input2, false);
  check("marginRankingLoss", target, "target");
  if (input1.dim() !== input2.dim() || input1.dim() !== target.dim()) {
    throw new RangeError(
      `[marginRankingLoss] all input tensors should have same dimension: got ${input1.dim()}, ${input2.dim()}, ${target.dim()}`,
    );
  }
  return reduce(
    target
      .neg()
      .mul(input1.sub(input2))
      .add(opts.margin ?? 0)
      .clamp(0),
    r,
  );
}
