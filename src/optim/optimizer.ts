/**
 * `Optimizer`: the base of every optimizer (PyTorch's `torch.optim.Optimizer`): parameter groups
 * with per-group options, per-parameter state, `zeroGrad`, `step(closure?)`, and state dicts in
 * PyTorch's layout (integer param ids, snake_case keys) so checkpoints move between the two.
 */
import { enableGrad, noGrad } from "../autograd/mode.js";
import { Tensor } from "../tensor/tensor.js";

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

/** Options merged over defaults, ignoring `undefined` values. */
export function withDefaults<D extends object>(defaults: D, opts: object | undefined): D {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(opts ?? {})) if (v !== undefined) out[k] = v;
  return out as D;
}

/** Throws `[Opt] invalid <what>: got v, expected <range>` unless `ok`. */
export function checkArg(name: string, ok: boolean, what: string, v: unknown, expected: string): void {
  if (!ok) throw new RangeError(`[${name}] invalid ${what}: got ${String(v)}, expected ${expected}`);
}

/** Checks `lr ≥ 0` (when given), `eps ≥ 0`, `weightDecay ≥ 0` and betas in [0, 1) where present. */
export function checkCommon(name: string, d: Record<string, unknown>): void {
  if (d.lr !== undefined) checkArg(name, typeof d.lr === "number" && d.lr >= 0, "learning rate", d.lr, "a number >= 0");
  if (d.eps !== undefined) checkArg(name, (d.eps as number) >= 0, "epsilon value", d.eps, "a number >= 0");
  if (d.weightDecay !== undefined) {
    checkArg(name, (d.weightDecay as number) >= 0, "weight_decay value", d.weightDecay, "a number >= 0");
  }
  if (d.betas !== undefined) {
    const b = d.betas as number[];
    if (!Array.isArray(b) || b.length !== 2)
      throw new TypeError(`[${name}] invalid betas: got ${String(b)}, expected [beta1, beta2]`);
    b.forEach((x, i) => checkArg(name, x >= 0 && x < 1, `beta parameter at index ${i}`, x, "a value in [0, 1)"));
  }
}

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

  constructor(name: string, params: Params, defaults: Record<string, unknown>) {
    this.name = name;
    this.defaults = defaults;
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
    const raw = group.params;
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
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    const setToNone = opts.setToNone ?? true;
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
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() => {
      for (const g of this.paramGroups) this._updateGroup(g);
    });
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
      const g: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(sg)) if (k !== "params") g[toCamel(k)] = deepCopy(v);
      g.params = this.paramGroups[i]!.params;
      return g as G;
    });
    this.state = state;
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
