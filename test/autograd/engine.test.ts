/** The backward engine: graph state, accumulation, freeing, hooks, modes and errors (PyTorch 1.13 behaviour). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { FunctionNode } from "../../src/autograd/node.js";
import { record } from "../../src/ops/define.js";
import { clearPool, pooledByteCount } from "../../src/tensor/buffer-pool.js";

const f = (t: torch.Tensor | null): number[] => {
  assert.ok(t, "expected a tensor");
  return Array.from(t.dataFloat());
};

describe("graph state", () => {
  it("leaves and non-leaves, isLeaf, requiresGrad propagation", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const c = torch.tensor([3, 4]);
    assert.equal(x.isLeaf, true);
    assert.equal(c.isLeaf, true);
    assert.equal(c.requiresGrad, false);
    const y = x.mul(c);
    assert.equal(y.isLeaf, false);
    assert.equal(y.requiresGrad, true);
    assert.equal(y.gradFn?.name(), "MulBackward0");
    const z = c.mul(2);
    assert.equal(z.requiresGrad, false);
    assert.equal(z.isLeaf, true);
    assert.equal(z.gradFn, null);
  });

  it("grad_fn names appear in String(t)", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    assert.equal(String(x), "tensor([1., 2.], requires_grad=True)");
    assert.equal(String(x.mul(2)), "tensor([2., 4.], grad_fn=<MulBackward0>)");
    assert.equal(String(x.mul(2).sum()), "tensor(6., grad_fn=<SumBackward0>)");
    assert.equal(String(x.add(1)), "tensor([2., 3.], grad_fn=<AddBackward0>)");
    assert.equal(String(x.exp()), "tensor([2.7183, 7.3891], grad_fn=<ExpBackward0>)");
    assert.equal(String(x.div(2)), "tensor([0.5000, 1.0000], grad_fn=<DivBackward0>)");
  });

  it("integer tensors cannot require grad", () => {
    assert.throws(() => torch.tensor([1, 2]).requiresGrad_(), /floating point/);
    assert.throws(() => torch.tensor([1, 2], { dtype: "int32", requiresGrad: true }), /floating point/);
  });

  it("only leaves may drop requiresGrad", () => {
    const x = torch.ones(2, { requiresGrad: true });
    assert.throws(() => x.mul(2).requiresGrad_(false), /leaf variables/);
    x.requiresGrad_(false);
    assert.equal(x.requiresGrad, false);
  });
});

describe("backward", () => {
  it("scalar backward fills leaf .grad", () => {
    const x = torch.tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    assert.deepEqual(f(x.grad), [2, 4, 6]);
    assert.equal(x.grad!.requiresGrad, false);
  });

  it("gradients accumulate across backward calls; zero_() and null reset them", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    x.mul(3).sum().backward();
    const g = x.grad!;
    x.mul(3).sum().backward();
    assert.deepEqual(f(x.grad), [6, 6]);
    assert.equal(x.grad, g, "later accumulations are in place");
    x.grad!.zero_();
    x.mul(3).sum().backward();
    assert.deepEqual(f(x.grad), [3, 3]);
    x.grad = null;
    x.mul(5).sum().backward();
    assert.deepEqual(f(x.grad), [5, 5]);
  });

  it("the first .grad is a fresh copy, not the user's gradient tensor", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const g = torch.tensor([1, 1]);
    x.add(0).backward(g);
    assert.notEqual(x.grad, g);
    x.add(0).backward(g);
    assert.deepEqual(f(g), [1, 1], "in-place accumulation must not write into the gradient argument");
    assert.deepEqual(f(x.grad), [2, 2]);
  });

  it("non-scalar outputs need a gradient of their shape", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    assert.throws(() => y.backward(), /grad can be implicitly created only for scalar outputs/);
    assert.throws(() => y.backward(torch.ones(3)), /Mismatch in shape/);
    y.backward(torch.tensor([1, 10]));
    assert.deepEqual(f(x.grad), [2, 20]);
  });

  it("backward on a tensor outside the graph raises PyTorch's error", () => {
    assert.throws(
      () => torch.ones(2).sum().backward(),
      /element 0 of tensors does not require grad and does not have a grad_fn/,
    );
  });

  it("broadcast gradients are summed back to the input shape", () => {
    const x = torch.tensor([1, 2, 3], { requiresGrad: true });
    const y = torch.ones([2, 3], { requiresGrad: true });
    const s = torch.tensor([[2], [3]], { requiresGrad: true });
    x.add(y).mul(s).sum().backward();
    assert.deepEqual(x.grad!.shape, [3]);
    assert.deepEqual(f(x.grad), [5, 5, 5]);
    assert.deepEqual(f(y.grad), [2, 2, 2, 3, 3, 3]);
    assert.deepEqual(s.grad!.shape, [2, 1]);
    assert.deepEqual(f(s.grad), [9, 9]);
  });

  it("a tensor used twice gets both contributions", () => {
    const x = torch.tensor([3], { requiresGrad: true });
    const y = x.mul(x).add(x);
    y.sum().backward();
    assert.deepEqual(f(x.grad), [7]);
  });

  it("retainGraph allows a second backward; otherwise the freed graph raises a clear error", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    assert.deepEqual(f(x.grad), f(x.exp().mul(2)));
    assert.throws(() => y.backward(), /backward through the graph a second time.*retainGraph/);
  });

  it("graph nodes release their saved tensors after backward", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const e = x.exp();
    const y = e.mul(x).sum();
    const node = e.gradFn as FunctionNode;
    assert.equal(node.released, false);
    y.backward(undefined, { retainGraph: true });
    assert.equal(node.released, false);
    y.backward();
    assert.equal(node.released, true);
    assert.equal((y.gradFn!.next[0] as FunctionNode).released, true);
  });

  it("a 10,000-op chain backpropagates without stack overflow", () => {
    const x = torch.tensor([1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 10000; i++) y = y.mul(1.0001);
    const t0 = performance.now();
    y.sum().backward();
    const ms = performance.now() - t0;
    assert.ok(Math.abs((x.grad!.item() as number) - Math.pow(1.0001, 10000)) < 1e-3 * Math.pow(1.0001, 10000));
    assert.ok(ms < 5000, `backward took ${ms} ms`);
  });

  it("backward({ inputs }) accumulates only into the given tensors", () => {
    const a = torch.tensor([1, 2], { requiresGrad: true });
    const b = torch.tensor([3, 4], { requiresGrad: true });
    const h = a.mul(b);
    h.sum().backward(undefined, { inputs: [a], retainGraph: true });
    assert.deepEqual(f(a.grad), [3, 4]);
    assert.equal(b.grad, null);
    const z = h.mul(2).sum();
    z.backward(undefined, { inputs: [h] });
    assert.deepEqual(f(h.grad), [2, 2]);
    assert.deepEqual(f(a.grad), [3, 4], "a is not in inputs: unchanged");
  });

  it("createGraph gives gradients with history (double backward through .grad)", () => {
    const x = torch.tensor([2], { requiresGrad: true });
    x.pow(3).sum().backward(undefined, { createGraph: true });
    const g = x.grad!;
    assert.deepEqual(f(g), [12]);
    assert.equal(g.requiresGrad, true);
    assert.equal(g.gradFn?.name(), "CopyBackwards"); // PyTorch 1.13's name for the first .grad copy
    x.grad = null;
    g.sum().backward();
    assert.deepEqual(f(x.grad), [12]); // d/dx 3x² = 6x
  });
});

describe("validation of gradients", () => {
  it("a hook may not change the gradient's shape", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.registerHook(() => torch.ones(3));
    assert.throws(() => y.sum().backward(), /hook changed the gradient's shape: got \[3\], expected \[2\]/);
  });

  it("a backward returning a wrong shape is an error naming the node", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const bad = record(
      "BadBackward0",
      torch.noGrad(() => x.mul(1)),
      [x],
      () => [torch.ones(3)],
    );
    assert.throws(() => bad.sum().backward(), /BadBackward0 returned an invalid gradient at index 0: got shape \[3\]/);
  });

  it("a gradient of another float dtype is cast to the output's dtype", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    x.mul(2).backward(torch.tensor([1, 1], { dtype: "float64" }));
    assert.equal(x.grad!.dtype, "float32");
    assert.deepEqual(f(x.grad), [2, 2]);
  });

  it("backward on a scalar leaf gives ones; retained grads keep history under createGraph", () => {
    const s = torch.tensor(2, { requiresGrad: true });
    s.backward();
    assert.deepEqual(f(s.grad), [1]);
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const h = x.mul(3);
    h.retainGrad();
    h.mul(h).sum().backward(undefined, { createGraph: true });
    assert.equal(h.grad!.gradFn?.name(), "CloneBackward0");
    assert.deepEqual(f(h.grad), [6, 12]);
  });
});

describe("grad mode", () => {
  it("noGrad / enableGrad / setGradEnabled / isGradEnabled", () => {
    const x = torch.ones(2, { requiresGrad: true });
    assert.equal(torch.isGradEnabled(), true);
    const y = torch.noGrad(() => {
      assert.equal(torch.isGradEnabled(), false);
      const inner = torch.enableGrad(() => x.mul(2));
      assert.equal(inner.requiresGrad, true);
      return x.mul(2);
    });
    assert.equal(y.requiresGrad, false);
    assert.equal(torch.isGradEnabled(), true);
    torch.setGradEnabled(false);
    try {
      assert.equal(x.mul(2).requiresGrad, false);
    } finally {
      torch.setGradEnabled(true);
    }
    assert.equal(x.mul(2).requiresGrad, true);
  });

  it("grad mode is restored when backward throws", () => {
    assert.throws(() => torch.ones(2).mul(2).backward());
    assert.equal(torch.isGradEnabled(), true);
  });

  it("the tutorial update pattern: noGrad sub_ then reset .grad", () => {
    const a = torch.tensor([1, 2], { requiresGrad: true });
    for (let i = 0; i < 2; i++) {
      a.mul(a).sum().backward();
      torch.noGrad(() => {
        a.sub_(a.grad!.mul(0.25));
      });
      if (i === 0) a.grad = null;
      else a.grad!.zero_();
    }
    assert.deepEqual(f(a), [0.25, 0.5]); // a ← a - 0.5a twice
    assert.equal(a.isLeaf, true);
    assert.equal(a.requiresGrad, true);
  });
});

describe("in-place rules", () => {
  it("in-place on a leaf that requires grad is an error outside noGrad", () => {
    const a = torch.ones(2, { requiresGrad: true });
    assert.throws(() => a.add_(1), /leaf Variable that requires grad is being used in an in-place operation/);
  });

  it("modifying a saved tensor in place makes backward fail (version counter)", () => {
    // PyTorch: "one of the variables needed for gradient computation has been modified by an inplace operation"
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = x.exp();
    y.add_(1);
    assert.throws(
      () => y.sum().backward(),
      /modified by an inplace operation.*ExpBackward0.*version 1; expected version 0/,
    );
  });

  it("in-place on a non-leaf that nothing saved is differentiable", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.mul_(3);
    assert.equal(y.gradFn?.name(), "MulBackward0");
    y.sum().backward();
    assert.deepEqual(f(x.grad), [6, 6]);
  });
});

describe("hooks and retainGrad", () => {
  it("a hook can replace the gradient, and its handle removes it", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const h = x.registerHook((g) => g.mul(10));
    x.mul(2).sum().backward();
    assert.deepEqual(f(x.grad), [20, 20]);
    h.remove();
    x.grad = null;
    x.mul(2).sum().backward();
    assert.deepEqual(f(x.grad), [2, 2]);
  });

  it("hooks on non-leaf tensors change what flows upstream; observers see gradients", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const seen: number[][] = [];
    y.registerHook((g) => {
      seen.push(Array.from(g.dataFloat()));
    });
    y.registerHook((g) => g.mul(10));
    y.mul(y).sum().backward();
    assert.deepEqual(seen, [[4, 8]]);
    assert.deepEqual(f(x.grad), [80, 160]);
  });

  it("registerHook on a tensor that does not require grad throws", () => {
    assert.throws(() => torch.ones(2).registerHook((g) => g), /doesn't require gradient/);
  });

  it("retainGrad keeps a non-leaf gradient; in registration order with hooks", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const h = x.mul(2);
    h.retainGrad();
    h.registerHook((g) => g.mul(10));
    assert.equal(h.retainsGrad, true);
    h.mul(h).sum().backward();
    assert.deepEqual(f(h.grad), [4, 8]); // PyTorch 1.13: retain_grad ran before the later hook
    assert.deepEqual(f(x.grad), [80, 160]);
    const k = x.mul(3);
    k.mul(k).sum().backward();
    assert.equal(k.grad, null, "non-leaf without retainGrad keeps no grad");
  });
});

describe("detach", () => {
  it("detach shares storage and leaves the graph", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const d = y.detach();
    assert.equal(d.requiresGrad, false);
    assert.equal(d.isLeaf, true);
    assert.equal(d.storage, y.storage);
    torch.noGrad(() => d.add_(1));
    assert.deepEqual(f(y), [3, 5]);
  });

  it("detach_ turns a non-leaf into a leaf in place", () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const r = y.detach_();
    assert.equal(r, y);
    assert.equal(y.isLeaf, true);
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
  });
});

describe("AccumulateGrad takes fresh gradients without a copy, never shared ones", () => {
  it("a fresh product gradient becomes .grad; seeds, identities and hooked grads are copied", () => {
    const a = torch.randn([3, 4], { requiresGrad: true });
    const b = torch.randn([4, 2], { requiresGrad: true });
    a.matmul(b).sum().backward();
    // independent storages and the right values
    assert.notEqual(a.grad!.storage, b.grad!.storage);
    assert.deepEqual(a.grad!.tolist(), torch.ones([3, 2]).matmul(b.detach().t()).tolist());
    // y = p + q: AddBackward hands one gradient to both leaves; they must not share it
    const p = torch.zeros([2], { requiresGrad: true });
    const q = torch.zeros([2], { requiresGrad: true });
    const seed = torch.tensor([1, 2], { dtype: "float32" });
    p.add(q).backward(seed);
    assert.notEqual(p.grad!.storage, q.grad!.storage);
    assert.notEqual(p.grad!.storage, seed.storage, "the caller's seed is not taken");
    p.grad!.add_(1);
    assert.deepEqual(q.grad!.tolist(), [1, 2]);
    assert.deepEqual(seed.tolist(), [1, 2]);
    // a hook that keeps the gradient: .grad is a copy of it
    const r = torch.zeros([2], { requiresGrad: true });
    let kept: torch.Tensor | null = null;
    r.registerHook((g) => {
      kept = g;
    });
    r.mul(3).sum().backward();
    assert.notEqual(r.grad!.storage, kept!.storage);
    // accumulation across passes stays correct
    r.mul(3).sum().backward();
    assert.deepEqual(r.grad!.tolist(), [6, 6]);
    assert.deepEqual(kept!.tolist(), [3, 3]);
  });
});

describe("gradient buffers the engine owns are written in place and recycled, never when shared", () => {
  // Large enough (≥ 16 KB) for the buffer pool; seeded so every build is the same graph.
  const N = 64 * 80;
  const leaves = (): torch.Tensor[] => {
    torch.manualSeed(7);
    return [
      torch.randn([N], { requiresGrad: true }),
      torch.randn([N], { requiresGrad: true }),
      torch.randn([80, 64], { requiresGrad: true }),
    ];
  };
  // Fan-out, identities (add), views (reshape, transpose, narrow), broadcasting, relu, a cast.
  const build = ([a, b, w]: torch.Tensor[]): torch.Tensor => {
    const h = a!.mul(b!).relu();
    const m = h.reshape(80, 64).add(w!).relu();
    const t = m.t().contiguous().relu().mul(m.t());
    const s = h
      .add(b!)
      .relu()
      .narrow(0, 0, N / 2)
      .sum();
    const c = a!.to("float64").exp().sum().to("float32");
    return t.sum().add(s).add(m.sum(0).relu().sum()).add(c).add(h.mul(h).sum());
  };
  const gradsOf = (retainGraph: boolean): number[][] => {
    const ls = leaves();
    build(ls).backward(undefined, { retainGraph });
    return ls.map((l) => Array.from(l.grad!.dataFloat()));
  };

  it("gives the same gradients, bit for bit, as a pass that retains the graph (no recycling)", () => {
    const ref = gradsOf(true);
    for (let round = 0; round < 3; round++) assert.deepEqual(gradsOf(false), ref);
    assert.ok(pooledByteCount() > 0, "dead gradients were pooled");
  });

  it("does not recycle what a hook, retainGrad, autograd.grad or a leaf's .grad keeps", () => {
    const ls = leaves();
    const [a, b] = ls;
    const h = a!.mul(b!);
    const r = h.relu();
    r.retainGrad();
    let hooked: torch.Tensor | null = null;
    h.registerHook((g) => {
      hooked = g;
    });
    build(ls).add(r.mul(3).sum()).backward();
    const [ga, gr, gh] = [f(a!.grad), f(r.grad), f(hooked)];
    const ls2 = leaves();
    const [gi] = torch.autograd.grad(build(ls2), [ls2[1]!]);
    const gix = f(gi!);
    // churn: passes of the same shapes take every pooled buffer back
    for (let i = 0; i < 3; i++) build(leaves()).backward();
    assert.deepEqual(f(a!.grad), ga);
    assert.deepEqual(f(r.grad), gr);
    assert.deepEqual(f(hooked), gh);
    assert.deepEqual(f(gi!), gix);
  });

  it("a gradient summed into an existing .grad is recycled; .grad keeps its storage and sum", () => {
    clearPool();
    torch.manualSeed(3);
    const w = torch.randn([80, 64], { requiresGrad: true });
    const x = torch.randn([80, 64]);
    w.mul(x).sum().backward(); // a fresh product gradient: it becomes .grad
    const first = f(w.grad);
    const storage = w.grad!.storage;
    const before = pooledByteCount();
    w.mul(x).sum().backward(); // summed into .grad, then dead
    assert.equal(pooledByteCount(), before + w.numel() * 4, "the summed gradient went back to the pool");
    assert.equal(w.grad!.storage, storage);
    w.mul(x).sum().backward(); // its product lands in the pooled buffer
    assert.equal(w.grad!.storage, storage);
    assert.deepEqual(
      f(w.grad),
      first.map((v) => Math.fround(3 * v)),
    );
  });

  it("a retained or recorded pass leaves its gradients alone, and emptyCache empties the pool", () => {
    clearPool();
    const ls = leaves();
    build(ls).backward(undefined, { retainGraph: true });
    assert.equal(pooledByteCount(), 0);
    build(leaves()).backward(undefined, { createGraph: true });
    assert.equal(pooledByteCount(), 0);
    build(leaves()).backward();
    assert.ok(pooledByteCount() > 0);
    // the pool keeps warm blocks (a caching allocator) until emptyCache
    torch.emptyCache();
    assert.equal(pooledByteCount(), 0);
  });
});

describe("fused nodes save what their backward reads (PyTorch's saved-tensor rules)", () => {
  const F = torch.nn.functional;
  const cases: [string, () => [torch.Tensor, torch.Tensor]][] = [
    [
      "linear",
      () => {
        const x = torch.randn([4, 3]);
        const w = torch.randn([2, 3], { requiresGrad: true });
        return [F.linear(x, w, torch.zeros([2])).sum(), x];
      },
    ],
    [
      "conv2d",
      () => {
        const x = torch.randn([1, 2, 5, 5]);
        const w = torch.randn([3, 2, 3, 3], { requiresGrad: true });
        return [F.conv2d(x, w).sum(), x];
      },
    ],
    [
      "maxPool2d",
      () => {
        const x = torch.randn([1, 2, 4, 4], { requiresGrad: true });
        const h = x.mul(1);
        return [F.maxPool2d(h, 2).sum(), h];
      },
    ],
    [
      "logSoftmax",
      () => {
        const x = torch.randn([3, 4], { requiresGrad: true });
        const y = F.logSoftmax(x, 1);
        return [y.sum(), y];
      },
    ],
    [
      "crossEntropy",
      () => {
        const x = torch.randn([3, 4], { requiresGrad: true });
        const h = x.mul(1);
        return [F.crossEntropy(h, torch.tensor([0, 3, 1])), h];
      },
    ],
  ];
  for (const [name, make] of cases) {
    it(`${name}: an in-place change to a saved tensor fails backward; a second backward fails`, () => {
      const [loss, saved] = make();
      saved.add_(1);
      assert.throws(() => loss.backward(), /modified by an inplace operation/);
      const [loss2] = make();
      loss2.backward();
      assert.throws(() => loss2.backward(), /backward through the graph a second time/);
    });
  }
});
