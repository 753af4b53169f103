/**
 * `keras.models.loadModel(path)`: rebuilds a model written by `model.save(path)` (format in
 * saving.ts) — same layers, names, weights, compile settings and optimizer state.
 */
import { load } from "../io/save-load.js";
import { Tensor } from "../tensor/tensor.js";
import { checkArity, describe } from "../util/args.js";
import * as layers from "./layers/index.js";
import { Layer } from "./layers/base.js";
import * as losses from "./losses.js";
import { SequentialModel } from "./model.js";
import * as optimizers from "./optimizers.js";
import { FORMAT, VERSION, type CompileConfig, type ModelConfig, type Named } from "./saving.js";

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
