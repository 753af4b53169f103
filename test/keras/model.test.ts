/**
 * keras.Sequential: building, summary (golden), compile/fit/evaluate/predict on small synthetic
 * data, learner errors (labels out of range, wrong input shapes), weights round trip.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as torch from "../../src/index.js";

const { keras } = torch;
const { layers, losses } = keras;

function blobs(n = 96, seed = 1): [torch.Tensor, torch.Tensor] {
  torch.manualSeed(seed);
  const y = torch.randint(0, 3, [n]);
  const centers = torch.tensor(
    [
      [2, 0],
      [-2, 2],
      [0, -2],
    ],
    { dtype: "float32" },
  );
  const x = centers.indexSelect(0, y).add(torch.randn(n, 2).mul(0.5));
  return [x, y.to("uint8")];
}

test("summary prints Keras' table for the tutorial model", () => {
  keras.backend.clearSession();
  const model = keras.Sequential([
    layers.Flatten({ inputShape: [28, 28] }),
    layers.Dense(128, { activation: "relu" }),
    layers.Dropout(0.2),
    layers.Dense(10),
  ]);
  let s = "";
  assert.equal(
    model.summary((t) => (s = t)),
    undefined,
  ); // prints once, returns nothing (a notebook cell would show a returned string again)
  const blank = " ".repeat(65);
  assert.equal(
    s,
    [
      'Model: "sequential"',
      "_".repeat(65),
      " Layer (type)                Output Shape              Param #   ",
      "=".repeat(65),
      " flatten (Flatten)           (None, 784)               0         ",
      blank,
      " dense (Dense)               (None, 128)               100480    ",
      blank,
      " dropout (Dropout)           (None, 128)               0         ",
      blank,
      " dense_1 (Dense)             (None, 10)                1290      ",
      "=".repeat(65),
      "Total params: 101,770",
      "Trainable params: 101,770",
      "Non-trainable params: 0",
      "_".repeat(65),
    ].join("\n"),
  );
});

test("layers build lazily with Keras' shapes and parameter counts", () => {
  keras.backend.clearSession();
  const cnn = keras.Sequential([
    layers.Input({ shape: [28, 28, 1] }),
    layers.Conv2D(32, 3, { activation: "relu" }),
    layers.MaxPooling2D(),
    layers.Conv2D(8, 3, { padding: "same", strides: 2 }),
    layers.BatchNormalization(),
    layers.AveragePooling2D({ poolSize: 2 }),
    layers.GlobalAveragePooling2D(),
    layers.Reshape([4, 2]),
    layers.LayerNormalization(),
    layers.Activation("tanh"),
    layers.Flatten(),
    layers.Dense(3, { activation: "softmax" }),
  ]);
  let s = "";
  cnn.summary((t) => (s = t));
  assert.match(s, / conv2d \(Conv2D\) +\(None, 26, 26, 32\) +320 /);
  assert.match(s, / max_pooling2d \(MaxPooling2D {2}\(None, 13, 13, 32\) +0 /);
  assert.match(s, / conv2d_1 \(Conv2D\) +\(None, 7, 7, 8\) +2312 /);
  // names longer than the column are cut as Keras cuts them
  assert.match(s, / batch_normalization \(BatchN {2}\(None, 7, 7, 8\) +32 /);
  assert.match(s, / average_pooling2d \(AverageP {2}\(None, 3, 3, 8\) +0 /);
  assert.match(s, /\(None, 8\) /);
  assert.match(s, / reshape \(Reshape\) +\(None, 4, 2\) +0 /);
  assert.match(s, / layer_normalization \(LayerN {2}\(None, 4, 2\) +4 /);
  assert.match(s, /Non-trainable params: 16\n/);
  const out = cnn.predict(torch.rand(5, 28, 28, 1), { verbose: 0 });
  assert.deepEqual(out.shape, [5, 3]);
  assert.ok((out.sum(1).sub(1).abs().max().item() as number) < 1e-5);

  const rnn = keras.Sequential([
    layers.Embedding(50, 8, { inputShape: [6] }),
    layers.LSTM(16, { returnSequences: true }),
    layers.GRU(4),
    layers.Dense(1),
  ]);
  let r = "";
  rnn.summary((t) => (r = t));
  assert.match(r, / embedding \(Embedding\) +\(None, 6, 8\) +400 /);
  assert.match(r, / lstm \(LSTM\) +\(None, 6, 16\) +1664 /); // Keras: 1600 (one bias per gate; PyTorch has two)
  assert.match(r, / gru \(GRU\) +\(None, 4\) +264 /); // = Keras' GRU with reset_after=True
  assert.deepEqual(rnn.predict(torch.randint(0, 50, [3, 6]), { verbose: 0 }).shape, [3, 1]);
});

test("Keras initialisers: glorot-uniform kernels, zero biases, LSTM forget bias 1", () => {
  torch.manualSeed(0);
  const d = layers.Dense(64);
  d.call(torch.zeros(1, 256));
  const limit = Math.sqrt(6 / (256 + 64));
  const w = d.linear!.weight;
  assert.ok((w.abs().max().item() as number) <= limit);
  assert.ok((w.abs().max().item() as number) > 0.9 * limit);
  assert.equal(d.linear!.bias!.abs().sum().item(), 0);
  const l = layers.LSTM(4);
  l.call(torch.zeros(1, 2, 3));
  const b = (l.lstm as unknown as Record<string, torch.Tensor>).bias_ih_l0!;
  assert.deepEqual(b.tolist(), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
});

test("fit learns, History has Keras' keys, evaluate and predict agree", async () => {
  const [x, y] = blobs();
  torch.manualSeed(0);
  const model = keras.Sequential([layers.Dense(16, { activation: "relu", inputShape: [2] }), layers.Dense(3)]);
  model.compile({
    optimizer: "adam",
    loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ["accuracy"],
  });
  const h = await model.fit(x, y, { epochs: 30, batchSize: 16, verbose: 0, validationData: [x, y] });
  assert.deepEqual(Object.keys(h.history).sort(), ["accuracy", "loss", "val_accuracy", "val_loss"]);
  assert.equal(h.history.loss!.length, 30);
  assert.ok(h.history.loss![29]! < h.history.loss![0]!);
  const [loss, acc] = model.evaluate(x, y, { verbose: 0 });
  assert.ok(acc! > 0.9, `accuracy ${acc}`);
  assert.ok(Math.abs(loss! - h.history.val_loss![29]!) < 1e-6);
  const probs = keras.Sequential([model, layers.Softmax()]).predict(x, { verbose: 0 });
  const manual = probs.argmax(1).eq(y.long()).float().mean().item() as number;
  assert.ok(Math.abs(manual - acc!) < 1e-9);
});

test("losses, optimizers and metrics by name", async () => {
  const [x, y] = blobs(60, 2);
  const onehot = torch.nn.functional.oneHot(y.long(), 3).float();
  for (const opt of ["sgd", "rmsprop", "adamw", new keras.optimizers.Adam({ learningRate: 0.01 })] as const) {
    const m = keras.Sequential([layers.Dense(3, { activation: "softmax", inputShape: [2] })]);
    m.compile({ optimizer: opt, loss: "categorical_crossentropy", metrics: ["accuracy", "mae"] });
    const h = await m.fit(x, onehot, { epochs: 2, verbose: 0 });
    assert.ok(Number.isFinite(h.history.loss![1]!));
    assert.ok("accuracy" in h.history && "mae" in h.history);
  }
  assert.equal(keras.optimizers.get("adam").learningRate, 0.001);
  assert.equal((keras.optimizers.get("adam") as InstanceType<typeof keras.optimizers.Adam>).opts.epsilon, undefined);
  const m = keras.Sequential([layers.Dense(1, { activation: "sigmoid", inputShape: [2] })]);
  m.compile({ optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy", "precision", "recall", "auc"] });
  const yb = y.eq(0).float();
  const res = m.evaluate(x, yb, { verbose: 0 });
  assert.equal(res.length, 5);
  const sgd = new torch.optim.SGD(m.parameters(), { lr: 0.5 });
  m.compile({ optimizer: sgd, loss: new losses.BinaryCrossentropy(), metrics: ["binary_accuracy"] });
  await m.fit(x, yb, { epochs: 20, verbose: 0 });
  assert.ok(m.evaluate(x, yb, { verbose: 0 })[1]! > 0.8);
  assert.throws(() => m.compile({ optimizer: "adamax", loss: "mse" }), /unknown optimizer "adamax"/);
  assert.throws(() => m.compile({ optimizer: "adam", loss: "hinge" }), /unknown loss "hinge"/);
  assert.throws(() => m.compile({ optimizer: "adam", loss: "mse", metrics: ["f1"] }), /unknown metric "f1"/);
});

test("learner errors: label out of range, wrong input shapes, not compiled", async () => {
  keras.backend.clearSession();
  const model = keras.Sequential([layers.Flatten({ inputShape: [28, 28] }), layers.Dense(5)]);
  model.compile({ optimizer: "adam", loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
  const x = torch.rand(4, 28, 28);
  await assert.rejects(
    model.fit(x, torch.tensor([1, 9, 2, 3]), { verbose: 0 }),
    /label 9 is out of range for a model output of 5 units: labels must be in \[0, 4\]; the last layer needs at least 10 units \(e\.g\. layers\.Dense\(10\)\)/,
  );
  // checked before the first step, even when the bad label is in the last batch
  const w0 = model.getWeights()[0]!.tolist();
  await assert.rejects(
    model.fit(torch.rand(40, 28, 28), torch.cat([torch.zeros(39), torch.tensor([7])]), { verbose: 0, batchSize: 8 }),
    /label 7 is out of range/,
  );
  assert.deepEqual(model.getWeights()[0]!.tolist(), w0);
  await assert.rejects(model.fit(torch.rand(4, 784), torch.tensor([1, 0, 2, 3]), { verbose: 0 }), (e: Error) => {
    assert.equal(
      e.message,
      '[keras] Input 0 of layer "flatten" (Flatten) is incompatible with the layer: got shape [4,784], expected shape [null,28,28]',
    );
    return true;
  });
  const m2 = keras.Sequential([layers.Dense(4), layers.Dense(2)]);
  m2.predict(torch.rand(3, 10), { verbose: 0 });
  assert.throws(
    () => m2.predict(torch.rand(3, 7), { verbose: 0 }),
    /layer "dense_1" \(Dense\) is incompatible with the layer: got shape \[3,7\], expected shape \[null,10\]/,
  );
  assert.throws(() => m2.evaluate(torch.rand(3, 10), torch.zeros(3)), /must be compiled first/);
  assert.throws(() => keras.Sequential([layers.Dense(2)]).summary(), /has not yet been built/);
  model.compile({ optimizer: "adam", loss: "mse" });
  assert.throws(() => model.evaluate(x, torch.zeros(5)), /same number of samples: got x \[4,28,28\] and y \[5\]/);
});

test("getWeights/setWeights round trip, add(), callable with new, classWeight, shuffle off", async () => {
  const [x, y] = blobs(32, 3);
  const m = new keras.Sequential();
  m.add(layers.Input({ shape: [2] }));
  m.add(new layers.Dense(3));
  assert.ok(m.layers[0] instanceof layers.Dense);
  m.compile({ optimizer: "sgd", loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
  const w0 = m.getWeights();
  const h = await m.fit(x, y, { epochs: 2, verbose: 0, shuffle: false, classWeight: { 0: 2, 2: 0.5 } });
  assert.ok(h.history.loss![1]! < h.history.loss![0]!);
  assert.notDeepEqual(m.getWeights()[0]!.tolist(), w0[0]!.tolist());
  m.setWeights(w0);
  assert.deepEqual(m.getWeights()[0]!.tolist(), w0[0]!.tolist());
});
