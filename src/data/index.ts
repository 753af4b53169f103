/**
 * `torch.data` (PyTorch's `torch.utils.data` plus torchvision's datasets/transforms essentials).
 * @example
 * import { data } from "antorcha"; // fragment
 * const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 32, shuffle: true });
 * for (const [xb, yb] of loader) { … }
 */
export {
  Dataset,
  IterableDataset,
  TensorDataset,
  Subset,
  ConcatDataset,
  randomSplit,
  type WorkerSpec,
} from "./dataset.js";
export {
  SequentialSampler,
  RandomSampler,
  SubsetRandomSampler,
  WeightedRandomSampler,
  BatchSampler,
  randomSeed,
  type Sampler,
  type RandomSamplerOptions,
} from "./sampler.js";
export { DistributedSampler, type DistributedSamplerOptions } from "./distributed-sampler.js";
export { DataLoader, type DataLoaderOptions } from "./dataloader.js";
export { defaultCollate, type Batch } from "./collate.js";
export { getWorkerInfo, type WorkerInfo } from "./worker-spec.js";
/** Number of DataLoader worker threads currently running (all loaders). @example data.liveWorkers() // 0 */
export function liveWorkers(): number {
  return WorkerPool.live;
}
import { WorkerPool } from "./worker-pool.js";
export * as transforms from "./transforms.js";
export * as datasets from "./datasets/index.js";
export { IdxFormatError, DatasetError, CsvFormatError } from "./datasets/errors.js";
