/// <reference types="@webgpu/types" />
/**
 * Device-side argument checks (CUDA's device-side asserts): a kernel that finds a bad value it
 * cannot check on the host without a synchronous read — an index out of range in a gather, an
 * index_put, a class label — records it in a small flag buffer and skips the element. The host
 * learns of it at the next read-back or `torch.webgpu.synchronize()`, which raise the op's own
 * error (the CPU's text) with a note that the GPU reported it late. Never a silent wrong result.
 *
 * A checking dispatch carries a check id in its parameters (word `CHECK_WORD`); the first failing
 * id wins the flag (`atomicCompareExchangeWeak`), its offending value goes in the second word,
 * and the host maps the id back to the message its dispatch registered.
 */
import { CHECK_WORD } from "./wgsl.js";

/** The WGSL a checking kernel includes: the flag buffer at binding 7 and `reportBad(value)`. */
export const CHECK_WGSL = /* wgsl */ `
@group(0) @binding(7) var<storage, read_write> chk: array<atomic<u32>, 2>;
fn reportBad(v: i32) {
  loop {
    let r = atomicCompareExchangeWeak(&chk[0], 0u, u32(prm[${CHECK_WORD}]));
    if (r.exchanged) { atomicStore(&chk[1], bitcast<u32>(v)); break; }
    if (r.old_value != 0u) { break; }
  }
}`;

/** Binding of the flag buffer in checking kernels. */
export const CHECK_BINDING = 7;

/** The message of a failed check, from the offending value. */
export type CheckMessage = (value: number) => string;

let flags: GPUBuffer | null = null;
let flagsDevice: GPUDevice | null = null;
let nextSeq = 1;
/** Registered checks by id (ids wrap at 2^31; `seq` orders them across the wrap). */
const pending = new Map<number, { seq: number; message: CheckMessage }>();

/** The device's flag buffer (created zeroed on first use; a new device starts afresh). */
export function flagBuffer(device: GPUDevice): GPUBuffer {
  if (flags === null || flagsDevice !== device) {
    flags = device.createBuffer({
      size: 8,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    flagsDevice = device;
    pending.clear();
  }
  return flags;
}

/** Registers a check for one dispatch; returns the id to write into its parameters. */
export function registerCheck(message: CheckMessage): number {
  const seq = nextSeq++;
  const id = ((seq - 1) % 0x7fffffff) + 1;
  pending.set(id, { seq, message });
  return id;
}

/** True when any dispatch recorded so far carries a check (a read-back then fetches the flag). */
export const checksPending = (): boolean => pending.size > 0;

/** The sequence number the next check will get: checks before it are covered by a read started now. */
export const checkMark = (): number => nextSeq;

/**
 * After the work recorded before `mark` completed, with the flag words read back: raises the
 * failed check's error (and clears the flag), or forgets the checks that passed.
 */
export function settleChecks(device: GPUDevice, words: Uint32Array, mark: number): void {
  const id = words[0]!;
  if (id === 0) {
    for (const [k, v] of pending) if (v.seq < mark) pending.delete(k);
    return;
  }
  device.queue.writeBuffer(flagBuffer(device), 0, new Uint32Array(2));
  const failed = pending.get(id);
  pending.clear();
  const value = new Int32Array(words.buffer, words.byteOffset, 2)[1]!;
  const text =
    failed !== undefined ? failed.message(value) : `[webgpu] a kernel found an invalid argument (value ${value})`;
  throw new RangeError(`${text} (found on the GPU, which runs ahead of the program: reported at the next read-back)`);
}
