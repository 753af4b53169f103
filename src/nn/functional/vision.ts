/**
 * Resampling and channel rearrangement of `F`: interpolate (nearest, nearest-exact, linear,
 * bilinear, bicubic, trilinear), pixelShuffle/pixelUnshuffle and channelShuffle. Interpolation
 * is separable: each spatial dim is resampled in turn by gathering the source taps
 * (`indexSelect`) and mixing them with per-position weights, so autograd comes from the parts
 * (the gather's backward scatter-adds, as PyTorch's upsample backward kernels do).
 */
import { tensor } from "../../tensor/creation.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber } from "../../util/args.js";
import { checkTensorArg, params, shapeStr, splitArgs, type PosOrOpts } from "./args.js";

/** Interpolation modes of {@link interpolate}. */
export type InterpolateMode = "nearest" | "nearest-exact" | "linear" | "bilinear" | "bicubic" | "trilinear";

/** Options of {@link interpolate}. */
export interface InterpolateOptions {
  size?: number | readonly number[] | null;
  scaleFactor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  alignCorners?: boolean | null;
  recomputeScaleFactor?: boolean | null;
  antialias?: boolean;
}

/** {@link interpolate}'s arguments after the input, positionally (PyTorch's order) or by name. */
export type InterpolateArgs = PosOrOpts<
  [
    size: number | readonly number[] | null,
    scaleFactor: number | readonly number[] | null,
    mode: InterpolateMode,
    alignCorners: boolean | null,
    recomputeScaleFactor: boolean | null,
    antialias: boolean,
  ],
  InterpolateOptions
>;

const P_INTERPOLATE = params("interpolate", [
  "size",
  "scaleFactor",
  "mode",
  "alignCorners",
  "recomputeScaleFactor",
  "antialias",
]);
const MODES: readonly InterpolateMode[] = ["nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear"];
const MODE_DIMS: Partial<Record<InterpolateMode, number>> = { linear: 1, bilinear: 2, bicubic: 2, trilinear: 3 };

function sizeList(op: string, name: string, v: unknown, n: number, integer: boolean): number[] {
  const list = typeof v === "number" ? new Array<number>(n).fill(v) : Array.isArray(v) ? [...(v as unknown[])] : null;
  if (list === null) throw new TypeError(`[${op}] ${name} must be a number or a list of numbers: got ${typeof v}`);
  if (list.length !== n) {
    throw new RangeError(
      `[${op}] ${name} shape must match input shape: input has ${n} spatial dimension(s), got ${name} of length ${list.length}`,
    );
  }
  return list.map((x) =>
    integer ? checkInt(op, name, x, 0) : checkNumber(op, name, x, { min: 0, minExclusive: true }),
  ) as number[];
}

/**
 * Resizes the spatial dims (all after batch and channel) of a 3-D, 4-D or 5-D input to `size`,
 * or by `scaleFactor` (`F.interpolate`). Modes: `"nearest"` (default; PyTorch's legacy
 * floor(i·in/out) rule), `"nearest-exact"`, `"linear"` (3-D), `"bilinear"`/`"bicubic"` (4-D),
 * `"trilinear"` (5-D); `alignCorners` maps the corner pixels' centres onto each other.
 * @example F.interpolate(torch.arange(4, { dtype: "float32" }).view(1, 1, 2, 2), { scaleFactor: 2, mode: "bilinear" }).shape // [1, 1, 4, 4]
 */
export function interpolate(input: Tensor, ...args: InterpolateArgs): Tensor;
export function interpolate(input: Tensor, ...args: unknown[]): Tensor {
  const [size, scaleFactor, m, ac, recompute, antialias] = splitArgs(P_INTERPOLATE, args, 1);
  return interpolateImpl(input, {
    size: (size ?? null) as number | number[] | null,
    scaleFactor: (scaleFactor ?? null) as number | number[] | null,
    mode: (m ?? "nearest") as InterpolateMode,
    alignCorners: (ac ?? null) as boolean | null,
    recomputeScaleFactor: (recompute ?? null) as boolean | null,
    antialias: (antialias ?? false) as boolean,
  });
}

/** @internal {@link interpolate} with its arguments resolved (also used by `nn.Upsample`). */
export function interpolateImpl(input: Tensor, o: Required<InterpolateOptions>, op = "interpolate"): Tensor {
  checkTensorArg(op, input);
  const mode = o.mode;
  if (!MODES.includes(mode)) {
    throw new RangeError(
      `[${op}] mode must be one of ${MODES.map((x) => `"${x}"`).join(", ")}: got ${JSON.stringify(mode)}`,
    );
  }
  const nd = input.dim() - 2;
  if (nd < 1 || nd > 3) {
    throw new RangeError(
      `[${op}] input must be 3-D, 4-D or 5-D (batch, channels, spatial…): got ${input.dim()}-D input ${shapeStr(input.shape)}`,
    );
  }
  const want = MODE_DIMS[mode];
  if (want !== undefined && want !== nd) {
    throw new RangeError(`[${op}] got ${input.dim()}D input, but ${mode} mode needs ${want + 2}D input`);
  }
  const alignCorners = o.alignCorners === null ? false : checkBool(op, "alignCorners", o.alignCorners);
  if (o.alignCorners !== null && (mode === "nearest" || mode === "nearest-exact")) {
    throw new RangeError(
      `[${op}] alignCorners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear`,
    );
  }
  if (o.antialias !== false) {
    throw new RangeError(`[${op}] antialias is not supported: got ${String(o.antialias)}, expected false`);
  }
  if (!isFloatingPoint(input.dtype) && mode !== "nearest" && mode !== "nearest-exact") {
    throw new TypeError(`[${op}] ${mode} interpolation needs a floating point input: got ${input.dtype}`);
  }
  if ((o.size === null) === (o.scaleFactor === null)) {
    throw new TypeError(
      o.size === null
        ? `[${op}] either size or scaleFactor should be defined`
        : `[${op}] only one of size or scaleFactor should be defined`,
    );
  }
  const inSize = input.shape.slice(2);
  let outSize: number[];
  let scales: (number | null)[] = new Array<number | null>(nd).fill(null);
  if (o.size !== null) outSize = sizeList(op, "size", o.size, nd, true);
  else {
    const sf = sizeList(op, "scaleFactor", o.scaleFactor, nd, false);
    outSize = inSize.map((n, i) => Math.floor(n * sf[i]!));
    if (o.recomputeScaleFactor !== true) scales = sf;
  }
  if (outSize.some((s) => s <= 0) || inSize.some((s) => s <= 0)) {
    throw new RangeError(
      `[${op}] input and output sizes should be greater than 0: got input ${shapeStr(inSize)}, output ${shapeStr(outSize)}`,
    );
  }
  const f32 = input.dtype !== "float64";
  let x = input;
  for (let i = 0; i < nd; i++) {
    x = resampleDim(x, i + 2, inSize[i]!, outSize[i]!, scales[i]!, mode, alignCorners, f32);
  }
  return x;
}

const fr = Math.fround;

// One spatial dim: gathers the taps along `d` and mixes them with the weights.
function resampleDim(
  x: Tensor,
  d: number,
  n: number,
  out: number,
  scale: number | null,
  mode: InterpolateMode,
  alignCorners: boolean,
  f32: boolean,
): Tensor {
  if (mode === "nearest" || mode === "nearest-exact") {
    // PyTorch computes the nearest source index in float32 for every dtype.
    const s = scale !== null && scale > 0 ? fr(1 / scale) : fr(n / out);
    const idx: number[] = [];
    for (let j = 0; j < out; j++) {
      let k: number;
      if (mode === "nearest") k = out === n ? j : out === 2 * n ? j >> 1 : Math.floor(fr(j * s));
      else k = out === n ? j : Math.floor(fr(fr(j + 0.5) * s));
      idx.push(Math.min(k, n - 1));
    }
    return x.indexSelect(d, tensor(idx, { dtype: "int64" }));
  }
  const r = f32 ? fr : (v: number) => v;
  const s = alignCorners
    ? out > 1
      ? r((n - 1) / (out - 1))
      : 0
    : scale !== null && scale > 0
      ? r(1 / scale)
      : r(n / out);
  const cubic = mode === "bicubic";
  const src = (j: number): number => {
    if (alignCorners) return r(s * j);
    const v = r(r(s * r(j + 0.5)) - 0.5);
    return !cubic && v < 0 ? 0 : v;
  };
  const shape = new Array<number>(x.dim()).fill(1);
  shape[d] = out;
  if (!cubic) {
    const i0: number[] = [];
    const i1: number[] = [];
    const w0: number[] = [];
    const w1: number[] = [];
    for (let j = 0; j < out; j++) {
      // Same size: a copy (PyTorch's shortcut, whatever the scale).
      const v = out === n ? j : src(j);
      const k = Math.trunc(v);
      i0.push(k);
      i1.push(k < n - 1 ? k + 1 : k);
      const l1 = r(v - k);
      w1.push(l1);
      w0.push(r(1 - l1));
    }
    const a = x.indexSelect(d, tensor(i0, { dtype: "int64" }));
    const b = x.indexSelect(d, tensor(i1, { dtype: "int64" }));
    return a.mul(tensor(w0, { dtype: x.dtype }).view(shape)).add(b.mul(tensor(w1, { dtype: x.dtype }).view(shape)));
  }
  // Keys' cubic convolution, A = −0.75, taps k−1..k+2 clamped to the border.
  const A = -0.75;
  const near = (t: number) => ((A + 2) * t - (A + 3)) * t * t + 1;
  const far = (t: number) => ((A * t - 5 * A) * t + 8 * A) * t - 4 * A;
  const idx: number[][] = [[], [], [], []];
  const w: number[][] = [[], [], [], []];
  for (let j = 0; j < out; j++) {
    const v = src(j);
    const k = Math.floor(v);
    const t = r(v - k);
    const ws = [far(t + 1), near(t), near(1 - t), far(2 - t)];
    for (let q = 0; q < 4; q++) {
      idx[q]!.push(Math.min(Math.max(k - 1 + q, 0), n - 1));
      w[q]!.push(r(ws[q]!));
    }
  }
  let y: Tensor | null = null;
  for (let q = 0; q < 4; q++) {
    const term = x
      .indexSelect(d, tensor(idx[q]!, { dtype: "int64" }))
      .mul(tensor(w[q]!, { dtype: x.dtype }).view(shape));
    y = y === null ? term : y.add(term);
  }
  return y!;
}

const P_PIXEL_SHUFFLE = params("pixelShuffle", ["upscaleFactor"], { required: 1 });
const P_PIXEL_UNSHUFFLE = params("pixelUnshuffle", ["downscaleFactor"], { required: 1 });

/**
 * Rearranges (*, C·r², H, W) into (*, C, H·r, W·r) (`F.pixel_shuffle`, sub-pixel convolution).
 * @example F.pixelShuffle(torch.zeros(1, 8, 3, 3), 2).shape // [1, 2, 6, 6]
 */
export function pixelShuffle(
  input: Tensor,
  ...args: [upscaleFactor: number] | [opts: { upscaleFactor: number }]
): Tensor;
export function pixelShuffle(input: Tensor, ...args: unknown[]): Tensor {
  const r = checkInt("pixelShuffle", "upscaleFactor", splitArgs(P_PIXEL_SHUFFLE, args, 1)[0], 1);
  checkTensorArg("pixelShuffle", input);
  if (input.dim() < 3) {
    throw new RangeError(
      `[pixelShuffle] expects its input to have at least 3 dimensions, but got input with ${input.dim()} dimension(s)`,
    );
  }
  const s = input.shape;
  const [c, h, w] = s.slice(-3) as [number, number, number];
  if (c % (r * r) !== 0) {
    throw new RangeError(
      `[pixelShuffle] expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${r * r}`,
    );
  }
  const lead = s.slice(0, -3);
  const k = lead.length;
  const oc = c / (r * r);
  return input
    .reshape([...lead, oc, r, r, h, w])
    .permute([...lead.map((_, i) => i), k, k + 3, k + 1, k + 4, k + 2])
    .reshape([...lead, oc, h * r, w * r]);
}

/**
 * Inverse of {@link pixelShuffle}: (*, C, H·r, W·r) into (*, C·r², H, W) (`F.pixel_unshuffle`).
 * @example F.pixelUnshuffle(torch.zeros(1, 2, 6, 6), 2).shape // [1, 8, 3, 3]
 */
export function pixelUnshuffle(
  input: Tensor,
  ...args: [downscaleFactor: number] | [opts: { downscaleFactor: number }]
): Tensor;
export function pixelUnshuffle(input: Tensor, ...args: unknown[]): Tensor {
  const r = checkInt("pixelUnshuffle", "downscaleFactor", splitArgs(P_PIXEL_UNSHUFFLE, args, 1)[0], 1);
  checkTensorArg("pixelUnshuffle", input);
  if (input.dim() < 3) {
    throw new RangeError(
      `[pixelUnshuffle] expects its input to have at least 3 dimensions, but got input with ${input.dim()} dimension(s)`,
    );
  }
  const s = input.shape;
  const [c, h, w] = s.slice(-3) as [number, number, number];
  if (h % r !== 0 || w % r !== 0) {
    throw new RangeError(
      `[pixelUnshuffle] expects height and width to be divisible by downscale_factor: got ${h}x${w}, downscale_factor ${r}`,
    );
  }
  const lead = s.slice(0, -3);
  const k = lead.length;
  return input
    .reshape([...lead, c, h / r, r, w / r, r])
    .permute([...lead.map((_, i) => i), k, k + 2, k + 4, k + 1, k + 3])
    .reshape([...lead, c * r * r, h / r, w / r]);
}

const P_CHANNEL_SHUFFLE = params("channelShuffle", ["groups"], { required: 1 });

/**
 * Splits the channels (dim 1) into `groups` and interleaves them (`F.channel_shuffle`, ShuffleNet).
 * @example F.channelShuffle(torch.arange(4).view(1, 4, 1, 1), 2).flatten().tolist() // [0, 2, 1, 3]
 */
export function channelShuffle(input: Tensor, ...args: [groups: number] | [opts: { groups: number }]): Tensor;
export function channelShuffle(input: Tensor, ...args: unknown[]): Tensor {
  const g = checkInt("channelShuffle", "groups", splitArgs(P_CHANNEL_SHUFFLE, args, 1)[0], 1);
  checkTensorArg("channelShuffle", input);
  if (input.dim() < 3) {
    throw new RangeError(
      `[channelShuffle] expects its input to have at least 3 dimensions: got ${input.dim()}-D input ${shapeStr(input.shape)}`,
    );
  }
  const c = input.shape[1]!;
  if (c % g !== 0) {
    throw new RangeError(
      `[channelShuffle] number of channels must be divisible by groups: got ${c} channels, ${g} groups`,
    );
  }
  const s = input.shape;
  return input
    .reshape([s[0]!, g, c / g, ...s.slice(2)])
    .transpose(1, 2)
    .reshape(s as number[]);
}
