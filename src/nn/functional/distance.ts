/**
 * Norms and distances of `F`: normalize, cosineSimilarity, pairwiseDistance — composites of
 * `norm`, sums and a clamp, with PyTorch's eps placement (so values and gradients match).
 */
import { isFloatingPoint } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber } from "../../util/args.js";
import { checkTensorArg, params, shapeStr, splitArgs } from "./args.js";

const P_NORMALIZE = params("normalize", ["p", "dim", "eps"]);
const P_COSINE = params("cosineSimilarity", ["dim", "eps"]);
const P_PAIRWISE = params("pairwiseDistance", ["p", "eps", "keepdim"]);

function checkFloat(op: string, x: Tensor, name = "input"): void {
  if (!isFloatingPoint(x.dtype)) throw new TypeError(`[${op}] expected a floating point ${name}: got ${x.dtype}`);
}

/**
 * x / max(‖x‖_p, eps) along `dim` (`F.normalize`; defaults p = 2, dim = 1, eps = 1e-12).
 * @example F.normalize(torch.tensor([[3, 4]], { dtype: "float64" })).tolist() // [[0.6, 0.8]]
 */
export function normalize(
  input: Tensor,
  ...args:
    | []
    | [p: number]
    | [p: number, dim: number]
    | [p: number, dim: number, eps: number]
    | [opts: { p?: number; dim?: number; eps?: number }]
    | [p: number, opts: { dim?: number; eps?: number }]
    | [p: number, dim: number, opts: { eps?: number }]
): Tensor;
export function normalize(input: Tensor, ...args: unknown[]): Tensor {
  const [p, dim, eps] = splitArgs(P_NORMALIZE, args, 1);
  checkTensorArg("normalize", input);
  checkFloat("normalize", input);
  const order = p === undefined ? 2 : checkNumber("normalize", "p", p);
  const d = dim === undefined ? 1 : checkInt("normalize", "dim", dim, -Infinity);
  const e = eps === undefined ? 1e-12 : checkNumber("normalize", "eps", eps, { min: 0 });
  const n = input.norm(order, d, true).clampMin(e);
  return input.div(n.expandAs(input));
}

/**
 * Cosine of the angle between `x1` and `x2` along `dim` (broadcast; `F.cosine_similarity`):
 * Σ (x1/‖x1‖)(x2/‖x2‖) with each squared norm floored at eps² (defaults dim = 1, eps = 1e-8).
 * @example F.cosineSimilarity(torch.tensor([[1, 0]], { dtype: "float32" }), torch.tensor([[1, 1]], { dtype: "float32" })).item() // 0.7071…
 */
export function cosineSimilarity(
  x1: Tensor,
  x2: Tensor,
  ...args:
    | []
    | [dim: number]
    | [dim: number, eps: number]
    | [opts: { dim?: number; eps?: number }]
    | [dim: number, opts: { eps?: number }]
): Tensor;
export function cosineSimilarity(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  const [dim, eps] = splitArgs(P_COSINE, args, 2);
  checkTensorArg("cosineSimilarity", x1, "x1");
  checkTensorArg("cosineSimilarity", x2, "x2");
  checkFloat("cosineSimilarity", x1, "x1");
  checkFloat("cosineSimilarity", x2, "x2");
  const d0 = dim === undefined ? 1 : checkInt("cosineSimilarity", "dim", dim, -Infinity);
  const e = eps === undefined ? 1e-8 : checkNumber("cosineSimilarity", "eps", eps, { min: 0 });
  let a = x1;
  let b = x2;
  try {
    [a, b] = [x1.add(x2.mul(0)), x2.add(x1.mul(0))];
  } catch {
    throw new RangeError(
      `[cosineSimilarity] x1 ${shapeStr(x1.shape)} and x2 ${shapeStr(x2.shape)} are not broadcastable`,
    );
  }
  const nd = a.dim();
  if (d0 < -Math.max(nd, 1) || d0 >= Math.max(nd, 1)) {
    throw new RangeError(
      `[cosineSimilarity] dimension out of range: got dim ${d0}, expected to be in range of [${-Math.max(nd, 1)}, ${Math.max(nd, 1) - 1}]`,
    );
  }
  // Squared norms floored at eps² in the forward pass only (PyTorch clamps them under no_grad).
  const floored = (s: Tensor) =>
    s.add(
      s
        .clampMin(e * e)
        .sub(s)
        .detach(),
    );
  const s1 = floored(a.mul(a).sum(d0, true));
  const s2 = floored(b.mul(b).sum(d0, true));
  return a.div(s1.sqrt()).mul(b.div(s2.sqrt())).sum(d0);
}

/**
 * ‖x1 − x2 + eps‖_p over the last dim (`F.pairwise_distance`; defaults p = 2, eps = 1e-6).
 * @example F.pairwiseDistance(torch.tensor([[0, 0]], { dtype: "float32" }), torch.tensor([[3, 4]], { dtype: "float32" })).item() // ≈ 5
 */
export function pairwiseDistance(
  x1: Tensor,
  x2: Tensor,
  ...args:
    | []
    | [p: number]
    | [p: number, eps: number]
    | [p: number, eps: number, keepdim: boolean]
    | [opts: { p?: number; eps?: number; keepdim?: boolean }]
    | [p: number, opts: { eps?: number; keepdim?: boolean }]
    | [p: number, eps: number, opts: { keepdim?: boolean }]
): Tensor;
export function pairwiseDistance(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  const [p, eps, keepdim] = splitArgs(P_PAIRWISE, args, 2);
  checkTensorArg("pairwiseDistance", x1, "x1");
  checkTensorArg("pairwiseDistance", x2, "x2");
  checkFloat("pairwiseDistance", x1, "x1");
  checkFloat("pairwiseDistance", x2, "x2");
  const order = p === undefined ? 2 : checkNumber("pairwiseDistance", "p", p);
  const e = eps === undefined ? 1e-6 : checkNumber("pairwiseDistance", "eps", eps);
  const k = keepdim === undefined ? false : checkBool("pairwiseDistance", "keepdim", keepdim);
  const nd = Math.max(x1.dim(), x2.dim());
  let diff: Tensor;
  try {
    diff = x1.sub(x2);
  } catch {
    throw new RangeError(
      `[pairwiseDistance] x1 ${shapeStr(x1.shape)} and x2 ${shapeStr(x2.shape)} are not broadcastable`,
    );
  }
  if (nd === 0) return diff.add(e).abs();
  return diff.add(e).norm(order, nd - 1, k);
}
