/**
 * Pooling layers: `MaxPool1d/2d/3d`, `AvgPool1d/2d/3d`, `AdaptiveAvgPool1d/2d/3d`, printed as PyTorch
 * prints them (arguments as given: `2` stays `2`, `[2, 2]` prints `(2, 2)`).
 */
import type { Tensor } from "../../tensor/tensor.js";
import { adaptiveAvgPoolImpl, avgPoolImpl, maxPoolImpl } from "../functional/pool.js";
import { checkBool, checkInt, describe } from "../../util/args.js";
import {
  ntuple,
  optionsOf,
  params,
  pyBool,
  splitArgs,
  tupleStr,
  type IntOrTuple,
  type ParamList,
  type PosOrOpts,
} from "../functional/args.js";
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
    args: readonly unknown[],
    private readonly nd: 1 | 2 | 3,
  ) {
    super();
    // PyTorch's order: stride, padding, dilation, return_indices, ceil_mode.
    const p = [MAXPOOL1D, MAXPOOL2D, MAXPOOL3D][nd - 1]!;
    const o = optionsOf<MaxPoolOptions>(p, args, 1);
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    checkWindow(p.op, nd, kernelSize, this.stride, this.padding, this.dilation);
    this.returnIndices = o.returnIndices === undefined ? false : checkBool(p.op, "returnIndices", o.returnIndices);
    this.ceilMode = o.ceilMode === undefined ? false : checkBool(p.op, "ceilMode", o.ceilMode);
  }
  override forward(input: Tensor): Tensor {
    // `[values, indices]` when returnIndices is set, as PyTorch's layer returns.
    const r = maxPoolImpl(`maxPool${this.nd}d`, this.nd, input, {
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
      returnIndices: this.returnIndices,
    });
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
  constructor(kernelSize: IntOrTuple, ...args: MaxPoolLayerArgs) {
    super(kernelSize, args, 1);
  }
}

/**
 * 2-D max pooling; `forward` returns `[values, indices]` when `returnIndices` is set.
 * @example new nn.MaxPool2d(2).call(torch.randn(1, 3, 28, 28)).shape // [1, 3, 14, 14]
 */
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: IntOrTuple, ...args: MaxPoolLayerArgs) {
    super(kernelSize, args, 2);
  }
}

/**
 * 3-D max pooling over `[N, C, D, H, W]`; `forward` returns `[values, indices]` when `returnIndices` is set.
 * @example new nn.MaxPool3d(2).call(torch.randn(1, 3, 4, 8, 8)).shape // [1, 3, 2, 4, 4]
 */
export class MaxPool3d extends MaxPoolNd {
  constructor(kernelSize: IntOrTuple, ...args: MaxPoolLayerArgs) {
    super(kernelSize, args, 3);
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

function avgOpts(p: ParamList, kernelSize: IntOrTuple, args: readonly unknown[]): AvgPoolOptions {
  const o = optionsOf<AvgPoolOptions>(p, args, 1);
  checkWindow(
    p.op,
    p === AVGPOOL1D ? 1 : p === AVGPOOL3D ? 3 : 2,
    kernelSize,
    o.stride ?? kernelSize,
    o.padding ?? 0,
    1,
  );
  if (o.ceilMode !== undefined) checkBool(p.op, "ceilMode", o.ceilMode);
  if (o.countIncludePad !== undefined) checkBool(p.op, "countIncludePad", o.countIncludePad);
  if (o.divisorOverride !== undefined && o.divisorOverride !== null) {
    checkInt(p.op, "divisorOverride", o.divisorOverride, -Infinity);
    if (o.divisorOverride === 0) throw new RangeError(`[${p.op}] divisor must be not zero`);
  }
  return o;
}

/** Checks a pooling window at construction: kernel, stride, dilation > 0, padding ≥ 0. */
function checkWindow(
  op: string,
  nd: number,
  kernelSize: IntOrTuple,
  stride: IntOrTuple,
  padding: IntOrTuple,
  dilation: IntOrTuple,
): void {
  for (const [name, v, min] of [
    ["kernel_size", kernelSize, 1],
    ["stride", stride, 1],
    ["padding", padding, 0],
    ["dilation", dilation, 1],
  ] as const) {
    const t = ntuple(op, name, v, nd);
    if (t.some((x) => x < min))
      throw new RangeError(`[${op}] ${name} must be ${min === 1 ? "positive" : "non-negative"}: got ${tupleStr(t)}`);
  }
}

/** Max-pool layer arguments after the kernel size: PyTorch's order, then optionally options. */
export type MaxPoolLayerArgs = PosOrOpts<
  [
    stride: IntOrTuple | null | undefined,
    padding: IntOrTuple,
    dilation: IntOrTuple,
    returnIndices: boolean,
    ceilMode: boolean,
  ],
  MaxPoolOptions
>;

/** Average-pool layer arguments after the kernel size: PyTorch's order, then optionally options. */
export type AvgPoolLayerArgs = PosOrOpts<
  [
    stride: IntOrTuple | null | undefined,
    padding: IntOrTuple,
    ceilMode: boolean,
    countIncludePad: boolean,
    divisorOverride: number | null,
  ],
  AvgPoolOptions
>;

/** `AvgPool1d` arguments after the kernel size. */
export type AvgPool1dLayerArgs = PosOrOpts<
  [stride: IntOrTuple | null | undefined, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean],
  Omit<AvgPoolOptions, "divisorOverride">
>;

const MAXPOOL_NAMES = ["stride", "padding", "dilation", "returnIndices", "ceilMode"];
const MAXPOOL1D = params("MaxPool1d", MAXPOOL_NAMES);
const MAXPOOL2D = params("MaxPool2d", MAXPOOL_NAMES);
const MAXPOOL3D = params("MaxPool3d", MAXPOOL_NAMES);
const AVGPOOL1D = params("AvgPool1d", ["stride", "padding", "ceilMode", "countIncludePad"]);
const AVGPOOL2D = params("AvgPool2d", ["stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"]);
const AVGPOOL3D = params("AvgPool3d", ["stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"]);
const ADAPTIVE1D = params("AdaptiveAvgPool1d", []);
const ADAPTIVE2D = params("AdaptiveAvgPool2d", []);
const ADAPTIVE3D = params("AdaptiveAvgPool3d", []);

/** PyTorch's adaptive output size: an int ≥ 0, or one per dim (null keeps the input's). */
function checkOutputSize(op: string, nd: number, v: unknown, rest: readonly unknown[]): void {
  splitArgs([ADAPTIVE1D, ADAPTIVE2D, ADAPTIVE3D][nd - 1]!, rest, 1);
  const list = typeof v === "number" ? new Array<unknown>(nd).fill(v) : Array.isArray(v) ? (v as unknown[]) : null;
  if (
    list === null ||
    (list.length !== nd && !(nd === 2 && list.length === 1)) ||
    list.some((x) => x !== null && (typeof x !== "number" || !Number.isInteger(x)))
  ) {
    throw new TypeError(`[${op}] output_size must be an integer or ${nd} integers (or null): got ${describe(v)}`);
  }
  if (list.some((x) => x !== null && (x as number) < 0))
    throw new RangeError(`[${op}] output_size must be non-negative: got ${JSON.stringify(v)}`);
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
  constructor(kernelSize: IntOrTuple, ...args: AvgPool1dLayerArgs) {
    super();
    const o = avgOpts(AVGPOOL1D, kernelSize, args);
    this.kernelSize = ntuple("AvgPool1d", "kernel_size", kernelSize, 1);
    this.stride = ntuple("AvgPool1d", "stride", o.stride ?? kernelSize, 1);
    this.padding = ntuple("AvgPool1d", "padding", o.padding ?? 0, 1);
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
  }
  override forward(input: Tensor): Tensor {
    return avgPoolImpl("avgPool1d", 1, input, {
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      divisorOverride: null,
    });
  }
  override extraRepr(): string {
    return `kernel_size=${tupleStr(this.kernelSize)}, stride=${tupleStr(this.stride)}, padding=${tupleStr(this.padding)}`;
  }
}

/** Average pooling over 2 or 3 spatial dims (1-D keeps tuple sizes, as PyTorch's: above). */
abstract class AvgPoolNd extends Module {
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
  constructor(
    readonly kernelSize: IntOrTuple,
    args: readonly unknown[],
    private readonly nd: 2 | 3,
  ) {
    super();
    const o = avgOpts(nd === 2 ? AVGPOOL2D : AVGPOOL3D, kernelSize, args);
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
    this.divisorOverride = o.divisorOverride ?? null;
  }
  override forward(input: Tensor): Tensor {
    return avgPoolImpl(`avgPool${this.nd}d`, this.nd, input, {
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      divisorOverride: this.divisorOverride,
    });
  }
  override extraRepr(): string {
    return `kernel_size=${argStr(this.kernelSize)}, stride=${argStr(this.stride)}, padding=${argStr(this.padding)}`;
  }
}

/**
 * 2-D average pooling.
 * @example new nn.AvgPool2d(2).call(torch.randn(1, 3, 8, 8)).shape // [1, 3, 4, 4]
 */
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: IntOrTuple, ...args: AvgPoolLayerArgs) {
    super(kernelSize, args, 2);
  }
}

/**
 * 3-D average pooling over `[N, C, D, H, W]`.
 * @example new nn.AvgPool3d(2).call(torch.randn(1, 3, 4, 8, 8)).shape // [1, 3, 2, 4, 4]
 */
export class AvgPool3d extends AvgPoolNd {
  constructor(kernelSize: IntOrTuple, ...args: AvgPoolLayerArgs) {
    super(kernelSize, args, 3);
  }
}

/**
 * 1-D adaptive average pooling to a fixed length.
 * @example new nn.AdaptiveAvgPool1d(5).call(torch.randn(1, 64, 8)).shape // [1, 64, 5]
 */
export class AdaptiveAvgPool1d extends Module {
  constructor(
    readonly outputSize: number,
    ...rest: []
  ) {
    super();
    checkOutputSize("AdaptiveAvgPool1d", 1, outputSize, rest);
  }
  override forward(input: Tensor): Tensor {
    return adaptiveAvgPoolImpl("adaptiveAvgPool1d", 1, input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${argStr(this.outputSize)}`;
  }
}

/** Adaptive average pooling over 2 or 3 spatial dims (`null` keeps that input size). */
abstract class AdaptiveAvgPoolNd extends Module {
  constructor(
    readonly outputSize: number | readonly (number | null)[],
    rest: readonly unknown[],
    private readonly nd: 2 | 3,
  ) {
    super();
    checkOutputSize(`AdaptiveAvgPool${nd}d`, nd, outputSize, rest);
  }
  override forward(input: Tensor): Tensor {
    return adaptiveAvgPoolImpl(`adaptiveAvgPool${this.nd}d`, this.nd, input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${argStr(this.outputSize)}`;
  }
}

/**
 * 2-D adaptive average pooling to a fixed size (`null` keeps that input size).
 * @example new nn.AdaptiveAvgPool2d([5, 7]).call(torch.randn(1, 64, 8, 9)).shape // [1, 64, 5, 7]
 */
export class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
  constructor(outputSize: number | readonly (number | null)[], ...rest: []) {
    super(outputSize, rest, 2);
  }
}

/**
 * 3-D adaptive average pooling to a fixed size (`null` keeps that input size).
 * @example new nn.AdaptiveAvgPool3d([2, 3, 4]).call(torch.randn(1, 8, 5, 6, 7)).shape // [1, 8, 2, 3, 4]
 */
export class AdaptiveAvgPool3d extends AdaptiveAvgPoolNd {
  constructor(outputSize: number | readonly (number | null)[], ...rest: []) {
    super(outputSize, rest, 3);
  }
}
