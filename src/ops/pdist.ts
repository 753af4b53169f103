/**
 * `torch.pdist` (also `F.pdist`): the p-norm distance between every pair of rows of an [N, M]
 * matrix, i < j in row-major order, as a composite of gather, abs, pow and sum. A zero distance
 * (or a zero coordinate difference when p < 1) gets gradient 0, as PyTorch's backward gives.
 */
import { isFloatingPoint } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { checkNumber, describe } from "../util/args.js";
import { where } from "./composite.js";
import { triuIndices } from "./math-extra.js";
import { defineOp } from "./registry.js";

/** s^e where s > 0, and 0 (with gradient 0) where s == 0. */
function powSafe(s: Tensor, e: number): Tensor {
  const zero = s.eq(0);
  return where(zero, 0, where(zero, 1, s).pow(e));
}

/**
 * p-norm distances between the rows of `input` (`[N, M]`): a vector of N(N−1)/2 entries, pairs
 * (0,1), (0,2), …, (N−2,N−1) (`torch.pdist`; p ≥ 0, default 2; p = Infinity is the max norm).
 * @example torch.pdist(torch.tensor([[0, 0], [3, 4], [6, 8]], { dtype: "float32" })) // tensor([ 5., 10.,  5.])
 */
export const pdist = defineOp(
  "pdist",
  { family: "composite", maxArgs: 2 },
  function pdist(input: Tensor, p = 2): Tensor {
    if (!(input instanceof Tensor)) throw new TypeError(`[pdist] input must be a Tensor: got ${describe(input)}`);
    checkNumber("pdist", "p", p);
    if (p < 0) throw new RangeError(`[pdist] p must be non-negative: got ${p}`);
    if (input.dim() !== 2)
      throw new RangeError(`[pdist] only supports 2-D tensors: got ${input.dim()}-D [${input.shape.join(", ")}]`);
    if (!isFloatingPoint(input.dtype))
      throw new TypeError(`[pdist] only supports floating-point dtypes: got ${input.dtype}`);
    const n = input.shape[0]!;
    const idx = triuIndices(n, n, 1, { device: input.device });
    const d = input
      .indexSelect(0, idx.select(0, 0))
      .sub(input.indexSelect(0, idx.select(0, 1)))
      .abs();
    if (p === 0) return d.ne(0).to(d.dtype).sum(-1);
    if (p === Infinity) return d.amax(-1);
    if (p === 1) return d.sum(-1);
    const terms = p < 1 ? powSafe(d, p) : d.pow(p);
    return powSafe(terms.sum(-1), 1 / p);
  },
);
