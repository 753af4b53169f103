import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

function grads(f: (x: torch.Tensor, w: torch.Tensor) => torch.Tensor): number[][] {
  torch.manualSeed(3);
  const x = torch.randn(3, 4, { dtype: "float64" }).requiresGrad_();
  const w = torch.randn(4, { dtype: "float64" }).requiresGrad_();
  f(x, w).backward();
  return [Array.from(x.grad!.dataFloat()), Array.from(w.grad!.dataFloat())];
}

function assertSame(a: number[][], b: number[][]): void {
  for (let k = 0; k < a.length; k++) {
    a[k]!.forEach((v, i) => assert.ok(Math.abs(v - b[k]![i]!) < 1e-12, `grad ${k}[${i}]: ${v} vs ${b[k]![i]}`));
  }
}

describe("in-place writes through views (CopySlices)", () => {
  it("h[0].mul_(w) routes gradients to the base's history and to w", () => {
    const inplace = grads((x, w) => {
      const h = x.mul(2);
      h.index(0).mul_(w);
      assert.equal(h.gradFn?.name(), "CopySlices");
      return h.mul(h).sum();
    });
    const outOfPlace = grads((x, w) => {
      const h = x.mul(2);
      const h2 = torch.cat([h.index("0:1").mul(w), h.index("1:")]);
      return h2.mul(h2).sum();
    });
    assertSame(inplace, outOfPlace);
  });

  it("writing a grad-requiring value into a plain buffer makes the buffer part of the graph", () => {
    const inplace = grads((x, w) => {
      const buf = torch.zeros(3, 4, { dtype: "float64" });
      buf.index(":", 1).copy_(x.index(":", 0).mul(w.index(0)));
      buf.index(2).add_(w);
      assert.equal(buf.requiresGrad, true);
      return buf.pow(2).sum();
    });
    const outOfPlace = grads((x, w) => {
      const col = x.index(":", 0).mul(w.index(0));
      const z = torch.zeros(3, 1, { dtype: "float64" });
      const b = torch.cat([z, col.unsqueeze(1), z, z], 1);
      const b2 = torch.cat([b.index("0:2"), b.index("2:").add(w)]);
      return b2.pow(2).sum();
    });
    assertSame(inplace, outOfPlace);
  });

  it("the view itself carries the new history", () => {
    const inplace = grads((x, w) => {
      const h = x.mul(x);
      const row = h.index(1);
      row.add_(w);
      return row.mul(3).sum().add(h.sum());
    });
    const outOfPlace = grads((x, w) => {
      const h = x.mul(x);
      const row = h.index(1).add(w);
      const h2 = torch.cat([h.index("0:1"), row.unsqueeze(0), h.index("2:")]);
      return row.mul(3).sum().add(h2.sum());
    });
    assertSame(inplace, outOfPlace);
  });

  it("a write into an output that its op saved invalidates that node, as in PyTorch", () => {
    const x = torch.randn(3, 4).requiresGrad_();
    const h = x.exp();
    h.index(1).add_(1);
    assert.throws(() => h.sum().backward(), /saved by ExpBackward0 is at version 1; expected version 0/);
  });

  it("passes float64 gradcheck, including strided views", () => {
    const ok = torch.autograd.gradcheck(
      (x: torch.Tensor, w: torch.Tensor) => {
        const h = x.mul(1.5);
        h.index(":", "::2").mul_(w.index("0:2"));
        return h.tanh();
      },
      [torch.randn(3, 4, { dtype: "float64" }).requiresGrad_(), torch.randn(4, { dtype: "float64" }).requiresGrad_()],
    );
    assert.equal(ok, true);
  });

  it("refuses an in-place op on a view of a leaf that requires grad", () => {
    const x = torch.randn(3, 4).requiresGrad_();
    assert.throws(
      () => x.index(0).mul_(2),
      /^Error: \[mul_\] a view of a leaf Variable that requires grad is being used in an in-place operation/,
    );
    torch.noGrad(() => x.index(0).mul_(2)); // fine without recording
  });
});
