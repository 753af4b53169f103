/**
 * Keras losses (`keras.losses`): called `loss.call(yTrue, yPred, sampleWeight?)` — note Keras'
 * argument order — they compute one value per sample (the mean over the last axis for the
 * regression and binary losses) and return the weighted mean over the batch
 * (`sum_over_batch_size`). Built on `nn.functional`.
 */
import { isFloatingPoint } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import * as F from "../nn/functional/index.js";
import { checkBool, checkNumber, checkOptions, describe, optionKeys, type OptionKeys } from "../util/args.js";
import { unknownName } from "./check.js";

const SPARSE_KEYS = optionKeys("fromLogits");
const CE_KEYS = optionKeys("fromLogits", "labelSmoothing");
const HUBER_KEYS = optionKeys("delta");
const NO_KEYS = optionKeys();

/** Checks a loss's options: known keys, `fromLogits` a boolean, `labelSmoothing` in [0, 1]. */
function checkLossOpts(name: string, opts: unknown, keys: OptionKeys): void {
  const op = `keras.losses.${name}`;
  checkOptions(op, opts, keys);
  const o = (opts ?? {}) as CrossentropyOptions;
  if (o.fromLogits !== undefined) checkBool(op, "fromLogits", o.fromLogits);
  if (o.labelSmoothing !== undefined) checkNumber(op, "labelSmoothing", o.labelSmoothing, { min: 0, max: 1 });
}

function checkTensors(op: string, yTrue: unknown, yPred: unknown, sampleWeight: unknown): void {
  if (!(yTrue instanceof Tensor)) throw new TypeError(`[${op}] yTrue must be a Tensor: got ${describe(yTrue)}`);
  if (!(yPred instanceof Tensor)) throw new TypeError(`[${op}] yPred must be a Tensor: got ${describe(yPred)}`);
  if (sampleWeight !== undefined && sampleWeight !== null && !(sampleWeight instanceof Tensor))
    throw new TypeError(`[${op}] sampleWeight must be a Tensor or null: got ${describe(sampleWeight)}`);
}

const EPS = 1e-7; // Keras' backend epsilon

/** Base class of the Keras losses. */
export abstract class Loss {
  /** Keras' name in snake case (`sparse_categorical_crossentropy`). */
  abstract readonly name: string;
  /** One loss value per sample. */
  abstract perSample(yTrue: Tensor, yPred: Tensor): Tensor;
  /**
   * Mean over the batch of the per-sample losses (weighted by `sampleWeight` when given).
   * @example new losses.MeanSquaredError().call(yTrue, yPred) // fragment
   */
  call(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): Tensor {
    checkTensors(`keras.losses.${this.constructor.name || this.name}`, yTrue, yPred, sampleWeight);
    const l = this.perSample(yTrue, isFloatingPoint(yPred.dtype) ? yPred : yPred.to("float32"));
    if (sampleWeight === null || sampleWeight === undefined) return l.mean();
    return l.mul(sampleWeight.to(l.dtype).reshape(l.shape)).sum().div(l.numel());
  }
}

/** Options of the cross-entropy losses. */
export interface CrossentropyOptions {
  /** `yPred` are logits (no softmax/sigmoid applied yet). */
  fromLogits?: boolean;
  labelSmoothing?: number;
}

/** Checks integer class labels against the model's output width, explaining the fix. */
export function checkLabels(op: string, labels: Tensor, classes: number): void {
  if (labels.numel() === 0) return;
  const hi = Number(labels.max().item());
  const lo = Number(labels.min().item());
  if (lo < 0 || hi >= classes) {
    const bad = lo < 0 ? lo : hi;
    throw new RangeError(
      `[${op}] label ${bad} is out of range for a model output of ${classes} unit${classes === 1 ? "" : "s"}: labels must be in [0, ${classes - 1}]` +
        (bad >= classes ? `; the last layer needs at least ${hi + 1} units (e.g. layers.Dense(${hi + 1}))` : ""),
    );
  }
}

/** Integer labels and class scores: `-log softmax(yPred)[yTrue]` per sample. */
export class SparseCategoricalCrossentropy extends Loss {
  readonly name = "sparse_categorical_crossentropy";
  readonly fromLogits: boolean;
  constructor(opts: { fromLogits?: boolean } = {}) {
    super();
    checkLossOpts("SparseCategoricalCrossentropy", opts, SPARSE_KEYS);
    this.fromLogits = opts.fromLogits ?? false;
  }
  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    const C = yPred.shape[yPred.dim() - 1]!;
    const lead = yPred.shape.slice(0, -1);
    if (yTrue.numel() !== lead.reduce((a, b) => a * b, 1))
      throw new RangeError(
        `[SparseCategoricalCrossentropy] labels of shape [${yTrue.shape}] do not match predictions of shape [${yPred.shape}]: expected one integer label per row (shape [${lead}])`,
      );
    // Labels on webgpu cannot be read synchronously: fit/evaluate checked them on the CPU.
    const onCpu = yTrue.storage.device === "cpu";
    if (onCpu && isFloatingPoint(yTrue.dtype) && yTrue.ne(yTrue.floor()).any().item())
      throw new TypeError(
        "[SparseCategoricalCrossentropy] labels must be integer class indices: got fractional values (one-hot labels need CategoricalCrossentropy)",
      );
    const y = yTrue.reshape(-1).to("int64");
    if (onCpu) checkLabels("SparseCategoricalCrossentropy", y, C);
    const p = yPred.reshape(-1, C);
    const logp = this.fromLogits ? F.logSoftmax(p, -1) : p.clamp(EPS, 1 - EPS).log();
    return logp.gather(1, y.unsqueeze(1)).neg().reshape(lead);
  }
}

/** One-hot (or probability) labels: `-Σ yTrue·log p` per sample. */
export class CategoricalCrossentropy extends Loss {
  readonly name = "categorical_crossentropy";
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  constructor(opts: CrossentropyOptions = {}) {
    super();
    checkLossOpts("CategoricalCrossentropy", opts, CE_KEYS);
    this.fromLogits = opts.fromLogits ?? false;
    this.labelSmoothing = opts.labelSmoothing ?? 0;
  }
  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    if (yTrue.shape.join() !== yPred.shape.join())
      throw new RangeError(
        `[CategoricalCrossentropy] labels of shape [${yTrue.shape}] do not match predictions of shape [${yPred.shape}]: expected one-hot labels of the same shape (integer labels need SparseCategoricalCrossentropy)`,
      );
    const C = yPred.shape[yPred.dim() - 1]!;
    let t = yTrue.to(yPred.dtype);
    if (this.labelSmoothing > 0) t = t.mul(1 - this.labelSmoothing).add(this.labelSmoothing / C);
    const logp = this.fromLogits
      ? F.logSoftmax(yPred, -1)
      : yPred
          .div(yPred.sum(-1, true))
          .clamp(EPS, 1 - EPS)
          .log();
    return t.mul(logp).sum(-1).neg();
  }
}

/** 0/1 labels and one probability (or logit) per output: mean BCE over the last axis. */
export class BinaryCrossentropy extends Loss {
  readonly name = "binary_crossentropy";
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  constructor(opts: CrossentropyOptions = {}) {
    super();
    checkLossOpts("BinaryCrossentropy", opts, CE_KEYS);
    this.fromLogits = opts.fromLogits ?? false;
    this.labelSmoothing = opts.labelSmoothing ?? 0;
  }
  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    let t = matchShape("BinaryCrossentropy", yTrue, yPred);
    // Keras: labels move towards 0.5 by labelSmoothing / 2
    if (this.labelSmoothing > 0) t = t.mul(1 - this.labelSmoothing).add(0.5 * this.labelSmoothing);
    const l = this.fromLogits
      ? F.binaryCrossEntropyWithLogits(yPred, t, { reduction: "none" })
      : (() => {
          const p = yPred.clamp(EPS, 1 - EPS); // -(y·log p + (1-y)·log(1-p))
          return t
            .mul(p.log())
            .add(t.neg().add(1).mul(p.neg().add(1).log()))
            .neg();
        })();
    return l.mean(-1);
  }
}

/** Labels shaped like the predictions; `[N]` labels for `[N, 1]` outputs are accepted. */
function matchShape(op: string, yTrue: Tensor, yPred: Tensor): Tensor {
  let t = yTrue.to(isFloatingPoint(yPred.dtype) ? yPred.dtype : "float32");
  if (t.shape.join() !== yPred.shape.join()) {
    if (t.numel() === yPred.numel()) t = t.reshape(yPred.shape);
    else
      throw new RangeError(
        `[${op}] labels of shape [${yTrue.shape}] do not match predictions of shape [${yPred.shape}]`,
      );
  }
  return t;
}

/** mean((yTrue - yPred)²) over the last axis. */
export class MeanSquaredError extends Loss {
  readonly name = "mean_squared_error";
  constructor(opts?: Record<string, never>) {
    super();
    checkLossOpts("MeanSquaredError", opts, NO_KEYS);
  }
  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    return yPred
      .sub(matchShape("MeanSquaredError", yTrue, yPred))
      .square()
      .mean(-1);
  }
}

/** mean(|yTrue - yPred|) over the last axis. */
export class MeanAbsoluteError extends Loss {
  readonly name = "mean_absolute_error";
  constructor(opts?: Record<string, never>) {
    super();
    checkLossOpts("MeanAbsoluteError", opts, NO_KEYS);
  }
  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    return yPred
      .sub(matchShape("MeanAbsoluteError", yTrue, yPred))
      .abs()
      .mean(-1);
  }
}

/** Huber: ½e² for |e| ≤ delta, else delta·(|e| - ½delta); mean over the last axis. */
export class Huber extends Loss {
  readonly name = "huber_loss";
  readonly delta: number;
  constructor(opts: { delta?: number } = {}) {
    super();
    checkLossOpts("Huber", opts, HUBER_KEYS);
    this.delta = checkNumber("keras.losses.Huber", "delta", opts.delta ?? 1, { min: 0, minExclusive: true });
  }
  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    const t = matchShape("Huber", yTrue, yPred);
    return F.huberLoss(yPred, t, { reduction: "none", delta: this.delta }).mean(-1);
  }
}

const BY_NAME: Record<string, () => Loss> = {
  sparse_categorical_crossentropy: () => new SparseCategoricalCrossentropy(),
  categorical_crossentropy: () => new CategoricalCrossentropy(),
  binary_crossentropy: () => new BinaryCrossentropy(),
  mean_squared_error: () => new MeanSquaredError(),
  mse: () => new MeanSquaredError(),
  mean_absolute_error: () => new MeanAbsoluteError(),
  mae: () => new MeanAbsoluteError(),
  huber: () => new Huber(),
  huber_loss: () => new Huber(),
};

/** A loss by Keras name or object; a function `(yTrue, yPred) => perSample` is wrapped. */
export type LossArg = string | Loss | ((yTrue: Tensor, yPred: Tensor) => Tensor);

/**
 * Resolves a loss name (`"sparse_categorical_crossentropy"`, `"mse"`, camelCase accepted).
 * @example losses.get("mse").call(y, yHat) // fragment
 */
export function get(loss: LossArg, callee = "keras.losses.get"): Loss {
  if (loss instanceof Loss) return loss;
  if (typeof loss === "function") {
    const fn = loss;
    return new (class extends Loss {
      readonly name = fn.name || "loss";
      perSample(a: Tensor, b: Tensor): Tensor {
        return fn(a, b);
      }
    })();
  }
  if (typeof loss !== "string")
    throw new TypeError(
      `[${callee}] loss must be a name such as "mse", a keras.losses object or a function: got ${describe(loss)}`,
    );
  const key = loss.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  if (!Object.hasOwn(BY_NAME, key)) throw unknownName(callee, "loss", loss, Object.keys(BY_NAME));
  return BY_NAME[key]!();
}
