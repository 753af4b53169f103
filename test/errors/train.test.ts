/**
 * Bad input to `Trainer` and the metrics: every row calls the API wrongly (as plain JS would) and
 * asserts the error class and the `[op]` message.
 */
import { describe } from "node:test";
import * as torch from "../../src/index.js";
import { bad, table } from "./table.js";

const { nn, optim, metrics, Trainer } = torch;

function trainer(): InstanceType<typeof Trainer> {
  const model = new nn.Linear(1, 1);
  const t = new Trainer(model, new nn.MSELoss(), new optim.SGD(model.parameters(), { lr: 0.1 }));
  const x = torch.ones([4, 1]);
  return t.setLoaders([[x, x]]);
}

describe("Trainer", () => {
  const t = trainer();
  const model = new nn.Linear(1, 1);
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  table([
    [
      "four arguments",
      () => new (Trainer as unknown as new (...a: unknown[]) => unknown)(model, new nn.MSELoss(), opt, {}),
      TypeError,
      "[Trainer] takes at most 3 positional arguments: got 4 (keyword arguments go in a final options object)",
    ],
    [
      "model not a module",
      () => new Trainer(bad({}), new nn.MSELoss(), opt),
      TypeError,
      "[Trainer] model must be an nn.Module: got an object",
    ],
    [
      "loss a string",
      () => new Trainer(model, bad("mse"), opt),
      TypeError,
      '[Trainer] lossFn must be a function or an nn loss module: got "mse"',
    ],
    [
      "optimizer missing",
      () => new Trainer(model, new nn.MSELoss(), bad(undefined)),
      TypeError,
      "[Trainer] optimizer must be a torch.optim optimizer: got undefined",
    ],
    [
      "train(1.5)",
      () => t.train(1.5, { progress: false }),
      RangeError,
      "[Trainer.train] nEpochs must be a non-negative integer: got 1.5",
    ],
    [
      'train("10")',
      () => t.train(bad("10")),
      TypeError,
      '[Trainer.train] nEpochs must be a non-negative integer: got "10"',
    ],
    [
      "train n_epochs option",
      () => t.train(1, bad({ n_epochs: 3 })),
      TypeError,
      '[Trainer.train] unknown option "n_epochs": expected one of "progress", "seed", "stream"',
    ],
    [
      "train progres",
      () => t.train(1, bad({ progres: false })),
      TypeError,
      '[Trainer.train] unknown option "progres": did you mean "progress"?',
    ],
    [
      "train seed 1.5",
      () => t.train(1, { seed: 1.5, progress: false }),
      TypeError,
      "[Trainer.train] seed must be an integer: got 1.5",
    ],
    [
      "train progress string",
      () => t.train(1, { progress: bad("no") }),
      TypeError,
      '[Trainer.train] progress must be a boolean: got "no"',
    ],
    [
      "train stream",
      () => t.train(1, { stream: bad({}) }),
      TypeError,
      "[Trainer.train] stream must have a write(s) method: got an object",
    ],
    [
      "train three arguments",
      () => (t.train as (...a: unknown[]) => unknown)(1, {}, {}),
      TypeError,
      "[Trainer.train] takes at most 2 positional arguments: got 3 (keyword arguments go in a final options object)",
    ],
    [
      "setLoaders(null)",
      () => t.setLoaders(bad(null)),
      TypeError,
      "[Trainer.setLoaders] trainLoader is required: got null",
    ],
    [
      "setLoaders(5)",
      () => t.setLoaders(bad(5)),
      TypeError,
      "[Trainer.setLoaders] trainLoader must be a DataLoader or an iterable of [x, y] batches: got 5",
    ],
    [
      "setLoaders three",
      () => (t.setLoaders as (...a: unknown[]) => unknown)([], [], []),
      TypeError,
      "[Trainer.setLoaders] takes at most 2 positional arguments: got 3 (keyword arguments go in a final options object)",
    ],
    ["setSeed(0.5)", () => t.setSeed(0.5), TypeError, "[Trainer.setSeed] seed must be an integer: got 0.5"],
    [
      "setTensorboard({})",
      () => t.setTensorboard(bad({})),
      TypeError,
      "[Trainer.setTensorboard] name must be a non-empty string: got an object",
    ],
    [
      "setLrScheduler()",
      () => (t.setLrScheduler as () => unknown)(),
      TypeError,
      "[Trainer.setLrScheduler] scheduler is required: got undefined (pass null to remove one)",
    ],
    [
      "setLrScheduler({})",
      () => t.setLrScheduler(bad({})),
      TypeError,
      "[Trainer.setLrScheduler] scheduler must have step(): got an object",
    ],
    [
      "trainStep(array)",
      () => t.trainStep(bad([1]), torch.ones([1, 1])),
      TypeError,
      "[Trainer.trainStep] x must be a Tensor: got an array of length 1",
    ],
    [
      "predict(string)",
      () => t.predict(bad("0.5")),
      TypeError,
      '[Trainer.predict] x must be a Tensor or a (nested) array of numbers: got "0.5"',
    ],
    [
      "saveCheckpoint(5)",
      () => t.saveCheckpoint(bad(5)),
      TypeError,
      "[Trainer.saveCheckpoint] path must be a non-empty string: got 5",
    ],
    [
      'loadCheckpoint("")',
      () => t.loadCheckpoint(""),
      TypeError,
      '[Trainer.loadCheckpoint] path must be a non-empty string: got ""',
    ],
    [
      "plotLosses two",
      () => (t.plotLosses as (...a: unknown[]) => unknown)({}, {}),
      TypeError,
      "[Trainer.plotLosses] takes at most 1 positional argument: got 2 (keyword arguments go in a final options object)",
    ],
    [
      "batch not [x, y]",
      () =>
        trainer()
          .setLoaders(bad([torch.ones([2, 1])]))
          .train(1, { progress: false }),
      TypeError,
      "[Trainer.train] each batch must be [x, y] tensors: got a Tensor",
    ],
  ]);
});

describe("metrics functions", () => {
  table([
    [
      "accuracy normalise",
      () => metrics.accuracy([0, 1], [0, 1], bad({ normalise: false })),
      TypeError,
      '[accuracy] unknown option "normalise": did you mean "normalize"?',
    ],
    [
      "accuracy normalize string",
      () => metrics.accuracy([0, 1], [0, 1], { normalize: bad("false") }),
      TypeError,
      '[accuracy] normalize must be a boolean: got "false"',
    ],
    [
      "accuracy sample_weight",
      () => metrics.accuracy([0, 1], [0, 1], bad({ sample_weight: [1, 2] })),
      TypeError,
      '[accuracy] unknown option "sample_weight": did you mean "sampleWeight"?',
    ],
    [
      "accuracy sampleWeight a number",
      () => metrics.accuracy([0, 1], [0, 1], { sampleWeight: bad(2) }),
      TypeError,
      "[accuracy] sampleWeight must be a tensor or an array: got number",
    ],
    [
      "accuracy sampleWeight too short",
      () => metrics.accuracy([0, 1, 1], [0, 1, 0], { sampleWeight: [1, 2] }),
      RangeError,
      "[accuracy] sampleWeight must hold one weight per sample: got 2 weights for 3 samples",
    ],
    [
      "accuracy sampleWeight NaN",
      () => metrics.accuracy([0, 1], [0, 1], { sampleWeight: [1, NaN] }),
      RangeError,
      "[accuracy] sampleWeight must hold finite numbers: got NaN",
    ],
    [
      "accuracy sampleWeight strings",
      () => metrics.accuracy([0, 1], [0, 1], { sampleWeight: bad(["a", "b"]) }),
      TypeError,
      '[accuracy] sampleWeight must hold finite numbers: got "a"',
    ],
    [
      "accuracy pos_label",
      () => metrics.accuracy([0, 1], [0.2, 0.8], bad({ threshold: 0.5, pos_label: 1 })),
      TypeError,
      '[accuracy] unknown option "pos_label": did you mean "posLabel"?',
    ],
    [
      "accuracy labels out of range for [n, k] scores",
      () =>
        metrics.accuracy(
          [0, 3],
          [
            [0.9, 0.1],
            [0.2, 0.8],
          ],
        ),
      RangeError,
      "[accuracy] yTrue holds label 3 but yPred has 2 class score columns: with [n, k] scores labels must be class indices in [0, 1]",
    ],
    [
      "accuracy string labels with scores",
      () =>
        metrics.accuracy(
          ["cat", "dog"],
          [
            [0.9, 0.1],
            [0.2, 0.8],
          ],
        ),
      RangeError,
      '[accuracy] yTrue holds label "cat" but yPred has 2 class score columns: with [n, k] scores labels must be class indices in [0, 1]',
    ],
    [
      "accuracy score rows vs labels",
      () =>
        metrics.accuracy(
          [0, 1, 1],
          [
            [0.9, 0.1],
            [0.2, 0.8],
          ],
        ),
      RangeError,
      "[accuracy] inconsistent numbers of samples: got 3 targets and 2 predictions",
    ],
    [
      "accuracy four arguments",
      () => (metrics.accuracy as (...a: unknown[]) => unknown)([0], [0], {}, {}),
      TypeError,
      "[accuracy] takes at most 3 positional arguments: got 4 (keyword arguments go in a final options object)",
    ],
    [
      "accuracy yTrue number",
      () => metrics.accuracy(bad(5), [0]),
      TypeError,
      "[accuracy] yTrue must be a tensor or an array: got number",
    ],
    [
      "confusionMatrix normalize",
      () => metrics.confusionMatrix([0, 1], [0, 1], { normalize: bad("rows") }),
      RangeError,
      '[confusionMatrix] normalize must be "true", "pred", "all" or null: got rows',
    ],
    [
      "confusionMatrix labels not array",
      () => metrics.confusionMatrix([0, 1], [0, 1], { labels: bad(2) }),
      TypeError,
      "[confusionMatrix] labels must be an array: got 2",
    ],
    [
      "confusionMatrix labels absent",
      () => metrics.confusionMatrix([0, 1], [0, 1], { labels: [5] }),
      RangeError,
      "[confusionMatrix] at least one of the given labels must occur in yTrue: got none",
    ],
    [
      "confusionMatrix sample_weight",
      () => metrics.confusionMatrix([0, 1], [0, 1], bad({ sample_weight: [1, 1] })),
      TypeError,
      /^\[confusionMatrix\] unknown option "sample_weight": expected one of "labels", "normalize", "posLabel", "threshold"$/,
    ],
    [
      "precision average typo",
      () => metrics.precision([0, 1, 2], [0, 1, 2], { average: bad("macr") }),
      RangeError,
      '[precision] average must be one of null, "binary", "micro", "macro", "weighted": got macr',
    ],
    [
      "precision zero_division",
      () => metrics.precision([0, 1], [0, 1], bad({ zero_division: 1 })),
      TypeError,
      '[precision] unknown option "zero_division": did you mean "zeroDivision"?',
    ],
    [
      "recall zeroDivision 2",
      () => metrics.recall([0, 1], [0, 1], { zeroDivision: bad(2) }),
      RangeError,
      '[recall] zeroDivision must be "warn", 0 or 1: got 2',
    ],
    [
      "recall multiclass binary",
      () => metrics.recall([0, 1, 2], [0, 1, 2]),
      RangeError,
      '[recall] target is multiclass but average is "binary": choose "micro", "macro", "weighted" or null',
    ],
    [
      "f1Score posLabel object",
      () => metrics.f1Score([0, 1], [0, 1], { posLabel: bad({}) }),
      TypeError,
      "[f1Score] posLabel must be a number or a string: got an object",
    ],
    [
      "f1Score beta option",
      () => metrics.f1Score([0, 1], [0, 1], bad({ beta: 2 })),
      TypeError,
      /^\[f1Score\] unknown option "beta": expected one of/,
    ],
    [
      "fbetaScore beta string",
      () => metrics.fbetaScore([0, 1], [0, 1], bad("2")),
      TypeError,
      '[fbetaScore] beta must be a number: got "2"',
    ],
    [
      "fbetaScore beta -1",
      () => metrics.fbetaScore([0, 1], [0, 1], -1),
      RangeError,
      "[fbetaScore] beta must be >= 0: got -1",
    ],
    [
      "truePositiveRate threshold string",
      () => metrics.truePositiveRate([0, 1], [0.1, 0.9], { threshold: bad("0.5") }),
      TypeError,
      '[truePositiveRate] threshold must be a number: got "0.5"',
    ],
    [
      "falsePositiveRate averge",
      () => metrics.falsePositiveRate([0, 1], [0, 1], bad({ averge: "macro" })),
      TypeError,
      '[falsePositiveRate] unknown option "averge": did you mean "average"?',
    ],
    [
      "rocCurve drop_intermediate",
      () => metrics.rocCurve([0, 1], [0.1, 0.9], bad({ drop_intermediate: false })),
      TypeError,
      '[rocCurve] unknown option "drop_intermediate": did you mean "dropIntermediate"?',
    ],
    [
      "rocCurve dropIntermediate string",
      () => metrics.rocCurve([0, 1], [0.1, 0.9], { dropIntermediate: bad("no") }),
      TypeError,
      '[rocCurve] dropIntermediate must be a boolean: got "no"',
    ],
    [
      "rocCurve multiclass",
      () => metrics.rocCurve([0, 1, 2], [0.1, 0.5, 0.9]),
      RangeError,
      "[rocCurve] yTrue is multiclass: expected two classes (or pass { posLabel } for one-vs-rest)",
    ],
    [
      "precisionRecallCurve lengths",
      () => metrics.precisionRecallCurve([0, 1, 1], [0.1, 0.9]),
      RangeError,
      "[precisionRecallCurve] inconsistent numbers of samples: got 3 targets and 2 predictions",
    ],
    [
      "precisionRecallCurve NaN score",
      () => metrics.precisionRecallCurve([0, 1], [0.1, NaN]),
      RangeError,
      "[precisionRecallCurve] yScore contains NaN: expected finite scores",
    ],
    [
      "auc one point",
      () => metrics.auc([0], [1]),
      RangeError,
      "[auc] at least 2 points are needed to compute the area under a curve: got 1",
    ],
    [
      "auc three arguments",
      () => (metrics.auc as (...a: unknown[]) => unknown)([0, 1], [0, 1], {}),
      TypeError,
      "[auc] takes at most 2 positional arguments: got 3 (keyword arguments go in a final options object)",
    ],
    [
      "rocAucScore multi_class",
      () => metrics.rocAucScore([0, 1], [0.1, 0.9], bad({ multi_class: "ovr" })),
      TypeError,
      '[rocAucScore] unknown option "multi_class": did you mean "multiClass"?',
    ],
    [
      "rocAucScore multiClass missing",
      () =>
        metrics.rocAucScore(
          [0, 1, 2],
          [
            [0.8, 0.1, 0.1],
            [0.1, 0.8, 0.1],
            [0.1, 0.1, 0.8],
          ],
        ),
      RangeError,
      '[rocAucScore] multiClass must be "ovr" or "ovo" for multiclass targets: got undefined',
    ],
    [
      "rocAucScore score columns",
      () =>
        metrics.rocAucScore(
          [0, 1, 2],
          [
            [0.5, 0.5],
            [0.5, 0.5],
            [0.5, 0.5],
          ],
          { multiClass: "ovr" },
        ),
      RangeError,
      "[rocAucScore] number of classes (3) differs from the number of score columns (2)",
    ],
    [
      "averagePrecision average binary",
      () => metrics.averagePrecision([0, 1], [0.1, 0.9], { average: bad("binary") }),
      RangeError,
      '[averagePrecision] average must be one of null, "micro", "macro", "weighted": got "binary"',
    ],
    [
      "averagePrecision posLabel absent",
      () => metrics.averagePrecision([0, 2], [0.1, 0.9]),
      RangeError,
      "[averagePrecision] posLabel=1 is not a valid label: expected one of [0,2]",
    ],
    [
      "classificationReport target_names",
      () => metrics.classificationReport([0, 1], [0, 1], bad({ target_names: ["a", "b"] })),
      TypeError,
      '[classificationReport] unknown option "target_names": did you mean "targetNames"?',
    ],
    [
      "classificationReport digits -1",
      () => metrics.classificationReport([0, 1], [0, 1], { digits: -1 }),
      RangeError,
      "[classificationReport] digits must be >= 0: got -1",
    ],
    [
      "classificationReport targetNames numbers",
      () => metrics.classificationReport([0, 1], [0, 1], { targetNames: bad([0, 1]) }),
      TypeError,
      "[classificationReport] targetNames must be an array of strings: got an array of length 2",
    ],
  ]);
});

describe("streaming metrics", () => {
  table([
    [
      "StreamingAccuracy average",
      () => new metrics.StreamingAccuracy(bad({ average: "macro" })),
      TypeError,
      '[StreamingAccuracy] unknown option "average": expected one of "posLabel", "threshold"',
    ],
    [
      "StreamingAccuracy update(null)",
      () => new metrics.StreamingAccuracy().update(bad(null), [0]),
      TypeError,
      "[StreamingAccuracy.update] preds must be a tensor or an array: got null",
    ],
    [
      "StreamingAccuracy update extra",
      () => (new metrics.StreamingAccuracy().update as (...a: unknown[]) => unknown)([0], [0], {}),
      TypeError,
      "[StreamingAccuracy.update] takes at most 2 positional arguments: got 3 (keyword arguments go in a final options object)",
    ],
    [
      "StreamingConfusionMatrix normalize",
      () => new metrics.StreamingConfusionMatrix({ normalize: bad("row") }),
      RangeError,
      '[StreamingConfusionMatrix] normalize must be "true", "pred", "all" or null: got "row"',
    ],
    [
      "StreamingPrecision zero_division",
      () => new metrics.StreamingPrecision(bad({ zero_division: 0 })),
      TypeError,
      '[StreamingPrecision] unknown option "zero_division": did you mean "zeroDivision"?',
    ],
    [
      "StreamingRecall two arguments",
      () => new (metrics.StreamingRecall as unknown as new (...a: unknown[]) => unknown)({}, 2),
      TypeError,
      "[StreamingRecall] takes at most 1 positional argument: got 2 (keyword arguments go in a final options object)",
    ],
    [
      "StreamingF1Score beta",
      () => new metrics.StreamingF1Score(bad({ beta: 2 })),
      TypeError,
      /^\[StreamingF1Score\] unknown option "beta"/,
    ],
    [
      "StreamingFbetaScore(-1)",
      () => new metrics.StreamingFbetaScore(-1),
      RangeError,
      "[StreamingFbetaScore] beta must be >= 0: got -1",
    ],
    [
      "StreamingFbetaScore options first",
      () => new metrics.StreamingFbetaScore(bad({ beta: 2 })),
      TypeError,
      "[StreamingFbetaScore] beta must be a number: got an object",
    ],
    [
      "StreamingFalsePositiveRate average",
      () => new metrics.StreamingFalsePositiveRate({ average: bad("mean") }),
      RangeError,
      /^\[StreamingFalsePositiveRate\] average must be one of null, "binary", "micro", "macro", "weighted": got "mean"$/,
    ],
    [
      "StreamingRocAuc multi_class",
      () => new metrics.StreamingRocAuc(bad({ multi_class: "ovr" })),
      TypeError,
      '[StreamingRocAuc] unknown option "multi_class": did you mean "multiClass"?',
    ],
    [
      "StreamingRocAuc update targets",
      () => new metrics.StreamingRocAuc().update([0.1], bad(3)),
      TypeError,
      "[StreamingRocAuc.update] targets must be a tensor or an array: got 3",
    ],
    [
      "StreamingAveragePrecision pos_label",
      () => new metrics.StreamingAveragePrecision(bad({ pos_label: 1 })),
      TypeError,
      '[StreamingAveragePrecision] unknown option "pos_label": did you mean "posLabel"?',
    ],
    [
      "StreamingConfusionMatrix labels out of range",
      () => new metrics.StreamingConfusionMatrix().update(torch.tensor([[0.9, 0.1]]), [4]),
      RangeError,
      "[StreamingConfusionMatrix] yTrue holds label 4 but yPred has 2 class score columns: with [n, k] scores labels must be class indices in [0, 1]",
    ],
  ]);
});
