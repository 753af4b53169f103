/**
 * Device routing: once a device backend is initialised, `activeBackend()` returns this router,
 * which sends each kernel call to the backend of its views' device — the CPU backend for CPU
 * views, the device backend when any view is on the device. Until then nothing is routed and the
 * CPU path is untouched; after, a CPU call pays one length test per view.
 *
 * With device inputs, every other input must be on the device too, or be a one-element CPU array
 * (a number the ops layer wrapped, as PyTorch lets CPU scalars mix with CUDA tensors): anything
 * else is PyTorch's "Expected all tensors to be on the same device" error. A CPU output with
 * device inputs means the op allocates without asking the inputs' device: that op is not
 * available on the device yet, and says so — it never falls back to the CPU.
 */
import type { Backend, View } from "./backend.js";
import type { FusedKernels } from "./fused.js";
import { deviceBufferOf } from "../tensor/device-memory.js";
import { mixedDevices, notOnWebgpu } from "./webgpu/errors.js";

const onDevice = (v: View): boolean => v.data.length === 0 && deviceBufferOf(v.data) !== undefined;

/** True when some view of `ins`/`outs` is on the device; raises on an invalid mix. */
function useDevice(kernel: string, ins: readonly View[], outs: readonly View[]): boolean {
  let dev = false;
  for (const v of ins) if (v.data.length === 0 && onDevice(v)) dev = true;
  for (const v of outs) if (v.data.length === 0 && onDevice(v)) dev = true;
  if (!dev) return false;
  for (let k = 0; k < ins.length; k++) {
    const v = ins[k]!;
    if (!onDevice(v) && v.data.length !== 1) {
      const firstDev = k === 0 ? "cpu" : onDevice(ins[0]!) ? "webgpu" : "cpu";
      throw mixedDevices(kernel, firstDev, firstDev === "cpu" ? "webgpu" : "cpu");
    }
  }
  for (const v of outs) if (!onDevice(v)) throw notOnWebgpu(kernel);
  return true;
}

const isView = (a: unknown): a is View =>
  typeof a === "object" && a !== null && ArrayBuffer.isView((a as { data?: unknown }).data);

function mapTable<K extends string, F>(cpu: Record<K, F>, f: (k: K, c: F) => F): Record<K, F> {
  return Object.fromEntries(Object.keys(cpu).map((k) => [k, f(k as K, cpu[k as K])])) as Record<K, F>;
}

/** A backend that routes each call by device between `cpu` and `dev`. */
export function routed(cpu: Backend, dev: Backend): Backend {
  const devFused = dev.fused as unknown as Record<string, ((...a: unknown[]) => boolean) | undefined> | undefined;
  const fused =
    cpu.fused &&
    // With a device view a fused call goes to the device's fused kernel; without one (or when it
    // declines) it returns false and the composite runs on the device.
    (mapTable(
      // every kernel either side has: a call the other side lacks declines there
      { ...devFused, ...cpu.fused } as unknown as Record<string, ((...a: unknown[]) => boolean) | undefined>,
      (k) => {
        const f = (cpu.fused as unknown as Record<string, ((...a: unknown[]) => boolean) | undefined>)[k];
        return (...args: unknown[]) => {
          for (const a of args) if (isView(a) && onDevice(a)) return devFused?.[k]?.(...args) ?? false;
          return f?.(...args) ?? false;
        };
      },
    ) as unknown as FusedKernels);
  return {
    name: cpu.name,
    unary: mapTable(cpu.unary, (k, f) => (x, out) => (useDevice(k, [x], [out]) ? dev.unary[k](x, out) : f(x, out))),
    binary: mapTable(
      cpu.binary,
      (k, f) => (a, b, out) => (useDevice(k, [a, b], [out]) ? dev.binary[k](a, b, out) : f(a, b, out)),
    ),
    reduce: mapTable(
      cpu.reduce,
      (k, f) => (x, dims, out) => (useDevice(k, [x], [out]) ? dev.reduce[k](x, dims, out) : f(x, dims, out)),
    ),
    scan: mapTable(
      cpu.scan,
      (k, f) => (x, dim, out) => (useDevice(`scan.${k}`, [x], [out]) ? dev.scan[k](x, dim, out) : f(x, dim, out)),
    ),
    copy(src, dst) {
      if (onDevice(dst)) return dev.copy(src, dst);
      if (onDevice(src))
        throw notOnWebgpu("copy", 'into a cpu tensor (reading GPU memory is async: await t.toAsync("cpu"))');
      return cpu.copy(src, dst);
    },
    fill: (dst, value) => (onDevice(dst) ? dev.fill(dst, value) : cpu.fill(dst, value)),
    where: (c, a, b, out) => (useDevice("where", [c, a, b], [out]) ? dev.where(c, a, b, out) : cpu.where(c, a, b, out)),
    matmul: (a, b, out) => (useDevice("matmul", [a, b], [out]) ? dev.matmul(a, b, out) : cpu.matmul(a, b, out)),
    gather: (x, d, i, out) =>
      useDevice("gather", [x, i], [out]) ? dev.gather(x, d, i, out) : cpu.gather(x, d, i, out),
    scatter: (dst, d, i, src, r) =>
      useDevice("scatter", [i, src], [dst]) ? dev.scatter(dst, d, i, src, r) : cpu.scatter(dst, d, i, src, r),
    indexSelect: (x, d, i, out) =>
      useDevice("indexSelect", [x, i], [out]) ? dev.indexSelect(x, d, i, out) : cpu.indexSelect(x, d, i, out),
    indexPut: (dst, idx, v, acc) =>
      useDevice("indexPut", [...idx, v], [dst]) ? dev.indexPut(dst, idx, v, acc) : cpu.indexPut(dst, idx, v, acc),
    nonzero: (x) => (useDevice("nonzero", [x], []) ? dev.nonzero(x) : cpu.nonzero(x)),
    sort: (x, d, desc, st, v, i) =>
      useDevice("sort", [x], [v, i]) ? dev.sort(x, d, desc, st, v, i) : cpu.sort(x, d, desc, st, v, i),
    ...(fused ? { fused } : {}),
  };
}
