/**
 * `FractionalMaxPool2d/3d`: the layers of `F.fractionalMaxPool2d/3d`. A `_randomSamples` tensor
 * given at construction is kept as the buffer `_random_samples` (PyTorch's state-dict key) and
 * fixes the windows; otherwise each forward draws fresh samples from the global generator.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { checkBool } from "../../util/args.js";
import { fractionalMaxPoolImpl } from "../functional/fractional.js";
import { ntuple, optionsOf, params, type IntOrTuple, type PosOrOpts } from "../functional/args.js";
import { Module } from "../module.js";

/** Keyword arguments of the fractional max-pooling layers. */
export interface FractionalMaxPoolOptions {
  outputSize?: IntOrTuple | null;
  outputRatio?: number | readonly number[] | null;
  returnIndices?: boolean;
  _randomSamples?: Tensor | null;
}

/** Fractional max-pool layer arguments after the kernel size: PyTorch's order, or options. */
export type FractionalMaxPoolLayerArgs = PosOrOpts<
  [
    outputSize: IntOrTuple | null | undefined,
    outputRatio: number | readonly number[] | null | undefined,
    returnIndices: boolean,
    _randomSamples: Tensor | null,
  ],
  FractionalMaxPoolOptions
>;

const NAMES = ["outputSize", "outputRatio", "returnIndices", "_randomSamples"];
const P = { 2: params("FractionalMaxPool2d", NAMES), 3: params("FractionalMaxPool3d", NAMES) };

abstract class FractionalMaxPoolNd extends Module {
  readonly kernelSize: number[];
  readonly outputSize: number[] | null;
  readonly outputRatio: number[] | null;
  readonly returnIndices: boolean;
  declare _random_samples: Tensor | null;
  constructor(
    kernelSize: IntOrTuple,
    args: readonly unknown[],
    private readonly nd: 2 | 3,
  ) {
    super();
    const p = P[nd];
    const o = optionsOf<FractionalMaxPoolOptions>(p, args, 1);
    this.kernelSize = ntuple(p.op, "kernel_size", kernelSize, nd);
    this.returnIndices = o.returnIndices === undefined ? false : checkBool(p.op, "returnIndices", o.returnIndices);
    this.registerBuffer("_random_samples", o._randomSamples ?? null);
    const size = o.outputSize ?? null;
    const ratio = o.outputRatio ?? null;
    if (size === null && ratio === null)
      throw new TypeError(`[${p.op}] requires either an outputSize or an outputRatio: got neither`);
    if (size !== null && ratio !== null)
      throw new TypeError(`[${p.op}] only one of outputSize and outputRatio may be given: got both`);
    this.outputSize = size === null ? null : ntuple(p.op, "output_size", size, nd);
    if (ratio === null) this.outputRatio = null;
    else {
      const r = typeof ratio === "number" ? new Array<number>(nd).fill(ratio) : [...ratio];
      const list = r.length === 1 ? new Array<number>(nd).fill(r[0]!) : r;
      if (list.length !== nd || list.some((v) => typeof v !== "number" || !(v > 0 && v < 1))) {
        throw new RangeError(`[${p.op}] outputRatio must be between 0 and 1: got ${JSON.stringify(ratio)}`);
      }
      this.outputRatio = list;
    }
  }
  override forward(input: Tensor): Tensor {
    // `[values, indices]` when returnIndices is set, as PyTorch's layer returns.
    const r = fractionalMaxPoolImpl(this.nd, input, [
      this.kernelSize,
      this.outputSize,
      this.outputRatio,
      this.returnIndices,
      this._random_samples,
    ]);
    return r as unknown as Tensor;
  }
}

/**
 * 2-D fractional max pooling; `forward` returns `[values, indices]` when `returnIndices` is set.
 * @example new nn.FractionalMaxPool2d(3, { outputRatio: 0.5 }).call(torch.randn(1, 2, 10, 10)).shape // [1, 2, 5, 5]
 */
export class FractionalMaxPool2d extends FractionalMaxPoolNd {
  constructor(kernelSize: IntOrTuple, ...args: FractionalMaxPoolLayerArgs) {
    super(kernelSize, args, 2);
  }
}

/**
 * 3-D fractional max pooling; `forward` returns `[values, indices]` when `returnIndices` is set.
 * @example new nn.FractionalMaxPool3d(2, { outputSize: 3 }).call(torch.randn(1, 2, 6, 6, 6)).shape // [1, 2, 3, 3, 3]
 */
export class FractionalMaxPool3d extends FractionalMaxPoolNd {
  constructor(kernelSize: IntOrTuple, ...args: FractionalMaxPoolLayerArgs) {
    super(kernelSize, args, 3);
  }
}
