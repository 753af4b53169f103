/**
 * Shared by the webgpu tests: opens the device once. Without an adapter the tests skip with one
 * line naming the missing driver — one per test run: the runner starts a process per file, and
 * the first to claim a marker named after the runner's pid prints it — except under CI=true,
 * where a missing adapter fails (CI must run them: `npm test`'s pretest installs Mesa lavapipe,
 * see scripts/webgpu-setup.mjs).
 */
import { closeSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "node:test";
import * as torch from "../../../src/index.js";

function sayOnce(line: string): void {
  try {
    closeSync(openSync(join(tmpdir(), `antorcha-webgpu-skip-${process.ppid}`), "wx"));
  } catch {
    return; // another file of this run said it
  }
  console.log(line);
}

const NO_ADAPTER =
  "webgpu tests skipped: no WebGPU adapter (install Mesa's Vulkan driver, mesa-vulkan-drivers ≥ 23 — on Debian bookworm from bookworm-backports: node scripts/webgpu-setup.mjs as root)";

async function open(): Promise<string | false> {
  try {
    await torch.webgpu.init();
    return false;
  } catch (e) {
    if (process.env.CI === "true" || process.env.CI === "1")
      throw new Error(`CI must run the webgpu tests, but: ${(e as Error).message}`);
    sayOnce(NO_ADAPTER);
    return NO_ADAPTER;
  }
}

/** false when the device is open; otherwise the skip reason (printed once). */
export const skipWebgpu: string | false = await open();

/** `describe`, or nothing at all without an adapter (the skip was said in one line). */
export const describeWebgpu: typeof describe = skipWebgpu === false ? describe : ((() => undefined) as never);
