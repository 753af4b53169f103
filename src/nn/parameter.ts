/**
 * `nn.Parameter`: a Tensor that a Module registers as a learnable parameter. It shares storage
 * with the tensor it wraps (like `torch.nn.Parameter(t)`) and requires grad by default.
 */
import { Tensor } from "../tensor/tensor.js";

/**
 * A tensor registered as a module parameter; `requiresGrad` defaults to true.
 *
 * @example
 * const w = new nn.Parameter(torch.zeros(3, 2)); // Parameter containing: tensor(…, requires_grad=True)
 */
export class Parameter extends Tensor {
  constructor(data?: Tensor, requiresGrad = true) {
    const src = data ?? Tensor._empty([0], "float32");
    if (!(src instanceof Tensor)) {
      throw new TypeError(`[Parameter] expected a Tensor as data: got ${src === null ? "null" : typeof src}`);
    }
    super(src.storage, src.shape, src._strides, src._offset, src.dtype);
    this._kept = true; // no tidy scope releases a parameter
    if (requiresGrad) this.requiresGrad_(true);
  }

  /** PyTorch's `repr(param)`: `Parameter containing:\ntensor(…, requires_grad=True)`. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }

  override get [Symbol.toStringTag](): string {
    return "Parameter";
  }
}

/**
 * Replaces the data of `t` in place by `src`'s (PyTorch's `t.data = src`): `t` keeps its identity,
 * autograd state and `.grad`, but now views `src`'s storage with `src`'s shape and dtype.
 * @example setData(param, param.to("float64")); // fragment
 */
export function setData(t: Tensor, src: Tensor): void {
  t._setData(src);
}
