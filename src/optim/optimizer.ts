/**
 * `Optimizer`: the base of every optimizer (PyTorch's `torch.optim.Optimizer`): parameter groups
 * with per-group options, per-parameter state, `zeroGrad`, `step(closure?)`, and state dicts in
 * PyTorch's layout (integer param ids, snake_case keys) so checkpoints move between the two.
 */
import { enableGrad, noGrad } from "../autograd/mode.js";
import { Tensor } from "../tensor/tensor.js";
import { checkOptimizerState } from "./state-check.js";
import {
  checkArity,
  checkOptions,
  describe,
  isPlainObject,
  mergeKeys,
  optionKeys,
  suggestKey,
  type OptionKeys,
} from "../util/args.js";

/** One parameter group: its tensors and its options (camelCase: `lr`, `weightDecay`, …). */
export interface ParamGroup {
  params: Tensor[];
  lr: number;
  [option: string]: unknown;
}

/** A group as given to a constructor or `addParamGroup`: params plus any options to override. */
export type ParamGroupInput<O = Record<string, unknown>> = { params: Tensor | Iterable<Tensor> } & Partial<O> &
  Record<string, unknown>;

/** What an optimizer accepts: tensors, or group objects. */
export type Params<O = Record<string, unknown>> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** Per-parameter state: PyTorch's key names (`step`, `exp_avg`, `momentum_buffer`, …). */
export type ParamState = Record<string, unknown>;

/** `optimizer.stateDict()`: PyTorch's layout, `{ state: { 0: {...} }, param_groups: [{ ..., params: [0, 1] }] }`. */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  param_groups: Record<string, unknown>[];
}

/** `weightDecay` → `weight_decay` (group keys in state dicts). */
export function toSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `weight_decay` → `weightDecay`. */
export function toCamel(key: string): string {
  return key.replace(/(?<=[a-z0-9])_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Marks every tensor in optimizer state as kept: no tidy scope around a step may release it. */
function keepState(state: Map<Tensor, ParamState>): void {
  for (const s of state.values()) {
    for (const k in s) {
      const v = (s as Record<string, unknown>)[k];
      if (v instanceof Tensor) v._kept = true;
    }
  }
}

/** A deep copy of a state value: tensors are cloned (detached), arrays and plain objects copied. */
export function deepCopy<T>(v: T, cast?: (t: Tensor, key: string | undefined) => Tensor, key?: string): T {
  if (v instanceof Tensor) {
    const c = noGrad(() => v.detach().clone());
    return (cast ? cast(c, key) : c) as T;
  }
  if (Array.isArray(v)) return v.map((x) => deepCopy(x, cast)) as T;
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x, cast, k);
    return out as T;
  }
  return v;
}

/**
 * Checks one option value. `key` is the option's camelCase name, `at` is `""` for the
 * constructor's options or `paramGroups[i]` for a group's own values (named in messages).
 */
export type OptionRule = (callee: string, key: string, v: unknown, at: string) => void;

/** An optimizer's options contract, built once at module load with `optimizerSpec`. */
export interface OptimizerSpec {
  /** The optimizer's name in messages (`SGD`). */
  readonly name: string;
  /** The option names its constructor accepts. */
  readonly keys: OptionKeys;
  /** The keys a param group may hold: `params`, the options, and the ones schedulers add. */
  readonly groupKeys: OptionKeys;
  /** Value checks by option name (run on the constructor's options and on every group). */
  readonly rules: Readonly<Record<string, OptionRule>>;
}

/** Group keys the lr schedulers write (`initialLr`, OneCycleLR's `maxLr`, …); state dicts carry them. */
const SCHEDULER_GROUP_KEYS = ["initialLr", "maxLr", "minLr", "maxMomentum", "baseMomentum"];

/**
 * Builds an optimizer's options contract (call once, at module load).
 * @example const SPEC = optimizerSpec("SGD", { lr: nonNegative("learning rate"), nesterov: bool });
 */
export function optimizerSpec(name: string, rules: Record<string, OptionRule>): OptimizerSpec {
  const keys = optionKeys(...Object.keys(rules));
  const groupKeys = mergeKeys(keys, ["params"], SCHEDULER_GROUP_KEYS);
  // no prototype: a key such as "toString" must never find a rule
  const all: Record<string, OptionRule> = Object.assign(Object.create(null) as Record<string, OptionRule>, {
    initialLr: nonNegative("initial_lr"),
    ...rules,
  });
  return { name, keys, groupKeys, rules: all };
}

/** Keras' and other libraries' names for PyTorch's options (`learning_rate` → `lr`). */
const ALIASES: Readonly<Record<string, string>> = {
  learningRate: "lr",
  learning_rate: "lr",
  epsilon: "eps",
  beta1: "betas",
  beta2: "betas",
  beta_1: "betas",
  beta_2: "betas",
  decay: "weightDecay",
};

/** The error for an unknown option `key` (`at`: "" or `paramGroups[i]`), with the nearest accepted name. */
function unknownOption(name: string, key: string, at: string, accepted: OptionKeys, options: OptionKeys): TypeError {
  const alias = ALIASES[key];
  const hint = alias !== undefined && accepted.has(alias) ? alias : suggestKey(key, accepted);
  const where = at === "" ? "" : ` in ${at}`;
  return new TypeError(
    `[${name}] unknown option "${key}"${where}: ` +
      (hint !== undefined
        ? `did you mean "${hint}"?`
        : `expected ${at === "" ? "" : "params or "}one of ${[...options].map((x) => `"${x}"`).join(", ")}`),
  );
}

const label = (key: string, at: string): string => (at === "" ? key : `${at}.${key}`);
const inGroup = (at: string): string => (at === "" ? "" : ` in ${at}`);

function numberType(callee: string, key: string, v: unknown, at: string): number {
  if (typeof v !== "number" || Number.isNaN(v))
    throw new TypeError(`[${callee}] ${label(key, at)} must be a number: got ${describe(v)}`);
  return v;
}

/** Any number (not NaN). */
export const anyNumber: OptionRule = (c, k, v, at) => void numberType(c, k, v, at);

/** A number ≥ 0, with PyTorch's wording (`invalid learning rate: got -1, expected a number >= 0`). */
export function nonNegative(what: string): OptionRule {
  return (c, k, v, at) => checkArg(c, numberType(c, k, v, at) >= 0, what + inGroup(at), v, "a number >= 0");
}

/** A number in [lo, hi] (or [lo, hi) with `hiOpen`). */
export function inRange(what: string, lo: number, hi: number, hiOpen = false): OptionRule {
  const expected = `a value in [${lo}, ${hi}${hiOpen ? ")" : "]"}`;
  return (c, k, v, at) => {
    const x = numberType(c, k, v, at);
    checkArg(c, x >= lo && (hiOpen ? x < hi : x <= hi), what + inGroup(at), v, expected);
  };
}

/** An integer ≥ `min`. */
export function intAtLeast(min: number): OptionRule {
  return (c, k, v, at) => {
    if (typeof v !== "number" || !Number.isInteger(v))
      throw new TypeError(`[${c}] ${label(k, at)} must be an integer: got ${describe(v)}`);
    if (v < min) throw new RangeError(`[${c}] ${label(k, at)} must be >= ${min}: got ${v}`);
  };
}

/** A boolean. */
export const bool: OptionRule = (c, k, v, at) => {
  if (typeof v !== "boolean") throw new TypeError(`[${c}] ${label(k, at)} must be a boolean: got ${describe(v)}`);
};

/** `[beta1, beta2]`, each in [0, 1). */
export const betas: OptionRule = (c, k, v, at) => {
  if (!Array.isArray(v) || v.length !== 2)
    throw new TypeError(`[${c}] invalid betas${inGroup(at)}: got ${describe(v)}, expected [beta1, beta2]`);
  v.forEach((x: unknown, i) => {
    numberType(c, `${k}[${i}]`, x, at);
    checkArg(
      c,
      (x as number) >= 0 && (x as number) < 1,
      `beta parameter at index ${i}${inGroup(at)}`,
      x,
      "a value in [0, 1)",
    );
  });
};

/** The rules every Adam-like optimizer shares. */
export const COMMON_RULES = {
  lr: nonNegative("learning rate"),
  eps: nonNegative("epsilon value"),
  weightDecay: nonNegative("weight_decay value"),
} as const;

function checkValues(spec: OptimizerSpec, o: Record<string, unknown>, at: string): void {
  for (const k in o) {
    const v = o[k];
    if (v !== undefined) spec.rules[k]?.(spec.name, k, v, at);
  }
}

/**
 * The constructor's options over `defaults`: unknown keys are an error naming the nearest
 * accepted key, values are checked by the spec's rules; `undefined` values keep the default.
 * `given` is the constructor's argument count (at most 2: params, options).
 */
export function withDefaults<D extends object>(spec: OptimizerSpec, defaults: D, opts: unknown, given = 2): D {
  checkArity(spec.name, given, 2);
  if (opts !== undefined && !isPlainObject(opts)) {
    const hint =
      typeof opts === "number"
        ? ` (the learning rate goes in the options: new ${spec.name}(params, { lr: ${opts} }))`
        : ` (call it as new ${spec.name}(params, { lr: 0.01 }))`;
    throw new TypeError(
      `[${spec.name}] expected an options object as the second argument: got ${describe(opts)}${hint}`,
    );
  }
  for (const k in opts as object) if (!spec.keys.has(k)) throw unknownOption(spec.name, k, "", spec.keys, spec.keys);
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(opts ?? {})) if (v !== undefined) out[k] = v;
  checkValues(spec, out, "");
  return out as D;
}

/** Throws `[Opt] invalid <what>: got v, expected <range>` unless `ok`. */
export function checkArg(name: string, ok: boolean, what: string, v: unknown, expected: string): void {
  if (!ok) throw new RangeError(`[${name}] invalid ${what}: got ${String(v)}, expected ${expected}`);
}

const ZERO_GRAD_KEYS = optionKeys("setToNone");

/**
 * Base class of the optimizers. Subclasses implement `_updateGroup` (runs under `noGrad`).
 *
 * @example
 * const opt = new optim.SGD([{ params: [w] }, { params: [b], lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
 */
export abstract class Optimizer<G extends ParamGroup = ParamGroup> {
  /** The optimizer's name in error messages (`SGD`, `Adam`, …). */
  readonly name: string;
  /** Default options for groups that do not set them (`torch` `optimizer.defaults`). */
  readonly defaults: Record<string, unknown>;
  /** The parameter groups; options may be changed between steps (schedulers do). */
  paramGroups: G[] = [];
  /** Per-parameter state, keyed by the parameter tensor. */
  state = new Map<Tensor, ParamState>();

  /** The options contract param groups are checked against. */
  private readonly _spec: OptimizerSpec;

  /**
   * `spec` is the optimizer's options contract (`optimizerSpec`); a subclass without one gets
   * its defaults' keys as the accepted group keys, with no value checks.
   */
  constructor(name: string, params: Params, defaults: Record<string, unknown>, spec?: OptimizerSpec) {
    this.name = name;
    this.defaults = defaults;
    this._spec = spec ?? {
      name,
      keys: optionKeys(...Object.keys(defaults)),
      groupKeys: mergeKeys(Object.keys(defaults), ["params"], SCHEDULER_GROUP_KEYS),
      rules: {},
    };
    if (params instanceof Tensor) {
      throw new TypeError(
        `[${name}] params must be an iterable of Tensors or param groups: got a Tensor (wrap it: [t])`,
      );
    }
    if (
      params === null ||
      params === undefined ||
      typeof (params as Iterable<unknown>)[Symbol.iterator] !== "function"
    ) {
      throw new TypeError(`[${name}] params must be an iterable of Tensors or param groups: got ${String(params)}`);
    }
    let groups = [...(params as Iterable<unknown>)];
    if (groups.length === 0)
      throw new RangeError(`[${name}] optimizer got an empty parameter list: expected at least one tensor`);
    if (groups[0] instanceof Tensor) groups = [{ params: groups }];
    for (const g of groups) this.addParamGroup(g as ParamGroupInput);
  }

  /**
   * Adds a group of parameters with its own options (defaults fill the rest).
   * @example opt.addParamGroup({ params: head.parameters(), lr: 1e-2 }); // fragment
   */
  addParamGroup(group: ParamGroupInput): void {
    const n = this.name;
    if (group === null || typeof group !== "object" || group instanceof Tensor || !("params" in group)) {
      throw new TypeError(
        `[${n}] param group must be an object with params: got ${group instanceof Tensor ? "a Tensor" : String(group)}`,
      );
    }
    const at = `paramGroups[${this.paramGroups.length}]`;
    const accepted = this._spec.groupKeys;
    for (const k in group) if (!accepted.has(k)) throw unknownOption(n, k, at, accepted, this._spec.keys);
    const raw = group.params;
    if (
      !(raw instanceof Tensor) &&
      (raw === null || typeof (raw as Iterable<Tensor>)?.[Symbol.iterator] !== "function")
    ) {
      throw new TypeError(`[${n}] ${at}.params must be a Tensor or an iterable of Tensors: got ${describe(raw)}`);
    }
    // JS sets keep insertion order, so unlike Python sets they are accepted.
    const params = raw instanceof Tensor ? [raw] : [...(raw as Iterable<Tensor>)];
    params.forEach((p, i) => {
      if (!(p instanceof Tensor))
        throw new TypeError(`[${n}] optimizer can only optimize Tensors: got ${typeof p} at index ${i}`);
      if (!p.isLeaf && !p.retainsGrad) {
        throw new Error(
          `[${n}] can't optimize a non-leaf Tensor: got one with grad_fn=<${p.gradFn!.name()}> at index ${i}, expected a leaf (use t.detach().requiresGrad_())`,
        );
      }
      if (params.indexOf(p) !== i) {
        throw new RangeError(
          `[${n}] parameter given twice in a group: got the tensor at index ${params.indexOf(p)} again at index ${i}, expected each tensor once`,
        );
      }
    });
    const full: Record<string, unknown> = { ...group, params };
    for (const [k, v] of Object.entries(this.defaults)) {
      if (full[k] === undefined) {
        if (v === undefined) {
          throw new RangeError(
            `[${n}] parameter group didn't specify a value of required optimization parameter ${k}: got undefined, expected a number`,
          );
        }
        full[k] = Array.isArray(v) ? [...v] : v;
      }
    }
    for (const k in full) if (k !== "params" && full[k] !== undefined) this._spec.rules[k]?.(n, k, full[k], at);
    for (const g of this.paramGroups) {
      if (params.some((p) => g.params.includes(p))) {
        throw new RangeError(
          `[${n}] some parameters appear in more than one parameter group: expected disjoint groups`,
        );
      }
    }
    this.paramGroups.push(full as G);
  }

  /**
   * Clears the gradients of all parameters: `null` (default), or zeros with `setToNone: false`.
   * @example opt.zeroGrad();
   */
  zeroGrad(opts?: { setToNone?: boolean }): void {
    let setToNone = true;
    if (opts !== undefined) {
      checkOptions(`${this.name}.zeroGrad`, opts, ZERO_GRAD_KEYS);
      setToNone = opts.setToNone ?? true;
      if (typeof setToNone !== "boolean")
        throw new TypeError(`[${this.name}.zeroGrad] setToNone must be a boolean: got ${describe(setToNone)}`);
    }
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        if (setToNone) p.grad = null;
        else {
          if (p.grad.gradFn !== null) p.grad.detach_();
          else p.grad.requiresGrad_(false);
          noGrad(() => p.grad!.zero_());
        }
      }
    }
  }

  /**
   * One optimization step. `closure` (optional) re-evaluates the loss with gradients enabled; its
   * result is returned.
   * @example opt.step();
   */
  step<L = Tensor | number>(closure?: () => L): L | undefined {
    if (closure !== undefined && typeof closure !== "function")
      throw new TypeError(`[${this.name}.step] closure must be a function: got ${describe(closure)}`);
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() => {
      for (const g of this.paramGroups) this._updateGroup(g);
    });
    keepState(this.state);
    return loss;
  }

  /** Applies one update to the parameters of `group` that have a gradient. */
  protected abstract _updateGroup(group: G): void;

  /** The state of `p`, created empty on first use. */
  protected _stateOf(p: Tensor): ParamState {
    let s = this.state.get(p);
    if (s === undefined) {
      s = {};
      this.state.set(p, s);
    }
    return s;
  }

  /** The group's parameters that have a gradient (sparse gradients do not exist here). */
  protected _withGrad(group: G): Tensor[] {
    return group.params.filter((p) => p.grad !== null);
  }

  /**
   * The state in PyTorch's layout: params numbered in group order, tensors deep-copied.
   * @example const sd = opt.stateDict(); sd.param_groups[0].lr
   */
  stateDict(): OptimizerStateDict {
    const ids = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((g) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== "params") packed[toSnake(k)] = deepCopy(v);
      packed.params = g.params.map((p) => {
        if (!ids.has(p)) ids.set(p, ids.size);
        return ids.get(p)!;
      });
      return packed;
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const id = ids.get(p);
      if (id !== undefined) state[id] = deepCopy(s);
    }
    return { state, param_groups: paramGroups };
  }

  /**
   * Loads a state dict (ours or PyTorch's, same layout): group sizes must match; tensors are
   * copied and cast to their parameter's dtype (except `step`).
   * @example opt.loadStateDict(saved); // fragment
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    this._checkStateDict(stateDict);
    const n = this.name;
    const saved = stateDict.param_groups;
    if (!Array.isArray(saved) || saved.length !== this.paramGroups.length) {
      throw new RangeError(
        `[${n}] loaded state dict has a different number of parameter groups: got ${saved?.length}, expected ${this.paramGroups.length}`,
      );
    }
    const idMap = new Map<number, Tensor>();
    saved.forEach((sg, i) => {
      const ids = sg.params as number[];
      const mine = this.paramGroups[i]!.params;
      if (ids.length !== mine.length) {
        throw new RangeError(
          `[${n}] loaded state dict contains a parameter group that doesn't match the size of optimizer's group ${i}: got ${ids.length} params, expected ${mine.length}`,
        );
      }
      ids.forEach((id, j) => idMap.set(Number(id), mine[j]!));
    });
    const state = new Map<Tensor, ParamState>();
    for (const [k, v] of Object.entries(stateDict.state ?? {})) {
      const p = idMap.get(Number(k));
      if (p === undefined) continue;
      const cast = (t: Tensor, key: string | undefined): Tensor =>
        key !== "step" && p.isFloatingPoint() && t.dtype !== p.dtype ? t.to(p.dtype) : t;
      state.set(p, deepCopy(v, cast));
    }
    this.paramGroups = saved.map((sg, i) => {
      // options the saved group lacks (booleans PyTorch adds with setdefault) keep their current value
      const g: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(this.paramGroups[i]!)) if (k !== "params") g[k] = v;
      for (const [k, v] of Object.entries(sg)) if (k !== "params") g[toCamel(k)] = deepCopy(v);
      g.params = this.paramGroups[i]!.params;
      return g as G;
    });
    this.state = state;
  }

  /**
   * Throws (naming the key) unless `stateDict` can be loaded: groups and sizes match, options have
   * the right kinds and ranges (`lr: "abc"` is refused), and each parameter's state has the keys
   * and shapes this optimizer needs (Adam's `exp_avg_sq`, …). Changes nothing.
   * @example
   * const saved = opt.stateDict();
   * opt._checkStateDict(saved) // then opt.loadStateDict(saved) cannot fail half-way
   */
  _checkStateDict(stateDict: unknown): void {
    checkOptimizerState(this.name, this.paramGroups, stateDict);
  }

  /** PyTorch's `repr(optimizer)`: the class name and each group's options, sorted. */
  toString(): string {
    let s = `${this.name} (`;
    this.paramGroups.forEach((g, i) => {
      s += `\nParameter Group ${i}\n`;
      for (const k of Object.keys(g).sort()) if (k !== "params") s += `    ${k}: ${JSON.stringify(g[k])}\n`;
    });
    return `${s})`;
  }
}

/** Increments a 0-d float32 `step` tensor in place and returns its new value. */
export function bumpStep(state: ParamState): number {
  const t = state.step as Tensor;
  t.add_(1);
  return t.item() as number;
}
