/**
 * `torch.optim.lr_scheduler`.
 * @example new optim.lrScheduler.CosineAnnealingLR(opt, 50)
 */
export {
  LRScheduler,
  LambdaLR,
  MultiplicativeLR,
  StepLR,
  MultiStepLR,
  ConstantLR,
  LinearLR,
  ExponentialLR,
  CosineAnnealingLR,
  type LrLambda,
  type SchedulerOptions,
} from "./lr-scheduler.js";
export {
  CosineAnnealingWarmRestarts,
  CyclicLR,
  OneCycleLR,
  type CyclicLROptions,
  type OneCycleLROptions,
} from "./lr-scheduler-cyclic.js";
export {
  SequentialLR,
  ChainedScheduler,
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
} from "./lr-scheduler-compose.js";
