/**
 * PyTorch's in-place view ops (`x.t_()`, `x.transpose_(0, 1)`, `x.squeeze_()`, `x.unsqueeze_(0)`,
 * `swapaxes_`/`swapdims_`): self keeps its identity and storage and takes the layout of the view
 * op's result. No data is written, yet PyTorch counts them as in-place: a leaf (or a view of a
 * leaf) that requires grad is refused, the version counter is bumped, and self's history becomes
 * the view's (`TBackward1`, `TransposeBackward1`, `SqueezeBackward2/3`, `UnsqueezeBackward1`).
 */
import { sequenceMark } from "../autograd/node.js";
import { isGradEnabled } from "../autograd/mode.js";
import { copyTangent } from "../autograd/dual.js";
import type { Tensor } from "../tensor/tensor.js";
import { nameOutput } from "./core.js";
import { checkTensor } from "./elementwise-internal.js";
import { squeeze, t, transpose, unsqueeze } from "./movement-view.js";
import { alias, defineOp } from "./registry.js";

/** The leaf rules of an in-place op (a view op writes nothing, so self-overlap is allowed). */
function checkLeaf(op: string, self: Tensor): void {
  if (!isGradEnabled()) return;
  if (self.isLeaf && self.requiresGrad) {
    throw new Error(
      `[${op}] a leaf Variable that requires grad is being used in an in-place operation: wrap the update in torch.noGrad(() => ...) or use the out-of-place op`,
    );
  }
  const base = self._base;
  if (base !== null && base.isLeaf && base.requiresGrad) {
    throw new Error(
      `[${op}] a view of a leaf Variable that requires grad is being used in an in-place operation: wrap the update in torch.noGrad(() => ...) or clone() first`,
    );
  }
}

/** Gives `self` the layout of `view(self)` in place, with the view's history named `gradName`. */
function viewInPlace(op: string, self: Tensor, gradName: string, view: (s: Tensor) => Tensor): Tensor {
  checkTensor(op, self);
  checkLeaf(op, self);
  const mark = sequenceMark();
  const y = nameOutput(view(self), gradName, mark);
  self._restride(y.shape, y._strides, y._offset);
  self._bumpVersion();
  copyTangent(y, self);
  if (y.gradFn !== null) self.gradFn = y.gradFn;
  return self;
}

/**
 * Transposes a tensor of at most 2 dimensions in place (`x.t_()`); returns self.
 * @example const x = torch.zeros(2, 3); x.t_(); x.shape // [3, 2]
 */
export const t_ = defineOp(
  "t_",
  { family: "movement", mode: "method", gradNames: ["TBackward1"] },
  function t_(self: Tensor): Tensor {
    return viewInPlace("t_", self, "TBackward1", (s) => t(s));
  },
);

/**
 * Swaps dimensions `dim0` and `dim1` in place (`x.transpose_(0, 1)`); returns self.
 * @example const x = torch.zeros(2, 3, 4); x.transpose_(0, 2); x.shape // [4, 3, 2]
 */
export const transpose_ = defineOp(
  "transpose_",
  { family: "movement", mode: "method", gradNames: ["TransposeBackward1"] },
  function transpose_(self: Tensor, dim0: number, dim1: number): Tensor {
    return viewInPlace("transpose_", self, "TransposeBackward1", (s) => transpose(s, dim0, dim1));
  },
);

/** NumPy's name for {@link transpose_} (`x.swapaxes_(0, 1)`). @example torch.zeros(2, 3).swapaxes_(0, 1).shape // [3, 2] */
export const swapaxes_ = alias("swapaxes_", transpose_);

/** Another name for {@link transpose_} (`x.swapdims_(0, 1)`). @example torch.zeros(2, 3).swapdims_(0, 1).shape // [3, 2] */
export const swapdims_ = alias("swapdims_", transpose_);

/**
 * Removes size-1 dimensions in place (all of them, or only `dim` when it has size 1); returns self.
 * @example const x = torch.zeros(1, 3, 1); x.squeeze_(); x.shape // [3]
 */
export const squeeze_ = defineOp(
  "squeeze_",
  { family: "movement", mode: "method", gradNames: ["SqueezeBackward2", "SqueezeBackward3"] },
  function squeeze_(self: Tensor, dim?: number): Tensor {
    const all = dim === undefined || dim === null;
    return viewInPlace("squeeze_", self, all ? "SqueezeBackward2" : "SqueezeBackward3", (s) =>
      all ? squeeze(s) : squeeze(s, dim),
    );
  },
);

/**
 * Inserts a size-1 dimension at `dim` in place; returns self.
 * @example const x = torch.zeros(3); x.unsqueeze_(0); x.shape // [1, 3]
 */
export const unsqueeze_ = defineOp(
  "unsqueeze_",
  { family: "movement", mode: "method", gradNames: ["UnsqueezeBackward1"] },
  function unsqueeze_(self: Tensor, dim: number): Tensor {
    return viewInPlace("unsqueeze_", self, "UnsqueezeBackward1", (s) => unsqueeze(s, dim));
  },
);
