/** PyTorch's `out=` on elementwise ops: written in place, checked like PyTorch (shape, dtype, autograd). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const vals = (t: torch.Tensor): number[] => Array.from(t.dataFloat());

describe("out= on elementwise ops", () => {
  it("writes the result into out and returns out, for binary and unary ops", () => {
    torch.manualSeed(1);
    const a = torch.randn([3, 4]);
    const b = torch.randn([4]);
    const out = torch.empty([3, 4]);
    const cases: [string, (o: torch.Tensor) => torch.Tensor, () => torch.Tensor][] = [
      ["add alpha", (o) => torch.add(a, b, { alpha: 2, out: o }), () => torch.add(a, b, { alpha: 2 })],
      ["sub", (o) => torch.sub(a, b, { out: o }), () => torch.sub(a, b)],
      ["mul", (o) => torch.mul(a, 3, { out: o }), () => torch.mul(a, 3)],
      ["div", (o) => torch.div(a, b, { out: o }), () => torch.div(a, b)],
      [
        "div floor",
        (o) => torch.div(a, b, { roundingMode: "floor", out: o }),
        () => torch.div(a, b, { roundingMode: "floor" }),
      ],
      ["pow scalar", (o) => torch.pow(a, 2, { out: o }), () => torch.pow(a, 2)],
      ["pow tensor", (o) => torch.pow(a.abs(), b, { out: o }), () => torch.pow(a.abs(), b)],
      ["pow base", (o) => torch.pow(2, a, { out: o }), () => torch.pow(2, a)],
      ["maximum", (o) => torch.maximum(a, b, { out: o }), () => torch.maximum(a, b)],
      ["atan2", (o) => torch.atan2(a, b, { out: o }), () => torch.atan2(a, b)],
      ["fmod", (o) => torch.fmod(a, b, { out: o }), () => torch.fmod(a, b)],
      ["exp", (o) => torch.exp(a, { out: o }), () => torch.exp(a)],
      ["sigmoid", (o) => torch.sigmoid(a, { out: o }), () => torch.sigmoid(a)],
    ];
    for (const [name, withOut, plain] of cases) {
      const r = withOut(out);
      assert.equal(r, out, `${name} returns out`);
      assert.deepEqual(vals(out), vals(plain()), name);
    }
  });

  it("may alias an input, write into a strided view, resize an empty out, and cast to a wider dtype", () => {
    const x = torch.tensor(
      [
        [1, -2],
        [3, -4],
      ],
      { dtype: "float32" },
    );
    torch.exp(x, { out: x });
    assert.deepEqual(
      vals(x),
      [1, -2, 3, -4].map((v) => Math.fround(Math.exp(v))),
    );
    const base = torch.zeros([2, 2]);
    torch.add(
      torch.tensor([
        [1, 2],
        [3, 4],
      ]),
      10,
      { out: base.t() },
    );
    assert.deepEqual(base.tolist(), [
      [11, 13],
      [12, 14],
    ]);
    const empty = torch.empty([0]);
    torch.mul(torch.ones([2, 3]), 2, { out: empty });
    assert.deepEqual(empty.shape, [2, 3]);
    assert.deepEqual(vals(empty), [2, 2, 2, 2, 2, 2]);
    const f64 = torch.empty([2], { dtype: "float64" });
    torch.add(torch.tensor([1, 2], { dtype: "int32" }), 1, { out: f64 });
    assert.deepEqual(f64.tolist(), [2, 3]);
  });

  it("rejects what PyTorch rejects, with the fix in the message", () => {
    const a = torch.ones([2, 2]);
    assert.throws(() => torch.add(a, a, { out: torch.empty([3]) }), /out has shape \[3\]: expected \[2, 2\]/);
    assert.throws(
      () => torch.div(a, a, { out: torch.empty([2, 2], { dtype: "int64" }) }),
      /result type Float can't be cast to the desired output type Long/,
    );
    const w = torch.ones([2, 2], { requiresGrad: true });
    assert.throws(() => torch.mul(w, 2, { out: torch.empty([2, 2]) }), /don't support automatic differentiation/);
    torch.noGrad(() => torch.mul(w, 2, { out: torch.empty([2, 2]) }));
    assert.throws(() => torch.add(a, a, { out: w }), /leaf Variable that requires grad/);
    assert.throws(() => torch.add(a, a, { out: "x" as unknown as torch.Tensor }), /out must be a Tensor/);
  });

  it("bumps out's version, so a graph that saved it fails backward", () => {
    const x = torch.tensor([1, 2], { dtype: "float32", requiresGrad: true });
    const y = x.exp(); // ExpBackward0 saves its result
    torch.noGrad(() => torch.add(y.detach(), 1, { out: y.detach() }));
    assert.throws(() => y.sum().backward(), /modified by an inplace operation/);
  });
});

describe("out= on the products (matmul, mm, bmm, mv, dot)", () => {
  it("writes into out (resizing an empty one) and refuses what PyTorch refuses", () => {
    torch.manualSeed(2);
    const a = torch.randn([2, 3]);
    const b = torch.randn([3, 4]);
    const cases: [string, (o: torch.Tensor) => torch.Tensor, () => torch.Tensor][] = [
      ["matmul", (o) => torch.matmul(a, b, { out: o }), () => torch.matmul(a, b)],
      ["mm", (o) => torch.mm(a, b, { out: o }), () => torch.mm(a, b)],
      [
        "bmm",
        (o) => torch.bmm(a.unsqueeze(0), b.unsqueeze(0), { out: o }),
        () => torch.bmm(a.unsqueeze(0), b.unsqueeze(0)),
      ],
      ["mv", (o) => torch.mv(a, b.select(1, 0), { out: o }), () => torch.mv(a, b.select(1, 0))],
      [
        "dot",
        (o) => torch.dot(a.select(0, 0), b.select(1, 0), { out: o }),
        () => torch.dot(a.select(0, 0), b.select(1, 0)),
      ],
    ];
    for (const [name, withOut, plain] of cases) {
      const out = torch.empty(0);
      assert.equal(withOut(out), out, name);
      assert.deepEqual(out.shape, plain().shape, name);
      assert.deepEqual(vals(out), vals(plain()), name);
    }
    assert.throws(
      () => torch.matmul(a, b, { out: torch.zeros(3, 3) }),
      /^RangeError: \[matmul\] out has shape \[3, 3\]: expected \[2, 4\]/,
    );
    assert.throws(
      () => torch.mm(a, b, { outt: a } as never),
      /^TypeError: \[mm\] unknown option "outt": did you mean "out"\?/,
    );
    assert.throws(
      () => torch.matmul(a.clone().requiresGrad_(), b, { out: torch.empty(0) }),
      /\[matmul\] functions with out=\.\.\. arguments don't support automatic differentiation/,
    );
  });
});
