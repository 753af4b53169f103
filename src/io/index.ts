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
export { save, load, saveToBytes, loadFromBytes } from "./save-load.js";
export { loadTorchPt, isTorchPt, isAllowedGlobal, restrictedUnpickle } from "./torch-pt.js";
export { saveCheckpoint, loadCheckpoint, type Checkpoint, type CheckpointParts } from "./checkpoint.js";
export { writeFileAtomic } from "./atomic.js";
