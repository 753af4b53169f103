/**
 * In-place tensor utilities: `zero_()`, `fill_(value)`, `copy_(src)`. They overwrite self, so the
 * gradient to self's previous value is zero; `copy_` passes the gradient on to `src`.
 */
import { activeBackend } from "../backend/registry.js";
import { zerosLike } from "../tensor/creation.js";
import { checkFits } from "../tensor/dtype.js";
import { broadcastShapes, shapesEqual } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { dualState } from "../autograd/dual.js";
import { isGradEnabled } from "../autograd/mode.js";
import {
  castTo,
  checkInplace,
  describe,
  empty,
  expandedView,
  inplace,
  record,
  sumToShape,
  type TensorLike,
} from "./define.js";
import { checkTensor, isScalar } from "./elementwise-internal.js";
import { defineOp } from "./registry.js";

/** A fresh tensor shaped and typed like `self`, every element `value` (scalar or 0-d tensor). */
function filledLike(self: Tensor, value: TensorLike): Tensor {
  const out = empty(self.shape, self.dtype, undefined, self);
  if (value instanceof Tensor) activeBackend().copy(expandedView(value, self.shape), out._v);
  else activeBackend().fill(out._v, typeof value === "boolean" ? (value ? 1 : 0) : value);
  return out;
}

/**
 * True when overwriting `self` (from `src`) needs no history: no gradient is being recorded for
 * either and no forward-mode level is open. Then the value is written into self directly, not
 * computed into a temporary and copied (which cost a fresh allocation and a second pass).
 */
function untracked(self: Tensor, src: Tensor | null): boolean {
  return dualState.level === null && !(isGradEnabled() && (self.requiresGrad || src?.requiresGrad === true));
}

function fill(op: string, self: Tensor, value: TensorLike, gradName: string): Tensor {
  checkTensor(op, self);
  if (!(value instanceof Tensor) && !isScalar(value)) {
    throw new TypeError(`[${op}] expected value to be a number or a 0-d Tensor: got ${describe(value)}`);
  }
  if (value instanceof Tensor && value.dim() !== 0) {
    throw new RangeError(`[${op}] only a 0-dimensional value tensor is supported: got ${value.dim()} dimension(s)`);
  }
  // PyTorch converts the fill value to self's dtype with its overflow check (a cast would wrap);
  // a value on a device is copied as a device op there (no read-back), as PyTorch's copy_ path
  if (!(value instanceof Tensor && value.storage.device !== "cpu")) {
    checkFits(op, self.dtype, value instanceof Tensor ? value.item() : value, true);
  }
  if (untracked(self, value instanceof Tensor ? value : null)) {
    checkInplace(op, self);
    const b = activeBackend();
    if (value instanceof Tensor) b.copy(expandedView(value, self.shape), self._v);
    else b.fill(self._v, typeof value === "boolean" ? (value ? 1 : 0) : value);
    self._bumpVersion();
    return self;
  }
  return inplace(op, self, (s) => {
    const out = filledLike(s, value);
    const v = value instanceof Tensor && value.requiresGrad ? value : null;
    return record(gradName, out, [s, v], (g) => [zerosLike(g), v === null ? null : castTo(sumToShape(g, []), v.dtype)]);
  });
}

function copyInto(self: Tensor, src: Tensor): Tensor {
  checkTensor("copy_", self);
  checkTensor("copy_", src, "src");
  const shape = broadcastShapes("copy_", src.shape, self.shape);
  if (!shapesEqual(shape, self.shape)) {
    throw new RangeError(
      `[copy_] output with shape [${self.shape.join(", ")}] doesn't match the broadcast shape [${shape.join(", ")}]`,
    );
  }
  if (src.storage !== self.storage && untracked(self, src)) {
    checkInplace("copy_", self);
    activeBackend().copy(expandedView(src, self.shape), self._v);
    self._bumpVersion();
    return self;
  }
  return inplace("copy_", self, (s) => {
    const out = filledLike(s, src);
    const from = src.isFloatingPoint() ? src : null;
    return record("CopyBackwards", out, [s, from], (g) => [
      zerosLike(g),
      from === null ? null : sumToShape(castTo(g, from.dtype), from.shape),
    ]);
  });
}

/**
 * Sets every element to zero, in place.
 * @example torch.ones(2).zero_() // tensor([0., 0.])
 */
export const zero_ = defineOp(
  "zero_",
  { family: "fill", mode: "method", kernels: ["fill"], gradNames: ["ZeroBackward0"] },
  function zero_(self: Tensor): Tensor {
    return fill("zero_", self, 0, "ZeroBackward0");
  },
);

/**
 * Sets every element to `value` (a number or 0-d tensor, cast to self's dtype), in place.
 * @example torch.zeros(2, { dtype: "int64" }).fill_(2.7) // tensor([2, 2])
 */
export const fill_ = defineOp(
  "fill_",
  { family: "fill", mode: "method", kernels: ["fill", "copy"], gradNames: ["FillBackward2", "FillBackward3"] },
  function fill_(self: Tensor, value: TensorLike): Tensor {
    return fill("fill_", self, value, value instanceof Tensor ? "FillBackward3" : "FillBackward2");
  },
);

/**
 * Copies `src` into self, broadcasting it and casting to self's dtype; gradients flow to `src`.
 * @example torch.zeros(2, 2).copy_(torch.tensor([1, 2]))
 */
export const copy_ = defineOp(
  "copy_",
  { family: "fill", mode: "method", kernels: ["copy"], gradNames: ["CopyBackwards"] },
  function copy_(self: Tensor, src: Tensor): Tensor {
    return copyInto(self, src);
  },
);
