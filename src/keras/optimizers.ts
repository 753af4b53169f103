/**
 * Keras optimizers (`keras.optimizers`): configuration objects with Keras' defaults (Adam lr
 * 0.001, epsilon 1e-7; SGD lr 0.01; RMSprop lr 0.001, rho 0.9, epsilon 1e-7; AdamW weight decay
 * 0.004) that create the matching `torch.optim` optimizer for the model's parameters at compile
 * time. `learningRate` reads and writes the live optimizer's rate (callbacks use it).
 */
import {
  Adam as TorchAdam,
  AdamW as TorchAdamW,
  Optimizer as TorchOptimizer,
  RMSprop as TorchRMSprop,
  SGD as TorchSGD,
} from "../optim/index.js";
import type { Parameter } from "../nn/parameter.js";
import {
  checkBool,
  checkNumber,
  checkOptions,
  describe,
  mergeKeys,
  optionKeys,
  type OptionKeys,
} from "../util/args.js";
import { unknownName } from "./check.js";

const ADAM_KEYS = optionKeys("learningRate", "beta1", "beta2", "epsilon", "amsgrad");
const ADAMW_KEYS = mergeKeys(ADAM_KEYS, ["weightDecay"]);
const SGD_KEYS = optionKeys("learningRate", "momentum", "nesterov");
const RMSPROP_KEYS = optionKeys("learningRate", "rho", "momentum", "epsilon", "centered");

/** Checks a Keras optimizer's options: known keys, lr > 0, betas/rho in [0, 1), eps/momentum ≥ 0. */
function checkOpts(name: string, opts: unknown, keys: OptionKeys): void {
  const op = `keras.optimizers.${name}`;
  checkOptions(op, opts, keys);
  const o = (opts ?? {}) as Record<string, unknown>;
  for (const k of ["beta1", "beta2", "rho"])
    if (o[k] !== undefined) {
      checkNumber(op, k, o[k], { min: 0 });
      if (!((o[k] as number) < 1)) throw new RangeError(`[${op}] ${k} must be in [0, 1): got ${o[k] as number}`);
    }
  for (const k of ["epsilon", "momentum", "weightDecay"]) if (o[k] !== undefined) checkNumber(op, k, o[k], { min: 0 });
  for (const k of ["amsgrad", "nesterov", "centered"]) if (o[k] !== undefined) checkBool(op, k, o[k]);
  if (o.nesterov === true && !(((o.momentum as number | undefined) ?? 0) > 0))
    throw new RangeError(`[${op}] nesterov needs a momentum > 0: got momentum ${String(o.momentum ?? 0)}`);
}

/** Base of the Keras optimizers. */
export abstract class Optimizer {
  /** The torch optimizer, once `compile` attached the model's parameters. */
  torch: TorchOptimizer | null = null;
  private initialLr: number;
  constructor(
    readonly name: string,
    learningRate: number,
  ) {
    checkNumber(`keras.optimizers.${name}`, "learningRate", learningRate, { min: 0, minExclusive: true });
    this.initialLr = learningRate;
  }
  /** Creates the torch optimizer. */
  protected abstract make(params: Parameter[], lr: number): TorchOptimizer;
  /** @internal binds to the model's parameters. */
  attach(params: Parameter[]): TorchOptimizer {
    this.torch = this.make(params, this.initialLr);
    return this.torch;
  }
  /** Current learning rate (of the first parameter group). @example opt.learningRate = 1e-4 */
  get learningRate(): number {
    return this.torch ? (this.torch.paramGroups[0]!.lr as number) : this.initialLr;
  }
  set learningRate(v: number) {
    checkNumber(`keras.optimizers.${this.name}`, "learningRate", v, { min: 0 });
    this.initialLr = v;
    if (this.torch) for (const g of this.torch.paramGroups) g.lr = v;
  }
}

/** Options of `Adam`/`AdamW`. */
export interface AdamOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

/** Adam with Keras defaults (lr 0.001, betas 0.9/0.999, epsilon 1e-7). @example new optimizers.Adam({ learningRate: 1e-3 }) */
export class Adam extends Optimizer {
  constructor(readonly opts: AdamOptions = {}) {
    checkOpts("Adam", opts, ADAM_KEYS);
    super("Adam", opts.learningRate ?? 0.001);
  }
  protected make(params: Parameter[], lr: number): TorchOptimizer {
    const o = this.opts;
    return new TorchAdam(params, {
      lr,
      betas: [o.beta1 ?? 0.9, o.beta2 ?? 0.999],
      eps: o.epsilon ?? 1e-7,
      amsgrad: o.amsgrad ?? false,
    });
  }
}

/** AdamW with Keras defaults (weight decay 0.004). @example new optimizers.AdamW({ weightDecay: 0.01 }) */
export class AdamW extends Optimizer {
  constructor(readonly opts: AdamOptions & { weightDecay?: number } = {}) {
    checkOpts("AdamW", opts, ADAMW_KEYS);
    super("AdamW", opts.learningRate ?? 0.001);
  }
  protected make(params: Parameter[], lr: number): TorchOptimizer {
    const o = this.opts;
    return new TorchAdamW(params, {
      lr,
      betas: [o.beta1 ?? 0.9, o.beta2 ?? 0.999],
      eps: o.epsilon ?? 1e-7,
      weightDecay: o.weightDecay ?? 0.004,
      amsgrad: o.amsgrad ?? false,
    });
  }
}

/** SGD with Keras defaults (lr 0.01, no momentum). @example new optimizers.SGD({ learningRate: 0.1, momentum: 0.9 }) */
export class SGD extends Optimizer {
  constructor(readonly opts: { learningRate?: number; momentum?: number; nesterov?: boolean } = {}) {
    checkOpts("SGD", opts, SGD_KEYS);
    super("SGD", opts.learningRate ?? 0.01);
  }
  protected make(params: Parameter[], lr: number): TorchOptimizer {
    return new TorchSGD(params, { lr, momentum: this.opts.momentum ?? 0, nesterov: this.opts.nesterov ?? false });
  }
}

/** RMSprop with Keras defaults (lr 0.001, rho 0.9, epsilon 1e-7). @example new optimizers.RMSprop() */
export class RMSprop extends Optimizer {
  constructor(
    readonly opts: {
      learningRate?: number;
      rho?: number;
      momentum?: number;
      epsilon?: number;
      centered?: boolean;
    } = {},
  ) {
    checkOpts("RMSprop", opts, RMSPROP_KEYS);
    super("RMSprop", opts.learningRate ?? 0.001);
  }
  protected make(params: Parameter[], lr: number): TorchOptimizer {
    const o = this.opts;
    return new TorchRMSprop(params, {
      lr,
      alpha: o.rho ?? 0.9,
      eps: o.epsilon ?? 1e-7,
      momentum: o.momentum ?? 0,
      centered: o.centered ?? false,
    });
  }
}

/** Wraps an already constructed `torch.optim` optimizer. */
export class Wrapped extends Optimizer {
  constructor(opt: TorchOptimizer) {
    super(opt.name, opt.paramGroups[0]!.lr as number);
    this.torch = opt;
  }
  protected make(): TorchOptimizer {
    return this.torch!;
  }
}

/** An optimizer by name, Keras object or `torch.optim` instance. */
export type OptimizerArg = "adam" | "sgd" | "rmsprop" | "adamw" | string | Optimizer | TorchOptimizer;

/**
 * Resolves `"adam"`, `"sgd"`, `"rmsprop"`, `"adamw"`, a Keras optimizer or a torch optimizer.
 * @example optimizers.get("adam").learningRate // 0.001
 */
export function get(opt: OptimizerArg, callee = "keras.optimizers.get"): Optimizer {
  if (opt instanceof Optimizer) return opt;
  if (opt instanceof TorchOptimizer) return new Wrapped(opt);
  if (typeof opt !== "string")
    throw new TypeError(
      `[${callee}] optimizer must be a name ("adam", "sgd", "rmsprop", "adamw"), a keras.optimizers object or a torch.optim optimizer: got ${describe(opt)}`,
    );
  switch (opt.toLowerCase()) {
    case "adam":
      return new Adam();
    case "adamw":
      return new AdamW();
    case "sgd":
      return new SGD();
    case "rmsprop":
      return new RMSprop();
  }
  throw unknownName(callee, "optimizer", opt, ["adam", "sgd", "rmsprop", "adamw"]);
}
