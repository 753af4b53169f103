/**
 * `grad_fn` names against PyTorch 1.13's `type(y.grad_fn).__name__` for the same expressions
 * (scripts/fixtures/grad_fn_names.py writes test/fixtures/autograd/grad_fn_names.json): ops,
 * losses and composites, which name their output node as PyTorch's dedicated function does
 * (`MseLossBackward0`, `ClampBackward1`, …) instead of their last primitive's. Also the node's
 * string forms and the tensor's printed `grad_fn=<…>`.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { describe, test } from "node:test";
import * as torch from "../../src/index.js";

const F = torch.nn.functional;
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/autograd/grad_fn_names.json", import.meta.url), "utf8"),
) as { torch: string; names: Record<string, string> };

torch.manualSeed(0);
const x = torch.rand([2, 3]).requiresGrad_(true);
const w = torch.rand([2, 3]).requiresGrad_(true);
const t = torch.rand([2, 3]);
const idx = torch.tensor([0, 2]);
const lo = torch.zeros([2, 3]);

/** The same expressions as the fixture script, case by case. */
const CASES: Record<string, () => torch.Tensor> = {
  add: () => x.add(w),
  sub: () => x.sub(w),
  mul: () => x.mul(w),
  div: () => x.div(w),
  neg: () => x.neg(),
  exp: () => x.exp(),
  log: () => x.log(),
  sqrt: () => x.sqrt(),
  pow: () => x.pow(2),
  abs: () => x.abs(),
  sum: () => x.sum(),
  mean: () => x.mean(),
  matmul: () => x.matmul(w.t()),
  t: () => x.t(),
  view: () => x.view(6),
  reshape: () => x.reshape(3, 2),
  relu: () => torch.relu(x),
  sigmoid: () => torch.sigmoid(x),
  tanh: () => torch.tanh(x),
  clamp: () => torch.clamp(x, 0.2, 0.8),
  clampMinOnly: () => torch.clamp(x, 0.2),
  clampMaxOnly: () => torch.clamp(x, null, 0.8),
  clampTensor: () => torch.clamp(x, lo, null),
  clampMin: () => torch.clampMin(x, 0.2),
  clampMax: () => torch.clampMax(x, 0.8),
  where: () => torch.where(x.gt(0.5), x, w),
  softmax: () => F.softmax(x, 1),
  logSoftmax: () => F.logSoftmax(x, 1),
  mseLoss: () => F.mseLoss(x, t),
  mseLossNone: () => F.mseLoss(x, t, { reduction: "none" }),
  l1Loss: () => F.l1Loss(x, t),
  smoothL1Loss: () => F.smoothL1Loss(x, t),
  huberLoss: () => F.huberLoss(x, t),
  binaryCrossEntropy: () => F.binaryCrossEntropy(torch.sigmoid(x), t),
  binaryCrossEntropyWithLogits: () => F.binaryCrossEntropyWithLogits(x, t),
  nllLoss: () => F.nllLoss(F.logSoftmax(x, 1), idx),
  crossEntropy: () => F.crossEntropy(x, idx),
  linear: () => F.linear(x, w),
  linearBias: () => F.linear(x, w, w.select(1, 0)),
  leakyRelu: () => F.leakyRelu(x),
  elu: () => F.elu(x),
  gelu: () => F.gelu(x),
  silu: () => F.silu(x),
  softplus: () => F.softplus(x),
  hardtanh: () => F.hardtanh(x),
  logsigmoid: () => F.logsigmoid(x),
  lerp: () => torch.lerp(x, w, 0.5),
  maskedFill: () => x.maskedFill(x.gt(0.5), 0),
  addcmul: () => torch.addcmul(x, w, w),
  hypot: () => torch.hypot(x, w),
  lerpTensor: () => torch.lerp(x, w, torch.tensor(0.3)),
  maskedFillTensor: () => x.maskedFill(x.gt(0.5), torch.tensor(0)),
  addcdiv: () => torch.addcdiv(x, w, w),
  clampMinTensor: () => torch.clampMin(x, lo),
  clampMaxTensor: () => torch.clampMax(x, lo),
  clampMethod: () => x.clamp(0.1, 0.9),
  relu6: () => F.relu6(x),
  mseLossSum: () => F.mseLoss(x, t, { reduction: "sum" }),
  bceWithLogitsPosWeight: () => F.binaryCrossEntropyWithLogits(x, t, { posWeight: torch.tensor([2, 1, 0.5]) }),
};

describe("grad_fn names match PyTorch's", () => {
  test("the fixture covers every case and nothing else", () => {
    assert.deepEqual(Object.keys(CASES).sort(), Object.keys(fixture.names).sort());
  });
  for (const [k, want] of Object.entries(fixture.names)) {
    test(`${k} → ${want}`, () => {
      const y = CASES[k]!();
      assert.equal(y.gradFn?.name(), want);
    });
  }
});

describe("printed forms of grad_fn", () => {
  test("String(gradFn) and util.inspect give PyTorch's repr", () => {
    const loss = F.mseLoss(x, t);
    assert.equal(String(loss.gradFn), "<MseLossBackward0 object>");
    assert.equal(`${loss.gradFn}`, "<MseLossBackward0 object>");
    assert.equal(inspect(loss.gradFn), "<MseLossBackward0 object>");
    assert.equal(String(torch.clamp(x, 0, 1).gradFn), "<ClampBackward1 object>");
  });

  test("leaves' AccumulateGrad prints the same way", () => {
    const y = x.mul(2);
    const acc = y.gradFn!.next[0]!;
    assert.equal(String(acc), "<AccumulateGrad object>");
  });

  test("a loss prints tensor(…, grad_fn=<MseLossBackward0>) as PyTorch", () => {
    const a = torch.tensor([1, 2], { dtype: "float32", requiresGrad: true });
    const loss = F.mseLoss(a, torch.zeros([2]));
    assert.equal(String(loss), "tensor(2.5000, grad_fn=<MseLossBackward0>)");
    const c = torch.clamp(a, 0, 1.5);
    assert.equal(String(c), "tensor([1.0000, 1.5000], grad_fn=<ClampBackward1>)");
    const b = F.binaryCrossEntropyWithLogits(torch.zeros([1], { requiresGrad: true }), torch.ones([1]));
    assert.equal(String(b), "tensor(0.6931, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)");
  });

  test("renaming changes no gradient: mseLoss backward as before", () => {
    const a = torch.tensor([1, 2], { dtype: "float32", requiresGrad: true });
    F.mseLoss(a, torch.zeros([2])).backward();
    assert.deepEqual(a.grad!.tolist(), [1, 2]);
  });

  test("a composite that returns a node it did not create leaves that node's name", () => {
    const a = torch.tensor([1, -2], { dtype: "float32", requiresGrad: true });
    const y = a.mul(3);
    // eval-mode dropout returns its input: the input's node keeps its name
    const d = F.dropout(y, 0.5, false);
    assert.equal(d.gradFn?.name(), "MulBackward0");
  });
});
