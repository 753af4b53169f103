/**
 * `TransformerEncoderLayer` (self-attention + feed-forward, post- or pre-norm) and
 * `TransformerEncoder` (a stack of deep copies of one layer, optional final norm), with
 * PyTorch's submodule names so state dicts load both ways.
 */
import type { DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { gelu, relu } from "../functional/activation.js";
import { checkBool, checkInt, checkNumber } from "../../util/args.js";
import { optionsOf, params, splitArgs, type PosOrOpts } from "../functional/args.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { MultiheadAttention } from "./attention.js";
import { ModuleList } from "./container.js";
import { Dropout } from "./dropout.js";
import { Linear } from "./linear.js";
import { LayerNorm } from "./norm.js";

/** Keyword arguments of `TransformerEncoderLayer`. */
export interface TransformerEncoderLayerOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: "relu" | "gelu" | ((x: Tensor) => Tensor);
  layerNormEps?: number;
  batchFirst?: boolean;
  normFirst?: boolean;
  dtype?: DType;
}

/**
 * One encoder block: x + SelfAttn(x) then x + FF(x), each followed (or, with `normFirst`,
 * preceded) by a LayerNorm. `forward(src, srcMask?, srcKeyPaddingMask?)`.
 * @example new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16 }).call(torch.randn(5, 3, 8)).shape // [5, 3, 8]
 */
const TEL = params(
  "TransformerEncoderLayer",
  ["dimFeedforward", "dropout", "activation", "layerNormEps", "batchFirst", "normFirst"],
  { kwOnly: ["dtype"] },
);
const TE = params("TransformerEncoder", ["norm", "enableNestedTensor"]);

export class TransformerEncoderLayer extends Module {
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
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
      TransformerEncoderLayerOptions
    >
  ) {
    super();
    const op = "TransformerEncoderLayer";
    const o = optionsOf<TransformerEncoderLayerOptions>(TEL, args, 2);
    checkInt(op, "dModel", dModel, 1);
    checkInt(op, "nhead", nhead, 1);
    const dff = o.dimFeedforward === undefined ? 2048 : checkInt(op, "dimFeedforward", o.dimFeedforward, 1);
    const p = o.dropout === undefined ? 0.1 : checkNumber(op, "dropout", o.dropout, { min: 0, max: 1 });
    const eps = o.layerNormEps === undefined ? 1e-5 : checkNumber(op, "layerNormEps", o.layerNormEps, { min: 0 });
    if (o.batchFirst !== undefined) checkBool(op, "batchFirst", o.batchFirst);
    if (o.normFirst !== undefined) checkBool(op, "normFirst", o.normFirst);
    const dt = o.dtype ? { dtype: o.dtype } : {};
    this.batchFirst = o.batchFirst ?? false;
    // Construction order = PyTorch's, so the random initial weights are drawn identically.
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: p, batchFirst: this.batchFirst, ...dt });
    this.linear1 = new Linear(dModel, dff, dt);
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(dff, dModel, dt);
    this.normFirst = o.normFirst ?? false;
    this.norm1 = new LayerNorm(dModel, { eps, ...dt });
    this.norm2 = new LayerNorm(dModel, { eps, ...dt });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    const act = o.activation ?? "relu";
    if (typeof act === "function") this.activation = act;
    else if (act === "relu") this.activation = relu;
    else if (act === "gelu") this.activation = (x: Tensor) => gelu(x);
    else throw new RangeError(`[TransformerEncoderLayer] activation should be relu/gelu, not ${String(act)}`);
  }

  override forward(src: Tensor, srcMask: Tensor | null = null, srcKeyPaddingMask: Tensor | null = null): Tensor {
    let x = src;
    if (this.normFirst) {
      x = x.add(this._saBlock(this.norm1.call(x), srcMask, srcKeyPaddingMask));
      x = x.add(this._ffBlock(this.norm2.call(x)));
    } else {
      x = this.norm1.call(x.add(this._saBlock(x, srcMask, srcKeyPaddingMask)));
      x = this.norm2.call(x.add(this._ffBlock(x)));
    }
    return x;
  }

  private _saBlock(x: Tensor, mask: Tensor | null, kpm: Tensor | null): Tensor {
    const [y] = this.self_attn.call(x, x, x, { attnMask: mask, keyPaddingMask: kpm, needWeights: false });
    return this.dropout1.call(y);
  }

  private _ffBlock(x: Tensor): Tensor {
    return this.dropout2.call(this.linear2.call(this.dropout.call(this.activation(this.linear1.call(x)))));
  }
}

/** A deep copy of a module: fresh parameters/buffers with the same values, same settings. */
export function deepCopyModule<M extends Module>(m: M): M {
  const memo = new Map<unknown, unknown>();
  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (memo.has(v)) return memo.get(v);
    if (v instanceof Tensor) {
      const data = v.detach().clone();
      const t = v instanceof Parameter ? new Parameter(data, v.requiresGrad) : data;
      memo.set(v, t);
      return t;
    }
    if (Array.isArray(v)) {
      const a: unknown[] = [];
      memo.set(v, a);
      for (const x of v) a.push(copy(x));
      return a;
    }
    if (v instanceof Map) {
      const r = new Map();
      memo.set(v, r);
      for (const [k, x] of v) r.set(k, copy(x));
      return r;
    }
    if (v instanceof Set) {
      const r = new Set();
      memo.set(v, r);
      for (const x of v) r.add(copy(x));
      return r;
    }
    const r = Object.create(Object.getPrototypeOf(v) as object) as Record<string, unknown>;
    memo.set(v, r);
    for (const key of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key)!;
      if ("value" in d) d.value = copy(d.value);
      Object.defineProperty(r, key, d);
    }
    return r;
  };
  return copy(m) as M;
}

/**
 * A stack of `numLayers` deep copies of `encoderLayer` (registered as `layers.0`, …) and an
 * optional final norm. `forward(src, mask?, srcKeyPaddingMask?)`.
 * @example new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2), 3).call(torch.randn(5, 3, 8))
 */
export class TransformerEncoder extends Module {
  layers: ModuleList;
  norm: Module | null;
  constructor(
    encoderLayer: TransformerEncoderLayer,
    readonly numLayers: number,
    ...args: PosOrOpts<
      [norm: Module | null, enableNestedTensor: boolean],
      { norm?: Module | null; enableNestedTensor?: boolean }
    >
  ) {
    super();
    const [n, nested] = splitArgs(TE, args, 2);
    // enable_nested_tensor is a speed hint in PyTorch; results are the same without it.
    if (nested !== undefined) checkBool("TransformerEncoder", "enableNestedTensor", nested);
    const norm = (n ?? null) as Module | null;
    if (norm !== null && !(norm instanceof Module))
      throw new TypeError(`[TransformerEncoder] norm must be a Module or null: got ${typeof norm}`);
    if (!(encoderLayer instanceof Module))
      throw new TypeError(`[TransformerEncoder] encoderLayer must be a Module: got ${typeof encoderLayer}`);
    checkInt("TransformerEncoder", "numLayers", numLayers, 0);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => deepCopyModule(encoderLayer)));
    this.norm = norm;
  }

  override forward(src: Tensor, mask: Tensor | null = null, srcKeyPaddingMask: Tensor | null = null): Tensor {
    let x = src;
    for (const layer of this.layers.children()) x = (layer as TransformerEncoderLayer).call(x, mask, srcKeyPaddingMask);
    return this.norm ? (this.norm.call(x) as Tensor) : x;
  }
}
