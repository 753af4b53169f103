/**
 * Where a training loop runs: the device of the model's parameters. Batches come from CPU
 * tensors or a CPU DataLoader and are moved there per step; on webgpu every value the loop
 * needs (loss, metric inputs) is read back with the async readers, so webgpu loops run only in
 * their async forms. CPU loops never reach this module's async helpers.
 */
import type { Tensor } from "../tensor/tensor.js";

/** The loop's device: "webgpu" when any parameter or buffer lives there, else "cpu". */
export type LoopDevice = "cpu" | "webgpu";

/** The device of a module's tensors (its first parameter or buffer; "cpu" when it has none). */
export function moduleDevice(m: { parameters(): Tensor[]; buffers(): Tensor[] }): LoopDevice {
  for (const p of m.parameters()) return p.storage.device === "cpu" ? "cpu" : "webgpu";
  for (const b of m.buffers()) return b.storage.device === "cpu" ? "cpu" : "webgpu";
  return "cpu";
}

/** Integer dtypes webgpu lacks, widened (losslessly) to int32 when a loop moves a batch there. */
const WIDEN = new Set(["uint8", "int8", "int16"]);

/**
 * A batch tensor `t` on `device` (itself when it is there already). Labels stored as uint8,
 * int8 or int16 (Fashion-MNIST's uint8) move as int32, which webgpu holds; other dtypes move as
 * they are (float64 raises webgpu's dtype error).
 */
export function onDevice(t: Tensor, device: LoopDevice): Tensor {
  if ((t.storage.device === "cpu") === (device === "cpu")) return t;
  return device === "webgpu" && WIDEN.has(t.dtype) ? t.to("int32").to(device) : t.to(device);
}

/** The error a synchronous loop form raises on a webgpu model, naming its async twin. */
export function syncOnWebgpu(op: string, twin: string): Error {
  return new Error(
    `[${op}] the model is on webgpu, whose values are read back asynchronously: use ${twin} (or move the model to the cpu)`,
  );
}

/** CPU copies of a state dict's tensors (read back from the GPU); other values are kept. */
export async function cpuStateDict<T>(state: T): Promise<T> {
  if (state === null || typeof state !== "object") return state;
  if (isTensor(state)) return (state.storage.device === "cpu" ? state : await state.toAsync("cpu")) as T;
  if (Array.isArray(state)) return (await Promise.all(state.map((v) => cpuStateDict(v)))) as T;
  if (state instanceof Map) {
    const out = new Map();
    for (const [k, v] of state) out.set(k, await cpuStateDict(v));
    return out as T;
  }
  if (Object.getPrototypeOf(state) !== Object.prototype) return state;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state as Record<string, unknown>)) out[k] = await cpuStateDict(v);
  return out as T;
}

function isTensor(v: object): v is Tensor {
  return typeof (v as { toAsync?: unknown }).toAsync === "function" && "storage" in v;
}
