/** Grad mode: whether ops record the autograd graph. */
import { checkBool, checkFunction } from "../util/args.js";

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
