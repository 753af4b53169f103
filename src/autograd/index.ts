/** `torch.autograd`: functional gradients and numerical gradient checking. */
export { backward } from "./engine.js";
export { grad } from "./grad.js";
export { gradcheck, gradgradcheck } from "./gradcheck.js";
export { Function, FunctionCtx, onceDifferentiable } from "./function.js";
export * as forwardAd from "./forward-ad.js";
export * as functional from "./functional.js";
export { detectAnomaly, setDetectAnomaly, isAnomalyEnabled, inferenceMode, isInferenceModeEnabled } from "./mode.js";
