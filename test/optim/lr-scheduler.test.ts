/** Learning-rate schedules against PyTorch 1.13 (scripts/fixtures/optim.py), state dicts, errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { optim } from "../../src/index.js";
import { assertNumbersClose, camel, fx } from "./helpers.js";

const S = optim.lrScheduler;
type Sched = {
  step(): void;
  getLastLr(): number[];
  stateDict(): Record<string, unknown>;
  loadStateDict(sd: Record<string, unknown>): void;
};

function makeOptimizer(kind: string): optim.Optimizer {
  const w = torch.zeros(2, { requiresGrad: true });
  const b = torch.zeros(1, { requiresGrad: true });
  const groups = [{ params: [w] }, { params: [b], lr: 0.05 }];
  return kind === "adam" ? new optim.Adam(groups, { lr: 0.1 }) : new optim.SGD(groups, { lr: 0.1, momentum: 0.9 });
}

/** The same schedules as the fixture, by name. */
const SCHEDULERS: Record<string, [string, (o: optim.Optimizer) => Sched]> = {
  StepLR: ["sgd", (o) => new S.StepLR(o, 7, { gamma: 0.5 })],
  MultiStepLR: ["sgd", (o) => new S.MultiStepLR(o, [5, 12, 12, 30], { gamma: 0.3 })],
  ExponentialLR: ["sgd", (o) => new S.ExponentialLR(o, 0.9)],
  CosineAnnealingLR: ["sgd", (o) => new S.CosineAnnealingLR(o, 10, { etaMin: 0.001 })],
  CosineAnnealingLR_T7: ["sgd", (o) => new S.CosineAnnealingLR(o, 7)],
  CosineAnnealingWarmRestarts: ["sgd", (o) => new S.CosineAnnealingWarmRestarts(o, 5, { tMult: 2, etaMin: 0.01 })],
  CosineAnnealingWarmRestarts_1: ["sgd", (o) => new S.CosineAnnealingWarmRestarts(o, 6)],
  LinearLR: ["sgd", (o) => new S.LinearLR(o, { startFactor: 0.25, endFactor: 0.9, totalIters: 10 })],
  ConstantLR: ["sgd", (o) => new S.ConstantLR(o, { factor: 0.5, totalIters: 6 })],
  LambdaLR: ["sgd", (o) => new S.LambdaLR(o, (e) => 0.95 ** e)],
  LambdaLR_list: ["sgd", (o) => new S.LambdaLR(o, [(e) => 0.95 ** e, (e) => 1 / (1 + e)])],
  MultiplicativeLR: ["sgd", (o) => new S.MultiplicativeLR(o, (e) => (e % 2 ? 0.9 : 0.97))],
  OneCycleLR: ["sgd", (o) => new S.OneCycleLR(o, 1.0, { totalSteps: 45 })],
  OneCycleLR_linear: [
    "sgd",
    (o) => new S.OneCycleLR(o, [0.5, 0.2], { totalSteps: 45, annealStrategy: "linear", pctStart: 0.25 }),
  ],
  OneCycleLR_three: [
    "sgd",
    (o) => new S.OneCycleLR(o, 0.8, { epochs: 5, stepsPerEpoch: 9, threePhase: true, divFactor: 10 }),
  ],
  OneCycleLR_adam: ["adam", (o) => new S.OneCycleLR(o, 0.01, { totalSteps: 45, baseMomentum: 0.8, maxMomentum: 0.9 })],
  OneCycleLR_nomom: ["adam", (o) => new S.OneCycleLR(o, 0.01, { totalSteps: 45, cycleMomentum: false })],
  CyclicLR: ["sgd", (o) => new S.CyclicLR(o, 0.01, 0.1, { stepSizeUp: 5 })],
  CyclicLR_tri2: [
    "sgd",
    (o) => new S.CyclicLR(o, [0.01, 0.02], 0.1, { stepSizeUp: 4, stepSizeDown: 6, mode: "triangular2" }),
  ],
  CyclicLR_exp: ["sgd", (o) => new S.CyclicLR(o, 0.01, 0.1, { stepSizeUp: 3, mode: "exp_range", gamma: 0.95 })],
  CyclicLR_adam: ["adam", (o) => new S.CyclicLR(o, 0.001, 0.01, { stepSizeUp: 5, cycleMomentum: false })],
  SequentialLR: [
    "sgd",
    (o) =>
      new S.SequentialLR(o, [new S.LinearLR(o, { startFactor: 0.1, totalIters: 5 }), new S.ExponentialLR(o, 0.9)], [5]),
  ],
  SequentialLR_3: [
    "sgd",
    (o) =>
      new S.SequentialLR(
        o,
        [
          new S.ConstantLR(o, { factor: 0.5, totalIters: 3 }),
          new S.CosineAnnealingLR(o, 10),
          new S.StepLR(o, 4, { gamma: 0.5 }),
        ],
        [4, 20],
      ),
  ],
  ChainedScheduler: [
    "sgd",
    (o) => new S.ChainedScheduler([new S.ConstantLR(o, { factor: 0.5, totalIters: 4 }), new S.ExponentialLR(o, 0.9)]),
  ],
  ChainedScheduler_3: [
    "sgd",
    (o) =>
      new S.ChainedScheduler([
        new S.LinearLR(o, { startFactor: 0.5, totalIters: 6 }),
        new S.StepLR(o, 5, { gamma: 0.7 }),
        new S.MultiplicativeLR(o, () => 0.99),
      ]),
  ],
};

const momentumOf = (o: optim.Optimizer): number[] =>
  o.paramGroups.map((g) => ("betas" in g ? (g.betas as number[])[0]! : (g.momentum as number)));

describe("lr schedules match PyTorch (rtol 1e-12)", () => {
  it("covers every fixture schedule", () =>
    assert.deepEqual(Object.keys(SCHEDULERS).sort(), Object.keys(fx.schedulers.schedules).sort()));
  for (const [name, [kind, make]] of Object.entries(SCHEDULERS)) {
    it(name, () => {
      const want = fx.schedulers.schedules[name]!;
      const o = makeOptimizer(kind);
      const s = make(o);
      want.lrs.forEach((lrs, i) => {
        if (i > 0) {
          o.step();
          s.step();
        }
        assertNumbersClose(s.getLastLr(), lrs, 1e-12, `${name} lr at step ${i}`);
        assertNumbersClose(momentumOf(o), want.momentum[i]!, 1e-12, `${name} momentum at step ${i}`);
      });
    });
  }
});

describe("ReduceLROnPlateau matches PyTorch on a fixed metric sequence", () => {
  for (const [name, c] of Object.entries(fx.schedulers.plateau)) {
    it(`${name} ${JSON.stringify(c.kwargs)}`, () => {
      const o = makeOptimizer("sgd");
      const s = new S.ReduceLROnPlateau(o, camel(c.kwargs));
      fx.schedulers.metrics.forEach((m, i) => {
        o.step();
        s.step(i % 2 ? torch.tensor(m, { dtype: "float64" }) : m);
        assertNumbersClose(s.getLastLr(), c.lrs[i]!, 1e-12, `lr after metric ${i}`);
      });
    });
  }

  it("state dict round trip", () => {
    const o = makeOptimizer("sgd");
    const s = new S.ReduceLROnPlateau(o, { patience: 1, cooldown: 2, factor: 0.5 });
    fx.schedulers.metrics.slice(0, 12).forEach((m) => s.step(m));
    const sd = s.stateDict();
    assert.ok(
      ["best", "num_bad_epochs", "cooldown_counter", "min_lrs", "threshold_mode", "mode_worse", "last_epoch"].every(
        (k) => k in sd,
      ),
    );
    const o2 = makeOptimizer("sgd");
    o2.loadStateDict(o.stateDict());
    const s2 = new S.ReduceLROnPlateau(o2);
    s2.loadStateDict(sd);
    for (const m of fx.schedulers.metrics.slice(12)) {
      s.step(m);
      s2.step(m);
      assert.deepEqual(s2.getLastLr(), s.getLastLr());
    }
  });
});

describe("scheduler state dicts", () => {
  for (const name of [
    "StepLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "OneCycleLR_adam",
    "CyclicLR_tri2",
    "SequentialLR_3",
    "ChainedScheduler",
    "LambdaLR",
    "MultiStepLR",
  ]) {
    it(`${name}: save after 10 steps, load into fresh optimizer + scheduler, same lrs`, () => {
      const [kind, make] = SCHEDULERS[name]!;
      const o = makeOptimizer(kind);
      const s = make(o);
      for (let i = 0; i < 10; i++) {
        o.step();
        s.step();
      }
      const osd = o.stateDict();
      const ssd = s.stateDict();
      assert.equal("optimizer" in ssd, false);
      const o2 = makeOptimizer(kind);
      const s2 = make(o2);
      o2.loadStateDict(osd);
      s2.loadStateDict(ssd);
      const want = fx.schedulers.schedules[name]!.lrs;
      for (let i = 11; i < 30; i++) {
        o2.step();
        s2.step();
        assertNumbersClose(s2.getLastLr(), want[i]!, 1e-12, `lr at step ${i}`);
      }
    });
  }

  it("uses PyTorch's key names", () => {
    const o = makeOptimizer("sgd");
    const s = new S.StepLR(o, 3);
    assert.deepEqual(Object.keys(s.stateDict()).sort(), [
      "_get_lr_called_within_step",
      "_last_lr",
      "_step_count",
      "base_lrs",
      "gamma",
      "last_epoch",
      "step_size",
      "verbose",
    ]);
    const c = new S.CosineAnnealingWarmRestarts(makeOptimizer("sgd"), 4);
    assert.ok(["T_0", "T_i", "T_mult", "T_cur", "eta_min"].every((k) => k in c.stateDict()));
    assert.deepEqual(new S.LambdaLR(makeOptimizer("sgd"), () => 1).stateDict().lr_lambdas, [null, null]);
    assert.equal(o.stateDict().param_groups[0]!.initial_lr, 0.1);
  });
});

describe("scheduler construction", () => {
  it("sets initialLr in groups, keeps an existing one, and requires it when resuming", () => {
    const o = makeOptimizer("sgd");
    new S.ExponentialLR(o, 0.5);
    assert.deepEqual(
      o.paramGroups.map((g) => g.initialLr),
      [0.1, 0.05],
    );
    o.paramGroups[0]!.lr = 0.3;
    new S.ExponentialLR(o, 0.5);
    assert.equal(o.paramGroups[0]!.initialLr, 0.1);
    assert.throws(
      () => new S.StepLR(makeOptimizer("sgd"), 3, { lastEpoch: 4 }),
      /^RangeError: \[StepLR\] param 'initialLr' is not specified in paramGroups\[0\]/,
    );
  });

  it("rejects bad arguments with one-line errors", () => {
    const o = makeOptimizer("sgd");
    assert.throws(() => new S.StepLR({} as never, 3), /^TypeError: \[StepLR\] expected an Optimizer: got Object/);
    assert.throws(
      () => new S.ConstantLR(o, { factor: 2 }),
      /\[ConstantLR\] constant multiplicative factor must be between 0 and 1: got 2/,
    );
    assert.throws(() => new S.LinearLR(o, { startFactor: -1 }), /\[LinearLR\] starting multiplicative factor/);
    assert.throws(() => new S.LambdaLR(o, [() => 1]), /\[LambdaLR\] expected 2 lr_lambdas: got 1/);
    assert.throws(() => new S.CosineAnnealingWarmRestarts(o, 0), /expected a positive integer T_0: got 0/);
    assert.throws(
      () => new S.CosineAnnealingWarmRestarts(o, 2, { tMult: 1.5 }),
      /expected an integer T_mult >= 1: got 1.5/,
    );
    assert.throws(() => new S.OneCycleLR(o, 0.1), /\[OneCycleLR\] no schedule length/);
    assert.throws(
      () => new S.OneCycleLR(o, 0.1, { totalSteps: 10, annealStrategy: "exp" as never }),
      /annealStrategy must be "cos" or "linear"/,
    );
    assert.throws(
      () => new S.CyclicLR(makeOptimizer("adam"), 0.01, 0.1),
      /\[CyclicLR\] optimizer must support momentum/,
    );
    assert.throws(
      () => new S.ReduceLROnPlateau(o, { factor: 1 }),
      /\[ReduceLROnPlateau\] factor should be < 1.0: got 1/,
    );
    assert.throws(() => new S.ReduceLROnPlateau(o, { mode: "up" as never }), /unknown mode: got "up"/);
    assert.throws(
      () => new S.SequentialLR(o, [new S.StepLR(o, 2)], [3]),
      /expected one milestone fewer than schedulers/,
    );
    assert.throws(
      () => new S.ChainedScheduler([new S.StepLR(o, 2), new S.StepLR(makeOptimizer("sgd"), 2)]),
      /same optimizer: got a different optimizer at index 1/,
    );
    const s = new S.OneCycleLR(makeOptimizer("sgd"), 0.1, { totalSteps: 2 });
    s.step();
    s.step();
    assert.throws(() => s.step(), /\[OneCycleLR\] tried to step 4 times: got more steps than totalSteps 2/);
  });

  it("CosineAnnealingWarmRestarts accepts fractional epochs", () => {
    const o = makeOptimizer("sgd");
    const s = new S.CosineAnnealingWarmRestarts(o, 4, { tMult: 2 });
    s.step(1.5);
    assertNumbersClose(
      s.getLastLr(),
      [0.1, 0.05].map((b) => (b * (1 + Math.cos((Math.PI * 1.5) / 4))) / 2),
      1e-15,
      "epoch 1.5",
    );
    s.step(5); // second cycle (length 8), 1 into it
    assertNumbersClose(
      s.getLastLr(),
      [0.1, 0.05].map((b) => (b * (1 + Math.cos(Math.PI / 8))) / 2),
      1e-15,
      "epoch 5",
    );
  });
});
