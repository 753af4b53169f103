/**
 * Pooling layers: `MaxPool1d/2d`, `AvgPool1d/2d`, `AdaptiveAvgPool1d/2d`, printed as PyTorch
 * prints them (arguments as given: `2` stays `2`, `[2, 2]` prints `(2, 2)`).
 */
import type { Tensor } from "../../tensor/tensor.js";
import {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  avgPool1d,
  avgPool2d,
  maxPool1d,
  maxPool2d,
} from "../functional/pool.js";
import { isOptions, ntuple, pyBool, tupleStr, type IntOrTuple } from "../functional/args.js";
import { Module } from "../module.js";

/** Python text of an int-or-tuple argument, as given. */
function argStr(v: IntOrTuple | null | readonly (number | null)[]): string {
  if (v === null) return "None";
  return typeof v === "number" ? String(v) : tupleStr(v);
}

/** Keyword arguments of the max-pooling layers. */
export interface MaxPoolOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  returnIndices?: boolean;
  ceilMode?: boolean;
}

abstract class MaxPoolNd extends Module {
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly dilation: IntOrTuple;
  readonly returnIndices: boolean;
  readonly ceilMode: boolean;
  constructor(
    readonly kernelSize: IntOrTuple,
    args: (IntOrTuple | boolean | null | MaxPoolOptions | undefined)[],
    private readonly nd: 1 | 2,
  ) {
    super();
    // PyTorch's order: stride, padding, dilation, return_indices, ceil_mode.
    const o: MaxPoolOptions =
      args.length === 1 && isOptions(args[0])
        ? (args[0] as MaxPoolOptions)
        : {
            stride: args[0] as IntOrTuple | null | undefined,
            padding: args[1] as IntOrTuple | undefined,
            dilation: args[2] as IntOrTuple | undefined,
            returnIndices: args[3] as boolean | undefined,
            ceilMode: args[4] as boolean | undefined,
          };
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.returnIndices = o.returnIndices ?? false;
    this.ceilMode = o.ceilMode ?? false;
  }
  override forward(input: Tensor): Tensor {
    // `[values, indices]` when returnIndices is set, as PyTorch's layer returns.
    const pool = this.nd === 1 ? maxPool1d : maxPool2d;
    const r = pool(
      input,
      this.kernelSize,
      this.stride,
      this.padding,
      this.dilation,
      this.ceilMode,
      this.returnIndices as true,
    );
    return r as unknown as Tensor;
  }
  override extraRepr(): string {
    return `kernel_size=${argStr(this.kernelSize)}, stride=${argStr(this.stride)}, padding=${argStr(this.padding)}, dilation=${argStr(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/**
 * 1-D max pooling; `forward` returns `[values, indices]` when `returnIndices` is set.
 * @example new nn.MaxPool1d(2).call(torch.randn(1, 3, 8)).shape // [1, 3, 4]
 */
export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: IntOrTuple, ...args: (IntOrTuple | boolean | null | MaxPoolOptions | undefined)[]) {
    super(kernelSize, args, 1);
  }
}

/**
 * 2-D max pooling; `forward` returns `[values, indices]` when `returnIndices` is set.
 * @example new nn.MaxPool2d(2).call(torch.randn(1, 3, 28, 28)).shape // [1, 3, 14, 14]
 */
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: IntOrTuple, ...args: (IntOrTuple | boolean | null | MaxPoolOptions | undefined)[]) {
    super(kernelSize, args, 2);
  }
}

/** Keyword arguments of the average-pooling layers. */
export interface AvgPoolOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

function avgOpts(args: (IntOrTuple | boolean | null | AvgPoolOptions | undefined)[]): AvgPoolOptions {
  if (args.length === 1 && isOptions(args[0])) return args[0] as AvgPoolOptions;
  return {
    stride: args[0] as IntOrTuple | null | undefined,
    padding: args[1] as IntOrTuple | undefined,
    ceilMode: args[2] as boolean | undefined,
    countIncludePad: args[3] as boolean | undefined,
    divisorOverride: args[4] as number | null | undefined,
  };
}

/**
 * 1-D average pooling (PyTorch stores and prints its sizes as 1-tuples).
 * @example new nn.AvgPool1d(2).call(torch.randn(1, 3, 8)).shape // [1, 3, 4]
 */
export class AvgPool1d extends Module {
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  constructor(kernelSize: IntOrTuple, ...args: (IntOrTuple | boolean | null | AvgPoolOptions | undefined)[]) {
    super();
    const o = avgOpts(args);
    this.kernelSize = ntuple("AvgPool1d", "kernel_size", kernelSize, 1);
    this.stride = ntuple("AvgPool1d", "stride", o.stride ?? kernelSize, 1);
    this.padding = ntuple("AvgPool1d", "padding", o.padding ?? 0, 1);
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
  }
  override forward(input: Tensor): Tensor {
    return avgPool1d(input, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad);
  }
  override extraRepr(): string {
    return `kernel_size=${tupleStr(this.kernelSize)}, stride=${tupleStr(this.stride)}, padding=${tupleStr(this.padding)}`;
  }
}

/**
 * 2-D average pooling.
 * @example new nn.AvgPool2d(2).call(torch.randn(1, 3, 8, 8)).shape // [1, 3, 4, 4]
 */
export class AvgPool2d extends Module {
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
  constructor(
    readonly kernelSize: IntOrTuple,
    ...args: (IntOrTuple | boolean | null | AvgPoolOptions | undefined)[]
  ) {
    super();
    const o = avgOpts(args);
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
    this.divisorOverride = o.divisorOverride ?? null;
  }
  override forward(input: Tensor): Tensor {
    return avgPool2d(
      input,
      this.kernelSize,
      this.stride,
      this.padding,
      this.ceilMode,
      this.countIncludePad,
      this.divisorOverride,
    );
  }
  override extraRepr(): string {
    return `kernel_size=${argStr(this.kernelSize)}, stride=${argStr(this.stride)}, padding=${argStr(this.padding)}`;
  }
}

/**
 * 1-D adaptive average pooling to a fixed length.
 * @example new nn.AdaptiveAvgPool1d(5).call(torch.randn(1, 64, 8)).shape // [1, 64, 5]
 */
export class AdaptiveAvgPool1d extends Module {
  constructor(readonly outputSize: number) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return adaptiveAvgPool1d(input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${argStr(this.outputSize)}`;
  }
}

/**
 * 2-D adaptive average pooling to a fixed size (`null` keeps that input size).
 * @example new nn.AdaptiveAvgPool2d([5, 7]).call(torch.randn(1, 64, 8, 9)).shape // [1, 64, 5, 7]
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | readonly (number | null)[]) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return adaptiveAvgPool2d(input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${argStr(this.outputSize)}`;
  }
}
