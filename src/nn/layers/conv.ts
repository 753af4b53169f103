/**
 * `Conv1d/2d/3d`, `ConvTranspose1d/2d/3d` with PyTorch's arguments, default
 * initialisation (kaiming-uniform a=√5, bias U(±1/√fan_in), same draws in the same order),
 * state-dict keys and printing. Arguments after the kernel size may be given positionally in
 * PyTorch's order or as one options object.
 */
import type { DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { convNd, convTransposeNd, padImpl, type ConvPadding } from "../functional/conv.js";
import { checkBool, checkInt, describe } from "../../util/args.js";
import { ntuple, optionsOf, params, pyBool, tupleStr, type IntOrTuple, type PosOrOpts } from "../functional/args.js";
import * as init from "../init.js";
import { Module } from "../module.js";
import type { Parameter } from "../parameter.js";
import { emptyParam } from "./linear.js";

/** How a convolution pads: zeros (the conv's own padding) or an F.pad mode applied first. */
export type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";

/** Keyword arguments of the convolution layers. */
export interface ConvOptions {
  stride?: IntOrTuple;
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode;
  /** Transposed convolutions only. */
  outputPadding?: IntOrTuple;
  dtype?: DType;
}

/** Conv layer arguments after the kernel size: PyTorch's order, then optionally {@link ConvOptions}. */
export type ConvLayerArgs = PosOrOpts<
  [
    stride: IntOrTuple,
    padding: ConvPadding,
    dilation: IntOrTuple,
    groups: number,
    bias: boolean,
    paddingMode: PaddingMode,
  ],
  Omit<ConvOptions, "outputPadding">
>;

/** Transposed conv layer arguments after the kernel size: PyTorch's order, then optionally {@link ConvOptions}. */
export type ConvTransposeLayerArgs = PosOrOpts<
  [
    stride: IntOrTuple,
    padding: IntOrTuple,
    outputPadding: IntOrTuple,
    groups: number,
    bias: boolean,
    dilation: IntOrTuple,
    paddingMode: "zeros",
  ],
  ConvOptions
>;

const CONV_NAMES = ["stride", "padding", "dilation", "groups", "bias", "paddingMode"];
const CONVT_NAMES = ["stride", "padding", "outputPadding", "groups", "bias", "dilation", "paddingMode"];
const KW = { kwOnly: ["dtype"] };
const CONV1D = params("Conv1d", CONV_NAMES, KW);
const CONV2D = params("Conv2d", CONV_NAMES, KW);
const CONVT1D = params("ConvTranspose1d", CONVT_NAMES, KW);
const CONVT2D = params("ConvTranspose2d", CONVT_NAMES, KW);
const CONV3D = params("Conv3d", CONV_NAMES, KW);
const CONVT3D = params("ConvTranspose3d", CONVT_NAMES, KW);

abstract class ConvNd extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | "same" | "valid";
  readonly dilation: number[];
  readonly outputPadding: number[];
  readonly groups: number;
  readonly paddingMode: PaddingMode;
  readonly transposed: boolean;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: IntOrTuple,
    nd: number,
    transposed: boolean,
    o: ConvOptions,
  ) {
    super();
    const name = `${transposed ? "ConvTranspose" : "Conv"}${nd}d`;
    checkInt(name, "inChannels", inChannels, 1);
    checkInt(name, "outChannels", outChannels, 1);
    this.groups = o.groups ?? 1;
    if (typeof this.groups !== "number" || !Number.isInteger(this.groups))
      throw new TypeError(`[${name}] groups must be an integer: got ${describe(this.groups)}`);
    if (this.groups <= 0) throw new RangeError(`[${name}] groups must be a positive integer: got ${this.groups}`);
    if (o.bias !== undefined) checkBool(name, "bias", o.bias);
    if (inChannels % this.groups !== 0)
      throw new RangeError(
        `[${name}] in_channels must be divisible by groups: got ${inChannels} and groups=${this.groups}`,
      );
    if (outChannels % this.groups !== 0)
      throw new RangeError(
        `[${name}] out_channels must be divisible by groups: got ${outChannels} and groups=${this.groups}`,
      );
    this.kernelSize = ntuple(name, "kernel_size", kernelSize, nd);
    if (this.kernelSize.some((k) => k <= 0))
      throw new RangeError(`[${name}] kernel_size must be positive: got ${tupleStr(this.kernelSize)}`);
    this.stride = ntuple(name, "stride", o.stride ?? 1, nd);
    if (this.stride.some((v) => v <= 0))
      throw new RangeError(`[${name}] stride must be positive: got ${tupleStr(this.stride)}`);
    const p = o.padding ?? 0;
    if (typeof p === "string") {
      if (p !== "same" && p !== "valid")
        throw new RangeError(`[${name}] invalid padding string '${p}', should be one of ['valid', 'same']`);
      if (p === "same" && this.stride.some((s) => s !== 1))
        throw new RangeError(`[${name}] padding='same' is not supported for strided convolutions`);
    }
    this.padding = typeof p === "string" ? p : ntuple(name, "padding", p, nd);
    if (typeof this.padding !== "string" && this.padding.some((v) => v < 0))
      throw new RangeError(`[${name}] padding must be non-negative: got ${tupleStr(this.padding)}`);
    this.dilation = ntuple(name, "dilation", o.dilation ?? 1, nd);
    if (this.dilation.some((v) => v <= 0))
      throw new RangeError(`[${name}] dilation must be positive: got ${tupleStr(this.dilation)}`);
    this.outputPadding = ntuple(name, "output_padding", o.outputPadding ?? 0, nd);
    this.paddingMode = o.paddingMode ?? "zeros";
    if (!["zeros", "reflect", "replicate", "circular"].includes(this.paddingMode)) {
      throw new RangeError(
        `[${name}] padding_mode must be one of zeros, reflect, replicate or circular: got '${this.paddingMode}'`,
      );
    }
    if (transposed && this.paddingMode !== "zeros")
      throw new RangeError(`[${name}] only "zeros" padding mode is supported for ${name}`);
    this.transposed = transposed;
    const wshape = transposed
      ? [inChannels, outChannels / this.groups, ...this.kernelSize]
      : [outChannels, inChannels / this.groups, ...this.kernelSize];
    this.weight = emptyParam(wshape, o.dtype);
    this.bias = o.bias === false ? null : emptyParam([outChannels], o.dtype);
    this.resetParameters();
  }

  /** PyTorch's default initialisation, redrawn from the global generator. */
  resetParameters(): void {
    // kaiming_uniform(a=√5) gives U(±1/√fan_in), like the bias.
    init.kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias !== null) {
      const [fanIn] = init._calculateFanInAndFanOut(this.weight);
      if (fanIn !== 0) init.uniform_(this.bias, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
    }
  }

  /** PyTorch's `extra_repr`: only non-default settings after the stride. */
  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${tupleStr(this.kernelSize)}, stride=${tupleStr(this.stride)}`;
    if (typeof this.padding === "string") s += `, padding=${this.padding}`;
    else if (this.padding.some((v) => v !== 0)) s += `, padding=${tupleStr(this.padding)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${tupleStr(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${tupleStr(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += `, bias=${pyBool(false)}`;
    if (this.paddingMode !== "zeros") s += `, padding_mode=${this.paddingMode}`;
    return s;
  }

  /** @internal the transposed convolution with this layer's settings. */
  protected _convTranspose(op: string, nd: number, input: Tensor): Tensor {
    return convTransposeNd(op, nd, input, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding as number[],
      outputPadding: this.outputPadding,
      groups: this.groups,
      dilation: this.dilation,
    });
  }

  /** @internal the convolution, with F.pad first for non-zero padding modes. */
  protected _conv(op: string, nd: number, input: Tensor): Tensor {
    if (this.paddingMode !== "zeros" && typeof this.padding !== "string") {
      const pads: number[] = [];
      for (let i = nd - 1; i >= 0; i--) pads.push(this.padding[i]!, this.padding[i]!);
      const x = padImpl(input, pads, this.paddingMode, null);
      return convNd(op, nd, x, this.weight, this.bias, {
        stride: this.stride,
        padding: 0,
        dilation: this.dilation,
        groups: this.groups,
      });
    }
    return convNd(op, nd, input, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }
}

/**
 * 1-D convolution layer over `[N, C_in, L]`.
 * @example new nn.Conv1d(16, 33, 3, { stride: 2 }).call(torch.randn(20, 16, 50)).shape // [20, 33, 24]
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, ...args: ConvLayerArgs) {
    super(inChannels, outChannels, kernelSize, 1, false, optionsOf<ConvOptions>(CONV1D, args, 3));
  }
  override forward(input: Tensor): Tensor {
    return this._conv("Conv1d", 1, input);
  }
  /** @internal The convolution is a fresh tensor this layer keeps nothing of (a subclass's forward may). */
  override get _returnsOwnedOutput(): boolean {
    return this.forward === Conv1d.prototype.forward;
  }
}

/**
 * 2-D convolution layer over `[N, C_in, H, W]`.
 * @example new nn.Conv2d(1, 32, 3).call(torch.randn(8, 1, 28, 28)).shape // [8, 32, 26, 26]
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, ...args: ConvLayerArgs) {
    super(inChannels, outChannels, kernelSize, 2, false, optionsOf<ConvOptions>(CONV2D, args, 3));
  }
  override forward(input: Tensor): Tensor {
    return this._conv("Conv2d", 2, input);
  }
  /** @internal The convolution is a fresh tensor this layer keeps nothing of (a subclass's forward may). */
  override get _returnsOwnedOutput(): boolean {
    return this.forward === Conv2d.prototype.forward;
  }
}

/**
 * 1-D transposed convolution layer; weight `[C_in, C_out/groups, kW]`.
 * @example new nn.ConvTranspose1d(4, 2, 3, 2).call(torch.randn(1, 4, 5)).shape // [1, 2, 11]
 */
export class ConvTranspose1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, ...args: ConvTransposeLayerArgs) {
    super(inChannels, outChannels, kernelSize, 1, true, optionsOf<ConvOptions>(CONVT1D, args, 3));
  }
  override forward(input: Tensor): Tensor {
    return this._convTranspose("ConvTranspose1d", 1, input);
  }
}

/**
 * 2-D transposed convolution layer; weight `[C_in, C_out/groups, kH, kW]`.
 * @example new nn.ConvTranspose2d(16, 8, 2, 2).call(torch.randn(1, 16, 7, 7)).shape // [1, 8, 14, 14]
 */
export class ConvTranspose2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, ...args: ConvTransposeLayerArgs) {
    super(inChannels, outChannels, kernelSize, 2, true, optionsOf<ConvOptions>(CONVT2D, args, 3));
  }
  override forward(input: Tensor): Tensor {
    return this._convTranspose("ConvTranspose2d", 2, input);
  }
}

/**
 * 3-D convolution layer over `[N, C_in, D, H, W]`.
 * @example new nn.Conv3d(2, 4, 3, { padding: 1 }).call(torch.randn(1, 2, 5, 6, 7)).shape // [1, 4, 5, 6, 7]
 */
export class Conv3d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, ...args: ConvLayerArgs) {
    super(inChannels, outChannels, kernelSize, 3, false, optionsOf<ConvOptions>(CONV3D, args, 3));
  }
  override forward(input: Tensor): Tensor {
    return this._conv("Conv3d", 3, input);
  }
  /** @internal The convolution is a fresh tensor this layer keeps nothing of (a subclass's forward may). */
  override get _returnsOwnedOutput(): boolean {
    return this.forward === Conv3d.prototype.forward;
  }
}

/**
 * 3-D transposed convolution layer; weight `[C_in, C_out/groups, kD, kH, kW]`.
 * @example new nn.ConvTranspose3d(4, 2, 2, 2).call(torch.randn(1, 4, 3, 3, 3)).shape // [1, 2, 6, 6, 6]
 */
export class ConvTranspose3d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, ...args: ConvTransposeLayerArgs) {
    super(inChannels, outChannels, kernelSize, 3, true, optionsOf<ConvOptions>(CONVT3D, args, 3));
  }
  override forward(input: Tensor): Tensor {
    return this._convTranspose("ConvTranspose3d", 3, input);
  }
}
