/** Decoding fixture tensors and comparing results with per-dtype tolerances. */
import assert from "node:assert/strict";
import * as torch from "../../src/index.js";
import type { DType } from "../../src/index.js";

export interface TensorJSON {
  shape: number[];
  dtype: DType;
  values: (number | string | boolean)[];
  /** Build the input as a non-contiguous view (a strided slice of a larger tensor). */
  noncontig?: boolean;
  requiresGrad?: boolean;
}

export interface FixtureCase {
  op: string;
  id?: string;
  inputs: TensorJSON[];
  args?: unknown;
  out: TensorJSON | TensorJSON[];
  grads?: (TensorJSON | null)[];
  gradOutputs?: TensorJSON[];
}

export function decodeValue(v: number | string | boolean): number {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "-0") return -0;
  return Number(v);
}

/** Builds a tensor from fixture JSON; `noncontig` makes it a strided view with the same values. */
export function decode(j: TensorJSON): torch.Tensor {
  const vals = j.values.map(decodeValue);
  const base = torch.tensor(vals, { dtype: j.dtype }).reshape(j.shape);
  if (!j.noncontig || j.shape.length === 0) return base;
  // Interleave with padding along the last dim, then take every second element: same values,
  // stride 2 on the last dim, so kernels see a non-contiguous input.
  const padded = torch.stack([base, torch.zerosLike(base)], -1).flatten(-2);
  const view = padded.index("...", "::2");
  assert.equal(view.isContiguous(), false);
  return view;
}

export function defaultTol(dtype: DType, reduction: boolean): { rtol: number; atol: number } {
  switch (dtype) {
    case "float64":
      return { rtol: 1e-7, atol: 1e-7 };
    case "float32":
      return reduction ? { rtol: 1e-4, atol: 1e-4 } : { rtol: 1.3e-6, atol: 1e-5 };
    case "float16":
      return { rtol: 1e-3, atol: 1e-3 };
    case "bfloat16":
      return { rtol: 1.6e-2, atol: 1e-2 };
    default:
      return { rtol: 0, atol: 0 };
  }
}

/** Asserts dtype, shape and values match (NaN equals NaN; signed zeros are not distinguished). */
export function assertClose(
  actual: torch.Tensor,
  expected: TensorJSON,
  what: string,
  tol?: { rtol?: number; atol?: number },
): void {
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  assert.deepEqual([...actual.shape], expected.shape, `${what}: shape`);
  const d = defaultTol(expected.dtype, false);
  const rtol = tol?.rtol ?? d.rtol;
  const atol = tol?.atol ?? d.atol;
  const got = actual.dataFloat();
  const want = expected.values.map(decodeValue);
  for (let i = 0; i < want.length; i++) {
    const a = got[i]!;
    const e = want[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    const ok = Number.isFinite(e) && Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) assert.fail(`${what}: element ${i} is ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
  }
}
