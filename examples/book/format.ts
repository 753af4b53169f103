/**
 * Printing helpers shared by the book's chapters (examples/book/chapter*.ts): NumPy's and
 * PyTorch's printed forms of the values the book prints.
 */
import type { Tensor } from "../../src/index.js";

/** Where printed lines go. */
export type Log = (line: string) => void;

/**
 * NumPy's `print` of a float64 array (`[0.49671415]`, `[1.02354094]`): up to 8 decimals,
 * trailing zeros dropped, as NumPy's default `floatmode="maxprec"`. One-dimensional only.
 */
export function npStr(t: Tensor): string {
  // NumPy keeps the point of a whole number: `[1.]`
  const vals = (t.flatten().tolist() as number[]).map((v) => v.toFixed(8).replace(/0+$/, ""));
  return `[${vals.join(" ")}]`;
}

/** `print(model.state_dict())`: `OrderedDict([('0.weight', tensor([[1.9690]])), …])`. */
export function formatStateDict(stateDict: Record<string, Tensor>): string {
  const items = Object.entries(stateDict).map(([k, v]) => `('${k}', ${String(v)})`);
  return `OrderedDict([${items.join(", ")}])`;
}

/** A state dict as plain numbers per key (what the tests compare). */
export function stateValues(stateDict: Record<string, Tensor>): Record<string, number[]> {
  return Object.fromEntries(
    Object.entries(stateDict).map(([k, v]) => [k, (v.flatten().tolist() as number[]).map(Number)]),
  );
}

/** A tensor's values as a flat array of numbers. */
export function values(t: Tensor): number[] {
  return (t.detach().flatten().tolist() as number[]).map(Number);
}

/** A shape as Python prints the tuple: `(101, 101)`, `(80, 1, 1)`. */
export function pyShape(t: Tensor): string {
  return t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(", ")})`;
}

/** NumPy's `print` of an integer matrix: `[[ 7  2]\n [ 1 10]]`. */
export function npIntMatrix(m: number[][]): string {
  const width = Math.max(...m.flat().map((v) => String(v).length));
  const rows = m.map((r) => `[${r.map((v) => String(v).padStart(width)).join(" ")}]`);
  return `[${rows.join("\n ")}]`;
}
