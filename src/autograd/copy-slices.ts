/**
 * In-place writes through a view (PyTorch's `CopySlices`). When `view.mul_(2)` or
 * `buffer.index(0).copy_(y)` records a gradient, the base tensor's history must change too:
 * the base becomes "the old base with this region replaced by y". Its gradient then splits into
 * the part outside the region (to the old base) and the part inside (to y), and the view's new
 * history reads its region back out of the base.
 */
import { record } from "../ops/define.js";
import { indexAdd, take } from "../ops/indexing-gather.js";
import { where } from "../ops/composite.js";
import { tensor, zeros } from "../tensor/creation.js";
import { elementOffsets, isContiguousLayout } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";

/** True when `base` owns its storage row-major from offset 0, so storage offsets index it flat. */
export function canRebase(base: Tensor): boolean {
  return (
    base._offset === 0 && isContiguousLayout(base.shape, base._strides) && base.numel() === base.storage.data.length
  );
}

/**
 * Rewires history after `y` was written into `view` (a view of `view._base`): the base gets a
 * `CopySlices` node with edges to its old history and to `y`; the view gets a node that reads
 * its region from the base's new history.
 */
export function rebaseViewHistory(view: Tensor, y: Tensor): void {
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

  record("CopySlices", base, [base, y], (g) => [where(regionMask, 0, g), take(g.contiguous(), idx)]);
  record("AsStridedBackward0", view, [base], (g) => [
    indexAdd(zeros(base.numel(), { dtype: g.dtype }), 0, flatIdx, g.reshape([-1])).reshape(baseShape),
  ]);
}
