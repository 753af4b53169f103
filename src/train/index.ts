/**
 * Training helpers: the book's `Trainer` and the metrics.
 * @example import { Trainer, metrics } from "antorcha";
 */
export { Trainer, type Loader, type LossFn, type LrScheduler, type TrainOptions } from "./trainer.js";
export * as metrics from "./metrics.js";
