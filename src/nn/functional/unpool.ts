/**
 * Max unpooling (`F.max_unpool1d/2d/3d`), the partial inverse of max pooling: each input value is
 * written at its flat index into a zero output plane per (batch, channel). A composite of `zeros`
 * and `scatter` along the flattened spatial dims, so the input's gradient is the output gradient
 * gathered at the same indices (as PyTorch's).
 */
import { zeros } from "../../tensor/creation.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { numel } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import {
  checkTensorArg,
  ntuple,
  params,
  shapeStr,
  splitArgs,
  type IntOrTuple,
  type ParamList,
  type PosOrOptsReq,
} from "./args.js";

/** Options of max unpooling: every parameter after the indices, by name. */
export interface MaxUnpoolArgs {
  kernelSize?: IntOrTuple;
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  outputSize?: readonly number[] | null;
}

/** Max-unpool arguments after the indices: PyTorch's order, then optionally {@link MaxUnpoolArgs}. */
export type MaxUnpoolFnArgs = PosOrOptsReq<
  [
    kernelSize: IntOrTuple,
    stride: IntOrTuple | null | undefined,
    padding: IntOrTuple,
    outputSize: readonly number[] | null | undefined,
  ],
  MaxUnpoolArgs,
  { kernelSize: IntOrTuple }
>;

const NAMES = ["kernelSize", "stride", "padding", "outputSize"];
const P1 = params("maxUnpool1d", NAMES, { required: 1 });
const P2 = params("maxUnpool2d", NAMES, { required: 1 });
const P3 = params("maxUnpool3d", NAMES, { required: 1 });

/**
 * PyTorch's `_unpool_output_size`: (n − 1)·s + k − 2p per dim, or `outputSize` (its last nd
 * entries when it also lists batch and channels), each strictly within a stride of that default.
 */
function unpoolSize(
  op: string,
  input: Tensor,
  k: readonly number[],
  s: readonly number[],
  p: readonly number[],
  outputSize: unknown,
): number[] {
  const nd = k.length;
  const spatial = input.shape.slice(input.dim() - nd);
  const dflt = spatial.map((n, i) => (n - 1) * s[i]! + k[i]! - 2 * p[i]!);
  if (outputSize === null || outputSize === undefined) {
    if (dflt.some((v) => v <= 0)) {
      throw new RangeError(
        `[${op}] output size must be positive: got ${shapeStr(dflt)} from input ${shapeStr(input.shape)}, kernel_size ${shapeStr(k)}, stride ${shapeStr(s)} and padding ${shapeStr(p)}`,
      );
    }
    return dflt;
  }
  if (!Array.isArray(outputSize) || outputSize.some((v) => typeof v !== "number" || !Number.isInteger(v))) {
    throw new TypeError(`[${op}] outputSize must be a list of integers: got ${JSON.stringify(outputSize)}`);
  }
  const list = (outputSize.length === nd + 2 ? outputSize.slice(2) : outputSize) as number[];
  if (list.length !== nd) {
    throw new RangeError(
      `[${op}] outputSize should hold ${nd} or ${nd + 2} elements: got ${outputSize.length} (${JSON.stringify(outputSize)})`,
    );
  }
  list.forEach((v, d) => {
    const [lo, hi] = [dflt[d]! - s[d]!, dflt[d]! + s[d]!];
    if (!(lo < v && v < hi)) {
      throw new RangeError(
        `[${op}] invalid outputSize ${JSON.stringify(outputSize)}: got ${v} at dim ${d}, expected strictly between ${lo} and ${hi}`,
      );
    }
  });
  return list;
}

function maxUnpoolNd(
  op: string,
  nd: number,
  input: Tensor,
  indices: Tensor,
  kernelSize: IntOrTuple,
  stride: IntOrTuple | null,
  padding: IntOrTuple,
  outputSize: unknown,
): Tensor {
  checkTensorArg(op, input);
  checkTensorArg(op, indices, "indices");
  if (!isFloatingPoint(input.dtype)) throw new TypeError(`[${op}] expected a floating point input: got ${input.dtype}`);
  if (indices.dtype !== "int64") throw new TypeError(`[${op}] indices must be int64: got ${indices.dtype}`);
  const sp = nd === 1 ? "L" : nd === 2 ? "H, W" : "D, H, W";
  if (input.dim() !== nd + 1 && input.dim() !== nd + 2) {
    throw new RangeError(
      `[${op}] expected input of shape [N, C, ${sp}] or [C, ${sp}] (${nd + 2}-D or ${nd + 1}-D): got ${shapeStr(input.shape)}`,
    );
  }
  if (indices.dim() !== input.dim() || indices.shape.some((v, i) => v !== input.shape[i])) {
    throw new RangeError(
      `[${op}] indices must have the input's shape ${shapeStr(input.shape)}: got ${shapeStr(indices.shape)}`,
    );
  }
  const k = ntuple(op, "kernel_size", kernelSize, nd);
  const s = stride === null || stride === undefined ? [...k] : ntuple(op, "stride", stride, nd);
  const p = ntuple(op, "padding", padding, nd);
  if (k.some((v) => v <= 0)) throw new RangeError(`[${op}] kernel_size must be positive: got ${shapeStr(k)}`);
  if (s.some((v) => v <= 0)) throw new RangeError(`[${op}] stride must be positive: got ${shapeStr(s)}`);
  if (p.some((v) => v < 0)) throw new RangeError(`[${op}] padding must be non-negative: got ${shapeStr(p)}`);
  const out = unpoolSize(op, input, k, s, p, outputSize);
  const plane = numel(out);
  const lead = input.shape.slice(0, input.dim() - nd);
  const flatIdx = indices.reshape([...lead, -1]);
  if (flatIdx.numel() > 0) {
    const lo = Number(flatIdx.min().item());
    const hi = Number(flatIdx.max().item());
    if (lo < 0 || hi >= plane) {
      throw new RangeError(
        `[${op}] found an invalid max index: got ${lo < 0 ? lo : hi}, expected 0 to ${plane - 1} (output size ${out.join("x")})`,
      );
    }
  }
  return zeros([...lead, plane], { dtype: input.dtype })
    .scatter(-1, flatIdx, input.reshape([...lead, -1]))
    .reshape([...lead, ...out]);
}

function unpoolCall(p: ParamList, nd: number, input: Tensor, indices: Tensor, args: ArrayLike<unknown>): Tensor {
  const [kernelSize, stride, padding, outputSize] = splitArgs(p, args, 2);
  return maxUnpoolNd(
    p.op,
    nd,
    input,
    indices,
    kernelSize as IntOrTuple,
    (stride ?? null) as IntOrTuple | null,
    (padding ?? 0) as IntOrTuple,
    outputSize,
  );
}

/**
 * 1-D max unpooling: puts each value of `[N, C, L]` (or `[C, L]`) at its index from
 * `maxPool1d(…, returnIndices)`, zeros elsewhere. After the indices: `kernelSize, stride,
 * padding, outputSize`, or a final options object.
 * @example const [v, i] = F.maxPool1d(torch.randn(1, 2, 8), 2, { returnIndices: true }); F.maxUnpool1d(v, i, 2).shape // [1, 2, 8]
 */
export function maxUnpool1d(input: Tensor, indices: Tensor, ...args: MaxUnpoolFnArgs): Tensor;
export function maxUnpool1d(input: Tensor, indices: Tensor, ...args: unknown[]): Tensor {
  return unpoolCall(P1, 1, input, indices, args);
}

/**
 * 2-D max unpooling of `[N, C, H, W]` (or `[C, H, W]`); `outputSize` picks among the sizes
 * that pool to the input's. After the indices: `kernelSize, stride, padding, outputSize`, or a
 * final options object.
 * @example const [v, i] = F.maxPool2d(torch.randn(1, 1, 5, 5), 2, { returnIndices: true }); F.maxUnpool2d(v, i, 2, { outputSize: [5, 5] }).shape // [1, 1, 5, 5]
 */
export function maxUnpool2d(input: Tensor, indices: Tensor, ...args: MaxUnpoolFnArgs): Tensor;
export function maxUnpool2d(input: Tensor, indices: Tensor, ...args: unknown[]): Tensor {
  return unpoolCall(P2, 2, input, indices, args);
}

/**
 * 3-D max unpooling of `[N, C, D, H, W]` (or `[C, D, H, W]`). After the indices:
 * `kernelSize, stride, padding, outputSize`, or a final options object.
 * @example const [v, i] = F.maxPool3d(torch.randn(1, 1, 4, 4, 4), 2, { returnIndices: true }); F.maxUnpool3d(v, i, 2).shape // [1, 1, 4, 4, 4]
 */
export function maxUnpool3d(input: Tensor, indices: Tensor, ...args: MaxUnpoolFnArgs): Tensor;
export function maxUnpool3d(input: Tensor, indices: Tensor, ...args: unknown[]): Tensor {
  return unpoolCall(P3, 3, input, indices, args);
}

/** @internal Max unpooling with its arguments resolved (the layers call this). */
export function maxUnpoolImpl(
  op: string,
  nd: number,
  input: Tensor,
  indices: Tensor,
  a: { kernelSize: IntOrTuple; stride: IntOrTuple; padding: IntOrTuple; outputSize: readonly number[] | null },
): Tensor {
  return maxUnpoolNd(op, nd, input, indices, a.kernelSize, a.stride, a.padding, a.outputSize);
}
