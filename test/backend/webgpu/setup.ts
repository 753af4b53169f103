/**
 * Shared by the webgpu tests: opens the device once. Without an adapter the tests skip with one
 * line naming the missing driver — except under CI=true, where a missing adapter fails (CI must
 * run them: `npm test`'s pretest installs Mesa lavapipe, see scripts/webgpu-setup.mjs).
 */
import * as torch from "../../../src/index.js";

const NO_ADAPTER =
  "webgpu tests skipped: no WebGPU adapter (install Mesa's Vulkan driver, mesa-vulkan-drivers ≥ 23 — on Debian bookworm from bookworm-backports: node scripts/webgpu-setup.mjs as root)";

async function open(): Promise<string | false> {
  try {
    await torch.webgpu.init();
    return false;
  } catch (e) {
    if (process.env.CI === "true" || process.env.CI === "1")
      throw new Error(`CI must run the webgpu tests, but: ${(e as Error).message}`);
    console.log(NO_ADAPTER);
    return NO_ADAPTER;
  }
}

/** false when the device is open; otherwise the skip reason (printed once). */
export const skipWebgpu: string | false = await open();
