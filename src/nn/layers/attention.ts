/**
 * `MultiheadAttention` with PyTorch's parameters (`in_proj_weight`/`in_proj_bias`, or
 * `q/k/v_proj_weight` when kdim/vdim differ; `out_proj`), initialisation (out_proj drawn as a
 * Linear, then xavier-uniform in-projection, zero biases) and printing.
 */
import type { DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber } from "../../util/args.js";
import { optionsOf, params, type PosOrOpts } from "../functional/args.js";
import { multiHeadAttentionForward } from "../functional/attention.js";
import * as init from "../init.js";
import { Module } from "../module.js";
import type { Parameter } from "../parameter.js";
import { emptyParam, Linear } from "./linear.js";

/** The out-projection's class (a plain Linear; the name is what PyTorch prints). */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** Keyword arguments of `MultiheadAttention`. */
export interface MultiheadAttentionOptions {
  dropout?: number;
  bias?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batchFirst?: boolean;
  dtype?: DType;
}

/** Keyword arguments of `MultiheadAttention.forward`. */
export interface MHACallOptions {
  /** [N, S] (or [S]): true/−inf where a key is padding. */
  keyPaddingMask?: Tensor | null;
  /** Also return attention weights (default true). */
  needWeights?: boolean;
  /** [L, S] or [N·heads, L, S]: bool (true = masked) or additive float. */
  attnMask?: Tensor | null;
  /** Average the weights over heads (default true). */
  averageAttnWeights?: boolean;
}

/**
 * Multi-head attention (`nn.MultiheadAttention`); `forward(query, key, value, opts?)` returns
 * `[output, weights | null]`. Inputs are `[L, N, E]`, or `[N, L, E]` with `batchFirst`.
 * @example const q = torch.randn(5, 2, 8); const [out, w] = new nn.MultiheadAttention(8, 2).call(q, q, q); // q: [L, N, E]
 */
const MHA = params("MultiheadAttention", ["dropout", "bias"], { kwOnly: ["kdim", "vdim", "batchFirst", "dtype"] });
const MHA_FORWARD = params("MultiheadAttention.forward", [
  "keyPaddingMask",
  "needWeights",
  "attnMask",
  "averageAttnWeights",
]);

export class MultiheadAttention extends Module {
  in_proj_weight: Parameter | null = null;
  q_proj_weight: Parameter | null = null;
  k_proj_weight: Parameter | null = null;
  v_proj_weight: Parameter | null = null;
  in_proj_bias: Parameter | null = null;
  out_proj: NonDynamicallyQuantizableLinear;
  readonly dropout: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly batchFirst: boolean;
  readonly headDim: number;
  /** True when query, key and value share the embedding size (one packed in-projection). */
  readonly qkvSameEmbedDim: boolean;

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    ...args: PosOrOpts<[dropout: number, bias: boolean], MultiheadAttentionOptions>
  ) {
    super();
    const o = optionsOf<MultiheadAttentionOptions>(MHA, args, 2);
    checkInt("MultiheadAttention", "embedDim", embedDim, -Infinity);
    checkInt("MultiheadAttention", "numHeads", numHeads, -Infinity);
    if (o.dropout !== undefined) checkNumber("MultiheadAttention", "dropout", o.dropout, { min: 0, max: 1 });
    if (o.bias !== undefined) checkBool("MultiheadAttention", "bias", o.bias);
    if (o.batchFirst !== undefined) checkBool("MultiheadAttention", "batchFirst", o.batchFirst);
    if (o.kdim !== undefined && o.kdim !== null) checkInt("MultiheadAttention", "kdim", o.kdim, 1);
    if (o.vdim !== undefined && o.vdim !== null) checkInt("MultiheadAttention", "vdim", o.vdim, 1);
    if (embedDim <= 0 || numHeads <= 0) {
      throw new RangeError(
        `[MultiheadAttention] embed_dim and num_heads must be greater than 0: got embed_dim=${embedDim} and num_heads=${numHeads}`,
      );
    }
    if (embedDim % numHeads !== 0)
      throw new RangeError(
        `[MultiheadAttention] embed_dim must be divisible by num_heads: got ${embedDim} and ${numHeads}`,
      );
    this.dropout = o.dropout ?? 0;
    this.kdim = o.kdim ?? embedDim;
    this.vdim = o.vdim ?? embedDim;
    this.batchFirst = o.batchFirst ?? false;
    this.headDim = embedDim / numHeads;
    this.qkvSameEmbedDim = this.kdim === embedDim && this.vdim === embedDim;
    if (this.qkvSameEmbedDim) this.in_proj_weight = emptyParam([3 * embedDim, embedDim], o.dtype);
    else {
      this.q_proj_weight = emptyParam([embedDim, embedDim], o.dtype);
      this.k_proj_weight = emptyParam([embedDim, this.kdim], o.dtype);
      this.v_proj_weight = emptyParam([embedDim, this.vdim], o.dtype);
    }
    if (o.bias !== false) this.in_proj_bias = emptyParam([3 * embedDim], o.dtype);
    // Constructed (and so randomly initialised) before the in-projection, as in PyTorch.
    this.out_proj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, {
      bias: o.bias !== false,
      ...(o.dtype && { dtype: o.dtype }),
    });
    this.resetParameters();
  }

  /** xavier-uniform in-projection; zero in-projection and out-projection biases. */
  resetParameters(): void {
    if (this.in_proj_weight) init.xavierUniform_(this.in_proj_weight);
    else for (const w of [this.q_proj_weight!, this.k_proj_weight!, this.v_proj_weight!]) init.xavierUniform_(w);
    if (this.in_proj_bias) {
      init.constant_(this.in_proj_bias, 0);
      if (this.out_proj.bias) init.constant_(this.out_proj.bias, 0);
    }
  }

  override forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    ...args: PosOrOpts<
      [keyPaddingMask: Tensor | null, needWeights: boolean, attnMask: Tensor | null, averageAttnWeights: boolean],
      MHACallOptions
    >
  ): [Tensor, Tensor | null] {
    const o = optionsOf<MHACallOptions>(MHA_FORWARD, args, 3);
    const batched = query.dim() === 3;
    const tr = (t: Tensor): Tensor => (this.batchFirst && batched ? t.transpose(0, 1) : t);
    const [out, w] = multiHeadAttentionForward(tr(query), tr(key), tr(value), this.numHeads, {
      inProjWeight: this.in_proj_weight,
      inProjBias: this.in_proj_bias,
      qProjWeight: this.q_proj_weight,
      kProjWeight: this.k_proj_weight,
      vProjWeight: this.v_proj_weight,
      outProjWeight: this.out_proj.weight,
      outProjBias: this.out_proj.bias,
      keyPaddingMask: o.keyPaddingMask ?? null,
      attnMask: o.attnMask ?? null,
      needWeights: o.needWeights ?? true,
      averageAttnWeights: o.averageAttnWeights ?? true,
      dropoutP: this.dropout,
      training: this.training,
    });
    return [tr(out), w];
  }
}
