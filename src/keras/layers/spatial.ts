/**
 * Image layers with Keras' channels-last layout (`[N, H, W, C]`): `Conv2D`, `MaxPooling2D`,
 * `AveragePooling2D`, `GlobalAveragePooling2D`, and the normalisation layers
 * `BatchNormalization` (any rank, last axis) and `LayerNormalization`. Internally the input is
 * permuted to PyTorch's `[N, C, H, W]` for the wrapped `nn` modules and permuted back.
 */
import { noGrad } from "../../autograd/mode.js";
import type { Tensor } from "../../tensor/tensor.js";
import * as F from "../../nn/functional/index.js";
import * as init from "../../nn/init.js";
import { Conv2d } from "../../nn/layers/conv.js";
import { BatchNorm1d, BatchNorm2d, LayerNorm } from "../../nn/layers/norm.js";
import { checkBool, checkNumber, checkOneOf, mergeKeys } from "../../util/args.js";
import { checkPair, checkPositiveInt } from "../check.js";
import { callable, getActivation, Layer, LAYER_KEYS, toFloat, type ActivationArg, type LayerOptions } from "./base.js";

const CONV_KEYS = mergeKeys(LAYER_KEYS, ["strides", "padding", "activation", "useBias", "dilationRate"]);
const POOL_KEYS = mergeKeys(LAYER_KEYS, ["poolSize", "strides", "padding"]);
const BN_KEYS = mergeKeys(LAYER_KEYS, ["momentum", "epsilon"]);
const LN_KEYS = mergeKeys(LAYER_KEYS, ["epsilon"]);
const toNCHW = (x: Tensor) => x.permute(0, 3, 1, 2);
const toNHWC = (x: Tensor) => x.permute(0, 2, 3, 1);

/** TF's "same" padding: out = ceil(in / s), the extra pixel goes after. */
function samePad(size: number, k: number, s: number): [number, number] {
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + k - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

function check4d(layer: Layer, x: Tensor): void {
  if (x.dim() !== 4)
    throw new RangeError(
      `[keras] Input 0 of layer "${layer.name}" (${layer.className}) is incompatible with the layer: got shape [${x.shape}], expected a 4-D channels-last batch [null,height,width,channels]`,
    );
}

/** Options of `Conv2D`. */
export interface Conv2DOptions extends LayerOptions {
  strides?: number | readonly number[];
  padding?: "valid" | "same";
  activation?: ActivationArg;
  useBias?: boolean;
  dilationRate?: number | readonly number[];
}

/** 2-D convolution on `[N, H, W, C]`; kernels glorot-uniform, biases zeros. */
export class Conv2DLayer extends Layer {
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: "valid" | "same";
  readonly activation: (x: Tensor) => Tensor;
  readonly useBias: boolean;
  readonly dilation: [number, number];
  conv: Conv2d | null = null;
  constructor(
    readonly filters: number,
    kernelSize: number | readonly number[],
    opts: Conv2DOptions = {},
  ) {
    super(opts, CONV_KEYS);
    const c = this.callee;
    checkPositiveInt(c, "filters", filters);
    this.kernelSize = checkPair(c, "kernelSize", kernelSize);
    this.strides = checkPair(c, "strides", opts.strides ?? 1);
    this.padding = checkOneOf(c, "padding", opts.padding ?? "valid", ["valid", "same"]);
    this.activation = getActivation(opts.activation, c);
    this.useBias = opts.useBias === undefined ? true : checkBool(c, "useBias", opts.useBias);
    this.dilation = checkPair(c, "dilationRate", opts.dilationRate ?? 1);
  }
  protected override build(shape: readonly number[]): void {
    check4d(this, { dim: () => shape.length, shape } as unknown as Tensor);
    const c = shape[3]!;
    this.conv = new Conv2d(c, this.filters, this.kernelSize, {
      stride: this.strides,
      dilation: this.dilation,
      bias: this.useBias,
    });
    noGrad(() => {
      init.xavierUniform_(this.conv!.weight);
      if (this.conv!.bias) init.zeros_(this.conv!.bias);
    });
    this.expected = [null, null, null, c];
  }
  protected compute(x: Tensor): Tensor {
    let t = toNCHW(toFloat(x));
    if (this.padding === "same") {
      const [kh, kw] = this.kernelSize.map((k, i) => (k - 1) * this.dilation[i]! + 1) as [number, number];
      const [t0, b0] = samePad(x.shape[1]!, kh, this.strides[0]);
      const [l0, r0] = samePad(x.shape[2]!, kw, this.strides[1]);
      if (t0 + b0 + l0 + r0 > 0) t = F.pad(t, [l0, r0, t0, b0]);
    }
    return this.activation(toNHWC(this.conv!.call(t)));
  }
}

/** Options of the pooling layers. */
export interface Pool2DOptions extends LayerOptions {
  poolSize?: number | readonly number[];
  /** Defaults to `poolSize`. */
  strides?: number | readonly number[] | null;
  padding?: "valid";
}

abstract class Pool2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  constructor(opts: Pool2DOptions = {}) {
    super(opts, POOL_KEYS);
    this.poolSize = checkPair(this.callee, "poolSize", opts.poolSize ?? 2);
    this.strides = checkPair(this.callee, "strides", opts.strides ?? this.poolSize);
    if ((opts.padding ?? "valid") !== "valid")
      throw new RangeError(`[${this.callee}] only padding "valid" is supported: got ${JSON.stringify(opts.padding)}`);
  }
  protected override build(shape: readonly number[]): void {
    check4d(this, { dim: () => shape.length, shape } as unknown as Tensor);
  }
}

/** Max pooling on `[N, H, W, C]`. */
export class MaxPooling2DLayer extends Pool2D {
  protected compute(x: Tensor): Tensor {
    check4d(this, x);
    return toNHWC(F.maxPool2d(toNCHW(toFloat(x)), this.poolSize, this.strides) as Tensor);
  }
}

/** Average pooling on `[N, H, W, C]`. */
export class AveragePooling2DLayer extends Pool2D {
  protected compute(x: Tensor): Tensor {
    check4d(this, x);
    return toNHWC(F.avgPool2d(toNCHW(toFloat(x)), this.poolSize, this.strides));
  }
}

/** Mean over the spatial axes: `[N, H, W, C]` → `[N, C]`. */
export class GlobalAveragePooling2DLayer extends Layer {
  protected compute(x: Tensor): Tensor {
    check4d(this, x);
    return toFloat(x).mean([1, 2]);
  }
}

/** Options of `BatchNormalization`. */
export interface BatchNormalizationOptions extends LayerOptions {
  /** Keras' moving-average momentum (0.99; PyTorch's momentum is 1 - this). */
  momentum?: number;
  epsilon?: number;
}

/** Batch normalisation over the last axis (Keras defaults: momentum 0.99, epsilon 1e-3). */
export class BatchNormalizationLayer extends Layer {
  readonly momentum: number;
  readonly epsilon: number;
  bn: BatchNorm1d | BatchNorm2d | null = null;
  constructor(opts: BatchNormalizationOptions = {}) {
    super(opts, BN_KEYS);
    this.momentum = checkNumber(this.callee, "momentum", opts.momentum ?? 0.99, { min: 0, max: 1 });
    this.epsilon = checkNumber(this.callee, "epsilon", opts.epsilon ?? 1e-3, { min: 0, minExclusive: true });
  }
  protected override build(shape: readonly number[]): void {
    const c = shape[shape.length - 1]!;
    const o = { eps: this.epsilon, momentum: 1 - this.momentum };
    this.bn = shape.length === 4 ? new BatchNorm2d(c, o) : new BatchNorm1d(c, o);
    this.expected = [...shape.slice(0, -1).map(() => null), c];
  }
  protected compute(x: Tensor): Tensor {
    const t = toFloat(x);
    if (x.dim() === 4) return toNHWC(this.bn!.call(toNCHW(t)));
    if (x.dim() === 2) return this.bn!.call(t);
    // [N, …, C]: channels to axis 1 for BatchNorm1d's [N, C, L]
    const flat = t.reshape(t.shape[0]!, -1, t.shape[t.dim() - 1]!).transpose(1, 2);
    return this.bn!.call(flat).transpose(1, 2).reshape(t.shape);
  }
}

/** Options of `LayerNormalization`. */
export interface LayerNormalizationOptions extends LayerOptions {
  epsilon?: number;
}

/** Layer normalisation over the last axis (Keras epsilon 1e-3). */
export class LayerNormalizationLayer extends Layer {
  readonly epsilon: number;
  ln: LayerNorm | null = null;
  constructor(opts: LayerNormalizationOptions = {}) {
    super(opts, LN_KEYS);
    this.epsilon = checkNumber(this.callee, "epsilon", opts.epsilon ?? 1e-3, { min: 0, minExclusive: true });
  }
  protected override build(shape: readonly number[]): void {
    const c = shape[shape.length - 1]!;
    this.ln = new LayerNorm([c], { eps: this.epsilon });
    this.expected = [...shape.slice(0, -1).map(() => null), c];
  }
  protected compute(x: Tensor): Tensor {
    return this.ln!.call(toFloat(x));
  }
}

/** @example layers.Conv2D(32, 3, { activation: "relu" }) */
export const Conv2D = callable(Conv2DLayer, 3);
/** @example layers.MaxPooling2D({ poolSize: 2 }) */
export const MaxPooling2D = callable(MaxPooling2DLayer, 1);
/** @example layers.AveragePooling2D() */
export const AveragePooling2D = callable(AveragePooling2DLayer, 1);
/** @example layers.GlobalAveragePooling2D() */
export const GlobalAveragePooling2D = callable(GlobalAveragePooling2DLayer, 1);
/** @example layers.BatchNormalization() */
export const BatchNormalization = callable(BatchNormalizationLayer, 1);
/** @example layers.LayerNormalization() */
export const LayerNormalization = callable(LayerNormalizationLayer, 1);
