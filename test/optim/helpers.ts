/** Shared helpers for the optim tests: the fixture, the regression problem, comparisons. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as torch from "../../src/index.js";
import { decode, type TensorJSON } from "../ops/fixture.js";

export interface OptCase {
  name: string;
  kwargs: Record<string, unknown>;
  group2: Record<string, unknown> | null;
  traj: [TensorJSON, TensorJSON][];
  traj64: number[][];
  sd5: { state: Record<string, Record<string, unknown>>; param_groups: Record<string, unknown>[] };
  stateKeys: Record<string, string[]>;
  groupKeys: string[][];
}

export interface LbfgsCase {
  dtype: "float32" | "float64";
  kwargs: Record<string, unknown>;
  steps: { loss: number; p1: TensorJSON; p2: TensorJSON; funcEvals: number; nIter: number }[];
}

export const fx = JSON.parse(readFileSync(new URL("../fixtures/optim.json", import.meta.url), "utf8")) as {
  optimizers: { x: TensorJSON; y: TensorJSON; w0: TensorJSON; b0: TensorJSON; steps: number; cases: OptCase[] };
  lbfgs: LbfgsCase[];
  schedulers: {
    schedules: Record<string, { lrs: number[][]; momentum: number[][] }>;
    plateau: Record<string, { kwargs: Record<string, unknown>; lrs: number[][] }>;
    metrics: number[];
  };
};

/** snake_case option names → camelCase. */
export function camel(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}

/** Decodes a fixture state-dict value (`{tensor: …}` wraps tensors). */
export function decodeState(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeState);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("tensor" in o && Object.keys(o).length === 1) return decode(o.tensor as TensorJSON);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeState(x)]));
  }
  return v;
}

export const problem = {
  x: decode(fx.optimizers.x),
  y: decode(fx.optimizers.y),
};

/** mean((x·w + b - y)²) */
export function loss(w: torch.Tensor, b: torch.Tensor): torch.Tensor {
  return problem.x.to(w.dtype).matmul(w).add(b).sub(problem.y.to(w.dtype)).pow(2).mean();
}

export function assertClose(got: torch.Tensor, want: TensorJSON, rtol: number, atol: number, what: string): void {
  const g = got.dataFloat();
  const w = decode(want).dataFloat();
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  for (let i = 0; i < w.length; i++) {
    const ok = Math.abs(g[i]! - w[i]!) <= atol + rtol * Math.abs(w[i]!);
    assert.ok(ok, `${what}[${i}]: got ${g[i]}, expected ${w[i]} (rtol ${rtol}, atol ${atol})`);
  }
}

export function assertNumbersClose(got: readonly number[], want: readonly number[], rtol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  got.forEach((g, i) => {
    const w = want[i]!;
    assert.ok(Math.abs(g - w) <= rtol * Math.abs(w) + 1e-300, `${what}[${i}]: got ${g}, expected ${w}`);
  });
}
