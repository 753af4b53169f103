/**
 * What the training loop's fronts (`StepByStep`/`Trainer`, Keras `fit`) ask of
 * `torch.distributed`: whether this is the process that prints and saves, epoch losses and logs
 * averaged over ranks, gradients averaged and weights broadcast for loops without DDP.
 */
import { Tensor } from "../tensor/tensor.js";
import { noGrad } from "../autograd/mode.js";
import {
  allReduce,
  broadcast,
  getRank,
  getWorldSize,
  isInitialized,
  isMainProcess as mainProcess,
} from "./process-group.js";

/** True on rank 0, or when no process group exists: the process that prints, logs and saves. */
export function isMainProcess(): boolean {
  return mainProcess();
}

/** True while a default process group exists (the loops then reduce their metrics). */
export function isDistributed(): boolean {
  return isInitialized();
}

/**
 * The mean of per-batch values over every rank's batches (`mean` of this rank's `count` batches
 * in, the global mean out); the value itself without a process group.
 */
export async function reduceMean(mean: number, count: number): Promise<number> {
  if (!isInitialized()) return mean;
  const t = Tensor._fromArray(new Float64Array([mean * count, count]), [2], "float64");
  await allReduce(t, "sum");
  const [sum, n] = t.storage.data as Float64Array;
  return sum! / n!;
}

/**
 * Averages the gradients of `params` over the ranks after a backward pass, in one allreduce per
 * dtype (no bucketing, no overlap: for loops that do not use `DistributedDataParallel`, such as a
 * Keras `fit` step). Parameters without a gradient take part as zeros and keep `.grad = null`
 * unless another rank had one.
 * @example loss.backward(); await averageGradients(model.parameters()); optimizer.step(); // fragment
 */
export async function averageGradients(params: readonly Tensor[]): Promise<void> {
  if (!isInitialized()) return;
  const byDtype = new Map<string, Tensor[]>();
  for (const p of params) byDtype.set(p.dtype, [...(byDtype.get(p.dtype) ?? []), p]);
  for (const [dtype, ps] of [...byDtype.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const n = ps.reduce((s, p) => s + p.numel(), 0);
    const flat = Tensor._empty([n], dtype as Tensor["dtype"]);
    noGrad(() => {
      let o = 0;
      for (const p of ps) {
        if (p.grad !== null) flat.narrow(0, o, p.numel()).copy_(p.grad.reshape([p.numel()]));
        o += p.numel();
      }
    });
    await allReduce(flat, "avg");
    noGrad(() => {
      let o = 0;
      for (const p of ps) {
        const avg = flat.narrow(0, o, p.numel()).view(p.shape);
        if (p.grad !== null) p.grad.copy_(avg);
        else if (avg.abs().max().item() !== 0) p.grad = avg.clone();
        o += p.numel();
      }
    });
  }
}

/**
 * Copies rank 0's values of `tensors` (parameters, buffers) to every rank, in place.
 * @example await broadcastParameters([...model.parameters(), ...model.buffers()]); // fragment
 */
export async function broadcastParameters(tensors: readonly Tensor[]): Promise<void> {
  if (!isInitialized()) return;
  for (const t of tensors) {
    if (t.isContiguous()) await broadcast(t, 0);
    else {
      const tmp = t.contiguous().clone();
      await broadcast(tmp, 0);
      noGrad(() => t.copy_(tmp));
    }
  }
}

/**
 * Callbacks that write files: under torch.distributed only rank 0 runs them. (`BackupAndRestore`
 * runs on every rank, since every rank must restore; it writes and deletes on rank 0 alone.)
 */
const WRITERS = new Set(["ModelCheckpoint", "TensorBoard", "CSVLogger"]);

/** `callbacks` minus the file-writing ones on ranks other than 0 (all of them elsewhere). */
export function mainProcessCallbacks<T extends object>(callbacks: readonly T[]): T[] {
  return isMainProcess() ? [...callbacks] : callbacks.filter((c) => !WRITERS.has(c.constructor.name));
}

/** This rank's contiguous shard of `n` rows, the same length on every rank (the tail is dropped). */
export function shardRange(n: number): [start: number, length: number] {
  if (!isInitialized()) return [0, n];
  const size = getWorldSize();
  const len = Math.floor(n / size);
  if (len === 0)
    throw new RangeError(`[fit] ${n} training rows cannot be shared by ${size} processes: got fewer rows than ranks`);
  return [getRank() * len, len];
}

/** Replaces every number in `logs` by its mean over the ranks (in place). */
export async function reduceLogs(logs: Record<string, number>): Promise<void> {
  if (!isInitialized()) return;
  const keys = Object.keys(logs).sort();
  if (keys.length === 0) return;
  const t = Tensor._fromArray(new Float64Array(keys.map((k) => logs[k]!)), [keys.length], "float64");
  await allReduce(t, "avg");
  keys.forEach((k, i) => (logs[k] = (t.storage.data as Float64Array)[i]!));
}
