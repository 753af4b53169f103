/**
 * Dropout modules: active in training mode only, masks from the global generator as PyTorch's.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { dropout, dropout1d, dropout2d, dropout3d } from "../functional/dropout.js";
import { Module } from "../module.js";

abstract class DropoutBase extends Module {
  readonly inplace: boolean;
  constructor(
    readonly p = 0.5,
    opts: { inplace?: boolean } = {},
  ) {
    super();
    if (!(p >= 0 && p <= 1))
      throw new RangeError(`[${new.target.name}] dropout probability has to be between 0 and 1, but got ${p}`);
    this.inplace = opts.inplace ?? false;
  }
  override extraRepr(): string {
    return `p=${Number.isInteger(this.p) ? this.p.toFixed(1) : this.p}, inplace=${this.inplace ? "True" : "False"}`;
  }
}

/** Zeroes elements with probability p in training, scaling the rest by 1/(1 − p). @example new nn.Dropout(0.2).call(x) */
export class Dropout extends DropoutBase {
  override forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.training);
  }
}

/** Zeroes whole channels of [N, C, L] inputs. @example new nn.Dropout1d(0.2).call(x) */
export class Dropout1d extends DropoutBase {
  override forward(input: Tensor): Tensor {
    return dropout1d(input, this.p, this.training);
  }
}

/** Zeroes whole channels of [N, C, H, W] inputs. @example new nn.Dropout2d(0.2).call(x) */
export class Dropout2d extends DropoutBase {
  override forward(input: Tensor): Tensor {
    return dropout2d(input, this.p, this.training);
  }
}

/** Zeroes whole channels of [N, C, D, H, W] inputs. @example new nn.Dropout3d(0.2).call(x) // fragment */
export class Dropout3d extends DropoutBase {
  override forward(input: Tensor): Tensor {
    return dropout3d(input, this.p, this.training);
  }
}
