/**
 * What the training loops (`StepByStep`/`Trainer`) ask of `torch.distributed`: whether this is the
 * process that prints and saves, the DDP wrapper of a model, and epoch losses averaged over ranks.
 */
import type { Module } from "../nn/module.js";
import { DistributedDataParallel } from "../nn/parallel/distributed.js";
import { Tensor } from "../tensor/tensor.js";
import { allReduce, isInitialized, isMainProcess as mainProcess } from "./process-group.js";

/** True on rank 0, or when no process group exists: the process that prints, logs and saves. */
export function isMainProcess(): boolean {
  return mainProcess();
}

/** True while a default process group exists (the loops then reduce their metrics). */
export function isDistributed(): boolean {
  return isInitialized();
}

/** The model itself when it is a `DistributedDataParallel`, else null. */
export function distributedModel(model: Module): DistributedDataParallel | null {
  return model instanceof DistributedDataParallel ? model : null;
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
