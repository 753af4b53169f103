/**
 * `F.gumbelSoftmax`: a sample from the Gumbel-softmax (Concrete) distribution, softmax((logits + g)/τ)
 * with g = −log(E), E ~ Exp(1) drawn from the global generator; `hard` returns the one-hot argmax
 * with the soft sample's gradient (straight-through: y_hard − y_soft.detach() + y_soft).
 */
import { softmax } from "../../ops/reduce-softmax.js";
import { rand } from "../../tensor/random-ops.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber } from "../../util/args.js";
import { checkTensorArg, optionsOf, params, type PosOrOpts } from "./args.js";

/** Options of {@link gumbelSoftmax}. */
export interface GumbelSoftmaxOptions {
  /** Temperature τ > 0 (default 1). */
  tau?: number;
  /** One-hot output with straight-through gradients (default false). */
  hard?: boolean;
  /** Unused, as in PyTorch (kept for its signature). */
  eps?: number;
  /** The class dimension (default −1). */
  dim?: number;
}

const P_GUMBEL = params("gumbelSoftmax", ["tau", "hard", "eps", "dim"]);

/**
 * Gumbel-softmax sample over `dim` of unnormalised log-probabilities `logits` (`F.gumbel_softmax`).
 * @example torch.manualSeed(0); F.gumbelSoftmax(torch.zeros(2, 3), { tau: 0.5, hard: true }) // one-hot rows
 */
export function gumbelSoftmax(
  logits: Tensor,
  ...args: PosOrOpts<[tau: number, hard: boolean, eps: number, dim: number], GumbelSoftmaxOptions>
): Tensor;
export function gumbelSoftmax(logits: Tensor, ...args: unknown[]): Tensor {
  const op = "gumbelSoftmax";
  const o = optionsOf<GumbelSoftmaxOptions>(P_GUMBEL, args, 1);
  checkTensorArg(op, logits, "logits");
  if (!logits.isFloatingPoint()) throw new TypeError(`[${op}] expected floating-point logits: got ${logits.dtype}`);
  const tau = o.tau === undefined ? 1 : checkNumber(op, "tau", o.tau, { min: 0, minExclusive: true });
  const hard = o.hard === undefined ? false : checkBool(op, "hard", o.hard);
  if (o.eps !== undefined) checkNumber(op, "eps", o.eps);
  const nd = Math.max(logits.dim(), 1);
  const dim = o.dim === undefined ? -1 : checkInt(op, "dim", o.dim, -nd);
  if (dim >= nd) throw new RangeError(`[${op}] dim out of range: got ${dim}, expected to be in [${-nd}, ${nd - 1}]`);
  // E = −log(1 − U) ~ Exp(1) with U ∈ [0, 1); floored so that g = −log(E) stays finite.
  const u = rand([...logits.shape], { dtype: "float64" });
  const e = u.neg().log1p().neg().clampMin(1e-300);
  const gumbels = e.log().neg().to(logits.dtype);
  const ySoft = softmax(logits.add(gumbels).div(tau), dim);
  if (!hard) return ySoft;
  const index = ySoft.argmax(dim, true);
  const yHard = ySoft.detach().mul(0).scatter(dim, index, 1);
  return yHard.sub(ySoft.detach()).add(ySoft);
}
