/**
 * `Flatten` and `Unflatten`: reshape modules.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { Module } from "../module.js";

/** Flattens dims startDim..endDim (default: all but the batch dim). @example new nn.Flatten().call(torch.zeros(2, 3, 4)) // [2, 12] */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
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
  ) {
    super();
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
