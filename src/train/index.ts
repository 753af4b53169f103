/**
 * Training helpers: the book's `StepByStep`, `Trainer` and the metrics.
 * @example import { StepByStep, Trainer, metrics } from "antorcha";
 */
export { Trainer, type LrScheduler, type TrainOptions } from "./trainer.js";
export { StepByStep, numpyMean, type Loader, type LossFn, type StepFn } from "./step-by-step.js";
export * as metrics from "./metrics.js";
