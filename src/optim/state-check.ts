/**
 * Validation of loaded optimizer and scheduler state dicts, before anything is changed: kinds,
 * shapes, required keys and value ranges, with errors naming the key (`state[0].exp_avg_sq`,
 * `param_groups[0].lr`). A state dict that passes loads without a surprise at the first step.
 */
import { Tensor } from "../tensor/tensor.js";
import { describe, isPlainObject, suggestKey } from "../util/args.js";

/** The per-parameter state keys each optimizer needs once it has state (given the group's options). */
const REQUIRED: Record<string, (g: Record<string, unknown>) => string[]> = {
  Adam: (g) => ["step", "exp_avg", "exp_avg_sq", ...(g.amsgrad === true ? ["max_exp_avg_sq"] : [])],
  AdamW: (g) => ["step", "exp_avg", "exp_avg_sq", ...(g.amsgrad === true ? ["max_exp_avg_sq"] : [])],
  Adamax: () => ["step", "exp_avg", "exp_inf"],
  NAdam: () => ["step", "mu_product", "exp_avg", "exp_avg_sq"],
  RAdam: () => ["step", "exp_avg", "exp_avg_sq"],
  RMSprop: (g) => [
    "step",
    "square_avg",
    ...(typeof g.momentum === "number" && g.momentum > 0 ? ["momentum_buffer"] : []),
    ...(g.centered === true ? ["grad_avg"] : []),
  ],
  Adagrad: () => ["step", "sum"],
  Adadelta: () => ["step", "square_avg", "acc_delta"],
};

/** State tensors shaped like their parameter. */
const PARAM_SHAPED = new Set([
  "exp_avg",
  "exp_avg_sq",
  "max_exp_avg_sq",
  "exp_inf",
  "square_avg",
  "acc_delta",
  "momentum_buffer",
  "grad_avg",
  "sum",
]);
/** State entries holding one number (a float, or a 1-element tensor). */
const SCALARS = new Set(["step", "mu_product"]);
/** Group options that must be numbers ≥ 0. */
const NON_NEGATIVE = new Set([
  "lr",
  "initial_lr",
  "eps",
  "weight_decay",
  "momentum",
  "dampening",
  "lr_decay",
  "initial_accumulator_value",
  "alpha",
  "rho",
  "momentum_decay",
]);

const shapeStr = (s: readonly number[]) => `[${s.join(", ")}]`;

/** The parameters each saved id stands for, after checking the groups (throws on any mismatch). */
function checkGroups(
  name: string,
  groups: readonly Record<string, unknown>[],
  sd: Record<string, unknown>,
): Map<number, [Tensor, number]> {
  const at = (p: string) => `[${name}] loadStateDict: ${p}`;
  const saved = sd.param_groups;
  if (!Array.isArray(saved)) throw new TypeError(at(`param_groups must be an array: got ${describe(saved)}`));
  if (saved.length !== groups.length) {
    throw new RangeError(
      `[${name}] loaded state dict has a different number of parameter groups: got ${saved.length}, expected ${groups.length}`,
    );
  }
  const ids = new Map<number, [Tensor, number]>();
  saved.forEach((sg: unknown, i) => {
    if (!isPlainObject(sg)) throw new TypeError(at(`param_groups[${i}] must be an object: got ${describe(sg)}`));
    const ps = sg.params;
    if (!Array.isArray(ps) || !ps.every((id) => Number.isInteger(id) && (id as number) >= 0))
      throw new TypeError(at(`param_groups[${i}].params must be an array of integer ids: got ${describe(ps)}`));
    const mine = groups[i]!.params as Tensor[];
    if (ps.length !== mine.length) {
      throw new RangeError(
        `[${name}] loaded state dict contains a parameter group that doesn't match the size of optimizer's group ${i}: got ${ps.length} params, expected ${mine.length}`,
      );
    }
    ps.forEach((id: number, j) => {
      if (ids.has(id)) throw new RangeError(at(`param id ${id} appears in more than one place in param_groups`));
      ids.set(id, [mine[j]!, i]);
    });
    const cur = groups[i]!;
    const camel = (k: string) => k.replace(/(?<=[a-z0-9])_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    for (const [k, v] of Object.entries(sg)) {
      if (k === "params") continue;
      checkOption(at, `param_groups[${i}].${k}`, k, v, cur[camel(k)]);
    }
    // numeric hyper-parameters cannot be made up: a group without them is not this optimizer's
    for (const [ck, cv] of Object.entries(cur)) {
      if (ck === "params" || ck === "initialLr") continue;
      const k = ck.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      if ((typeof cv === "number" || Array.isArray(cv)) && !(k in sg))
        throw new TypeError(at(`param_groups[${i}] is missing "${k}": expected ${describe(cv)} like the optimizer's`));
    }
  });
  return ids;
}

/** One group option against the optimizer's current value of it. */
function checkOption(at: (p: string) => string, path: string, k: string, v: unknown, cur: unknown): void {
  const num = (x: unknown) => typeof x === "number" && Number.isFinite(x);
  if (NON_NEGATIVE.has(k) || typeof cur === "number") {
    if (typeof v !== "number") throw new TypeError(at(`${path} must be a number: got ${describe(v)}`));
    if (!num(v)) throw new RangeError(at(`${path} must be finite: got ${v}`));
    if (NON_NEGATIVE.has(k) && v < 0) throw new RangeError(at(`${path} must be >= 0: got ${v}`));
    return;
  }
  if (typeof cur === "boolean") {
    if (typeof v !== "boolean") throw new TypeError(at(`${path} must be a boolean: got ${describe(v)}`));
    return;
  }
  if (Array.isArray(cur)) {
    if (!Array.isArray(v) || v.length !== cur.length || !v.every(num))
      throw new TypeError(at(`${path} must be an array of ${cur.length} finite numbers: got ${describe(v)}`));
    if (k === "betas" && !v.every((b: number) => b >= 0 && b < 1))
      throw new RangeError(at(`${path} must hold values in [0, 1): got [${v.join(", ")}]`));
    return;
  }
  if (typeof cur === "string" && typeof v !== "string" && v !== null)
    throw new TypeError(at(`${path} must be a string: got ${describe(v)}`));
  // options this optimizer does not have (PyTorch's foreach, capturable, …) are kept as given, if plain
  if (v !== null && typeof v === "object") throw new TypeError(at(`${path} must be a plain value: got ${describe(v)}`));
}

/**
 * Throws unless `sd` is a state dict this optimizer can load: same groups and sizes, options of
 * the right kinds and ranges, and per-parameter state with the keys and shapes the optimizer uses.
 * @example
 * const adam = new optim.Adam(model.parameters());
 * checkOptimizerState("Adam", adam.paramGroups, adam.stateDict())
 */
export function checkOptimizerState(name: string, groups: readonly Record<string, unknown>[], sd: unknown): void {
  const at = (p: string) => `[${name}] loadStateDict: ${p}`;
  if (!isPlainObject(sd))
    throw new TypeError(at(`state dict must be an object with state and param_groups: got ${describe(sd)}`));
  const ids = checkGroups(name, groups, sd);
  const state = sd.state ?? {};
  if (!isPlainObject(state))
    throw new TypeError(at(`state must be an object keyed by param id: got ${describe(state)}`));
  for (const [k, s] of Object.entries(state)) {
    const id = Number(k);
    const entry = Number.isInteger(id) ? ids.get(id) : undefined;
    if (entry === undefined)
      throw new RangeError(at(`state has an entry for param id ${k}, which no param group lists`));
    if (!isPlainObject(s)) throw new TypeError(at(`state[${k}] must be an object: got ${describe(s)}`));
    const [p, gi] = entry;
    const keys = Object.keys(s);
    const group = (sd.param_groups as Record<string, unknown>[])[gi]!;
    if (keys.length > 0) {
      for (const need of REQUIRED[name]?.(group) ?? []) {
        if (!(need in s)) {
          throw new TypeError(
            at(`state[${k}] is missing "${need}": expected ${REQUIRED[name]!(group).join(", ")} (${name}'s state)`),
          );
        }
      }
    }
    for (const key of keys) {
      const v = s[key];
      const path = `state[${k}].${key}`;
      if (PARAM_SHAPED.has(key)) {
        if (v === null && key === "momentum_buffer" && name === "SGD") continue;
        if (!(v instanceof Tensor)) throw new TypeError(at(`${path} must be a Tensor: got ${describe(v)}`));
        if (v.shape.length !== p.shape.length || v.shape.some((d, i) => d !== p.shape[i]))
          throw new RangeError(
            at(`${path} has shape ${shapeStr(v.shape)}: expected ${shapeStr(p.shape)} (its parameter's)`),
          );
        if (!v.isFloatingPoint() && p.isFloatingPoint())
          throw new TypeError(at(`${path} must be a floating-point tensor: got dtype ${v.dtype}`));
      } else if (SCALARS.has(key)) {
        const x = v instanceof Tensor ? (v.numel() === 1 ? Number(v.item()) : NaN) : v;
        if (typeof x !== "number" || !Number.isFinite(x) || (key === "step" && x < 0))
          throw new TypeError(at(`${path} must be a finite number or a 1-element tensor: got ${describe(v)}`));
      }
    }
  }
}

// ---- schedulers ---------------------------------------------------------------------------------

/** Scheduler fields that may be absent from a saved state dict (PyTorch adds them in later versions). */
const OPTIONAL = new Set(["verbose", "_get_lr_called_within_step"]);
/** Scheduler fields that hold integers. */
const INTEGERS = new Set(["last_epoch", "_step_count"]);

/** A saved value against the scheduler's current value of that field (kinds and, for per-group lists, lengths). */
function checkLike(at: (p: string) => string, path: string, v: unknown, cur: unknown, depth: number): void {
  if (cur === null || cur === undefined || depth > 8) return;
  if (typeof cur === "number") {
    if (typeof v !== "number") throw new TypeError(at(`${path} must be a number: got ${describe(v)}`));
    if (Number.isNaN(v) && !Number.isNaN(cur)) throw new RangeError(at(`${path} must not be NaN`));
    return;
  }
  if (typeof cur === "boolean" || typeof cur === "string") {
    if (typeof v !== typeof cur) throw new TypeError(at(`${path} must be a ${typeof cur}: got ${describe(v)}`));
    return;
  }
  if (Array.isArray(cur)) {
    if (!Array.isArray(v)) throw new TypeError(at(`${path} must be an array: got ${describe(v)}`));
    if (cur.length > 0)
      v.forEach((x, i) => checkLike(at, `${path}[${i}]`, x, cur[Math.min(i, cur.length - 1)], depth + 1));
    return;
  }
  if (cur instanceof Tensor) {
    if (!(v instanceof Tensor)) throw new TypeError(at(`${path} must be a Tensor: got ${describe(v)}`));
    return;
  }
  if (isPlainObject(cur)) {
    if (!isPlainObject(v)) throw new TypeError(at(`${path} must be an object: got ${describe(v)}`));
    for (const [k, x] of Object.entries(v)) if (k in cur) checkLike(at, `${path}.${k}`, x, cur[k], depth + 1);
  }
}

/**
 * Throws unless `sd` fits the scheduler whose current state dict is `current`: no unknown keys,
 * no missing ones, each value of the kind the scheduler holds, per-group lists as long as the
 * optimizer's groups.
 * @example
 * const saved = sched.stateDict();
 * checkSchedulerState("StepLR", sched.stateDict(), saved, sched.optimizer.paramGroups.length)
 */
export function checkSchedulerState(
  name: string,
  current: Record<string, unknown>,
  sd: unknown,
  groups: number,
  skip: readonly string[] = [],
): void {
  const at = (p: string) => `[${name}] loadStateDict: ${p}`;
  if (!isPlainObject(sd)) throw new TypeError(at(`state dict must be an object: got ${describe(sd)}`));
  const known = Object.keys(current);
  for (const [k, v] of Object.entries(sd)) {
    if (skip.includes(k)) continue;
    if (!(k in current)) {
      const hint = suggestKey(k, known);
      throw new TypeError(
        at(`unknown key "${k}"${hint !== undefined ? `: did you mean "${hint}"?` : `: expected ${known.join(", ")}`}`),
      );
    }
    const cur = current[k];
    if (INTEGERS.has(k) && !(Number.isInteger(v) && (v as number) >= -1))
      throw new TypeError(at(`"${k}" must be an integer >= -1: got ${describe(v)}`));
    if ((k === "base_lrs" || k === "_last_lr" || k === "min_lrs") && Array.isArray(cur) && cur.length > 0) {
      if (!Array.isArray(v) || v.length !== groups)
        throw new RangeError(at(`"${k}" must list one value per param group (${groups}): got ${describe(v)}`));
    }
    checkLike(at, `"${k}"`, v, cur, 0);
  }
  for (const k of known) {
    if (!(k in sd) && !OPTIONAL.has(k) && !skip.includes(k))
      throw new TypeError(at(`missing key "${k}": expected every key of stateDict()`));
  }
}
