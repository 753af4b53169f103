/// <reference types="@webgpu/types" />
/**
 * The WebGPU adapter and device: found once, asynchronously (`torch.webgpu.init()`). In a browser
 * it is `navigator.gpu`; in Node the optional `webgpu` npm package (Dawn), imported only here and
 * only when asked for, so CPU users and bundles never load it.
 */
import { checkOneOf, checkOptions, optionKeys } from "../../util/args.js";
import { features } from "./wgsl.js";

/** Options of `torch.webgpu.init`. */
export interface WebgpuInitOptions {
  /** Which adapter to prefer where there are several (WebGPU's `powerPreference`). */
  powerPreference?: "low-power" | "high-performance";
}

/** What `torch.webgpu.info()` reports about the adapter in use. */
export interface WebgpuInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** Whether the device has `shader-f16`, which float16 tensors need. */
  shaderF16: boolean;
}

/** The live device and its adapter's description. */
export interface GpuContext {
  readonly device: GPUDevice;
  readonly info: WebgpuInfo;
  /** Largest storage-buffer binding the device allows, in bytes. */
  readonly maxBinding: number;
  readonly minOffsetAlign: number;
  /** Whether the device has `shader-f16` (float16 tensors). */
  readonly f16: boolean;
}

const INIT_KEYS = optionKeys("powerPreference");
const POWER = ["low-power", "high-performance"] as const;

/** Why no adapter was found, for the error (the likely cause on each platform). */
function missingAdapterHint(): string {
  if (typeof process === "undefined")
    return "this browser offers no WebGPU adapter (enable WebGPU, or use a browser that has it)";
  if (process.platform === "linux")
    return "no Vulkan driver: install one (Debian/Ubuntu: mesa-vulkan-drivers ≥ 23, on bookworm from bookworm-backports; npm test runs scripts/webgpu-setup.mjs, which does it as root) or the GPU vendor's driver";
  return "no GPU driver Dawn can use (Metal on macOS, D3D12 on Windows)";
}

let ctx: GpuContext | null = null;
/** Validation and out-of-memory errors the device reported (checked at each read-back). */
export const gpuErrors: string[] = [];

/** Raises the first GPU error reported since the last check (a kernel bug, or out of memory). */
export function throwGpuErrors(op: string): void {
  if (gpuErrors.length === 0) return;
  const first = gpuErrors[0]!;
  gpuErrors.length = 0;
  throw new Error(`[${op}] the GPU reported an error: ${first}`);
}
let pending: Promise<GpuContext> | null = null;

/** The GPU entry point: the browser's `navigator.gpu`, else Dawn's from the `webgpu` package. */
async function gpuEntry(): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu !== undefined) return nav.gpu;
  const name = "webgpu"; // a variable: bundlers must not pull Dawn into browser builds
  let mod: { create(flags: string[]): GPU; globals: Record<string, unknown> };
  try {
    mod = (await import(name)) as typeof mod;
  } catch (e) {
    throw new Error(
      `[webgpu.init] the optional package "webgpu" (Dawn) is not installed: run npm install webgpu (${(e as Error).message.split("\n")[0]})`,
    );
  }
  // Dawn's GPUBufferUsage etc. as globals, as a browser has them.
  for (const [k, v] of Object.entries(mod.globals))
    if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  // dawn.node lives as long as this object: dropping it while the device is in use crashes.
  return (dawnGpu ??= mod.create([]));
}

let dawnGpu: GPU | null = null;

async function open(opts: WebgpuInitOptions): Promise<GpuContext> {
  const gpu = await gpuEntry();
  const adapter = await gpu.requestAdapter(opts.powerPreference ? { powerPreference: opts.powerPreference } : {});
  if (adapter === null) throw new Error(`[webgpu.init] no WebGPU adapter found: ${missingAdapterHint()}`);
  const lim = adapter.limits;
  const f16 = adapter.features.has("shader-f16");
  const device = await adapter.requestDevice({
    requiredFeatures: f16 ? ["shader-f16"] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
      maxBufferSize: lim.maxBufferSize,
      maxStorageBuffersPerShaderStage: Math.min(lim.maxStorageBuffersPerShaderStage, 8),
    },
  });
  device.addEventListener("uncapturederror", (e) => {
    gpuErrors.push((e as GPUUncapturedErrorEvent).error.message.split("\n")[0]!);
  });
  device.lost.then((l) => {
    if (ctx?.device === device) ctx = null;
    if (l.reason !== "destroyed") console.error(`[webgpu] device lost: ${l.message}`);
  });
  const ai = adapter.info;
  return {
    device,
    info: {
      vendor: ai.vendor,
      architecture: ai.architecture,
      device: ai.device,
      description: ai.description,
      shaderF16: f16,
    },
    maxBinding: lim.maxStorageBufferBindingSize,
    minOffsetAlign: lim.minStorageBufferOffsetAlignment,
    f16,
  };
}

/** Finds the adapter and opens the device (once; later calls return the same context). */
export function openDevice(op: string, opts?: WebgpuInitOptions): Promise<GpuContext> {
  if (opts !== undefined) {
    checkOptions(op, opts, INIT_KEYS);
    if (opts.powerPreference !== undefined) checkOneOf(op, "powerPreference", opts.powerPreference, POWER);
  }
  if (ctx !== null) return Promise.resolve(ctx);
  pending ??= open(opts ?? {}).then(
    (c) => {
      features.f16 = c.f16;
      return (ctx = c);
    },
    (e: unknown) => {
      pending = null;
      throw e;
    },
  );
  return pending;
}

/** The open context; raises when `init` has not run. */
export function gpu(op: string): GpuContext {
  if (ctx === null)
    throw new Error(`[${op}] the webgpu device is not initialised: call await torch.webgpu.init() first`);
  return ctx;
}

/** The open context or null. */
export function gpuOrNull(): GpuContext | null {
  return ctx;
}
