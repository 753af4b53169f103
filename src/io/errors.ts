/**
 * Typed errors for everything read from or written to a file. Each carries a stable `code`, so
 * callers can branch on it; messages follow the `[op] what is wrong: got X, expected Y` style.
 */

/** Stable codes of {@link SafetensorsError}. */
export type SafetensorsErrorCode =
  | "TRUNCATED"
  | "HEADER_TOO_LARGE"
  | "HEADER_INVALID"
  | "INVALID_JSON"
  | "DUPLICATE_KEY"
  | "UNKNOWN_DTYPE"
  | "INVALID_SHAPE"
  | "SHAPE_OVERFLOW"
  | "INVALID_OFFSETS"
  | "OVERLAPPING_OFFSETS"
  | "SIZE_MISMATCH"
  | "INCOMPLETE_BUFFER"
  | "INVALID_METADATA"
  | "INVALID_OBJECT"
  | "UNSUPPORTED_VALUE"
  | "UNREADABLE";

/**
 * A malformed safetensors buffer, or a value that cannot be saved.
 * @example try { io.deserialize(bytes) } catch (e) { if (e instanceof io.SafetensorsError) console.log(e.code) }
 */
export class SafetensorsError extends Error {
  override name = "SafetensorsError";
  constructor(
    readonly code: SafetensorsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[safetensors] ${message}`, options);
  }
}

/** Stable codes of {@link TorchPtError}. */
export type TorchPtErrorCode =
  | "NOT_A_PT_FILE"
  | "TRUNCATED"
  | "ZIP_INVALID"
  | "ZIP_UNSUPPORTED"
  | "ZIP_ENTRY_MISSING"
  | "ZIP_DUPLICATE_ENTRY"
  | "ZIP_CRC_MISMATCH"
  | "PICKLE_INVALID"
  | "PICKLE_OPCODE_NOT_ALLOWED"
  | "PICKLE_GLOBAL_NOT_ALLOWED"
  | "STORAGE_MISSING"
  | "STORAGE_INVALID"
  | "TENSOR_INVALID"
  | "INFLATE_LIMIT"
  | "OPTION_INVALID"
  | "UNREADABLE";

/**
 * A malformed or unsupported PyTorch `.pt`/`.pth` file.
 * @example try { torch.load("m.pt") } catch (e) { if (e instanceof io.TorchPtError) console.log(e.code) }
 */
export class TorchPtError extends Error {
  override name = "TorchPtError";
  constructor(
    readonly code: TorchPtErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[torch.load] ${message}`, options);
  }
}

/**
 * A pickle that asks for something outside the allowlist (a global such as `os.system`, or an
 * opcode that builds arbitrary objects). Nothing from the file is ever executed.
 * @example catch (e) { if (e instanceof io.UnsafePickleError) console.log(e.global) } // "posix.system" (fragment)
 */
export class UnsafePickleError extends TorchPtError {
  override name = "UnsafePickleError";
  constructor(
    code: "PICKLE_GLOBAL_NOT_ALLOWED" | "PICKLE_OPCODE_NOT_ALLOWED",
    message: string,
    /** The rejected global (`module.name`) or opcode name. */
    readonly global: string,
  ) {
    super(code, message);
  }
}

/** Stable codes of {@link CheckpointError}. */
export type CheckpointErrorCode = "WRITE_FAILED" | "NOT_FOUND" | "INVALID_CHECKPOINT";

/**
 * A failed crash-safe write (the previous file is left intact) or an unusable checkpoint.
 * @example catch (e) { if (e instanceof io.CheckpointError && e.code === "NOT_FOUND") startFresh() } // fragment
 */
export class CheckpointError extends Error {
  override name = "CheckpointError";
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[checkpoint] ${message}`, options);
  }
}
