/**
 * `model.save(path)` / `keras.models.loadModel(path)`: the whole model in one file — the
 * architecture (each layer's factory and arguments, as JSON), the weights, the compile settings
 * and the optimizer's state — so a loaded model predicts identically and continues training
 * identically. The file is a safetensors file written by `torch.save` (tensors readable by any
 * safetensors reader), not Keras' `.keras` zip.
 */
import { load, save } from "../io/save-load.js";
import { Optimizer as TorchOptimizer } from "../optim/optimizer.js";
import { Tensor } from "../tensor/tensor.js";
import { checkArity, describe } from "../util/args.js";
import * as layers from "./layers/index.js";
import { Layer, layerConfigs } from "./layers/base.js";
import * as losses from "./losses.js";
import { SequentialModel, type CompileOptions } from "./model.js";
import * as optimizers from "./optimizers.js";

const FORMAT = "antorcha.keras";
const VERSION = 1;

interface LayerConfig {
  className: string;
  name: string;
  args: unknown[];
}
interface ModelConfig {
  className: "Sequential";
  name: string;
  inputShape: number[] | null;
  builtShape: number[] | null;
  layers: LayerConfig[];
}
type Named = string | { className: string; opts: Record<string, unknown> };
interface CompileConfig {
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

function optimizerConfig(op: string, given: CompileOptions["optimizer"], opt: optimizers.Optimizer): Named {
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

function lossConfig(op: string, given: CompileOptions["loss"], loss: losses.Loss): Named {
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

/** @internal `model.save(path)`. */
export function saveModel(model: SequentialModel, path: string): void {
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

function bad(path: string, what: string): never {
  throw new RangeError(`[keras.models.loadModel] ${JSON.stringify(path)} is not a model saved by model.save: ${what}`);
}

function build(kind: "optimizers" | "losses", c: Named): unknown {
  if (typeof c === "string") return c;
  const ns = (kind === "optimizers" ? optimizers : losses) as unknown as Record<string, new (o: unknown) => unknown>;
  return new ns[c.className]!(c.opts);
}

/**
 * Loads a model written by `model.save(path)`: same layers, names, weights, compile settings and
 * optimizer state, ready to `predict`, `evaluate` or continue `fit`.
 * @example model.save("model.keras.safetensors"); const again = keras.models.loadModel("model.keras.safetensors");
 */
export function loadModel(path: string): SequentialModel {
  const op = "keras.models.loadModel";
  checkArity(op, arguments.length, 1);
  if (typeof path !== "string" || path === "")
    throw new TypeError(`[${op}] path must be a non-empty string: got ${describe(path)}`);
  const obj = load(path) as Record<string, unknown>;
  if (obj === null || typeof obj !== "object" || obj instanceof Tensor || obj.format !== FORMAT)
    bad(path, `no "format": "${FORMAT}" entry`);
  if (obj.version !== VERSION) bad(path, `unsupported version ${describe(obj.version)}, expected ${VERSION}`);
  let config: ModelConfig;
  let compile: CompileConfig | null;
  try {
    config = JSON.parse(obj.config as string) as ModelConfig;
    compile = JSON.parse(obj.compile as string) as CompileConfig | null;
  } catch {
    return bad(path, "its config is not JSON");
  }
  if (config?.className !== "Sequential" || !Array.isArray(config.layers)) bad(path, "no Sequential config");
  const factories = layers as unknown as Record<string, (...a: unknown[]) => Layer>;
  const built = config.layers.map((c) => {
    const f = factories[c.className];
    if (typeof f !== "function" || !(f.prototype instanceof Layer)) bad(path, `unknown layer ${describe(c.className)}`);
    const l = f(...c.args);
    (l as { name: string }).name = c.name;
    return l;
  });
  const model = new SequentialModel(built, {
    name: config.name,
    ...(config.inputShape ? { inputShape: config.inputShape } : {}),
  });
  if (config.builtShape !== null && !model.built) model.dryRun(config.builtShape);
  model.loadStateDict(obj.weights as Record<string, Tensor>);
  if (compile !== null) {
    model.compile({
      optimizer: build("optimizers", compile.optimizer) as optimizers.OptimizerArg,
      loss: build("losses", compile.loss) as losses.LossArg,
      metrics: compile.metrics,
    });
    if (obj.optimizer !== null && obj.optimizer !== undefined) {
      const opt = model.optimizer!;
      if (opt.torch === null) opt.attach(model.parameters().filter((p) => p.requiresGrad));
      opt.torch!.loadStateDict(obj.optimizer as never);
    }
  }
  return model;
}
