/**
 * Shared runner for the PyTorch layer fixtures (scripts/fixtures/nn_layers.py): builds the layer
 * from its constructor spec, loads PyTorch's state dict, checks printing, state-dict keys,
 * outputs and the gradients of Σ out·gout w.r.t. inputs and every parameter.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import * as torch from "../../src/index.js";
import * as nn from "../../src/nn/index.js";
import { assertClose, decode, type TensorJSON } from "../ops/fixture.js";

type InputJSON = TensorJSON | { tuple: TensorJSON[] };

export interface LayerCase {
  id: string;
  kind: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  dtype: "float32" | "float64";
  train: boolean;
  repr: string;
  keys: string[];
  state: Record<string, TensorJSON>;
  inputs: InputJSON[];
  fwdKwargs: Record<string, TensorJSON | boolean>;
  outs: (TensorJSON | null)[];
  gouts: (TensorJSON | null)[];
  inputGrads: (TensorJSON | null)[];
  paramGrads: Record<string, TensorJSON | null>;
  numLayers?: number;
  norm?: boolean;
}

export interface InitCase {
  kind: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  seed: number;
  state: Record<string, TensorJSON>;
}

export interface BatchNormRun {
  kind: string;
  kwargs: Record<string, unknown>;
  inputs: TensorJSON[];
  outs: TensorJSON[];
  buffers: Record<string, TensorJSON>;
}

export const fixtures = JSON.parse(readFileSync(new URL("../fixtures/nn_layers.json", import.meta.url), "utf8")) as {
  layers: LayerCase[];
  init: InitCase[];
  batchnorm: BatchNormRun[];
};

// A leading underscore stays (PyTorch's `_random_samples` → `_randomSamples`).
const camel = (s: string): string => s.replace(/(?<=.)_([a-z])/g, (_, c: string) => c.toUpperCase());

export function camelKwargs(kw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kw))
    out[camel(k)] =
      v !== null && typeof v === "object" && !Array.isArray(v) && "values" in (v as object)
        ? decode(v as TensorJSON)
        : v;
  return out;
}

type Ctor = new (...a: unknown[]) => nn.Module;

/** `new nn[kind](...args, camelCase(kwargs))`, as PyTorch's `nn.Kind(*args, **kwargs)`. */
export function build(kind: string, args: unknown[], kwargs: Record<string, unknown>): nn.Module {
  const C = (nn as unknown as Record<string, Ctor>)[kind];
  assert.ok(C, `nn.${kind} exists`);
  return new C(...args, camelKwargs(kwargs));
}

function buildCase(c: LayerCase): nn.Module {
  if (c.kind === "TransformerEncoder") {
    const layer = build("TransformerEncoderLayer", c.args, c.kwargs) as nn.TransformerEncoderLayer;
    return new nn.TransformerEncoder(layer, c.numLayers!, c.norm ? new nn.LayerNorm(8) : null);
  }
  return build(c.kind, c.args, c.kwargs);
}

function flatten(x: unknown): (torch.Tensor | null)[] {
  if (x === null || x === undefined) return [null];
  if (x instanceof torch.Tensor) return [x];
  return (x as unknown[]).flatMap(flatten);
}

function tol(dtype: string, grad: boolean): { rtol: number; atol: number } {
  if (dtype === "float64") return { rtol: 1e-9, atol: 1e-9 };
  return grad ? { rtol: 2e-4, atol: 2e-4 } : { rtol: 1e-4, atol: 2e-5 };
}

/** Registers one `it` per fixture case of the given kinds (from nn_layers.json unless `source` is given). */
export function runLayerCases(kinds: readonly string[], source: readonly LayerCase[] = fixtures.layers): void {
  const cases = source.filter((c) => kinds.includes(c.kind));
  assert.ok(cases.length > 0);
  for (const c of cases) {
    it(`${c.kind}: ${c.id} matches PyTorch (repr, keys, outputs, grads)`, () => {
      const m = buildCase(c);
      if (c.dtype === "float64") m.double();
      assert.equal(String(m), c.repr, "repr");
      assert.deepEqual(Object.keys(m.stateDict()), c.keys, "state-dict keys");
      const state = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, decode(v)]));
      assert.deepEqual(m.loadStateDict(state), { missingKeys: [], unexpectedKeys: [] });
      m.train(c.train);
      const leaves: torch.Tensor[] = [];
      const prep = (j: TensorJSON): torch.Tensor => {
        const t = decode(j);
        if (!t.isFloatingPoint()) return t;
        // A non-leaf view of a leaf keeps non-contiguous inputs non-contiguous.
        const leaf = t.detach().clone().requiresGrad_();
        leaves.push(leaf);
        return j.noncontig ? decode(j).mul(0).add(leaf) : leaf;
      };
      const inputs = c.inputs.map((j) => ("tuple" in j ? j.tuple.map(prep) : prep(j)));
      const kw = camelKwargs(c.fwdKwargs);
      let out: unknown;
      const call = (...a: unknown[]): unknown => (m as unknown as { call: (...x: unknown[]) => unknown }).call(...a);
      if (c.kind === "MultiheadAttention") out = call(...inputs, kw);
      else if (c.kind === "TransformerEncoderLayer")
        out = call(inputs[0], kw.srcMask ?? null, kw.srcKeyPaddingMask ?? null);
      else if (c.kind === "TransformerEncoder") out = call(inputs[0], kw.mask ?? null, kw.srcKeyPaddingMask ?? null);
      else out = call(...inputs);
      const outs = flatten(out);
      assert.equal(outs.length, c.outs.length, "number of outputs");
      let loss: torch.Tensor | null = null;
      outs.forEach((o, i) => {
        const want = c.outs[i]!;
        if (want === null) return assert.equal(o, null, `output ${i} is None`);
        assert.ok(o, `output ${i}`);
        assertClose(o, want, `output ${i}`, tol(c.dtype, false));
        const g = c.gouts[i];
        if (g) {
          const term = o.mul(decode(g)).sum();
          loss = loss ? loss.add(term) : term;
        }
      });
      const params = (m as nn.Module).namedParameters();
      const grads = torch.autograd.grad(loss!, [...leaves, ...params.map(([, p]) => p)], { allowUnused: true });
      c.inputGrads.forEach((g, i) => {
        if (g) assertClose(grads[i]!, g, `grad of input ${i}`, tol(c.dtype, true));
      });
      params.forEach(([name], i) => {
        const want = c.paramGrads[name];
        const got = grads[leaves.length + i];
        if (want) assertClose(got!, want, `grad of ${name}`, tol(c.dtype, true));
      });
    });
  }
}

/** Default initialisation under `manualSeed` draws what PyTorch draws. */
export function runInitCases(kinds: readonly string[]): void {
  for (const c of fixtures.init.filter((x) => kinds.includes(x.kind))) {
    it(`${c.kind}(${JSON.stringify(c.args)}) default init equals PyTorch's under manual_seed(${c.seed})`, () => {
      torch.manualSeed(c.seed);
      const m = build(c.kind, c.args, c.kwargs);
      const sd = m.stateDict();
      assert.deepEqual(Object.keys(sd), Object.keys(c.state));
      for (const [k, v] of Object.entries(c.state)) assertClose(sd[k]!, v, k, { rtol: 1e-6, atol: 1e-7 });
    });
  }
}
