/**
 * `Flatten` and `Unflatten`: reshape modules.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { checkInt, describe } from "../../util/args.js";
import { params, splitArgs, type PosOrOpts } from "../functional/args.js";
import { Module } from "../module.js";

const FLATTEN = params("Flatten", ["startDim", "endDim"]);
const UNFLATTEN = params("Unflatten", []);

/** Flattens dims startDim..endDim (default: all but the batch dim). @example new nn.Flatten().call(torch.zeros(2, 3, 4)) // [2, 12] */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;
  constructor(...args: PosOrOpts<[startDim: number, endDim: number], { startDim?: number; endDim?: number }>) {
    super();
    const [s, e] = splitArgs(FLATTEN, args);
    this.startDim = s === undefined ? 1 : checkInt("Flatten", "startDim", s, -Infinity);
    this.endDim = e === undefined ? -1 : checkInt("Flatten", "endDim", e, -Infinity);
  }
  override forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** Splits dim `dim` into `unflattenedSize`. @example new nn.Unflatten(1, [2, 3]).call(torch.zeros(4, 6)) // [4, 2, 3] */
export class Unflatten extends Module {
  readonly unflattenedSize: readonly number[];
  constructor(
    readonly dim: number,
    unflattenedSize: readonly number[],
    ...rest: []
  ) {
    super();
    splitArgs(UNFLATTEN, rest, 2);
    checkInt("Unflatten", "dim", dim, -Infinity);
    if (!Array.isArray(unflattenedSize) || unflattenedSize.some((v) => !Number.isInteger(v)))
      throw new TypeError(`[Unflatten] unflattenedSize must be a list of integers: got ${describe(unflattenedSize)}`);
    this.unflattenedSize = [...unflattenedSize];
  }
  override forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattenedSize);
  }
  override extraRepr(): string {
    const s = this.unflattenedSize;
    return `dim=${this.dim}, unflattened_size=(${s.join(", ")}${s.length === 1 ? "," : ""})`;
  }
}
