/**
 * Keras callbacks are the training loop's (`train/callbacks.ts`): `Callback` (override any hook),
 * `CallbackList`, and `History` (always added by `fit`; `history.history.loss`, `.accuracy`,
 * `.val_loss`, …).
 */
export {
  Callback,
  CallbackList,
  History,
  type Logs,
  type CallbackModel,
  type FitParams,
} from "../../train/callbacks.js";
