/// <reference types="@webgpu/types" />
/**
 * Compute pipelines, compiled once per key — kernel, dtypes and variant (which inputs are
 * scalars) — with their bind-group layouts ("auto", derived once with the pipeline and read back
 * from it per dispatch).
 */
import { gpu } from "./runtime.js";
import { F16_HELPERS } from "./wgsl.js";

const cache = new Map<string, GPUComputePipeline>();

/** The pipeline for `key`, compiling `source()` the first time it is asked for. */
export function pipeline(key: string, source: () => string): GPUComputePipeline {
  let p = cache.get(key);
  if (p === undefined) {
    const device = gpu("webgpu").device;
    let code = source();
    if (/\bf16\b/.test(code)) code = `enable f16;\n${code}${F16_HELPERS}`;
    const module = device.createShaderModule({ code, label: key });
    p = device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" }, label: key });
    cache.set(key, p);
  }
  return p;
}

/** How many pipelines were compiled (diagnostics). */
export function pipelineCount(): number {
  return cache.size;
}
