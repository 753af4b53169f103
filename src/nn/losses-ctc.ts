/** `nn.CTCLoss`: the module over {@link ctcLoss} (functional/ctc.ts). */
import type { Tensor } from "../tensor/tensor.js";
import { params, type PosOrOpts } from "./functional/args.js";
import { ctcLossImpl, ctcOptions, type CTCLossOptions } from "./functional/ctc.js";
import type { Reduction } from "./functional/losses.js";
import { Loss } from "./loss-base.js";

const P_CTC = params("CTCLoss", ["blank", "reduction", "zeroInfinity"]);

/**
 * Connectionist temporal classification loss; `forward(logProbs, targets, inputLengths, targetLengths)`.
 * @example const ctc = new nn.CTCLoss({ blank: 0 }); ctc.call(logProbs, targets, inputLengths, targetLengths) // fragment
 */
export class CTCLoss extends Loss {
  readonly blank: number;
  readonly zeroInfinity: boolean;
  constructor(...args: PosOrOpts<[blank: number, reduction: Reduction, zeroInfinity: boolean], CTCLossOptions>) {
    super(P_CTC, args);
    const [blank, , zi] = ctcOptions("CTCLoss", this._o);
    this.blank = blank;
    this.zeroInfinity = zi;
  }
  override forward(
    logProbs: Tensor,
    targets: Tensor,
    inputLengths: Tensor | readonly number[],
    targetLengths: Tensor | readonly number[],
  ): Tensor {
    return ctcLossImpl(
      "CTCLoss",
      logProbs,
      targets,
      inputLengths,
      targetLengths,
      this.blank,
      this.reduction,
      this.zeroInfinity,
    );
  }
}
