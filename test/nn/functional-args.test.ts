/**
 * `nn.functional`'s one calling convention: PyTorch's positional order, or a final options
 * object for any parameter after the leading inputs, give the same result; and the layers
 * read PyTorch's positional form (`nn.Linear(2, 1, false)` has no bias).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { nn, type Tensor } from "../../src/index.js";

const F = nn.functional;

function same(a: Tensor | [Tensor, Tensor], b: Tensor | [Tensor, Tensor]): void {
  const as = Array.isArray(a) ? a : [a];
  const bs = Array.isArray(b) ? b : [b];
  assert.equal(as.length, bs.length);
  as.forEach((t, i) => {
    assert.deepEqual(t.shape, bs[i]!.shape);
    assert.deepEqual(t.tolist(), bs[i]!.tolist());
  });
}

/** Each form, run after the same seed, equals the first. */
function allSame(...forms: (() => Tensor | [Tensor, Tensor])[]): void {
  torch.manualSeed(7);
  const first = forms[0]!();
  for (const f of forms.slice(1)) {
    torch.manualSeed(7);
    same(f(), first);
  }
}

torch.manualSeed(0);
const x = torch.randn(2, 3, 8, 8);
const x1 = torch.randn(2, 3, 10);
const w = torch.randn(4, 3, 3, 3);
const w1 = torch.randn(4, 3, 3);
const b = torch.randn(4);
const wt = torch.randn(3, 2, 2, 2);

describe("F.* positional and options forms agree", () => {
  it("conv2d / conv1d", () => {
    allSame(
      () => F.conv2d(x, w, b, 2, 1, 1, 1),
      () => F.conv2d(x, w, b, { stride: 2, padding: 1 }),
      () => F.conv2d(x, w, b, 2, { padding: 1, groups: 1 }),
      () => F.conv2d(x, w, { bias: b, stride: 2, padding: 1, dilation: 1 }),
    );
    allSame(
      () => F.conv1d(x1, w1, null, 1, "same"),
      () => F.conv1d(x1, w1, { padding: "same" }),
    );
  });
  it("convTranspose2d", () => {
    allSame(
      () => F.convTranspose2d(x.narrow(1, 0, 3), wt, null, 2, 0, 1),
      () => F.convTranspose2d(x.narrow(1, 0, 3), wt, null, { stride: 2, outputPadding: 1 }),
    );
  });
  it("pooling", () => {
    allSame(
      () => F.maxPool2d(x, 2, 2),
      () => F.maxPool2d(x, 2, { stride: 2 }),
      () => F.maxPool2d(x, { kernelSize: 2, stride: 2 }),
    );
    allSame(
      () => F.maxPool2d(x, 3, 2, 1, 1, true, true),
      () => F.maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, returnIndices: true }),
    );
    allSame(
      () => F.maxPool1d(x1, 3, null, 1),
      () => F.maxPool1d(x1, { kernelSize: 3, padding: 1 }),
    );
    allSame(
      () => F.avgPool2d(x, 3, 2, 1, false, false, null),
      () => F.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }),
    );
    allSame(
      () => F.avgPool1d(x1, 2, 1),
      () => F.avgPool1d(x1, { kernelSize: 2, stride: 1 }),
    );
    allSame(
      () => F.adaptiveAvgPool2d(x, [2, 3]),
      () => F.adaptiveAvgPool2d(x, { outputSize: [2, 3] }),
    );
  });
  it("pad", () => {
    allSame(
      () => F.pad(x, [1, 2], "constant", 3),
      () => F.pad(x, [1, 2], { value: 3 }),
      () => F.pad(x, [1, 2], "constant", { value: 3 }),
    );
    allSame(
      () => F.pad(x, [1, 1, 1, 1], "reflect"),
      () => F.pad(x, [1, 1, 1, 1], { mode: "reflect" }),
    );
  });
  it("dropout (same seed, same mask)", () => {
    allSame(
      () => F.dropout(x, 0.3, true),
      () => F.dropout(x, { p: 0.3 }),
      () => F.dropout(x, 0.3, { training: true }),
    );
    allSame(
      () => F.dropout2d(x, 0.5),
      () => F.dropout2d(x, { p: 0.5, training: true }),
    );
    same(F.dropout(x, { training: false }), x);
  });
  it("norms", () => {
    const g = torch.randn(8);
    allSame(
      () => F.layerNorm(x, [8], g, null, 1e-3),
      () => F.layerNorm(x, [8], { weight: g, eps: 1e-3 }),
      () => F.layerNorm(x, { normalizedShape: [8], weight: g, eps: 1e-3 }),
    );
    allSame(
      () => F.groupNorm(x.narrow(1, 0, 2), 2, null, null, 1e-3),
      () => F.groupNorm(x.narrow(1, 0, 2), { numGroups: 2, eps: 1e-3 }),
    );
    allSame(
      () => F.batchNorm(x, torch.zeros(3), torch.ones(3), null, null, true, 0.2),
      () => F.batchNorm(x, torch.zeros(3), torch.ones(3), { training: true, momentum: 0.2 }),
    );
    allSame(
      () => F.instanceNorm(x, null, null, null, null, true, 0.1, 1e-3),
      () => F.instanceNorm(x, { eps: 1e-3 }),
    );
  });
  it("instanceNorm with running stats updates them and uses them in eval", () => {
    const rm = torch.zeros(3);
    const rv = torch.ones(3);
    F.instanceNorm(x, rm, rv, { momentum: 1 });
    // momentum 1: the running mean is the batch average of the per-instance means.
    const expected = x.mean([2, 3]).mean(0);
    assert.ok(Number(rm.sub(expected).abs().max().item()) < 1e-6);
    const y = F.instanceNorm(x, { runningMean: rm, runningVar: rv, useInputStats: false });
    const ref = x.sub(rm.reshape([1, 3, 1, 1])).div(rv.add(1e-5).sqrt().reshape([1, 3, 1, 1]));
    assert.ok(Number(y.sub(ref).abs().max().item()) < 1e-5);
  });
  it("losses: PyTorch's positional slots and options", () => {
    const logits = torch.randn(6, 4);
    const labels = torch.tensor([0, 3, 1, 1, 2, 3]);
    const cw = torch.tensor([1, 2, 0.5, 1], { dtype: "float32" });
    allSame(
      () => F.crossEntropy(logits, labels, cw, null, 1, null, "sum", 0.1),
      () => F.crossEntropy(logits, labels, { weight: cw, ignoreIndex: 1, reduction: "sum", labelSmoothing: 0.1 }),
      () => F.crossEntropy(logits, labels, cw, { ignoreIndex: 1, reduction: "sum", labelSmoothing: 0.1 }),
    );
    const t = torch.rand(6, 4);
    const pw = torch.tensor([1, 2, 3, 4], { dtype: "float32" });
    allSame(
      () => F.binaryCrossEntropyWithLogits(logits, t, null, null, null, "mean", pw),
      () => F.binaryCrossEntropyWithLogits(logits, t, { posWeight: pw }),
    );
    allSame(
      () => F.mseLoss(logits, t, null, null, "sum"),
      () => F.mseLoss(logits, t, { reduction: "sum" }),
    );
    allSame(
      () => F.huberLoss(logits, t, "none", 0.5),
      () => F.huberLoss(logits, t, { reduction: "none", delta: 0.5 }),
    );
  });
  it("activations, embedding, linear, attention", () => {
    allSame(
      () => F.leakyRelu(x, 0.2),
      () => F.leakyRelu(x, { negativeSlope: 0.2 }),
    );
    allSame(
      () => F.softmax(x, 1),
      () => F.softmax(x, { dim: 1 }),
    );
    allSame(
      () => F.hardtanh(x, -0.5, 0.5),
      () => F.hardtanh(x, -0.5, { maxVal: 0.5 }),
      () => F.hardtanh(x, { minVal: -0.5, maxVal: 0.5 }),
    );
    allSame(
      () => F.threshold(x, 0.1, 20),
      () => F.threshold(x, { threshold: 0.1, value: 20 }),
    );
    const emb = torch.randn(5, 3);
    const idx = torch.tensor([[0, 2, 4]]);
    allSame(
      () => F.embedding(idx, emb, 0),
      () => F.embedding(idx, emb, { paddingIdx: 0 }),
    );
    const lw = torch.randn(2, 8);
    allSame(
      () => F.linear(x, lw, b.narrow(0, 0, 2)),
      () => F.linear(x, lw, { bias: b.narrow(0, 0, 2) }),
    );
    const q = torch.randn(2, 5, 4);
    allSame(
      () => F.scaledDotProductAttention(q, q, q, null, 0, true),
      () => F.scaledDotProductAttention(q, q, q, { isCausal: true }),
    );
  });
});

describe("layers read PyTorch's positional form", () => {
  it("nn.Linear(2, 1, false) has no bias (PyTorch's bias=False)", () => {
    assert.equal(new nn.Linear(2, 1, false).bias, null);
    assert.notEqual(new nn.Linear(2, 1, true).bias, null);
    assert.equal(new nn.Bilinear(2, 3, 4, false).bias, null);
  });
  it("conv, pool, norm and loss layers: positional equals options", () => {
    const c = new nn.Conv2d(3, 4, 3, 2, 1, 1, 1, false, "reflect");
    assert.deepEqual([c.stride, c.padding, c.bias, c.paddingMode], [[2, 2], [1, 1], null, "reflect"]);
    const p = new nn.MaxPool2d(3, 2, 1, 1, true, true);
    assert.equal(p.returnIndices, true);
    assert.equal(p.ceilMode, true);
    const bn = new nn.BatchNorm1d(4, 1e-3, 0.2, false, false);
    assert.deepEqual([bn.eps, bn.momentum, bn.affine, bn.trackRunningStats], [1e-3, 0.2, false, false]);
    const ce = new nn.CrossEntropyLoss(null, null, 2, null, "sum", 0.1);
    assert.deepEqual([ce.ignoreIndex, ce.reduction, ce.labelSmoothing], [2, "sum", 0.1]);
    const lstm = new nn.LSTM(4, 8, 2, true, true);
    assert.deepEqual([lstm.numLayers, lstm.batchFirst], [2, true]);
    const drop = new nn.Dropout(0.2, true);
    assert.deepEqual([drop.p, drop.inplace], [0.2, true]);
    assert.equal(new nn.ReLU(true).inplace, true);
    assert.equal(new nn.LeakyReLU(0.2, true).negativeSlope, 0.2);
    assert.equal(new nn.GELU("tanh").approximate, "tanh");
  });
  it("BCEWithLogitsLoss({ posWeight }) weighs positives", () => {
    const logits = torch.tensor([0.5, -1.0, 2.0], { dtype: "float32" });
    const t = torch.tensor([1, 0, 1], { dtype: "float32" });
    const pw = torch.tensor([3.0]);
    const a = new nn.BCEWithLogitsLoss({ posWeight: pw }).call(logits, t).item()!;
    const b0 = new nn.BCEWithLogitsLoss().call(logits, t).item()!;
    assert.ok(a > b0);
    same(
      new nn.BCEWithLogitsLoss(null, null, null, "mean", pw).call(logits, t),
      new nn.BCEWithLogitsLoss({ posWeight: pw }).call(logits, t),
    );
  });
  it("Module methods take PyTorch's positional form or options", () => {
    const m = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
    assert.deepEqual(m.namedParameters("net", false), m.namedParameters({ prefix: "net", recurse: false }));
    assert.equal(m.parameters({ recurse: false }).length, 0);
    const sd = m.stateDict();
    const extra = { ...sd, junk: torch.zeros(1) };
    assert.deepEqual(m.loadStateDict(extra, false).unexpectedKeys, ["junk"]);
    assert.deepEqual(m.loadStateDict(extra, { strict: false }).unexpectedKeys, ["junk"]);
    assert.equal(m.stateDict({ keepVars: true })["0.weight"], m.parameters()[0]);
  });
});
