/** `torch.nn.parallel`: data-parallel wrappers. */
export {
  DistributedDataParallel,
  DistributedDataParallel as DDP,
  type DistributedDataParallelOptions,
} from "./distributed.js";
