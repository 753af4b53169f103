/**
 * Padding and convolutions as composites: pad → window view (ops/windows.ts) → one copy into
 * columns → matmul with the reshaped weight (+ bias). Autograd comes from the parts; the window
 * view's backward scatter-adds into the input. Transposed convolution is a convolution of the
 * zero-dilated input with the flipped, transposed weight.
 */
import { isGradEnabled } from "../../autograd/mode.js";
import { numel } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { matmul } from "../../ops/linalg.js";
import { constantPadNd } from "../../ops/pad.js";
import { dilate, windowCount, windows, windowsBackward } from "../../ops/windows.js";
import { fusable, fusedOp, fusedOutput, hasFusedKernel, runFusedKernel, type Conv2dGeom } from "../../ops/fused.js";
import { tensor } from "../../tensor/creation.js";
import {
  checkSameDtype,
  checkTensorArg,
  ntuple,
  params,
  shapeStr,
  splitArgs,
  type IntOrTuple,
  type ParamList,
  type PosOrOpts,
} from "./args.js";

/** Padding modes of {@link pad}. */
export type PadMode = "constant" | "reflect" | "replicate" | "circular";

// Index along one dim for the non-constant modes; i runs over the padded range.
function sourceIndex(mode: PadMode, i: number, n: number): number {
  if (mode === "replicate") return Math.min(Math.max(i, 0), n - 1);
  if (mode === "circular") return ((i % n) + n) % n;
  // reflect (edge not repeated): period 2(n-1)
  if (n === 1) return 0;
  const p = 2 * (n - 1);
  const r = ((i % p) + p) % p;
  return r < n ? r : p - r;
}

/**
 * Pads the last dims of `input`: `pad` lists (before, after) pairs from the last dim backwards
 * (`F.pad`). Modes: constant (default, with `value`), reflect, replicate, circular. Negative
 * constant padding crops.
 * @example F.pad(torch.ones(1, 2, 2), [1, 1]).shape // [1, 2, 4]
 */
export function pad(input: Tensor, pad: readonly number[], ...args: PadArgs): Tensor;
export function pad(input: Tensor, pad: readonly number[], ...args: unknown[]): Tensor {
  const [m, v] = splitArgs(PAD, args, 2);
  return padImpl(input, pad, (m ?? "constant") as PadMode, (v ?? null) as number | null);
}

/** Options of {@link pad} after the padding list. */
export interface PadOptions {
  mode?: PadMode;
  value?: number | null;
}

/** {@link pad}'s arguments after the padding list: `mode, value`, or a final options object. */
export type PadArgs = PosOrOpts<[mode: PadMode, value: number | null], PadOptions>;

const PAD = params("pad", ["mode", "value"]);

/** @internal {@link pad} with its arguments resolved. */
export function padImpl(input: Tensor, pad: readonly number[], mode: PadMode, value: number | null): Tensor {
  checkTensorArg("pad", input);
  if (!Array.isArray(pad) || pad.length % 2 !== 0 || pad.some((p) => !Number.isInteger(p))) {
    throw new TypeError(`[pad] padding length must be divisible by 2 and hold integers: got ${JSON.stringify(pad)}`);
  }
  if (pad.length / 2 > input.dim()) {
    throw new RangeError(
      `[pad] padding length too large: got ${pad.length} values for a ${input.dim()}-D input, expected at most ${2 * input.dim()}`,
    );
  }
  if (mode === "constant") return constantPadNd(input, pad, value ?? 0);
  if (value !== null && value !== 0) throw new TypeError(`[pad] padding mode "${mode}" doesn't take in value argument`);
  if (!["reflect", "replicate", "circular"].includes(mode)) {
    throw new TypeError(
      `[pad] unknown padding mode: got "${String(mode)}", expected constant, reflect, replicate or circular`,
    );
  }
  let x = input;
  for (let i = 0; i < pad.length / 2; i++) {
    const d = input.dim() - 1 - i;
    const n = input.shape[d]!;
    const [b, a] = [pad[2 * i]!, pad[2 * i + 1]!];
    if ((mode === "reflect" && (b >= n || a >= n)) || (mode === "circular" && (b > n || a > n)) || n === 0) {
      throw new RangeError(
        `[pad] padding size should be less than the corresponding input dimension: got padding (${b}, ${a}) at dimension ${d} of input ${shapeStr(input.shape)}`,
      );
    }
    const idx: number[] = [];
    for (let j = -b; j < n + a; j++) idx.push(sourceIndex(mode, j, n));
    x = x.indexSelect(d, tensor(idx, { dtype: "int64" }));
  }
  return x;
}

/** Padding argument of a convolution: ints, or "same"/"valid". */
export type ConvPadding = IntOrTuple | "same" | "valid";

/** Options shared by `conv1d`/`conv2d` after `weight` and `bias`. */
interface ConvArgs {
  stride: IntOrTuple;
  padding: ConvPadding;
  dilation: IntOrTuple;
  groups: number;
}

/** Spatial dim names of an nd-D input (`L`; `H, W`; `D, H, W`). */
function spatialNames(nd: number): string {
  return nd === 1 ? "L" : nd === 2 ? "H, W" : "D, H, W";
}

/** Kernel dim names of an nd-D weight (`kW`; `kH, kW`; `kD, kH, kW`). */
function kernelNames(nd: number): string {
  return nd === 1 ? "kW" : nd === 2 ? "kH, kW" : "kD, kH, kW";
}

/** @internal N-d convolution (nd = 1, 2 or 3) with PyTorch's checks; input may be unbatched. */
export function convNd(
  op: string,
  nd: number,
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  a: ConvArgs,
): Tensor {
  checkTensorArg(op, input);
  checkTensorArg(op, weight, "weight");
  if (bias !== null && bias !== undefined) checkTensorArg(op, bias, "bias");
  if (weight.dim() !== nd + 2) {
    throw new RangeError(
      `[${op}] expected a ${nd + 2}-D weight [out_channels, in_channels/groups, ${kernelNames(nd)}]: got ${shapeStr(weight.shape)}`,
    );
  }
  const groups = a.groups;
  if (!Number.isInteger(groups) || groups <= 0)
    throw new RangeError(`[${op}] non-positive groups is not supported: got ${groups}`);
  const stride = ntuple(op, "stride", a.stride, nd);
  const dilation = ntuple(op, "dilation", a.dilation, nd);
  if (stride.some((s) => s <= 0))
    throw new RangeError(`[${op}] non-positive stride is not supported: got ${shapeStr(stride)}`);
  if (dilation.some((s) => s <= 0))
    throw new RangeError(`[${op}] dilation should be greater than zero: got ${shapeStr(dilation)}`);
  const unbatched = input.dim() === nd + 1;
  const [O, Cg] = [weight.shape[0]!, weight.shape[1]!];
  const k = weight.shape.slice(2);
  const cin = Cg * groups;
  const spatial = spatialNames(nd);
  if (input.dim() !== nd + 2 && !unbatched) {
    throw new RangeError(
      `[${op}] expected input of shape [N, ${cin}, ${spatial}] (${nd + 2}-D, or ${nd + 1}-D unbatched, with ${cin} channel${cin === 1 ? "" : "s"}): got ${shapeStr(input.shape)}`,
    );
  }
  const x = unbatched ? input.unsqueeze(0) : input;
  if (x.shape[1] !== cin) {
    throw new RangeError(
      `[${op}] expected input of shape [N, ${cin}, ${spatial}] (${nd + 2}-D with ${cin} channel${cin === 1 ? "" : "s"}${groups > 1 ? ` for groups=${groups}` : ""}): got ${shapeStr(input.shape)}`,
    );
  }
  if (O % groups !== 0)
    throw new RangeError(
      `[${op}] out_channels must be divisible by groups: got weight ${shapeStr(weight.shape)} and groups=${groups}`,
    );
  checkSameDtype(op, x, weight, "weight");
  checkSameDtype(op, x, bias, "bias");
  if (bias && (bias.dim() !== 1 || bias.shape[0] !== O)) {
    throw new RangeError(`[${op}] expected bias of shape [${O}]: got ${shapeStr(bias.shape)}`);
  }
  // Padding per side: "same" splits d(k−1) with the extra on the right, as PyTorch does.
  const pads: number[] = []; // F.pad order: last dim first
  if (a.padding === "same") {
    if (stride.some((s) => s !== 1))
      throw new RangeError(`[${op}] padding='same' is not supported for strided convolutions`);
    for (let i = nd - 1; i >= 0; i--) {
      const total = dilation[i]! * (k[i]! - 1);
      pads.push(Math.floor(total / 2), total - Math.floor(total / 2));
    }
  } else if (a.padding === "valid") {
    for (let i = 0; i < nd; i++) pads.push(0, 0);
  } else {
    const p = ntuple(op, "padding", a.padding, nd);
    if (p.some((v) => v < 0)) throw new RangeError(`[${op}] negative padding is not supported: got ${shapeStr(p)}`);
    for (let i = nd - 1; i >= 0; i--) pads.push(p[i]!, p[i]!);
  }
  const dims = k.map((_, i) => 2 + i);
  // padded size of spatial dim i: pads are listed last dim first
  const padded = dims.map((d, i) => x.shape[d]! + pads[2 * (nd - 1 - i)]! + pads[2 * (nd - 1 - i) + 1]!);
  const counts = dims.map((_, i) => windowCount(padded[i]!, k[i]!, stride[i]!, dilation[i]!));
  if (counts.some((c) => c <= 0)) {
    throw new RangeError(
      `[${op}] kernel size can't be greater than the padded input size: got padded input ${shapeStr(padded)} and effective kernel ${shapeStr(k.map((kk, i) => dilation[i]! * (kk - 1) + 1))}`,
    );
  }
  const c: ConvGeometry = { nd, groups, stride, dilation, pads, k, counts, Cg, O };
  const out = convOp(x, weight, bias ?? null, c);
  return unbatched ? out.squeeze(0) : out;
}

/** A checked convolution's geometry (pads in F.pad order: last dim first). */
interface ConvGeometry {
  nd: number;
  groups: number;
  stride: readonly number[];
  dilation: readonly number[];
  pads: readonly number[];
  k: readonly number[];
  counts: readonly number[];
  Cg: number;
  O: number;
}

/** The composite on batched x: pad → window view → one copy into columns → matmul (+ bias). */
function convComposite(x: Tensor, weight: Tensor, bias: Tensor | null, c: ConvGeometry): Tensor {
  const { nd, groups, stride, dilation, pads, k, counts, Cg, O } = c;
  const xp = pads.some((v) => v !== 0) ? constantPadNd(x, pads, 0) : x;
  const N = x.shape[0]!;
  const K = numel(k);
  const L = numel(counts);
  const dims = k.map((_, i) => 2 + i);
  // [N, C, O…, K…] → [N, G, Cg, O…, K…] → [N, G, Cg, K…, O…] → columns [N, G, Cg·K, L] (one copy).
  const win = windows(xp, { dims, sizes: k, steps: stride, dilations: dilation }, "ConvolutionBackward0");
  const grouped = win.reshape([N, groups, Cg, ...counts, ...k]);
  const perm = [0, 1, 2, ...k.map((_, i) => 3 + nd + i), ...counts.map((_, i) => 3 + i)];
  const cols = grouped.permute(perm).reshape([N, groups, Cg * K, L]);
  const w = weight.reshape([groups, O / groups, Cg * K]);
  const out = matmul(w, cols).reshape([N, O, ...counts]);
  return bias ? out.add(bias.reshape([O, ...counts.map(() => 1)])) : out;
}

function conv2dGeom(c: ConvGeometry): Conv2dGeom {
  return {
    stride: [c.stride[0]!, c.stride[1]!],
    padTopLeft: [c.pads[2]!, c.pads[0]!],
    dilation: [c.dilation[0]!, c.dilation[1]!],
    outSize: [c.counts[0]!, c.counts[1]!],
  };
}

/**
 * The native 2-D convolution, groups 1 (DESIGN principle 5): forward and first-order backward
 * in the backend; under `createGraph` the backward is built from differentiable ops instead
 * (columns via the window view, col2im via its adjoint), so higher derivatives work.
 */
const convOp = fusedOp({
  name: "conv2d",
  kernel: "conv2d",
  when: (x: Tensor, w: Tensor, b: Tensor | null, c: ConvGeometry) =>
    c.nd === 2 && c.groups === 1 && hasFusedKernel("conv2dBackward") && (b ? fusable(x, w, b) : fusable(x, w)),
  forward: (k, x, w, b, c) => {
    const geom = conv2dGeom(c);
    const out = fusedOutput([x.shape[0]!, c.O, ...geom.outSize], x.dtype);
    return k(x, w, b, out, geom) ? { out, ctx: geom } : null;
  },
  grad: {
    name: "ConvolutionBackward0",
    inputs: (_g, x, w, b) => (b ? [x, w, b] : [x, w]),
    saves: (_g, x, w) => [x, w],
    backward: (g, geom, [x, w, b, c]) => {
      const needX = x.requiresGrad;
      const needW = w.requiresGrad;
      const needB = b !== null && b.requiresGrad;
      const [N, C, H, W] = x.shape as [number, number, number, number];
      const O = c.O;
      if (!isGradEnabled()) {
        const gc = g.contiguous();
        const gx = needX ? fusedOutput(x.shape, x.dtype) : null;
        const gw = needW ? fusedOutput(w.shape, w.dtype) : null;
        const gb = needB ? fusedOutput([O], x.dtype) : null;
        if (runFusedKernel("conv2dBackward", x, w, gc, gx, gw, gb, geom)) return b ? [gx, gw, gb] : [gx, gw];
      }
      // Differentiable formulas: gW = Σₙ gₙ·colsₙᵀ, gCols = Wᵀ·gₙ summed back by col2im, gB = Σ g.
      const [KH, KW] = [w.shape[2]!, w.shape[3]!];
      const [OH, OW] = geom.outSize;
      const g3 = g.reshape([N, O, OH * OW]);
      const wg = { dims: [2, 3], sizes: [KH, KW], steps: geom.stride, dilations: geom.dilation };
      const xp = c.pads.some((v) => v !== 0) ? constantPadNd(x, c.pads, 0) : x;
      let gw: Tensor | null = null;
      if (needW) {
        const cols = windows(xp, wg)
          .permute([0, 1, 4, 5, 2, 3])
          .reshape([N, C * KH * KW, OH * OW]);
        gw = matmul(g3, cols.mT).sum(0).reshape(w.shape);
      }
      let gx: Tensor | null = null;
      if (needX) {
        const gcols = matmul(w.reshape([O, C * KH * KW]).mT, g3).reshape([N, C, KH, KW, OH, OW]);
        const gxp = windowsBackward(gcols.permute([0, 1, 4, 5, 2, 3]), xp.shape, wg);
        gx = gxp.narrow(2, geom.padTopLeft[0], H).narrow(3, geom.padTopLeft[1], W);
      }
      const gb = needB ? g.sum([0, 2, 3]) : null;
      return b ? [gx, gw, gb] : [gx, gw];
    },
  },
  fallback: convComposite,
});

/** Options of `conv1d`/`conv2d`: every parameter after `weight`, by name. */
export interface ConvFnOptions {
  bias?: Tensor | null;
  stride?: IntOrTuple;
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
}

/** `conv1d`/`conv2d` arguments after `weight`: PyTorch's order, then optionally {@link ConvFnOptions}. */
export type ConvFnArgs = PosOrOpts<
  [bias: Tensor | null | undefined, stride: IntOrTuple, padding: ConvPadding, dilation: IntOrTuple, groups: number],
  ConvFnOptions
>;

const CONV_NAMES = ["bias", "stride", "padding", "dilation", "groups"];
const CONV1D = params("conv1d", CONV_NAMES);
const CONV2D = params("conv2d", CONV_NAMES);
const CONV3D = params("conv3d", CONV_NAMES);

function convCall(p: ParamList, nd: number, input: Tensor, weight: Tensor, args: ArrayLike<unknown>): Tensor {
  const [bias, stride, padding, dilation, groups] = splitArgs(p, args, 2);
  return convNd(p.op, nd, input, weight, (bias ?? null) as Tensor | null, {
    stride: (stride ?? 1) as IntOrTuple,
    padding: (padding ?? 0) as ConvPadding,
    dilation: (dilation ?? 1) as IntOrTuple,
    groups: (groups ?? 1) as number,
  });
}

/**
 * 1-D convolution over `[N, C, L]` (or unbatched `[C, L]`) with weight `[O, C/groups, kW]`.
 * After `weight`: `bias, stride, padding, dilation, groups` positionally, or a final options object.
 * @example F.conv1d(torch.randn(1, 2, 8), torch.randn(4, 2, 3)).shape // [1, 4, 6]
 */
export function conv1d(input: Tensor, weight: Tensor, ...args: ConvFnArgs): Tensor;
export function conv1d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  return convCall(CONV1D, 1, input, weight, args);
}

/**
 * 2-D convolution over `[N, C, H, W]` (or unbatched `[C, H, W]`) with weight `[O, C/groups, kH, kW]`.
 * After `weight`: `bias, stride, padding, dilation, groups` positionally, or a final options object.
 * @example F.conv2d(torch.randn(1, 1, 28, 28), torch.randn(32, 1, 3, 3), null, { stride: 2 }).shape // [1, 32, 13, 13]
 */
export function conv2d(input: Tensor, weight: Tensor, ...args: ConvFnArgs): Tensor;
export function conv2d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  return convCall(CONV2D, 2, input, weight, args);
}

/**
 * 3-D convolution over `[N, C, D, H, W]` (or unbatched `[C, D, H, W]`) with weight
 * `[O, C/groups, kD, kH, kW]` (the window-view composite: no native kernel).
 * After `weight`: `bias, stride, padding, dilation, groups` positionally, or a final options object.
 * @example F.conv3d(torch.randn(1, 2, 5, 6, 7), torch.randn(4, 2, 3, 3, 3), null, { padding: 1 }).shape // [1, 4, 5, 6, 7]
 */
export function conv3d(input: Tensor, weight: Tensor, ...args: ConvFnArgs): Tensor;
export function conv3d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  return convCall(CONV3D, 3, input, weight, args);
}

/** @internal N-d transposed convolution: conv of the zero-dilated input with the flipped weight. */
export function convTransposeNd(
  op: string,
  nd: number,
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  a: { stride: IntOrTuple; padding: IntOrTuple; outputPadding: IntOrTuple; groups: number; dilation: IntOrTuple },
): Tensor {
  checkTensorArg(op, input);
  checkTensorArg(op, weight, "weight");
  if (weight.dim() !== nd + 2) {
    throw new RangeError(
      `[${op}] expected a ${nd + 2}-D weight [in_channels, out_channels/groups, ${kernelNames(nd)}]: got ${shapeStr(weight.shape)}`,
    );
  }
  const g = a.groups;
  if (!Number.isInteger(g) || g <= 0) throw new RangeError(`[${op}] non-positive groups is not supported: got ${g}`);
  const stride = ntuple(op, "stride", a.stride, nd);
  const padding = ntuple(op, "padding", a.padding, nd);
  const outPad = ntuple(op, "output_padding", a.outputPadding, nd);
  const dilation = ntuple(op, "dilation", a.dilation, nd);
  if (stride.some((s) => s <= 0))
    throw new RangeError(`[${op}] non-positive stride is not supported: got ${shapeStr(stride)}`);
  if (padding.some((s) => s < 0))
    throw new RangeError(`[${op}] negative padding is not supported: got ${shapeStr(padding)}`);
  outPad.forEach((p, i) => {
    if (p < 0 || (p >= stride[i]! && p >= dilation[i]!)) {
      throw new RangeError(
        `[${op}] output padding must be smaller than either stride or dilation: got output_padding=${shapeStr(outPad)}, stride=${shapeStr(stride)}, dilation=${shapeStr(dilation)}`,
      );
    }
  });
  const [Cin, Og] = [weight.shape[0]!, weight.shape[1]!];
  const k = weight.shape.slice(2);
  const unbatched = input.dim() === nd + 1;
  const spatial = spatialNames(nd);
  if ((input.dim() !== nd + 2 && !unbatched) || (unbatched ? input.shape[0] : input.shape[1]) !== Cin) {
    throw new RangeError(
      `[${op}] expected input of shape [N, ${Cin}, ${spatial}] (${nd + 2}-D with ${Cin} channel${Cin === 1 ? "" : "s"}): got ${shapeStr(input.shape)}`,
    );
  }
  if (Cin % g !== 0)
    throw new RangeError(
      `[${op}] in_channels must be divisible by groups: got weight ${shapeStr(weight.shape)} and groups=${g}`,
    );
  checkSameDtype(op, input, weight, "weight");
  checkSameDtype(op, input, bias, "bias");
  const x = unbatched ? input.unsqueeze(0) : input;
  const dims = k.map((_, i) => 2 + i);
  const z = dilate(x, dims, stride);
  // Each side gets d(k−1) − p (negative crops); output_padding extends the far side.
  const pads: number[] = [];
  for (let i = nd - 1; i >= 0; i--) {
    const e = dilation[i]! * (k[i]! - 1) - padding[i]!;
    pads.push(e, e + outPad[i]!);
  }
  const zp = constantPadNd(z, pads, 0);
  // weight [Cin, Og, k…] → [G, Cin/G, Og, k…] → [G, Og, Cin/G, k…] → [G·Og, Cin/G, k…], flipped.
  const w = weight
    .reshape([g, Cin / g, Og, ...k])
    .transpose(1, 2)
    .reshape([g * Og, Cin / g, ...k])
    .flip(dims);
  const out = convNd(op, nd, zp, w, bias, { stride: 1, padding: 0, dilation, groups: g });
  return unbatched ? out.squeeze(0) : out;
}

/** Options of the transposed convolutions: every parameter after `weight`, by name. */
export interface ConvTransposeFnOptions {
  bias?: Tensor | null;
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  outputPadding?: IntOrTuple;
  groups?: number;
  dilation?: IntOrTuple;
}

/** Transposed-convolution arguments after `weight`: PyTorch's order, then optionally options. */
export type ConvTransposeFnArgs = PosOrOpts<
  [
    bias: Tensor | null | undefined,
    stride: IntOrTuple,
    padding: IntOrTuple,
    outputPadding: IntOrTuple,
    groups: number,
    dilation: IntOrTuple,
  ],
  ConvTransposeFnOptions
>;

const CONVT_NAMES = ["bias", "stride", "padding", "outputPadding", "groups", "dilation"];
const CONVT1D = params("convTranspose1d", CONVT_NAMES);
const CONVT2D = params("convTranspose2d", CONVT_NAMES);
const CONVT3D = params("convTranspose3d", CONVT_NAMES);

function convTCall(p: ParamList, nd: number, input: Tensor, weight: Tensor, args: ArrayLike<unknown>): Tensor {
  const [bias, stride, padding, outputPadding, groups, dilation] = splitArgs(p, args, 2);
  return convTransposeNd(p.op, nd, input, weight, (bias ?? null) as Tensor | null, {
    stride: (stride ?? 1) as IntOrTuple,
    padding: (padding ?? 0) as IntOrTuple,
    outputPadding: (outputPadding ?? 0) as IntOrTuple,
    groups: (groups ?? 1) as number,
    dilation: (dilation ?? 1) as IntOrTuple,
  });
}

/**
 * 1-D transposed convolution ("deconvolution") with weight `[C_in, C_out/groups, kW]`. After
 * `weight`: `bias, stride, padding, outputPadding, groups, dilation`, or a final options object.
 * @example F.convTranspose1d(torch.randn(1, 2, 5), torch.randn(2, 3, 3), null, 2).shape // [1, 3, 11]
 */
export function convTranspose1d(input: Tensor, weight: Tensor, ...args: ConvTransposeFnArgs): Tensor;
export function convTranspose1d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  return convTCall(CONVT1D, 1, input, weight, args);
}

/**
 * 2-D transposed convolution with weight `[C_in, C_out/groups, kH, kW]`. After `weight`:
 * `bias, stride, padding, outputPadding, groups, dilation`, or a final options object.
 * @example F.convTranspose2d(torch.randn(1, 4, 7, 7), torch.randn(4, 2, 2, 2), null, { stride: 2 }).shape // [1, 2, 14, 14]
 */
export function convTranspose2d(input: Tensor, weight: Tensor, ...args: ConvTransposeFnArgs): Tensor;
export function convTranspose2d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  return convTCall(CONVT2D, 2, input, weight, args);
}

/**
 * 3-D transposed convolution with weight `[C_in, C_out/groups, kD, kH, kW]`. After `weight`:
 * `bias, stride, padding, outputPadding, groups, dilation`, or a final options object.
 * @example F.convTranspose3d(torch.randn(1, 4, 3, 3, 3), torch.randn(4, 2, 2, 2, 2), null, { stride: 2 }).shape // [1, 2, 6, 6, 6]
 */
export function convTranspose3d(input: Tensor, weight: Tensor, ...args: ConvTransposeFnArgs): Tensor;
export function convTranspose3d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  return convTCall(CONVT3D, 3, input, weight, args);
}
