/**
 * Keras losses (values vs hand formulas / torch.nn, sample weights, label errors) and streaming
 * metrics (accumulation over batches, accuracy resolution, precision/recall/AUC on known cases).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as torch from "../../src/index.js";

const { keras, nn } = torch;
const { losses, metrics } = keras;
const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const num = (t: torch.Tensor) => t.item() as number;

test("cross-entropy losses match torch.nn and Keras' formulas", () => {
  torch.manualSeed(0);
  const logits = torch.randn(6, 4);
  const y = torch.tensor([0, 3, 1, 2, 2, 0], { dtype: "uint8" });
  const ce = num(new nn.CrossEntropyLoss().call(logits, y.long()));
  close(num(new losses.SparseCategoricalCrossentropy({ fromLogits: true }).call(y, logits)), ce);
  const probs = logits.softmax(-1);
  close(num(new losses.SparseCategoricalCrossentropy().call(y, probs)), ce, 1e-5);
  const onehot = nn.functional.oneHot(y.long(), 4).float();
  close(num(new losses.CategoricalCrossentropy({ fromLogits: true }).call(onehot, logits)), ce);
  close(num(losses.get("categorical_crossentropy").call(onehot, probs)), ce, 1e-5);
  // sample weights: sum(w·l) / N (Keras' sum_over_batch_size)
  const w = torch.tensor([1, 0, 2, 1, 0, 1], { dtype: "float32" });
  const per = nn.functional.crossEntropy(logits, y.long(), { reduction: "none" });
  close(
    num(new losses.SparseCategoricalCrossentropy({ fromLogits: true }).call(y, logits, w)),
    num(per.mul(w).sum()) / 6,
  );
  // [N, 1] labels are accepted as Keras does
  close(num(new losses.SparseCategoricalCrossentropy({ fromLogits: true }).call(y.reshape(6, 1), logits)), ce);
});

test("binary and regression losses", () => {
  const yt = torch.tensor(
    [
      [0, 1],
      [1, 1],
    ],
    { dtype: "float32" },
  );
  const yp = torch.tensor(
    [
      [0.2, 0.7],
      [0.9, 0.4],
    ],
    { dtype: "float32" },
  );
  const bce = (t: number, p: number) => -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
  const expected = ((bce(0, 0.2) + bce(1, 0.7)) / 2 + (bce(1, 0.9) + bce(1, 0.4)) / 2) / 2;
  close(num(new losses.BinaryCrossentropy().call(yt, yp)), expected, 1e-6);
  const logit = yp.div(yp.neg().add(1)).log(); // log(p / (1 - p))
  close(num(new losses.BinaryCrossentropy({ fromLogits: true }).call(yt, logit)), expected, 1e-5);
  close(num(losses.get("mse").call(yt, yp)), (0.04 + 0.09 + 0.01 + 0.36) / 4);
  close(num(losses.get("mae").call(yt, yp)), (0.2 + 0.3 + 0.1 + 0.6) / 4);
  // Huber δ=0.5: |e| ≤ δ → ½e², else δ(|e| − ½δ)
  const hub = (e: number) => (Math.abs(e) <= 0.5 ? 0.5 * e * e : 0.5 * (Math.abs(e) - 0.25));
  close(num(new losses.Huber({ delta: 0.5 }).call(yt, yp)), (hub(0.2) + hub(0.3) + hub(0.1) + hub(0.6)) / 4);
  close(num(losses.get("meanSquaredError").call(torch.tensor([1, 2]), torch.tensor([[1.5], [2]]))), 0.125);
});

test("label errors explain the fix", () => {
  const out = torch.zeros(2, 5);
  assert.throws(
    () => new losses.SparseCategoricalCrossentropy({ fromLogits: true }).call(torch.tensor([9, 1]), out),
    /label 9 is out of range for a model output of 5 units: labels must be in \[0, 4\]; the last layer needs at least 10 units/,
  );
  assert.throws(
    () => new losses.SparseCategoricalCrossentropy().call(torch.tensor([-1, 1]), out),
    /label -1 is out of range/,
  );
  assert.throws(
    () => new losses.SparseCategoricalCrossentropy().call(torch.tensor([0.5, 1]), out),
    /integer class indices: got fractional values \(one-hot labels need CategoricalCrossentropy\)/,
  );
  assert.throws(
    () => new losses.CategoricalCrossentropy().call(torch.tensor([1, 2]), out),
    /integer labels need SparseCategoricalCrossentropy/,
  );
  assert.throws(
    () => new losses.SparseCategoricalCrossentropy().call(torch.tensor([1, 2, 3]), out),
    /do not match predictions/,
  );
});

test("streaming accuracy metrics accumulate over batches; 'accuracy' follows the loss", () => {
  const m = metrics.resolveMetric("accuracy", "sparse_categorical_crossentropy");
  assert.ok(m instanceof metrics.SparseCategoricalAccuracy);
  assert.equal(m.name, "accuracy");
  m.updateState(
    torch.tensor([0, 1]),
    torch.tensor([
      [0.9, 0.1],
      [0.8, 0.2],
    ]),
  );
  m.updateState(torch.tensor([1]), torch.tensor([[0.3, 0.7]]));
  close(m.result(), 2 / 3);
  m.resetState();
  assert.equal(m.result(), 0);
  assert.ok(metrics.resolveMetric("acc", "binary_crossentropy") instanceof metrics.BinaryAccuracy);
  assert.ok(metrics.resolveMetric("accuracy", "categorical_crossentropy") instanceof metrics.CategoricalAccuracy);
  const b = new metrics.BinaryAccuracy();
  b.updateState(torch.tensor([[1], [0], [1], [0]]), torch.tensor([[0.6], [0.4], [0.3], [0.7]]));
  close(b.result(), 0.5);
  const c = new metrics.CategoricalAccuracy();
  c.updateState(
    torch.tensor([
      [0, 1],
      [1, 0],
    ]),
    torch.tensor([
      [0.2, 0.8],
      [0.3, 0.7],
    ]),
  );
  close(c.result(), 0.5);
  const mae = metrics.resolveMetric("mae");
  mae.updateState(torch.tensor([[1], [2]]), torch.tensor([[1.5], [2]]));
  mae.updateState(torch.tensor([[0]]), torch.tensor([[1]]));
  close(mae.result(), 0.5);
  const mse = metrics.resolveMetric("mse");
  mse.updateState(torch.tensor([[1, 1]]), torch.tensor([[2, 3]]));
  close(mse.result(), 2.5);
});

test("precision, recall and AUC (sklearn: roc_auc_score([0,0,1,1],[.1,.4,.35,.8]) = 0.75)", () => {
  const yt = torch.tensor([0, 0, 1, 1, 1, 0]);
  const yp = torch.tensor([0.1, 0.6, 0.35, 0.8, 0.9, 0.2]);
  const p = metrics.resolveMetric("precision");
  const r = metrics.resolveMetric("recall");
  p.updateState(yt.narrow(0, 0, 3), yp.narrow(0, 0, 3));
  p.updateState(yt.narrow(0, 3, 3), yp.narrow(0, 3, 3));
  r.updateState(yt, yp);
  close(p.result(), 2 / 3); // predicted positive: .6 (wrong), .8, .9
  close(r.result(), 2 / 3); // missed .35
  const auc = metrics.resolveMetric("auc");
  auc.updateState(torch.tensor([0, 0]), torch.tensor([0.1, 0.4]));
  auc.updateState(torch.tensor([1, 1]), torch.tensor([0.35, 0.8]));
  close(auc.result(), 0.75, 1e-9);
  const one = new metrics.AUC();
  one.updateState(torch.tensor([1, 1]), torch.tensor([0.2, 0.3]));
  assert.equal(one.result(), 0);
});
