/**
 * Bad-input table for `torch.optim`: optimizers (options, param groups, zeroGrad/step) and the lr
 * schedulers (options, positional arguments, step). Each row calls the API wrongly and checks the
 * error class and the `[op]` message (ISSUE-17: nothing is silently ignored).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { keras, optim } from "../../src/index.js";
import { exactTable } from "./table.js";

const S = optim.lrScheduler;

const param = (...v: number[]): torch.Tensor => torch.tensor(v, { requiresGrad: true });
const p = param(1, 2);
const q = param(3);
const sgd = (): optim.SGD => new optim.SGD([param(1, 2)], { lr: 0.1, momentum: 0.9 });
const adam = (): optim.Adam => new optim.Adam([param(1, 2)], { lr: 0.1 });
const f = (e: number): number => 0.9 ** e;
const any = (v: unknown): never => v as never;

describe("optimizers: options", () => {
  exactTable([
    // the issue's example
    [
      "SGD momentun",
      () => new optim.SGD([p], any({ lr: 0.1, momentun: 0.9 })),
      TypeError,
      '[SGD] unknown option "momentun": did you mean "momentum"?',
    ],
    [
      "SGD weight_decay",
      () => new optim.SGD([p], any({ lr: 0.1, weight_decay: 1e-4 })),
      TypeError,
      '[SGD] unknown option "weight_decay": did you mean "weightDecay"?',
    ],
    [
      "SGD positional lr",
      () => new optim.SGD([p], any(0.1)),
      TypeError,
      "[SGD] expected an options object as the second argument: got 0.1 (the learning rate goes in the options: new SGD(params, { lr: 0.1 }))",
    ],
    [
      "SGD third argument",
      () => new (optim.SGD as never as new (...a: unknown[]) => unknown)([p], { lr: 0.1 }, 0.9),
      TypeError,
      /^\[SGD\] takes at most 2 positional arguments: got 3/,
    ],
    [
      "SGD lr missing",
      () => new optim.SGD([p], any({ momentum: 0.9 })),
      RangeError,
      /^\[SGD\] parameter group didn't specify a value of required optimization parameter lr/,
    ],
    [
      "SGD lr -1",
      () => new optim.SGD([p], { lr: -1 }),
      RangeError,
      "[SGD] invalid learning rate: got -1, expected a number >= 0",
    ],
    ["SGD lr 'abc'", () => new optim.SGD([p], any({ lr: "abc" })), TypeError, '[SGD] lr must be a number: got "abc"'],
    ["SGD lr NaN", () => new optim.SGD([p], { lr: NaN }), TypeError, "[SGD] lr must be a number: got NaN"],
    [
      "SGD momentum -0.5",
      () => new optim.SGD([p], { lr: 0.1, momentum: -0.5 }),
      RangeError,
      "[SGD] invalid momentum value: got -0.5, expected a number >= 0",
    ],
    [
      "SGD momentum as a string",
      () => new optim.SGD([p], any({ lr: 0.1, momentum: "0.9" })),
      TypeError,
      '[SGD] momentum must be a number: got "0.9"',
    ],
    [
      "SGD nesterov 'yes'",
      () => new optim.SGD([p], any({ lr: 0.1, momentum: 0.9, nesterov: "yes" })),
      TypeError,
      '[SGD] nesterov must be a boolean: got "yes"',
    ],
    [
      "SGD nesterov without momentum",
      () => new optim.SGD([p], { lr: 0.1, nesterov: true }),
      RangeError,
      /^\[SGD\] Nesterov momentum requires a momentum and zero dampening: got momentum=0/,
    ],
    [
      "SGD weightDecay -1",
      () => new optim.SGD([p], { lr: 0.1, weightDecay: -1 }),
      RangeError,
      "[SGD] invalid weight_decay value: got -1, expected a number >= 0",
    ],
    [
      "Adam learning_rate (Keras name)",
      () => new optim.Adam([p], any({ learning_rate: 0.01 })),
      TypeError,
      '[Adam] unknown option "learning_rate": did you mean "lr"?',
    ],
    [
      "Adam epsilon (Keras name)",
      () => new optim.Adam([p], any({ epsilon: 1e-7 })),
      TypeError,
      '[Adam] unknown option "epsilon": did you mean "eps"?',
    ],
    [
      "Adam options null",
      () => new optim.Adam([p], any(null)),
      TypeError,
      "[Adam] expected an options object as the second argument: got null (call it as new Adam(params, { lr: 0.01 }))",
    ],
    [
      "Adam betas a number",
      () => new optim.Adam([p], any({ betas: 0.9 })),
      TypeError,
      "[Adam] invalid betas: got 0.9, expected [beta1, beta2]",
    ],
    [
      "Adam betas with a string",
      () => new optim.Adam([p], any({ betas: [0.9, "0.99"] })),
      TypeError,
      '[Adam] betas[1] must be a number: got "0.99"',
    ],
    [
      "Adam beta 1.0",
      () => new optim.Adam([p], { betas: [0.9, 1] }),
      RangeError,
      "[Adam] invalid beta parameter at index 1: got 1, expected a value in [0, 1)",
    ],
    [
      "Adam eps -1",
      () => new optim.Adam([p], { eps: -1 }),
      RangeError,
      "[Adam] invalid epsilon value: got -1, expected a number >= 0",
    ],
    [
      "Adam amsgrad 1",
      () => new optim.Adam([p], any({ amsgrad: 1 })),
      TypeError,
      "[Adam] amsgrad must be a boolean: got 1",
    ],
    [
      "AdamW weight_decay",
      () => new optim.AdamW([p], any({ weight_decay: 0.01 })),
      TypeError,
      '[AdamW] unknown option "weight_decay": did you mean "weightDecay"?',
    ],
    [
      "AdamW lr as a string",
      () => new optim.AdamW([p], any({ lr: "1e-3" })),
      TypeError,
      '[AdamW] lr must be a number: got "1e-3"',
    ],
    [
      "RMSprop centred",
      () => new optim.RMSprop([p], any({ centred: true })),
      TypeError,
      '[RMSprop] unknown option "centred": did you mean "centered"?',
    ],
    [
      "RMSprop alpha -1",
      () => new optim.RMSprop([p], { alpha: -1 }),
      RangeError,
      "[RMSprop] invalid alpha value: got -1, expected a number >= 0",
    ],
    [
      "RMSprop rho (Keras name)",
      () => new optim.RMSprop([p], any({ rho: 0.9 })),
      TypeError,
      /^\[RMSprop\] unknown option "rho": expected one of "lr", "eps", "weightDecay", "alpha"/,
    ],
    [
      "Adagrad lr_decay",
      () => new optim.Adagrad([p], any({ lr_decay: 0.1 })),
      TypeError,
      '[Adagrad] unknown option "lr_decay": did you mean "lrDecay"?',
    ],
    [
      "Adagrad initial_accumulator_value",
      () => new optim.Adagrad([p], any({ initial_accumulator_value: 0.1 })),
      TypeError,
      '[Adagrad] unknown option "initial_accumulator_value": did you mean "initialAccumulatorValue"?',
    ],
    [
      "Adadelta rho 1.5",
      () => new optim.Adadelta([p], { rho: 1.5 }),
      RangeError,
      "[Adadelta] invalid rho value: got 1.5, expected a value in [0, 1]",
    ],
    [
      "Adadelta rho as a string",
      () => new optim.Adadelta([p], any({ rho: "0.9" })),
      TypeError,
      '[Adadelta] rho must be a number: got "0.9"',
    ],
    [
      "Adamax one beta",
      () => new optim.Adamax([p], any({ betas: [0.9] })),
      TypeError,
      "[Adamax] invalid betas: got an array of length 1, expected [beta1, beta2]",
    ],
    [
      "NAdam momentum_decay",
      () => new optim.NAdam([p], any({ momentum_decay: 0.004 })),
      TypeError,
      '[NAdam] unknown option "momentum_decay": did you mean "momentumDecay"?',
    ],
    [
      "NAdam maximize (not an NAdam option in 1.13)",
      () => new optim.NAdam([p], any({ maximize: true })),
      TypeError,
      '[NAdam] unknown option "maximize": expected one of "lr", "eps", "weightDecay", "betas", "momentumDecay"',
    ],
    [
      "RAdam eps as a string",
      () => new optim.RAdam([p], any({ eps: "1e-8" })),
      TypeError,
      '[RAdam] eps must be a number: got "1e-8"',
    ],
    [
      "LBFGS max_iter",
      () => new optim.LBFGS([p], any({ max_iter: 5 })),
      TypeError,
      '[LBFGS] unknown option "max_iter": did you mean "maxIter"?',
    ],
    [
      "LBFGS tolerance_grad",
      () => new optim.LBFGS([p], any({ tolerance_grad: 1e-5 })),
      TypeError,
      '[LBFGS] unknown option "tolerance_grad": did you mean "toleranceGrad"?',
    ],
    ["LBFGS maxIter 0", () => new optim.LBFGS([p], { maxIter: 0 }), RangeError, "[LBFGS] maxIter must be >= 1: got 0"],
    [
      "LBFGS historySize 2.5",
      () => new optim.LBFGS([p], { historySize: 2.5 }),
      TypeError,
      "[LBFGS] historySize must be an integer: got 2.5",
    ],
    [
      "LBFGS lineSearchFn armijo",
      () => new optim.LBFGS([p], any({ lineSearchFn: "armijo" })),
      RangeError,
      '[LBFGS] unknown lineSearchFn: got "armijo", expected "strong_wolfe" or null',
    ],
  ]);
});

describe("optimizers: params and param groups", () => {
  exactTable([
    [
      "params a Tensor",
      () => new optim.Adam(any(p)),
      TypeError,
      /^\[Adam\] params must be an iterable of Tensors or param groups: got a Tensor/,
    ],
    [
      "params null",
      () => new optim.Adam(any(null)),
      TypeError,
      "[Adam] params must be an iterable of Tensors or param groups: got null",
    ],
    [
      "group key typo",
      () => new optim.SGD(any([{ params: [p], momentun: 0.9 }]), { lr: 0.1 }),
      TypeError,
      '[SGD] unknown option "momentun" in paramGroups[0]: did you mean "momentum"?',
    ],
    [
      "second group lr 'abc'",
      () => new optim.SGD(any([{ params: [p] }, { params: [q], lr: "abc" }]), { lr: 0.1 }),
      TypeError,
      '[SGD] paramGroups[1].lr must be a number: got "abc"',
    ],
    [
      "group lr -0.1",
      () => new optim.SGD([{ params: [p], lr: -0.1 }], { lr: 0.1 }),
      RangeError,
      "[SGD] invalid learning rate in paramGroups[0]: got -0.1, expected a number >= 0",
    ],
    [
      "group betas out of range",
      () => new optim.Adam([{ params: [p], betas: [0.9, 1.5] }]),
      RangeError,
      "[Adam] invalid beta parameter at index 1 in paramGroups[0]: got 1.5, expected a value in [0, 1)",
    ],
    [
      "addParamGroup weight_decay",
      () => adam().addParamGroup(any({ params: [q], weight_decay: 0.1 })),
      TypeError,
      '[Adam] unknown option "weight_decay" in paramGroups[1]: did you mean "weightDecay"?',
    ],
    [
      "addParamGroup params a number",
      () => adam().addParamGroup(any({ params: 3 })),
      TypeError,
      "[Adam] paramGroups[1].params must be a Tensor or an iterable of Tensors: got 3",
    ],
    [
      "addParamGroup without params",
      () => adam().addParamGroup(any({ lr: 0.1 })),
      TypeError,
      /^\[Adam\] param group must be an object with params/,
    ],
    [
      "addParamGroup a Keras-style unknown key",
      () => adam().addParamGroup(any({ params: [q], learningRate: 0.1 })),
      TypeError,
      '[Adam] unknown option "learningRate" in paramGroups[1]: did you mean "lr"?',
    ],
    [
      "zeroGrad set_to_none",
      () => sgd().zeroGrad(any({ set_to_none: false })),
      TypeError,
      '[SGD.zeroGrad] unknown option "set_to_none": did you mean "setToNone"?',
    ],
    [
      "zeroGrad setToNone 0",
      () => sgd().zeroGrad(any({ setToNone: 0 })),
      TypeError,
      "[SGD.zeroGrad] setToNone must be a boolean: got 0",
    ],
    ["step(5)", () => sgd().step(any(5)), TypeError, "[SGD.step] closure must be a function: got 5"],
    [
      "LBFGS step without a closure",
      () => new optim.LBFGS([p]).step(),
      TypeError,
      /^\[LBFGS\] step requires a closure/,
    ],
  ]);
});

describe("lr schedulers", () => {
  exactTable([
    // the issue's examples
    [
      "StepLR gama",
      () => new S.StepLR(sgd(), 3, any({ gama: 0.5 })),
      TypeError,
      '[StepLR] unknown option "gama": did you mean "gamma"?',
    ],
    [
      "StepLR stepSize in an object",
      () => new S.StepLR(sgd(), any({ stepSize: 3 })),
      TypeError,
      "[StepLR] stepSize must be an integer: got an object (call it as new StepLR(optimizer, stepSize, { gamma, lastEpoch }))",
    ],
    ["StepLR 0", () => new S.StepLR(sgd(), 0), RangeError, "[StepLR] stepSize must be a positive integer: got 0"],
    [
      "ExponentialLR gamma in an object",
      () => new S.ExponentialLR(sgd(), any({ gamma: 0.9 })),
      TypeError,
      "[ExponentialLR] gamma must be a number: got an object (call it as new ExponentialLR(optimizer, gamma, { lastEpoch }))",
    ],
    [
      "CosineAnnealingLR 0",
      () => new S.CosineAnnealingLR(sgd(), 0),
      RangeError,
      "[CosineAnnealingLR] tMax must be a positive integer: got 0",
    ],
    // the rest
    ["StepLR -2", () => new S.StepLR(sgd(), -2), RangeError, "[StepLR] stepSize must be a positive integer: got -2"],
    [
      "StepLR 2.5",
      () => new S.StepLR(sgd(), 2.5),
      TypeError,
      /^\[StepLR\] stepSize must be an integer: got 2.5 \(call it as/,
    ],
    [
      "StepLR gamma positional",
      () => new S.StepLR(sgd(), 3, any(0.5)),
      TypeError,
      "[StepLR] expected an options object as argument 3: got 0.5 (call it as new StepLR(optimizer, stepSize, { gamma, lastEpoch }))",
    ],
    [
      "StepLR four arguments",
      () => new (S.StepLR as never as new (...a: unknown[]) => unknown)(sgd(), 3, {}, 4),
      TypeError,
      /^\[StepLR\] takes at most 3 positional arguments: got 4/,
    ],
    [
      "StepLR gamma 'half'",
      () => new S.StepLR(sgd(), 3, any({ gamma: "half" })),
      TypeError,
      '[StepLR] gamma must be a number: got "half"',
    ],
    ["StepLR gamma -1", () => new S.StepLR(sgd(), 3, { gamma: -1 }), RangeError, "[StepLR] gamma must be >= 0: got -1"],
    [
      "StepLR last_epoch",
      () => new S.StepLR(sgd(), 3, any({ last_epoch: -1 })),
      TypeError,
      '[StepLR] unknown option "last_epoch": did you mean "lastEpoch"?',
    ],
    [
      "StepLR lastEpoch -2",
      () => new S.StepLR(sgd(), 3, { lastEpoch: -2 }),
      RangeError,
      "[StepLR] lastEpoch must be >= -1: got -2",
    ],
    [
      "StepLR verbose (not supported)",
      () => new S.StepLR(sgd(), 3, any({ verbose: true })),
      TypeError,
      '[StepLR] unknown option "verbose": expected one of "gamma", "lastEpoch"',
    ],
    [
      "StepLR on a plain object",
      () => new S.StepLR(any({}), 3),
      TypeError,
      "[StepLR] expected an Optimizer: got Object, expected a torch.optim optimizer (new optim.SGD(...))",
    ],
    [
      "StepLR on a Keras optimizer",
      () => new S.StepLR(any(new keras.optimizers.Adam()), 3),
      TypeError,
      "[StepLR] expected an Optimizer: got Adam (a keras optimizer: pass its .torch after compile)",
    ],
    [
      "step('3')",
      () => new S.StepLR(sgd(), 3).step(any("3")),
      TypeError,
      '[StepLR.step] epoch must be a number: got "3"',
    ],
    [
      "ExponentialLR without gamma",
      () => new S.ExponentialLR(sgd(), any(undefined)),
      TypeError,
      /^\[ExponentialLR\] gamma must be a number: got undefined/,
    ],
    [
      "ExponentialLR gamma -0.5",
      () => new S.ExponentialLR(sgd(), -0.5),
      RangeError,
      "[ExponentialLR] gamma must be >= 0: got -0.5",
    ],
    [
      "CosineAnnealingLR tMax in an object",
      () => new S.CosineAnnealingLR(sgd(), any({ tMax: 10 })),
      TypeError,
      "[CosineAnnealingLR] tMax must be an integer: got an object (call it as new CosineAnnealingLR(optimizer, tMax, { etaMin, lastEpoch }))",
    ],
    [
      "CosineAnnealingLR eta_min",
      () => new S.CosineAnnealingLR(sgd(), 10, any({ eta_min: 0 })),
      TypeError,
      '[CosineAnnealingLR] unknown option "eta_min": did you mean "etaMin"?',
    ],
    [
      "CosineAnnealingLR T_max",
      () => new S.CosineAnnealingLR(sgd(), 10, any({ T_max: 5 })),
      TypeError,
      '[CosineAnnealingLR] unknown option "T_max": expected one of "etaMin", "lastEpoch"',
    ],
    [
      "MultiStepLR a number",
      () => new S.MultiStepLR(sgd(), any(30)),
      TypeError,
      /^\[MultiStepLR\] milestones must be an array of epochs: got 30/,
    ],
    [
      "MultiStepLR fractional milestone",
      () => new S.MultiStepLR(sgd(), [10, 2.5]),
      TypeError,
      "[MultiStepLR] milestones[1] must be an integer: got 2.5",
    ],
    [
      "MultiStepLR gamme",
      () => new S.MultiStepLR(sgd(), [10], any({ gamme: 0.5 })),
      TypeError,
      '[MultiStepLR] unknown option "gamme": did you mean "gamma"?',
    ],
    [
      "LambdaLR a number",
      () => new S.LambdaLR(sgd(), any(0.95)),
      TypeError,
      /^\[LambdaLR\] lrLambda must be a function or one function per param group: got 0.95/,
    ],
    [
      "LambdaLR a non-function in the list",
      () => new S.LambdaLR(sgd(), any([1])),
      TypeError,
      "[LambdaLR] lrLambda[0] must be a function: got 1",
    ],
    [
      "LambdaLR too many lambdas",
      () => new S.LambdaLR(sgd(), [f, f]),
      RangeError,
      "[LambdaLR] expected 1 lr_lambdas: got 2",
    ],
    [
      "MultiplicativeLR no lambda",
      () => new S.MultiplicativeLR(sgd(), any(undefined)),
      TypeError,
      /^\[MultiplicativeLR\] lrLambda must be a function/,
    ],
    [
      "ConstantLR factor positional",
      () => new S.ConstantLR(sgd(), any(0.5)),
      TypeError,
      "[ConstantLR] expected an options object as argument 2: got 0.5 (call it as new ConstantLR(optimizer, { factor, totalIters, lastEpoch }))",
    ],
    [
      "ConstantLR total_iters",
      () => new S.ConstantLR(sgd(), any({ total_iters: 4 })),
      TypeError,
      '[ConstantLR] unknown option "total_iters": did you mean "totalIters"?',
    ],
    [
      "ConstantLR factor 2",
      () => new S.ConstantLR(sgd(), { factor: 2 }),
      RangeError,
      "[ConstantLR] constant multiplicative factor must be between 0 and 1: got 2",
    ],
    [
      "ConstantLR totalIters -1",
      () => new S.ConstantLR(sgd(), { totalIters: -1 }),
      RangeError,
      "[ConstantLR] totalIters must be >= 0: got -1",
    ],
    [
      "LinearLR startFactor 0 (a NaN lr at epoch 1)",
      () => new S.LinearLR(sgd(), { startFactor: 0 }),
      RangeError,
      "[LinearLR] starting multiplicative factor must be greater than 0 and at most 1: got 0",
    ],
    [
      "LinearLR start_factor",
      () => new S.LinearLR(sgd(), any({ start_factor: 0.1 })),
      TypeError,
      '[LinearLR] unknown option "start_factor": did you mean "startFactor"?',
    ],
    [
      "LinearLR totalIters 0",
      () => new S.LinearLR(sgd(), { totalIters: 0 }),
      RangeError,
      "[LinearLR] totalIters must be >= 1: got 0",
    ],
    [
      "LinearLR endFactor '1'",
      () => new S.LinearLR(sgd(), any({ endFactor: "1" })),
      TypeError,
      '[LinearLR] endFactor must be a number: got "1"',
    ],
    [
      "CosineAnnealingWarmRestarts t0 in an object",
      () => new S.CosineAnnealingWarmRestarts(sgd(), any({ t0: 10 })),
      TypeError,
      /^\[CosineAnnealingWarmRestarts\] t0 must be an integer: got an object \(call it as/,
    ],
    [
      "CosineAnnealingWarmRestarts T_mult",
      () => new S.CosineAnnealingWarmRestarts(sgd(), 10, any({ T_mult: 2 })),
      TypeError,
      '[CosineAnnealingWarmRestarts] unknown option "T_mult": did you mean "tMult"?',
    ],
    [
      "CosineAnnealingWarmRestarts t0 0",
      () => new S.CosineAnnealingWarmRestarts(sgd(), 0),
      RangeError,
      "[CosineAnnealingWarmRestarts] expected a positive integer T_0: got 0",
    ],
    [
      "CosineAnnealingWarmRestarts tMult 1.5",
      () => new S.CosineAnnealingWarmRestarts(sgd(), 2, { tMult: 1.5 }),
      RangeError,
      "[CosineAnnealingWarmRestarts] expected an integer T_mult >= 1: got 1.5",
    ],
    [
      "CyclicLR step_size_up",
      () => new S.CyclicLR(sgd(), 0.01, 0.1, any({ step_size_up: 10 })),
      TypeError,
      '[CyclicLR] unknown option "step_size_up": did you mean "stepSizeUp"?',
    ],
    [
      "CyclicLR stepSizeUp 0 (a zero-length cycle)",
      () => new S.CyclicLR(sgd(), 0.01, 0.1, { stepSizeUp: 0 }),
      RangeError,
      "[CyclicLR] stepSizeUp must be > 0: got 0",
    ],
    [
      "CyclicLR baseLr a string",
      () => new S.CyclicLR(sgd(), any("0.01"), 0.1),
      TypeError,
      '[CyclicLR] baseLr must be a number or one number per param group: got "0.01"',
    ],
    [
      "CyclicLR maxLr per group with a string",
      () => new S.CyclicLR(sgd(), 0.01, any(["0.1"])),
      TypeError,
      '[CyclicLR] maxLr[0] must be a number or one number per param group: got "0.1"',
    ],
    [
      "CyclicLR mode tri",
      () => new S.CyclicLR(sgd(), 0.01, 0.1, any({ mode: "tri" })),
      RangeError,
      /^\[CyclicLR\] mode is invalid and scaleFn is null: got "tri"/,
    ],
    [
      "CyclicLR scaleMode epoch",
      () => new S.CyclicLR(sgd(), 0.01, 0.1, any({ scaleFn: f, scaleMode: "epoch" })),
      RangeError,
      '[CyclicLR] scaleMode must be one of "cycle", "iterations": got "epoch"',
    ],
    [
      "CyclicLR scaleFn 3",
      () => new S.CyclicLR(sgd(), 0.01, 0.1, any({ scaleFn: 3 })),
      TypeError,
      "[CyclicLR] scaleFn must be a function: got 3",
    ],
    [
      "OneCycleLR total_steps",
      () => new S.OneCycleLR(sgd(), 0.1, any({ total_steps: 100 })),
      TypeError,
      '[OneCycleLR] unknown option "total_steps": did you mean "totalSteps"?',
    ],
    [
      "OneCycleLR totalSteps 0",
      () => new S.OneCycleLR(sgd(), 0.1, { totalSteps: 0 }),
      RangeError,
      "[OneCycleLR] expected a positive integer totalSteps: got 0",
    ],
    [
      "OneCycleLR divFactor 0",
      () => new S.OneCycleLR(sgd(), 0.1, { totalSteps: 10, divFactor: 0 }),
      RangeError,
      "[OneCycleLR] divFactor must be > 0: got 0",
    ],
    [
      "OneCycleLR maxLr in the options",
      () => new S.OneCycleLR(sgd(), any({ maxLr: 0.1, totalSteps: 10 })),
      TypeError,
      "[OneCycleLR] maxLr must be a number or one number per param group: got an object",
    ],
    [
      "OneCycleLR threePhase 'yes'",
      () => new S.OneCycleLR(sgd(), 0.1, any({ totalSteps: 10, threePhase: "yes" })),
      TypeError,
      '[OneCycleLR] threePhase must be a boolean: got "yes"',
    ],
    [
      "ReduceLROnPlateau min_lr",
      () => new S.ReduceLROnPlateau(sgd(), any({ min_lr: 1e-5 })),
      TypeError,
      '[ReduceLROnPlateau] unknown option "min_lr": did you mean "minLr"?',
    ],
    [
      "ReduceLROnPlateau mode positional",
      () => new S.ReduceLROnPlateau(sgd(), any("min")),
      TypeError,
      '[ReduceLROnPlateau] expected an options object as argument 2: got "min" (call it as new ReduceLROnPlateau(optimizer, { mode, factor, patience, … }))',
    ],
    [
      "ReduceLROnPlateau patience 2.5",
      () => new S.ReduceLROnPlateau(sgd(), { patience: 2.5 }),
      TypeError,
      "[ReduceLROnPlateau] patience must be an integer: got 2.5",
    ],
    [
      "ReduceLROnPlateau factor 1",
      () => new S.ReduceLROnPlateau(sgd(), { factor: 1 }),
      RangeError,
      "[ReduceLROnPlateau] factor should be < 1.0: got 1",
    ],
    [
      "ReduceLROnPlateau step()",
      () => new S.ReduceLROnPlateau(sgd()).step(any(undefined)),
      TypeError,
      "[ReduceLROnPlateau.step] metrics must be a number or a 0-d Tensor: got undefined (call it as sched.step(valLoss))",
    ],
    [
      "SequentialLR schedulers not in an array",
      () => {
        const o = sgd();
        return new S.SequentialLR(o, any(new S.StepLR(o, 2)), [2]);
      },
      TypeError,
      /^\[SequentialLR\] schedulers must be an array of schedulers: got a StepLR/,
    ],
    [
      "SequentialLR fractional milestone",
      () => {
        const o = sgd();
        return new S.SequentialLR(o, [new S.StepLR(o, 2), new S.StepLR(o, 3)], [1.5]);
      },
      TypeError,
      "[SequentialLR] milestones[0] must be an integer: got 1.5",
    ],
    [
      "SequentialLR with ReduceLROnPlateau",
      () => {
        const o = sgd();
        return new S.SequentialLR(o, any([new S.StepLR(o, 2), new S.ReduceLROnPlateau(o)]), [2]);
      },
      TypeError,
      "[SequentialLR] schedulers[1] must be an epoch scheduler (StepLR, LinearLR, …): got a ReduceLROnPlateau",
    ],
    [
      "ChainedScheduler []",
      () => new S.ChainedScheduler([]),
      RangeError,
      "[ChainedScheduler] expected at least one scheduler: got 0",
    ],
    [
      "ChainedScheduler a scheduler, not a list",
      () => new S.ChainedScheduler(any(new S.StepLR(sgd(), 2))),
      TypeError,
      /^\[ChainedScheduler\] schedulers must be an array of schedulers: got a StepLR/,
    ],
  ]);
});

describe("schedulers never produce a NaN lr", () => {
  it("CosineAnnealingLR(opt, 1) and LinearLR({ totalIters: 1 }) stay finite", () => {
    for (const make of [
      (o: optim.SGD) => new S.CosineAnnealingLR(o, 1),
      (o: optim.SGD) => new S.LinearLR(o, { startFactor: 1e-3, totalIters: 1 }),
      (o: optim.SGD) => new S.CyclicLR(o, 0.01, 0.1, { stepSizeUp: 1, stepSizeDown: 0 }),
    ]) {
      const o = sgd();
      const s = make(o);
      for (let i = 0; i < 6; i++) {
        s.step();
        assert.ok(Number.isFinite(o.paramGroups[0]!.lr), `${s.constructor.name} step ${i}: ${o.paramGroups[0]!.lr}`);
      }
    }
  });
});

describe("gradient clipping", () => {
  const { clipGradNorm_, clipGradValue_ } = torch.nn.utils;
  exactTable([
    [
      "clipGradNorm_ options in place of normType",
      () => clipGradNorm_([p], 1, any({ errorIfNonfinite: true })),
      TypeError,
      "[clipGradNorm_] normType must be a number: got an object (call it as clipGradNorm_(parameters, maxNorm, normType, { errorIfNonfinite }); the infinity norm is Infinity)",
    ],
    [
      "clipGradNorm_ maxNorm in an object",
      () => clipGradNorm_([p], any({ maxNorm: 1 })),
      TypeError,
      /^\[clipGradNorm_\] maxNorm must be a number: got an object/,
    ],
    [
      "clipGradNorm_ normType 'inf'",
      () => clipGradNorm_([p], 1, any("inf")),
      TypeError,
      /^\[clipGradNorm_\] normType must be a number: got "inf" .*the infinity norm is Infinity\)$/,
    ],
    [
      "clipGradNorm_ error_if_nonfinite",
      () => clipGradNorm_([p], 1, 2, any({ error_if_nonfinite: true })),
      TypeError,
      '[clipGradNorm_] unknown option "error_if_nonfinite": did you mean "errorIfNonfinite"?',
    ],
    [
      "clipGradNorm_ a number as parameters",
      () => clipGradNorm_(any(5), 1),
      TypeError,
      "[clipGradNorm_] parameters must be a Tensor or an iterable of Tensors: got 5",
    ],
    [
      "clipGradValue_ clipValue '0.5'",
      () => clipGradValue_([p], any("0.5")),
      TypeError,
      '[clipGradValue_] clipValue must be a number: got "0.5" (call it as clipGradValue_(parameters, clipValue))',
    ],
    [
      "clipGradValue_ a third argument",
      () => (clipGradValue_ as (...a: unknown[]) => unknown)([p], 0.5, true),
      TypeError,
      /^\[clipGradValue_\] takes at most 2 positional arguments: got 3/,
    ],
  ]);
});
