/** Keras' progress bar lives in `log/` (train/ prints it too); re-exported for `keras`. */
export * from "../log/progress.js";
