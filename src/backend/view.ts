/**
 * The kernel-facing view of a tensor: a strided window onto a typed array. Every backend kernel
 * reads and writes these; backend.ts (the kernel interface) and fused.ts (fused kernels) share it.
 */
import type { DType, StorageArray } from "../tensor/dtype.js";

/** A strided window onto a typed array: what every kernel reads and writes. */
export interface View {
  readonly data: StorageArray;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}
