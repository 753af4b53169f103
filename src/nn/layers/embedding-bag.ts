/**
 * `EmbeddingBag`: an embedding table whose forward sums, averages or maxes bags of rows
 * (`F.embeddingBag`), initialised N(0, 1) with the padding row zeroed.
 */
import { noGrad } from "../../autograd/mode.js";
import type { DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber, checkOneOf, describe } from "../../util/args.js";
import { optionsOf, params, type PosOrOpts } from "../functional/args.js";
import { embeddingBagImpl, type EmbeddingBagMode } from "../functional/embedding-bag.js";
import * as init from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { emptyParam } from "./linear.js";

/** Options of `nn.EmbeddingBag` (PyTorch's keyword arguments). */
export interface EmbeddingBagLayerOptions {
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  mode?: EmbeddingBagMode;
  /** Sparse gradients are not supported: only `false`. */
  sparse?: boolean;
  /** Use this tensor as the weight instead of a random one. */
  weight?: Tensor;
  includeLastOffset?: boolean;
  paddingIdx?: number | null;
  dtype?: DType;
}

const P = params(
  "EmbeddingBag",
  ["maxNorm", "normType", "scaleGradByFreq", "mode", "sparse", "weight", "includeLastOffset", "paddingIdx"],
  { kwOnly: ["dtype"] },
);
const pyFloat = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));

/**
 * Sums or means (default) or maxima of bags of embeddings; `forward(input, offsets?, perSampleWeights?)`.
 * @example const bag = new nn.EmbeddingBag(10, 3, { mode: "sum" }); bag.call(torch.tensor([1, 2, 4, 5]), torch.tensor([0, 2])).shape // [2, 3]
 */
export class EmbeddingBag extends Module {
  weight: Parameter;
  readonly maxNorm: number | null;
  readonly normType: number;
  readonly scaleGradByFreq: boolean;
  readonly mode: EmbeddingBagMode;
  readonly includeLastOffset: boolean;
  readonly paddingIdx: number | null;
  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    ...args: PosOrOpts<
      [
        maxNorm: number | null,
        normType: number,
        scaleGradByFreq: boolean,
        mode: EmbeddingBagMode,
        sparse: boolean,
        weight: Tensor,
        includeLastOffset: boolean,
        paddingIdx: number | null,
      ],
      EmbeddingBagLayerOptions
    >
  ) {
    super();
    const op = "EmbeddingBag";
    const o = optionsOf<EmbeddingBagLayerOptions>(P, args, 2);
    checkInt(op, "numEmbeddings", numEmbeddings, 0);
    checkInt(op, "embeddingDim", embeddingDim, 0);
    this.maxNorm =
      o.maxNorm === undefined || o.maxNorm === null ? null : checkNumber(op, "maxNorm", o.maxNorm, { min: 0 });
    this.normType = o.normType === undefined ? 2 : checkNumber(op, "normType", o.normType);
    this.scaleGradByFreq =
      o.scaleGradByFreq === undefined ? false : checkBool(op, "scaleGradByFreq", o.scaleGradByFreq);
    this.mode = o.mode === undefined ? "mean" : checkOneOf(op, "mode", o.mode, ["sum", "mean", "max"]);
    if (o.sparse !== undefined && checkBool(op, "sparse", o.sparse))
      throw new RangeError(`[${op}] sparse gradients are not supported: got sparse true, expected false`);
    this.includeLastOffset =
      o.includeLastOffset === undefined ? false : checkBool(op, "includeLastOffset", o.includeLastOffset);
    let pad =
      o.paddingIdx === undefined || o.paddingIdx === null ? null : checkInt(op, "paddingIdx", o.paddingIdx, -Infinity);
    if (pad !== null) {
      if (pad >= numEmbeddings || pad < -numEmbeddings)
        throw new RangeError(`[${op}] paddingIdx must be within numEmbeddings: got ${pad} for ${numEmbeddings} rows`);
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    if (o.weight !== undefined) {
      if (!(o.weight instanceof Tensor))
        throw new TypeError(`[${op}] weight must be a Tensor: got ${describe(o.weight)}`);
      if (o.weight.shape.join() !== `${numEmbeddings},${embeddingDim}`) {
        throw new RangeError(
          `[${op}] shape of weight does not match numEmbeddings and embeddingDim: got [${o.weight.shape.join(", ")}], expected [${numEmbeddings}, ${embeddingDim}]`,
        );
      }
      this.weight = new Parameter(o.weight);
    } else {
      this.weight = emptyParam([numEmbeddings, embeddingDim], o.dtype);
      this.resetParameters();
    }
  }
  /** N(0, 1) weights, padding row zeroed. */
  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).fill_(0));
  }
  override forward(input: Tensor, offsets: Tensor | null = null, perSampleWeights: Tensor | null = null): Tensor {
    return embeddingBagImpl("EmbeddingBag", input, this.weight, {
      offsets,
      maxNorm: this.maxNorm,
      normType: this.normType,
      scaleGradByFreq: this.scaleGradByFreq,
      mode: this.mode,
      perSampleWeights,
      includeLastOffset: this.includeLastOffset,
      paddingIdx: this.paddingIdx,
    });
  }
  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ", scale_grad_by_freq=True";
    s += `, mode=${this.mode}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    return s;
  }
}
