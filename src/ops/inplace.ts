/**
 * PyTorch's in-place rules, shared by every `x.op_()` the registry installs and by the ops that
 * write into a given tensor: refusing leaves that require grad and self-overlapping views, the
 * cast check, and rewriting history when a view of another tensor is written (`CopySlices`:
 * the base becomes "the old base with this region replaced", its gradient splitting into the
 * part outside the region and the part inside).
 */
import { copyTangent } from "../autograd/dual.js";
import { isGradEnabled } from "../autograd/mode.js";
import { activeBackend } from "../backend/registry.js";
import { tensor, zeros } from "../tensor/creation.js";
import { storageElements } from "../tensor/device-memory.js";
import { canCast, TORCH_TYPE_NAMES, type DType } from "../tensor/dtype.js";
import { elementOffsets, isContiguousLayout, shapesEqual } from "../tensor/shape.js";
import { inferenceState } from "../tensor/inference.js";
import { Tensor } from "../tensor/tensor.js";
import { castTo, empty, record } from "./core.js";

/** Refuses in-place writes PyTorch refuses: leaves that require grad, self-overlapping views. */
export function checkInplace(op: string, self: Tensor): void {
  if (isGradEnabled() && self.isLeaf && self.requiresGrad) {
    throw new Error(
      `[${op}] a leaf Variable that requires grad is being used in an in-place operation: wrap the update in torch.noGrad(() => ...) or use the out-of-place op`,
    );
  }
  if (self.storage.inference && !inferenceState.on) {
    throw new Error(
      `[${op}] in-place update to an inference tensor outside inferenceMode is not allowed: clone() it first, or do the update inside torch.inferenceMode`,
    );
  }
  const base = self._base;
  if (isGradEnabled() && base !== null && base.isLeaf && base.requiresGrad) {
    throw new Error(
      `[${op}] a view of a leaf Variable that requires grad is being used in an in-place operation: wrap the update in torch.noGrad(() => ...) or clone() first`,
    );
  }
  for (let i = 0; i < self.dim(); i++) {
    if (self._strides[i] === 0 && self.shape[i]! > 1) {
      throw new Error(
        `[${op}] unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.`,
      );
    }
  }
}

/** PyTorch's error when an op's result dtype cannot be written into the tensor given for it. */
export function checkCast(op: string, result: DType, into: DType): void {
  if (!canCast(result, into)) {
    throw new TypeError(
      `[${op}] result type ${TORCH_TYPE_NAMES[result]} can't be cast to the desired output type ${TORCH_TYPE_NAMES[into]}`,
    );
  }
}

/** True when `base` owns its storage row-major from offset 0, so storage offsets index it flat. */
function canRebase(base: Tensor): boolean {
  return (
    base._offset === 0 &&
    isContiguousLayout(base.shape, base._strides) &&
    base.numel() === storageElements(base.storage.data)
  );
}

/**
 * Rewires history after `y` was written into `view` (a view of `view._base`): the base gets a
 * `CopySlices` node with edges to its old history and to `y`; the view gets a node that reads
 * its region from the base's new history. (Backward formulas use Tensor methods: the ops they
 * name are declared above this module.)
 */
function rebaseViewHistory(view: Tensor, y: Tensor): void {
  const base = view._base!;
  // Flat positions (in the base) of the view's elements, row-major in the view's shape.
  const positions = Array.from(elementOffsets(view.shape, view._strides, view._offset));
  const idx = tensor(positions, { dtype: "int64" }).reshape([...view.shape]);
  const flatIdx = idx.reshape([-1]);
  const inRegion = zeros(base.numel(), { dtype: "bool" });
  const mask = inRegion.dataSync() as Uint8Array;
  for (const p of positions) mask[p] = 1;
  const regionMask = tensor(mask, { dtype: "bool" }).reshape([...base.shape]);
  const baseShape = [...base.shape];

  record("CopySlices", base, [base, y], (g) => [g.maskedFill(regionMask, 0), g.contiguous().take(idx)]);
  record("AsStridedBackward0", view, [base], (g) => [
    zeros(base.numel(), { dtype: g.dtype })
      .indexAdd(0, flatIdx, g.reshape([-1]))
      .reshape(baseShape),
  ]);
}

/**
 * Runs an in-place op as `self ← compute(self)`: computes out of place, then writes the result
 * into self's memory and, when recording, makes self's history the result's.
 */
export function inplace(op: string, self: Tensor, compute: (selfIn: Tensor) => Tensor): Tensor {
  checkInplace(op, self);
  const fresh = Tensor._freshMark();
  let y = compute(self);
  checkCast(op, y.dtype, self.dtype);
  if (!shapesEqual(y.shape, self.shape)) {
    throw new RangeError(
      `[${op}] output with shape [${self.shape.join(", ")}] doesn't match the broadcast shape [${y.shape.join(", ")}]`,
    );
  }
  if (y.gradFn !== null) {
    if (self._base !== null && !canRebase(self._base)) {
      throw new Error(
        `[${op}] in-place operation on a view of a non-contiguous base that requires grad is not supported: use the out-of-place op (x = x.${op.replace(/_$/, "")}(...)) or clone() the view first`,
      );
    }
    // The node may have saved `self`; recompute from a snapshot that keeps self's history.
    const snapshot = empty(self.shape, self.dtype, op, self);
    activeBackend().copy(self._v, snapshot._v);
    snapshot.gradFn = self.gradFn;
    snapshot._requiresGrad = self._requiresGrad;
    copyTangent(self, snapshot);
    y = castTo(compute(snapshot), self.dtype);
  }
  activeBackend().copy(y._v, self._v);
  self._bumpVersion();
  copyTangent(y, self);
  if (y.gradFn !== null) {
    if (self._base !== null) rebaseViewHistory(self, y);
    else self.gradFn = y.gradFn;
  } else if (y !== self && y.storage.serial > fresh) {
    // The out-of-place result was only a carrier and no graph saved it: its memory goes back to
    // the pool now, so the next in-place op reuses it warm (left to the GC, every `x.relu_()` on
    // 1e6 elements wrote 4 MB of cold memory and cost 10x the out-of-place op).
    y.dispose();
  }
  return self;
}
