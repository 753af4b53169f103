/**
 * Saving, loading and interop: safetensors, crash-safe checkpoints, PyTorch `.pt` files.
 * @example import { io } from "antorcha"; io.saveFile(model.stateDict(), "model.safetensors");
 */
export { SafetensorsError, TorchPtError, UnsafePickleError, CheckpointError } from "./errors.js";
export type { SafetensorsErrorCode, TorchPtErrorCode, CheckpointErrorCode } from "./errors.js";
export {
  serialize,
  deserialize,
  deserializeWithMetadata,
  saveFile,
  loadFile,
  loadFileWithMetadata,
  MAX_HEADER_SIZE,
  type TensorMap,
  type SafetensorsContent,
} from "./safetensors.js";
export { save, load, saveToBytes, loadFromBytes, type LoadOptions } from "./save-load.js";
export { loadTorchPt, isTorchPt, isAllowedGlobal, restrictedUnpickle, type LoadTorchPtOptions } from "./torch-pt.js";
export {
  saveCheckpoint,
  loadCheckpoint,
  type Checkpoint,
  type CheckpointParts,
  type LoadCheckpointOptions,
} from "./checkpoint.js";
export {
  DEFAULT_MAX_INFLATE_BYTES,
  DEFAULT_MAX_INFLATE_RATIO,
  INFLATE_GRACE_BYTES,
  type InflateLimits,
} from "./inflate.js";
export { writeFileAtomic } from "./atomic.js";
