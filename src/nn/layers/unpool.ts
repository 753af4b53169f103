/**
 * `MaxUnpool1d/2d/3d`: the layers of `F.maxUnpool*` (sizes stored as tuples, as PyTorch prints
 * them); `forward(input, indices, outputSize?)`.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { maxUnpoolImpl } from "../functional/unpool.js";
import { ntuple, optionsOf, params, tupleStr, type IntOrTuple, type PosOrOpts } from "../functional/args.js";
import { Module } from "../module.js";

/** Keyword arguments of the max-unpooling layers. */
export interface MaxUnpoolOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
}

/** Max-unpool layer arguments after the kernel size: `stride, padding`, or an options object. */
export type MaxUnpoolLayerArgs = PosOrOpts<
  [stride: IntOrTuple | null | undefined, padding: IntOrTuple],
  MaxUnpoolOptions
>;

const NAMES = ["stride", "padding"];
const PARAMS = [params("MaxUnpool1d", NAMES), params("MaxUnpool2d", NAMES), params("MaxUnpool3d", NAMES)];

abstract class MaxUnpoolNd extends Module {
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  constructor(
    kernelSize: IntOrTuple,
    args: readonly unknown[],
    private readonly nd: 1 | 2 | 3,
  ) {
    super();
    const p = PARAMS[nd - 1]!;
    const o = optionsOf<MaxUnpoolOptions>(p, args, 1);
    this.kernelSize = ntuple(p.op, "kernel_size", kernelSize, nd);
    this.stride = ntuple(p.op, "stride", o.stride ?? kernelSize, nd);
    this.padding = ntuple(p.op, "padding", o.padding ?? 0, nd);
    for (const [name, t, min] of [
      ["kernel_size", this.kernelSize, 1],
      ["stride", this.stride, 1],
      ["padding", this.padding, 0],
    ] as const) {
      if (t.some((v) => v < min))
        throw new RangeError(
          `[${p.op}] ${name} must be ${min === 1 ? "positive" : "non-negative"}: got ${tupleStr(t)}`,
        );
    }
  }
  /** Unpools `input` with the `indices` of the matching max pool; `outputSize` as in `F.maxUnpool*`. */
  override forward(input: Tensor, indices: Tensor, outputSize: readonly number[] | null = null): Tensor {
    return maxUnpoolImpl(`maxUnpool${this.nd}d`, this.nd, input, indices, {
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      outputSize,
    });
  }
  override extraRepr(): string {
    return `kernel_size=${tupleStr(this.kernelSize)}, stride=${tupleStr(this.stride)}, padding=${tupleStr(this.padding)}`;
  }
}

/**
 * 1-D max unpooling (the inverse of `MaxPool1d` with `returnIndices`).
 * @example const [v, i] = new nn.MaxPool1d(2, { returnIndices: true }).call(torch.randn(1, 2, 8)); new nn.MaxUnpool1d(2).call(v, i).shape // [1, 2, 8]
 */
export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(kernelSize: IntOrTuple, ...args: MaxUnpoolLayerArgs) {
    super(kernelSize, args, 1);
  }
}

/**
 * 2-D max unpooling (the inverse of `MaxPool2d` with `returnIndices`).
 * @example const [v, i] = new nn.MaxPool2d(2, { returnIndices: true }).call(torch.randn(1, 2, 4, 4)); new nn.MaxUnpool2d(2).call(v, i).shape // [1, 2, 4, 4]
 */
export class MaxUnpool2d extends MaxUnpoolNd {
  constructor(kernelSize: IntOrTuple, ...args: MaxUnpoolLayerArgs) {
    super(kernelSize, args, 2);
  }
}

/**
 * 3-D max unpooling (the inverse of `MaxPool3d` with `returnIndices`).
 * @example const [v, i] = new nn.MaxPool3d(2, { returnIndices: true }).call(torch.randn(1, 2, 4, 4, 4)); new nn.MaxUnpool3d(2).call(v, i).shape // [1, 2, 4, 4, 4]
 */
export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(kernelSize: IntOrTuple, ...args: MaxUnpoolLayerArgs) {
    super(kernelSize, args, 3);
  }
}
