/**
 * The second batch of nn.functional ops and layers against PyTorch 1.13
 * (scripts/fixtures/nn_extra.py → test/fixtures/nn_extra.json): outputs and the gradients of
 * Σ out·gout w.r.t. the floating-point inputs; float64 gradchecks of the composites.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { nn, type Tensor } from "../../src/index.js";
import { assertClose, decode, type TensorJSON } from "../ops/fixture.js";
import { build, camelKwargs } from "./layers-fixture.js";

const F = nn.functional as unknown as Record<string, (...a: unknown[]) => Tensor>;

interface FnCase {
  id: string;
  fn: string;
  inputs: TensorJSON[];
  args: unknown[];
  kwargs: Record<string, unknown>;
  out: TensorJSON;
  gout: TensorJSON;
  grads: (TensorJSON | null)[];
}

const fx = JSON.parse(readFileSync(new URL("../fixtures/nn_extra.json", import.meta.url), "utf8")) as {
  functional: FnCase[];
};

function tol(dtype: string, grad: boolean): { rtol: number; atol: number } {
  if (dtype === "float64") return { rtol: 1e-9, atol: 1e-9 };
  return grad ? { rtol: 2e-4, atol: 2e-4 } : { rtol: 1e-4, atol: 2e-5 };
}

describe("nn.functional (batch 2) matches PyTorch", () => {
  for (const c of fx.functional) {
    it(`${c.fn}: ${c.id}`, () => {
      const fn = F[c.fn];
      assert.ok(fn, `F.${c.fn} exists`);
      const inputs = c.inputs.map((j, i) => {
        const t = decode(j);
        return c.grads[i] ? t.requiresGrad_() : t;
      });
      const kw = camelKwargs(c.kwargs);
      const out = Object.keys(kw).length > 0 ? fn(...inputs, ...c.args, kw) : fn(...inputs, ...c.args);
      assertClose(out, c.out, "output", tol(c.out.dtype, false));
      const leaves = inputs.filter((_, i) => c.grads[i]);
      if (leaves.length === 0) return;
      const grads = torch.autograd.grad(out.mul(decode(c.gout)).sum(), leaves, { allowUnused: true });
      let k = 0;
      c.grads.forEach((g, i) => {
        if (g) assertClose(grads[k++]!, g, `grad of input ${i}`, tol(c.out.dtype, true));
      });
    });
  }
});

const f64 = (...shape: number[]): Tensor => torch.randn(shape, { dtype: "float64" }).requiresGrad_();

describe("float64 gradchecks", () => {
  const gc = (name: string, f: (...x: Tensor[]) => Tensor, inputs: () => Tensor[]) =>
    it(name, () => {
      torch.manualSeed(7);
      assert.ok(torch.autograd.gradcheck(f, inputs()));
    });
  gc(
    "interpolate bilinear",
    (x) => nn.functional.interpolate(x, { size: [5, 3], mode: "bilinear" }),
    () => [f64(1, 2, 3, 4)],
  );
  gc(
    "interpolate bicubic alignCorners",
    (x) => nn.functional.interpolate(x, { scaleFactor: 1.5, mode: "bicubic", alignCorners: true }),
    () => [f64(1, 1, 3, 4)],
  );
  gc(
    "interpolate trilinear",
    (x) => nn.functional.interpolate(x, { size: [3, 2, 5], mode: "trilinear" }),
    () => [f64(1, 1, 2, 3, 4)],
  );
  gc(
    "interpolate nearest",
    (x) => nn.functional.interpolate(x, { scaleFactor: 2 }),
    () => [f64(1, 2, 3)],
  );
  gc(
    "pixelShuffle",
    (x) => nn.functional.pixelShuffle(x, 2),
    () => [f64(1, 4, 2, 3)],
  );
  gc(
    "pixelUnshuffle",
    (x) => nn.functional.pixelUnshuffle(x, 2),
    () => [f64(1, 1, 4, 2)],
  );
  gc(
    "normalize",
    (x) => nn.functional.normalize(x, 3, 0),
    () => [f64(3, 4)],
  );
  gc(
    "cosineSimilarity",
    (a, b) => nn.functional.cosineSimilarity(a, b),
    () => [f64(3, 4), f64(3, 4)],
  );
  gc(
    "pairwiseDistance",
    (a, b) => nn.functional.pairwiseDistance(a, b, 1.5),
    () => [f64(3, 4), f64(3, 4)],
  );
  gc(
    "softMarginLoss",
    (x) => nn.functional.softMarginLoss(x, torch.tensor([1, -1, 1], { dtype: "float64" })),
    () => [f64(3)],
  );
  gc(
    "multilabelSoftMarginLoss",
    (x) => nn.functional.multilabelSoftMarginLoss(x, torch.tensor([[1, 0, 1]], { dtype: "float64" })),
    () => [f64(1, 3)],
  );
  gc(
    "hingeEmbeddingLoss",
    (x) => nn.functional.hingeEmbeddingLoss(x, torch.tensor([1, -1, -1, 1], { dtype: "float64" })),
    () => [f64(4)],
  );
  gc(
    "tripletMarginLoss",
    (a, p, n) => nn.functional.tripletMarginLoss(a, p, n, { swap: true }),
    () => [f64(3, 2), f64(3, 2), f64(3, 2)],
  );
  gc(
    "poissonNllLoss",
    (x, y) => nn.functional.poissonNllLoss(x, y),
    () => [f64(2, 3), f64(2, 3)],
  );
  gc(
    "gaussianNllLoss",
    (x, y, v) => nn.functional.gaussianNllLoss(x, y, v.abs().add(0.5), { full: true }),
    () => [f64(2, 3), f64(2, 3), f64(2, 3)],
  );
  gc(
    "softshrink",
    (x) => nn.functional.softshrink(x, 0.3),
    () => [f64(3, 4)],
  );
  gc(
    "localResponseNorm",
    (x) => nn.functional.localResponseNorm(x, 3, 0.1, 0.75, 2),
    () => [f64(1, 4, 2, 3)],
  );
  gc(
    "lpPool2d",
    (x) => nn.functional.lpPool2d(x.abs().add(0.1), 2, 2),
    () => [f64(1, 1, 4, 4)],
  );
  gc(
    "unfold",
    (x) => nn.functional.unfold(x, 2, { padding: 1, stride: 2, dilation: [1, 2] }),
    () => [f64(1, 2, 4, 5)],
  );
  gc(
    "fold",
    (x) => nn.functional.fold(x, [4, 5], 2, { padding: 1 }),
    () => [f64(1, 8, 30)],
  );
  gc(
    "adaptiveMaxPool2d",
    (x) => nn.functional.adaptiveMaxPool2d(x, [2, 3]),
    () => [f64(1, 2, 5, 7)],
  );
  gc(
    "multiMarginLoss",
    (x) => nn.functional.multiMarginLoss(x, torch.tensor([1, 0]), 2, 0.7),
    () => [f64(2, 3)],
  );
});

interface LayerCase {
  id: string;
  kind: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  dtype: "float32" | "float64";
  train: boolean;
  repr: string;
  keys: string[];
  state: Record<string, TensorJSON>;
  inputs: ((TensorJSON & { noGrad?: boolean }) | { tuple: TensorJSON[] })[];
  outs: TensorJSON[];
  gouts: (TensorJSON | null)[];
  inputGrads: (TensorJSON | null)[];
  paramGrads: Record<string, TensorJSON | null>;
}

const layers = (
  JSON.parse(readFileSync(new URL("../fixtures/nn_extra.json", import.meta.url), "utf8")) as {
    layers: LayerCase[];
  }
).layers;

describe("nn layers (batch 2) match PyTorch (repr, state-dict keys, outputs, grads)", () => {
  for (const c of layers) {
    it(`${c.kind}: ${c.id}`, () => {
      const m = build(c.kind, c.args, c.kwargs);
      if (c.dtype === "float64") m.double();
      assert.equal(String(m), c.repr, "repr");
      assert.deepEqual(Object.keys(m.stateDict()), c.keys, "state-dict keys");
      const state = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, decode(v)]));
      assert.deepEqual(m.loadStateDict(state), { missingKeys: [], unexpectedKeys: [] });
      m.train(c.train);
      const leaves: Tensor[] = [];
      const prep = (j: TensorJSON & { noGrad?: boolean }): Tensor => {
        const t = decode(j);
        if (!t.isFloatingPoint() || j.noGrad) return t;
        t.requiresGrad_();
        leaves.push(t);
        return t;
      };
      const inputs = c.inputs.map((j) => ("tuple" in j ? j.tuple.map(prep) : prep(j)));
      const out = (m as unknown as { call: (...x: unknown[]) => unknown }).call(...inputs);
      const outs = (Array.isArray(out) ? out : [out]) as Tensor[];
      assert.equal(outs.length, c.outs.length, "number of outputs");
      let loss: Tensor | null = null;
      outs.forEach((o, i) => {
        assertClose(o, c.outs[i]!, `output ${i}`, tol(c.dtype, false));
        const g = c.gouts[i];
        if (g) {
          const term = o.mul(decode(g)).sum();
          loss = loss ? loss.add(term) : term;
        }
      });
      const params = m.namedParameters();
      if (loss === null || leaves.length + params.length === 0) return;
      const grads = torch.autograd.grad(loss, [...leaves, ...params.map(([, p]) => p)], { allowUnused: true });
      c.inputGrads.forEach((g, i) => {
        if (g) assertClose(grads[i]!, g, `grad of input ${i}`, tol(c.dtype, true));
      });
      params.forEach(([name], i) => {
        const want = c.paramGrads[name];
        if (want) assertClose(grads[leaves.length + i]!, want, `grad of ${name}`, tol(c.dtype, true));
      });
    });
  }
});

describe("nn.Transformer helpers", () => {
  it("generateSquareSubsequentMask is PyTorch's causal mask", () => {
    assert.deepEqual(nn.Transformer.generateSquareSubsequentMask(3).tolist(), [
      [0, -Infinity, -Infinity],
      [0, 0, -Infinity],
      [0, 0, 0],
    ]);
  });
  it("Transformer initialises every matrix Xavier-uniform (within ±√(6/(fanIn+fanOut)))", () => {
    torch.manualSeed(0);
    const m = new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16 });
    for (const [name, p] of m.namedParameters()) {
      if (p.dim() < 2) continue;
      const bound = Math.sqrt(6 / (p.shape[0]! + p.shape[1]!));
      assert.ok((p.abs().max().item() as number) <= bound + 1e-7, name);
    }
    assert.deepEqual(Object.keys(m.stateDict()).slice(0, 3), [
      "encoder.layers.0.self_attn.in_proj_weight",
      "encoder.layers.0.self_attn.in_proj_bias",
      "encoder.layers.0.self_attn.out_proj.weight",
    ]);
  });
});

describe("training-mode randomness (statistics; PyTorch's draws are not replayed)", () => {
  it("alphaDropout keeps a standard-normal input's mean ≈ 0 and variance ≈ 1; dropped units share one value", () => {
    torch.manualSeed(11);
    const x = torch.randn([200000], { dtype: "float64" });
    const y = nn.functional.alphaDropout(x, 0.3, true);
    assert.ok(Math.abs(y.mean().item() as number) < 0.02);
    assert.ok(Math.abs((y.var().item() as number) - 1) < 0.03);
    const a = 1 / Math.sqrt((1.7580993408473766 ** 2 * 0.3 + 1) * 0.7);
    const dropped = -1.7580993408473766 * a + 1.7580993408473766 * a * 0.3;
    const frac = (y.sub(dropped).abs().lt(1e-12).to("float64").mean().item() as number) - 0;
    assert.ok(Math.abs(frac - 0.3) < 0.01, `dropped fraction ${frac}`);
  });
  it("featureAlphaDropout drops whole channels", () => {
    torch.manualSeed(12);
    const y = nn.functional.featureAlphaDropout(torch.randn(8, 16, 5), 0.5, true);
    const spread = y.amax(2).sub(y.amin(2));
    const constant = spread.eq(0).sum().item() as number;
    assert.ok(constant > 20 && constant < 108, `channels dropped: ${constant}`);
  });
  it("rrelu in training draws slopes within [lower, upper] and backpropagates them", () => {
    torch.manualSeed(13);
    const x = torch.full([1000], -1, { dtype: "float64" }).requiresGrad_();
    const y = nn.functional.rrelu(x, 0.1, 0.3, true);
    const s = y.neg();
    assert.ok((s.min().item() as number) >= 0.1 && (s.max().item() as number) <= 0.3);
    y.sum().backward();
    assert.deepEqual(x.grad!.tolist(), s.detach().tolist());
  });
});
