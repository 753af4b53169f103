/** torch.autograd.Function: custom ops with their own backward (PyTorch 1.13 semantics). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

type Ctx = torch.autograd.FunctionCtx;
const { Function, onceDifferentiable, grad, gradcheck, gradgradcheck } = torch.autograd;
const vals = (t: torch.Tensor | null | undefined): number[] => {
  assert.ok(t, "expected a tensor");
  return Array.from(t.dataFloat());
};
const f64 = (data: number[]) => torch.tensor(data, { dtype: "float64", requiresGrad: true });
const close = (got: number[], want: number[], tol = 1e-12) =>
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) <= tol, `[${i}] ${g} vs ${want[i]}`));

/** x³ with a differentiable backward (3x² g). */
class Cube extends Function {
  static override forward(ctx: Ctx, x: torch.Tensor): torch.Tensor {
    ctx.saveForBackward(x);
    return x.pow(3);
  }
  static override backward(ctx: Ctx, g: torch.Tensor): torch.Tensor {
    const [x] = ctx.savedTensors;
    return g.mul(x!.pow(2).mul(3));
  }
}

/** a·k + b² with a number argument k stored as a ctx attribute, and needsInputGrad recorded. */
class ScaleAdd extends Function {
  static seen: readonly boolean[] = [];
  static override forward(ctx: Ctx, a: torch.Tensor, k: number, b: torch.Tensor): torch.Tensor {
    ctx.k = k;
    ctx.saveForBackward(b);
    ScaleAdd.seen = ctx.needsInputGrad;
    return a.mul(k).add(b.pow(2));
  }
  static override backward(ctx: Ctx, g: torch.Tensor): (torch.Tensor | null)[] {
    const [b] = ctx.savedTensors;
    return [
      ctx.needsInputGrad[0] ? g.mul(ctx.k as number) : null,
      null,
      ctx.needsInputGrad[2] ? g.mul(b!).mul(2) : null,
    ];
  }
}

/** sin and cos of x: two outputs, one backward. */
class SinCos extends Function {
  static materialize = true;
  static got: (torch.Tensor | null)[] = [];
  static override forward(ctx: Ctx, x: torch.Tensor): [torch.Tensor, torch.Tensor] {
    ctx.setMaterializeGrads(SinCos.materialize);
    ctx.saveForBackward(x);
    return [x.sin(), x.cos()];
  }
  static override backward(ctx: Ctx, gs: torch.Tensor | null, gc: torch.Tensor | null): torch.Tensor {
    SinCos.got = [gs, gc];
    const [x] = ctx.savedTensors;
    let r = torch.zerosLike(x!);
    if (gs !== null) r = r.add(gs.mul(x!.cos()));
    if (gc !== null) r = r.sub(gc.mul(x!.sin()));
    return r;
  }
}

describe("autograd.Function", () => {
  it("apply runs forward, records backward, prints <NameBackward>", () => {
    const x = f64([1, 2, -1]);
    const y = Cube.apply(x);
    assert.deepEqual(vals(y), [1, 8, -1]);
    assert.equal(y.gradFn!.name(), "CubeBackward");
    assert.match(String(y), /grad_fn=<CubeBackward>\)$/);
    y.sum().backward();
    assert.deepEqual(vals(x.grad), [3, 12, 3]);
  });

  it("gradcheck and gradgradcheck pass; double backward through a differentiable backward", () => {
    const x = f64([0.5, -1.5, 2]);
    assert.equal(
      gradcheck((t) => Cube.apply(t), [x]),
      true,
    );
    assert.equal(
      gradgradcheck((t) => Cube.apply(t), [x]),
      true,
    );
    const [dx] = grad(Cube.apply(x).sum(), [x], { createGraph: true });
    assert.equal(dx!.requiresGrad, true);
    const [d2x] = grad(dx!.sum(), [x]);
    close(vals(d2x), [3, -9, 12]); // 6x
  });

  it("non-tensor arguments, needsInputGrad and ctx attributes", () => {
    const a = f64([1, 2]);
    const b = torch.tensor([3, 4], { dtype: "float64" });
    const y = ScaleAdd.apply(a, 5, b);
    assert.deepEqual(ScaleAdd.seen, [true, false, false]);
    assert.deepEqual(vals(y), [14, 26]);
    y.sum().backward();
    assert.deepEqual(vals(a.grad), [5, 5]);
    const bb = f64([3, 4]);
    ScaleAdd.apply(a, 2, bb).sum().backward();
    assert.deepEqual(ScaleAdd.seen, [true, false, true]);
    assert.deepEqual(vals(bb.grad), [6, 8]);
    // no input requires grad: no node, forward's result as is
    const z = ScaleAdd.apply(b, 1, b);
    assert.equal(z.gradFn, null);
    assert.deepEqual(ScaleAdd.seen, [false, false, false]);
    // grad mode off: nothing recorded
    assert.equal(torch.noGrad(() => Cube.apply(a)).gradFn, null);
  });

  it("several outputs share one backward; an unused output's gradient is zeros (or null without materialize)", () => {
    const x = f64([0.3, 1.1]);
    const [s, c] = SinCos.apply(x);
    assert.equal(s.gradFn!.name(), "SinCosBackward");
    assert.equal(c.gradFn!.name(), "SinCosBackward");
    s.add(c.mul(2)).sum().backward();
    close(vals(x.grad), [Math.cos(0.3) - 2 * Math.sin(0.3), Math.cos(1.1) - 2 * Math.sin(1.1)]);
    x.grad = null;
    SinCos.apply(x)[1].sum().backward();
    assert.deepEqual(vals(SinCos.got[0]), [0, 0]);
    close(vals(x.grad), [-Math.sin(0.3), -Math.sin(1.1)]);
    SinCos.materialize = false;
    try {
      x.grad = null;
      SinCos.apply(x)[0].sum().backward();
      assert.equal(SinCos.got[1], null);
      close(vals(x.grad), [Math.cos(0.3), Math.cos(1.1)]);
    } finally {
      SinCos.materialize = true;
    }
    assert.equal(
      gradgradcheck((t) => SinCos.apply(t)[0].mul(SinCos.apply(t)[1]), [f64([0.2, -0.4])]),
      true,
    );
  });

  it("non-tensor outputs pass through; markNonDifferentiable outputs carry no gradient", () => {
    class MaxWithIndex extends Function {
      static override forward(ctx: Ctx, x: torch.Tensor) {
        const v = x.max();
        const mask = x.eq(v).to("float64");
        ctx.markNonDifferentiable(mask);
        ctx.saveForBackward(mask);
        return [v, mask, "tag"] as const;
      }
      static override backward(ctx: Ctx, gv: torch.Tensor, gm: torch.Tensor) {
        assert.deepEqual(vals(gm), [0, 0, 0]);
        const [mask] = ctx.savedTensors;
        return mask!.mul(gv);
      }
    }
    const x = f64([1, 5, 2]);
    const [v, mask, tag] = MaxWithIndex.apply(x);
    assert.equal(tag, "tag");
    assert.equal(mask.requiresGrad, false);
    assert.equal(v.gradFn!.name(), "MaxWithIndexBackward");
    v.backward();
    assert.deepEqual(vals(x.grad), [0, 1, 0]);
  });

  it("markDirty: an input modified in place takes the op's history", () => {
    class AddOne_ extends Function {
      static override forward(ctx: Ctx, x: torch.Tensor) {
        x.add_(1);
        ctx.markDirty(x);
        return x;
      }
      static override backward(_ctx: Ctx, g: torch.Tensor) {
        return g.mul(1);
      }
    }
    const a = f64([1, 2]);
    const h = a.mul(3);
    const out = AddOne_.apply(h);
    assert.equal(out, h);
    assert.equal(h.gradFn!.name(), "AddOne_Backward");
    assert.deepEqual(vals(h), [4, 7]);
    h.sum().backward();
    assert.deepEqual(vals(a.grad), [3, 3]);
    assert.throws(() => AddOne_.apply(f64([1])), /\[AddOne_\.apply\] a leaf Variable that requires grad/);
  });

  it("an input returned unchanged becomes a new tensor with the op's history", () => {
    class Identity extends Function {
      static override forward(_ctx: Ctx, x: torch.Tensor) {
        return x;
      }
      static override backward(_ctx: Ctx, g: torch.Tensor) {
        return g.mul(2);
      }
    }
    const x = f64([1, 2]);
    const y = Identity.apply(x);
    assert.notEqual(y, x);
    assert.equal(x.gradFn, null);
    y.sum().backward();
    assert.deepEqual(vals(x.grad), [2, 2]);
  });

  it("onceDifferentiable: first-order works, differentiating the gradient fails", () => {
    class Exp extends Function {
      static override forward(ctx: Ctx, x: torch.Tensor) {
        const y = x.exp();
        ctx.saveForBackward(y);
        return y;
      }
      static override backward = onceDifferentiable((ctx: Ctx, g: torch.Tensor) => g.mul(ctx.savedTensors[0]!));
    }
    const x = f64([0, 1]);
    const [dx] = grad(Exp.apply(x).sum(), [x]);
    close(vals(dx), [1, Math.E]);
    // as in PyTorch: the result has history only when a gradient flowing in has one
    const [dx1] = grad(Exp.apply(x).sum(), [x], { createGraph: true });
    assert.equal(dx1!.requiresGrad, false);
    const go = torch.ones([], { dtype: "float64", requiresGrad: true });
    const [dx2] = grad(Exp.apply(x).sum(), [x], { createGraph: true, gradOutputs: go });
    close(vals(dx2), [1, Math.E]);
    assert.match(String(dx2), /grad_fn=<Error>\)$/);
    assert.throws(
      () => dx2!.sum().backward(),
      /trying to differentiate twice a function that was marked with onceDifferentiable/,
    );
  });

  it("backward twice needs retainGraph; savedTensors are freed", () => {
    const x = f64([1]);
    const y = Cube.apply(x);
    y.backward(undefined, { retainGraph: true });
    y.backward();
    assert.deepEqual(vals(x.grad), [6]);
    assert.throws(() => y.backward(), /Trying to backward through the graph a second time.*CubeBackward was freed/);
  });

  it("PyTorch's errors: wrong number of gradients, bad shape, gradient for a non-tensor, saved tensor modified", () => {
    class TooFew extends Function {
      static override forward(_ctx: Ctx, a: torch.Tensor, b: torch.Tensor) {
        return a.add(b);
      }
      static override backward(_ctx: Ctx, g: torch.Tensor) {
        return g;
      }
    }
    assert.throws(
      () => TooFew.apply(f64([1]), f64([2])).backward(),
      (e: Error) =>
        e.message ===
        "[backward] function TooFewBackward returned an incorrect number of gradients (expected 2, got 1)",
    );
    class BadShape extends Function {
      static override forward(_ctx: Ctx, a: torch.Tensor) {
        return a.mul(2);
      }
      static override backward(_ctx: Ctx, _g: torch.Tensor) {
        return torch.ones(3, { dtype: "float64" });
      }
    }
    assert.throws(
      () =>
        BadShape.apply(f64([1, 2]))
          .sum()
          .backward(),
      /^RangeError: \[backward\] BadShapeBackward returned an invalid gradient at index 0: got shape \[3\], expected shape compatible with \[2\]$/,
    );
    class GradForNumber extends Function {
      static override forward(_ctx: Ctx, a: torch.Tensor, k: number) {
        return a.mul(k);
      }
      static override backward(_ctx: Ctx, g: torch.Tensor) {
        return [g, g];
      }
    }
    assert.throws(
      () => GradForNumber.apply(f64([1]), 2).backward(),
      /returned a gradient different than None at position 2, but the corresponding forward input was not a Variable/,
    );
    const x = f64([1, 2]);
    const h = x.mul(1);
    const y = Cube.apply(h);
    torch.noGrad(() => h.add_(1));
    assert.throws(
      () => y.sum().backward(),
      /^Error: \[backward\] one of the variables needed for gradient computation has been modified by an inplace operation: a tensor of shape \[2\] saved by CubeBackward is at version 1; expected version 0 instead/,
    );
    // extra trailing nulls are allowed, as in PyTorch
    class Extra extends Function {
      static override forward(_ctx: Ctx, a: torch.Tensor) {
        return a.mul(2);
      }
      static override backward(_ctx: Ctx, g: torch.Tensor) {
        return [g.mul(2), null, null];
      }
    }
    const e = f64([1]);
    Extra.apply(e).backward();
    assert.deepEqual(vals(e.grad), [2]);
  });
});

describe("autograd.Function: jvp and vjp", () => {
  it("static jvp gives the tangent in forward AD; static vjp serves as backward", () => {
    class Square extends Function {
      static override forward(ctx: Ctx, x: torch.Tensor) {
        ctx.saveForBackward(x);
        ctx.x = x;
        return x.mul(x);
      }
      static vjp(ctx: Ctx, g: torch.Tensor) {
        return g.mul(ctx.savedTensors[0]!).mul(2);
      }
      static jvp(ctx: Ctx, t: torch.Tensor) {
        // deliberately 10x the true tangent, to show this rule is the one used
        return t.mul(ctx.x as torch.Tensor).mul(20);
      }
    }
    const { forwardAd } = torch.autograd;
    const x = torch.tensor([1, 3], { dtype: "float64" });
    const t = forwardAd.dualLevel(
      () => forwardAd.unpackDual(Square.apply(forwardAd.makeDual(x, torch.onesLike(x)))).tangent,
    );
    assert.deepEqual(vals(t), [20, 60]);
    const w = f64([1, 3]);
    Square.apply(w).sum().backward();
    assert.deepEqual(vals(w.grad), [2, 6]);
  });
});
