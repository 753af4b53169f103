/**
 * `torch.webgpu`: find and open the GPU (`await torch.webgpu.init()`), ask whether one exists
 * (`await torch.webgpu.isAvailable()`), and the batch counters tests and benchmarks read.
 */
import { checkArity } from "../../util/args.js";
import { deviceMemory } from "../../tensor/device-memory.js";
import { installDeviceBackend } from "../registry.js";
import { webgpuBackend, WEBGPU_GAPS } from "./backend.js";
import { batchCounts, drain } from "./batch.js";
import { checkRange } from "./kernels/range-check.js";
import { webgpuMemory } from "./memory.js";
import { pipelineCount } from "./pipelines.js";
import { poolCounts } from "./pool.js";
import { gpu, gpuOrNull, openDevice, type WebgpuInfo, type WebgpuInitOptions } from "./runtime.js";

export type { WebgpuInfo, WebgpuInitOptions } from "./runtime.js";

/**
 * Opens the WebGPU device (once; later calls resolve at once): in a browser through
 * `navigator.gpu`, in Node through the optional `webgpu` package (Dawn). Afterwards tensors can
 * be created on `"webgpu"` and moved there with `t.to("webgpu")` / `module.to("webgpu")`.
 * Raises `[webgpu.init] no WebGPU adapter found: …` naming the likely cause when there is none.
 * @example await torch.webgpu.init({ powerPreference: "high-performance" });
 */
async function init(opts?: WebgpuInitOptions): Promise<void> {
  checkArity("webgpu.init", arguments.length, 1);
  await openDevice("webgpu.init", opts);
  if (deviceMemory.webgpu === null) {
    deviceMemory.webgpu = { ...webgpuMemory, checkRange };
    installDeviceBackend(webgpuBackend);
  }
}

/**
 * Resolves true when a WebGPU device can be opened (and opens it), false otherwise — the
 * question `torch.cuda.is_available()` answers, asked asynchronously since finding an adapter is.
 * @example const device = (await torch.webgpu.isAvailable()) ? "webgpu" : "cpu";
 */
async function isAvailable(): Promise<boolean> {
  checkArity("webgpu.isAvailable", arguments.length, 0);
  try {
    await init();
    return true;
  } catch {
    return false;
  }
}

/** True once `init()` succeeded (synchronous). */
function isInitialized(): boolean {
  checkArity("webgpu.isInitialized", arguments.length, 0);
  return gpuOrNull() !== null && deviceMemory.webgpu !== null;
}

/** The adapter in use (vendor, architecture, device, description). */
function info(): WebgpuInfo {
  checkArity("webgpu.info", arguments.length, 0);
  return { ...gpu("webgpu.info").info };
}

/**
 * Counters since start: queue submits, dispatches, uploads, read-backs, compiled pipelines, GPU
 * buffers created and reused by the pool. A chain of ops adds dispatches, not submits.
 */
function stats(): {
  submits: number;
  dispatches: number;
  uploads: number;
  readbacks: number;
  pipelines: number;
  buffersCreated: number;
  buffersReused: number;
} {
  checkArity("webgpu.stats", arguments.length, 0);
  return {
    ...batchCounts,
    pipelines: pipelineCount(),
    buffersCreated: poolCounts.created,
    buffersReused: poolCounts.reused,
  };
}

/**
 * Submits the recorded work and waits until the GPU has finished it (for timing); raises the
 * error of an argument check a kernel failed (an index out of range) since the last read.
 */
async function synchronize(): Promise<void> {
  checkArity("webgpu.synchronize", arguments.length, 0);
  gpu("webgpu.synchronize");
  await drain();
}

/** `torch.webgpu`. `gaps` maps the backend kernels with no WGSL version yet to what they need. */
export const webgpu = Object.freeze({ init, isAvailable, isInitialized, info, stats, synchronize, gaps: WEBGPU_GAPS });
