/**
 * Pooling as composites: pad → window view → max (first maximum gets the gradient, as PyTorch)
 * or sum ÷ PyTorch's divisor. Adaptive average pooling is separable: A_h · x · A_wᵀ with
 * averaging matrices built from PyTorch's start/end formula.
 */
import { isGradEnabled } from "../../autograd/mode.js";
import { fusable, fusedOp, fusedOutput, runFusedKernel } from "../../ops/fused.js";
import { tensor, zeros } from "../../tensor/creation.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { numel } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { matmul } from "../../ops/linalg.js";
import { windows } from "../../ops/windows.js";
import { checkBool, checkInt } from "../../util/args.js";
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
import { padImpl } from "./conv.js";

interface PoolGeom {
  k: number[];
  s: number[];
  p: number[];
  d: number[];
  out: number[];
}

/** PyTorch's pooling_output_shape: ⌊(n + 2p − d(k−1) − 1 (+ s−1 if ceil)) / s⌋ + 1, minus one if the last window starts in the right padding. */
function poolOut(n: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  let o = Math.floor((n + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (o - 1) * s >= n + p) o--;
  return o;
}

function poolGeom(
  op: string,
  nd: number,
  x: Tensor,
  a: {
    kernelSize: IntOrTuple;
    stride?: IntOrTuple | null;
    padding: IntOrTuple;
    dilation: IntOrTuple;
    ceilMode: boolean;
  },
  isMax: boolean,
): PoolGeom {
  const k = ntuple(op, "kernel_size", a.kernelSize, nd);
  const s =
    a.stride === null || a.stride === undefined || (Array.isArray(a.stride) && a.stride.length === 0)
      ? [...k]
      : ntuple(op, "stride", a.stride, nd);
  const p = ntuple(op, "padding", a.padding, nd);
  const d = ntuple(op, "dilation", a.dilation, nd);
  if (k.some((v) => v <= 0))
    throw new RangeError(`[${op}] kernel size should be greater than zero: got ${shapeStr(k)}`);
  if (s.some((v) => v <= 0)) throw new RangeError(`[${op}] stride should be greater than zero: got ${shapeStr(s)}`);
  if (d.some((v) => v <= 0)) throw new RangeError(`[${op}] dilation should be greater than zero: got ${shapeStr(d)}`);
  for (let i = 0; i < nd; i++) {
    const limit = isMax ? Math.floor((d[i]! * (k[i]! - 1) + 1) / 2) : Math.floor(k[i]! / 2);
    if (p[i]! < 0 || p[i]! > limit) {
      throw new RangeError(
        `[${op}] pad should be at most half of ${isMax ? "effective " : ""}kernel size: got pad=${p[i]}, kernel_size=${k[i]}${isMax ? ` and dilation=${d[i]}` : ""}`,
      );
    }
  }
  const spatial = x.shape.slice(x.dim() - nd);
  const out = spatial.map((n, i) => poolOut(n, k[i]!, s[i]!, p[i]!, d[i]!, a.ceilMode));
  if (out.some((o) => o <= 0)) {
    throw new RangeError(
      `[${op}] given input size ${shapeStr(x.shape)}, the calculated output size ${shapeStr([...x.shape.slice(0, x.dim() - nd), ...out])} is too small`,
    );
  }
  return { k, s, p, d, out };
}

function checkPoolInput(op: string, nd: number, x: Tensor): void {
  checkTensorArg(op, x);
  const sp = nd === 1 ? "L" : nd === 2 ? "H, W" : "D, H, W";
  if (x.dim() !== nd + 1 && x.dim() !== nd + 2) {
    throw new RangeError(
      `[${op}] expected input of shape [N, C, ${sp}] or [C, ${sp}] (${nd + 2}-D or ${nd + 1}-D): got ${shapeStr(x.shape)}`,
    );
  }
  if (x.shape.slice(1).some((v) => v === 0)) {
    throw new RangeError(`[${op}] expected input with non-zero sizes except the batch dim: got ${shapeStr(x.shape)}`);
  }
}

/** Pads the spatial dims by p on the left and up to the last window on the right, then views the windows. */
function poolWindows(x: Tensor, g: PoolGeom, value: number, name: string): Tensor {
  const nd = g.k.length;
  const pads: number[] = [];
  for (let i = nd - 1; i >= 0; i--) {
    const n = x.shape[x.dim() - nd + i]!;
    const need = (g.out[i]! - 1) * g.s[i]! + g.d[i]! * (g.k[i]! - 1) + 1;
    pads.push(g.p[i]!, need - n - g.p[i]!);
  }
  const xp = pads.some((v) => v !== 0) ? padImpl(x, pads, "constant", value) : x;
  const dims = g.k.map((_, i) => x.dim() - nd + i);
  return windows(xp, { dims, sizes: g.k, steps: g.s, dilations: g.d }, name);
}

const tableCache = new Map<string, Tensor>();

/** For each (output…, window element) the flat index into the unpadded spatial plane. */
function maxIndexTable(spatial: readonly number[], g: PoolGeom): Tensor {
  const key = JSON.stringify([spatial, g]);
  const hit = tableCache.get(key);
  if (hit) return hit;
  const nd = spatial.length;
  const shape = [...g.out, ...g.k];
  const data: number[] = [];
  const c = new Array<number>(shape.length).fill(0);
  for (let e = 0; e < numel(shape); e++) {
    let flat = 0;
    for (let i = 0; i < nd; i++) flat = flat * spatial[i]! + (c[i]! * g.s[i]! - g.p[i]! + c[nd + i]! * g.d[i]!);
    data.push(flat);
    for (let j = shape.length - 1; j >= 0; j--) {
      if (++c[j]! < shape[j]!) break;
      c[j] = 0;
    }
  }
  const t = tensor(data, { dtype: "int64" }).reshape([...g.out, numel(g.k)]);
  if (tableCache.size > 128) tableCache.clear();
  tableCache.set(key, t);
  return t;
}

function maxPoolNd(
  op: string,
  nd: number,
  input: Tensor,
  a: {
    kernelSize: IntOrTuple;
    stride?: IntOrTuple | null;
    padding: IntOrTuple;
    dilation: IntOrTuple;
    ceilMode: boolean;
    returnIndices: boolean;
  },
): Tensor | [Tensor, Tensor] {
  checkPoolInput(op, nd, input);
  const g = poolGeom(op, nd, input, a, true);
  const [values, indices] = maxPoolOp(input, g, a.returnIndices);
  return a.returnIndices ? [values, indices!] : values;
}

/** The composite: window view → max over each window; the flat indices only when asked. */
function maxPoolComposite(input: Tensor, g: PoolGeom, withIndices: boolean): [Tensor, Tensor | null] {
  const nd = g.k.length;
  const fill = isFloatingPoint(input.dtype) ? -Infinity : Number.MIN_SAFE_INTEGER;
  const win = poolWindows(input, g, fill, "MaxPoolBackward");
  const lead = input.shape.slice(0, input.dim() - nd);
  const flat = win.reshape([...lead, ...g.out, numel(g.k)]);
  const { values, indices } = flat.max(-1);
  if (!withIndices) return [values, null];
  const table = maxIndexTable(input.shape.slice(input.dim() - nd), g);
  const idx = table
    .expand([...lead, ...table.shape])
    .gather(-1, indices.unsqueeze(-1))
    .squeeze(-1);
  return [values, idx];
}

/** What the fused max pool's backward needs: the batched input and the argmax indices. */
interface PoolCtx {
  x: Tensor;
  indices: Tensor;
  unbatched: boolean;
}

/**
 * The native 2-D max pool (DESIGN principle 5): values and indices in one pass; the backward adds
 * the gradient at the recorded indices (one native pass, or `scatterAdd`, differentiable, as the
 * composite's, under createGraph).
 */
const maxPoolOp = fusedOp({
  name: "maxPool2d",
  kernel: "maxPool2d",
  when: (input: Tensor, g: PoolGeom, _withIndices: boolean) => g.k.length === 2 && fusable(input),
  forward: (k, input, g) => {
    const unbatched = input.dim() === 3;
    const x = unbatched ? input.unsqueeze(0) : input;
    const [N, C] = x.shape as [number, number];
    const [OH, OW] = g.out as [number, number];
    const values = fusedOutput([N, C, OH, OW], x.dtype);
    const indices = fusedOutput([N, C, OH, OW], "int64");
    const geom = { kernel: pair(g.k), stride: pair(g.s), padding: pair(g.p), dilation: pair(g.d) };
    return k(x, values, indices, geom) ? { out: values, ctx: { x, indices, unbatched } as PoolCtx } : null;
  },
  grad: {
    name: "MaxPool2DWithIndicesBackward0",
    inputs: (c: PoolCtx) => [c.x],
    saves: (c: PoolCtx) => [c.x, c.indices],
    backward: (gr, { x, indices }) => {
      const [N, C, H, W] = x.shape as [number, number, number, number];
      const [OH, OW] = [indices.shape[2]!, indices.shape[3]!];
      if (!isGradEnabled() && gr.dtype === x.dtype) {
        const gx = fusedOutput([N, C, H, W], x.dtype);
        if (runFusedKernel("maxPool2dBackward", gr.contiguous(), indices, gx)) return [gx];
      }
      const flatIdx = indices.reshape([N * C, OH * OW]);
      const z = zeros([N * C, H * W], { dtype: gr.dtype });
      return [z.scatterAdd(1, flatIdx, gr.reshape([N * C, OH * OW])).reshape([N, C, H, W])];
    },
  },
  result: (values, { indices, unbatched }): [Tensor, Tensor | null] =>
    unbatched ? [values.squeeze(0), indices.squeeze(0)] : [values, indices],
  fallback: maxPoolComposite,
});

function pair(v: readonly number[]): [number, number] {
  return [v[0]!, v[1]!];
}

/** Options of max pooling: every parameter after the input, by name. */
export interface MaxPoolArgs {
  kernelSize?: IntOrTuple;
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceilMode?: boolean;
  returnIndices?: boolean;
}

type MaxPoolPos<R> = [
  kernelSize: IntOrTuple,
  stride: IntOrTuple | null | undefined,
  padding: IntOrTuple,
  dilation: IntOrTuple,
  ceilMode: boolean,
  returnIndices: R,
];

/** Max-pool arguments after the input: PyTorch's order, then optionally {@link MaxPoolArgs}. */
export type MaxPoolFnArgs = PosOrOptsReq<
  MaxPoolPos<false>,
  MaxPoolArgs & { returnIndices?: false },
  { kernelSize: IntOrTuple }
>;

/** Max-pool arguments asking for the indices too. */
export type MaxPoolFnArgsWithIndices =
  | MaxPoolPos<true>
  | [kernelSize: IntOrTuple, opts: MaxPoolArgs & { returnIndices: true }]
  | [opts: MaxPoolArgs & { kernelSize: IntOrTuple; returnIndices: true }];

const MAXPOOL_NAMES = ["kernelSize", "stride", "padding", "dilation", "ceilMode", "returnIndices"];
const MAXPOOL1D = params("maxPool1d", MAXPOOL_NAMES, { required: 1 });
const MAXPOOL2D = params("maxPool2d", MAXPOOL_NAMES, { required: 1 });
const MAXPOOL3D = params("maxPool3d", MAXPOOL_NAMES, { required: 1 });

function maxPoolCall(p: ParamList, nd: number, input: Tensor, args: ArrayLike<unknown>): Tensor | [Tensor, Tensor] {
  const [kernelSize, stride, padding, dilation, ceilMode, returnIndices] = splitArgs(p, args, 1);
  return maxPoolNd(p.op, nd, input, {
    kernelSize: kernelSize as IntOrTuple,
    stride: (stride ?? null) as IntOrTuple | null,
    padding: (padding ?? 0) as IntOrTuple,
    dilation: (dilation ?? 1) as IntOrTuple,
    ceilMode: flag(p.op, "ceilMode", ceilMode, false),
    returnIndices: flag(p.op, "returnIndices", returnIndices, false),
  });
}

/** A boolean flag, `dflt` when not given. */
function flag(op: string, name: string, v: unknown, dflt: boolean): boolean {
  return v === undefined ? dflt : checkBool(op, name, v);
}

/**
 * 1-D max pooling over `[N, C, L]` (or `[C, L]`); `stride` defaults to `kernelSize`. With
 * `returnIndices` also returns the flat positions of the maxima. After the input:
 * `kernelSize, stride, padding, dilation, ceilMode, returnIndices`, or a final options object.
 * @example F.maxPool1d(torch.randn(1, 2, 8), 2).shape // [1, 2, 4]
 */
export function maxPool1d(input: Tensor, ...args: MaxPoolFnArgsWithIndices): [Tensor, Tensor];
export function maxPool1d(input: Tensor, ...args: MaxPoolFnArgs): Tensor;
export function maxPool1d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return maxPoolCall(MAXPOOL1D, 1, input, args);
}

/**
 * 2-D max pooling over `[N, C, H, W]` (or `[C, H, W]`); `stride` defaults to `kernelSize`.
 * After the input: `kernelSize, stride, padding, dilation, ceilMode, returnIndices`, or a
 * final options object.
 * @example F.maxPool2d(torch.randn(1, 1, 28, 28), 2, { stride: 2 }).shape // [1, 1, 14, 14]
 */
export function maxPool2d(input: Tensor, ...args: MaxPoolFnArgsWithIndices): [Tensor, Tensor];
export function maxPool2d(input: Tensor, ...args: MaxPoolFnArgs): Tensor;
export function maxPool2d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return maxPoolCall(MAXPOOL2D, 2, input, args);
}

/**
 * 3-D max pooling over `[N, C, D, H, W]` (or `[C, D, H, W]`); `stride` defaults to `kernelSize`.
 * After the input: `kernelSize, stride, padding, dilation, ceilMode, returnIndices`, or a final
 * options object. Indices are flat positions in each `D·H·W` volume.
 * @example F.maxPool3d(torch.randn(1, 2, 4, 6, 6), 2).shape // [1, 2, 2, 3, 3]
 */
export function maxPool3d(input: Tensor, ...args: MaxPoolFnArgsWithIndices): [Tensor, Tensor];
export function maxPool3d(input: Tensor, ...args: MaxPoolFnArgs): Tensor;
export function maxPool3d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return maxPoolCall(MAXPOOL3D, 3, input, args);
}

/** @internal Max pooling with its arguments resolved (the layers call this). */
export function maxPoolImpl(
  op: string,
  nd: number,
  input: Tensor,
  a: {
    kernelSize: IntOrTuple;
    stride: IntOrTuple | null;
    padding: IntOrTuple;
    dilation: IntOrTuple;
    ceilMode: boolean;
    returnIndices: boolean;
  },
): Tensor | [Tensor, Tensor] {
  return maxPoolNd(op, nd, input, a);
}

/** PyTorch's avg-pool divisor along one dim, per output position. */
function divisors(n: number, k: number, s: number, p: number, out: number, includePad: boolean): number[] {
  const r: number[] = [];
  for (let o = 0; o < out; o++) {
    const start = o * s - p;
    const end = Math.min(start + k, n + p);
    r.push(includePad ? end - start : Math.min(end, n) - Math.max(start, 0));
  }
  return r;
}

function avgPoolNd(
  op: string,
  nd: number,
  input: Tensor,
  a: {
    kernelSize: IntOrTuple;
    stride?: IntOrTuple | null;
    padding: IntOrTuple;
    ceilMode: boolean;
    countIncludePad: boolean;
    divisorOverride: number | null;
  },
): Tensor {
  checkPoolInput(op, nd, input);
  if (!isFloatingPoint(input.dtype)) throw new TypeError(`[${op}] expected a floating point input: got ${input.dtype}`);
  const g = poolGeom(op, nd, input, { ...a, dilation: 1 }, false);
  const win = poolWindows(input, g, 0, "AvgPoolBackward");
  const sum = win.sum(g.k.map((_, i) => -1 - i));
  if (a.divisorOverride !== null) {
    if (a.divisorOverride === 0) throw new RangeError(`[${op}] divisor must be not zero`);
    return sum.div(a.divisorOverride);
  }
  const spatial = input.shape.slice(input.dim() - nd);
  const per = spatial.map((n, i) => divisors(n, g.k[i]!, g.s[i]!, g.p[i]!, g.out[i]!, a.countIncludePad));
  // Outer product of the per-dim divisors.
  const div = per.slice(1).reduce((acc, row) => acc.flatMap((u) => row.map((v) => u * v)), per[0]!);
  return sum.div(tensor(div, { dtype: input.dtype }).reshape(g.out));
}

/** Options of average pooling: every parameter after the input, by name. */
export interface AvgPoolArgs {
  kernelSize?: IntOrTuple;
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

/** `avgPool1d` arguments after the input: PyTorch's order, then optionally options. */
export type AvgPool1dFnArgs = PosOrOptsReq<
  [
    kernelSize: IntOrTuple,
    stride: IntOrTuple | null | undefined,
    padding: IntOrTuple,
    ceilMode: boolean,
    countIncludePad: boolean,
  ],
  Omit<AvgPoolArgs, "divisorOverride">,
  { kernelSize: IntOrTuple }
>;

/** `avgPool2d` arguments after the input: PyTorch's order, then optionally options. */
export type AvgPool2dFnArgs = PosOrOptsReq<
  [
    kernelSize: IntOrTuple,
    stride: IntOrTuple | null | undefined,
    padding: IntOrTuple,
    ceilMode: boolean,
    countIncludePad: boolean,
    divisorOverride: number | null,
  ],
  AvgPoolArgs,
  { kernelSize: IntOrTuple }
>;

const AVGPOOL1D = params("avgPool1d", ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad"], {
  required: 1,
});
const AVGPOOL_NAMES = ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"];
const AVGPOOL2D = params("avgPool2d", AVGPOOL_NAMES, { required: 1 });
const AVGPOOL3D = params("avgPool3d", AVGPOOL_NAMES, { required: 1 });

function avgPoolCall(p: ParamList, nd: number, input: Tensor, args: ArrayLike<unknown>): Tensor {
  const [kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride] = splitArgs(p, args, 1);
  if (divisorOverride !== undefined && divisorOverride !== null)
    checkInt(p.op, "divisorOverride", divisorOverride, -Infinity);
  return avgPoolNd(p.op, nd, input, {
    kernelSize: kernelSize as IntOrTuple,
    stride: (stride ?? null) as IntOrTuple | null,
    padding: (padding ?? 0) as IntOrTuple,
    ceilMode: flag(p.op, "ceilMode", ceilMode, false),
    countIncludePad: flag(p.op, "countIncludePad", countIncludePad, true),
    divisorOverride: (divisorOverride ?? null) as number | null,
  });
}

/**
 * 1-D average pooling; `countIncludePad` counts zero padding in the divisor. After the input:
 * `kernelSize, stride, padding, ceilMode, countIncludePad`, or a final options object.
 * @example F.avgPool1d(torch.randn(1, 2, 8), 2).shape // [1, 2, 4]
 */
export function avgPool1d(input: Tensor, ...args: AvgPool1dFnArgs): Tensor;
export function avgPool1d(input: Tensor, ...args: unknown[]): Tensor {
  return avgPoolCall(AVGPOOL1D, 1, input, args);
}

/**
 * 2-D average pooling; `divisorOverride` replaces the window size as divisor. After the input:
 * `kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride`, or a final options object.
 * @example F.avgPool2d(torch.randn(1, 1, 4, 4), 2, { padding: 1 }).shape // [1, 1, 3, 3]
 */
export function avgPool2d(input: Tensor, ...args: AvgPool2dFnArgs): Tensor;
export function avgPool2d(input: Tensor, ...args: unknown[]): Tensor {
  return avgPoolCall(AVGPOOL2D, 2, input, args);
}

/**
 * 3-D average pooling over `[N, C, D, H, W]` (or `[C, D, H, W]`). After the input:
 * `kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride`, or a final options object.
 * @example F.avgPool3d(torch.randn(1, 1, 4, 4, 4), 2, { padding: 1 }).shape // [1, 1, 3, 3, 3]
 */
export function avgPool3d(input: Tensor, ...args: AvgPool2dFnArgs): Tensor;
export function avgPool3d(input: Tensor, ...args: unknown[]): Tensor {
  return avgPoolCall(AVGPOOL3D, 3, input, args);
}

/** @internal Average pooling with its arguments resolved (the layers call this). */
export function avgPoolImpl(
  op: string,
  nd: number,
  input: Tensor,
  a: {
    kernelSize: IntOrTuple;
    stride: IntOrTuple | null;
    padding: IntOrTuple;
    ceilMode: boolean;
    countIncludePad: boolean;
    divisorOverride: number | null;
  },
): Tensor {
  return avgPoolNd(op, nd, input, a);
}

/** Averaging matrix [out, n]: row i averages [⌊i·n/out⌋, ⌈(i+1)·n/out⌉). */
function adaptiveMatrix(n: number, out: number, x: Tensor): Tensor {
  const m = new Array<number>(out * n).fill(0);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * n) / out);
    const end = Math.ceil(((i + 1) * n) / out);
    for (let j = start; j < end; j++) m[i * n + j] = 1 / (end - start);
  }
  return tensor(m, { dtype: x.dtype }).reshape([out, n]);
}

function adaptiveAvgPoolNd(
  op: string,
  nd: number,
  input: Tensor,
  outputSize: number | readonly (number | null)[],
): Tensor {
  checkPoolInput(op, nd, input);
  if (!isFloatingPoint(input.dtype)) throw new TypeError(`[${op}] expected a floating point input: got ${input.dtype}`);
  const sizes = typeof outputSize === "number" ? new Array<number | null>(nd).fill(outputSize) : [...outputSize];
  if (sizes.length === 1 && nd === 2) sizes.push(sizes[0]!); // PyTorch's _pair; _triple takes no 1-tuple
  if (sizes.length !== nd || sizes.some((v) => v !== null && (!Number.isInteger(v) || v < 0))) {
    throw new TypeError(
      `[${op}] output_size must be an integer or ${nd} integers (or null): got ${JSON.stringify(outputSize)}`,
    );
  }
  const spatial = input.shape.slice(input.dim() - nd);
  const out = sizes.map((v, i) => v ?? spatial[i]!);
  // x [..., H, W]: W axis by right-multiplying with A_wᵀ, H axis by left-multiplying with A_h;
  // for 3-D the (H', W') plane is flattened and the D axis left-multiplied with A_d.
  let y = matmul(input, adaptiveMatrix(spatial[nd - 1]!, out[nd - 1]!, input).t());
  if (nd >= 2) y = matmul(adaptiveMatrix(spatial[nd - 2]!, out[nd - 2]!, input), y);
  if (nd === 3) {
    const lead = input.shape.slice(0, input.dim() - 3);
    const plane = y.reshape([...lead, spatial[0]!, out[1]! * out[2]!]);
    y = matmul(adaptiveMatrix(spatial[0]!, out[0]!, input), plane).reshape([...lead, ...out]);
  }
  return y;
}

const ADAPTIVE1D = params("adaptiveAvgPool1d", ["outputSize"], { required: 1 });
const ADAPTIVE2D = params("adaptiveAvgPool2d", ["outputSize"], { required: 1 });
const ADAPTIVE3D = params("adaptiveAvgPool3d", ["outputSize"], { required: 1 });

/**
 * 1-D adaptive average pooling to `outputSize` positions (positionally or `{ outputSize }`).
 * @example F.adaptiveAvgPool1d(torch.randn(1, 2, 10), 3).shape // [1, 2, 3]
 */
export function adaptiveAvgPool1d(
  input: Tensor,
  ...args: [outputSize: number | readonly [number | null]] | [opts: { outputSize: number | readonly [number | null] }]
): Tensor;
export function adaptiveAvgPool1d(input: Tensor, ...args: unknown[]): Tensor {
  const [outputSize] = splitArgs(ADAPTIVE1D, args, 1);
  return adaptiveAvgPoolNd("adaptiveAvgPool1d", 1, input, outputSize as number);
}

/**
 * 2-D adaptive average pooling to `outputSize` (an int, or [H, W] with `null` keeping a size),
 * positionally or as `{ outputSize }`.
 * @example F.adaptiveAvgPool2d(torch.randn(1, 3, 7, 9), [2, 3]).shape // [1, 3, 2, 3]
 */
export function adaptiveAvgPool2d(
  input: Tensor,
  ...args:
    [outputSize: number | readonly (number | null)[]] | [opts: { outputSize: number | readonly (number | null)[] }]
): Tensor;
export function adaptiveAvgPool2d(input: Tensor, ...args: unknown[]): Tensor {
  const [outputSize] = splitArgs(ADAPTIVE2D, args, 1);
  return adaptiveAvgPoolNd("adaptiveAvgPool2d", 2, input, outputSize as number);
}

/**
 * 3-D adaptive average pooling to `outputSize` (an int, or [D, H, W] with `null` keeping a size),
 * positionally or as `{ outputSize }`.
 * @example F.adaptiveAvgPool3d(torch.randn(1, 3, 5, 7, 9), [2, 3, null]).shape // [1, 3, 2, 3, 9]
 */
export function adaptiveAvgPool3d(
  input: Tensor,
  ...args:
    [outputSize: number | readonly (number | null)[]] | [opts: { outputSize: number | readonly (number | null)[] }]
): Tensor;
export function adaptiveAvgPool3d(input: Tensor, ...args: unknown[]): Tensor {
  const [outputSize] = splitArgs(ADAPTIVE3D, args, 1);
  return adaptiveAvgPoolNd("adaptiveAvgPool3d", 3, input, outputSize as number);
}

/** @internal Adaptive average pooling with its argument resolved (the layers call this). */
export function adaptiveAvgPoolImpl(
  op: string,
  nd: number,
  input: Tensor,
  outputSize: number | readonly (number | null)[],
): Tensor {
  return adaptiveAvgPoolNd(op, nd, input, outputSize);
}
