/**
 * Core Keras layers: `Dense`, `Flatten`, `Dropout`, `Softmax`, `Activation`, `Reshape`, `Input`.
 * Weights live in the `nn` modules they wrap (Dense → nn.Linear), initialised as Keras does:
 * kernels glorot-uniform, biases zeros (drawn from torch's global generator).
 */
import { noGrad } from "../../autograd/mode.js";
import type { Tensor } from "../../tensor/tensor.js";
import * as F from "../../nn/functional/index.js";
import * as init from "../../nn/init.js";
import { Linear } from "../../nn/layers/linear.js";
import { checkBool, checkInt, checkOptions, mergeKeys, optionKeys } from "../../util/args.js";
import { checkFraction, checkPositiveInt, checkShape, checkString } from "../check.js";
import { callable, getActivation, Layer, LAYER_KEYS, toFloat, type ActivationArg, type LayerOptions } from "./base.js";

const DENSE_KEYS = mergeKeys(LAYER_KEYS, ["activation", "useBias"]);
const SOFTMAX_KEYS = mergeKeys(LAYER_KEYS, ["axis"]);
const INPUT_KEYS = optionKeys("shape", "name");

/** Options of `Dense`. */
export interface DenseOptions extends LayerOptions {
  activation?: ActivationArg;
  useBias?: boolean;
}

/** y = activation(x·W + b) on the last axis. */
export class DenseLayer extends Layer {
  readonly units: number;
  readonly activation: (x: Tensor) => Tensor;
  readonly useBias: boolean;
  linear: Linear | null = null;
  constructor(units: number, opts: DenseOptions = {}) {
    super(opts, DENSE_KEYS);
    this.units = checkPositiveInt(this.callee, "units", units);
    this.activation = getActivation(opts.activation, this.callee);
    this.useBias = opts.useBias === undefined ? true : checkBool(this.callee, "useBias", opts.useBias);
  }
  protected override build(shape: readonly number[]): void {
    if (shape.length < 2)
      throw new RangeError(
        `[keras] Input 0 of layer "${this.name}" (Dense) must have at least 2 dimensions (batch, features): got shape [${shape}]`,
      );
    const inF = shape[shape.length - 1]!;
    this.linear = new Linear(inF, this.units, { bias: this.useBias });
    noGrad(() => {
      init.xavierUniform_(this.linear!.weight);
      if (this.linear!.bias) init.zeros_(this.linear!.bias);
    });
    this.expected = [...shape.slice(0, -1).map(() => null), inF];
  }
  protected compute(x: Tensor): Tensor {
    return this.activation(this.linear!.call(toFloat(x)));
  }
}

/** Flattens all axes but the batch axis. */
export class FlattenLayer extends Layer {
  protected compute(x: Tensor): Tensor {
    return x.reshape(x.shape[0]!, -1);
  }
}

/** Options of `Dropout`. */
export type DropoutOptions = LayerOptions;

/** Zeroes a fraction `rate` of the inputs during training (scaling the rest by 1/(1-rate)). */
export class DropoutLayer extends Layer {
  constructor(
    readonly rate: number,
    opts: DropoutOptions = {},
  ) {
    super(opts);
    checkFraction(this.callee, "rate", rate);
  }
  protected compute(x: Tensor): Tensor {
    return F.dropout(x, this.rate, this.training);
  }
}

/** Options of `Softmax`. */
export interface SoftmaxOptions extends LayerOptions {
  axis?: number;
}

/** Softmax over `axis` (default -1). */
export class SoftmaxLayer extends Layer {
  readonly axis: number;
  constructor(opts: SoftmaxOptions = {}) {
    super(opts, SOFTMAX_KEYS);
    this.axis = opts.axis === undefined ? -1 : checkInt(this.callee, "axis", opts.axis, -Infinity);
  }
  protected compute(x: Tensor): Tensor {
    return F.softmax(toFloat(x), this.axis);
  }
}

/** Applies an activation by name (`"relu"`) or function. */
export class ActivationLayer extends Layer {
  readonly fn: (x: Tensor) => Tensor;
  constructor(activation: ActivationArg, opts: LayerOptions = {}) {
    super(opts);
    if (activation === undefined || activation === null)
      throw new TypeError(
        `[${this.callee}] an activation is required: got ${String(activation)}, expected e.g. "relu"`,
      );
    this.fn = getActivation(activation, this.callee);
  }
  protected compute(x: Tensor): Tensor {
    return this.fn(toFloat(x));
  }
}

/** Reshapes each sample to `targetShape` (one entry may be -1). */
export class ReshapeLayer extends Layer {
  readonly targetShape: number[];
  constructor(targetShape: readonly number[], opts: LayerOptions = {}) {
    super(opts);
    if (!Array.isArray(targetShape) || targetShape.length === 0)
      throw new TypeError(
        `[${this.callee}] targetShape must be a non-empty array of integers: got ${String(targetShape)}`,
      );
    targetShape.forEach((d, i) => {
      if (d !== -1) checkPositiveInt(this.callee, `targetShape[${i}]`, d);
    });
    if (targetShape.filter((d) => d === -1).length > 1)
      throw new RangeError(`[${this.callee}] targetShape may hold at most one -1: got [${targetShape.join(",")}]`);
    this.targetShape = [...targetShape];
  }
  protected compute(x: Tensor): Tensor {
    const per = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const fits = this.targetShape.includes(-1) ? known > 0 && per % known === 0 : known === per;
    if (!fits)
      throw new RangeError(
        `[keras] layer "${this.name}" (Reshape) cannot reshape samples of shape [${x.shape.slice(1)}] (${per} values) to [${this.targetShape}]`,
      );
    return x.reshape(x.shape[0]!, ...this.targetShape);
  }
}

/** Options of `Input`. */
export interface InputOptions {
  shape: readonly number[];
  name?: string;
}

/** Declares the input shape of a `Sequential` model (`layers.Input({ shape: [28, 28] })`). */
export class InputLayer extends Layer {
  constructor(opts: InputOptions) {
    super(inputArgs(opts));
  }
  protected compute(x: Tensor): Tensor {
    return x;
  }
}

function inputArgs(opts: InputOptions): LayerOptions {
  if (opts === undefined)
    throw new TypeError("[keras.layers.Input] a shape is required: got none, expected { shape: [28, 28] }");
  checkOptions("keras.layers.Input", opts, INPUT_KEYS);
  if (opts.shape === undefined)
    throw new TypeError("[keras.layers.Input] a shape is required: got none, expected { shape: [28, 28] }");
  checkShape("keras.layers.Input", "shape", opts.shape);
  if (opts.name !== undefined) checkString("keras.layers.Input", "name", opts.name);
  return opts.name === undefined ? { inputShape: opts.shape } : { inputShape: opts.shape, name: opts.name };
}

/** @example layers.Dense(128, { activation: "relu" }) */
export const Dense = callable(DenseLayer, 2);
/** @example layers.Flatten({ inputShape: [28, 28] }) */
export const Flatten = callable(FlattenLayer, 1);
/** @example layers.Dropout(0.2) */
export const Dropout = callable(DropoutLayer, 2);
/** @example layers.Softmax() */
export const Softmax = callable(SoftmaxLayer, 1);
/** @example layers.Activation("relu") */
export const Activation = callable(ActivationLayer, 2);
/** @example layers.Reshape([28, 28, 1]) */
export const Reshape = callable(ReshapeLayer, 2);
/** @example layers.Input({ shape: [28, 28] }) */
export const Input = callable(InputLayer, 1);
