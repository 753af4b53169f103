/**
 * Bad input to `StepByStep` (the book's class) and to the Keras additions of issue 19 (call's
 * training flag, model.save / keras.models.loadModel, mnist.loadDataAsync): every row calls the
 * API wrongly (as plain JS would) and asserts the error class and the `[op]` message.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe } from "node:test";
import * as torch from "../../src/index.js";
import { bad, table } from "./table.js";

const { nn, optim, StepByStep } = torch;
const { CheckpointError } = torch.io;

const dir = mkdtempSync(join(tmpdir(), "antorcha-sbs-errors-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const x = torch.ones([4, 1]);
function sbs(loaders = true): InstanceType<typeof StepByStep> {
  const model = new nn.Linear(1, 1);
  const s = new StepByStep(model, new nn.MSELoss(), new optim.SGD(model.parameters(), { lr: 0.1 }));
  return loaders ? s.setLoaders([[x, x]], [[x, x]]) : s;
}
const asyncLoader = {
  async *[Symbol.asyncIterator]() {
    yield [x, x];
  },
};
const Ctor = StepByStep as unknown as new (...a: unknown[]) => unknown;
const model = new nn.Linear(1, 1);
const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
const saved = (obj: unknown): string => {
  const p = join(dir, `f${Math.random().toString(36).slice(2)}.pt`);
  torch.save(obj, p);
  return p;
};
const CPU_ONLY = "(antorcha reaches GPUs through WebGPU; torch.cuda.isAvailable() is false)";

describe("StepByStep", () => {
  table([
    [
      "four constructor arguments",
      () => new Ctor(model, new nn.MSELoss(), opt, {}),
      TypeError,
      "[StepByStep] takes at most 3 positional arguments: got 4 (keyword arguments go in a final options object)",
    ],
    [
      "model not a Module",
      () => new StepByStep(bad({}), new nn.MSELoss(), opt),
      TypeError,
      "[StepByStep] model must be an nn.Module: got an object",
    ],
    [
      "loss by name",
      () => new StepByStep(model, bad("mse"), opt),
      TypeError,
      '[StepByStep] lossFn must be a function or an nn loss module: got "mse"',
    ],
    [
      "no optimizer",
      () => new StepByStep(model, new nn.MSELoss(), bad(undefined)),
      TypeError,
      "[StepByStep] optimizer must be a torch.optim optimizer: got undefined",
    ],
    [
      "to cuda",
      () => sbs().to("cuda"),
      RangeError,
      `[StepByStep.to] device "cuda" is not available: got "cuda", expected "cpu" or "webgpu" ${CPU_ONLY}`,
    ],
    [
      "to cuda:0",
      () => sbs().to("cuda:0"),
      RangeError,
      `[StepByStep.to] device "cuda" is not available: got "cuda:0", expected "cpu" or "webgpu" ${CPU_ONLY}`,
    ],
    [
      "to mps device object",
      () => sbs().to({ type: "mps" }),
      RangeError,
      /^\[StepByStep\.to\] device "mps" is not available: got an object/,
    ],
    [
      "to webgpu before init",
      () => sbs().to("webgpu"),
      TypeError,
      /^\[Module\.to\] the "webgpu" device is not initialised/,
    ],
    [
      "to webgpu:1",
      () => sbs().to("webgpu:1"),
      RangeError,
      /^\[StepByStep\.to\] device "webgpu" is not available: got "webgpu:1"/,
    ],
    [
      "to gpu",
      () => sbs().to("gpu"),
      RangeError,
      '[StepByStep.to] unknown device: got "gpu", expected "cpu" or "webgpu"',
    ],
    [
      "to cpu:1",
      () => sbs().to("cpu:1"),
      RangeError,
      '[StepByStep.to] unknown device: got "cpu:1", expected "cpu" or "webgpu"',
    ],
    [
      "to 0",
      () => sbs().to(0),
      TypeError,
      '[StepByStep.to] device must be a device string such as "cpu" or a torch.device: got 0',
    ],
    [
      "setLoaders(null)",
      () => sbs(false).setLoaders(bad(null)),
      TypeError,
      "[StepByStep.setLoaders] trainLoader is required: got null",
    ],
    [
      "setLoaders(5)",
      () => sbs(false).setLoaders(bad(5)),
      TypeError,
      "[StepByStep.setLoaders] trainLoader must be a DataLoader or an iterable of [x, y] batches: got 5",
    ],
    [
      "valLoader an object",
      () => sbs(false).setLoaders([[x, x]], bad({})),
      TypeError,
      "[StepByStep.setLoaders] valLoader must be a DataLoader or an iterable of [x, y] batches: got an object",
    ],
    [
      "setLoaders three",
      () => (sbs(false).setLoaders as (...a: unknown[]) => unknown)([], [], []),
      TypeError,
      "[StepByStep.setLoaders] takes at most 2 positional arguments: got 3 (keyword arguments go in a final options object)",
    ],
    [
      'setTensorboard("")',
      () => sbs().setTensorboard(""),
      TypeError,
      '[StepByStep.setTensorboard] name must be a non-empty string: got ""',
    ],
    [
      "setTensorboard folder 5",
      () => sbs().setTensorboard("run", bad(5)),
      TypeError,
      "[StepByStep.setTensorboard] folder must be a string: got 5",
    ],
    [
      "train(1.5)",
      () => sbs().train(1.5),
      RangeError,
      "[StepByStep.train] nEpochs must be a non-negative integer: got 1.5",
    ],
    [
      "train(-1)",
      () => sbs().train(-1),
      RangeError,
      "[StepByStep.train] nEpochs must be a non-negative integer: got -1",
    ],
    [
      'train("10")',
      () => sbs().train(bad("10")),
      TypeError,
      '[StepByStep.train] nEpochs must be a non-negative integer: got "10"',
    ],
    ["train seed 1.5", () => sbs().train(1, 1.5), TypeError, "[StepByStep.train] seed must be an integer: got 1.5"],
    [
      "train with Trainer-style options",
      () => sbs().train(1, bad({ seed: 1 })),
      TypeError,
      "[StepByStep.train] seed must be an integer: got an object",
    ],
    [
      "train three",
      () => (sbs().train as (...a: unknown[]) => unknown)(1, 42, {}),
      TypeError,
      "[StepByStep.train] takes at most 2 positional arguments: got 3 (keyword arguments go in a final options object)",
    ],
    [
      "train without loaders",
      () => sbs(false).train(1),
      RangeError,
      "[StepByStep.train] no training loader: call setLoaders(trainLoader, valLoader) first",
    ],
    [
      "train with an async loader",
      () => sbs(false).setLoaders(asyncLoader).train(1),
      TypeError,
      "[StepByStep.train] the loaders must be synchronous (a DataLoader without numWorkers or an iterable): got an asynchronous loader; use await trainAsync(nEpochs)",
    ],
    [
      "train batch not [x, y]",
      () =>
        sbs(false)
          .setLoaders(bad([x]))
          .train(1),
      TypeError,
      "[StepByStep.train] each batch must be [x, y] tensors: got a Tensor",
    ],
    [
      "train empty loader",
      () => sbs(false).setLoaders([]).train(1),
      RangeError,
      "[StepByStep.train] the training loader yielded no batches",
    ],
    [
      "empty validation loader",
      () =>
        sbs(false)
          .setLoaders([[x, x]], [])
          .train(1),
      RangeError,
      "[StepByStep.train] the validation loader yielded no batches",
    ],
    [
      "trainAsync(-1)",
      () => sbs().trainAsync(-1),
      RangeError,
      "[StepByStep.trainAsync] nEpochs must be a non-negative integer: got -1",
    ],
    [
      "trainAsync bad batch",
      () =>
        sbs(false)
          .setLoaders({
            async *[Symbol.asyncIterator]() {
              yield 5;
            },
          })
          .trainAsync(1),
      TypeError,
      "[StepByStep.train] each batch must be [x, y] tensors: got 5",
    ],
    [
      'setSeed("42")',
      () => sbs().setSeed(bad("42")),
      TypeError,
      '[StepByStep.setSeed] seed must be an integer: got "42"',
    ],
    [
      'predict("0.5")',
      () => sbs().predict(bad("0.5")),
      TypeError,
      '[StepByStep.predict] x must be a Tensor or a (nested) array of numbers: got "0.5"',
    ],
    [
      "predict(null)",
      () => sbs().predict(bad(null)),
      TypeError,
      "[StepByStep.predict] x must be a Tensor or a (nested) array of numbers: got null",
    ],
    [
      "predict wrong width",
      () => sbs().predict([[1, 2]]),
      RangeError,
      /^\[linear\] mat1 and mat2 shapes cannot be multiplied \(1x2 and 1x1\)/,
    ],
    [
      'saveCheckpoint("")',
      () => sbs().saveCheckpoint(""),
      TypeError,
      '[StepByStep.saveCheckpoint] filename must be a non-empty string: got ""',
    ],
    [
      "loadCheckpoint(5)",
      () => sbs().loadCheckpoint(bad(5)),
      TypeError,
      "[StepByStep.loadCheckpoint] filename must be a non-empty string: got 5",
    ],
    [
      "loadCheckpoint missing file",
      () => sbs().loadCheckpoint(join(dir, "nope.pth")),
      CheckpointError,
      /^\[checkpoint\] no checkpoint at ".*nope\.pth"$/,
    ],
    [
      "loadCheckpoint of a state dict",
      () => sbs().loadCheckpoint(saved(model.stateDict())),
      CheckpointError,
      /^\[checkpoint\] ".*" has no "epoch", "model_state_dict", "optimizer_state_dict", "loss", "val_loss" \(the book's keys: epoch, model_state_dict, optimizer_state_dict, loss, val_loss\)$/,
    ],
    [
      "loadCheckpoint loss not a list",
      () =>
        sbs().loadCheckpoint(
          saved({
            epoch: 1,
            model_state_dict: model.stateDict(),
            optimizer_state_dict: opt.stateDict(),
            loss: "x",
            val_loss: [],
          }),
        ),
      CheckpointError,
      '[checkpoint] loss must be a list: got "x"',
    ],
    [
      "loadCheckpoint epoch 1.5",
      () =>
        sbs().loadCheckpoint(
          saved({
            epoch: 1.5,
            model_state_dict: model.stateDict(),
            optimizer_state_dict: opt.stateDict(),
            loss: [],
            val_loss: [],
          }),
        ),
      CheckpointError,
      "[checkpoint] epoch must be a non-negative integer: got 1.5",
    ],
    [
      "plotLosses before train",
      () => sbs().plotLosses(),
      RangeError,
      "[StepByStep.plotLosses] no losses yet: call train(nEpochs) first",
    ],
    [
      "plotLosses two",
      () => (sbs().plotLosses as (...a: unknown[]) => unknown)({}, {}),
      TypeError,
      "[StepByStep.plotLosses] takes at most 1 positional argument: got 2 (keyword arguments go in a final options object)",
    ],
    [
      'miniBatch("yes")',
      () => sbs().miniBatch(bad("yes")),
      TypeError,
      '[StepByStep.miniBatch] validation must be a boolean: got "yes"',
    ],
    [
      "miniBatch async loader",
      () => sbs(false).setLoaders(asyncLoader).miniBatch(),
      TypeError,
      /^\[StepByStep\.miniBatch\] the loaders must be synchronous/,
    ],
    [
      "countParameters(1)",
      () => (sbs().countParameters as (...a: unknown[]) => unknown)(1),
      TypeError,
      "[StepByStep.countParameters] takes at most 0 positional arguments: got 1 (keyword arguments go in a final options object)",
    ],
    [
      "addGraph with an empty loader",
      () => {
        const s = sbs(false).setLoaders([]);
        s.setTensorboard("g", join(dir, "runs"));
        return s.addGraph();
      },
      RangeError,
      "[StepByStep.addGraph] the training loader yielded no [x, y] batch",
    ],
  ]);
});

const { keras } = torch;
const { layers } = keras;
function kmodel(...extra: unknown[]) {
  return keras.Sequential([layers.Dense(2, { inputShape: [3] }), ...(extra as never[])]);
}
function compiled(opts: Record<string, unknown>) {
  const m = kmodel();
  m.compile({ loss: "mse", ...opts } as never);
  return m;
}
const k = torch.zeros([2, 3]);

describe("Keras: call, save, loadModel, mnist.loadDataAsync", () => {
  table([
    [
      "call misspelled training",
      () => kmodel().call(k, bad({ trainig: true })),
      TypeError,
      '[keras.Sequential.call] unknown option "trainig": did you mean "training"?',
    ],
    [
      "call training 1",
      () => kmodel().call(k, bad({ training: 1 })),
      TypeError,
      "[keras.Sequential.call] training must be a boolean: got 1",
    ],
    [
      "layer call three arguments",
      () => (layers.Dense(2).call as (...a: unknown[]) => unknown)(k, {}, {}),
      TypeError,
      "[keras.layers.Dense.call] takes at most 2 positional arguments: got 3 (keyword arguments go in a final options object)",
    ],
    [
      "save(5)",
      () => kmodel().save(bad(5)),
      TypeError,
      "[keras.Sequential.save] path must be a non-empty string: got 5",
    ],
    [
      "save two arguments",
      () => (kmodel().save as (...a: unknown[]) => unknown)("a", {}),
      TypeError,
      "[keras.Sequential.save] takes at most 1 positional argument: got 2 (keyword arguments go in a final options object)",
    ],
    [
      "save a function activation",
      () =>
        keras
          .Sequential([layers.Dense(2, { inputShape: [3], activation: (t: torch.Tensor) => t, name: "fa" })])
          .save(join(dir, "a")),
      TypeError,
      '[keras.Sequential.save] layer 0 (fa) argument[1].activation cannot be saved: got a function, expected JSON data (use names such as activation: "relu")',
    ],
    [
      "save an nn module layer",
      () => kmodel(new nn.ReLU()).save(join(dir, "b")),
      TypeError,
      "[keras.Sequential.save] layer 1 cannot be saved: got a ReLU, expected a layer made by a keras.layers factory such as layers.Dense(10)",
    ],
    [
      "save a wrapped torch optimizer",
      () => {
        const m = kmodel();
        m.compile({ loss: "mse", optimizer: new optim.SGD(m.parameters(), { lr: 0.1 }) });
        m.save(join(dir, "c"));
      },
      TypeError,
      '[keras.Sequential.save] the optimizer cannot be saved: got a SGD, expected a name such as "adam" or a keras.optimizers object',
    ],
    [
      "save a function loss",
      () => compiled({ loss: (a: torch.Tensor, b: torch.Tensor) => a.sub(b).abs().mean() }).save(join(dir, "d")),
      TypeError,
      '[keras.Sequential.save] the loss cannot be saved: got a function, expected a name such as "mse" or a keras.losses object',
    ],
    [
      "save a metric object",
      () => compiled({ metrics: [new keras.metrics.Mean("m")] }).save(join(dir, "e")),
      TypeError,
      '[keras.Sequential.save] metrics[0] cannot be saved: got a Mean, expected a metric name such as "accuracy"',
    ],
    [
      'loadModel("")',
      () => keras.models.loadModel(""),
      TypeError,
      '[keras.models.loadModel] path must be a non-empty string: got ""',
    ],
    [
      "loadModel of a state dict",
      () => keras.models.loadModel(saved(model.stateDict())),
      RangeError,
      /^\[keras\.models\.loadModel\] ".*" is not a model saved by model\.save: no "format": "antorcha\.keras" entry$/,
    ],
    [
      "loadModel two arguments",
      () => (keras.models.loadModel as (...a: unknown[]) => unknown)("a", {}),
      TypeError,
      "[keras.models.loadModel] takes at most 1 positional argument: got 2 (keyword arguments go in a final options object)",
    ],
    [
      "mnist.loadDataAsync misspelled download",
      () => keras.datasets.mnist.loadDataAsync(bad({ downlaod: true })),
      TypeError,
      '[keras.datasets.mnist.loadDataAsync] unknown option "downlaod": did you mean "download"?',
    ],
    [
      'fashionMnist.loadDataAsync download "yes"',
      () => keras.datasets.fashionMnist.loadDataAsync(bad({ download: "yes" })),
      TypeError,
      '[keras.datasets.fashionMnist.loadDataAsync] download must be a boolean: got "yes"',
    ],
  ]);
});
