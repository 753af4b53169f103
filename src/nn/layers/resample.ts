/**
 * Resampling layers: `Upsample`, `UpsamplingNearest2d`, `UpsamplingBilinear2d`, `PixelShuffle`,
 * `PixelUnshuffle`, `ChannelShuffle` — thin modules over their `F` forms.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, describe } from "../../util/args.js";
import { floatStr, optionsOf, params, splitArgs, type PosOrOpts } from "../functional/args.js";
import {
  channelShuffle,
  interpolateImpl,
  pixelShuffle,
  pixelUnshuffle,
  type InterpolateMode,
} from "../functional/vision.js";
import { Module } from "../module.js";

/** Options of {@link Upsample}. */
export interface UpsampleOptions {
  size?: number | readonly number[] | null;
  scaleFactor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  alignCorners?: boolean | null;
  recomputeScaleFactor?: boolean | null;
}

const P_UPSAMPLE = params("Upsample", ["size", "scaleFactor", "mode", "alignCorners", "recomputeScaleFactor"]);
const P_UP_NEAREST = params("UpsamplingNearest2d", ["size", "scaleFactor"]);
const P_UP_BILINEAR = params("UpsamplingBilinear2d", ["size", "scaleFactor"]);

function pyNumbers(v: number | readonly number[], float: boolean): string {
  const f = (x: number) => (float ? floatStr(x) : String(x));
  if (typeof v === "number") return f(v);
  return v.length === 1 ? `(${f(v[0]!)},)` : `(${v.map(f).join(", ")})`;
}

function sizeOpt(op: string, name: string, v: unknown): number | number[] | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "number") return v;
  if (Array.isArray(v) && v.every((x) => typeof x === "number")) return [...(v as number[])];
  throw new TypeError(`[${op}] ${name} must be a number, a list of numbers or null: got ${describe(v)}`);
}

/**
 * Upsamples a 3-D, 4-D or 5-D input to `size` or by `scaleFactor` (`nn.Upsample`, the module form of `F.interpolate`).
 * @example new nn.Upsample({ scaleFactor: 2, mode: "bilinear" }).call(torch.zeros(1, 3, 4, 4)).shape // [1, 3, 8, 8]
 */
export class Upsample extends Module {
  readonly size: number | number[] | null;
  readonly scaleFactor: number | number[] | null;
  readonly mode: InterpolateMode;
  readonly alignCorners: boolean | null;
  readonly recomputeScaleFactor: boolean | null;
  constructor(
    ...args: PosOrOpts<
      [
        size: number | readonly number[] | null,
        scaleFactor: number | readonly number[] | null,
        mode: InterpolateMode,
        alignCorners: boolean | null,
        recomputeScaleFactor: boolean | null,
      ],
      UpsampleOptions
    >
  ) {
    super();
    const o = optionsOf<UpsampleOptions>(P_UPSAMPLE, args);
    this.size = sizeOpt("Upsample", "size", o.size);
    this.scaleFactor = sizeOpt("Upsample", "scaleFactor", o.scaleFactor);
    this.mode = o.mode ?? "nearest";
    this.alignCorners =
      o.alignCorners === undefined || o.alignCorners === null
        ? null
        : checkBool("Upsample", "alignCorners", o.alignCorners);
    this.recomputeScaleFactor =
      o.recomputeScaleFactor === undefined || o.recomputeScaleFactor === null
        ? null
        : checkBool("Upsample", "recomputeScaleFactor", o.recomputeScaleFactor);
  }
  override forward(input: Tensor): Tensor {
    return interpolateImpl(
      input,
      {
        size: this.size,
        scaleFactor: this.scaleFactor,
        mode: this.mode,
        alignCorners: this.alignCorners,
        recomputeScaleFactor: this.recomputeScaleFactor,
        antialias: false,
      },
      this.constructor.name,
    );
  }
  override extraRepr(): string {
    const info =
      this.scaleFactor !== null
        ? `scale_factor=${pyNumbers(this.scaleFactor, true)}`
        : `size=${pyNumbers(this.size ?? [], false)}`;
    return `${info}, mode=${this.mode}`;
  }
}

/**
 * 2-D nearest-neighbour upsampling (`nn.UpsamplingNearest2d`; PyTorch deprecates it for {@link Upsample}).
 * @example new nn.UpsamplingNearest2d({ scaleFactor: 2 }).call(torch.zeros(1, 1, 2, 2)).shape // [1, 1, 4, 4]
 */
export class UpsamplingNearest2d extends Upsample {
  constructor(
    ...args: PosOrOpts<
      [size: number | readonly number[] | null, scaleFactor: number | readonly number[] | null],
      { size?: number | readonly number[] | null; scaleFactor?: number | readonly number[] | null }
    >
  ) {
    const o = optionsOf<UpsampleOptions>(P_UP_NEAREST, args);
    super({ size: o.size ?? null, scaleFactor: o.scaleFactor ?? null, mode: "nearest" });
  }
}

/**
 * 2-D bilinear upsampling with `alignCorners: true` (`nn.UpsamplingBilinear2d`).
 * @example new nn.UpsamplingBilinear2d({ scaleFactor: 2 }).call(torch.zeros(1, 1, 2, 2)).shape // [1, 1, 4, 4]
 */
export class UpsamplingBilinear2d extends Upsample {
  constructor(
    ...args: PosOrOpts<
      [size: number | readonly number[] | null, scaleFactor: number | readonly number[] | null],
      { size?: number | readonly number[] | null; scaleFactor?: number | readonly number[] | null }
    >
  ) {
    const o = optionsOf<UpsampleOptions>(P_UP_BILINEAR, args);
    super({ size: o.size ?? null, scaleFactor: o.scaleFactor ?? null, mode: "bilinear", alignCorners: true });
  }
}

const P_PS = params("PixelShuffle", ["upscaleFactor"], { required: 1 });
const P_PU = params("PixelUnshuffle", ["downscaleFactor"], { required: 1 });
const P_CS = params("ChannelShuffle", ["groups"], { required: 1 });

/** (*, C·r², H, W) → (*, C, H·r, W·r). @example new nn.PixelShuffle(2).call(torch.zeros(1, 4, 3, 3)).shape // [1, 1, 6, 6] */
export class PixelShuffle extends Module {
  readonly upscaleFactor: number;
  constructor(...args: [upscaleFactor: number] | [opts: { upscaleFactor: number }]) {
    super();
    this.upscaleFactor = checkInt("PixelShuffle", "upscaleFactor", splitArgs(P_PS, args)[0], 1);
  }
  override forward(input: Tensor): Tensor {
    return pixelShuffle(input, this.upscaleFactor);
  }
  override extraRepr(): string {
    return `upscale_factor=${this.upscaleFactor}`;
  }
}

/** (*, C, H·r, W·r) → (*, C·r², H, W). @example new nn.PixelUnshuffle(2).call(torch.zeros(1, 1, 6, 6)).shape // [1, 4, 3, 3] */
export class PixelUnshuffle extends Module {
  readonly downscaleFactor: number;
  constructor(...args: [downscaleFactor: number] | [opts: { downscaleFactor: number }]) {
    super();
    this.downscaleFactor = checkInt("PixelUnshuffle", "downscaleFactor", splitArgs(P_PU, args)[0], 1);
  }
  override forward(input: Tensor): Tensor {
    return pixelUnshuffle(input, this.downscaleFactor);
  }
  override extraRepr(): string {
    return `downscale_factor=${this.downscaleFactor}`;
  }
}

/** Interleaves `groups` channel groups. @example new nn.ChannelShuffle(2).call(torch.zeros(1, 4, 2, 2)).shape // [1, 4, 2, 2] */
export class ChannelShuffle extends Module {
  readonly groups: number;
  constructor(...args: [groups: number] | [opts: { groups: number }]) {
    super();
    this.groups = checkInt("ChannelShuffle", "groups", splitArgs(P_CS, args)[0], 1);
  }
  override forward(input: Tensor): Tensor {
    return channelShuffle(input, this.groups);
  }
  override extraRepr(): string {
    return `groups=${this.groups}`;
  }
}
