/**
 * `TransformerDecoderLayer` (self-attention, cross-attention over the memory, feed-forward;
 * post- or pre-norm), `TransformerDecoder` (a stack of deep copies, optional final norm) and
 * `Transformer` (encoder + decoder, each with a final LayerNorm, Xavier-uniform init), with
 * PyTorch's submodule names so state dicts load both ways.
 */
import { triu } from "../../ops/linalg.js";
import { full } from "../../tensor/creation.js";
import type { DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber, describe } from "../../util/args.js";
import { gelu, relu } from "../functional/activation.js";
import { optionsOf, params, shapeStr, splitArgs, type PosOrOpts } from "../functional/args.js";
import * as init from "../init.js";
import { Module } from "../module.js";
import { MultiheadAttention } from "./attention.js";
import { ModuleList } from "./container.js";
import { Dropout } from "./dropout.js";
import { Linear } from "./linear.js";
import { LayerNorm } from "./norm.js";
import { deepCopyModule, TransformerEncoder, TransformerEncoderLayer } from "./transformer.js";

/** Keyword arguments of `TransformerDecoderLayer`. */
export interface TransformerDecoderLayerOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: "relu" | "gelu" | ((x: Tensor) => Tensor);
  layerNormEps?: number;
  batchFirst?: boolean;
  normFirst?: boolean;
  dtype?: DType;
}

const TDL = params(
  "TransformerDecoderLayer",
  ["dimFeedforward", "dropout", "activation", "layerNormEps", "batchFirst", "normFirst"],
  { kwOnly: ["dtype"] },
);
const TD = params("TransformerDecoder", ["norm"]);

/** Masks and padding masks of a decoder call, by name (PyTorch's keyword arguments). */
export interface DecoderMasks {
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
}

function activationOf(op: string, act: unknown): (x: Tensor) => Tensor {
  if (typeof act === "function") return act as (x: Tensor) => Tensor;
  if (act === "relu") return relu;
  if (act === "gelu") return (x: Tensor) => gelu(x);
  throw new RangeError(`[${op}] activation should be relu/gelu, not ${describe(act)}`);
}

/**
 * One decoder block: x + SelfAttn(x), x + CrossAttn(x, memory), x + FF(x), each followed (or,
 * with `normFirst`, preceded) by a LayerNorm.
 * `forward(tgt, memory, tgtMask?, memoryMask?, tgtKeyPaddingMask?, memoryKeyPaddingMask?)`.
 * @example new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16 }).call(torch.randn(4, 3, 8), torch.randn(5, 3, 8)).shape // [4, 3, 8]
 */
export class TransformerDecoderLayer extends Module {
  self_attn: MultiheadAttention;
  multihead_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;
  /** The feed-forward activation (a function, not a submodule, as in PyTorch). */
  activation: (x: Tensor) => Tensor;
  readonly batchFirst: boolean;

  constructor(
    readonly dModel: number,
    readonly nhead: number,
    ...args: PosOrOpts<
      [
        dimFeedforward: number,
        dropout: number,
        activation: "relu" | "gelu" | ((x: Tensor) => Tensor),
        layerNormEps: number,
        batchFirst: boolean,
        normFirst: boolean,
      ],
      TransformerDecoderLayerOptions
    >
  ) {
    super();
    const op = "TransformerDecoderLayer";
    const o = optionsOf<TransformerDecoderLayerOptions>(TDL, args, 2);
    checkInt(op, "dModel", dModel, 1);
    checkInt(op, "nhead", nhead, 1);
    const dff = o.dimFeedforward === undefined ? 2048 : checkInt(op, "dimFeedforward", o.dimFeedforward, 1);
    const p = o.dropout === undefined ? 0.1 : checkNumber(op, "dropout", o.dropout, { min: 0, max: 1 });
    const eps = o.layerNormEps === undefined ? 1e-5 : checkNumber(op, "layerNormEps", o.layerNormEps, { min: 0 });
    this.batchFirst = o.batchFirst === undefined ? false : checkBool(op, "batchFirst", o.batchFirst);
    const normFirst = o.normFirst === undefined ? false : checkBool(op, "normFirst", o.normFirst);
    const activation = activationOf(op, o.activation ?? "relu");
    const dt = o.dtype ? { dtype: o.dtype } : {};
    // Construction order = PyTorch's, so the random initial weights are drawn identically.
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: p, batchFirst: this.batchFirst, ...dt });
    this.multihead_attn = new MultiheadAttention(dModel, nhead, { dropout: p, batchFirst: this.batchFirst, ...dt });
    this.linear1 = new Linear(dModel, dff, dt);
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(dff, dModel, dt);
    this.normFirst = normFirst;
    this.norm1 = new LayerNorm(dModel, { eps, ...dt });
    this.norm2 = new LayerNorm(dModel, { eps, ...dt });
    this.norm3 = new LayerNorm(dModel, { eps, ...dt });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    this.dropout3 = new Dropout(p);
    this.activation = activation;
  }

  override forward(
    tgt: Tensor,
    memory: Tensor,
    tgtMask: Tensor | null = null,
    memoryMask: Tensor | null = null,
    tgtKeyPaddingMask: Tensor | null = null,
    memoryKeyPaddingMask: Tensor | null = null,
  ): Tensor {
    let x = tgt;
    if (this.normFirst) {
      x = x.add(this._saBlock(this.norm1.call(x), tgtMask, tgtKeyPaddingMask));
      x = x.add(this._mhaBlock(this.norm2.call(x), memory, memoryMask, memoryKeyPaddingMask));
      x = x.add(this._ffBlock(this.norm3.call(x)));
    } else {
      x = this.norm1.call(x.add(this._saBlock(x, tgtMask, tgtKeyPaddingMask)));
      x = this.norm2.call(x.add(this._mhaBlock(x, memory, memoryMask, memoryKeyPaddingMask)));
      x = this.norm3.call(x.add(this._ffBlock(x)));
    }
    return x;
  }

  private _saBlock(x: Tensor, mask: Tensor | null, kpm: Tensor | null): Tensor {
    const [y] = this.self_attn.call(x, x, x, { attnMask: mask, keyPaddingMask: kpm, needWeights: false });
    return this.dropout1.call(y);
  }

  private _mhaBlock(x: Tensor, mem: Tensor, mask: Tensor | null, kpm: Tensor | null): Tensor {
    const [y] = this.multihead_attn.call(x, mem, mem, { attnMask: mask, keyPaddingMask: kpm, needWeights: false });
    return this.dropout2.call(y);
  }

  private _ffBlock(x: Tensor): Tensor {
    return this.dropout3.call(this.linear2.call(this.dropout.call(this.activation(this.linear1.call(x)))));
  }
}

/**
 * A stack of `numLayers` deep copies of `decoderLayer` (registered as `layers.0`, …) and an
 * optional final norm.
 * `forward(tgt, memory, tgtMask?, memoryMask?, tgtKeyPaddingMask?, memoryKeyPaddingMask?)`.
 * @example new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2), 2).call(torch.randn(4, 3, 8), torch.randn(5, 3, 8)) // fragment
 */
export class TransformerDecoder extends Module {
  layers: ModuleList;
  norm: Module | null;
  constructor(
    decoderLayer: TransformerDecoderLayer,
    readonly numLayers: number,
    ...args: PosOrOpts<[norm: Module | null], { norm?: Module | null }>
  ) {
    super();
    const [n] = splitArgs(TD, args, 2);
    const norm = (n ?? null) as Module | null;
    if (norm !== null && !(norm instanceof Module))
      throw new TypeError(`[TransformerDecoder] norm must be a Module or null: got ${describe(norm)}`);
    if (!(decoderLayer instanceof Module))
      throw new TypeError(`[TransformerDecoder] decoderLayer must be a Module: got ${describe(decoderLayer)}`);
    checkInt("TransformerDecoder", "numLayers", numLayers, 0);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => deepCopyModule(decoderLayer)));
    this.norm = norm;
  }

  override forward(
    tgt: Tensor,
    memory: Tensor,
    tgtMask: Tensor | null = null,
    memoryMask: Tensor | null = null,
    tgtKeyPaddingMask: Tensor | null = null,
    memoryKeyPaddingMask: Tensor | null = null,
  ): Tensor {
    let x = tgt;
    for (const layer of this.layers.children()) {
      x = (layer as TransformerDecoderLayer).call(
        x,
        memory,
        tgtMask,
        memoryMask,
        tgtKeyPaddingMask,
        memoryKeyPaddingMask,
      );
    }
    return this.norm ? (this.norm.call(x) as Tensor) : x;
  }
}

/** Keyword arguments of `Transformer`. */
export interface TransformerOptions extends TransformerDecoderLayerOptions {
  dModel?: number;
  nhead?: number;
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  customEncoder?: Module | null;
  customDecoder?: Module | null;
}

const TR = params(
  "Transformer",
  [
    "dModel",
    "nhead",
    "numEncoderLayers",
    "numDecoderLayers",
    "dimFeedforward",
    "dropout",
    "activation",
    "customEncoder",
    "customDecoder",
    "layerNormEps",
    "batchFirst",
    "normFirst",
  ],
  { kwOnly: ["dtype"] },
);

/**
 * The full encoder–decoder model of "Attention Is All You Need" (`nn.Transformer`; defaults
 * dModel 512, nhead 8, 6 + 6 layers, dimFeedforward 2048, dropout 0.1): parameters with more
 * than one dim are Xavier-uniform initialised.
 * `forward(src, tgt, srcMask?, tgtMask?, memoryMask?, srcKeyPaddingMask?, tgtKeyPaddingMask?, memoryKeyPaddingMask?)`.
 * @example new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16 }).call(torch.randn(5, 2, 8), torch.randn(4, 2, 8)).shape // [4, 2, 8]
 */
export class Transformer extends Module {
  encoder: Module;
  decoder: Module;
  readonly dModel: number;
  readonly nhead: number;
  readonly batchFirst: boolean;
  constructor(
    ...args: PosOrOpts<
      [
        dModel: number,
        nhead: number,
        numEncoderLayers: number,
        numDecoderLayers: number,
        dimFeedforward: number,
        dropout: number,
        activation: "relu" | "gelu" | ((x: Tensor) => Tensor),
        customEncoder: Module | null,
        customDecoder: Module | null,
        layerNormEps: number,
        batchFirst: boolean,
        normFirst: boolean,
      ],
      TransformerOptions
    >
  ) {
    super();
    const op = "Transformer";
    const o = optionsOf<TransformerOptions>(TR, args);
    this.dModel = o.dModel === undefined ? 512 : checkInt(op, "dModel", o.dModel, 1);
    this.nhead = o.nhead === undefined ? 8 : checkInt(op, "nhead", o.nhead, 1);
    const ne = o.numEncoderLayers === undefined ? 6 : checkInt(op, "numEncoderLayers", o.numEncoderLayers, 0);
    const nd = o.numDecoderLayers === undefined ? 6 : checkInt(op, "numDecoderLayers", o.numDecoderLayers, 0);
    this.batchFirst = o.batchFirst === undefined ? false : checkBool(op, "batchFirst", o.batchFirst);
    const eps = o.layerNormEps ?? 1e-5;
    const layerOpts = {
      dimFeedforward: o.dimFeedforward ?? 2048,
      dropout: o.dropout ?? 0.1,
      activation: o.activation ?? "relu",
      layerNormEps: eps,
      batchFirst: this.batchFirst,
      normFirst: o.normFirst ?? false,
      ...(o.dtype ? { dtype: o.dtype } : {}),
    } as const;
    const dt = o.dtype ? { dtype: o.dtype } : {};
    for (const k of ["customEncoder", "customDecoder"] as const) {
      const v = o[k];
      if (v !== undefined && v !== null && !(v instanceof Module))
        throw new TypeError(`[${op}] ${k} must be a Module or null: got ${describe(v)}`);
    }
    this.encoder =
      o.customEncoder ??
      new TransformerEncoder(
        new TransformerEncoderLayer(this.dModel, this.nhead, layerOpts),
        ne,
        new LayerNorm(this.dModel, { eps, ...dt }),
      );
    this.decoder =
      o.customDecoder ??
      new TransformerDecoder(
        new TransformerDecoderLayer(this.dModel, this.nhead, layerOpts),
        nd,
        new LayerNorm(this.dModel, { eps, ...dt }),
      );
    for (const p of this.parameters()) if (p.dim() > 1) init.xavierUniform_(p);
  }

  override forward(
    src: Tensor,
    tgt: Tensor,
    srcMask: Tensor | null = null,
    tgtMask: Tensor | null = null,
    memoryMask: Tensor | null = null,
    srcKeyPaddingMask: Tensor | null = null,
    tgtKeyPaddingMask: Tensor | null = null,
    memoryKeyPaddingMask: Tensor | null = null,
  ): Tensor {
    const batched = src.dim() === 3;
    if (!this.batchFirst && src.shape[1] !== tgt.shape[1] && batched) {
      throw new RangeError(
        `[Transformer] the batch number of src and tgt must be equal: got ${shapeStr(src.shape)} and ${shapeStr(tgt.shape)}`,
      );
    }
    if (this.batchFirst && src.shape[0] !== tgt.shape[0] && batched) {
      throw new RangeError(
        `[Transformer] the batch number of src and tgt must be equal: got ${shapeStr(src.shape)} and ${shapeStr(tgt.shape)}`,
      );
    }
    if (src.shape[src.dim() - 1] !== this.dModel || tgt.shape[tgt.dim() - 1] !== this.dModel) {
      throw new RangeError(
        `[Transformer] the feature number of src and tgt must be equal to d_model (${this.dModel}): got ${shapeStr(src.shape)} and ${shapeStr(tgt.shape)}`,
      );
    }
    const memory = this.encoder.call(src, srcMask, srcKeyPaddingMask) as Tensor;
    return this.decoder.call(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask) as Tensor;
  }

  /**
   * The causal mask: −inf above the diagonal, 0 elsewhere (`Transformer.generate_square_subsequent_mask`).
   * @example nn.Transformer.generateSquareSubsequentMask(3) // [[0, -inf, -inf], [0, 0, -inf], [0, 0, 0]]
   */
  static generateSquareSubsequentMask(sz: number): Tensor {
    checkInt("generateSquareSubsequentMask", "sz", sz, 0);
    return triu(full([sz, sz], -Infinity), 1);
  }
}
