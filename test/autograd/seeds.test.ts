/**
 * The tutorial programs, checked against PyTorch runs (scripts/fixtures/autograd.py):
 * a cubic fit of sin(x) with manual gradients and with autograd, and linear regression.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { decode, type TensorJSON } from "../ops/fixture.js";

interface Run {
  losses: number[];
  coef: number[];
}
const fx = JSON.parse(readFileSync(new URL("../fixtures/autograd.json", import.meta.url), "utf8")) as {
  poly: { init: number[]; manual: Run; autograd: Run };
  linreg: { x: TensorJSON; y: TensorJSON; b0: TensorJSON; w0: TensorJSON; b: number; w: number; losses: number[] };
};

function close(got: number, want: number, rtol: number, atol: number, what: string): void {
  assert.ok(Math.abs(got - want) <= atol + rtol * Math.abs(want), `${what}: got ${got}, expected ${want}`);
}

function checkRun(got: Run, want: Run): void {
  assert.equal(got.losses.length, want.losses.length);
  got.losses.forEach((l, i) => close(l, want.losses[i]!, 1e-3, 0, `loss at step ${100 * i + 99}`));
  // Coefficients are float32 sums of 2000 terms iterated 2000 times: compare within 1e-3.
  got.coef.forEach((c, i) => close(c, want.coef[i]!, 1e-3, 1e-4, `coefficient ${"abcd"[i]}`));
}

describe("seed program: cubic fit of sin(x)", () => {
  const x = torch.linspace(-Math.PI, Math.PI, 2000);
  const y = torch.sin(x);
  const lr = 1e-6;

  it("initial values match torch.manual_seed(0) + randn", () => {
    torch.manualSeed(0);
    const init = [0, 1, 2, 3].map(() => torch.randn([]).item() as number);
    assert.deepEqual(init, fx.poly.init);
  });

  it("manual gradients (no autograd) match PyTorch", () => {
    const [a, b, c, d] = fx.poly.init.map((v) => torch.tensor(v));
    const losses: number[] = [];
    for (let t = 0; t < 2000; t++) {
      const yPred = a!
        .add(b!.mul(x))
        .add(c!.mul(x.pow(2)))
        .add(d!.mul(x.pow(3)));
      const loss = yPred.sub(y).pow(2).sum().item() as number;
      if (t % 100 === 99) losses.push(loss);
      const gradYPred = yPred.sub(y).mul(2);
      const gradA = gradYPred.sum();
      const gradB = gradYPred.mul(x).sum();
      const gradC = gradYPred.mul(x.pow(2)).sum();
      const gradD = gradYPred.mul(x.pow(3)).sum();
      a!.sub_(gradA.mul(lr));
      b!.sub_(gradB.mul(lr));
      c!.sub_(gradC.mul(lr));
      d!.sub_(gradD.mul(lr));
    }
    assert.equal(a!.requiresGrad, false);
    checkRun({ losses, coef: [a, b, c, d].map((p) => p!.item() as number) }, fx.poly.manual);
  });

  it("autograd with noGrad updates matches PyTorch", () => {
    const params = fx.poly.init.map((v) => torch.tensor(v, { requiresGrad: true }));
    const [a, b, c, d] = params;
    const losses: number[] = [];
    for (let t = 0; t < 2000; t++) {
      const yPred = a!
        .add(b!.mul(x))
        .add(c!.mul(x.pow(2)))
        .add(d!.mul(x.pow(3)));
      const loss = yPred.sub(y).pow(2).sum();
      if (t % 100 === 99) losses.push(loss.item() as number);
      loss.backward();
      torch.noGrad(() => {
        for (const p of params) {
          p.sub_(p.grad!.mul(lr));
          p.grad = null;
        }
      });
    }
    for (const p of params) assert.ok(p.isLeaf && p.requiresGrad);
    checkRun({ losses, coef: params.map((p) => p.item() as number) }, fx.poly.autograd);
  });
});

describe("seed program: linear regression y = 1 + 2x + 0.1ε", () => {
  it("gradient descent with autograd recovers b ≈ 1, w ≈ 2 and matches PyTorch", () => {
    const L = fx.linreg;
    const x = decode(L.x);
    const y = decode(L.y);
    const b = decode(L.b0).requiresGrad_();
    const w = decode(L.w0).requiresGrad_();
    const lr = 0.1;
    const losses: number[] = [];
    for (let epoch = 0; epoch < 1000; epoch++) {
      const yhat = b.add(w.mul(x));
      const loss = yhat.sub(y).pow(2).mean();
      if (epoch % 100 === 99) losses.push(loss.item() as number);
      loss.backward();
      torch.noGrad(() => {
        b.sub_(b.grad!.mul(lr));
        w.sub_(w.grad!.mul(lr));
      });
      b.grad!.zero_();
      w.grad!.zero_();
    }
    const bv = b.item() as number;
    const wv = w.item() as number;
    close(bv, 1, 0, 0.1, "b");
    close(wv, 2, 0, 0.15, "w");
    close(bv, L.b, 1e-4, 1e-5, "b vs PyTorch");
    close(wv, L.w, 1e-4, 1e-5, "w vs PyTorch");
    losses.forEach((l, i) => close(l, L.losses[i]!, 1e-3, 1e-7, `loss at epoch ${100 * i + 99}`));
  });
});
