/**
 * `torch.keras` (also `antorcha/keras`): Keras' Sequential API — layers, compile, fit, evaluate,
 * predict, summary, callbacks — on antorcha's `nn`, `optim` and `data`.
 *
 * @example
 * import { keras } from "antorcha";
 * const { layers, losses } = keras;
 * const model = keras.Sequential([layers.Flatten({ inputShape: [28, 28] }), layers.Dense(128, { activation: "relu" }), layers.Dense(10)]);
 * model.compile({ optimizer: "adam", loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
 */
import "../setup.js";
export {
  Sequential,
  SequentialModel,
  type CompileOptions,
  type FitOptions,
  type EvaluateOptions,
  type ProgressOptions,
} from "./model.js";
export * as layers from "./layers/index.js";
export * as losses from "./losses.js";
export * as metrics from "./metrics.js";
export * as optimizers from "./optimizers.js";
export * as callbacks from "./callbacks/index.js";
export * as datasets from "./datasets.js";
import { Sequential } from "./model.js";
import { loadModel } from "./loading.js";
/** `keras.models`: `Sequential` and `loadModel(path)` (the counterpart of `model.save(path)`). */
export const models = { Sequential, loadModel };
export { Progbar, type ProgbarOptions, type ProgressStream } from "../log/progress.js";
import { resetNames } from "./layers/base.js";
/** Keras' backend utilities (only `clearSession`: resets layer-name counters). */
export const backend = { clearSession: resetNames };
