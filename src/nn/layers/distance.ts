/**
 * `CosineSimilarity` and `PairwiseDistance`: modules over their `F` forms.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber } from "../../util/args.js";
import { optionsOf, params, type PosOrOpts } from "../functional/args.js";
import { cosineSimilarity, pairwiseDistance } from "../functional/distance.js";
import { Module } from "../module.js";

const P_COS = params("CosineSimilarity", ["dim", "eps"]);
const P_PAIR = params("PairwiseDistance", ["p", "eps", "keepdim"]);

/** Cosine similarity along `dim` (default 1, eps 1e-8). @example new nn.CosineSimilarity().call(a, b) // fragment */
export class CosineSimilarity extends Module {
  readonly dim: number;
  readonly eps: number;
  constructor(...args: PosOrOpts<[dim: number, eps: number], { dim?: number; eps?: number }>) {
    super();
    const o = optionsOf<{ dim?: number; eps?: number }>(P_COS, args);
    this.dim = o.dim === undefined ? 1 : checkInt("CosineSimilarity", "dim", o.dim, -Infinity);
    this.eps = o.eps === undefined ? 1e-8 : checkNumber("CosineSimilarity", "eps", o.eps, { min: 0 });
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return cosineSimilarity(x1, x2, this.dim, this.eps);
  }
}

/** p-norm distance of x1 − x2 + eps over the last dim (p 2, eps 1e-6). @example new nn.PairwiseDistance().call(a, b) // fragment */
export class PairwiseDistance extends Module {
  readonly norm: number;
  readonly eps: number;
  readonly keepdim: boolean;
  constructor(
    ...args: PosOrOpts<[p: number, eps: number, keepdim: boolean], { p?: number; eps?: number; keepdim?: boolean }>
  ) {
    super();
    const o = optionsOf<{ p?: number; eps?: number; keepdim?: boolean }>(P_PAIR, args);
    this.norm = o.p === undefined ? 2 : checkNumber("PairwiseDistance", "p", o.p);
    this.eps = o.eps === undefined ? 1e-6 : checkNumber("PairwiseDistance", "eps", o.eps);
    this.keepdim = o.keepdim === undefined ? false : checkBool("PairwiseDistance", "keepdim", o.keepdim);
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return pairwiseDistance(x1, x2, this.norm, this.eps, this.keepdim);
  }
}
