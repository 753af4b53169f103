/**
 * Fused fast paths (src/backend/fused.ts) against the composites: the same call on the native
 * backend with and without its fused kernels must agree, forward and backward,
 * including double backward, and the optimizer steps must follow the same trajectory.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nativeBackend } from "../../src/backend/native/index.js";
import { activeBackend, registerBackend, setBackend } from "../../src/backend/registry.js";
import * as torch from "../../src/index.js";
import { nn, optim } from "../../src/index.js";

const F = nn.functional;
import type { Tensor } from "../../src/tensor/tensor.js";

const skip = nativeBackend === null ? "native addon not built" : false;
// The same native kernels without the fused member: call sites then run their composites.
if (nativeBackend) registerBackend({ ...nativeBackend, name: "native-composite", fused: undefined });

function both<T>(fn: () => T): [T, T] {
  const prev = activeBackend().name;
  try {
    setBackend("native");
    const a = fn();
    setBackend("native-composite");
    const b = fn();
    return [a, b];
  } finally {
    setBackend(prev);
  }
}

function close(a: Tensor | null, b: Tensor | null, tol: number, what: string): void {
  assert.ok(a && b, `${what}: missing`);
  assert.deepEqual(a.shape, b.shape, what);
  const x = a.dataFloat();
  const y = b.dataFloat();
  for (let i = 0; i < x.length; i++) {
    const ok = Object.is(x[i], y[i]) || Math.abs(x[i]! - y[i]!) <= tol * (1 + Math.abs(y[i]!));
    assert.ok(ok, `${what}[${i}]: ${x[i]} vs ${y[i]}`);
  }
}

function inputs(dtype: "float32" | "float64", seed: number): Tensor[] {
  torch.manualSeed(seed);
  return [torch.randn([6, 5], { dtype }), torch.randn([4, 5], { dtype }), torch.randn([4], { dtype })];
}

describe("fused fast paths vs composites", { skip }, () => {
  for (const dtype of ["float32", "float64"] as const) {
    const tol = dtype === "float32" ? 1e-5 : 1e-12;
    it(`linear forward, grads, double backward (${dtype})`, () => {
      const [a, b] = both(() => {
        const [x, w, bias] = inputs(dtype, 1).map((t) => t.requiresGrad_());
        const y = F.linear(x!, w!, bias!);
        const [gx] = torch.autograd.grad([y.pow(2).sum()], [x!], { createGraph: true });
        const [gw2, gb] = torch.autograd.grad([gx!.sum()], [w!, bias!], { allowUnused: true });
        return [y, gx!, gw2!, gb ?? null];
      });
      close(a[0]!, b[0]!, tol, "y");
      close(a[1]!, b[1]!, tol, "gx");
      close(a[2]!, b[2]!, tol, "ggw");
      assert.equal(a[0]!.gradFn?.name(), "AddmmBackward0");
    });
    it(`softmax/logSoftmax last dim, grads and double backward (${dtype})`, () => {
      const [a, b] = both(() => {
        const [x] = inputs(dtype, 2);
        x!.requiresGrad_();
        const s = torch.softmax(x!, -1);
        const l = torch.logSoftmax(x!, 1);
        const w = torch.arange(5, { dtype });
        const [g] = torch.autograd.grad([s.mul(w).sum().add(l.mul(w).sum())], [x!], { createGraph: true });
        const [gg] = torch.autograd.grad([g!.pow(2).sum()], [x!]);
        return [s, l, g!, gg!];
      });
      for (let i = 0; i < 4; i++) close(a[i]!, b[i]!, tol * 10, `out${i}`);
    });
    for (const reduction of ["mean", "sum", "none"] as const) {
      it(`crossEntropy ${reduction} with weight and ignoreIndex (${dtype})`, () => {
        const [a, b] = both(() => {
          const [x] = inputs(dtype, 3);
          x!.requiresGrad_();
          const t = torch.tensor([0n, 4n, 2n, -100n, 1n, 4n]);
          const w = torch.tensor([1, 2, 0.5, 1, 3], { dtype });
          const l1 = F.crossEntropy(x!, t, { reduction, ignoreIndex: -100 });
          const l2 = F.crossEntropy(x!, t, { reduction, weight: w });
          const tot = l1.mul(1.5).sum().add(l2.sum());
          const [g] = torch.autograd.grad([tot], [x!], { createGraph: true });
          const [gg] = torch.autograd.grad([g!.pow(2).sum()], [x!]);
          return [l1, l2, g!, gg!];
        });
        for (let i = 0; i < 4; i++) close(a[i]!, b[i]!, tol * 10, `out${i}`);
      });
    }
    it(`crossEntropy mean with every target ignored is NaN with zero grad (${dtype})`, () => {
      const [a] = both(() => {
        const [x] = inputs(dtype, 4);
        x!.requiresGrad_();
        const l = F.crossEntropy(x!, torch.full([6], -100, { dtype: "int64" }));
        l.backward();
        return [l, x!.grad!];
      });
      assert.ok(Number.isNaN(a[0]!.item()));
      assert.ok(a[1]!.dataFloat().every((v) => v === 0));
    });
  }

  // stride, padding (ints or "same"), dilation, 1×1 identity columns, no bias, an input not needing grad
  type ConvOpts = { stride?: number | number[]; padding?: number | number[] | "same"; dilation?: number | number[] };
  const convCases: [string, number[], number[], ConvOpts, boolean, boolean][] = [
    ["3x3 plain", [2, 3, 7, 6], [4, 3, 3, 3], {}, true, true],
    ["stride 2 padding 1", [2, 3, 7, 8], [5, 3, 3, 2], { stride: 2, padding: 1 }, true, true],
    [
      "stride (2,3) padding (2,1) dilation (2,1)",
      [1, 2, 9, 10],
      [3, 2, 3, 3],
      { stride: [2, 3], padding: [2, 1], dilation: [2, 1] },
      false,
      true,
    ],
    ["padding same, even kernel", [2, 2, 5, 6], [3, 2, 2, 4], { padding: "same" }, true, true],
    ["1x1", [3, 4, 5, 5], [6, 4, 1, 1], {}, true, true],
    ["input without grad", [2, 3, 6, 6], [4, 3, 3, 3], { padding: 1 }, true, false],
  ];
  for (const [name, xs, ws, o, withBias, xGrad] of convCases) {
    for (const dtype of ["float32", "float64"] as const) {
      const tol = dtype === "float32" ? 1e-5 : 1e-12;
      it(`conv2d ${name}: forward, grads and double backward (${dtype})`, () => {
        const [a, b] = both(() => {
          torch.manualSeed(7);
          const x = torch.randn(xs, { dtype, requiresGrad: xGrad });
          const w = torch.randn(ws, { dtype, requiresGrad: true });
          const bias = withBias ? torch.randn([ws[0]!], { dtype, requiresGrad: true }) : null;
          const y = F.conv2d(x, w, bias, o.stride ?? 1, o.padding ?? 0, o.dilation ?? 1);
          const g = torch.randn(y.shape, { dtype });
          const first = torch.autograd.grad([y], xGrad ? [x, w] : [w], { gradOutputs: [g], retainGraph: true });
          const wanted = [w, ...(bias ? [bias] : []), ...(xGrad ? [x] : [])];
          const plain = torch.autograd.grad([y], wanted, { gradOutputs: [g], retainGraph: true });
          const [gw2] = torch.autograd.grad([y.mul(y).sum()], [w], { createGraph: true });
          const [gg] = torch.autograd.grad([gw2!.pow(2).sum()], xGrad ? [x] : [w]);
          return [y, ...first, ...plain, gw2!, gg!];
        });
        assert.equal(a.length, b.length);
        a.forEach((t, i) => close(t, b[i]!, tol * 10, `out ${i}`));
      });
    }
  }
  const poolCases: [
    string,
    number[],
    number,
    { stride?: number; padding?: number; dilation?: number; ceilMode?: boolean },
  ][] = [
    ["2x2", [2, 3, 8, 8], 2, {}],
    ["2x2 wide, odd width (vector steps and a scalar tail)", [2, 3, 6, 21], 2, {}],
    ["3x3 stride 2 padding 1 ceil", [1, 2, 9, 7], 3, { stride: 2, padding: 1, ceilMode: true }],
    ["2x2 dilation 2", [2, 2, 9, 9], 2, { dilation: 2, stride: 1 }],
    ["unbatched 3x3 stride 1", [3, 6, 6], 3, { stride: 1 }],
  ];
  for (const [name, xs, k, o] of poolCases) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`maxPool2d ${name}: values, indices (ties, NaN), grads, double backward (${dtype})`, () => {
        const [a, b] = both(() => {
          torch.manualSeed(3);
          // rounding to halves makes ties; a few NaNs must propagate with their index
          const x = torch.randn(xs, { dtype }).mul(2).round().div(2);
          x.view(-1).indexPut_([torch.tensor([5, 40])], torch.tensor(NaN, { dtype }));
          x.requiresGrad_();
          const [y, idx] = F.maxPool2d(
            x,
            k,
            o.stride ?? null,
            o.padding ?? 0,
            o.dilation ?? 1,
            o.ceilMode ?? false,
            true,
          );
          const g = torch.randn(y.shape, { dtype, requiresGrad: true });
          const [gx] = torch.autograd.grad([y], [x], { gradOutputs: [g], createGraph: true });
          const [gg] = torch.autograd.grad([gx!.mul(gx!).sum()], [g]);
          // first order (the native backward kernel) on a fresh graph
          const x1 = x.detach().requiresGrad_();
          F.maxPool2d(x1, k, o.stride ?? null, o.padding ?? 0, o.dilation ?? 1, o.ceilMode ?? false).backward(
            g.detach(),
          );
          return [y, idx.to(dtype), gx!, gg!, x1.grad!];
        });
        // values and indices exactly; gradients up to the add order where windows overlap
        a.forEach((t, i) => close(t, b[i]!, i < 2 ? 0 : dtype === "float32" ? 1e-6 : 1e-14, `out ${i}`));
      });
    }
  }
  for (const dtype of ["float32", "float64"] as const) {
    it(`relu backward: one native pass, PyTorch's threshold rule (NaN passes, 0 blocks) (${dtype})`, () => {
      const [a, b] = both(() => {
        torch.manualSeed(4);
        const x = torch.randn([3, 50], { dtype });
        x.view(-1).indexPut_([torch.tensor([0, 1, 2])], torch.tensor([NaN, 0, -0], { dtype }));
        x.requiresGrad_();
        const g = torch.randn([3, 50], { dtype });
        torch.relu(x).backward(g);
        // a non-contiguous incoming gradient takes the composite path
        const x2 = x.detach().requiresGrad_();
        torch.relu(x2).backward(g.t().contiguous().t());
        return [x.grad!, x2.grad!];
      });
      a.forEach((t, i) => close(t, b[i]!, 0, `grad ${i}`));
      const gr = a[0]!.view(-1).narrow(0, 0, 3).tolist();
      const g0 = (() => {
        torch.manualSeed(4);
        torch.randn([3, 50], { dtype });
        return torch.randn([3, 50], { dtype }).view(-1).narrow(0, 0, 3).tolist() as number[];
      })();
      assert.deepEqual(gr, [g0[0], 0, 0], "NaN output passes the gradient; 0 and -0 block it");
    });
  }
  it("conv2d forward and backward give the same bits with 1 and 2 threads (samples split over threads)", () => {
    const prev = activeBackend().name;
    const threads = torch.getNumThreads();
    setBackend("native");
    try {
      const run = (n: number) => {
        torch.setNumThreads(n);
        torch.manualSeed(7);
        const x = torch.randn([11, 3, 9, 8], { requiresGrad: true });
        const w = torch.randn([5, 3, 3, 3], { requiresGrad: true });
        const b = torch.randn([5], { requiresGrad: true });
        const y = F.conv2d(x, w, b, 1, 1);
        y.backward(torch.randn(y.shape));
        return [y, x.grad!, w.grad!, b.grad!].map((t) => Array.from(t.dataFloat()));
      };
      assert.deepEqual(run(2), run(1));
    } finally {
      torch.setNumThreads(threads);
      setBackend(prev);
    }
  });
  it("the fused Adam step flushes subnormal moments to zero (and leaves the parameter as the composite does)", () => {
    const [a, b] = both(() => {
      const p = torch.tensor([1, 2], { dtype: "float32", requiresGrad: true });
      const opt = new optim.Adam([p], { lr: 0.1 });
      p.grad = torch.tensor([1e-37, 1], { dtype: "float32" }); // m = 0.1·g: 1e-38 is subnormal
      opt.step();
      const m = (opt as unknown as { state: Map<Tensor, { exp_avg: Tensor }> }).state.get(p)!.exp_avg;
      return [m.clone(), p.detach().clone()];
    });
    assert.equal(a[0]!.dataFloat()[0], 0, "fused: flushed");
    assert.ok(b[0]!.dataFloat()[0]! > 0, "composite: keeps the subnormal");
    close(a[1]!, b[1]!, 0, "parameters");
  });
  it("conv2d runs natively for contiguous float input (and declines float16)", () => {
    const prev = activeBackend().name;
    setBackend("native");
    try {
      const x = torch.randn([1, 1, 4, 4], { requiresGrad: true });
      const y = F.conv2d(x, torch.randn([1, 1, 3, 3]));
      assert.equal(y.gradFn?.name(), "ConvolutionBackward0");
      const h = F.conv2d(torch.randn([1, 1, 4, 4]).half(), torch.randn([1, 1, 3, 3]).half());
      assert.deepEqual(h.shape, [1, 1, 2, 2]);
      assert.equal(F.maxPool2d(y, 2).gradFn?.name(), "MaxPool2DWithIndicesBackward0");
    } finally {
      setBackend(prev);
    }
  });

  const opts: [string, (p: Tensor[]) => optim.Optimizer<never>][] = [
    ["Adam", (p) => new optim.Adam(p, { lr: 0.01, weightDecay: 0.1 }) as never],
    ["Adam amsgrad maximize", (p) => new optim.Adam(p, { lr: 0.01, amsgrad: true, maximize: true }) as never],
    ["AdamW", (p) => new optim.AdamW(p, { lr: 0.01, weightDecay: 0.05 }) as never],
    ["SGD nesterov", (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 }) as never],
    ["SGD plain", (p) => new optim.SGD(p, { lr: 0.05 }) as never],
  ];
  for (const [name, make] of opts) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${name} trajectory is bit-identical to the composite (${dtype})`, () => {
        const [a, b] = both(() => {
          torch.manualSeed(5);
          const m = new nn.Linear(5, 3).to(dtype);
          const x = torch.randn([8, 5], { dtype });
          const opt = make([...m.parameters()]);
          for (let s = 0; s < 5; s++) {
            opt.zeroGrad();
            m.forward(x).pow(2).mean().backward();
            opt.step();
          }
          return [...m.parameters()].map((p) => p.detach().clone());
        });
        for (let i = 0; i < a.length; i++) assert.deepEqual(a[i]!.dataFloat(), b[i]!.dataFloat(), `param ${i}`);
      });
    }
  }
});
