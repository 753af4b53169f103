/**
 * Keras metrics are adapters over antorcha/metrics: their values equal the streaming metrics' on
 * the labels Keras reads, and AUC equals Keras' threshold formula (counts at each threshold,
 * trapezoids between them).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as torch from "../../src/index.js";

const { keras, metrics } = torch;

/** Keras' AUC formula, written out: tp/fp counts above each threshold, trapezoidal area. */
function kerasAuc(y: number[], p: number[], n: number): number {
  const th = [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];
  const pos = y.filter((v) => v > 0.5).length;
  const neg = y.length - pos;
  const tp = th.map((t) => p.filter((v, i) => v > t && y[i]! > 0.5).length / pos);
  const fp = th.map((t) => p.filter((v, i) => v > t && y[i]! <= 0.5).length / neg);
  let area = 0;
  for (let k = 0; k + 1 < th.length; k++) area += ((fp[k]! - fp[k + 1]!) * (tp[k]! + tp[k + 1]!)) / 2;
  return area;
}

test("AUC over batches equals Keras' threshold formula (ties, exact thresholds, few thresholds)", () => {
  torch.manualSeed(11);
  for (const n of [2, 3, 11, 200]) {
    const auc = new keras.metrics.AUC({ numThresholds: n });
    const ys: number[] = [];
    const ps: number[] = [];
    for (let b = 0; b < 4; b++) {
      const p = torch.rand(17).mul(10).round().div(10); // many ties, scores on thresholds
      const y = torch.rand(17).gt(0.4).float();
      auc.updateState(y, p);
      ys.push(...(y.tolist() as number[]));
      ps.push(...(p.tolist() as number[]));
    }
    const want = kerasAuc(ys, ps, n);
    assert.ok(Math.abs(auc.result() - want) < 1e-12, `${n}: ${auc.result()} vs ${want}`);
    auc.resetState();
    assert.equal(auc.result(), 0);
  }
});

test("Precision, Recall and the accuracies equal antorcha/metrics on Keras' labels", () => {
  torch.manualSeed(12);
  const yTrue = torch.rand(40, 3).gt(0.5).float();
  const yPred = torch.rand(40, 3);
  const p = new keras.metrics.Precision({ threshold: 0.6 });
  const r = new keras.metrics.Recall();
  p.updateState(yTrue, yPred);
  r.updateState(yTrue, yPred);
  const t = yTrue.reshape(-1);
  assert.equal(p.result(), metrics.precision(t, yPred.gt(0.6).float().reshape(-1)));
  assert.equal(r.result(), metrics.recall(t, yPred.gt(0.5).float().reshape(-1)));
  const labels = torch.randint(0, 4, [40]);
  const scores = torch.rand(40, 4);
  const w = torch.rand(40);
  const acc = new keras.metrics.SparseCategoricalAccuracy();
  acc.updateState(labels, scores, w);
  const want = metrics.accuracy(labels, scores.argmax(1), { sampleWeight: w });
  assert.ok(Math.abs(acc.result() - want) < 1e-15, `${acc.result()} vs ${want}`);
  // a soft label matches no prediction, as in Keras
  const b = new keras.metrics.BinaryAccuracy();
  b.updateState(torch.tensor([[1], [0.5], [0]]), torch.tensor([[0.9], [0.9], [0.1]]));
  assert.equal(b.result(), 2 / 3);
});
