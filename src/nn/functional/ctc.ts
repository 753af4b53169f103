/**
 * Connectionist temporal classification loss (`F.ctcLoss`, `torch.ctcLoss`): the negative log
 * likelihood of the target sequences summed over every alignment, by the forward (alpha)
 * recursion in log space over the extended label sequence blank, l1, blank, l2, …, blank. A
 * composite: the gradient w.r.t. `logProbs` is autograd's, i.e. the true partial derivative
 * −exp(log α·β − log p − log_probs) (PyTorch's own kernel also adds exp(log_probs), the term a
 * preceding logSoftmax cancels: through `logSoftmax` both give the same gradient).
 */
import { checkValuesInRange } from "../../ops/check-values.js";
import { where } from "../../ops/composite.js";
import { cat } from "../../ops/join.js";
import { full, tensor } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, describe } from "../../util/args.js";
import { optionsOf, params, shapeStr, type PosOrOpts } from "./args.js";
import type { Reduction } from "./losses.js";

/** Options of {@link ctcLoss}. */
export interface CTCLossOptions {
  /** The blank label (default 0). */
  blank?: number;
  reduction?: Reduction;
  /** Replace infinite losses (impossible alignments) and their gradients by 0 (default false). */
  zeroInfinity?: boolean;
}

/** log(e^a + e^b + e^c) elementwise, −inf where all three are −inf, with finite gradients there. */
function logAddExp3(a: Tensor, b: Tensor, c: Tensor): Tensor {
  const m = a.maximum(b).maximum(c).detach();
  const mSafe = where(m.isneginf(), 0, m);
  const s = a.sub(mSafe).exp().add(b.sub(mSafe).exp()).add(c.sub(mSafe).exp());
  const zero = s.eq(0);
  return where(zero, -Infinity, where(zero, 1, s).log().add(mSafe));
}

function lengthsOf(op: string, what: string, v: unknown, n: number): number[] {
  let xs: number[];
  if (v instanceof Tensor) {
    if (v.isFloatingPoint() || v.dtype === "bool")
      throw new TypeError(`[${op}] ${what} must be integers: got a ${v.dtype} tensor`);
    xs = (v.reshape([-1]).tolist() as (number | bigint)[]).map(Number);
  } else if (Array.isArray(v)) {
    xs = v.map((x, i) => checkInt(op, `${what}[${i}]`, x, 0));
  } else if (typeof v === "number") {
    xs = [checkInt(op, what, v, 0)];
  } else {
    throw new TypeError(`[${op}] ${what} must be a Tensor or an array of integers: got ${describe(v)}`);
  }
  if (xs.length !== n)
    throw new RangeError(`[${op}] ${what} must have one entry per batch element: got ${xs.length}, expected ${n}`);
  return xs;
}

/**
 * @internal The checked core: per-sample negative log likelihoods [N] (or a scalar, unbatched)
 * reduced as `reduction`.
 */
export function ctcLossImpl(
  op: string,
  logProbs: Tensor,
  targets: Tensor,
  inputLengths: unknown,
  targetLengths: unknown,
  blank: number,
  reduction: Reduction,
  zeroInfinity: boolean,
): Tensor {
  if (!(logProbs instanceof Tensor))
    throw new TypeError(`[${op}] logProbs must be a Tensor: got ${describe(logProbs)}`);
  if (!(targets instanceof Tensor)) throw new TypeError(`[${op}] targets must be a Tensor: got ${describe(targets)}`);
  if (!logProbs.isFloatingPoint())
    throw new TypeError(`[${op}] logProbs must be floating point: got ${logProbs.dtype}`);
  if (targets.isFloatingPoint() || targets.dtype === "bool")
    throw new TypeError(`[${op}] targets must be an integer tensor: got ${targets.dtype}`);
  if (logProbs.dim() !== 3 && logProbs.dim() !== 2) {
    throw new RangeError(`[${op}] logProbs must be [T, N, C] (or [T, C] unbatched): got ${shapeStr(logProbs.shape)}`);
  }
  const batched = logProbs.dim() === 3;
  const lp = batched ? logProbs : logProbs.unsqueeze(1);
  const [T, N, C] = lp.shape as [number, number, number];
  if (blank < 0 || blank >= C) throw new RangeError(`[${op}] blank must be in label range [0, ${C}): got ${blank}`);
  const inLens = lengthsOf(op, "inputLengths", inputLengths, N);
  const tgLens = lengthsOf(op, "targetLengths", targetLengths, N);
  inLens.forEach((l) => {
    if (l > T) throw new RangeError(`[${op}] expected inputLengths to have value at most ${T}: got value ${l}`);
  });
  const device = lp.storage.device;
  // host-built helpers (from the lengths) go to the log-probs' device
  const dev = (t: Tensor): Tensor => (device === "cpu" ? t : t.to(device));
  let extT: Tensor;
  let skipT: Tensor;
  if (device !== "cpu") {
    [extT, skipT] = deviceLattice(op, dev(targets), tgLens, batched, blank, C, dev);
  } else {
    [extT, skipT] = hostLattice(op, targets, tgLens, batched, blank, N, C);
  }
  const E = extT.shape[2]!;
  const lpExt = lp.gather(2, extT.expand([T, N, E])); // [T, N, E]
  const negInf = full([N, 1], -Infinity, { dtype: lp.dtype, device });
  const negInf2 = full([N, 2], -Infinity, { dtype: lp.dtype, device });
  // α_0: only the first blank and the first label can start a path.
  const start = dev(tensor(Array.from({ length: N * E }, (_, i) => i % E < 2)).reshape([N, E]));
  let alpha = where(start, lpExt.select(0, 0), -Infinity);
  const live = (t: number): Tensor => dev(tensor(inLens.map((l) => t < l)).reshape([N, 1]));
  for (let t = 1; t < T; t++) {
    const a1 = cat([negInf, alpha.narrow(1, 0, E - 1)], 1);
    const a2 = where(skipT, cat([negInf2, alpha.narrow(1, 0, Math.max(E - 2, 0))], 1).narrow(1, 0, E), -Infinity);
    const next = logAddExp3(alpha, a1, a2).add(lpExt.select(0, t));
    alpha = where(live(t), next, alpha); // a finished sequence keeps its α
  }
  // log p = logaddexp(α_{T−1}(2S), α_{T−1}(2S − 1)); a zero-length input has probability 1 only for an empty target.
  const last = dev(
    tensor(
      tgLens.map((l) => 2 * l),
      { dtype: "int64" },
    ).reshape([N, 1]),
  );
  const prev = dev(
    tensor(
      tgLens.map((l) => Math.max(2 * l - 1, 0)),
      { dtype: "int64" },
    ).reshape([N, 1]),
  );
  const hasPrev = dev(tensor(tgLens.map((l) => l > 0)).reshape([N, 1]));
  const aLast = alpha.gather(1, last);
  const aPrev = where(hasPrev, alpha.gather(1, prev), -Infinity);
  const zeroLen = dev(tensor(inLens.map((l) => l === 0)).reshape([N, 1]));
  const emptyOk = dev(tensor(inLens.map((l, n) => l === 0 && tgLens[n] === 0)).reshape([N, 1]));
  let logp = logAddExp3(aLast, aPrev, negInf);
  logp = where(zeroLen, where(emptyOk, 0, -Infinity), logp);
  let loss = logp.neg().reshape([N]);
  if (zeroInfinity) loss = where(loss.isinf(), 0, loss);
  if (reduction === "none") return batched ? loss : loss.reshape([]);
  if (reduction === "sum") return loss.sum();
  const div = dev(
    tensor(
      tgLens.map((l) => Math.max(l, 1)),
      { dtype: lp.dtype },
    ),
  );
  return loss.div(div).mean();
}

/**
 * The extended labels l' [1, N, E] (blank-interleaved, padded with blank) and where s−2 → s may
 * skip a blank [N, E], from targets read on the host (labels range-checked).
 */
function hostLattice(
  op: string,
  targets: Tensor,
  tgLens: number[],
  batched: boolean,
  blank: number,
  N: number,
  C: number,
): [Tensor, Tensor] {
  // Each sample's target labels, from a padded [N, S] matrix or a 1-D concatenation.
  const flat = (targets.reshape([-1]).tolist() as (number | bigint)[]).map(Number);
  const labels: number[][] = [];
  if (batched && targets.dim() === 2) {
    if (targets.shape[0] !== N)
      throw new RangeError(`[${op}] targets must have ${N} rows: got ${shapeStr(targets.shape)}`);
    const S = targets.shape[1]!;
    tgLens.forEach((l, n) => {
      if (l > S) throw new RangeError(`[${op}] expected targetLengths to have value at most ${S}: got value ${l}`);
      labels.push(flat.slice(n * S, n * S + l));
    });
  } else if (targets.dim() === 1) {
    const total = tgLens.reduce((a, b) => a + b, 0);
    if (batched && total !== flat.length) {
      throw new RangeError(`[${op}] 1-D targets must hold sum(targetLengths) = ${total} labels: got ${flat.length}`);
    }
    if (!batched && tgLens[0]! > flat.length) {
      throw new RangeError(
        `[${op}] expected targetLengths to have value at most ${flat.length}: got value ${tgLens[0]}`,
      );
    }
    let at = 0;
    for (const l of tgLens) {
      labels.push(flat.slice(at, at + l));
      at += l;
    }
  } else {
    throw new RangeError(`[${op}] targets must be [N, S] or 1-D: got ${shapeStr(targets.shape)}`);
  }
  for (const row of labels)
    for (const k of row)
      if (k < 0 || k >= C) throw new RangeError(`[${op}] target label ${k} is out of range for ${C} classes`);
  // Extended labels l' (blank-interleaved, padded with blank) and where s−2 → s may skip a blank.
  const Smax = Math.max(0, ...tgLens);
  const E = 2 * Smax + 1;
  const ext = new Array<number>(N * E).fill(blank);
  const skip = new Array<boolean>(N * E).fill(false);
  labels.forEach((row, n) => {
    row.forEach((k, j) => {
      const s = 2 * j + 1;
      ext[n * E + s] = k;
      skip[n * E + s] = j > 0 && row[j - 1] !== k;
    });
  });
  return [tensor(ext, { dtype: "int64" }).reshape([1, N, E]), tensor(skip).reshape([N, E])];
}

/**
 * {@link hostLattice} by device ops from targets on the device (the lengths are host numbers):
 * no read-back; a label outside [0, C) is caught by a device check and raises at the next
 * read-back.
 */
function deviceLattice(
  op: string,
  targets: Tensor,
  tgLens: number[],
  batched: boolean,
  blank: number,
  C: number,
  dev: (t: Tensor) => Tensor,
): [Tensor, Tensor] {
  const N = tgLens.length;
  const Smax = Math.max(0, ...tgLens);
  const device = targets.storage.device;
  const t = targets;
  const blanks = (w: number): Tensor => full([N, w], blank, { dtype: "int64", device });
  const none = (w: number): Tensor => full([N, w], false, { dtype: "bool", device });
  if (Smax === 0) return [blanks(1).reshape([1, N, 1]), none(1)];
  let lab0: Tensor;
  if (batched && targets.dim() === 2) {
    if (targets.shape[0] !== N)
      throw new RangeError(`[${op}] targets must have ${N} rows: got ${shapeStr(targets.shape)}`);
    const S = targets.shape[1]!;
    tgLens.forEach((l) => {
      if (l > S) throw new RangeError(`[${op}] expected targetLengths to have value at most ${S}: got value ${l}`);
    });
    lab0 = t.narrow(1, 0, Smax);
  } else if (targets.dim() === 1) {
    const total = tgLens.reduce((a, b) => a + b, 0);
    const L = targets.shape[0]!;
    if (batched && total !== L)
      throw new RangeError(`[${op}] 1-D targets must hold sum(targetLengths) = ${total} labels: got ${L}`);
    if (!batched && tgLens[0]! > L)
      throw new RangeError(`[${op}] expected targetLengths to have value at most ${L}: got value ${tgLens[0]}`);
    const pos: number[] = [];
    let at = 0;
    for (const l of tgLens) {
      for (let j = 0; j < Smax; j++) pos.push(Math.min(at + Math.min(j, Math.max(l - 1, 0)), L - 1));
      at += l;
    }
    lab0 = t.indexSelect(0, dev(tensor(pos, { dtype: "int64" }))).reshape([N, Smax]);
  } else {
    throw new RangeError(`[${op}] targets must be [N, S] or 1-D: got ${shapeStr(targets.shape)}`);
  }
  const valid = dev(tensor(tgLens.flatMap((l) => Array.from({ length: Smax }, (_, j) => j < l))).reshape([N, Smax]));
  const lab = where(valid, lab0.to("int64"), blank);
  checkValuesInRange(op, lab, 0, C, (k) => `[${op}] target label ${k} is out of range for ${C} classes`);
  const ext = cat([stackPairs(blanks(Smax), lab), blanks(1)], 1);
  const change = Smax > 1 ? lab.narrow(1, 1, Smax - 1).ne(lab.narrow(1, 0, Smax - 1)) : none(0);
  const skOdd = cat([none(1), change], 1).logicalAnd(valid);
  const skip = cat([stackPairs(none(Smax), skOdd), none(1)], 1);
  return [ext.reshape([1, N, 2 * Smax + 1]), skip];
}

/** [N, S] and [N, S] interleaved column by column into [N, 2S]: a0 b0 a1 b1 … */
function stackPairs(a: Tensor, b: Tensor): Tensor {
  const [n, s] = a.shape as [number, number];
  return cat([a.unsqueeze(2), b.unsqueeze(2)], 2).reshape([n, 2 * s]);
}

const P_CTC = params("ctcLoss", ["blank", "reduction", "zeroInfinity"]);

/** @internal options of F.ctcLoss / nn.CTCLoss checked. */
export function ctcOptions(op: string, o: CTCLossOptions): [number, Reduction, boolean] {
  const blank = o.blank === undefined ? 0 : checkInt(op, "blank", o.blank, 0);
  const r = o.reduction ?? "mean";
  if (r !== "none" && r !== "mean" && r !== "sum")
    throw new RangeError(`[${op}] ${describe(r)} is not a valid value for reduction: expected "none", "mean" or "sum"`);
  const zi = o.zeroInfinity === undefined ? false : checkBool(op, "zeroInfinity", o.zeroInfinity);
  return [blank, r, zi];
}

/**
 * CTC loss (`F.ctc_loss`): `logProbs` [T, N, C] (log-softmax outputs; [T, C] unbatched),
 * `targets` padded [N, S] or concatenated 1-D, `inputLengths` and `targetLengths` per sample
 * (Tensors or arrays). `reduction` "mean" divides each loss by its target length, then averages.
 * @example F.ctcLoss(torch.randn(50, 2, 20).logSoftmax(2), torch.randint(1, 20, [2, 10]), [50, 50], [10, 8]) // fragment
 */
export function ctcLoss(
  logProbs: Tensor,
  targets: Tensor,
  inputLengths: Tensor | readonly number[],
  targetLengths: Tensor | readonly number[],
  ...args: PosOrOpts<[blank: number, reduction: Reduction, zeroInfinity: boolean], CTCLossOptions>
): Tensor;
export function ctcLoss(
  logProbs: Tensor,
  targets: Tensor,
  inputLengths: Tensor | readonly number[],
  targetLengths: Tensor | readonly number[],
  ...args: unknown[]
): Tensor {
  const [blank, r, zi] = ctcOptions("ctcLoss", optionsOf<CTCLossOptions>(P_CTC, args, 4));
  return ctcLossImpl("ctcLoss", logProbs, targets, inputLengths, targetLengths, blank, r, zi);
}

const REDUCTION_CODES: Record<number, Reduction> = { 0: "none", 1: "mean", 2: "sum" };

/**
 * `torch.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, reduction,
 * zero_infinity)`: as {@link ctcLoss}, with `reduction` as PyTorch's integer code (0 none,
 * 1 mean, 2 sum; default 1).
 * @example torch.ctcLoss(logProbs, targets, [50, 50], [10, 8], 0, 2) // summed (fragment)
 */
export function torchCtcLoss(
  logProbs: Tensor,
  targets: Tensor,
  inputLengths: Tensor | readonly number[],
  targetLengths: Tensor | readonly number[],
  blank = 0,
  reduction: 0 | 1 | 2 = 1,
  zeroInfinity = false,
): Tensor {
  const r = REDUCTION_CODES[reduction];
  if (r === undefined)
    throw new RangeError(`[ctcLoss] reduction must be 0 (none), 1 (mean) or 2 (sum): got ${describe(reduction)}`);
  const [b, , zi] = ctcOptions("ctcLoss", { blank, zeroInfinity });
  return ctcLossImpl("ctcLoss", logProbs, targets, inputLengths, targetLengths, b, r, zi);
}
