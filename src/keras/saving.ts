/**
 * `model.save(path)` (and the file format `keras.models.loadModel` reads, in loading.ts): the whole model in one file — the
 * architecture (each layer's factory and arguments, as JSON), the weights, the compile settings
 * and the optimizer's state — so a loaded model predicts identically and continues training
 * identically. The file is a safetensors file written by `torch.save` (tensors readable by any
 * safetensors reader), not Keras' `.keras` zip.
 */
import { save } from "../io/save-load.js";
import { Optimizer as TorchOptimizer } from "../optim/optimizer.js";
import type { Tensor } from "../tensor/tensor.js";
import { describe } from "../util/args.js";
import { Layer, layerConfigs } from "./layers/base.js";
import * as losses from "./losses.js";
import * as optimizers from "./optimizers.js";

export const FORMAT = "antorcha.keras";
export const VERSION = 1;

export interface LayerConfig {
  className: string;
  name: string;
  args: unknown[];
}
export interface ModelConfig {
  className: "Sequential";
  name: string;
  inputShape: number[] | null;
  builtShape: number[] | null;
  layers: LayerConfig[];
}
export type Named = string | { className: string; opts: Record<string, unknown> };
export interface CompileConfig {
  optimizer: Named;
  loss: Named;
  metrics: string[];
}

/** Checks that `v` survives JSON (numbers, strings, booleans, null, arrays, plain objects). */
function jsonable(op: string, v: unknown, where: string, hint: string): void {
  if (v === null || typeof v === "string" || typeof v === "boolean") return;
  if (typeof v === "number") {
    if (Number.isFinite(v)) return;
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => jsonable(op, x, `${where}[${i}]`, hint));
    return;
  } else if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v as object)) if (x !== undefined) jsonable(op, x, `${where}.${k}`, hint);
    return;
  }
  throw new TypeError(`[${op}] ${where} cannot be saved: got ${describe(v)}, expected JSON data (${hint})`);
}

function layerConfig(op: string, l: unknown, i: number): LayerConfig {
  const c = layerConfigs.get(l as object);
  if (c === undefined || !(l instanceof Layer))
    throw new TypeError(
      `[${op}] layer ${i} cannot be saved: got ${describe(l)}, expected a layer made by a keras.layers factory such as layers.Dense(10)`,
    );
  jsonable(op, c.args, `layer ${i} (${l.name}) argument`, 'use names such as activation: "relu"');
  return { className: c.className, name: l.name, args: c.args };
}

function optimizerConfig(op: string, given: optimizers.OptimizerArg | undefined, opt: optimizers.Optimizer): Named {
  if (given === undefined) return "rmsprop";
  if (typeof given === "string") return given;
  const ctor = opt.constructor as unknown as { name: string };
  if (opt instanceof optimizers.Wrapped || given instanceof TorchOptimizer || !(ctor.name in optimizers))
    throw new TypeError(
      `[${op}] the optimizer cannot be saved: got ${describe(given)}, expected a name such as "adam" or a keras.optimizers object`,
    );
  const opts = (opt as unknown as { opts?: Record<string, unknown> }).opts ?? {};
  jsonable(op, opts, "the optimizer's options", "numbers and booleans");
  return { className: ctor.name, opts };
}

function lossConfig(op: string, given: losses.LossArg, loss: losses.Loss): Named {
  if (typeof given === "string") return given;
  const ctor = loss.constructor as unknown as { name: string };
  if (typeof given === "function" || !(ctor.name in losses))
    throw new TypeError(
      `[${op}] the loss cannot be saved: got ${describe(given)}, expected a name such as "mse" or a keras.losses object`,
    );
  const opts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(loss)) if (k !== "name" && v !== undefined) opts[k] = v;
  jsonable(op, opts, "the loss's options", "numbers and booleans");
  return { className: ctor.name, opts };
}

/** What `saveModel` reads of a Sequential model (a structural type: model.ts calls this module). */
export interface SavableModel {
  readonly name: string;
  readonly inputShape: number[] | null;
  readonly built: boolean;
  readonly builtShape: number[] | null;
  readonly layers: readonly unknown[];
  readonly compileArgs: {
    optimizer?: optimizers.OptimizerArg;
    loss: losses.LossArg;
    metrics?: readonly unknown[];
  } | null;
  readonly optimizer: optimizers.Optimizer | null;
  readonly loss: losses.Loss | null;
  stateDict(): Record<string, Tensor>;
}

/** @internal `model.save(path)`. */
export function saveModel(model: SavableModel, path: string): void {
  const op = "keras.Sequential.save";
  if (typeof path !== "string" || path === "")
    throw new TypeError(`[${op}] path must be a non-empty string: got ${describe(path)}`);
  const config: ModelConfig = {
    className: "Sequential",
    name: model.name,
    inputShape: model.inputShape,
    builtShape: model.built ? model.builtShape : null,
    layers: model.layers.map((l, i) => layerConfig(op, l, i)),
  };
  let compile: CompileConfig | null = null;
  const given = model.compileArgs;
  if (given !== null && model.optimizer !== null && model.loss !== null) {
    const metrics = given.metrics ?? [];
    metrics.forEach((m, i) => {
      if (typeof m !== "string")
        throw new TypeError(
          `[${op}] metrics[${i}] cannot be saved: got ${describe(m)}, expected a metric name such as "accuracy"`,
        );
    });
    compile = {
      optimizer: optimizerConfig(op, given.optimizer, model.optimizer),
      loss: lossConfig(op, given.loss, model.loss),
      metrics: metrics as string[],
    };
  }
  save(
    {
      format: FORMAT,
      version: VERSION,
      config: JSON.stringify(config),
      compile: JSON.stringify(compile),
      weights: model.stateDict(),
      optimizer: model.optimizer?.torch?.stateDict() ?? null,
    },
    path,
  );
}
