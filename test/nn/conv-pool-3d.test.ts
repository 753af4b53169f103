/**
 * 3-D convolution and pooling (and the other b3d names) vs PyTorch 1.13 fixtures
 * (scripts/fixtures/nn_b3d.py), float64 gradcheck, and behaviour checks.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import * as nn from "../../src/nn/index.js";
import { assertClose, decode, type TensorJSON } from "../ops/fixture.js";
import { runLayerCases, type LayerCase } from "./layers-fixture.js";

const F = nn.functional;

interface FnCase {
  id: string;
  fn: string;
  args: unknown[];
  outs: (TensorJSON | null)[];
  gouts: (TensorJSON | null)[];
  grads: (TensorJSON | null)[];
}

const fx = JSON.parse(readFileSync(new URL("../fixtures/nn_b3d.json", import.meta.url), "utf8")) as {
  layers: LayerCase[];
  functional: FnCase[];
  seeded: { seed: number; input: TensorJSON; out: TensorJSON };
};

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const isTensorJSON = (v: unknown): v is TensorJSON =>
  v !== null && typeof v === "object" && !Array.isArray(v) && "values" in v;

function lookup(name: string): (...a: unknown[]) => unknown {
  const [ns, fn] = name.split(".") as [string, string];
  const host = (ns === "torch" ? torch : F) as unknown as Record<string, (...a: unknown[]) => unknown>;
  const f = host[camel(fn)];
  assert.ok(f, `${ns}.${camel(fn)} exists`);
  return f;
}

/** Runs the functional fixture cases whose function name matches `filter`. */
export function runFnCases(filter: RegExp): void {
  const cases = fx.functional.filter((c) => filter.test(c.fn));
  assert.ok(cases.length > 0);
  for (const c of cases) {
    it(`${c.fn}: ${c.id} matches PyTorch (outputs, grads)`, () => {
      const leaves: (torch.Tensor | null)[] = [];
      const args = c.args.map((a) => {
        if (!isTensorJSON(a)) return a;
        const t = decode(a);
        const leaf = t.isFloatingPoint() ? t.requiresGrad_() : null;
        leaves.push(leaf);
        return t;
      });
      const outs = [lookup(c.fn)(...args)].flat() as torch.Tensor[];
      assert.equal(outs.length, c.outs.length, "number of outputs");
      const f64 = outs[0]!.dtype === "float64";
      let loss: torch.Tensor | null = null;
      outs.forEach((o, i) => {
        assertClose(o, c.outs[i]!, `output ${i}`, f64 ? { rtol: 1e-9, atol: 1e-9 } : { rtol: 1e-4, atol: 2e-5 });
        const g = c.gouts[i];
        if (g && o.requiresGrad) {
          const term = o.mul(decode(g)).sum();
          loss = loss ? loss.add(term) : term;
        }
      });
      const want = c.grads.filter((_, i) => isTensorJSON(c.args[i]));
      const live = leaves.filter((l): l is torch.Tensor => l !== null);
      if (loss === null || live.length === 0) return;
      const grads = torch.autograd.grad(loss, live, { allowUnused: true });
      let k = 0;
      leaves.forEach((l, i) => {
        if (l === null) return;
        // An input the output does not depend on (the grid of nearest sampling): PyTorch gives zeros.
        const g = grads[k++] ?? torch.zerosLike(l);
        if (want[i])
          assertClose(g, want[i]!, `grad of arg ${i}`, f64 ? { rtol: 1e-9, atol: 1e-9 } : { rtol: 2e-4, atol: 2e-4 });
      });
    });
  }
}

const d64 = (...s: number[]): torch.Tensor => torch.randn(s, { dtype: "float64" }).requiresGrad_();

describe("3-D convolution vs PyTorch", () => {
  runLayerCases(["Conv3d", "ConvTranspose3d"], fx.layers);
  runFnCases(/conv/);
});

describe("3-D pooling and BatchNorm3d vs PyTorch", () => {
  runLayerCases(["MaxPool3d", "AvgPool3d", "AdaptiveAvgPool3d", "AdaptiveMaxPool3d", "BatchNorm3d"], fx.layers);
  runFnCases(/(?<!un|fractional_)max_pool|avg_pool/);
});

describe("max unpooling vs PyTorch", () => {
  runLayerCases(["MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d"], fx.layers);
  runFnCases(/unpool/);
});

describe("affineGrid and gridSample vs PyTorch", () => {
  runFnCases(/affine_grid|grid_sample/);
});

describe("gridSample and affineGrid gradcheck (float64)", () => {
  for (const padding of ["zeros", "border", "reflection"] as const) {
    for (const alignCorners of [false, true]) {
      it(`bilinear, ${padding}, alignCorners=${alignCorners}: input and grid`, () => {
        const f = (x: torch.Tensor, g: torch.Tensor): torch.Tensor =>
          F.gridSample(x, g, { mode: "bilinear", paddingMode: padding, alignCorners });
        const grid = torch.rand([2, 3, 2, 2], { dtype: "float64" }).mul(2.4).sub(1.2).requiresGrad_();
        assert.ok(torch.autograd.gradcheck(f, [d64(2, 2, 3, 4), grid]));
      });
    }
  }
  it("bicubic, reflection: input and grid", () => {
    const grid = torch.rand([1, 3, 2, 2], { dtype: "float64" }).mul(2.4).sub(1.2).requiresGrad_();
    const f = (x: torch.Tensor, g: torch.Tensor): torch.Tensor => F.gridSample(x, g, "bicubic", "reflection", true);
    assert.ok(torch.autograd.gradcheck(f, [d64(1, 2, 4, 4), grid]));
  });
  it("trilinear (5-D) and nearest (input only)", () => {
    const g5 = torch.rand([1, 2, 2, 1, 3], { dtype: "float64" }).mul(2).sub(1).requiresGrad_();
    assert.ok(
      torch.autograd.gradcheck((x: torch.Tensor, g: torch.Tensor) => F.gridSample(x, g), [d64(1, 2, 3, 2, 3), g5]),
    );
    const g4 = torch.rand([1, 2, 3, 2], { dtype: "float64" }).mul(2).sub(1);
    assert.ok(torch.autograd.gradcheck((x: torch.Tensor) => F.gridSample(x, g4, "nearest"), [d64(1, 2, 3, 4)]));
  });
  it("affineGrid w.r.t. theta, and the spatial transformer chain", () => {
    assert.ok(torch.autograd.gradcheck((t: torch.Tensor) => F.affineGrid(t, [2, 1, 3, 4]), [d64(2, 2, 3)]));
    assert.ok(torch.autograd.gradcheck((t: torch.Tensor) => F.affineGrid(t, [1, 1, 2, 3, 2], true), [d64(1, 3, 4)]));
    const x = d64(1, 2, 4, 4);
    const theta = torch
      .tensor(
        [
          [
            [0.9, 0.2, 0.05],
            [-0.1, 0.8, 0.1],
          ],
        ],
        { dtype: "float64" },
      )
      .requiresGrad_();
    const f = (a: torch.Tensor, t: torch.Tensor): torch.Tensor => F.gridSample(a, F.affineGrid(t, [1, 2, 3, 3]));
    assert.ok(torch.autograd.gradcheck(f, [x, theta]));
  });
});

describe("fractional max pooling vs PyTorch", () => {
  runLayerCases(["FractionalMaxPool2d", "FractionalMaxPool3d"], fx.layers);
  runFnCases(/fractional/);
  it("without samples, draws them from the global generator as PyTorch does", () => {
    torch.manualSeed(fx.seeded.seed);
    assertClose(F.fractionalMaxPool2d(decode(fx.seeded.input), 2, { outputSize: 5 }), fx.seeded.out, "output");
  });
  it("gradcheck (float64) with fixed samples", () => {
    const s2 = torch.rand([1, 2, 2], { dtype: "float64" });
    const f2 = (a: torch.Tensor): torch.Tensor => F.fractionalMaxPool2d(a, 2, [3, 4], null, false, s2);
    assert.ok(torch.autograd.gradcheck(f2, [d64(1, 2, 6, 7)]));
    const s3 = torch.rand([1, 1, 3], { dtype: "float64" });
    const f3 = (a: torch.Tensor): torch.Tensor => F.fractionalMaxPool3d(a, 2, { outputRatio: 0.6, _randomSamples: s3 });
    assert.ok(torch.autograd.gradcheck(f3, [d64(1, 1, 5, 5, 6)]));
  });
  it("printing and the samples buffer", () => {
    assert.equal(String(new nn.FractionalMaxPool2d(2, 3)), "FractionalMaxPool2d()");
    const m = new nn.FractionalMaxPool3d(2, { outputSize: 3, _randomSamples: torch.rand([1, 1, 3]) });
    assert.deepEqual(Object.keys(m.stateDict()), ["_random_samples"]);
    assert.deepEqual(Object.keys(new nn.FractionalMaxPool2d(2, 3).stateDict()), []);
  });
});

describe("3-D convolution and pooling gradcheck (float64)", () => {
  it("conv3d: groups, stride, padding, dilation (input, weight, bias)", () => {
    const f = (x: torch.Tensor, w: torch.Tensor, b: torch.Tensor): torch.Tensor =>
      F.conv3d(x, w, b, { stride: [2, 1, 1], padding: [1, 0, 1], dilation: [1, 2, 1], groups: 2 });
    assert.ok(torch.autograd.gradcheck(f, [d64(1, 4, 4, 5, 3), d64(2, 2, 2, 2, 2), d64(2)]));
  });
  it("convTranspose3d: stride, output padding, groups", () => {
    const f = (x: torch.Tensor, w: torch.Tensor): torch.Tensor =>
      F.convTranspose3d(x, w, null, { stride: [2, 1, 2], padding: [1, 0, 0], outputPadding: [1, 0, 0], groups: 2 });
    assert.ok(torch.autograd.gradcheck(f, [d64(1, 2, 2, 3, 2), d64(2, 1, 2, 2, 2)]));
  });
  it("maxPool3d, avgPool3d, adaptive 3-D pools", () => {
    const x = d64(1, 2, 4, 5, 4);
    assert.ok(torch.autograd.gradcheck((a: torch.Tensor) => F.maxPool3d(a, 3, 2, 1, [1, 2, 1], true), [x]));
    assert.ok(torch.autograd.gradcheck((a: torch.Tensor) => F.avgPool3d(a, 2, 1, 1, true, false), [x]));
    assert.ok(torch.autograd.gradcheck((a: torch.Tensor) => F.adaptiveAvgPool3d(a, [3, null, 2]), [x]));
    assert.ok(torch.autograd.gradcheck((a: torch.Tensor) => F.adaptiveMaxPool3d(a, [3, 2, 3]), [x]));
  });
  it("BatchNorm3d in training", () => {
    const bn = new nn.BatchNorm3d(2).double();
    assert.ok(torch.autograd.gradcheck((a: torch.Tensor) => bn.call(a), [d64(2, 2, 2, 3, 2)]));
  });
});

describe("max unpooling behaviour", () => {
  it("gradcheck: the input's gradient is the output gradient at the indices", () => {
    const [v, i] = F.maxPool2d(torch.randn([1, 2, 5, 6], { dtype: "float64" }), 2, { returnIndices: true });
    const f = (a: torch.Tensor): torch.Tensor => F.maxUnpool2d(a, i, 2, { outputSize: [5, 6] });
    assert.ok(torch.autograd.gradcheck(f, [v.detach().requiresGrad_()]));
    assert.ok(torch.autograd.gradgradcheck(f, [v.detach().requiresGrad_()]));
  });
  it("round trip puts the maxima back and zeros elsewhere", () => {
    const x = torch.tensor([[[1, 5, 2, 4, 3, 0]]], { dtype: "float32" });
    const [v, i] = F.maxPool1d(x, 2, { returnIndices: true });
    assert.deepEqual(F.maxUnpool1d(v, i, 2).tolist(), [[[0, 5, 0, 4, 3, 0]]]);
  });
  it("printing", () => {
    assert.equal(String(new nn.MaxUnpool2d(2, 1)), "MaxUnpool2d(kernel_size=(2, 2), stride=(1, 1), padding=(0, 0))");
  });
});

describe("3-D behaviour", () => {
  it("maxPool3d indices are flat positions in the D·H·W volume", () => {
    const x = torch.arange(64, { dtype: "float32" }).reshape([1, 1, 4, 4, 4]);
    const [v, i] = F.maxPool3d(x, 2, { returnIndices: true });
    assert.deepEqual(i.flatten().tolist(), v.flatten().tolist());
    assert.deepEqual(v.flatten().tolist(), [21, 23, 29, 31, 53, 55, 61, 63]);
  });
  it("torch aliases are the functionals", () => {
    assert.equal(torch.conv3d, F.conv3d);
    assert.equal(torch.convTranspose3d, F.convTranspose3d);
    assert.equal(torch.maxPool3d, F.maxPool3d);
  });
  it("printing", () => {
    assert.equal(String(new nn.Conv3d(2, 4, 3)), "Conv3d(2, 4, kernel_size=(3, 3, 3), stride=(1, 1, 1))");
    assert.equal(
      String(new nn.MaxPool3d(2)),
      "MaxPool3d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)",
    );
    assert.equal(String(new nn.AdaptiveMaxPool3d([2, null, 3])), "AdaptiveMaxPool3d(output_size=(2, None, 3))");
  });
});
