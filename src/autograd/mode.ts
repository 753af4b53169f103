/** Grad mode: whether ops record the autograd graph. */
import { checkBool, checkFunction } from "../util/args.js";
import { inferenceState } from "../tensor/inference.js";

let enabled = true;

/** True when operations are being recorded for autograd (`torch.is_grad_enabled()`). */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Turns graph recording on or off globally (`torch.set_grad_enabled`).
 * @example torch.setGradEnabled(false); // inference only from here on
 */
export function setGradEnabled(mode: boolean): void {
  checkBool("setGradEnabled", "mode", mode);
  enabled = mode;
}

function withMode<T>(mode: boolean, fn: () => T): T {
  if (typeof fn !== "function") checkFunction(mode ? "enableGrad" : "noGrad", "fn", fn);
  const prev = enabled;
  enabled = mode;
  try {
    const r = fn();
    if (r instanceof Promise) {
      throw new TypeError(
        "[noGrad] the callback returned a Promise: grad mode is synchronous; await inside and call noGrad around the synchronous part",
      );
    }
    return r;
  } finally {
    enabled = prev;
  }
}

/**
 * Runs `fn` without recording gradients (`with torch.no_grad():`).
 * @example
 * torch.noGrad(() => { w.sub_(w.grad!.mul(lr)); }); // fragment
 */
export function noGrad<T>(fn: () => T): T {
  return withMode(false, fn);
}

/**
 * Runs `fn` with gradient recording on, even inside `noGrad` (`with torch.enable_grad():`).
 * @example const y = torch.noGrad(() => torch.enableGrad(() => x.mul(2)));
 */
export function enableGrad<T>(fn: () => T): T {
  return withMode(true, fn);
}

/** Anomaly detection (`torch.autograd.detect_anomaly`): read by the graph nodes and the engine. */
export const anomalyState = { on: false, checkNan: true };

/** True inside {@link detectAnomaly} or after `setDetectAnomaly(true)` (`torch.is_anomaly_enabled`). */
export function isAnomalyEnabled(): boolean {
  return anomalyState.on;
}

/**
 * Turns anomaly detection on or off globally (`torch.autograd.set_detect_anomaly`).
 * @example torch.autograd.setDetectAnomaly(true); // every backward from here on checks for NaN
 */
export function setDetectAnomaly(mode: boolean, checkNan = true): void {
  checkBool("setDetectAnomaly", "mode", mode);
  checkBool("setDetectAnomaly", "checkNan", checkNan);
  anomalyState.on = mode;
  anomalyState.checkNan = checkNan;
}

/**
 * Runs `fn` with anomaly detection (`with torch.autograd.detect_anomaly():`): every op records
 * where in the forward pass it was called, and a backward pass that produces NaN in a gradient
 * raises, naming the backward function (`MulBackward0`, …) and carrying the forward call's stack
 * as the error's `cause`. Slows both passes: a debugging aid. Synchronous, like {@link noGrad}.
 * @example
 * const x = torch.tensor([4, 1], { requiresGrad: true });
 * torch.autograd.detectAnomaly(() => x.sqrt().sum().backward()); // would throw on a NaN gradient
 */
export function detectAnomaly<T>(fn: () => T, checkNan = true): T {
  if (typeof fn !== "function") checkFunction("detectAnomaly", "fn", fn);
  checkBool("detectAnomaly", "checkNan", checkNan);
  const prev = { ...anomalyState };
  anomalyState.on = true;
  anomalyState.checkNan = checkNan;
  try {
    const r = fn();
    if (r instanceof Promise) {
      throw new TypeError(
        "[detectAnomaly] the callback returned a Promise: anomaly mode is synchronous; await inside and call detectAnomaly around the synchronous part",
      );
    }
    return r;
  } finally {
    anomalyState.on = prev.on;
    anomalyState.checkNan = prev.checkNan;
  }
}

/** True inside {@link inferenceMode} (`torch.is_inference_mode_enabled`). */
export function isInferenceModeEnabled(): boolean {
  return inferenceState.on;
}

/**
 * Runs `fn` in inference mode (`with torch.inference_mode():`): no graph is recorded, as in
 * {@link noGrad}, and every tensor allocated inside is an inference tensor (`x.isInference()`),
 * which autograd refuses to save for backward outside (clone it to get a normal tensor).
 * `mode: false` turns it off inside an enclosing one (grad mode on, as PyTorch). Synchronous.
 * @example const y = torch.inferenceMode(() => model.call(x)); y.isInference() // true
 */
export function inferenceMode<T>(fn: () => T, mode = true): T {
  if (typeof fn !== "function") checkFunction("inferenceMode", "fn", fn);
  checkBool("inferenceMode", "mode", mode);
  const prevGrad = enabled;
  const prevInference = inferenceState.on;
  enabled = !mode;
  inferenceState.on = mode;
  try {
    const r = fn();
    if (r instanceof Promise) {
      throw new TypeError(
        "[inferenceMode] the callback returned a Promise: inference mode is synchronous; await inside and call inferenceMode around the synchronous part",
      );
    }
    return r;
  } finally {
    enabled = prevGrad;
    inferenceState.on = prevInference;
  }
}
