/** Reduce-family behaviour the spec table cannot express: grad_fn names, tuple shapes, double backward. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const f64 = (data: torch.TensorData) => torch.tensor(data, { dtype: "float64" }).requiresGrad_();
const name = (t: torch.Tensor) => t.gradFn?.name() ?? null;

describe("reduce family", () => {
  it("records PyTorch's grad_fn names", () => {
    const x = f64([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.equal(name(x.sum()), "SumBackward0");
    assert.equal(name(x.sum(1)), "SumBackward1");
    assert.equal(name(x.prod()), "ProdBackward0");
    assert.equal(name(x.prod(0)), "ProdBackward1");
    assert.equal(name(x.amax(1)), "AmaxBackward0");
    assert.equal(name(x.amin()), "AminBackward0");
    assert.equal(name(x.max()), "MaxBackward1");
    assert.equal(name(x.max(1)[0]), "MaxBackward0");
    assert.equal(name(x.min(1).values), "MinBackward0");
    assert.equal(name(x.cumsum(1)), "CumsumBackward0");
    assert.equal(name(x.cumprod(0)), "CumprodBackward0");
    assert.equal(name(x.sort().values), "SortBackward0");
    assert.equal(name(x.topk(2).values), "TopkBackward0");
    assert.equal(name(x.kthvalue(1).values), "KthvalueBackward0");
    assert.equal(name(x.median()), "MedianBackward0");
    assert.equal(name(x.median(1).values), "MedianBackward1");
    assert.equal(name(x.nansum()), "NansumBackward0");
  });

  it("records mean as one MeanBackward node (not Sum then Div), with the gradient g / n", () => {
    const x = f64([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.equal(name(x.mean()), "MeanBackward0");
    assert.equal(name(x.mean(1)), "MeanBackward1");
    assert.equal(name(x.mean([0, 1])), "MeanBackward1");
    assert.equal(name(x.mean(1, true)), "MeanBackward1");
    const y = x.float();
    assert.equal(name(y.mean({ dtype: "float64" })), "MeanBackward0");
    y.retainGrad();
    y.mean({ dtype: "float64" }).backward();
    assert.equal(y.grad!.dtype, "float32");
    assert.deepEqual(
      [...(y.grad!.dataSync() as Float32Array)],
      Array(6)
        .fill(1 / 6)
        .map(Math.fround),
    );
    const z = f64([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    z.mean(1, true)
      .mul(torch.tensor([[1], [2]], { dtype: "float64" }))
      .sum()
      .backward();
    assert.deepEqual([...(z.grad!.dataSync() as Float64Array)], [1 / 3, 1 / 3, 1 / 3, 2 / 3, 2 / 3, 2 / 3]);
    assert.ok(
      torch.autograd.gradgradcheck(
        (t: torch.Tensor) => t.pow(2).mean(0),
        [
          f64([
            [1, 2],
            [3, 4],
          ]),
        ],
      ),
    );
  });

  it("returns [values, indices] tuples with named properties", () => {
    const x = torch.tensor([
      [1, 5, 2],
      [7, 0, 3],
    ]);
    const r = x.max(1);
    assert.equal(r.length, 2);
    const [v, i] = r;
    assert.equal(r.values, v);
    assert.equal(r.indices, i);
    assert.deepEqual(v.tolist(), [5, 7]);
    assert.deepEqual(i.tolist(), [1, 0]);
    assert.equal(i.dtype, "int64");
    assert.deepEqual(Object.keys(r), ["0", "1"]);
    const k = torch.max(x, 1, true);
    assert.deepEqual(k.values.shape, [2, 1]);
  });

  it("max/min with a tensor argument is the elementwise maximum/minimum", () => {
    const a = torch.tensor([1, 5, 3]);
    const b = torch.tensor([4, 2, 3]);
    assert.deepEqual(torch.max(a, b).tolist(), [4, 5, 3]);
    assert.deepEqual(a.min(b).tolist(), [1, 2, 3]);
  });

  it("records nothing under noGrad and for integer results", () => {
    const x = f64([1, 2, 3]);
    torch.noGrad(() => assert.equal(x.sum().gradFn, null));
    assert.equal(x.argmax().requiresGrad, false);
    assert.equal(x.max(0).indices.requiresGrad, false);
  });

  it("double backward through primitives (gradgradcheck)", () => {
    const x = () =>
      f64([
        [0.5, -1.5, 2.0],
        [1.25, 0.75, -0.5],
      ]);
    const zeros = () =>
      f64([
        [2.0, 0.0, 3.0],
        [0.0, 1.5, -2.0],
      ]);
    const check = (fn: (t: torch.Tensor) => torch.Tensor, input: torch.Tensor) =>
      assert.equal(torch.autograd.gradgradcheck(fn, [input]), true);
    check((t) => t.sum(1), x());
    check((t) => t.prod(1), x());
    check((t) => t.prod(), x());
    check((t) => t.cumsum(1), x());
    check((t) => t.cumprod(1), x());
    check((t) => t.cumprod(1), zeros());
    check((t) => t.amax(0), x());
    check((t) => t.max(1).values, x());
    check((t) => t.sort(1, true).values, x());
    check((t) => t.topk(2).values, x());
    check((t) => t.softmax(1), x());
    check((t) => t.logSoftmax(0), x());
    check((t) => t.logsumexp(1), x());
    check((t) => t.var(1), x());
    check((t) => t.norm(3, 1), x());
  });

  it("cumprod's gradient is exact around zeros", () => {
    const x = f64([2, 0, 3, 0, 4]);
    x.cumprod(0).sum().backward();
    // Σ_{j≥i} Π_{k≤j, k≠i} x_k: only x_0 and the first zero see non-zero products.
    assert.deepEqual(x.grad!.tolist(), [1, 2 + 6, 0, 0, 0]);
    assert.equal(
      torch.autograd.gradcheck((t) => t.cumprod(0), [f64([2, 0, 3, 0, 4])]),
      true,
    );
  });

  it("norm's gradient at an all-zero input is zero", () => {
    const x = f64([0, 0, 0]);
    x.norm().backward();
    assert.deepEqual(x.grad!.tolist(), [0, 0, 0]);
  });

  it("unique accepts positional flags or an options object", () => {
    const x = torch.tensor([3, 1, 3, 2]);
    assert.deepEqual((torch.unique(x) as torch.Tensor).tolist(), [1, 2, 3]);
    const [u, inv, counts] = torch.unique(x, true, true, true) as torch.Tensor[];
    assert.deepEqual(u!.tolist(), [1, 2, 3]);
    assert.deepEqual(inv!.tolist(), [2, 0, 2, 1]);
    assert.deepEqual(counts!.tolist(), [1, 1, 2]);
    const r = x.unique({ returnCounts: true }) as torch.Tensor[];
    assert.equal(r.length, 2);
  });

  it("var/std accept unbiased positionally and correction as an option", () => {
    const x = torch.tensor([1, 2, 3, 4], { dtype: "float64" });
    assert.equal(x.var().item(), 5 / 3);
    assert.equal(x.var(false).item(), 1.25);
    assert.equal(x.var(0, false).item(), 1.25);
    assert.equal(x.var({ correction: 2 }).item(), 2.5);
    assert.equal(x.var(0, { correction: 0, keepdim: true }).shape.length, 1);
    const [v, m] = torch.varMean(x);
    assert.equal(v.item(), 5 / 3);
    assert.equal(m.item(), 2.5);
  });

  it("sum keeps int64 exact beyond float32 and widens small ints", () => {
    const x = torch.tensor([2 ** 40, 1, 2], { dtype: "int64" });
    assert.equal(x.sum().item(), 2 ** 40 + 3);
    assert.equal(torch.tensor([100, 100], { dtype: "int8" }).sum().item(), 200);
  });
});
