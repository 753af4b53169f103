/** Loads test/fixtures/nn_core.json (scripts/fixtures/nn_core.py) and shared helpers for nn tests. */
import { readFileSync } from "node:fs";
import * as torch from "../../src/index.js";
import { assertClose, decode, type TensorJSON } from "../ops/fixture.js";

export interface LayerCase {
  id: string;
  train: boolean;
  repr: string;
  state: Record<string, TensorJSON>;
  inputs: TensorJSON[];
  out: TensorJSON;
  gradOut: TensorJSON;
  inputGrads: (TensorJSON | null)[];
  paramGrads: Record<string, TensorJSON>;
  rngSeed?: number;
}

export interface FnCase {
  id: string;
  fn: string;
  inputs: TensorJSON[];
  kwargs: Record<string, unknown>;
  out: TensorJSON;
  gradOut: TensorJSON;
  grads: (TensorJSON | null)[];
}

export interface ClipCase {
  normType: number | "inf";
  maxNorm: number;
  grads: TensorJSON[];
  total: number;
  clipped: TensorJSON[];
}

export interface NNFixture {
  layers: LayerCase[];
  functional: FnCase[];
  inits: Record<string, { state: Record<string, TensorJSON>; next: number[] }>;
  initFns: Record<string, TensorJSON>;
  gains: Record<string, number>;
  fans: Record<string, [number, number]>;
  reprs: { net: string; mlp: string; nested: string; misc: string[] };
  stateKeys: Record<string, string[]>;
  load: { missing: string[]; unexpected: string[]; strict_error: string };
  clip: ClipCase[];
  tutorial: {
    x: TensorJSON;
    y: TensorJSON;
    lr: number;
    state0: Record<string, TensorJSON>;
    losses: number[];
    final: Record<string, TensorJSON>;
  };
}

export const fx = JSON.parse(readFileSync(new URL("../fixtures/nn_core.json", import.meta.url), "utf8")) as NNFixture;

/** A state dict of decoded tensors. */
export function decodeState(s: Record<string, TensorJSON>): Record<string, torch.Tensor> {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, decode(v)]));
}

/** Float32 results of composed ops differ from PyTorch's fused kernels by a few ulps. */
export const TOL = { rtol: 2e-5, atol: 2e-6 };

export function close(actual: torch.Tensor, expected: TensorJSON, what: string, tol = TOL): void {
  const t = expected.dtype === "float64" ? { rtol: 1e-10, atol: 1e-12 } : tol;
  assertClose(actual, expected, what, t);
}

export { decode };
