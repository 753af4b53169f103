/**
 * @internal Argument helpers shared by the conv/pool/norm functionals and layers: PyTorch's
 * int-or-tuple arguments (`_pair`), shape strings for messages, dtype checks.
 */
import { Tensor } from "../../tensor/tensor.js";
import {
  checkArity,
  checkOptions,
  describe,
  isPlainObject,
  optionKeys,
  unknownOptionMessage,
  type OptionKeys,
} from "../../util/args.js";

/** An int, or one int per spatial dim (PyTorch's `int | tuple`). */
export type IntOrTuple = number | readonly number[];

/** Expands `v` to `n` ints (`_single`/`_pair`), checking integrality and length. */
export function ntuple(op: string, name: string, v: IntOrTuple, n: number): number[] {
  const list = typeof v === "number" ? new Array<number>(n).fill(v) : [...v];
  if (list.length === 1 && n > 1) return new Array<number>(n).fill(list[0]!);
  if (list.length !== n || list.some((x) => typeof x !== "number" || !Number.isInteger(x))) {
    throw new TypeError(`[${op}] ${name} must be an integer or a list of ${n} integers: got ${JSON.stringify(v)}`);
  }
  return list;
}

/** `[2, 3, 28, 28]`, as the error messages print shapes. */
export function shapeStr(s: readonly number[]): string {
  return `[${s.join(", ")}]`;
}

/** Python tuple text: `(3, 3)`, `(4,)`. */
export function tupleStr(v: readonly (number | null)[]): string {
  const items = v.map((x) => (x === null ? "None" : String(x)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
}

/** Python repr of a float (`1e-05`, `0.1`, `1.0`). */
export function floatStr(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  const s = String(v);
  // JS prints 1e-5 as "0.00001"; Python switches to exponent form below 1e-4.
  if (Math.abs(v) < 1e-4 && v !== 0) {
    const [m, e] = v.toExponential().split("e");
    const exp = Number(e);
    return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return s;
}

/** Python bool text. */
export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

/** Throws unless `x` is a Tensor. */
export function checkTensorArg(op: string, x: unknown, name = "input"): asserts x is Tensor {
  if (!(x instanceof Tensor)) {
    throw new TypeError(
      `[${op}] expected ${name} to be a Tensor: got ${x === null ? "null" : Array.isArray(x) ? "an array" : typeof x}`,
    );
  }
}

/** Throws unless `t` (when given) has `x`'s dtype (PyTorch refuses mixed float/double). */
export function checkSameDtype(op: string, x: Tensor, t: Tensor | null | undefined, name: string): void {
  if (t && t.dtype !== x.dtype) {
    throw new TypeError(`[${op}] input type (${x.dtype}) and ${name} type (${t.dtype}) should be the same`);
  }
}

/** True for a plain options object (not a Tensor, array or null). */
export function isOptions(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !(x instanceof Tensor) && !Array.isArray(x);
}

/**
 * One callee's PyTorch parameter list after its leading inputs, built once at module load: the
 * positional names in PyTorch's order (camelCase), then keyword-only names. {@link splitArgs}
 * reads `(…positional, options?)` against it, so `F.maxPool2d(x, 2, 2)`,
 * `F.maxPool2d(x, 2, { stride: 2 })` and `F.maxPool2d(x, { kernelSize: 2, stride: 2 })` agree.
 */
export interface ParamList {
  readonly op: string;
  /** Positional names; a `null` slot is a parameter PyTorch deprecated (size_average, reduce). */
  readonly names: readonly (string | null)[];
  readonly keys: OptionKeys;
  readonly index: ReadonlyMap<string, number>;
  readonly required: number;
  readonly size: number;
}

/**
 * Builds a {@link ParamList}: `names` are PyTorch's positional parameters after the leading
 * inputs (`null` for a deprecated slot that only takes null), `required` how many of them must
 * be given, `kwOnly` the keyword-only options (e.g. `dtype`).
 */
export function params(
  op: string,
  names: readonly (string | null)[],
  opts: { required?: number; kwOnly?: readonly string[] } = {},
): ParamList {
  const all = [...names, ...(opts.kwOnly ?? [])];
  const index = new Map<string, number>();
  all.forEach((n, i) => {
    if (n !== null) index.set(n, i);
  });
  return { op, names, keys: optionKeys(...index.keys()), index, required: opts.required ?? 0, size: all.length };
}

/**
 * Splits `args` (the arguments after the callee's `lead` leading inputs) into one value per parameter of `p` (positional names, then
 * keyword-only ones; `undefined` where not given). A final plain object is the options object;
 * its keys are checked against `p` (unknown key → `[op] unknown option "pos_weight": did you
 * mean "posWeight"?`). Too many positionals, a parameter given both positionally and by name,
 * a non-null deprecated slot or a missing required parameter are TypeErrors.
 */
export function splitArgs(p: ParamList, args: ArrayLike<unknown>, lead = 0): readonly unknown[] {
  let n = args.length;
  if (n === 0 && p.required === 0) return NONE;
  const out = new Array<unknown>(p.size);
  let opts: Record<string, unknown> | undefined;
  if (n > 0 && isPlainObject(args[n - 1])) opts = args[--n] as Record<string, unknown>;
  const given = n;
  if (given > p.names.length) checkArity(p.op, lead + n, lead + p.names.length);
  for (let j = 0; j < given; j++) {
    const v = args[j];
    if (p.names[j] === null) {
      if (v !== null && v !== undefined) {
        throw new TypeError(
          `[${p.op}] positional argument ${lead + j + 1} is PyTorch's deprecated size_average/reduce: got ${describe(v)}, expected null (use the reduction option)`,
        );
      }
    } else out[j] = v;
  }
  if (opts !== undefined) {
    for (const k in opts) {
      const j = p.index.get(k);
      if (j === undefined) throw new TypeError(unknownOptionMessage(p.op, k, p.keys));
      if (j < given && out[j] !== undefined) {
        throw new TypeError(
          `[${p.op}] got multiple values for argument "${k}": given positionally and in the options object`,
        );
      }
      out[j] = opts[k];
    }
  }
  for (let j = 0; j < p.required; j++) {
    if (out[j] === undefined) throw new TypeError(`[${p.op}] missing required argument "${p.names[j]}"`);
  }
  return out;
}

const NONE: readonly unknown[] = Object.freeze([]);
const NO_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * As {@link splitArgs}, but gives the values as one options object keyed by parameter name (for
 * callees written against an options object). A lone options object is checked and passed
 * through as it is.
 */
export function optionsOf<T extends object>(p: ParamList, args: ArrayLike<unknown>, lead = 0): T {
  if (args.length === 0) {
    if (p.required > 0) splitArgs(p, args, lead);
    return NO_OPTIONS as T;
  }
  if (args.length === 1 && p.required === 0 && isPlainObject(args[0])) {
    checkOptions(p.op, args[0], p.keys);
    return args[0] as T;
  }
  const a = splitArgs(p, args, lead);
  const out: Record<string, unknown> = {};
  for (const [k, j] of p.index) if (a[j] !== undefined) out[k] = a[j];
  return out as T;
}

/**
 * The argument lists a callee accepts: PyTorch's positional parameters `P` given up to any point,
 * optionally followed by an options object `O` naming the rest.
 */
export type PosOrOpts<P extends readonly unknown[], O> = P extends readonly [...infer H, infer L]
  ? PosOrOpts<H, O> | [...H, L] | [...H, L, O]
  : [] | [O];

/** As {@link PosOrOpts}, when the first parameter is required: it comes positionally or in `R`. */
export type PosOrOptsReq<P extends readonly unknown[], O, R> = Exclude<PosOrOpts<P, O>, [] | [O]> | [O & R];
