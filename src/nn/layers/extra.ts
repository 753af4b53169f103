/**
 * Modules over the ops of functional/extra.ts: `Hardshrink`, `Softshrink`, `LocalResponseNorm`,
 * `LPPool1d`, `LPPool2d`, `Fold`, `Unfold`, `Threshold`, `Softmax2d`, `RReLU`, `AlphaDropout`,
 * `FeatureAlphaDropout`.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber } from "../../util/args.js";
import {
  floatStr,
  ntuple,
  optionsOf,
  params,
  pyBool,
  splitArgs,
  type IntOrTuple,
  type PosOrOpts,
} from "../functional/args.js";
import { fold, hardshrink, localResponseNorm, lpPool1d, lpPool2d, softshrink, unfold } from "../functional/extra.js";
import { softmax, threshold } from "../functional/activation.js";
import { alphaDropout, featureAlphaDropout, rrelu } from "../functional/dropout-extra.js";
import { adaptiveMaxPool1d, adaptiveMaxPool2d, adaptiveMaxPool3d } from "../functional/adaptive-max.js";
import { Module } from "../module.js";

const P_HS = params("Hardshrink", ["lambd"]);
const P_SS = params("Softshrink", ["lambd"]);
const P_LRN = params("LocalResponseNorm", ["size", "alpha", "beta", "k"], { required: 1 });
const P_LP1 = params("LPPool1d", ["normType", "kernelSize", "stride", "ceilMode"], { required: 2 });
const P_LP2 = params("LPPool2d", ["normType", "kernelSize", "stride", "ceilMode"], { required: 2 });
const P_UNFOLD = params("Unfold", ["kernelSize", "dilation", "padding", "stride"], { required: 1 });
const P_FOLD = params("Fold", ["outputSize", "kernelSize", "dilation", "padding", "stride"], { required: 2 });

const pyInts = (v: IntOrTuple): string =>
  typeof v === "number" ? String(v) : `(${v.join(", ")}${v.length === 1 ? "," : ""})`;

/** x where |x| > lambd, else 0. @example new nn.Hardshrink().call(x) // fragment */
export class Hardshrink extends Module {
  readonly lambd: number;
  constructor(...args: [] | [lambd: number] | [opts: { lambd?: number }]) {
    super();
    const l = splitArgs(P_HS, args)[0];
    this.lambd = l === undefined ? 0.5 : checkNumber("Hardshrink", "lambd", l);
  }
  override forward(input: Tensor): Tensor {
    return hardshrink(input, this.lambd);
  }
  override extraRepr(): string {
    return floatStr(this.lambd);
  }
}

/** Shrinks toward 0 by lambd. @example new nn.Softshrink(0.3).call(x) // fragment */
export class Softshrink extends Module {
  readonly lambd: number;
  constructor(...args: [] | [lambd: number] | [opts: { lambd?: number }]) {
    super();
    const l = splitArgs(P_SS, args)[0];
    this.lambd = l === undefined ? 0.5 : checkNumber("Softshrink", "lambd", l);
  }
  override forward(input: Tensor): Tensor {
    return softshrink(input, this.lambd);
  }
  override extraRepr(): string {
    return floatStr(this.lambd);
  }
}

/** Local response normalisation across channels. @example new nn.LocalResponseNorm(3).call(torch.randn(1, 6, 4, 4)) // fragment */
export class LocalResponseNorm extends Module {
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  constructor(
    ...args: PosOrOpts<
      [size: number, alpha: number, beta: number, k: number],
      { size?: number; alpha?: number; beta?: number; k?: number }
    >
  ) {
    super();
    const o = optionsOf<{ size: number; alpha?: number; beta?: number; k?: number }>(P_LRN, args);
    this.size = checkInt("LocalResponseNorm", "size", o.size, 1);
    this.alpha = o.alpha === undefined ? 1e-4 : checkNumber("LocalResponseNorm", "alpha", o.alpha);
    this.beta = o.beta === undefined ? 0.75 : checkNumber("LocalResponseNorm", "beta", o.beta);
    this.k = o.k === undefined ? 1 : checkNumber("LocalResponseNorm", "k", o.k);
  }
  override forward(input: Tensor): Tensor {
    return localResponseNorm(input, this.size, this.alpha, this.beta, this.k);
  }
  override extraRepr(): string {
    return `${this.size}, alpha=${floatStr(this.alpha)}, beta=${floatStr(this.beta)}, k=${floatStr(this.k)}`;
  }
}

type LpArgs = PosOrOpts<
  [normType: number, kernelSize: IntOrTuple, stride: IntOrTuple | null, ceilMode: boolean],
  { normType?: number; kernelSize?: IntOrTuple; stride?: IntOrTuple | null; ceilMode?: boolean }
>;

abstract class LPPoolNd extends Module {
  readonly normType: number;
  readonly kernelSize: IntOrTuple;
  readonly stride: IntOrTuple | null;
  readonly ceilMode: boolean;
  constructor(op: string, nd: number, args: readonly unknown[]) {
    super();
    const o = optionsOf<{ normType: number; kernelSize: IntOrTuple; stride?: IntOrTuple | null; ceilMode?: boolean }>(
      nd === 1 ? P_LP1 : P_LP2,
      args,
    );
    this.normType = checkNumber(op, "normType", o.normType);
    ntuple(op, "kernelSize", o.kernelSize, nd);
    this.kernelSize = o.kernelSize;
    if (o.stride !== undefined && o.stride !== null) ntuple(op, "stride", o.stride, nd);
    this.stride = o.stride ?? null;
    this.ceilMode = o.ceilMode === undefined ? false : checkBool(op, "ceilMode", o.ceilMode);
  }
  override extraRepr(): string {
    const s = this.stride === null ? "None" : pyInts(this.stride);
    return `norm_type=${String(this.normType)}, kernel_size=${pyInts(this.kernelSize)}, stride=${s}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/** 1-D power-average pooling. @example new nn.LPPool1d(2, 3).call(torch.rand(1, 2, 9)).shape // [1, 2, 3] */
export class LPPool1d extends LPPoolNd {
  constructor(...args: LpArgs) {
    super("LPPool1d", 1, args);
  }
  override forward(input: Tensor): Tensor {
    return lpPool1d(input, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }
}

/** 2-D power-average pooling. @example new nn.LPPool2d(2, 2).call(torch.rand(1, 2, 4, 4)).shape // [1, 2, 2, 2] */
export class LPPool2d extends LPPoolNd {
  constructor(...args: LpArgs) {
    super("LPPool2d", 2, args);
  }
  override forward(input: Tensor): Tensor {
    return lpPool2d(input, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }
}

interface FoldGeom {
  kernelSize: IntOrTuple;
  dilation?: IntOrTuple;
  padding?: IntOrTuple;
  stride?: IntOrTuple;
}

function geomRepr(g: Required<FoldGeom>): string {
  return `kernel_size=${pyInts(g.kernelSize)}, dilation=${pyInts(g.dilation)}, padding=${pyInts(g.padding)}, stride=${pyInts(g.stride)}`;
}

/** Sliding-block extraction (im2col). @example new nn.Unfold(2).call(torch.randn(1, 2, 4, 4)).shape // [1, 8, 9] */
export class Unfold extends Module {
  readonly geom: Required<FoldGeom>;
  constructor(
    ...args: PosOrOpts<
      [kernelSize: IntOrTuple, dilation: IntOrTuple, padding: IntOrTuple, stride: IntOrTuple],
      Partial<FoldGeom>
    >
  ) {
    super();
    const o = optionsOf<FoldGeom>(P_UNFOLD, args);
    this.geom = { kernelSize: o.kernelSize, dilation: o.dilation ?? 1, padding: o.padding ?? 0, stride: o.stride ?? 1 };
    for (const [k, v] of Object.entries(this.geom)) ntuple("Unfold", k, v, 2);
  }
  override forward(input: Tensor): Tensor {
    const g = this.geom;
    return unfold(input, g.kernelSize, g.dilation, g.padding, g.stride);
  }
  override extraRepr(): string {
    return geomRepr(this.geom);
  }
}

/** Sums sliding blocks into an image (col2im). @example new nn.Fold([4, 4], 2).call(torch.ones(1, 4, 9)).shape // [1, 1, 4, 4] */
export class Fold extends Module {
  readonly outputSize: IntOrTuple;
  readonly geom: Required<FoldGeom>;
  constructor(
    ...args: PosOrOpts<
      [outputSize: IntOrTuple, kernelSize: IntOrTuple, dilation: IntOrTuple, padding: IntOrTuple, stride: IntOrTuple],
      Partial<FoldGeom> & { outputSize?: IntOrTuple }
    >
  ) {
    super();
    const o = optionsOf<FoldGeom & { outputSize: IntOrTuple }>(P_FOLD, args);
    ntuple("Fold", "outputSize", o.outputSize, 2);
    this.outputSize = o.outputSize;
    this.geom = { kernelSize: o.kernelSize, dilation: o.dilation ?? 1, padding: o.padding ?? 0, stride: o.stride ?? 1 };
    for (const [k, v] of Object.entries(this.geom)) ntuple("Fold", k, v, 2);
  }
  override forward(input: Tensor): Tensor {
    const g = this.geom;
    return fold(input, this.outputSize, g.kernelSize, g.dilation, g.padding, g.stride);
  }
  override extraRepr(): string {
    return `output_size=${pyInts(this.outputSize)}, ${geomRepr(this.geom)}`;
  }
}

const P_TH = params("Threshold", ["threshold", "value", "inplace"], { required: 2 });
const P_RR = params("RReLU", ["lower", "upper", "inplace"]);
const P_AD = params("AlphaDropout", ["p", "inplace"]);
const P_FAD = params("FeatureAlphaDropout", ["p", "inplace"]);

/** x where x > threshold, else value. @example new nn.Threshold(0.1, 20).call(x) // fragment */
export class Threshold extends Module {
  readonly threshold: number;
  readonly value: number;
  readonly inplace: boolean;
  constructor(
    ...args:
      | [threshold: number, value: number]
      | [threshold: number, value: number, inplace: boolean]
      | [threshold: number, value: number, opts: { inplace?: boolean }]
      | [opts: { threshold: number; value: number; inplace?: boolean }]
  ) {
    super();
    const [t, v, i] = splitArgs(P_TH, args);
    this.threshold = checkNumber("Threshold", "threshold", t);
    this.value = checkNumber("Threshold", "value", v);
    this.inplace = i === undefined ? false : checkBool("Threshold", "inplace", i);
  }
  override forward(input: Tensor): Tensor {
    return threshold(input, this.threshold, this.value);
  }
  override extraRepr(): string {
    return `threshold=${floatStr(this.threshold)}, value=${floatStr(this.value)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

/** Softmax over the channels (dim −3) of [N, C, H, W] or [C, H, W]. @example new nn.Softmax2d().call(torch.randn(1, 3, 2, 2)) // fragment */
export class Softmax2d extends Module {
  override forward(input: Tensor): Tensor {
    if (input.dim() !== 3 && input.dim() !== 4) {
      throw new RangeError(`[Softmax2d] expected 3-D or 4-D input: got ${input.dim()}-D input`);
    }
    return softmax(input, -3);
  }
}

/** Randomised leaky ReLU. @example new nn.RReLU().call(x) // fragment */
export class RReLU extends Module {
  readonly lower: number;
  readonly upper: number;
  readonly inplace: boolean;
  constructor(
    ...args: PosOrOpts<
      [lower: number, upper: number, inplace: boolean],
      { lower?: number; upper?: number; inplace?: boolean }
    >
  ) {
    super();
    const [l, u, i] = splitArgs(P_RR, args);
    this.lower = l === undefined ? 1 / 8 : checkNumber("RReLU", "lower", l);
    this.upper = u === undefined ? 1 / 3 : checkNumber("RReLU", "upper", u);
    this.inplace = i === undefined ? false : checkBool("RReLU", "inplace", i);
  }
  override forward(input: Tensor): Tensor {
    return rrelu(input, this.lower, this.upper, this.training, this.inplace);
  }
  override extraRepr(): string {
    return `lower=${this.lower}, upper=${this.upper}${this.inplace ? ", inplace=True" : ""}`;
  }
}

abstract class AlphaDropoutBase extends Module {
  readonly p: number;
  readonly inplace: boolean;
  constructor(op: string, P: typeof P_AD, args: readonly unknown[]) {
    super();
    const [p, i] = splitArgs(P, args);
    this.p = p === undefined ? 0.5 : checkNumber(op, "p", p);
    if (!(this.p >= 0 && this.p <= 1)) {
      throw new RangeError(`[${op}] dropout probability has to be between 0 and 1, but got ${this.p}`);
    }
    this.inplace = i === undefined ? false : checkBool(op, "inplace", i);
  }
  override extraRepr(): string {
    return `p=${this.p}, inplace=${pyBool(this.inplace)}`;
  }
}

/** Alpha dropout (SELU networks), active in training. @example new nn.AlphaDropout(0.2).call(x) // fragment */
export class AlphaDropout extends AlphaDropoutBase {
  constructor(...args: PosOrOpts<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>) {
    super("AlphaDropout", P_AD, args);
  }
  override forward(input: Tensor): Tensor {
    return alphaDropout(input, this.p, this.training);
  }
}

/** Channel-wise alpha dropout, active in training. @example new nn.FeatureAlphaDropout(0.2).call(x) // fragment */
export class FeatureAlphaDropout extends AlphaDropoutBase {
  constructor(...args: PosOrOpts<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>) {
    super("FeatureAlphaDropout", P_FAD, args);
  }
  override forward(input: Tensor): Tensor {
    return featureAlphaDropout(input, this.p, this.training);
  }
}

const P_AMP1 = params("AdaptiveMaxPool1d", ["outputSize", "returnIndices"], { required: 1 });
const P_AMP2 = params("AdaptiveMaxPool2d", ["outputSize", "returnIndices"], { required: 1 });
const P_AMP3 = params("AdaptiveMaxPool3d", ["outputSize", "returnIndices"], { required: 1 });

abstract class AdaptiveMaxPoolNd extends Module {
  readonly outputSize: number | (number | null)[];
  readonly returnIndices: boolean;
  constructor(op: string, P: typeof P_AMP1, args: readonly unknown[]) {
    super();
    const [o, ri] = splitArgs(P, args);
    this.outputSize = (Array.isArray(o) ? [...(o as (number | null)[])] : o) as number | (number | null)[];
    this.returnIndices = ri === undefined ? false : checkBool(op, "returnIndices", ri);
  }
  override extraRepr(): string {
    const o = this.outputSize;
    const s = typeof o === "number" ? String(o) : `(${o.map((v) => (v === null ? "None" : String(v))).join(", ")})`;
    return `output_size=${s}`;
  }
}

/** 1-D adaptive max pooling. @example new nn.AdaptiveMaxPool1d(3).call(torch.randn(1, 2, 10)).shape // [1, 2, 3] */
export class AdaptiveMaxPool1d extends AdaptiveMaxPoolNd {
  constructor(
    ...args: PosOrOpts<[outputSize: number, returnIndices: boolean], { outputSize?: number; returnIndices?: boolean }>
  ) {
    super("AdaptiveMaxPool1d", P_AMP1, args);
  }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return adaptiveMaxPool1d(input, this.outputSize as number, { returnIndices: this.returnIndices as true });
  }
}

/** 2-D adaptive max pooling. @example new nn.AdaptiveMaxPool2d([2, 3]).call(torch.randn(1, 2, 7, 9)).shape // [1, 2, 2, 3] */
export class AdaptiveMaxPool2d extends AdaptiveMaxPoolNd {
  constructor(
    ...args: PosOrOpts<
      [outputSize: number | readonly (number | null)[], returnIndices: boolean],
      { outputSize?: number | readonly (number | null)[]; returnIndices?: boolean }
    >
  ) {
    super("AdaptiveMaxPool2d", P_AMP2, args);
  }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return adaptiveMaxPool2d(input, this.outputSize, { returnIndices: this.returnIndices as true });
  }
}

/** 3-D adaptive max pooling. @example new nn.AdaptiveMaxPool3d([2, 3, 4]).call(torch.randn(1, 2, 5, 7, 9)).shape // [1, 2, 2, 3, 4] */
export class AdaptiveMaxPool3d extends AdaptiveMaxPoolNd {
  constructor(
    ...args: PosOrOpts<
      [outputSize: number | readonly (number | null)[], returnIndices: boolean],
      { outputSize?: number | readonly (number | null)[]; returnIndices?: boolean }
    >
  ) {
    super("AdaptiveMaxPool3d", P_AMP3, args);
  }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return adaptiveMaxPool3d(input, this.outputSize, { returnIndices: this.returnIndices as true });
  }
}
