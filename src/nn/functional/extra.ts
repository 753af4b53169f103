/**
 * More `F` ops as composites: hardshrink, softshrink, localResponseNorm, lpPool1d/2d, and
 * unfold/fold (im2col/col2im over the window view of ops/windows.ts, whose backward is the
 * other one, so both are differentiable to any order).
 */
import { windows, windowsBackward, windowCount } from "../../ops/windows.js";
import { where } from "../../ops/composite.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber } from "../../util/args.js";
import {
  checkTensorArg,
  ntuple,
  params,
  shapeStr,
  splitArgs,
  tupleStr,
  type IntOrTuple,
  type PosOrOpts,
} from "./args.js";
import { padImpl } from "./conv.js";
import { avgPool1d, avgPool2d } from "./pool.js";

const P_HARDSHRINK = params("hardshrink", ["lambd"]);
const P_SOFTSHRINK = params("softshrink", ["lambd"]);
const P_LRN = params("localResponseNorm", ["size", "alpha", "beta", "k"], { required: 1 });
const P_LP1 = params("lpPool1d", ["normType", "kernelSize", "stride", "ceilMode"], { required: 2 });
const P_LP2 = params("lpPool2d", ["normType", "kernelSize", "stride", "ceilMode"], { required: 2 });
const P_UNFOLD = params("unfold", ["kernelSize", "dilation", "padding", "stride"], { required: 1 });
const P_FOLD = params("fold", ["outputSize", "kernelSize", "dilation", "padding", "stride"], { required: 2 });

function checkFloat(op: string, x: unknown): asserts x is Tensor {
  checkTensorArg(op, x);
  if (!isFloatingPoint(x.dtype)) throw new TypeError(`[${op}] expected a floating point input: got ${x.dtype}`);
}

/**
 * x where |x| > lambd, else 0 (`F.hardshrink`; lambd 0.5).
 * @example F.hardshrink(torch.tensor([-1, 0.2, 0.7], { dtype: "float64" })).tolist() // [-1, 0, 0.7]
 */
export function hardshrink(input: Tensor, ...args: [] | [lambd: number] | [opts: { lambd?: number }]): Tensor;
export function hardshrink(input: Tensor, ...args: unknown[]): Tensor {
  const l = splitArgs(P_HARDSHRINK, args, 1)[0];
  const lambd = l === undefined ? 0.5 : checkNumber("hardshrink", "lambd", l);
  checkFloat("hardshrink", input);
  return where(input.abs().gt(lambd), input, 0);
}

/**
 * x − lambd above lambd, x + lambd below −lambd, else 0 (`F.softshrink`; lambd 0.5 ≥ 0).
 * @example F.softshrink(torch.tensor([-1, 0.2, 0.7])).tolist() // [-0.5, 0, 0.2] (≈)
 */
export function softshrink(input: Tensor, ...args: [] | [lambd: number] | [opts: { lambd?: number }]): Tensor;
export function softshrink(input: Tensor, ...args: unknown[]): Tensor {
  const l = splitArgs(P_SOFTSHRINK, args, 1)[0];
  const lambd = l === undefined ? 0.5 : checkNumber("softshrink", "lambd", l);
  if (lambd < 0) throw new RangeError(`[softshrink] lambda must be greater or equal to 0, but found to be ${lambd}.`);
  checkFloat("softshrink", input);
  return where(input.gt(lambd), input.sub(lambd), where(input.lt(-lambd), input.add(lambd), 0));
}

/**
 * Local response normalisation across channels (dim 1): x / (k + α·mean of x² over `size`
 * neighbouring channels, zero-padded)^β (`F.local_response_norm`; α 1e-4, β 0.75, k 1).
 * @example F.localResponseNorm(torch.randn(1, 6, 4, 4), 3).shape // [1, 6, 4, 4]
 */
export function localResponseNorm(
  input: Tensor,
  ...args: PosOrOpts<
    [size: number, alpha: number, beta: number, k: number],
    { size?: number; alpha?: number; beta?: number; k?: number }
  >
): Tensor;
export function localResponseNorm(input: Tensor, ...args: unknown[]): Tensor {
  const [s, a, b, kk] = splitArgs(P_LRN, args, 1);
  const size = checkInt("localResponseNorm", "size", s, 1);
  const alpha = a === undefined ? 1e-4 : checkNumber("localResponseNorm", "alpha", a);
  const beta = b === undefined ? 0.75 : checkNumber("localResponseNorm", "beta", b);
  const k = kk === undefined ? 1 : checkNumber("localResponseNorm", "k", kk);
  checkFloat("localResponseNorm", input);
  if (input.dim() < 3) {
    throw new RangeError(
      `[localResponseNorm] expected 3D or higher dimensionality input: got ${input.dim()} dimensions`,
    );
  }
  if (input.numel() === 0) return input;
  // Channels last, zero-padded by size//2 before and (size−1)//2 after, then a window mean.
  const sq = input.mul(input).movedim(1, -1);
  const padded = padImpl(sq, [Math.floor(size / 2), Math.floor((size - 1) / 2)], "constant", 0);
  const div = padded.unfold(-1, size, 1).sum(-1).div(size).movedim(-1, 1);
  return input.div(div.mul(alpha).add(k).pow(beta));
}

/** Arguments of {@link lpPool1d}/{@link lpPool2d} after the input. */
export type LpPoolArgs = PosOrOpts<
  [normType: number, kernelSize: IntOrTuple, stride: IntOrTuple | null, ceilMode: boolean],
  { normType?: number; kernelSize?: IntOrTuple; stride?: IntOrTuple | null; ceilMode?: boolean }
>;

function lpPool(op: string, nd: 1 | 2, input: Tensor, args: readonly unknown[]): Tensor {
  const [n, ks, st, cm] = splitArgs(nd === 1 ? P_LP1 : P_LP2, args, 1);
  const p = checkNumber(op, "normType", n);
  const kernel = ntuple(op, "kernelSize", ks as IntOrTuple, nd);
  const stride = st === undefined || st === null ? kernel : ntuple(op, "stride", st as IntOrTuple, nd);
  const ceil = cm === undefined ? false : checkBool(op, "ceilMode", cm);
  checkFloat(op, input);
  const xp = input.pow(p);
  const out =
    nd === 1
      ? avgPool1d(xp, kernel[0]!, stride[0]!, 0, ceil)
      : avgPool2d(xp, kernel as [number, number], stride as [number, number], 0, ceil);
  const area = kernel.reduce((s, v) => s * v, 1);
  return out
    .sign()
    .mul(out.abs().relu())
    .mul(area)
    .pow(1 / p);
}

/**
 * 1-D power-average pooling: (Σ_window x^p)^(1/p) (`F.lp_pool1d`; stride defaults to the kernel).
 * @example F.lpPool1d(torch.rand(1, 2, 8), 2, 2).shape // [1, 2, 4]
 */
export function lpPool1d(input: Tensor, ...args: LpPoolArgs): Tensor;
export function lpPool1d(input: Tensor, ...args: unknown[]): Tensor {
  return lpPool("lpPool1d", 1, input, args);
}

/**
 * 2-D power-average pooling: (Σ_window x^p)^(1/p) (`F.lp_pool2d`).
 * @example F.lpPool2d(torch.rand(1, 2, 4, 4), 2, 2).shape // [1, 2, 2, 2]
 */
export function lpPool2d(input: Tensor, ...args: LpPoolArgs): Tensor;
export function lpPool2d(input: Tensor, ...args: unknown[]): Tensor {
  return lpPool("lpPool2d", 2, input, args);
}

/** Options of {@link unfold} and {@link fold} after the sizes. */
export interface UnfoldOptions {
  dilation?: IntOrTuple;
  padding?: IntOrTuple;
  stride?: IntOrTuple;
}

function geometry(op: string, a: readonly unknown[]): { k: number[]; d: number[]; p: number[]; s: number[] } {
  const [ks, dil, pad, st] = a;
  const k = ntuple(op, "kernelSize", ks as IntOrTuple, 2);
  const d = dil === undefined ? [1, 1] : ntuple(op, "dilation", dil as IntOrTuple, 2);
  const p = pad === undefined ? [0, 0] : ntuple(op, "padding", pad as IntOrTuple, 2);
  const s = st === undefined ? [1, 1] : ntuple(op, "stride", st as IntOrTuple, 2);
  for (const [name, v, min] of [
    ["kernelSize", k, 1],
    ["dilation", d, 1],
    ["padding", p, 0],
    ["stride", s, 1],
  ] as const) {
    if (v.some((x) => x < min))
      throw new RangeError(
        `[${op}] ${name} should be ${min === 1 ? "greater than zero" : "non-negative"}: got ${tupleStr(v)}`,
      );
  }
  return { k, d, p, s };
}

/**
 * Extracts sliding blocks (im2col): [N, C, H, W] (or [C, H, W]) → [N, C·kh·kw, L] with L the
 * number of block positions (`F.unfold`).
 * @example F.unfold(torch.randn(1, 2, 4, 4), 2).shape // [1, 8, 9]
 */
export function unfold(
  input: Tensor,
  ...args: PosOrOpts<
    [kernelSize: IntOrTuple, dilation: IntOrTuple, padding: IntOrTuple, stride: IntOrTuple],
    UnfoldOptions & { kernelSize?: IntOrTuple }
  >
): Tensor;
export function unfold(input: Tensor, ...args: unknown[]): Tensor {
  const { k, d, p, s } = geometry("unfold", splitArgs(P_UNFOLD, args, 1));
  checkTensorArg("unfold", input);
  if (input.dim() !== 3 && input.dim() !== 4) {
    throw new RangeError(
      `[unfold] expected 3-D (unbatched) or 4-D (batched) input: got ${input.dim()}-D input ${shapeStr(input.shape)}`,
    );
  }
  const batched = input.dim() === 4;
  const x = batched ? input : input.unsqueeze(0);
  const xp = p[0] === 0 && p[1] === 0 ? x : padImpl(x, [p[1]!, p[1]!, p[0]!, p[0]!], "constant", 0);
  const [n, c, h, w] = xp.shape as [number, number, number, number];
  const oh = windowCount(h, k[0]!, s[0]!, d[0]!);
  const ow = windowCount(w, k[1]!, s[1]!, d[1]!);
  if (oh < 1 || ow < 1) {
    throw new RangeError(
      `[unfold] given input with spatial size (${h - 2 * p[0]!}, ${w - 2 * p[1]!}), kernel_size=${tupleStr(k)}, dilation=${tupleStr(d)}, padding=${tupleStr(p)}, calculated shape of the array of sliding blocks as (${oh}, ${ow}), but its components must be at least one`,
    );
  }
  const win = windows(xp, { dims: [2, 3], sizes: k, steps: s, dilations: d }, "Im2ColBackward0");
  const out = win.permute([0, 1, 4, 5, 2, 3]).reshape([n, c * k[0]! * k[1]!, oh * ow]);
  return batched ? out : out.squeeze(0);
}

/**
 * Sums sliding blocks back into an image (col2im), the adjoint of {@link unfold}:
 * [N, C·kh·kw, L] (or unbatched) → [N, C, *outputSize] (`F.fold`).
 * @example F.fold(torch.ones(1, 4, 9), [4, 4], 2).shape // [1, 1, 4, 4]
 */
export function fold(
  input: Tensor,
  ...args: PosOrOpts<
    [outputSize: IntOrTuple, kernelSize: IntOrTuple, dilation: IntOrTuple, padding: IntOrTuple, stride: IntOrTuple],
    UnfoldOptions & { outputSize?: IntOrTuple; kernelSize?: IntOrTuple }
  >
): Tensor;
export function fold(input: Tensor, ...args: unknown[]): Tensor {
  const a = splitArgs(P_FOLD, args, 1);
  const os = ntuple("fold", "outputSize", a[0] as IntOrTuple, 2);
  const { k, d, p, s } = geometry("fold", a.slice(1));
  checkTensorArg("fold", input);
  if (input.dim() !== 2 && input.dim() !== 3) {
    throw new RangeError(
      `[fold] expected 2-D (unbatched) or 3-D (batched) input: got ${input.dim()}-D input ${shapeStr(input.shape)}`,
    );
  }
  const batched = input.dim() === 3;
  const x = batched ? input : input.unsqueeze(0);
  const [n, ck, l] = x.shape as [number, number, number];
  const kk = k[0]! * k[1]!;
  if (ck % kk !== 0) {
    throw new RangeError(
      `[fold] expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${ck} and kernel_size=${tupleStr(k)}`,
    );
  }
  const [h, w] = [os[0]! + 2 * p[0]!, os[1]! + 2 * p[1]!];
  const oh = windowCount(h, k[0]!, s[0]!, d[0]!);
  const ow = windowCount(w, k[1]!, s[1]!, d[1]!);
  if (oh * ow !== l) {
    throw new RangeError(
      `[fold] given output_size=${tupleStr(os)}, kernel_size=${tupleStr(k)}, dilation=${tupleStr(d)}, padding=${tupleStr(p)}, stride=${tupleStr(s)}, expected size of input's dimension 2 to match the calculated number of sliding blocks ${oh} * ${ow} = ${oh * ow}, but got input.size(2)=${l}`,
    );
  }
  const c = ck / kk;
  const cols = x.reshape([n, c, k[0]!, k[1]!, oh, ow]).permute([0, 1, 4, 5, 2, 3]);
  let out = windowsBackward(cols, [n, c, h, w], { dims: [2, 3], sizes: k, steps: s, dilations: d });
  if (p[0]! > 0 || p[1]! > 0) out = out.narrow(2, p[0]!, os[0]!).narrow(3, p[1]!, os[1]!);
  return batched ? out : out.squeeze(0);
}
