/**
 * Dropout modules: active in training mode only, masks from the global generator as PyTorch's.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkNumber } from "../../util/args.js";
import { params, splitArgs, type PosOrOpts } from "../functional/args.js";
import { dropout2dImpl, dropoutImpl, featureDropoutImpl } from "../functional/dropout.js";
import { Module } from "../module.js";

const DROPOUT = params("Dropout", ["p", "inplace"]);
const PARAMS = new Map(
  ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d"].map((n) => [n, params(n, ["p", "inplace"])] as const),
);

abstract class DropoutBase extends Module {
  readonly inplace: boolean;
  readonly p: number;
  constructor(...args: PosOrOpts<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>) {
    super();
    const name = new.target.name;
    const P = PARAMS.get(name) ?? DROPOUT;
    const [p, inplace] = splitArgs(P, args);
    this.p = p === undefined ? 0.5 : checkNumber(P.op, "p", p);
    if (!(this.p >= 0 && this.p <= 1))
      throw new RangeError(`[${P.op}] dropout probability has to be between 0 and 1, but got ${this.p}`);
    this.inplace = inplace === undefined ? false : checkBool(P.op, "inplace", inplace);
  }
  override extraRepr(): string {
    return `p=${Number.isInteger(this.p) ? this.p.toFixed(1) : this.p}, inplace=${this.inplace ? "True" : "False"}`;
  }
}

/** Zeroes elements with probability p in training, scaling the rest by 1/(1 − p). @example new nn.Dropout(0.2).call(x) */
export class Dropout extends DropoutBase {
  override forward(input: Tensor): Tensor {
    return dropoutImpl(input, this.p, this.training, this.inplace);
  }
}

/** Zeroes whole channels of [N, C, L] inputs. @example new nn.Dropout1d(0.2).call(x) */
export class Dropout1d extends DropoutBase {
  override forward(input: Tensor): Tensor {
    return featureDropoutImpl("dropout1d", input, this.p, this.training, this.inplace);
  }
}

/** Zeroes whole channels of [N, C, H, W] inputs. @example new nn.Dropout2d(0.2).call(x) */
export class Dropout2d extends DropoutBase {
  override forward(input: Tensor): Tensor {
    return dropout2dImpl(input, this.p, this.training, this.inplace);
  }
}

/** Zeroes whole channels of [N, C, D, H, W] inputs. @example new nn.Dropout3d(0.2).call(x) // fragment */
export class Dropout3d extends DropoutBase {
  override forward(input: Tensor): Tensor {
    return featureDropoutImpl("dropout3d", input, this.p, this.training, this.inplace);
  }
}
