/**
 * nn.Module against PyTorch: seeded default initialisation, nn.init, printing, state-dict keys,
 * loadStateDict errors, clipGradNorm_, and the tutorial MLP trained for 50 epochs.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { nn, type Tensor } from "../../src/index.js";
import { close, decode, fx } from "./fixtures.js";

class Block extends nn.Module {
  fc = new nn.Linear(4, 4);
  act: nn.GELU;
  constructor() {
    super();
    this.registerBuffer("running_mean", torch.zeros(4));
    this.registerBuffer("num_batches_tracked", torch.tensor(0));
    this.registerBuffer("scratch", torch.zeros(2), false);
    this.act = new nn.GELU();
  }
}

class Net extends nn.Module {
  embed = new nn.Embedding(10, 4, { paddingIdx: 0 });
  blocks = new nn.ModuleList([new Block(), new Block()]);
  head = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Dropout(0.1), new nn.Linear(8, 2));
  heads = new nn.ModuleDict({ cls: new nn.Linear(4, 3), reg: new nn.Linear(4, 1, { bias: false }) });
  scale = new nn.Parameter(torch.ones(1));
}

const mlp = () => new nn.Sequential(new nn.Linear(10, 5), new nn.ReLU(), new nn.Linear(5, 1), new nn.Sigmoid());

describe("seeded default initialisation is PyTorch's, bit for bit", () => {
  const makers: Record<string, () => nn.Module> = {
    linear_3_2: () => new nn.Linear(3, 2),
    linear_10_5: () => new nn.Linear(10, 5),
    linear_f64: () => new nn.Linear(4, 3, { dtype: "float64" }),
    bilinear: () => new nn.Bilinear(2, 3, 4),
    embedding_pad: () => new nn.Embedding(5, 3, { paddingIdx: 1 }),
    prelu: () => new nn.PReLU(3),
    mlp,
  };
  for (const [id, want] of Object.entries(fx.inits)) {
    it(id, () => {
      torch.manualSeed(0);
      const m = makers[id]!();
      const sd = m.stateDict();
      assert.deepEqual(Object.keys(sd), Object.keys(want.state));
      for (const [k, v] of Object.entries(want.state)) close(sd[k]!, v, k, { rtol: 0, atol: 0 });
      // the generator advanced exactly as PyTorch's did
      assert.deepEqual(
        torch.rand(3).tolist(),
        want.next.map((x) => Math.fround(x)),
      );
    });
  }
});

describe("nn.init", () => {
  const I = nn.init;
  const fns: Record<string, [(t: Tensor) => unknown, number[], torch.DType?]> = {
    uniform: [(t) => I.uniform_(t, -2, 3), [3, 4]],
    normal: [(t) => I.normal_(t, 1, 0.5), [3, 4]],
    normal_f64: [(t) => I.normal_(t, 1, 0.5), [20], "float64"],
    constant: [(t) => I.constant_(t, 0.3), [2, 2]],
    zeros: [I.zeros_, [2, 2]],
    ones: [I.ones_, [2, 2]],
    eye: [I.eye_, [3, 5]],
    xavier_uniform: [(t) => I.xavierUniform_(t), [4, 6]],
    xavier_uniform_gain: [(t) => I.xavierUniform_(t, I.calculateGain("relu")), [4, 6, 3]],
    xavier_normal: [(t) => I.xavierNormal_(t), [20, 6]],
    kaiming_uniform: [(t) => I.kaimingUniform_(t), [4, 6]],
    kaiming_uniform_fanout_relu: [
      (t) => I.kaimingUniform_(t, 0, { mode: "fan_out", nonlinearity: "relu" }),
      [4, 3, 2, 2],
    ],
    kaiming_normal: [(t) => I.kaimingNormal_(t), [20, 6]],
    kaiming_normal_fanout_relu: [(t) => I.kaimingNormal_(t, 0, { mode: "fan_out", nonlinearity: "relu" }), [20, 6]],
    trunc_normal: [(t) => I.truncNormal_(t, 0.5, 2.0, -1.0, 3.0), [50]],
    orthogonal: [(t) => I.orthogonal_(t), [4, 6]],
    orthogonal_tall: [(t) => I.orthogonal_(t, 2.0), [6, 3]],
    orthogonal_4d: [(t) => I.orthogonal_(t), [3, 2, 2, 2]],
  };
  for (const [id, want] of Object.entries(fx.initFns)) {
    it(id, () => {
      const [f, shape, dtype] = fns[id]!;
      torch.manualSeed(3);
      const t = torch.empty(shape, { dtype: dtype ?? "float32" });
      f(t);
      // orthogonal_ goes through QR (Householder here, LAPACK there); trunc_normal_ through erfinv
      const exact = !id.startsWith("orthogonal") && !id.startsWith("trunc");
      close(t, want, id, exact ? { rtol: 0, atol: 0 } : { rtol: 1e-5, atol: 1e-5 });
    });
  }
  it("init functions run under noGrad on parameters and return the tensor", () => {
    const p = new nn.Parameter(torch.empty(3, 4));
    assert.equal(I.xavierUniform_(p), p);
    assert.equal(p.gradFn, null);
    assert.equal(p.requiresGrad, true);
  });
  it("calculateGain and fan computation", () => {
    for (const [k, v] of Object.entries(fx.gains)) {
      const got =
        k === "leaky_relu_0.2" ? I.calculateGain("leaky_relu", 0.2) : I.calculateGain(k as nn.init.Nonlinearity);
      assert.equal(got, v, k);
    }
    for (const [shape, v] of Object.entries(fx.fans))
      assert.deepEqual(I._calculateFanInAndFanOut(torch.empty(JSON.parse(shape) as number[])), v);
    assert.throws(() => I._calculateFanInAndFanOut(torch.empty(3)), /fewer than 2 dimensions/);
    assert.throws(() => I.calculateGain("bogus" as never), /unsupported nonlinearity "bogus"/);
    assert.throws(
      () => I.kaimingUniform_(torch.empty(2, 2), 0, { mode: "fan_avg" as never }),
      /mode "fan_avg" not supported/,
    );
  });
});

describe("printing and state-dict keys match PyTorch", () => {
  it("nested model repr", () => {
    assert.equal(String(new Net()), fx.reprs.net);
    assert.equal(String(mlp()), fx.reprs.mlp);
    const nested = new nn.Sequential(
      new nn.Sequential(new nn.Linear(2, 2), new nn.Tanh()),
      new nn.Flatten(),
      new nn.Unflatten(1, [2, 1]),
    );
    assert.equal(String(nested), fx.reprs.nested);
  });
  it("leaf module reprs", () => {
    const ms = [
      new nn.LeakyReLU(),
      new nn.ELU(),
      new nn.Softplus(),
      new nn.Hardtanh(),
      new nn.GELU(),
      new nn.Softmax(),
      new nn.LogSoftmax(1),
      new nn.PReLU(),
      new nn.Embedding(5, 3, { paddingIdx: 0 }),
      new nn.Embedding(5, 3, { maxNorm: 1.0 }),
      new nn.Dropout(),
      new nn.Dropout2d(0.3),
      new nn.Bilinear(2, 3, 4),
      new nn.Identity(),
      new nn.MSELoss(),
      new nn.CrossEntropyLoss(),
      new nn.ReLU({ inplace: true }),
      new nn.Linear(3, 1, { bias: false }),
      new nn.ModuleList(),
      new nn.Sequential(),
    ];
    assert.deepEqual(ms.map(String), fx.reprs.misc);
  });
  it("stateDict / namedParameters / namedBuffers / namedModules keys", () => {
    const net = new Net();
    assert.deepEqual(Object.keys(net.stateDict()), fx.stateKeys.net);
    assert.deepEqual(
      net.namedParameters().map(([n]) => n),
      fx.stateKeys.net_params,
    );
    assert.deepEqual(
      net.namedBuffers().map(([n]) => n),
      fx.stateKeys.net_buffers,
    );
    assert.deepEqual(
      net.namedModules().map(([n]) => n),
      fx.stateKeys.net_modules,
    );
    assert.deepEqual(
      net.namedChildren().map(([n]) => n),
      fx.stateKeys.net_children,
    );
    assert.deepEqual(
      Object.keys(new nn.CrossEntropyLoss({ weight: torch.ones(3) }).stateDict()),
      fx.stateKeys.ce_weight,
    );
    assert.deepEqual(
      Object.keys(new nn.BCEWithLogitsLoss({ posWeight: torch.ones(3) }).stateDict()),
      fx.stateKeys.bce_logits_pos,
    );
  });
  it("stateDict tensors are detached and share storage", () => {
    const l = new nn.Linear(2, 2);
    const w = l.stateDict().weight!;
    assert.equal(w.requiresGrad, false);
    assert.ok(!(w instanceof nn.Parameter));
    torch.noGrad(() => w.fill_(7));
    assert.equal(l.weight.index(0, 0).item(), 7);
  });
  it("loadStateDict: missing/unexpected keys, strict errors, shape mismatches", () => {
    const lin = new nn.Linear(2, 3);
    const res = lin.loadStateDict({ weight: torch.ones(3, 2), foo: torch.ones(1) }, { strict: false });
    assert.deepEqual(res, { missingKeys: fx.load.missing, unexpectedKeys: fx.load.unexpected });
    assert.deepEqual(lin.weight.tolist(), [
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    // PyTorch: Error(s) in loading state_dict for Linear:\n\tMissing key(s) … (one line here)
    const want = fx.load.strict_error.replace(/torch\.Size\(\[(.*?)\]\)/g, "[$1]").replace(/ ?\n\t/g, " ");
    assert.throws(
      () => lin.loadStateDict({ weight: torch.ones(2, 3), foo: torch.ones(1) }),
      (e: Error) => {
        assert.equal(e.message, `[loadStateDict] ${want}`);
        return true;
      },
    );
    assert.throws(
      () => lin.loadStateDict({ weight: torch.ones(2, 3), bias: torch.ones(3) }, { strict: false }),
      /size mismatch for weight: copying a param with shape \[2, 3\] from checkpoint, the shape in current model is \[3, 2\]/,
    );
  });
  it("stateDict round trip between two nested models", () => {
    torch.manualSeed(1);
    const a = new Net();
    const b = new Net();
    b.loadStateDict(a.stateDict());
    for (const [k, v] of Object.entries(a.stateDict())) assert.deepEqual(b.stateDict()[k]!.tolist(), v.tolist(), k);
  });
});

describe("clipGradNorm_ matches PyTorch", () => {
  for (const c of fx.clip) {
    it(`normType=${c.normType} maxNorm=${c.maxNorm}`, () => {
      const ps = c.grads.map((g) => {
        const p = torch.zeros(g.shape).requiresGrad_();
        p.grad = decode(g);
        return p;
      });
      const total = nn.utils.clipGradNorm_(ps, c.maxNorm, c.normType === "inf" ? Infinity : c.normType);
      assert.ok(Math.abs((total.item() as number) - c.total) <= 1e-5 * Math.abs(c.total));
      ps.forEach((p, i) => close(p.grad!, c.clipped[i]!, `grad ${i}`));
    });
  }
});

describe("tutorial: MLP + MSELoss + manual SGD, 50 epochs", () => {
  it("seeded init, per-epoch losses and final weights match PyTorch", () => {
    const t = fx.tutorial;
    torch.manualSeed(42);
    const model = mlp();
    for (const [k, v] of Object.entries(t.state0)) close(model.stateDict()[k]!, v, k, { rtol: 0, atol: 0 });
    const x = decode(t.x);
    const y = decode(t.y);
    const lossFn = new nn.MSELoss();
    const losses: number[] = [];
    for (let epoch = 0; epoch < 50; epoch++) {
      const loss = lossFn.call(model.call(x), y);
      model.zeroGrad();
      loss.backward();
      torch.noGrad(() => {
        for (const p of model.parameters()) p.sub_(p.grad!.mul(t.lr));
      });
      losses.push(loss.item() as number);
    }
    losses.forEach((l, i) =>
      assert.ok(Math.abs(l - t.losses[i]!) <= 1e-5 * t.losses[i]!, `epoch ${i}: ${l} vs ${t.losses[i]}`),
    );
    assert.ok(losses[49]! < losses[0]!);
    for (const [k, v] of Object.entries(t.final)) close(model.stateDict()[k]!, v, k, { rtol: 1e-4, atol: 1e-5 });
    // the same weights move into a fresh model
    const fresh = mlp();
    fresh.loadStateDict(model.stateDict());
    assert.deepEqual(fresh.call(x).tolist(), model.call(x).tolist());
  });
});

describe("Sequential writes a ReLU over the hidden output of the Linear/Conv before it", () => {
  const grads = (ps: nn.Parameter[]): number[][] => ps.map((p) => Array.from(p.grad!.dataFloat()));
  const cases: [string, () => nn.Module[], number[]][] = [
    ["Linear → ReLU", () => [new nn.Linear(6, 5), new nn.ReLU(), new nn.Linear(5, 3)], [4, 6]],
    [
      "Conv2d → ReLU",
      () => [new nn.Conv2d(2, 3, 3), new nn.ReLU(), new nn.Flatten(), new nn.Linear(48, 2)],
      [2, 2, 6, 6],
    ],
  ];
  for (const [name, make, shape] of cases) {
    it(`${name}: the same values, grad_fn and gradients as calling the layers one by one`, () => {
      torch.manualSeed(3);
      const layers = make();
      const seq = new nn.Sequential(...layers);
      const x = torch.randn(shape, { requiresGrad: true });
      const y = seq.call(x);
      assert.equal(y.gradFn?.name(), "AddmmBackward0");
      y.sum().backward();
      const want = { y: Array.from(y.dataFloat()), g: grads(seq.parameters()), gx: Array.from(x.grad!.dataFloat()) };
      seq.zeroGrad();
      x.grad = null;
      let h: torch.Tensor = x;
      for (const l of layers) h = l.call(h);
      h.sum().backward();
      assert.deepEqual(Array.from(h.dataFloat()), want.y);
      assert.deepEqual(grads(seq.parameters()), want.g);
      assert.deepEqual(Array.from(x.grad!.dataFloat()), want.gx);
      // the relu output carries ReluBackward0 over the layer's node, as PyTorch's graph does
      const r = new nn.Sequential(layers[0]!, layers[1]!).call(x) as torch.Tensor;
      assert.equal(r.gradFn?.name(), "ReluBackward0");
      assert.match(r.gradFn!.next[0]!.name(), /AddmmBackward0|ConvolutionBackward0/);
      assert.ok(Array.from(r.dataFloat()).every((v) => v >= 0));
      torch.noGrad(() => assert.deepEqual(seq.call(x.detach()).tolist(), y.detach().tolist()));
    });
  }

  it("leaves the layer's output alone when a hook sees it, or for subclasses", () => {
    torch.manualSeed(4);
    const lin = new nn.Linear(6, 8);
    let seen: torch.Tensor | null = null;
    const handle = lin.registerForwardHook((_m, _i, o) => {
      seen = o as torch.Tensor;
    });
    const x = torch.randn([5, 6]);
    new nn.Sequential(lin, new nn.ReLU()).call(x);
    assert.ok(
      Array.from(seen!.dataFloat()).some((v) => v < 0),
      "the hooked output keeps its negative values",
    );
    handle.remove();
    class Keep extends nn.Linear {
      last: torch.Tensor | null = null;
      override forward(input: torch.Tensor): torch.Tensor {
        return (this.last = super.forward(input));
      }
    }
    const keep = new Keep(6, 8);
    new nn.Sequential(keep, new nn.ReLU()).call(x);
    assert.ok(
      Array.from(keep.last!.dataFloat()).some((v) => v < 0),
      "a subclass may keep its output",
    );
  });
});
