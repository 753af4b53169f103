/**
 * Bad input to the Keras front: every row calls the API wrongly (as plain JS would) and asserts
 * the error class and the `[op]` message. The last tests show the corrected calls take effect.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { bad, table } from "./table.js";

const { keras } = torch;
const { layers, losses, metrics, optimizers, callbacks } = keras;

function model(): torch.keras.SequentialModel {
  torch.manualSeed(0);
  const m = keras.Sequential([layers.Dense(3, { inputShape: [2] })]);
  m.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  return m;
}
const x = torch.randn([8, 2]);
const y = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1]);
const quiet = { verbose: 0 as const };

describe("keras.Sequential and keras.layers", () => {
  table([
    [
      "Sequential(object)",
      () => keras.Sequential(bad({})),
      TypeError,
      "[keras.Sequential] layers must be an array of layers: got an object",
    ],
    ["Sequential([5])", () => keras.Sequential(bad([5])), TypeError, "[keras.Sequential] add expects a layer: got 5"],
    [
      "Sequential input_shape",
      () => keras.Sequential([], bad({ input_shape: [2] })),
      TypeError,
      '[keras.Sequential] unknown option "input_shape": did you mean "inputShape"?',
    ],
    [
      "Dense activation typo",
      () => layers.Dense(10, { activation: "rellu" }),
      RangeError,
      /^\[keras\.layers\.Dense\] unknown activation "rellu": did you mean "relu"\? expected one of "linear", "relu"/,
    ],
    [
      "Dense activation positional",
      () => layers.Dense(10, bad("relu")),
      TypeError,
      '[keras.layers.Dense] expected an options object: got "relu"',
    ],
    [
      "Dense use_bias",
      () => layers.Dense(10, bad({ use_bias: false })),
      TypeError,
      '[keras.layers.Dense] unknown option "use_bias": did you mean "useBias"?',
    ],
    [
      "Dense input_shape",
      () => layers.Dense(10, bad({ input_shape: [4] })),
      TypeError,
      '[keras.layers.Dense] unknown option "input_shape": did you mean "inputShape"?',
    ],
    ["Dense(0)", () => layers.Dense(0), RangeError, "[keras.layers.Dense] units must be >= 1: got 0"],
    ["Dense(2.5)", () => layers.Dense(2.5), TypeError, "[keras.layers.Dense] units must be an integer: got 2.5"],
    [
      'Dense("10")',
      () => layers.Dense(bad("10")),
      TypeError,
      '[keras.layers.Dense] units must be an integer: got "10"',
    ],
    [
      "Dense extra positional",
      () => (layers.Dense as unknown as (...a: unknown[]) => unknown)(10, {}, {}),
      TypeError,
      "[keras.layers.Dense] takes at most 2 positional arguments: got 3 (keyword arguments go in a final options object)",
    ],
    [
      "Dense activation number",
      () => layers.Dense(10, { activation: bad(5) }),
      TypeError,
      '[keras.layers.Dense] activation must be a name such as "relu" or a function: got 5',
    ],
    [
      "Dense useBias string",
      () => layers.Dense(10, { useBias: bad("no") }),
      TypeError,
      '[keras.layers.Dense] useBias must be a boolean: got "no"',
    ],
    [
      "Flatten inputShape 0",
      () => layers.Flatten({ inputShape: [28, 0] }),
      RangeError,
      "[keras.layers.Flatten] inputShape[1] must be >= 1: got 0",
    ],
    [
      "Flatten inputShape number",
      () => layers.Flatten({ inputShape: bad(784) }),
      TypeError,
      "[keras.layers.Flatten] inputShape must be a non-empty array of positive integers: got 784",
    ],
    [
      "Flatten data_format",
      () => layers.Flatten(bad({ data_format: "channels_last" })),
      TypeError,
      '[keras.layers.Flatten] unknown option "data_format": expected one of "inputShape", "name"',
    ],
    [
      "Flatten name number",
      () => layers.Flatten({ name: bad(5) }),
      TypeError,
      "[keras.layers.Flatten] name must be a string: got 5",
    ],
    ["Dropout(1)", () => layers.Dropout(1), RangeError, "[keras.layers.Dropout] rate must be in [0, 1): got 1"],
    [
      "Dropout seed",
      () => layers.Dropout(0.2, bad({ seed: 1 })),
      TypeError,
      '[keras.layers.Dropout] unknown option "seed": expected one of "inputShape", "name"',
    ],
    [
      'Dropout("0.2")',
      () => layers.Dropout(bad("0.2")),
      TypeError,
      '[keras.layers.Dropout] rate must be a number: got "0.2"',
    ],
    [
      "Conv2D padding",
      () => layers.Conv2D(32, 3, { padding: bad("full") }),
      RangeError,
      '[keras.layers.Conv2D] padding must be one of "valid", "same": got "full"',
    ],
    [
      "Conv2D kernel of 3",
      () => layers.Conv2D(32, [3, 3, 3]),
      TypeError,
      "[keras.layers.Conv2D] kernelSize must be an integer or an array of 2 integers: got an array of length 3",
    ],
    ["Conv2D kernel 0", () => layers.Conv2D(32, 0), RangeError, "[keras.layers.Conv2D] kernelSize must be >= 1: got 0"],
    [
      "Conv2D dilation_rate",
      () => layers.Conv2D(32, 3, bad({ dilation_rate: 2 })),
      TypeError,
      '[keras.layers.Conv2D] unknown option "dilation_rate": did you mean "dilationRate"?',
    ],
    ["Conv2D filters 0", () => layers.Conv2D(0, 3), RangeError, "[keras.layers.Conv2D] filters must be >= 1: got 0"],
    [
      "Conv2D strides [1, 0]",
      () => layers.Conv2D(8, 3, { strides: [1, 0] }),
      RangeError,
      "[keras.layers.Conv2D] strides[1] must be >= 1: got 0",
    ],
    [
      "MaxPooling2D pool_size",
      () => layers.MaxPooling2D(bad({ pool_size: 2 })),
      TypeError,
      '[keras.layers.MaxPooling2D] unknown option "pool_size": did you mean "poolSize"?',
    ],
    [
      "MaxPooling2D(2)",
      () => layers.MaxPooling2D(bad(2)),
      TypeError,
      "[keras.layers.MaxPooling2D] expected an options object: got 2",
    ],
    [
      "MaxPooling2D same",
      () => layers.MaxPooling2D({ padding: bad("same") }),
      RangeError,
      '[keras.layers.MaxPooling2D] only padding "valid" is supported: got "same"',
    ],
    [
      "BatchNormalization momentum",
      () => layers.BatchNormalization({ momentum: 1.5 }),
      RangeError,
      "[keras.layers.BatchNormalization] momentum must be <= 1: got 1.5",
    ],
    [
      "BatchNormalization epsilon 0",
      () => layers.BatchNormalization({ epsilon: 0 }),
      RangeError,
      "[keras.layers.BatchNormalization] epsilon must be > 0: got 0",
    ],
    [
      "LayerNormalization axis",
      () => layers.LayerNormalization(bad({ axis: -1 })),
      TypeError,
      '[keras.layers.LayerNormalization] unknown option "axis": expected one of "epsilon", "inputShape", "name"',
    ],
    [
      "Softmax axis 1.5",
      () => layers.Softmax({ axis: 1.5 }),
      TypeError,
      "[keras.layers.Softmax] axis must be an integer: got 1.5",
    ],
    [
      "Activation()",
      () => (layers.Activation as unknown as () => unknown)(),
      TypeError,
      '[keras.layers.Activation] an activation is required: got undefined, expected e.g. "relu"',
    ],
    [
      "Activation typo",
      () => layers.Activation("softmaxx"),
      RangeError,
      /^\[keras\.layers\.Activation\] unknown activation "softmaxx": did you mean "softmax"\?/,
    ],
    [
      "Reshape two -1",
      () => layers.Reshape([28, -1, -1]),
      RangeError,
      "[keras.layers.Reshape] targetShape may hold at most one -1: got [28,-1,-1]",
    ],
    [
      "Reshape(784)",
      () => layers.Reshape(bad(784)),
      TypeError,
      "[keras.layers.Reshape] targetShape must be a non-empty array of integers: got 784",
    ],
    [
      "Input batch_size",
      () => layers.Input(bad({ shape: [28, 28], batch_size: 32 })),
      TypeError,
      '[keras.layers.Input] unknown option "batch_size": expected one of "name", "shape"',
    ],
    [
      "Input()",
      () => (layers.Input as unknown as () => unknown)(),
      TypeError,
      "[keras.layers.Input] a shape is required: got none, expected { shape: [28, 28] }",
    ],
    [
      "Embedding(0, 8)",
      () => layers.Embedding(0, 8),
      RangeError,
      "[keras.layers.Embedding] inputDim must be >= 1: got 0",
    ],
    [
      "LSTM return_sequences",
      () => layers.LSTM(32, bad({ return_sequences: true })),
      TypeError,
      '[keras.layers.LSTM] unknown option "return_sequences": did you mean "returnSequences"?',
    ],
    [
      "GRU returnSequences 1",
      () => layers.GRU(32, { returnSequences: bad(1) }),
      TypeError,
      "[keras.layers.GRU] returnSequences must be a boolean: got 1",
    ],
    ["LSTM(-1)", () => layers.LSTM(-1), RangeError, "[keras.layers.LSTM] units must be >= 1: got -1"],
  ]);
});

describe("compile / fit / evaluate / predict", () => {
  const m = model();
  const raw = keras.Sequential([layers.Dense(3, { inputShape: [2] })]);
  table([
    [
      "compile optimizer typo",
      () => raw.compile({ optimizer: "adma", loss: "mse" }),
      RangeError,
      '[keras.Sequential.compile] unknown optimizer "adma": did you mean "adam"? expected one of "adam", "sgd", "rmsprop", "adamw"',
    ],
    [
      "compile loss typo",
      () => raw.compile({ loss: "sparse_categorical_crossentropyy" }),
      RangeError,
      /^\[keras\.Sequential\.compile\] unknown loss "sparse_categorical_crossentropyy": did you mean "sparse_categorical_crossentropy"\?/,
    ],
    [
      "compile metric typo",
      () => raw.compile({ loss: "mse", metrics: ["acuracy"] }),
      RangeError,
      /^\[keras\.Sequential\.compile\] unknown metric "acuracy": did you mean "accuracy"\?/,
    ],
    [
      "compile metrics string",
      () => raw.compile({ loss: "mse", metrics: bad("accuracy") }),
      TypeError,
      '[keras.Sequential.compile] metrics must be an array such as ["accuracy"]: got "accuracy"',
    ],
    [
      "compile run_eagerly",
      () => raw.compile(bad({ loss: "mse", run_eagerly: true })),
      TypeError,
      /^\[keras\.Sequential\.compile\] unknown option "run_eagerly"/,
    ],
    [
      "compile without loss",
      () => raw.compile(bad({ optimizer: "adam" })),
      TypeError,
      "[keras.Sequential.compile] a loss is required: got none, expected e.g. { loss: 'mse' }",
    ],
    [
      "compile loss number",
      () => raw.compile({ loss: bad(5) }),
      TypeError,
      '[keras.Sequential.compile] loss must be a name such as "mse", a keras.losses object or a function: got 5',
    ],
    [
      "compile optimizer object",
      () => raw.compile({ loss: "mse", optimizer: bad({}) }),
      TypeError,
      /^\[keras\.Sequential\.compile\] optimizer must be a name .*: got an object$/,
    ],
    [
      "compile two arguments",
      () => (raw.compile as (...a: unknown[]) => void)({ loss: "mse" }, {}),
      TypeError,
      "[keras.Sequential.compile] takes at most 1 positional argument: got 2 (keyword arguments go in a final options object)",
    ],
    [
      "compile metric number",
      () => raw.compile({ loss: "mse", metrics: [bad(5)] }),
      TypeError,
      '[keras.Sequential.compile] a metric must be a name such as "accuracy" or a keras.metrics object: got 5',
    ],
    [
      "fit validation_split + batch_size (issue)",
      () => m.fit(x, y, bad({ validation_split: 0.2, batch_size: 16 })),
      TypeError,
      '[fit] unknown option "validation_split": did you mean "validationSplit"?',
    ],
    [
      "fit batch_size",
      () => m.fit(x, y, bad({ batch_size: 16 })),
      TypeError,
      '[fit] unknown option "batch_size": did you mean "batchSize"?',
    ],
    ["fit epochs 0", () => m.fit(x, y, { epochs: 0 }), RangeError, "[fit] epochs must be >= 1: got 0"],
    ["fit epochs 2.5", () => m.fit(x, y, { epochs: 2.5 }), TypeError, "[fit] epochs must be an integer: got 2.5"],
    ["fit batchSize 0", () => m.fit(x, y, { batchSize: 0 }), RangeError, "[fit] batchSize must be >= 1: got 0"],
    [
      "fit validationSplit 1",
      () => m.fit(x, y, { validationSplit: 1 }),
      RangeError,
      "[fit] validationSplit must be in [0, 1): got 1",
    ],
    [
      "fit(x, y, 32, 10) Python-style",
      () => (m.fit as (...a: unknown[]) => unknown)(x, y, 32, 10),
      TypeError,
      "[fit] takes at most 3 positional arguments: got 4 (keyword arguments go in a final options object)",
    ],
    ["fit(x, y, 32)", () => m.fit(x, y, bad(32)), TypeError, "[fit] expected an options object: got 32"],
    ['fit("x", y)', () => m.fit(bad("x"), y), TypeError, '[fit] x must be a Tensor or an array: got "x"'],
    [
      "fit sample counts differ",
      () => m.fit(x, y.narrow(0, 0, 4), quiet),
      RangeError,
      "[fit] x and y must have the same number of samples: got x [8,2] and y [4]",
    ],
    ["fit verbose 3", () => m.fit(x, y, { verbose: bad(3) }), RangeError, "[fit] verbose must be 0, 1 or 2: got 3"],
    [
      "fit callbacks [{}]",
      () => m.fit(x, y, { callbacks: [bad({})] }),
      TypeError,
      "[fit] callbacks[0] must be a keras.callbacks.Callback: got an object",
    ],
    [
      "fit validationData [x]",
      () => m.fit(x, y, { validationData: bad([x]) }),
      TypeError,
      "[fit] validationData must be [xVal, yVal]: got an array of length 1",
    ],
    [
      "fit classWeight key",
      () => m.fit(x, y, { classWeight: bad({ a: 1 }) }),
      RangeError,
      '[fit] classWeight keys must be class indices (integers >= 0): got "a"',
    ],
    [
      "fit shuffle string",
      () => m.fit(x, y, { shuffle: bad("yes") }),
      TypeError,
      '[fit] shuffle must be a boolean: got "yes"',
    ],
    [
      "fit progress steam",
      () => m.fit(x, y, { progress: bad({ steam: {} }) }),
      TypeError,
      '[fit.progress] unknown option "steam": did you mean "stream"?',
    ],
    [
      "fit before compile",
      () => keras.Sequential([layers.Dense(2)]).fit(x, y, quiet),
      Error,
      /^\[keras\.Sequential\.fit\] the model must be compiled first/,
    ],
    [
      "evaluate batch_size",
      () => m.evaluate(x, y, bad({ batch_size: 4 })),
      TypeError,
      '[evaluate] unknown option "batch_size": did you mean "batchSize"?',
    ],
    [
      "evaluate batchSize -1",
      () => m.evaluate(x, y, { batchSize: -1 }),
      RangeError,
      "[evaluate] batchSize must be >= 1: got -1",
    ],
    [
      "evaluate x null",
      () => m.evaluate(bad(null), y),
      TypeError,
      "[evaluate] x must be a Tensor or an array: got null",
    ],
    [
      "predict verbose true",
      () => m.predict(x, { verbose: bad(true) }),
      RangeError,
      "[predict] verbose must be 0, 1 or 2: got true",
    ],
    [
      "predict steps",
      () => m.predict(x, bad({ steps: 1 })),
      TypeError,
      '[predict] unknown option "steps": expected one of "batchSize", "progress", "verbose"',
    ],
    ["predict(null)", () => m.predict(bad(null)), TypeError, "[predict] x must be a Tensor or an array: got null"],
    ["summary(5)", () => m.summary(bad(5)), TypeError, "[keras.Sequential.summary] print must be a function: got 5"],
    [
      "setWeights(tensor)",
      () => m.setWeights(bad(x)),
      TypeError,
      "[keras.Sequential.setWeights] weights must be an array of tensors: got a Tensor",
    ],
  ]);
});

describe("keras.optimizers, losses, metrics", () => {
  table([
    [
      "Adam learning_rate (issue)",
      () => new optimizers.Adam(bad({ learning_rate: 0.01 })),
      TypeError,
      '[keras.optimizers.Adam] unknown option "learning_rate": did you mean "learningRate"?',
    ],
    [
      "Adam beta_1",
      () => new optimizers.Adam(bad({ beta_1: 0.8 })),
      TypeError,
      '[keras.optimizers.Adam] unknown option "beta_1": did you mean "beta1"?',
    ],
    [
      "Adam learningRate 0",
      () => new optimizers.Adam({ learningRate: 0 }),
      RangeError,
      "[keras.optimizers.Adam] learningRate must be > 0: got 0",
    ],
    [
      "Adam beta1 1",
      () => new optimizers.Adam({ beta1: 1 }),
      RangeError,
      "[keras.optimizers.Adam] beta1 must be in [0, 1): got 1",
    ],
    [
      "SGD momentun",
      () => new optimizers.SGD(bad({ momentun: 0.9 })),
      TypeError,
      '[keras.optimizers.SGD] unknown option "momentun": did you mean "momentum"?',
    ],
    [
      "SGD nesterov without momentum",
      () => new optimizers.SGD({ nesterov: true }),
      RangeError,
      "[keras.optimizers.SGD] nesterov needs a momentum > 0: got momentum 0",
    ],
    [
      "RMSprop rho string",
      () => new optimizers.RMSprop({ rho: bad("0.9") }),
      TypeError,
      '[keras.optimizers.RMSprop] rho must be a number: got "0.9"',
    ],
    [
      "AdamW weight_decay",
      () => new optimizers.AdamW(bad({ weight_decay: 0.01 })),
      TypeError,
      '[keras.optimizers.AdamW] unknown option "weight_decay": did you mean "weightDecay"?',
    ],
    [
      'get("sgdd")',
      () => optimizers.get("sgdd"),
      RangeError,
      '[keras.optimizers.get] unknown optimizer "sgdd": did you mean "sgd"? expected one of "adam", "sgd", "rmsprop", "adamw"',
    ],
    [
      "learningRate = -1",
      () => (new optimizers.SGD().learningRate = -1),
      RangeError,
      "[keras.optimizers.SGD] learningRate must be >= 0: got -1",
    ],
    [
      "SparseCategoricalCrossentropy from_logits (issue)",
      () => new losses.SparseCategoricalCrossentropy(bad({ from_logits: true })),
      TypeError,
      '[keras.losses.SparseCategoricalCrossentropy] unknown option "from_logits": did you mean "fromLogits"?',
    ],
    [
      'SCCE fromLogits "true"',
      () => new losses.SparseCategoricalCrossentropy({ fromLogits: bad("true") }),
      TypeError,
      '[keras.losses.SparseCategoricalCrossentropy] fromLogits must be a boolean: got "true"',
    ],
    [
      "SCCE labelSmoothing",
      () => new losses.SparseCategoricalCrossentropy(bad({ labelSmoothing: 0.1 })),
      TypeError,
      '[keras.losses.SparseCategoricalCrossentropy] unknown option "labelSmoothing": expected one of "fromLogits"',
    ],
    [
      "CCE label_smoothing",
      () => new losses.CategoricalCrossentropy(bad({ label_smoothing: 0.1 })),
      TypeError,
      '[keras.losses.CategoricalCrossentropy] unknown option "label_smoothing": did you mean "labelSmoothing"?',
    ],
    [
      "CCE labelSmoothing 2",
      () => new losses.CategoricalCrossentropy({ labelSmoothing: 2 }),
      RangeError,
      "[keras.losses.CategoricalCrossentropy] labelSmoothing must be <= 1: got 2",
    ],
    [
      "BCE from_logit",
      () => new losses.BinaryCrossentropy(bad({ from_logit: true })),
      TypeError,
      '[keras.losses.BinaryCrossentropy] unknown option "from_logit": did you mean "fromLogits"?',
    ],
    [
      "MSE reduction",
      () => new losses.MeanSquaredError(bad({ reduction: "sum" })),
      TypeError,
      '[keras.losses.MeanSquaredError] unknown option "reduction": keras.losses.MeanSquaredError takes no options',
    ],
    [
      "Huber delta -1",
      () => new losses.Huber({ delta: -1 }),
      RangeError,
      "[keras.losses.Huber] delta must be > 0: got -1",
    ],
    [
      "losses.get typo",
      () => losses.get("mean_squared_eror"),
      RangeError,
      /^\[keras\.losses\.get\] unknown loss "mean_squared_eror": did you mean "mean_squared_error"\?/,
    ],
    [
      "loss.call(array)",
      () => new losses.MeanSquaredError().call(bad([1]), x),
      TypeError,
      "[keras.losses.MeanSquaredError] yTrue must be a Tensor: got an array of length 1",
    ],
    [
      "AUC num_thresholds",
      () => new metrics.AUC(bad({ num_thresholds: 100 })),
      TypeError,
      '[keras.metrics.AUC] unknown option "num_thresholds": did you mean "numThresholds"?',
    ],
    [
      "AUC numThresholds 1",
      () => new metrics.AUC({ numThresholds: 1 }),
      RangeError,
      "[keras.metrics.AUC] numThresholds must be >= 2: got 1",
    ],
    [
      "Precision thresholds",
      () => new metrics.Precision(bad({ thresholds: 0.3 })),
      TypeError,
      '[keras.metrics.Precision] unknown option "thresholds": did you mean "threshold"?',
    ],
    [
      "BinaryAccuracy(5)",
      () => new metrics.BinaryAccuracy(bad(5)),
      TypeError,
      "[keras.metrics.BinaryAccuracy] expected a name or an options object: got 5",
    ],
    [
      "Precision threshold twice",
      () => new metrics.Precision({ threshold: 0.3 }, 0.5),
      TypeError,
      "[keras.metrics.Precision] threshold given twice: positionally and in the options object",
    ],
    [
      "Recall threshold string",
      () => new metrics.Recall("recall", bad("0.5")),
      TypeError,
      '[keras.metrics.Recall] threshold must be a number: got "0.5"',
    ],
    [
      "updateState sampleWeight length",
      () => new metrics.BinaryAccuracy().updateState(torch.ones([4, 2]), torch.ones([4, 2]), torch.ones([3])),
      RangeError,
      "[keras.metrics.BinaryAccuracy.updateState] sampleWeight must hold one weight per sample: got 3 weights for 8 labels",
    ],
    [
      "updateState sampleWeight array",
      () => new metrics.SparseCategoricalAccuracy().updateState(torch.ones([2]), torch.ones([2, 3]), bad([1, 1])),
      TypeError,
      "[keras.metrics.SparseCategoricalAccuracy.updateState] sampleWeight must be a Tensor: got an array of length 2",
    ],
    [
      "updateState(array)",
      () => new metrics.SparseCategoricalAccuracy().updateState(bad([0, 1]), x),
      TypeError,
      "[keras.metrics.SparseCategoricalAccuracy.updateState] yTrue must be a Tensor: got an array of length 2",
    ],
  ]);
});

describe("keras.callbacks, Progbar, datasets", () => {
  table([
    [
      "EarlyStopping min_delta",
      () => new callbacks.EarlyStopping(bad({ min_delta: 0.01 })),
      TypeError,
      '[keras.callbacks.EarlyStopping] unknown option "min_delta": did you mean "minDelta"?',
    ],
    [
      "EarlyStopping patience -1",
      () => new callbacks.EarlyStopping({ patience: -1 }),
      RangeError,
      "[keras.callbacks.EarlyStopping] patience must be >= 0: got -1",
    ],
    [
      "EarlyStopping mode",
      () => new callbacks.EarlyStopping({ mode: bad("maximum") }),
      RangeError,
      '[keras.callbacks.EarlyStopping] mode must be one of "auto", "min", "max": got "maximum"',
    ],
    [
      "EarlyStopping restore_best_weights",
      () => new callbacks.EarlyStopping(bad({ restore_best_weights: true })),
      TypeError,
      '[keras.callbacks.EarlyStopping] unknown option "restore_best_weights": did you mean "restoreBestWeights"?',
    ],
    [
      "ReduceLROnPlateau factor 1",
      () => new callbacks.ReduceLROnPlateau({ factor: 1 }),
      RangeError,
      "[keras.callbacks.ReduceLROnPlateau] factor must be < 1: got 1",
    ],
    [
      "ReduceLROnPlateau min_lr",
      () => new callbacks.ReduceLROnPlateau(bad({ min_lr: 1e-5 })),
      TypeError,
      '[keras.callbacks.ReduceLROnPlateau] unknown option "min_lr": did you mean "minLr"?',
    ],
    [
      "ModelCheckpoint save_best_only",
      () => new callbacks.ModelCheckpoint("w.pt", bad({ save_best_only: true })),
      TypeError,
      '[keras.callbacks.ModelCheckpoint] unknown option "save_best_only": did you mean "saveBestOnly"?',
    ],
    [
      "ModelCheckpoint({ filepath })",
      () => new callbacks.ModelCheckpoint(bad({ filepath: "w.pt" })),
      TypeError,
      "[keras.callbacks.ModelCheckpoint] filepath must be a string: got an object",
    ],
    [
      "ModelCheckpoint bad format spec",
      () => new callbacks.ModelCheckpoint("w.{epoch:x}.pt"),
      RangeError,
      "[keras.callbacks.ModelCheckpoint] unsupported format spec in {epoch:x}: expected e.g. 02d or .2f",
    ],
    [
      "TensorBoard log_dir",
      () => new callbacks.TensorBoard(bad({ log_dir: "logs" })),
      TypeError,
      '[keras.callbacks.TensorBoard] unknown option "log_dir": did you mean "logDir"?',
    ],
    [
      "TensorBoard histogramFreq",
      () => new callbacks.TensorBoard(bad({ histogramFreq: 1 })),
      TypeError,
      '[keras.callbacks.TensorBoard] unknown option "histogramFreq": expected one of "logDir"',
    ],
    [
      "CSVLogger sep",
      () => new callbacks.CSVLogger("log.csv", bad({ sep: ";" })),
      TypeError,
      '[keras.callbacks.CSVLogger] unknown option "sep": expected one of "append", "separator"',
    ],
    [
      "LearningRateScheduler(0.1)",
      () => new callbacks.LearningRateScheduler(bad(0.1)),
      TypeError,
      "[keras.callbacks.LearningRateScheduler] schedule must be a function: got 0.1",
    ],
    [
      "LambdaCallback on_epoch_end",
      () => new callbacks.LambdaCallback(bad({ on_epoch_end: () => 0 })),
      TypeError,
      '[keras.callbacks.LambdaCallback] unknown option "on_epoch_end": did you mean "onEpochEnd"?',
    ],
    [
      "LambdaCallback onEpochEnd 5",
      () => new callbacks.LambdaCallback({ onEpochEnd: bad(5) }),
      TypeError,
      "[keras.callbacks.LambdaCallback] onEpochEnd must be a function: got 5",
    ],
    [
      "BackupAndRestore delete_checkpoint",
      () => new callbacks.BackupAndRestore("/tmp/b", bad({ delete_checkpoint: false })),
      TypeError,
      '[keras.callbacks.BackupAndRestore] unknown option "delete_checkpoint": did you mean "deleteCheckpoint"?',
    ],
    ["Progbar(0)", () => new keras.Progbar(0), RangeError, "[Progbar] target must be >= 1: got 0"],
    [
      "Progbar stateful_metrics",
      () => new keras.Progbar(10, bad({ stateful_metrics: [] })),
      TypeError,
      /^\[Progbar\] unknown option "stateful_metrics": expected one of "clock", "interval"/,
    ],
    [
      "loadData path",
      () => keras.datasets.fashionMnist.loadData(bad({ path: "/tmp" })),
      TypeError,
      '[keras.datasets.fashionMnist.loadData] unknown option "path": expected one of "root"',
    ],
    [
      "loadData root number",
      () => keras.datasets.mnist.loadData({ root: bad(5) }),
      TypeError,
      "[keras.datasets.mnist.loadData] root must be a string: got 5",
    ],
    [
      'loadData("/data")',
      () => keras.datasets.fashionMnist.loadData(bad("/data")),
      TypeError,
      '[keras.datasets.fashionMnist.loadData] expected an options object: got "/data"',
    ],
  ]);
});

describe("the corrected spellings take effect", () => {
  it("Adam({ learningRate: 0.01 }) trains at 0.01", () => {
    const m = keras.Sequential([layers.Dense(3, { inputShape: [2] })]);
    m.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: "mse" });
    assert.equal(m.optimizer!.learningRate, 0.01);
    assert.equal(m.optimizer!.torch!.paramGroups[0]!.lr, 0.01);
  });
  it("SparseCategoricalCrossentropy({ fromLogits: true }) is the softmax cross-entropy of the logits", () => {
    const logits = torch.tensor([
      [2, -1, 0.5],
      [0, 3, -2],
    ]);
    const labels = torch.tensor([0, 2]);
    const got = Number(new losses.SparseCategoricalCrossentropy({ fromLogits: true }).call(labels, logits).item());
    const want = Number(torch.nn.functional.crossEntropy(logits, labels).item());
    assert.ok(Math.abs(got - want) < 1e-6, `${got} vs ${want}`);
  });
  it("fit honours validationSplit and batchSize", async () => {
    const m = model();
    const steps: number[] = [];
    const cb = new callbacks.LambdaCallback({ onTrainBatchEnd: (b) => void steps.push(b) });
    const h = await m.fit(x, y, { validationSplit: 0.25, batchSize: 3, epochs: 1, verbose: 0, callbacks: [cb] });
    assert.deepEqual(steps, [0, 1]); // 6 training samples in batches of 3
    assert.ok(h.history.val_loss !== undefined && h.history.val_loss.length === 1);
  });
});
