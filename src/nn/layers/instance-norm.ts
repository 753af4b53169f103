/**
 * `InstanceNorm1d/2d/3d`: per-sample, per-channel normalisation over the spatial dims
 * (`F.instanceNorm`), with PyTorch's defaults (no affine, no running stats) and state-dict keys
 * (`weight`, `bias`, `running_mean`, `running_var`, `num_batches_tracked`).
 */
import { noGrad } from "../../autograd/mode.js";
import { ones, zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber } from "../../util/args.js";
import { floatStr, optionsOf, params, pyBool, shapeStr, type ParamList, type PosOrOpts } from "../functional/args.js";
import { instanceNorm } from "../functional/norm.js";
import * as init from "../init.js";
import { Module } from "../module.js";
import type { Parameter } from "../parameter.js";
import type { DType } from "../../tensor/dtype.js";
import { emptyParam } from "./linear.js";

/** Keyword arguments of the instance-norm layers. */
export interface InstanceNormLayerOptions {
  eps?: number;
  momentum?: number;
  affine?: boolean;
  trackRunningStats?: boolean;
  dtype?: DType;
}

/** Instance-norm layer arguments after `numFeatures`: PyTorch's order, then optionally options. */
export type InstanceNormLayerArgs = PosOrOpts<
  [eps: number, momentum: number, affine: boolean, trackRunningStats: boolean],
  InstanceNormLayerOptions
>;

const NAMES = ["eps", "momentum", "affine", "trackRunningStats"];
const KW = { kwOnly: ["dtype"] };
const P1 = params("InstanceNorm1d", NAMES, KW);
const P2 = params("InstanceNorm2d", NAMES, KW);
const P3 = params("InstanceNorm3d", NAMES, KW);

abstract class InstanceNormNd extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;

  constructor(
    readonly numFeatures: number,
    private readonly _spatial: number,
    p: ParamList,
    args: readonly unknown[],
  ) {
    super();
    const o = optionsOf<InstanceNormLayerOptions>(p, args, 1);
    checkInt(p.op, "numFeatures", numFeatures, 1);
    this.eps = o.eps === undefined ? 1e-5 : checkNumber(p.op, "eps", o.eps, { min: 0 });
    this.momentum = o.momentum === undefined ? 0.1 : checkNumber(p.op, "momentum", o.momentum);
    this.affine = o.affine === undefined ? false : checkBool(p.op, "affine", o.affine);
    this.trackRunningStats =
      o.trackRunningStats === undefined ? false : checkBool(p.op, "trackRunningStats", o.trackRunningStats);
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

  /** Running stats reset; weight ← 1, bias ← 0. */
  resetParameters(): void {
    if (this.trackRunningStats) {
      noGrad(() => {
        this.running_mean!.zero_();
        this.running_var!.fill_(1);
        this.num_batches_tracked!.zero_();
      });
    }
    if (this.affine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }

  override forward(input: Tensor): Tensor {
    const name = this.constructor.name;
    const nd = this._spatial;
    if (input.dim() !== nd + 1 && input.dim() !== nd + 2) {
      throw new RangeError(
        `[${name}] expected ${nd + 1}-D (unbatched) or ${nd + 2}-D (batched) input: got ${input.dim()}-D input ${shapeStr(input.shape)}`,
      );
    }
    const unbatched = input.dim() === nd + 1;
    const x = unbatched ? input.unsqueeze(0) : input;
    if (x.shape[1] !== this.numFeatures && this.affine) {
      throw new RangeError(
        `[${name}] expected input's size at dim=${unbatched ? 0 : 1} to match num_features (${this.numFeatures}): got ${x.shape[1]}`,
      );
    }
    const y = instanceNorm(
      x,
      this.running_mean,
      this.running_var,
      this.weight,
      this.bias,
      this.training || !this.trackRunningStats,
      this.momentum,
      this.eps,
    );
    return unbatched ? y.squeeze(0) : y;
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${floatStr(this.eps)}, momentum=${floatStr(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

/** Instance norm over [N, C, L] or [C, L]. @example new nn.InstanceNorm1d(3).call(torch.randn(2, 3, 5)).shape // [2, 3, 5] */
export class InstanceNorm1d extends InstanceNormNd {
  constructor(numFeatures: number, ...args: InstanceNormLayerArgs) {
    super(numFeatures, 1, P1, args);
  }
}
/** Instance norm over [N, C, H, W] or [C, H, W]. @example new nn.InstanceNorm2d(3).call(torch.randn(2, 3, 4, 4)).shape // [2, 3, 4, 4] */
export class InstanceNorm2d extends InstanceNormNd {
  constructor(numFeatures: number, ...args: InstanceNormLayerArgs) {
    super(numFeatures, 2, P2, args);
  }
}
/** Instance norm over [N, C, D, H, W] or [C, D, H, W]. @example new nn.InstanceNorm3d(2).call(torch.randn(1, 2, 2, 3, 3)).shape // [1, 2, 2, 3, 3] */
export class InstanceNorm3d extends InstanceNormNd {
  constructor(numFeatures: number, ...args: InstanceNormLayerArgs) {
    super(numFeatures, 3, P3, args);
  }
}
