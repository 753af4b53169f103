/**
 * `Embedding`: a lookup table of `numEmbeddings` rows, initialised N(0, 1) with the padding row zeroed.
 */
import { noGrad } from "../../autograd/mode.js";
import type { DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { embeddingImpl } from "../functional/embedding.js";
import { checkBool, checkInt, checkNumber, describe } from "../../util/args.js";
import { optionsOf, params, type PosOrOpts } from "../functional/args.js";

const EMBEDDING = params("Embedding", ["paddingIdx", "maxNorm", "normType"], { kwOnly: ["dtype", "weight"] });
const FROM_PRETRAINED = params("Embedding.fromPretrained", ["freeze", "paddingIdx", "maxNorm", "normType"]);
import * as init from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { emptyParam } from "./linear.js";

/** Python's repr of a float (`1.0`, `0.5`). */
const pyFloat = (x: number) => (Number.isInteger(x) ? x.toFixed(1) : String(x));

/** Options of `nn.Embedding`. */
export interface EmbeddingLayerOptions {
  paddingIdx?: number | null;
  maxNorm?: number | null;
  normType?: number;
  dtype?: DType;
  /** Use this tensor as the weight instead of a random one. */
  weight?: Tensor;
}

/**
 * Maps integer indices to learned vectors; the `paddingIdx` row gets no gradient.
 * @example const emb = new nn.Embedding(10, 3, { paddingIdx: 0 }); emb.call(torch.tensor([[1, 0]])) // [1, 2, 3]
 */
export class Embedding extends Module {
  weight: Parameter;
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly normType: number;
  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    ...args: PosOrOpts<[paddingIdx: number | null, maxNorm: number | null, normType: number], EmbeddingLayerOptions>
  ) {
    super();
    const opts = optionsOf<EmbeddingLayerOptions>(EMBEDDING, args, 2);
    checkInt("Embedding", "numEmbeddings", numEmbeddings, 0);
    checkInt("Embedding", "embeddingDim", embeddingDim, 0);
    if (opts.paddingIdx !== undefined && opts.paddingIdx !== null)
      checkInt("Embedding", "paddingIdx", opts.paddingIdx, -Infinity);
    if (opts.maxNorm !== undefined && opts.maxNorm !== null)
      checkNumber("Embedding", "maxNorm", opts.maxNorm, { min: 0 });
    if (opts.normType !== undefined) checkNumber("Embedding", "normType", opts.normType);
    let pad = opts.paddingIdx ?? null;
    if (pad !== null) {
      if (pad >= numEmbeddings || pad < -numEmbeddings) {
        throw new RangeError(
          `[Embedding] paddingIdx must be within numEmbeddings: got ${pad} for ${numEmbeddings} rows`,
        );
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    this.maxNorm = opts.maxNorm ?? null;
    this.normType = opts.normType ?? 2;
    if (opts.weight !== undefined) {
      if (!(opts.weight instanceof Tensor))
        throw new TypeError(`[Embedding] weight must be a Tensor: got ${describe(opts.weight)}`);
      if (opts.weight.shape.join() !== `${numEmbeddings},${embeddingDim}`) {
        throw new RangeError(
          `[Embedding] shape of weight does not match numEmbeddings and embeddingDim: got [${opts.weight.shape.join(", ")}]`,
        );
      }
      this.weight = new Parameter(opts.weight);
    } else {
      this.weight = emptyParam([numEmbeddings, embeddingDim], opts.dtype);
      this.resetParameters();
    }
  }
  /** N(0, 1) weights, padding row zeroed. */
  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).fill_(0));
  }
  override forward(input: Tensor): Tensor {
    return embeddingImpl(input, this.weight, {
      paddingIdx: this.paddingIdx,
      maxNorm: this.maxNorm,
      normType: this.normType,
    });
  }
  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    return s;
  }

  /** An Embedding holding `embeddings` (frozen unless `freeze: false`). @example nn.Embedding.fromPretrained(w) */
  static fromPretrained(
    embeddings: Tensor,
    ...args: PosOrOpts<
      [freeze: boolean, paddingIdx: number | null, maxNorm: number | null, normType: number],
      Omit<EmbeddingLayerOptions, "weight" | "dtype"> & { freeze?: boolean }
    >
  ): Embedding {
    const { freeze, ...opts } = optionsOf<Omit<EmbeddingLayerOptions, "weight" | "dtype"> & { freeze?: boolean }>(
      FROM_PRETRAINED,
      args,
      1,
    );
    if (freeze !== undefined) checkBool("Embedding.fromPretrained", "freeze", freeze);
    if (!(embeddings instanceof Tensor))
      throw new TypeError(`[Embedding.fromPretrained] embeddings must be a Tensor: got ${describe(embeddings)}`);
    if (embeddings.dim() !== 2)
      throw new RangeError(
        `[Embedding.fromPretrained] embeddings parameter is expected to be 2-dimensional: got ${embeddings.dim()}-D`,
      );
    const [n, d] = embeddings.shape as [number, number];
    const e = new Embedding(n, d, { ...opts, weight: embeddings });
    e.weight.requiresGrad_(!(freeze ?? true));
    return e;
  }
}
