/**
 * Adaptive max pooling (`F.adaptive_max_pool1d/2d/3d`): output cell i of n covers input
 * [⌊i·L/n⌋, ⌈(i+1)·L/n⌉). Each window is gathered to a fixed tap count (a short window repeats
 * its last element, which never changes the first maximum), then reduced with `max`, so the
 * gradient goes to the first maximum as in PyTorch; indices are flat positions in the input plane.
 */
import { tensor } from "../../tensor/creation.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool } from "../../util/args.js";
import { checkTensorArg, params, shapeStr, splitArgs, tupleStr } from "./args.js";

const P1 = params("adaptiveMaxPool1d", ["outputSize", "returnIndices"], { required: 1 });
const P2 = params("adaptiveMaxPool2d", ["outputSize", "returnIndices"], { required: 1 });
const P3 = params("adaptiveMaxPool3d", ["outputSize", "returnIndices"], { required: 1 });

/** Source positions of each output cell, padded to the widest window: [out][k]. */
function taps(n: number, out: number): number[][] {
  const rows: number[][] = [];
  let k = 0;
  for (let i = 0; i < out; i++) {
    const s = Math.floor((i * n) / out);
    const e = Math.ceil(((i + 1) * n) / out);
    k = Math.max(k, e - s);
    rows.push(Array.from({ length: e - s }, (_, j) => s + j));
  }
  return rows.map((r) => [...r, ...new Array<number>(k - r.length).fill(r[r.length - 1]!)]);
}

function sizes(op: string, nd: number, v: unknown, inSize: readonly number[]): number[] {
  const list = typeof v === "number" ? new Array<unknown>(nd).fill(v) : Array.isArray(v) ? [...(v as unknown[])] : null;
  if (list === null || list.length !== nd) {
    throw new TypeError(
      `[${op}] outputSize must be an integer or a list of ${nd} integers (or null): got ${JSON.stringify(v)}`,
    );
  }
  return list.map((s, i) => {
    if (s === null) return inSize[i]!;
    if (typeof s !== "number" || !Number.isInteger(s) || s < 0) {
      throw new TypeError(
        `[${op}] outputSize must be an integer or a list of ${nd} integers (or null): got ${JSON.stringify(v)}`,
      );
    }
    return s;
  });
}

function adaptiveMax(
  op: string,
  nd: 1 | 2 | 3,
  input: Tensor,
  outputSize: unknown,
  ri: unknown,
): Tensor | [Tensor, Tensor] {
  const returnIndices = ri === undefined ? false : checkBool(op, "returnIndices", ri);
  checkTensorArg(op, input);
  if (!isFloatingPoint(input.dtype)) throw new TypeError(`[${op}] expected a floating point input: got ${input.dtype}`);
  if (input.dim() !== nd + 1 && input.dim() !== nd + 2) {
    throw new RangeError(
      `[${op}] expected ${nd + 1}-D or ${nd + 2}-D input: got ${input.dim()}-D input ${shapeStr(input.shape)}`,
    );
  }
  const inSize = input.shape.slice(-nd);
  const out = sizes(op, nd, outputSize, inSize);
  if (inSize.some((s) => s === 0) || out.some((s) => s === 0)) {
    throw new RangeError(
      `[${op}] input ${shapeStr(input.shape)} and output size ${tupleStr(out)} must have non-zero spatial sizes`,
    );
  }
  const lead = input.shape.slice(0, -nd);
  const tables = inSize.map((n, i) => taps(n, out[i]!));
  let x = input;
  // Gather each spatial dim to [.., out, k]: dims become [..., o1, k1, o2, k2].
  for (let i = 0; i < nd; i++) {
    const d = lead.length + 2 * i;
    const t = tables[i]!;
    const k = t[0]!.length;
    x = x.indexSelect(d, tensor(t.flat(), { dtype: "int64" }));
    x = x.reshape([...x.shape.slice(0, d), out[i]!, k, ...x.shape.slice(d + 1)]);
  }
  // [..., o1, k1, o2, k2, …] → [..., o1, o2, …, k1·k2·…]
  const L = lead.length;
  const win =
    nd === 1
      ? x
      : x
          .permute([...lead.map((_, i) => i), ...out.map((_, i) => L + 2 * i), ...out.map((_, i) => L + 2 * i + 1)])
          .flatten(L + nd);
  // Flat input position of each (cell, tap), cells and taps both in row-major order.
  let flatPos: number[][] = [[0]]; // [cells so far][taps so far]
  tables.forEach((t, i) => {
    const next: number[][] = [];
    for (const row of flatPos) for (const r of t) next.push(row.flatMap((f) => r.map((p) => f * inSize[i]! + p)));
    flatPos = next;
  });
  const [values, arg] = win.max(-1);
  if (!returnIndices) return values;
  const kk = win.shape[win.dim() - 1]!;
  const cells = out.reduce((a, b) => a * b, 1);
  const base = tensor(flatPos.flat(), { dtype: "int64" }).view([cells, kk]);
  const idx = base
    .gather(1, arg.reshape([-1, cells]).t())
    .t()
    .reshape(arg.shape as number[]);
  return [values, idx];
}

/**
 * 1-D adaptive max pooling to `outputSize` positions; `returnIndices` also gives the argmax positions.
 * @example F.adaptiveMaxPool1d(torch.tensor([[[1, 5, 2, 4, 3]]], { dtype: "float32" }), 2).tolist() // [[[5, 4]]]
 */
export function adaptiveMaxPool1d(
  input: Tensor,
  ...args: [outputSize: number, returnIndices: true] | [outputSize: number, opts: { returnIndices: true }]
): [Tensor, Tensor];
export function adaptiveMaxPool1d(
  input: Tensor,
  ...args: [outputSize: number] | [outputSize: number, returnIndices: false] | [opts: { outputSize: number }]
): Tensor;
export function adaptiveMaxPool1d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  const [o, ri] = splitArgs(P1, args, 1);
  return adaptiveMax("adaptiveMaxPool1d", 1, input, o, ri);
}

/** Arguments of `adaptiveMaxPool2d/3d` that return `[values, indices]`. */
export type AdaptiveMaxNdIndexArgs =
  | [outputSize: number | readonly (number | null)[], returnIndices: true]
  | [outputSize: number | readonly (number | null)[], opts: { returnIndices: true }];
/** Arguments of `adaptiveMaxPool2d/3d` that return the values only. */
export type AdaptiveMaxNdArgs =
  | [outputSize: number | readonly (number | null)[]]
  | [outputSize: number | readonly (number | null)[], returnIndices: false]
  | [opts: { outputSize: number | readonly (number | null)[] }];

/**
 * 2-D adaptive max pooling to `outputSize` (an int, or [H, W] with `null` keeping a size).
 * @example F.adaptiveMaxPool2d(torch.randn(1, 3, 7, 9), [2, 3]).shape // [1, 3, 2, 3]
 */
export function adaptiveMaxPool2d(input: Tensor, ...args: AdaptiveMaxNdIndexArgs): [Tensor, Tensor];
export function adaptiveMaxPool2d(input: Tensor, ...args: AdaptiveMaxNdArgs): Tensor;
export function adaptiveMaxPool2d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  const [o, ri] = splitArgs(P2, args, 1);
  return adaptiveMax("adaptiveMaxPool2d", 2, input, o, ri);
}

/**
 * 3-D adaptive max pooling to `outputSize` (an int, or [D, H, W] with `null` keeping a size);
 * `returnIndices` also gives the flat argmax positions in each `D·H·W` volume.
 * @example F.adaptiveMaxPool3d(torch.randn(1, 3, 5, 7, 9), [2, 3, 4]).shape // [1, 3, 2, 3, 4]
 */
export function adaptiveMaxPool3d(input: Tensor, ...args: AdaptiveMaxNdIndexArgs): [Tensor, Tensor];
export function adaptiveMaxPool3d(input: Tensor, ...args: AdaptiveMaxNdArgs): Tensor;
export function adaptiveMaxPool3d(input: Tensor, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  const [o, ri] = splitArgs(P3, args, 1);
  return adaptiveMax("adaptiveMaxPool3d", 3, input, o, ri);
}
