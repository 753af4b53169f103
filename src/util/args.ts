/**
 * The runtime argument contract of the public API. Many users write plain JS or run `.ts`
 * unchecked, so a misspelled option must be an error, never a silently dropped key:
 * `[DataLoader] unknown option "batch_size": did you mean "batchSize"?`.
 *
 * Key sets are built once per callee (`optionKeys`), so a check is one `Set.has` per given key
 * and nothing at all when no options object is passed.
 *
 * This module imports nothing: every layer (tensor … keras) may use it.
 */

/** The accepted option names of one callee, built once at module load. */
export type OptionKeys = ReadonlySet<string>;

/** Builds a callee's accepted key set (call at module load, not per call). */
export function optionKeys(...keys: string[]): OptionKeys {
  return new Set(keys);
}

/** `a` and `b`'s accepted keys together (for options objects that extend another). */
export function mergeKeys(...sets: (OptionKeys | readonly string[])[]): OptionKeys {
  const out = new Set<string>();
  for (const s of sets) for (const k of s) out.add(k);
  return out;
}

/** How a value reads in an error message: `"cpu"`, `3`, `an array`, `a Tensor`, `null`. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return v.toString();
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  const name = (v as { constructor?: { name?: string } }).constructor?.name;
  if (name === "Tensor" || name === "Parameter") return `a ${name}`;
  if (ArrayBuffer.isView(v)) return `a ${name ?? "typed array"}`;
  if (name && name !== "Object") return `a ${name}`;
  return "an object";
}

/** True for a plain `{ … }` options object (not null, an array, a class instance, a typed array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `batch_size` → `batchSize`, `from_logits` → `fromLogits`. */
function snakeToCamel(key: string): string {
  return key.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Edit distance counting an adjacent swap as one edit (optimal string alignment), cut off past `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The accepted key a mistyped `key` most likely meant: its camelCase spelling, a case-insensitive
 * match, or the nearest key within a small edit distance; undefined when nothing is close.
 */
export function suggestKey(key: string, accepted: Iterable<string>): string | undefined {
  const list = [...accepted];
  const camel = snakeToCamel(key);
  if (camel !== key && list.includes(camel)) return camel;
  const lower = camel.toLowerCase();
  const ci = list.find((k) => k.toLowerCase() === lower);
  if (ci !== undefined) return ci;
  const max = Math.max(1, Math.min(3, Math.floor(camel.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  for (const k of list) {
    const d = editDistance(lower, k.toLowerCase(), max);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

/** The message for an unknown option, with a suggestion or the accepted list. */
export function unknownOptionMessage(callee: string, key: string, accepted: OptionKeys): string {
  const hint = suggestKey(key, accepted);
  if (hint !== undefined) return `[${callee}] unknown option "${key}": did you mean "${hint}"?`;
  const list = [...accepted].sort();
  return list.length === 0
    ? `[${callee}] unknown option "${key}": ${callee} takes no options`
    : `[${callee}] unknown option "${key}": expected one of ${list.map((k) => `"${k}"`).join(", ")}`;
}

/**
 * Throws unless `opts` is undefined or a plain object whose every key is in `accepted`.
 * Keys whose value is `undefined` are checked too: `{ batch_size: undefined }` is still a typo.
 *
 * @example
 * const KEYS = optionKeys("batchSize", "shuffle"); // fragment
 * checkOptions("DataLoader", { batchSize: 4 }, KEYS); // fine
 * checkOptions("DataLoader", { batch_size: 4 }, KEYS); // TypeError: [DataLoader] unknown option "batch_size": did you mean "batchSize"?
 */
export function checkOptions(callee: string, opts: unknown, accepted: OptionKeys): void {
  if (opts === undefined) return;
  if (!isPlainObject(opts)) {
    throw new TypeError(`[${callee}] expected an options object: got ${describe(opts)}`);
  }
  for (const key in opts) {
    if (!accepted.has(key)) throw new TypeError(unknownOptionMessage(callee, key, accepted));
  }
}

/** Throws when more than `max` positional arguments were given (`args` is the callee's rest list). */
export function checkArity(callee: string, given: number, max: number): void {
  if (given > max) {
    throw new TypeError(
      `[${callee}] takes at most ${max} positional argument${max === 1 ? "" : "s"}: got ${given}` +
        " (keyword arguments go in a final options object)",
    );
  }
}

/** Throws unless `v` is a finite number (optionally within [min, max]). */
export function checkNumber(
  callee: string,
  name: string,
  v: unknown,
  range: { min?: number; max?: number; minExclusive?: boolean } = {},
): number {
  if (typeof v !== "number" || Number.isNaN(v)) {
    throw new TypeError(`[${callee}] ${name} must be a number: got ${describe(v)}`);
  }
  const { min, max, minExclusive } = range;
  if (min !== undefined && (minExclusive ? !(v > min) : !(v >= min))) {
    throw new RangeError(`[${callee}] ${name} must be ${minExclusive ? ">" : ">="} ${min}: got ${v}`);
  }
  if (max !== undefined && !(v <= max)) throw new RangeError(`[${callee}] ${name} must be <= ${max}: got ${v}`);
  return v;
}

/** Throws unless `v` is an integer ≥ `min` (default 0). */
export function checkInt(callee: string, name: string, v: unknown, min = 0): number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(`[${callee}] ${name} must be an integer: got ${describe(v)}`);
  }
  if (v < min) throw new RangeError(`[${callee}] ${name} must be >= ${min}: got ${v}`);
  return v;
}

/** Throws unless `v` is a boolean. */
export function checkBool(callee: string, name: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new TypeError(`[${callee}] ${name} must be a boolean: got ${describe(v)}`);
  return v;
}

/** Throws unless `v` is one of `choices` (strings compared exactly). */
export function checkOneOf<T extends string>(callee: string, name: string, v: unknown, choices: readonly T[]): T {
  if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
    const hint = typeof v === "string" ? suggestKey(v, choices) : undefined;
    throw new RangeError(
      `[${callee}] ${name} must be one of ${choices.map((c) => `"${c}"`).join(", ")}: got ${describe(v)}` +
        (hint !== undefined ? ` (did you mean "${hint}"?)` : ""),
    );
  }
  return v as T;
}

/** Throws unless `v` is a function. */
export function checkFunction(callee: string, name: string, v: unknown): void {
  if (typeof v !== "function") throw new TypeError(`[${callee}] ${name} must be a function: got ${describe(v)}`);
}

/**
 * Binds a call's arguments to PyTorch/NumPy-style parameter names: positionals in `names` order,
 * then an optional final plain options object for any of the remaining names. A name given both
 * ways, too many positionals, or an unknown key is an error. Key sets come precomputed.
 *
 * @example
 * const NAMES = ["loc", "scale", "size"] as const;
 * bindArgs("normal", NAMES, optionKeys(...NAMES), [0, { size: [2] }]); // { loc: 0, size: [2] }
 */
export function bindArgs(
  callee: string,
  names: readonly string[],
  accepted: OptionKeys,
  args: readonly unknown[],
): Record<string, unknown> {
  let n = args.length;
  const last = n > 0 ? args[n - 1] : undefined;
  const opts = isPlainObject(last) ? last : undefined;
  if (opts !== undefined) n--;
  checkArity(callee, n, names.length);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) out[names[i]!] = args[i];
  if (opts !== undefined) {
    checkOptions(callee, opts, accepted);
    for (const key in opts) {
      if (out[key] !== undefined) {
        throw new TypeError(`[${callee}] got multiple values for argument "${key}" (positionally and in the options)`);
      }
      out[key] = opts[key];
    }
  }
  return out;
}
