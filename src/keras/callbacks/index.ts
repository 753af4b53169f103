/**
 * `keras.callbacks`.
 * @example await model.fit(x, y, { epochs: 50, callbacks: [new keras.callbacks.EarlyStopping({ patience: 3 })] }) // fragment
 */
export { Callback, CallbackList, History, type Logs, type FitParams, type CallbackModel } from "./base.js";
export * from "./training.js";
export { TensorBoard } from "./tensorboard.js";
export { ModelCheckpoint, BackupAndRestore, formatPath } from "./persistence.js";
