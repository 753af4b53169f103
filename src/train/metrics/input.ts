/**
 * Input handling shared by the metrics: tensors or JS arrays in, plain numbers/strings out.
 * Labels are numbers or strings (booleans read as 0/1), ordered as NumPy's `np.unique` orders them.
 */
import { Tensor } from "../../tensor/tensor.js";
import { checkArity, checkBool, checkNumber, checkOptions, describe, type OptionKeys } from "../../util/args.js";

/** A class label (booleans are read as 0/1). */
export type Label = number | string;
/** Labels or scores: a tensor, a JS array or a typed array. */
export type ArrayInput = Tensor | ArrayLike<number | string | boolean | bigint>;
/** Scores for several classes: a `[n, k]` tensor or nested arrays. */
export type Array2dInput = Tensor | ArrayLike<ArrayLike<number>>;

/**
 * Checks a metric's call: at most `maxArgs` positional arguments, the options' keys, and the
 * values of the shared options (`threshold`, `posLabel`, `labels`, `zeroDivision`, `normalize`,
 * `dropIntermediate`, `outputDict`, `digits`, `targetNames`).
 */
export function checkMetricCall(op: string, given: number, maxArgs: number, opts: unknown, keys: OptionKeys): void {
  checkArity(op, given, maxArgs);
  checkOptions(op, opts, keys);
  if (opts === undefined) return;
  const o = opts as Record<string, unknown>;
  if (o.threshold !== undefined) checkNumber(op, "threshold", o.threshold);
  if (o.posLabel !== undefined && typeof o.posLabel !== "number" && typeof o.posLabel !== "string")
    fail(op, `posLabel must be a number or a string: got ${describe(o.posLabel)}`, TypeError);
  if (o.labels !== undefined && o.labels !== null) {
    if (!Array.isArray(o.labels)) fail(op, `labels must be an array: got ${describe(o.labels)}`, TypeError);
    for (const l of o.labels)
      if (typeof l !== "number" && typeof l !== "string")
        fail(op, `labels must hold numbers or strings: got ${describe(l)}`, TypeError);
  }
  if (o.zeroDivision !== undefined && o.zeroDivision !== "warn" && o.zeroDivision !== 0 && o.zeroDivision !== 1)
    fail(op, `zeroDivision must be "warn", 0 or 1: got ${describe(o.zeroDivision)}`);
  for (const k of ["dropIntermediate", "outputDict"]) if (o[k] !== undefined) checkBool(op, k, o[k]);
  if (o.normalize !== undefined && op === "accuracy") checkBool(op, "normalize", o.normalize);
  if (
    o.targetNames !== undefined &&
    !(Array.isArray(o.targetNames) && o.targetNames.every((n) => typeof n === "string"))
  )
    fail(op, `targetNames must be an array of strings: got ${describe(o.targetNames)}`, TypeError);
}

/** With `[n, k]` class scores, each true label must be a class index in [0, k). */
export function checkClassIndices(op: string, labels: Label[], k: number): void {
  for (const l of labels)
    if (typeof l !== "number" || !Number.isInteger(l) || l < 0 || l >= k)
      fail(
        op,
        `yTrue holds label ${describe(l)} but yPred has ${k} class score columns: with [n, k] scores labels must be class indices in [0, ${k - 1}]`,
      );
}

/** One-line error in the project's format. */
export function fail(op: string, msg: string, Kind: typeof Error = RangeError): never {
  throw new Kind(`[${op}] ${msg}`);
}

function scalar(v: unknown, op: string, name: string): Label {
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  return fail(op, `${name} holds a ${typeof v}: expected numbers, strings or booleans`, TypeError);
}

/** A 1-D list of labels; a `[n, 1]` tensor is flattened as sklearn's column_or_1d does. */
export function toLabels(x: ArrayInput, op: string, name: string): Label[] {
  if (x instanceof Tensor) {
    if (x.dim() > 2 || (x.dim() === 2 && x.shape[1] !== 1))
      fail(op, `${name} must be 1-D: got shape [${x.shape.join(",")}]`);
    return Array.from(x.dataFloat());
  }
  if (x === null || typeof x !== "object" || typeof x.length !== "number")
    fail(op, `${name} must be a tensor or an array: got ${typeof x}`, TypeError);
  const out = new Array<Label>(x.length);
  for (let i = 0; i < x.length; i++) out[i] = scalar(x[i], op, name);
  return out;
}

/** A 1-D list of finite numeric scores. */
export function toScores(x: ArrayInput, op: string, name: string): number[] {
  const v = toLabels(x, op, name);
  for (const s of v) {
    if (typeof s !== "number") fail(op, `${name} must be numeric: got "${s}"`, TypeError);
    if (!Number.isFinite(s)) fail(op, `${name} contains ${s}: expected finite scores`);
  }
  return v as number[];
}

/** True when `x` is 2-D (a `[n, k]` tensor or an array of arrays). */
export function is2d(x: unknown): boolean {
  if (x instanceof Tensor) return x.dim() === 2 && x.shape[1] !== 1;
  return Array.isArray(x) && x.length > 0 && typeof x[0] === "object" && x[0] !== null;
}

/** Rows of a `[n, k]` score matrix. */
export function toMatrix(x: Array2dInput, op: string, name: string): number[][] {
  if (x instanceof Tensor) {
    if (x.dim() !== 2) fail(op, `${name} must be 2-D [n, classes]: got shape [${x.shape.join(",")}]`);
    const v = x.dataFloat();
    const [n, k] = x.shape as [number, number];
    return Array.from({ length: n }, (_, i) => Array.from(v.subarray(i * k, i * k + k)));
  }
  const rows = Array.from(x, (r) => Array.from(r, Number));
  const k = rows[0]?.length ?? 0;
  for (const r of rows) if (r.length !== k) fail(op, `${name} rows differ in length: got ${r.length} and ${k}`);
  return rows;
}

/** NumPy's `np.unique` order: numbers ascending, strings by code unit; mixing is an error. */
export function uniqueSorted(values: Iterable<Label>, op = "metrics"): Label[] {
  const set = [...new Set(values)];
  const nums = set.filter((v) => typeof v === "number").length;
  if (nums !== 0 && nums !== set.length) fail(op, "labels mix numbers and strings: expected one kind", TypeError);
  return set.sort(compareLabels);
}

export function compareLabels(a: Label, b: Label): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sameLength(op: string, a: { length: number }, b: { length: number }): void {
  if (a.length !== b.length)
    fail(op, `inconsistent numbers of samples: got ${a.length} targets and ${b.length} predictions`);
}

/** Label type as sklearn's `type_of_target` sees it (binary ≤ 2 distinct labels). */
export function targetType(op: string, name: string, v: Label[]): "binary" | "multiclass" {
  for (const x of v)
    if (typeof x === "number" && !Number.isInteger(x))
      fail(
        op,
        `${name} holds continuous values such as ${x}: expected class labels (pass { threshold } to turn scores into labels)`,
      );
  return new Set(v).size <= 2 ? "binary" : "multiclass";
}

/** Index of the largest entry of each row (first one on ties, as argmax). */
export function argmaxRows(m: number[][]): number[] {
  return m.map((r) => {
    let best = 0;
    for (let j = 1; j < r.length; j++) if (r[j]! > r[best]!) best = j;
    return best;
  });
}

/** Mean with optional weights, like `np.average`. */
export function average(v: number[], w?: number[]): number {
  if (w === undefined) return v.reduce((a, b) => a + b, 0) / v.length;
  let s = 0;
  let ws = 0;
  for (let i = 0; i < v.length; i++) {
    s += v[i]! * w[i]!;
    ws += w[i]!;
  }
  return s / ws;
}
