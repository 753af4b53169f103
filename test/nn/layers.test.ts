/**
 * Every part-A layer and functional form against PyTorch 1.13: outputs, input gradients and
 * parameter gradients of sum(out · gradOut), with weights loaded through loadStateDict.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { nn, type Tensor } from "../../src/index.js";
import { close, decode, decodeState, fx } from "./fixtures.js";

const F = nn.functional;

const ACTS: Record<string, () => nn.Module> = {
  relu: () => new nn.ReLU(),
  relu6: () => new nn.ReLU6(),
  leaky_relu: () => new nn.LeakyReLU(0.2),
  elu: () => new nn.ELU(0.5),
  selu: () => new nn.SELU(),
  celu: () => new nn.CELU(0.7),
  gelu: () => new nn.GELU(),
  gelu_tanh: () => new nn.GELU({ approximate: "tanh" }),
  silu: () => new nn.SiLU(),
  mish: () => new nn.Mish(),
  sigmoid: () => new nn.Sigmoid(),
  tanh: () => new nn.Tanh(),
  softplus: () => new nn.Softplus(),
  softplus_b2_t5: () => new nn.Softplus(2, 5),
  hardtanh: () => new nn.Hardtanh(-0.5, 2.0),
  hardsigmoid: () => new nn.Hardsigmoid(),
  hardswish: () => new nn.Hardswish(),
  logsigmoid: () => new nn.LogSigmoid(),
  softsign: () => new nn.Softsign(),
  tanhshrink: () => new nn.Tanhshrink(),
  prelu: () => new nn.PReLU(),
};

const LAYERS: Record<string, () => nn.Module> = {
  linear: () => new nn.Linear(4, 3),
  linear_nobias: () => new nn.Linear(4, 3, { bias: false }),
  linear_3d: () => new nn.Linear(4, 3),
  linear_1d: () => new nn.Linear(4, 3),
  linear_f64: () => new nn.Linear(4, 2).double(),
  bilinear: () => new nn.Bilinear(3, 4, 2),
  identity: () => new nn.Identity(),
  flatten: () => new nn.Flatten(),
  flatten_0_1: () => new nn.Flatten(0, 1),
  unflatten: () => new nn.Unflatten(1, [2, 2]),
  ...ACTS,
  ...Object.fromEntries(Object.entries(ACTS).map(([k, f]) => [`${k}_3d`, f])),
  prelu_channels: () => new nn.PReLU(3, 0.1),
  softmax: () => new nn.Softmax(1),
  softmax_last: () => new nn.Softmax(-1),
  log_softmax: () => new nn.LogSoftmax(1),
  softmin: () => new nn.Softmin(2),
  glu: () => new nn.GLU(),
  embedding: () => new nn.Embedding(6, 3),
  embedding_pad: () => new nn.Embedding(6, 3, { paddingIdx: 2 }),
  embedding_maxnorm: () => new nn.Embedding(6, 3, { maxNorm: 1.0 }),
  dropout_eval: () => new nn.Dropout(0.3),
  dropout_train: () => new nn.Dropout(0.3),
  dropout_p1: () => new nn.Dropout(1.0),
  dropout2d_train: () => new nn.Dropout2d(0.5),
  dropout1d_train: () => new nn.Dropout1d(0.5),
  sequential: () => new nn.Sequential(new nn.Linear(4, 3), new nn.Tanh(), new nn.Linear(3, 2)),
};

describe("layers vs PyTorch (forward, input grads, parameter grads)", () => {
  for (const c of fx.layers) {
    it(c.id, () => {
      const make = LAYERS[c.id];
      assert.ok(make, `no constructor for fixture case ${c.id}`);
      const m = make();
      const res = m.loadStateDict(decodeState(c.state));
      assert.deepEqual(res, { missingKeys: [], unexpectedKeys: [] });
      m.train(c.train);
      assert.equal(String(m), c.repr, "repr");
      const ins = c.inputs.map((j) => {
        const t = decode(j);
        return t.isFloatingPoint() ? t.requiresGrad_() : t;
      });
      if (c.rngSeed !== undefined) torch.manualSeed(c.rngSeed);
      const out = m.call(...ins) as Tensor;
      close(out, c.out, "output");
      if (!out.requiresGrad) return;
      out.mul(decode(c.gradOut)).sum().backward();
      c.inputGrads.forEach((g, i) => {
        if (g === null) return;
        assert.ok(ins[i]!.grad, `input ${i} has no grad`);
        close(ins[i]!.grad!, g, `grad of input ${i}`);
      });
      for (const [name, p] of m.namedParameters()) {
        const g = c.paramGrads[name];
        if (g === undefined) assert.equal(p.grad, null, `${name} should have no grad`);
        else close(p.grad!, g, `grad of ${name}`);
      }
    });
  }
});

type Fn = (ins: Tensor[], kw: Record<string, unknown>) => Tensor;
const FNS: Record<string, Fn> = {
  mse_loss: ([a, b], kw) => F.mseLoss(a!, b!, kw),
  l1_loss: ([a, b], kw) => F.l1Loss(a!, b!, kw),
  smooth_l1_loss: ([a, b], kw) => F.smoothL1Loss(a!, b!, kw),
  huber_loss: ([a, b], kw) => F.huberLoss(a!, b!, kw),
  binary_cross_entropy: ([a, b], kw) => F.binaryCrossEntropy(a!, b!, kw),
  binary_cross_entropy_w: ([a, b, w], kw) => F.binaryCrossEntropy(a!, b!, { ...kw, weight: w! }),
  binary_cross_entropy_with_logits: ([a, b], kw) => F.binaryCrossEntropyWithLogits(a!, b!, kw),
  binary_cross_entropy_with_logits_wp: ([a, b, w, pw], kw) =>
    F.binaryCrossEntropyWithLogits(a!, b!, { ...kw, weight: w!, posWeight: pw! }),
  cross_entropy: ([a, b], kw) => F.crossEntropy(a!, b!, kw),
  cross_entropy_w: ([a, b, w], kw) => F.crossEntropy(a!, b!, { ...kw, weight: w! }),
  nll_loss: ([a, b], kw) => F.nllLoss(a!, b!, kw),
  nll_loss_w: ([a, b, w], kw) => F.nllLoss(a!, b!, { ...kw, weight: w! }),
  kl_div: ([a, b], kw) => F.klDiv(a!, b!, kw),
  cosine_embedding_loss: ([a, b, y], kw) => F.cosineEmbeddingLoss(a!, b!, y!, kw),
  margin_ranking_loss: ([a, b, y], kw) => F.marginRankingLoss(a!, b!, y!, kw),
  linear: ([x, w, b]) => F.linear(x!, w!, b),
  bilinear: ([x1, x2, w, b]) => F.bilinear(x1!, x2!, w!, b),
  one_hot: ([x], kw) => F.oneHot(x!, kw.numClasses as number | undefined),
  prelu: ([x, w]) => F.prelu(x!, w!),
};

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
// Weights are not differentiable in PyTorch's losses (the fixture marks them), so neither here.
const noGradInputs: Record<string, number[]> = {
  binary_cross_entropy_w: [2],
  binary_cross_entropy_with_logits_wp: [2, 3],
  cross_entropy_w: [2],
  nll_loss_w: [2],
};

describe("functional forms and losses vs PyTorch", () => {
  for (const c of fx.functional) {
    it(c.id, () => {
      const f = FNS[c.fn];
      assert.ok(f, `no function for ${c.fn}`);
      const kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [camel(k), v]));
      const ins = c.inputs.map((j, i) => {
        const t = decode(j);
        return t.isFloatingPoint() && !(noGradInputs[c.fn] ?? []).includes(i) ? t.requiresGrad_() : t;
      });
      const out = f(ins, kw);
      close(out, c.out, "output");
      if (!out.requiresGrad) return;
      out.mul(decode(c.gradOut)).sum().backward();
      c.grads.forEach((g, i) => {
        if (g === null) return;
        assert.ok(ins[i]!.grad, `input ${i} has no grad`);
        close(ins[i]!.grad!, g, `grad of input ${i}`);
      });
    });
  }
});
