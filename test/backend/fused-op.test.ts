/**
 * The fused-op mechanism (src/ops/fused.ts): which path runs, how the result is recorded, and
 * donation (a tensor's holder gives it away; relu may then write over it). Uses a backend whose
 * fused table is a test double, so every path is reached whatever the addon provides.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FusedKernels } from "../../src/backend/fused.js";
import { activeBackend, registerBackend, setBackend } from "../../src/backend/registry.js";
import * as torch from "../../src/index.js";
import { nn } from "../../src/index.js";
import { donate, fusedOp, fusedOutput, revokeDonation } from "../../src/ops/fused.js";
import { Tensor } from "../../src/tensor/tensor.js";

const base = activeBackend();
let calls: string[] = [];
let decline = false;
// softmax over the last dim in double, and an in-place-capable relu, as a backend would supply.
const fake: Partial<FusedKernels> = {
  softmax(x, out) {
    calls.push("softmax");
    if (decline) return false;
    base.unary.exp(x, out);
    return true;
  },
  relu(x, out) {
    calls.push("relu");
    base.unary.relu(x, out);
    return true;
  },
};
registerBackend({ ...base, name: "fused-double", fused: fake as FusedKernels });
registerBackend({ ...base, name: "fused-none", fused: undefined });

function on<T>(name: string, fn: () => T): T {
  const prev = activeBackend().name;
  setBackend(name);
  try {
    return fn();
  } finally {
    setBackend(prev);
  }
}

// e^x with a custom backward, fused when x is 1-D: enough to see each branch of the mechanism.
const expOp = fusedOp({
  name: "testExp",
  kernel: "softmax",
  when: (x: Tensor) => x.dim() === 1,
  forward: (k, x) => {
    const out = fusedOutput(x.shape, x.dtype);
    return k(x, out) ? { out, ctx: out } : null;
  },
  grad: {
    name: "TestExpBackward0",
    inputs: (_y, x) => [x],
    saves: (y: Tensor) => [y],
    backward: (g, y) => [g.mul(y)],
  },
  fallback: (x: Tensor) => x.exp(),
});

describe("fusedOp: kernel when present and applicable, else the composite", () => {
  const rows: [string, string, () => Tensor, string[], string][] = [
    ["kernel runs and is recorded", "fused-double", () => torch.tensor([0, 1.5]), ["softmax"], "TestExpBackward0"],
    ["when() says no", "fused-double", () => torch.tensor([[0, 1.5]]), [], "ExpBackward0"],
    ["backend without the kernel", "fused-none", () => torch.tensor([0, 1.5]), [], "ExpBackward0"],
  ];
  for (const [what, backend, make, wantCalls, gradFn] of rows) {
    it(what, () => {
      calls = [];
      const x = make().requiresGrad_();
      const y = on(backend, () => expOp(x));
      assert.deepEqual(calls, wantCalls);
      assert.equal(y.gradFn?.name(), gradFn);
      y.sum().backward();
      assert.deepEqual(
        Array.from(x.grad!.dataFloat()).map((v) => +v.toFixed(5)),
        Array.from(x.exp().dataFloat()).map((v) => +v.toFixed(5)),
      );
    });
  }
  it("a declining kernel falls back to the composite", () => {
    calls = [];
    decline = true;
    try {
      const y = on("fused-double", () => expOp(torch.tensor([0, 1], { requiresGrad: true })));
      assert.deepEqual(calls, ["softmax"]);
      assert.equal(y.gradFn?.name(), "ExpBackward0");
    } finally {
      decline = false;
    }
  });
  it("under noGrad nothing is recorded", () => {
    const y = on("fused-double", () => torch.noGrad(() => expOp(torch.tensor([0, 1], { requiresGrad: true }))));
    assert.equal(y.gradFn, null);
  });
  it("the declaration is introspectable", () => {
    assert.equal(expOp.fusedName, "testExp");
    assert.equal(expOp.kernelName, "softmax");
  });
});

describe("donation: relu writes over a tensor only when its holder gave it away", () => {
  const F = nn.functional;
  it("F.relu on a tensor nobody donated leaves it alone", () => {
    calls = [];
    const h = on("fused-double", () => torch.tensor([-1, 2]).mul(1));
    const r = on("fused-double", () => F.relu(h));
    assert.notEqual(r.storage, h.storage);
    assert.deepEqual(h.tolist(), [-1, 2]);
    assert.deepEqual(calls, []);
  });
  it("a donated tensor is written over and recorded as ReluBackward0 with the right gradient", () => {
    const x = torch.tensor([-1, 2, 3], { requiresGrad: true });
    const h = x.mul(2);
    const r = on("fused-double", () => F.relu(donate(h)));
    assert.equal(r, h);
    assert.deepEqual(h.tolist(), [0, 4, 6]);
    assert.equal(r.gradFn?.name(), "ReluBackward0");
    r.sum().backward();
    assert.deepEqual(x.grad!.tolist(), [0, 2, 2]);
  });
  it("a revoked donation, a view, or an output its own node saved is not taken", () => {
    const h = torch.tensor([-1, 2]).mul(1);
    donate(h);
    revokeDonation(h);
    assert.notEqual(
      on("fused-double", () => F.relu(h)),
      h,
    );
    const v = torch.tensor([-1, 2, 3, 4]).mul(1).narrow(0, 0, 2);
    assert.notEqual(
      on("fused-double", () => F.relu(donate(v))),
      v,
    );
    const x = torch.tensor([-1, 2], { requiresGrad: true });
    const e = x.exp(); // ExpBackward0 saves its output
    assert.notEqual(
      on("fused-double", () => F.relu(donate(e))),
      e,
    );
  });
  it("Sequential donates a hidden output of a layer that keeps nothing it returns", () => {
    torch.manualSeed(0);
    const lin = new nn.Linear(3, 4);
    const seq = new nn.Sequential(lin, new nn.ReLU());
    const x = torch.randn([2, 3]);
    calls = [];
    const y = on("fused-double", () => seq.call(x));
    assert.deepEqual(calls, ["relu"]);
    assert.deepEqual(y.tolist(), F.relu(lin.call(x)).tolist());
  });
  it("no donation when a hook sees the output or a subclass's forward may keep it", () => {
    class Keeping extends nn.Linear {
      last: Tensor | null = null;
      override forward(x: Tensor): Tensor {
        this.last = super.forward(x);
        return this.last;
      }
    }
    const keep = new Keeping(3, 4);
    const hooked = new nn.Linear(3, 4);
    let seen: Tensor | null = null;
    hooked.registerForwardHook((_m, _i, o) => {
      seen = o as Tensor;
    });
    const x = torch.randn([2, 3]);
    for (const [first, kept] of [
      [keep, () => keep.last],
      [hooked, () => seen],
    ] as const) {
      calls = [];
      const y = on("fused-double", () => new nn.Sequential(first, new nn.ReLU()).call(x));
      assert.deepEqual(calls, [], "nothing donated");
      assert.notEqual(y.storage, kept()!.storage);
    }
  });
});
