/**
 * `torch.optim`: optimizers and learning-rate schedulers with PyTorch 1.13's update rules.
 *
 * @example
 * import { optim } from "antorcha";
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * const sched = new optim.lrScheduler.StepLR(opt, 10);
 */
export {
  Optimizer,
  type ParamGroup,
  type ParamGroupInput,
  type Params,
  type ParamState,
  type OptimizerStateDict,
} from "./optimizer.js";
export { SGD, type SGDOptions } from "./sgd.js";
export { Adam, AdamW, type AdamOptions } from "./adam.js";
export { RMSprop, type RMSpropOptions } from "./rmsprop.js";
export { Adagrad, Adadelta, type AdagradOptions, type AdadeltaOptions } from "./adagrad.js";
export { Adamax, NAdam, RAdam, type AdamaxOptions, type NAdamOptions, type RAdamOptions } from "./adam-variants.js";
export { LBFGS, type LBFGSOptions } from "./lbfgs.js";
export * as lrScheduler from "./lr-scheduler-index.js";
