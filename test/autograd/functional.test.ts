/**
 * torch.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp against PyTorch 1.13's results
 * (test/fixtures/autograd/functional.json, scripts/fixtures/autograd_function.py; same functions
 * and points, float64) and against central finite differences; tuple conventions, createGraph,
 * strict, and the forward-mode strategy.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const AF = torch.autograd.functional;
type T = torch.Tensor;
type Dumped = { shape: number[]; values: number[] } | Dumped[];
const fixtures = JSON.parse(
  readFileSync(new URL("../fixtures/autograd/functional.json", import.meta.url), "utf8"),
) as Record<string, Dumped>;

const t64 = (v: number[] | number[][] | number) => torch.tensor(v as number[], { dtype: "float64" });

/** Compares nested results (tensors / arrays) with a fixture entry to 1e-12. */
function same(got: unknown, want: Dumped, path = "result"): void {
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got), `${path}: expected an array`);
    assert.equal((got as unknown[]).length, want.length, `${path}: length`);
    want.forEach((w, i) => same((got as unknown[])[i], w, `${path}[${i}]`));
    return;
  }
  assert.ok(got instanceof torch.Tensor, `${path}: expected a tensor`);
  assert.deepEqual(got.shape, want.shape, `${path}: shape`);
  const g = Array.from(got.contiguous().dataFloat());
  want.values.forEach((w, i) =>
    assert.ok(Math.abs(g[i]! - w) <= 1e-12 * Math.max(1, Math.abs(w)), `${path}[${i}]: ${g[i]} vs ${w}`),
  );
}

// The functions of the fixture script, written with the same ops.
const fVec = (x: T) =>
  torch.stack([
    x.select(0, 0).mul(x.select(0, 1).sin()),
    x.select(0, 2).exp().mul(x.select(0, 0)).add(x.select(0, 1).pow(2)),
  ]);
const fPair = (a: T, b: T): T[] => [a.tanh().mul(b.sum(0)), a.unsqueeze(1).mul(b).pow(2).sum()];
const fScalar = (x: T) =>
  x
    .pow(3)
    .sum()
    .add(x.select(0, 0).mul(x.select(0, 1)).mul(x.select(0, 2)))
    .log1p();
const fScalar2 = (a: T, b: T) => a.mul(b.exp()).sum().add(a.pow(2).prod());

const x = t64([0.3, -0.7, 0.5]);
const a = t64([0.2, -0.4]);
const b = t64([
  [0.5, -1.0],
  [1.5, 0.25],
]);
const xs = t64([0.6, 0.9, 1.2]);
const u = t64([1.0, -2.0]);
const v3 = t64([0.5, 1.0, -1.5]);

describe("autograd.functional against PyTorch", () => {
  it("jacobian: one input and output; arrays of both", () => {
    same(AF.jacobian(fVec, x), fixtures.jacobian_vec!);
    same(AF.jacobian(fPair, [a, b]), fixtures.jacobian_pair!);
    same(AF.jacobian(fVec, x, { vectorize: true, strategy: "forward-mode" }), fixtures.jacobian_vec!);
    same(AF.jacobian(fPair, [a, b], { vectorize: true, strategy: "forward-mode" }), fixtures.jacobian_pair!);
  });
  it("hessian: one input; an array of inputs; forward-over-reverse", () => {
    same(AF.hessian(fScalar, xs), fixtures.hessian_scalar!);
    same(AF.hessian(fScalar2, [a, t64([0.1, 0.3])]), fixtures.hessian_pair!);
    same(AF.hessian(fScalar, xs, { outerJacobianStrategy: "forward-mode" }), fixtures.hessian_scalar!);
  });
  it("vjp, jvp, hvp, vhp return [output, product]", () => {
    same(AF.vjp(fVec, x, u), fixtures.vjp_vec!);
    same(AF.jvp(fVec, x, v3), fixtures.jvp_vec!);
    same(AF.hvp(fScalar, xs, v3), fixtures.hvp_scalar!);
    same(AF.vhp(fScalar, xs, v3), fixtures.vhp_scalar!);
    same(
      AF.jvp(
        fPair,
        [a, b],
        [
          t64([1.0, 0.5]),
          t64([
            [0.1, 0.2],
            [0.3, 0.4],
          ]),
        ],
      ),
      fixtures.jvp_pair!,
    );
    same(AF.vjp(fPair, [a, b], [t64([1.0, -1.0]), t64(2.0)]), fixtures.vjp_pair!);
  });
});

describe("autograd.functional against finite differences", () => {
  it("jacobian columns are central differences", () => {
    const J = AF.jacobian(fVec, x) as T;
    const h = 1e-6;
    for (let j = 0; j < 3; j++) {
      const e = torch.zeros(3, { dtype: "float64" }).indexFill(0, torch.tensor([j]), h);
      const col = Array.from(
        fVec(x.add(e))
          .sub(fVec(x.sub(e)))
          .div(2 * h)
          .dataFloat(),
      );
      const got = Array.from(J.select(1, j).contiguous().dataFloat());
      col.forEach((c, i) => assert.ok(Math.abs(c - got[i]!) < 1e-8, `J[${i}, ${j}]: ${got[i]} vs ${c}`));
    }
  });
  it("the hessian is the jacobian of the gradient (central differences) and symmetric", () => {
    const H = AF.hessian(fScalar, xs) as T;
    const grad = (p: T) => AF.vjp(fScalar, p)[1] as T;
    const h = 1e-5;
    for (let j = 0; j < 3; j++) {
      const e = torch.zeros(3, { dtype: "float64" }).indexFill(0, torch.tensor([j]), h);
      const col = Array.from(
        grad(xs.add(e))
          .sub(grad(xs.sub(e)))
          .div(2 * h)
          .dataFloat(),
      );
      const got = Array.from(H.select(1, j).contiguous().dataFloat());
      col.forEach((c, i) => assert.ok(Math.abs(c - got[i]!) < 1e-7, `H[${i}, ${j}]: ${got[i]} vs ${c}`));
    }
    assert.ok(Math.abs(H.select(0, 0).select(0, 1).item() as number) > 0);
    assert.deepEqual(Array.from(H.dataFloat()), Array.from(H.transpose(0, 1).contiguous().dataFloat()));
  });
});

describe("autograd.functional options", () => {
  it("results are detached unless createGraph; createGraph keeps them differentiable", () => {
    const p = torch.tensor([1, 2], { dtype: "float64", requiresGrad: true });
    const [out, g] = AF.vjp((q: T) => q.pow(3).sum(), p);
    assert.equal((out as T).requiresGrad, false);
    assert.equal((g as T).requiresGrad, false);
    const [, g2] = AF.vjp((q: T) => q.pow(3).sum(), p, null, { createGraph: true });
    assert.equal((g2 as T).requiresGrad, true);
    (g2 as T).sum().backward(); // d/dp Σ 3p² = 6p
    assert.deepEqual(Array.from(p.grad!.dataFloat()), [6, 12]);
    const J = AF.jacobian((q: T) => q.pow(2), p, { createGraph: true }) as T;
    assert.equal(J.requiresGrad, true);
  });
  it("inputs the output ignores: zeros, or an error with strict", () => {
    const f = (p: T, _q: T) => p.mul(2).sum();
    const [, gs] = AF.vjp(f, [t64([1, 2]), t64([3])]);
    assert.deepEqual(Array.from((gs as T[])[1]!.dataFloat()), [0]);
    assert.throws(
      () => AF.vjp(f, [t64([1, 2]), t64([3])], null, { strict: true }),
      /^Error: \[vjp\] The output of the user-provided function is independent of input 1\. This is not allowed in strict mode\.$/,
    );
    const J = AF.jacobian(f, [t64([1, 2]), t64([3])]) as T[];
    assert.deepEqual(Array.from(J[1]!.dataFloat()), [0]);
    assert.throws(() => AF.jacobian(f, [t64([1, 2]), t64([3])], { strict: true }), /independent of input 1/);
    // a constant function: every derivative is zero
    assert.deepEqual(Array.from((AF.hessian(() => t64(1), t64([1, 2])) as T).dataFloat()), [0, 0, 0, 0]);
  });
});
