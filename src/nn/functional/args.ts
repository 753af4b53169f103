/**
 * @internal Argument helpers shared by the conv/pool/norm functionals and layers: PyTorch's
 * int-or-tuple arguments (`_pair`), shape strings for messages, dtype checks.
 */
import { Tensor } from "../../tensor/tensor.js";

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
