/**
 * Fractional max pooling (`F.fractional_max_pool2d/3d`, Graham 2014): each (batch, channel) plane
 * gets pseudo-random window starts from one uniform sample per spatial dim (drawn from the global
 * generator, or passed as `_randomSamples` for reproducible runs), by PyTorch's interval formula.
 * The windows are gathered per dim (one `gather` each, with start + offset index tensors) and
 * reduced with `max`, so the gradient reaches the first maximum as in PyTorch.
 */
import { arange } from "../../tensor/factories.js";
import { tensor } from "../../tensor/creation.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { rand } from "../../tensor/random-ops.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool } from "../../util/args.js";
import { checkTensorArg, ntuple, params, shapeStr, splitArgs, type IntOrTuple, type PosOrOptsReq } from "./args.js";

/** Options of fractional max pooling: every parameter after the input, by name. */
export interface FractionalMaxPoolArgs {
  kernelSize?: IntOrTuple;
  outputSize?: IntOrTuple | null;
  outputRatio?: number | readonly number[] | null;
  returnIndices?: boolean;
  /** One uniform [0, 1) sample per (batch, channel, spatial dim): `[N, C, nd]` (N = 1 unbatched). */
  _randomSamples?: Tensor | null;
}

type Pos<R> = [
  kernelSize: IntOrTuple,
  outputSize: IntOrTuple | null | undefined,
  outputRatio: number | readonly number[] | null | undefined,
  returnIndices: R,
  _randomSamples: Tensor | null | undefined,
];

/** Fractional max-pool arguments after the input: PyTorch's order, then optionally options. */
export type FractionalMaxPoolFnArgs = PosOrOptsReq<
  Pos<false>,
  FractionalMaxPoolArgs & { returnIndices?: false },
  { kernelSize: IntOrTuple }
>;

/** Fractional max-pool arguments asking for the indices too. */
export type FractionalMaxPoolFnArgsWithIndices =
  | Pos<true>
  | [kernelSize: IntOrTuple, opts: FractionalMaxPoolArgs & { returnIndices: true }]
  | [opts: FractionalMaxPoolArgs & { kernelSize: IntOrTuple; returnIndices: true }];

const NAMES = ["kernelSize", "outputSize", "outputRatio", "returnIndices", "_randomSamples"];
const P2 = params("fractionalMaxPool2d", NAMES, { required: 1 });
const P3 = params("fractionalMaxPool3d", NAMES, { required: 1 });

/**
 * PyTorch's generate_intervals: window starts ⌊(i + u)·α⌋ − ⌊u·α⌋ with α = (n − k)/(out − 1),
 * the last at n − k; the arithmetic rounds to float32 for float32 inputs, as the kernel's does.
 */
function intervals(u: number, n: number, out: number, k: number, f32: boolean): number[] {
  const r = f32 ? Math.fround : (v: number): number => v;
  const seq = new Array<number>(out).fill(n - k);
  if (out > 1) {
    const alpha = r(r(n - k) / r(out - 1));
    for (let i = 0; i < out - 1; i++) seq[i] = Math.trunc(r(r(i + u) * alpha)) - Math.trunc(r(u * alpha));
  }
  return seq;
}

function fractionalMaxPoolNd(op: string, nd: number, input: Tensor, a: readonly unknown[]): Tensor | [Tensor, Tensor] {
  const [kernelSize, outputSize, outputRatio, ri, samplesArg] = a;
  checkTensorArg(op, input);
  const returnIndices = ri === undefined || ri === null ? false : checkBool(op, "returnIndices", ri);
  if (!isFloatingPoint(input.dtype)) throw new TypeError(`[${op}] expected a floating point input: got ${input.dtype}`);
  const sp = nd === 2 ? "H, W" : "D, H, W";
  if ((input.dim() !== nd + 1 && input.dim() !== nd + 2) || input.shape.slice(1).some((v) => v === 0)) {
    throw new RangeError(
      `[${op}] expected a non-empty input of shape [N, C, ${sp}] or [C, ${sp}] (${nd + 2}-D or ${nd + 1}-D): got ${shapeStr(input.shape)}`,
    );
  }
  const k = ntuple(op, "kernel_size", kernelSize as IntOrTuple, nd);
  if (k.some((v) => v <= 0)) throw new RangeError(`[${op}] kernel_size must be positive: got ${shapeStr(k)}`);
  const inSp = input.shape.slice(input.dim() - nd);
  let out: number[];
  const noSize = outputSize === undefined || outputSize === null;
  const noRatio = outputRatio === undefined || outputRatio === null;
  if (noSize && noRatio) {
    throw new TypeError(`[${op}] requires either an outputSize or an outputRatio: got neither`);
  } else if (!noSize) {
    out = ntuple(op, "output_size", outputSize as IntOrTuple, nd);
  } else {
    const ratio = typeof outputRatio === "number" ? new Array<unknown>(nd).fill(outputRatio) : outputRatio;
    const list = Array.isArray(ratio) && ratio.length === 1 ? new Array<unknown>(nd).fill(ratio[0]) : ratio;
    if (!Array.isArray(list) || list.length !== nd || list.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
      throw new TypeError(`[${op}] outputRatio must be a number or ${nd} numbers: got ${JSON.stringify(outputRatio)}`);
    }
    out = inSp.map((n, i) => Math.trunc(n * (list[i] as number)));
  }
  out.forEach((o, i) => {
    if (o <= 0 || o + k[i]! - 1 > inSp[i]!) {
      throw new RangeError(
        `[${op}] output size ${o} and pool size ${k[i]} do not fit input size ${inSp[i]} at spatial dim ${i}: expected 0 < output and output + pool − 1 <= input`,
      );
    }
  });
  const unbatched = input.dim() === nd + 1;
  const x = unbatched ? input.unsqueeze(0) : input;
  const [N, C] = x.shape as [number, number];
  let samples: Tensor;
  if (samplesArg === undefined || samplesArg === null) samples = rand([N, C, nd], { dtype: input.dtype });
  else {
    checkTensorArg(op, samplesArg, "_randomSamples");
    samples = samplesArg;
    if (samples.dtype !== input.dtype) {
      throw new TypeError(`[${op}] expected _randomSamples of the input's dtype ${input.dtype}: got ${samples.dtype}`);
    }
    if (samples.dim() !== 3 || samples.shape[0] !== N || samples.shape[1] !== C || samples.shape[2] !== nd) {
      throw new RangeError(
        `[${op}] expected _randomSamples of shape ${shapeStr([N, C, nd])}: got ${shapeStr(samples.shape)}`,
      );
    }
  }
  const u = samples.dataFloat();
  const f32 = input.dtype === "float32";
  // Starts per spatial dim: [N·C·out_i] (dim i uses sample i; for 2-D PyTorch reads W from sample 0).
  const starts = inSp.map((n, i) => {
    const si = nd === 2 ? 1 - i : i;
    const s: number[] = [];
    for (let p = 0; p < N * C; p++) s.push(...intervals(u[p * nd + si]!, n, out[i]!, k[i]!, f32));
    return tensor(s, { dtype: "int64" }).reshape([N, C, out[i]!]);
  });
  // Gather each spatial dim into [out_i·k_i] rows: x [N, C, s1, s2, …] → [N, C, o1k1, o2k2, …].
  let win = x;
  starts.forEach((s, i) => {
    const d = 2 + i;
    const view = [N, C, ...new Array<number>(nd).fill(1)];
    view[d] = out[i]! * k[i]!;
    const target = [...win.shape];
    target[d] = out[i]! * k[i]!;
    const rows = s.unsqueeze(-1).add(arange(k[i]!, { dtype: "int64" })); // [N, C, out_i, k_i]
    win = win.gather(d, rows.reshape(view).expand(target));
  });
  // [N, C, o1, k1, o2, k2, …] → [N, C, o1, o2, …, k1·k2·…]
  const split = win.reshape([N, C, ...out.flatMap((o, i) => [o, k[i]!])]);
  const perm = [0, 1, ...out.map((_, i) => 2 + 2 * i), ...out.map((_, i) => 3 + 2 * i)];
  const flat = split.permute(perm).flatten(2 + nd);
  const { values, indices: arg } = flat.max(-1);
  const res = unbatched ? values.squeeze(0) : values;
  if (!returnIndices) return res;
  // Flat input position: Σ_i (start_i[o_i] + j_i)·stride_i, with (j_1, j_2, …) unravelled from arg.
  let pos: Tensor | null = null;
  let rest = arg;
  for (let i = nd - 1; i >= 0; i--) {
    const j = rest.remainder(k[i]!);
    rest = rest.div(k[i]!, { roundingMode: "floor" });
    const view = [N, C, ...out.map((o, m) => (m === i ? o : 1))];
    const coord = starts[i]!.reshape(view).add(j);
    const stride = inSp.slice(i + 1).reduce((p, v) => p * v, 1);
    const term = coord.mul(stride);
    pos = pos === null ? term : pos.add(term);
  }
  const idx = pos!;
  return unbatched ? [res, idx.squeeze(0)] : [res, idx];
}

/**
 * 2-D fractional max pooling of `[N, C, H, W]` (or `[C, H, W]`) to `outputSize` (or
 * ⌊size·outputRatio⌋) with `kernelSize` windows at pseudo-random starts (a fresh draw per call
 * from the global generator unless `_randomSamples` `[N, C, 2]` is given). After the input:
 * `kernelSize, outputSize, outputRatio, returnIndices, _randomSamples`, or a final options object.
 * @example F.fractionalMaxPool2d(torch.randn(1, 2, 9, 9), 2, { outputSize: 5 }).shape // [1, 2, 5, 5]
 */
export function fractionalMaxPool2d(input: Tensor, ...args: FractionalMaxPoolFnArgsWithIndices): [Tensor, Tensor];
export function fractionalMaxPool2d(input: Tensor, ...args: FractionalMaxPoolFnArgs): Tensor;
export function fractionalMaxPool2d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return fractionalMaxPoolNd(P2.op, 2, input, splitArgs(P2, args, 1));
}

/**
 * 3-D fractional max pooling of `[N, C, D, H, W]` (or `[C, D, H, W]`); `_randomSamples` is
 * `[N, C, 3]`. Arguments as {@link fractionalMaxPool2d}.
 * @example F.fractionalMaxPool3d(torch.randn(1, 2, 6, 6, 6), 2, { outputRatio: 0.5 }).shape // [1, 2, 3, 3, 3]
 */
export function fractionalMaxPool3d(input: Tensor, ...args: FractionalMaxPoolFnArgsWithIndices): [Tensor, Tensor];
export function fractionalMaxPool3d(input: Tensor, ...args: FractionalMaxPoolFnArgs): Tensor;
export function fractionalMaxPool3d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return fractionalMaxPoolNd(P3.op, 3, input, splitArgs(P3, args, 1));
}

/** @internal Fractional max pooling with its arguments in PyTorch's order (the layers call this). */
export function fractionalMaxPoolImpl(
  nd: 2 | 3,
  input: Tensor,
  a: [IntOrTuple, IntOrTuple | null, number | readonly number[] | null, boolean, Tensor | null],
): Tensor | [Tensor, Tensor] {
  return fractionalMaxPoolNd(nd === 2 ? P2.op : P3.op, nd, input, a);
}
