/**
 * Normalisation layers: `BatchNorm1d/2d/3d` (buffers `running_mean`, `running_var`,
 * `num_batches_tracked` under PyTorch's state-dict keys), `LayerNorm`, `GroupNorm`.
 */
import { noGrad } from "../../autograd/mode.js";
import { ones, zeros } from "../../tensor/creation.js";
import type { DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { floatStr, pyBool, shapeStr, tupleStr } from "../functional/args.js";
import { batchNormImpl, groupNormImpl, layerNormImpl } from "../functional/norm.js";
import { checkBool, checkInt, checkNumber, describe } from "../../util/args.js";
import { optionsOf, params, type ParamList, type PosOrOpts } from "../functional/args.js";
import * as init from "../init.js";
import { Module } from "../module.js";
import type { Parameter } from "../parameter.js";
import { emptyParam } from "./linear.js";

/** Keyword arguments of the batch-norm layers. */
export interface BatchNormOptions {
  eps?: number;
  /** `null`: cumulative moving average (1/num_batches_tracked). */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
  dtype?: DType;
}

/** Batch-norm layer arguments after `numFeatures`: PyTorch's order, then optionally options. */
export type BatchNormLayerArgs = PosOrOpts<
  [eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean],
  BatchNormOptions
>;

const BN_NAMES = ["eps", "momentum", "affine", "trackRunningStats"];
const KW = { kwOnly: ["dtype"] };
const BN1D = params("BatchNorm1d", BN_NAMES, KW);
const BN2D = params("BatchNorm2d", BN_NAMES, KW);
const BN3D = params("BatchNorm3d", BN_NAMES, KW);
const LN = params("LayerNorm", ["eps", "elementwiseAffine"], KW);
const GN = params("GroupNorm", ["eps", "affine"], KW);

abstract class BatchNormNd extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;

  constructor(
    readonly numFeatures: number,
    p: ParamList,
    args: readonly unknown[],
  ) {
    super();
    const o = optionsOf<BatchNormOptions>(p, args, 1);
    checkInt(p.op, "numFeatures", numFeatures, 1);
    this.eps = o.eps === undefined ? 1e-5 : checkNumber(p.op, "eps", o.eps, { min: 0 });
    this.momentum =
      o.momentum === undefined ? 0.1 : o.momentum === null ? null : checkNumber(p.op, "momentum", o.momentum);
    this.affine = o.affine === undefined ? true : checkBool(p.op, "affine", o.affine);
    this.trackRunningStats =
      o.trackRunningStats === undefined ? true : checkBool(p.op, "trackRunningStats", o.trackRunningStats);
    this.weight = this.affine ? emptyParam([numFeatures], o.dtype) : null;
    this.bias = this.affine ? emptyParam([numFeatures], o.dtype) : null;
    if (this.trackRunningStats) {
      this.registerBuffer("running_mean", zeros([numFeatures], { dtype: o.dtype }));
      this.registerBuffer("running_var", ones([numFeatures], { dtype: o.dtype }));
      this.registerBuffer("num_batches_tracked", zeros([], { dtype: "int64" }));
    } else {
      this.registerBuffer("running_mean", null);
      this.registerBuffer("running_var", null);
      this.registerBuffer("num_batches_tracked", null);
    }
    this.resetParameters();
  }

  /** The running mean buffer (`running_mean`). */
  get runningMean(): Tensor | null {
    return this.running_mean;
  }
  /** The running variance buffer (`running_var`). */
  get runningVar(): Tensor | null {
    return this.running_var;
  }
  /** Number of training batches seen (`num_batches_tracked`). */
  get numBatchesTracked(): Tensor | null {
    return this.num_batches_tracked;
  }

  /** Zeroes the running mean and batch count, sets the running variance to one. */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    noGrad(() => {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    });
  }

  /** Running stats reset; weight ← 1, bias ← 0. */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.affine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }

  protected abstract _checkInputDim(input: Tensor): void;

  override forward(input: Tensor): Tensor {
    this._checkInputDim(input);
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.num_batches_tracked !== null) {
      noGrad(() => this.num_batches_tracked!.add_(1));
      factor = this.momentum === null ? 1 / Number(this.num_batches_tracked.item()) : this.momentum;
    }
    // Batch statistics in training, or when there are no running stats to use.
    const bnTraining = this.training || (this.running_mean === null && this.running_var === null);
    const useRunning = !this.training || this.trackRunningStats;
    return batchNormImpl(
      input,
      useRunning ? this.running_mean : null,
      useRunning ? this.running_var : null,
      this.weight,
      this.bias,
      bnTraining,
      factor,
      this.eps,
    );
  }

  override extraRepr(): string {
    const m = this.momentum === null ? "None" : floatStr(this.momentum);
    return `${this.numFeatures}, eps=${floatStr(this.eps)}, momentum=${m}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

/**
 * Batch normalisation over `[N, C]` or `[N, C, L]` inputs.
 * @example new nn.BatchNorm1d(16).call(torch.randn(8, 16)).shape // [8, 16]
 */
export class BatchNorm1d extends BatchNormNd {
  constructor(numFeatures: number, ...args: BatchNormLayerArgs) {
    super(numFeatures, BN1D, args);
  }
  protected _checkInputDim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) {
      throw new RangeError(
        `[BatchNorm1d] expected input of shape [N, ${this.numFeatures}] or [N, ${this.numFeatures}, L] (2-D or 3-D): got ${shapeStr(input.shape)}`,
      );
    }
  }
}

/**
 * Batch normalisation over `[N, C, H, W]` inputs.
 * @example new nn.BatchNorm2d(16).call(torch.randn(8, 16, 5, 5)).shape // [8, 16, 5, 5]
 */
export class BatchNorm2d extends BatchNormNd {
  constructor(numFeatures: number, ...args: BatchNormLayerArgs) {
    super(numFeatures, BN2D, args);
  }
  protected _checkInputDim(input: Tensor): void {
    if (input.dim() !== 4) {
      throw new RangeError(
        `[BatchNorm2d] expected input of shape [N, ${this.numFeatures}, H, W] (4-D): got ${shapeStr(input.shape)}`,
      );
    }
  }
}

/**
 * Batch normalisation over `[N, C, D, H, W]` inputs.
 * @example new nn.BatchNorm3d(4).call(torch.randn(2, 4, 3, 5, 5)).shape // [2, 4, 3, 5, 5]
 */
export class BatchNorm3d extends BatchNormNd {
  constructor(numFeatures: number, ...args: BatchNormLayerArgs) {
    super(numFeatures, BN3D, args);
  }
  protected _checkInputDim(input: Tensor): void {
    if (input.dim() !== 5) {
      throw new RangeError(
        `[BatchNorm3d] expected input of shape [N, ${this.numFeatures}, D, H, W] (5-D): got ${shapeStr(input.shape)}`,
      );
    }
  }
}

/** Keyword arguments of `LayerNorm`. */
export interface LayerNormOptions {
  eps?: number;
  elementwiseAffine?: boolean;
  dtype?: DType;
}

/**
 * Layer normalisation over the trailing `normalizedShape` dims; weight ← 1, bias ← 0.
 * @example new nn.LayerNorm(8).call(torch.randn(2, 5, 8)).shape // [2, 5, 8]
 */
export class LayerNorm extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  constructor(
    normalizedShape: number | readonly number[],
    ...args: PosOrOpts<[eps: number, elementwiseAffine: boolean], LayerNormOptions>
  ) {
    super();
    const opts = optionsOf<LayerNormOptions>(LN, args, 1);
    const ns =
      typeof normalizedShape === "number"
        ? [normalizedShape]
        : Array.isArray(normalizedShape)
          ? [...normalizedShape]
          : null;
    if (ns === null || ns.some((v) => typeof v !== "number" || !Number.isInteger(v)))
      throw new TypeError(
        `[LayerNorm] normalizedShape must be an integer or a list of integers: got ${describe(normalizedShape)}`,
      );
    if (ns.some((v) => v < 0))
      throw new RangeError(`[LayerNorm] normalizedShape must be non-negative: got ${shapeStr(ns)}`);
    this.normalizedShape = ns;
    this.eps = opts.eps === undefined ? 1e-5 : checkNumber("LayerNorm", "eps", opts.eps, { min: 0 });
    this.elementwiseAffine =
      opts.elementwiseAffine === undefined ? true : checkBool("LayerNorm", "elementwiseAffine", opts.elementwiseAffine);
    this.weight = this.elementwiseAffine ? emptyParam(this.normalizedShape, opts.dtype) : null;
    this.bias = this.elementwiseAffine ? emptyParam(this.normalizedShape, opts.dtype) : null;
    this.resetParameters();
  }
  /** weight ← 1, bias ← 0. */
  resetParameters(): void {
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }
  override forward(input: Tensor): Tensor {
    return layerNormImpl(input, this.normalizedShape, this.weight, this.bias, this.eps);
  }
  override extraRepr(): string {
    return `${tupleStr(this.normalizedShape)}, eps=${floatStr(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}

/** Keyword arguments of `GroupNorm`. */
export interface GroupNormOptions {
  eps?: number;
  affine?: boolean;
  dtype?: DType;
}

/**
 * Group normalisation: `numChannels` split into `numGroups` groups; per-channel affine.
 * @example new nn.GroupNorm(3, 6).call(torch.randn(20, 6, 10, 10)).shape // [20, 6, 10, 10]
 */
export class GroupNorm extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  readonly eps: number;
  readonly affine: boolean;
  constructor(
    readonly numGroups: number,
    readonly numChannels: number,
    ...args: PosOrOpts<[eps: number, affine: boolean], GroupNormOptions>
  ) {
    super();
    const opts = optionsOf<GroupNormOptions>(GN, args, 2);
    checkInt("GroupNorm", "numGroups", numGroups, 1);
    checkInt("GroupNorm", "numChannels", numChannels, 0);
    if (numChannels % numGroups !== 0) {
      throw new RangeError(
        `[GroupNorm] num_channels must be divisible by num_groups: got num_channels=${numChannels} and num_groups=${numGroups}`,
      );
    }
    this.eps = opts.eps === undefined ? 1e-5 : checkNumber("GroupNorm", "eps", opts.eps, { min: 0 });
    this.affine = opts.affine === undefined ? true : checkBool("GroupNorm", "affine", opts.affine);
    this.weight = this.affine ? emptyParam([numChannels], opts.dtype) : null;
    this.bias = this.affine ? emptyParam([numChannels], opts.dtype) : null;
    this.resetParameters();
  }
  /** weight ← 1, bias ← 0. */
  resetParameters(): void {
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }
  override forward(input: Tensor): Tensor {
    return groupNormImpl(input, this.numGroups, this.weight, this.bias, this.eps);
  }
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${floatStr(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}
