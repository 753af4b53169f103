/** The Optimizer base: groups, defaults, zeroGrad, closures, skipping, state dicts, argument errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { optim } from "../../src/index.js";

const param = (...v: number[]): torch.Tensor => torch.tensor(v, { requiresGrad: true });

describe("argument checks", () => {
  const p = param(1, 2);
  const cases: [string, () => unknown, RegExp][] = [
    [
      "Adam beta 0",
      () => new optim.Adam([p], { betas: [1.5, 0.9] }),
      /^RangeError: \[Adam\] invalid beta parameter at index 0: got 1.5, expected a value in \[0, 1\)$/,
    ],
    [
      "Adam beta 1",
      () => new optim.Adam([p], { betas: [0.9, -0.1] }),
      /\[Adam\] invalid beta parameter at index 1: got -0.1/,
    ],
    [
      "AdamW lr",
      () => new optim.AdamW([p], { lr: -1 }),
      /^RangeError: \[AdamW\] invalid learning rate: got -1, expected a number >= 0$/,
    ],
    ["Adam eps", () => new optim.Adam([p], { eps: -1e-8 }), /\[Adam\] invalid epsilon value: got -1e-8/],
    [
      "Adam weight decay",
      () => new optim.Adam([p], { weightDecay: -1 }),
      /\[Adam\] invalid weight_decay value: got -1/,
    ],
    [
      "SGD momentum",
      () => new optim.SGD([p], { lr: 0.1, momentum: -0.5 }),
      /^RangeError: \[SGD\] invalid momentum value: got -0.5, expected a number >= 0$/,
    ],
    ["SGD lr", () => new optim.SGD([p], { lr: -0.1 }), /\[SGD\] invalid learning rate: got -0.1/],
    [
      "SGD nesterov",
      () => new optim.SGD([p], { lr: 0.1, nesterov: true }),
      /^RangeError: \[SGD\] Nesterov momentum requires a momentum and zero dampening: got momentum=0, dampening=0/,
    ],
    [
      "SGD nesterov dampening",
      () => new optim.SGD([p], { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }),
      /Nesterov momentum requires/,
    ],
    [
      "SGD without lr",
      () => new optim.SGD([p] as never),
      /^RangeError: \[SGD\] parameter group didn't specify a value of required optimization parameter lr/,
    ],
    [
      "SGD group without lr",
      () => new optim.SGD([{ params: [p], lr: 0.1 }, { params: [param(1)] }]),
      /required optimization parameter lr/,
    ],
    ["RMSprop alpha", () => new optim.RMSprop([p], { alpha: -1 }), /\[RMSprop\] invalid alpha value: got -1/],
    ["RMSprop momentum", () => new optim.RMSprop([p], { momentum: -1 }), /\[RMSprop\] invalid momentum value: got -1/],
    ["Adagrad lr decay", () => new optim.Adagrad([p], { lrDecay: -1 }), /\[Adagrad\] invalid lr_decay value: got -1/],
    [
      "Adagrad accumulator",
      () => new optim.Adagrad([p], { initialAccumulatorValue: -1 }),
      /\[Adagrad\] invalid initial_accumulator_value value: got -1/,
    ],
    [
      "Adadelta rho",
      () => new optim.Adadelta([p], { rho: 1.5 }),
      /\[Adadelta\] invalid rho value: got 1.5, expected a value in \[0, 1\]/,
    ],
    [
      "Adamax betas",
      () => new optim.Adamax([p], { betas: [0.9, 1] }),
      /\[Adamax\] invalid beta parameter at index 1: got 1/,
    ],
    [
      "NAdam momentum decay",
      () => new optim.NAdam([p], { momentumDecay: -1 }),
      /\[NAdam\] invalid momentum_decay value: got -1/,
    ],
    ["RAdam eps", () => new optim.RAdam([p], { eps: -1 }), /\[RAdam\] invalid epsilon value/],
    [
      "a tensor as params",
      () => new optim.Adam(p as never),
      /^TypeError: \[Adam\] params must be an iterable of Tensors or param groups: got a Tensor/,
    ],
    ["empty params", () => new optim.Adam([]), /^RangeError: \[Adam\] optimizer got an empty parameter list/],
    [
      "a param twice",
      () => new optim.Adam([p, param(3), p]),
      /^RangeError: \[Adam\] parameter given twice in a group: got the tensor at index 0 again at index 2/,
    ],
    [
      "a param in two groups",
      () => new optim.Adam([{ params: [p] }, { params: p }]),
      /\[Adam\] some parameters appear in more than one parameter group/,
    ],
    [
      "a non-leaf",
      () => new optim.Adam([p.mul(2)]),
      /^Error: \[Adam\] can't optimize a non-leaf Tensor: got one with grad_fn=<MulBackward0> at index 0/,
    ],
    [
      "a non-tensor",
      () => new optim.Adam([{ params: [p, 3 as never] }]),
      /^TypeError: \[Adam\] optimizer can only optimize Tensors: got number at index 1/,
    ],
  ];
  for (const [what, fn, re] of cases)
    it(what, () => assert.throws(fn, (e: Error) => re.test(`${e.name}: ${e.message}`)));

  it("a non-leaf that retains its grad is accepted (as in PyTorch)", () => {
    const h = p.mul(2);
    h.retainGrad();
    assert.doesNotThrow(() => new optim.SGD([h], { lr: 0.1 }));
  });
});

describe("param groups and defaults", () => {
  it("fills group options from defaults and keeps per-group overrides", () => {
    const a = param(1);
    const b = param(2);
    const opt = new optim.Adam([{ params: [a] }, { params: [b], lr: 0.5, betas: [0.5, 0.6] }], {
      lr: 0.1,
      weightDecay: 0.01,
    });
    assert.equal(opt.paramGroups[0]!.lr, 0.1);
    assert.deepEqual(opt.paramGroups[0]!.betas, [0.9, 0.999]);
    assert.equal(opt.paramGroups[1]!.lr, 0.5);
    assert.deepEqual(opt.paramGroups[1]!.betas, [0.5, 0.6]);
    assert.equal(opt.paramGroups[1]!.weightDecay, 0.01);
    const c = param(3);
    opt.addParamGroup({ params: c, eps: 1e-3 });
    assert.equal(opt.paramGroups.length, 3);
    assert.deepEqual(opt.paramGroups[2]!.params, [c]);
    assert.equal(opt.paramGroups[2]!.eps, 1e-3);
    assert.equal(opt.paramGroups[2]!.lr, 0.1);
    assert.throws(() => opt.addParamGroup({ params: [a] }), /more than one parameter group/);
  });

  it("accepts any iterable (a generator, a Set) and nn.Parameters", () => {
    const a = param(1);
    function* gen(): Generator<torch.Tensor> {
      yield a;
    }
    assert.equal(new optim.SGD(gen(), { lr: 1 }).paramGroups[0]!.params[0], a);
    assert.equal(new optim.SGD(new Set([a]), { lr: 1 }).paramGroups[0]!.params[0], a);
    const w = new torch.nn.Parameter(torch.ones(2));
    const opt = new optim.SGD([w], { lr: 0.5 });
    w.sum().backward();
    opt.step();
    assert.deepEqual(w.tolist(), [0.5, 0.5]);
  });

  it("a changed group lr applies on the next step", () => {
    const a = param(1);
    const opt = new optim.SGD([a], { lr: 1 });
    a.mul(1).sum().backward();
    opt.paramGroups[0]!.lr = 0.25;
    opt.step();
    assert.deepEqual(a.tolist(), [0.75]);
  });
});

describe("step, zeroGrad and skipping", () => {
  it("zeroGrad sets grads to null by default, or zeros them in place", () => {
    const a = param(1, 2);
    const opt = new optim.SGD([a], { lr: 0.1 });
    a.sum().backward();
    opt.zeroGrad();
    assert.equal(a.grad, null);
    a.sum().backward();
    const g = a.grad!;
    opt.zeroGrad({ setToNone: false });
    assert.equal(a.grad, g);
    assert.deepEqual(g.tolist(), [0, 0]);
  });

  it("parameters without .grad are skipped and get no state", () => {
    const a = param(1, 2);
    const unused = param(5);
    for (const Opt of [
      optim.Adam,
      optim.RMSprop,
      optim.Adamax,
      optim.NAdam,
      optim.RAdam,
      optim.Adadelta,
      optim.AdamW,
    ]) {
      const opt = new Opt([a, unused]);
      a.grad = null;
      a.pow(2).sum().backward();
      opt.step();
      assert.deepEqual(unused.tolist(), [5]);
      assert.equal(opt.state.has(unused), false, Opt.name);
      assert.equal(opt.state.has(a), true, Opt.name);
    }
  });

  it("step(closure) evaluates the closure with grad enabled and returns its loss", () => {
    const a = param(3);
    const opt = new optim.SGD([a], { lr: 0.1 });
    const loss = torch.noGrad(() =>
      opt.step(() => {
        opt.zeroGrad();
        const l = a.pow(2).sum();
        l.backward();
        return l;
      }),
    );
    assert.equal(loss!.item(), 9);
    assert.ok(Math.abs((a.item() as number) - 2.4) < 1e-6);
    assert.equal(opt.step(), undefined);
  });

  it("updates do not record autograd history", () => {
    const a = param(1, 2);
    const opt = new optim.Adam([a], { lr: 0.1 });
    a.pow(2).sum().backward();
    opt.step();
    assert.equal(a.gradFn, null);
    assert.equal(a.isLeaf, true);
    assert.equal(a.requiresGrad, true);
  });

  it("SGD keeps momentum_buffer null without momentum, like PyTorch", () => {
    const a = param(1);
    const opt = new optim.SGD([a], { lr: 0.1 });
    a.sum().backward();
    opt.step();
    assert.deepEqual(opt.stateDict().state, { 0: { momentum_buffer: null } });
  });
});

describe("state dicts", () => {
  it("deep-copies tensors both ways and casts to the parameter dtype", () => {
    const a = torch.tensor([1, 2], { dtype: "float64", requiresGrad: true });
    const opt = new optim.Adam([a], { lr: 0.1 });
    a.pow(2).sum().backward();
    opt.step();
    const sd = opt.stateDict();
    const expAvg = sd.state[0]!.exp_avg as torch.Tensor;
    assert.notEqual(expAvg, opt.state.get(a)!.exp_avg);
    assert.deepEqual(Object.keys(sd.state[0]!), ["step", "exp_avg", "exp_avg_sq"]);
    assert.deepEqual(sd.param_groups[0], {
      lr: 0.1,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weight_decay: 0,
      amsgrad: false,
      maximize: false,
      params: [0],
    });
    sd.state[0]!.exp_avg = expAvg.to("float32");
    const b = torch.tensor([1, 2], { dtype: "float64", requiresGrad: true });
    const opt2 = new optim.Adam([b]);
    opt2.loadStateDict(sd);
    const loaded = opt2.state.get(b)!;
    assert.equal((loaded.exp_avg as torch.Tensor).dtype, "float64");
    assert.equal((loaded.step as torch.Tensor).dtype, "float32");
    assert.equal(opt2.paramGroups[0]!.lr, 0.1);
    assert.equal(opt2.paramGroups[0]!.params[0], b);
    (sd.state[0]!.exp_avg_sq as torch.Tensor).zero_();
    assert.notDeepEqual((loaded.exp_avg_sq as torch.Tensor).tolist(), [0, 0]);
  });

  it("rejects a dict with different groups", () => {
    const opt = new optim.SGD([param(1), param(2)], { lr: 1 });
    const other = new optim.SGD([{ params: [param(1)] }, { params: [param(2)] }], { lr: 1 });
    assert.throws(
      () => opt.loadStateDict(other.stateDict()),
      /^RangeError: \[SGD\] loaded state dict has a different number of parameter groups: got 2, expected 1/,
    );
    const three = new optim.SGD([param(1), param(2), param(3)], { lr: 1 });
    assert.throws(
      () => opt.loadStateDict(three.stateDict()),
      /doesn't match the size of optimizer's group 0: got 3 params, expected 2/,
    );
  });

  it("prints like PyTorch's repr", () => {
    const opt = new optim.SGD([param(1)], { lr: 0.1, momentum: 0.9 });
    assert.equal(
      String(opt),
      "SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1\n    maximize: false\n    momentum: 0.9\n    nesterov: false\n    weightDecay: 0\n)",
    );
  });
});
