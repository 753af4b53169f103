/**
 * Dropout as PyTorch's CPU kernel: mask = bernoulli(1 − p) / (1 − p), drawn from the global
 * generator in the same order, so seeded masks equal PyTorch's.
 */
import { zeros } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkNumber } from "../../util/args.js";
import { params, splitArgs, type ParamList, type PosOrOpts } from "./args.js";

function check(op: string, x: unknown, p: number): asserts x is Tensor {
  if (!(x instanceof Tensor))
    throw new TypeError(`[${op}] expected a Tensor as input: got ${x === null ? "null" : typeof x}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`[${op}] dropout probability has to be between 0 and 1, but got ${p}`);
}

function dropoutWith(input: Tensor, p: number, maskShape: readonly number[], inplace: boolean): Tensor {
  let noise =
    p === 1
      ? zeros([], { dtype: input.dtype })
      : zeros(maskShape, { dtype: input.dtype })
          .bernoulli_(1 - p)
          .div_(1 - p);
  // The mask is drawn on the CPU from the seeded generator (as every random factory does), then
  // goes to the input's device, so a run gives the same mask on every device.
  if (input.storage.device !== "cpu" && noise.dim() > 0) noise = noise.to(input.storage.device);
  return inplace ? input.mul_(noise) : input.mul(noise);
}

/** Options of the dropout functionals: every parameter after the input, by name. */
export interface DropoutOptions {
  p?: number;
  training?: boolean;
  inplace?: boolean;
}

/** Dropout arguments after the input: `p, training, inplace`, or a final options object. */
export type DropoutArgs = PosOrOpts<[p: number, training: boolean, inplace: boolean], DropoutOptions>;

const NAMES = ["p", "training", "inplace"];
const DROPOUT = params("dropout", NAMES);
const DROPOUT1D = params("dropout1d", NAMES);
const DROPOUT2D = params("dropout2d", NAMES);
const DROPOUT3D = params("dropout3d", NAMES);

/** [p, training, inplace] with PyTorch's defaults. */
function resolve(P: ParamList, args: unknown[]): [number, boolean, boolean] {
  if (args.length === 0) return [0.5, true, false];
  const [p, training, inplace] = splitArgs(P, args, 1);
  return [
    p === undefined ? 0.5 : checkNumber(P.op, "p", p),
    training === undefined ? true : checkBool(P.op, "training", training),
    inplace === undefined ? false : checkBool(P.op, "inplace", inplace),
  ];
}

/**
 * Zeroes elements with probability `p` and scales the rest by 1/(1 − p) when `training`
 * (`inplace`: in `input` itself). After the input: `p, training, inplace`, or an options object.
 * @example F.dropout(x, 0.5, model.training) // ≡ F.dropout(x, { p: 0.5, training: model.training })
 */
export function dropout(input: Tensor, ...args: DropoutArgs): Tensor;
export function dropout(input: Tensor, ...args: unknown[]): Tensor {
  const [p, training, inplace] = resolve(DROPOUT, args);
  return dropoutImpl(input, p, training, inplace);
}

/** @internal {@link dropout} with its arguments resolved (the layers call this). */
export function dropoutImpl(input: Tensor, p: number, training: boolean, inplace = false): Tensor {
  check("dropout", input, p);
  if (p === 0 || !training || input.numel() === 0) return input;
  return dropoutWith(input, p, input.shape, inplace);
}

/** Feature (channel) dropout: one draw per [N, C] pair, broadcast over the rest. */
function featureDropout(
  op: string,
  input: Tensor,
  p: number,
  training: boolean,
  inplace: boolean,
  batchedDim: number,
): Tensor {
  check(op, input, p);
  if (input.dim() !== batchedDim && input.dim() !== batchedDim - 1) {
    throw new RangeError(
      `[${op}] expected ${batchedDim - 1}-D or ${batchedDim}-D input: got ${input.dim()}-D input of shape [${input.shape.join(", ")}]`,
    );
  }
  if (p === 0 || !training || input.numel() === 0) return input;
  const batched = input.dim() === batchedDim;
  const x = batched ? input : input.unsqueeze(0);
  const shape = [x.shape[0]!, x.shape[1]!, ...new Array<number>(x.dim() - 2).fill(1)];
  const y = dropoutWith(x, p, shape, inplace);
  return batched ? y : y.squeeze(0);
}

/** Zeroes whole channels of [N, C, L] (or [C, L]) inputs. @example F.dropout1d(x, 0.2, true) */
export function dropout1d(input: Tensor, ...args: DropoutArgs): Tensor;
export function dropout1d(input: Tensor, ...args: unknown[]): Tensor {
  const [p, training, inplace] = resolve(DROPOUT1D, args);
  return featureDropout("dropout1d", input, p, training, inplace, 3);
}

/**
 * Zeroes whole channels of [N, C, H, W] inputs; as PyTorch 1.13, a 3-D input is read as [N, C, L].
 * @example F.dropout2d(x, 0.2, true)
 */
export function dropout2d(input: Tensor, ...args: DropoutArgs): Tensor;
export function dropout2d(input: Tensor, ...args: unknown[]): Tensor {
  const [p, training, inplace] = resolve(DROPOUT2D, args);
  return dropout2dImpl(input, p, training, inplace);
}

/** @internal {@link dropout2d} with its arguments resolved. */
export function dropout2dImpl(input: Tensor, p: number, training: boolean, inplace = false): Tensor {
  check("dropout2d", input, p);
  if (input.dim() < 2) throw new RangeError(`[dropout2d] expected a 3-D or 4-D input: got ${input.dim()}-D`);
  if (p === 0 || !training || input.numel() === 0) return input;
  return dropoutWith(
    input,
    p,
    [input.shape[0]!, input.shape[1]!, ...new Array<number>(input.dim() - 2).fill(1)],
    inplace,
  );
}

/** Zeroes whole channels of [N, C, D, H, W] (or [C, D, H, W]) inputs. @example F.dropout3d(x, 0.2, true) // fragment */
export function dropout3d(input: Tensor, ...args: DropoutArgs): Tensor;
export function dropout3d(input: Tensor, ...args: unknown[]): Tensor {
  const [p, training, inplace] = resolve(DROPOUT3D, args);
  return featureDropout("dropout3d", input, p, training, inplace, 5);
}

/** @internal The feature dropouts with their arguments resolved (the layers call this). */
export function featureDropoutImpl(
  op: "dropout1d" | "dropout3d",
  input: Tensor,
  p: number,
  training: boolean,
  inplace = false,
): Tensor {
  return featureDropout(op, input, p, training, inplace, op === "dropout1d" ? 3 : 5);
}
