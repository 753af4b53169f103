/**
 * Keras' `Layer` on top of `nn.Module`: built lazily from the first input's shape (Keras
 * semantics), named like Keras (`dense`, `dense_1`, …), checking input shapes once built so a
 * learner sees which layer expected which shape. Layers can be created with or without `new`.
 */
import { isFloatingPoint } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import * as F from "../../nn/functional/index.js";
import { Module } from "../../nn/module.js";
import { noGrad } from "../../autograd/mode.js";
import { checkArity, checkBool, checkOptions, describe, optionKeys, type OptionKeys } from "../../util/args.js";
import { checkShape, checkString, unknownName } from "../check.js";

/** Options every layer accepts. */
export interface LayerOptions {
  /** The input shape without the batch axis (only meaningful on the first layer). */
  inputShape?: readonly number[];
  /** Layer name; defaults to the snake-case class name with a counter (`dense_1`). */
  name?: string;
}

/** The keys every layer accepts (`name`, `inputShape`); subclasses add theirs with `mergeKeys`. */
export const LAYER_KEYS = optionKeys("inputShape", "name");

const counters = new Map<string, number>();

/** Options of `layer.call(x, opts)`. */
export interface CallOptions {
  /** Training mode (Dropout active, BatchNormalization on batch statistics, graph recorded); default false. */
  training?: boolean;
}
const CALL_KEYS = optionKeys("training");

/** The `training` flag of the enclosing Keras call (null outside any): nested layers inherit it. */
let callTraining: boolean | null = null;

/** How each layer was created (its factory's class name and arguments), for `model.save`. */
export const layerConfigs = new WeakMap<object, { className: string; args: unknown[] }>();

/** Keras' `unique_object_name`: `dense`, `dense_1`, `dense_2`, … per session. */
export function uniqueName(base: string): string {
  const n = counters.get(base) ?? 0;
  counters.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/** Resets the name counters (Keras' `clear_session`). @example keras.backend.clearSession() */
export function resetNames(): void {
  counters.clear();
}

function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/(\d)_d$/, "$1d"); // Conv2D → conv2d as Keras
}

/** `[32,784]` / `[null,28,28]`. */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? "null" : d)).join(",")}]`;
}

/** Base of the Keras layers; subclasses implement `build(inputShape)` and `compute(x)`. */
export abstract class Layer extends Module {
  /** Keras name of this layer. */
  readonly name: string;
  /** Declared input shape without the batch axis (from `inputShape`/`layers.Input`). */
  inputShape: number[] | null;
  /** Whether `build` ran. */
  built = false;
  /** Shape the built layer expects (null: any size); `undefined` entries are not checked. */
  protected expected: (number | null)[] | null = null;

  /**
   * @param opts `name` and `inputShape` plus the subclass's options, checked against `keys`
   *   (Keras raises on keyword arguments a layer does not understand; so do we).
   */
  constructor(opts: LayerOptions = {}, keys: OptionKeys = LAYER_KEYS) {
    super();
    checkOptions(this.callee, opts, keys);
    if (opts.name !== undefined) checkString(this.callee, "name", opts.name);
    this.name = opts.name ?? uniqueName(snake(this.className));
    this.inputShape = opts.inputShape !== undefined ? checkShape(this.callee, "inputShape", opts.inputShape) : null;
  }

  /** How errors about this layer's arguments name it: `keras.layers.Dense`. */
  get callee(): string {
    return `keras.layers.${this.className}`;
  }

  /** Creates the weights for `inputShape` (batch axis included). */
  protected build(_inputShape: readonly number[]): void {}

  /** The computation on a checked input. */
  protected abstract compute(x: Tensor): Tensor;

  /** The Keras class name shown by `summary()`. */
  get className(): string {
    return this.constructor.name.replace(/(Layer|Model)$/, "");
  }

  /** Tells train/ (`StepByStep`) that `call(x, { training })` sets the mode, inference by default. */
  get callTakesTraining(): true {
    return true;
  }

  /** Checks `x` against the declared or built shape; throws naming the layer. */
  checkInput(x: Tensor): void {
    const exp = this.expected ?? (this.inputShape ? [null, ...this.inputShape] : null);
    if (exp === null) return;
    const ok = x.dim() === exp.length && exp.every((d, i) => d === null || d === x.shape[i]);
    if (!ok) {
      throw new RangeError(
        `[keras] Input 0 of layer "${this.name}" (${this.className}) is incompatible with the layer: got shape ${shapeText(x.shape)}, expected shape ${shapeText(exp)}`,
      );
    }
  }

  /**
   * Runs the layer as Keras' `layer(x, training=…)`: inference by default (Dropout off,
   * BatchNormalization on its moving statistics, no autograd graph); `{ training: true }` trains.
   * Layers called inside a model's call inherit its mode; `fit` calls with `{ training: true }`.
   * @example model.call(x) // inference; model.call(x, { training: true }) // Dropout active
   */
  override call(...args: Parameters<this["forward"]>): ReturnType<this["forward"]> {
    const a = args as unknown[];
    const op = `${this.callee}.call`;
    if (a.length > 2) checkArity(op, a.length, 2);
    const opts = a[1] as CallOptions | undefined;
    if (opts !== undefined) {
      checkOptions(op, opts, CALL_KEYS);
      if (opts.training !== undefined) checkBool(op, "training", opts.training);
    }
    const training = opts?.training ?? callTraining ?? false;
    const outer = callTraining;
    const wasTraining = this.training;
    callTraining = training;
    if (wasTraining !== training) this.train(training);
    try {
      const run = (): ReturnType<this["forward"]> => super.call(...([a[0]] as unknown as Parameters<this["forward"]>));
      return training ? run() : noGrad(run);
    } finally {
      callTraining = outer;
      if (wasTraining !== training) this.train(wasTraining);
    }
  }

  /** The layer's computation (`call` adds Keras' training semantics around it). */
  override forward(x: Tensor, _opts?: CallOptions): Tensor {
    if (!this.built) {
      if (this.inputShape) this.checkInput(x);
      this.build(x.shape);
      this.built = true;
    }
    this.checkInput(x);
    return this.compute(x);
  }
}

/** A layer class usable as `layers.Dense(…)` or `new layers.Dense(…)`. */
export type Callable<A extends unknown[], T> = { new (...a: A): T; (...a: A): T; prototype: T };

/** Wraps a class so calling it without `new` also constructs (TF.js/Keras style). */
export function callable<A extends unknown[], T>(C: new (...a: A) => T, maxArgs: number): Callable<A, T> {
  const name = C.name.replace(/Layer$/, "");
  const f = function (...a: A): T {
    checkArity(`keras.layers.${name}`, a.length, maxArgs);
    const layer = new C(...a);
    layerConfigs.set(layer as object, { className: name, args: a });
    return layer;
  };
  f.prototype = C.prototype;
  Object.defineProperty(f, "name", { value: name });
  return f as unknown as Callable<A, T>;
}

/** A Keras activation name or a function. */
export type ActivationArg = string | ((x: Tensor) => Tensor) | null | undefined;

const ACTIVATIONS: Record<string, (x: Tensor) => Tensor> = {
  linear: (x) => x,
  relu: F.relu,
  sigmoid: F.sigmoid,
  tanh: F.tanh,
  softmax: (x) => F.softmax(x, -1),
  log_softmax: (x) => F.logSoftmax(x, -1),
  elu: (x) => F.elu(x),
  selu: F.selu,
  gelu: (x) => F.gelu(x),
  swish: F.silu,
  silu: F.silu,
  softplus: (x) => F.softplus(x),
  softsign: F.softsign,
  relu6: F.relu6,
  leaky_relu: (x) => F.leakyRelu(x, 0.2),
  hard_sigmoid: F.hardsigmoid,
  exponential: (x) => x.exp(),
  mish: F.mish,
};

/**
 * Resolves a Keras activation (`"relu"`, `"softmax"`, …, a function, or none → linear).
 * @example getActivation("relu")(x)
 */
export function getActivation(a: ActivationArg, callee = "keras"): (x: Tensor) => Tensor {
  if (a === null || a === undefined) return ACTIVATIONS.linear!;
  if (typeof a === "function") return a;
  if (typeof a !== "string")
    throw new TypeError(`[${callee}] activation must be a name such as "relu" or a function: got ${describe(a)}`);
  const key = Object.hasOwn(ACTIVATIONS, a) ? a : snake(a);
  if (!Object.hasOwn(ACTIVATIONS, key)) throw unknownName(callee, "activation", a, Object.keys(ACTIVATIONS));
  return ACTIVATIONS[key]!;
}

/** Keras casts inputs to the layer's float dtype. */
export function toFloat(x: Tensor): Tensor {
  return isFloatingPoint(x.dtype) ? x : x.to("float32");
}
