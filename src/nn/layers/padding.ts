/**
 * Padding layers: `ZeroPad2d`, `ConstantPad1d/2d/3d`, `ReflectionPad1d/2d/3d`,
 * `ReplicationPad1d/2d/3d` — `F.pad` with the padding fixed at construction (an int pads every
 * side; a list gives (left, right, top, bottom, front, back)).
 */
import type { Tensor } from "../../tensor/tensor.js";
import { checkNumber, describe } from "../../util/args.js";
import { floatStr, shapeStr } from "../functional/args.js";
import { padImpl, type PadMode } from "../functional/conv.js";
import { Module } from "../module.js";

function expand(op: string, padding: unknown, nd: number): number[] {
  if (typeof padding === "number" && Number.isInteger(padding)) return new Array<number>(2 * nd).fill(padding);
  if (Array.isArray(padding) && padding.length === 2 * nd && padding.every((v) => Number.isInteger(v))) {
    return [...(padding as number[])];
  }
  throw new TypeError(`[${op}] padding must be an integer or a list of ${2 * nd} integers: got ${describe(padding)}`);
}

const tuple = (p: readonly number[]) => `(${p.join(", ")})`;

abstract class PadNd extends Module {
  readonly padding: number[];
  constructor(
    padding: number | readonly number[],
    readonly nd: number,
    readonly mode: PadMode,
    readonly value: number,
  ) {
    super();
    this.padding = expand(new.target.name, padding, nd);
  }
  override forward(input: Tensor): Tensor {
    const name = this.constructor.name;
    // Reflection and replication take (C, *) or (N, C, *): nd + 1 or nd + 2 dims.
    if (this.mode !== "constant" && input.dim() !== this.nd + 1 && input.dim() !== this.nd + 2) {
      throw new RangeError(
        `[${name}] expected ${this.nd + 1}-D or ${this.nd + 2}-D input: got ${input.dim()}-D input ${shapeStr(input.shape)}`,
      );
    }
    return padImpl(input, this.padding, this.mode, this.mode === "constant" ? this.value : null);
  }
  override extraRepr(): string {
    return this.mode === "constant"
      ? `padding=${tuple(this.padding)}, value=${floatStr(this.value)}`
      : tuple(this.padding);
  }
}

/** Pads with a constant `value`. @example new nn.ConstantPad1d(2, 3.5).call(torch.zeros(1, 2, 4)).shape // [1, 2, 8] */
export class ConstantPad1d extends PadNd {
  constructor(padding: number | readonly number[], value: number) {
    super(padding, 1, "constant", checkNumber("ConstantPad1d", "value", value));
  }
}
/** Pads the last two dims with a constant. @example new nn.ConstantPad2d([1, 0, 2, 1], -1).call(torch.zeros(1, 1, 3, 3)).shape // [1, 1, 6, 4] */
export class ConstantPad2d extends PadNd {
  constructor(padding: number | readonly number[], value: number) {
    super(padding, 2, "constant", checkNumber("ConstantPad2d", "value", value));
  }
}
/** Pads the last three dims with a constant. @example new nn.ConstantPad3d(1, 0).call(torch.zeros(1, 1, 2, 2, 2)).shape // [1, 1, 4, 4, 4] */
export class ConstantPad3d extends PadNd {
  constructor(padding: number | readonly number[], value: number) {
    super(padding, 3, "constant", checkNumber("ConstantPad3d", "value", value));
  }
}
/** Pads the last two dims with zeros. @example new nn.ZeroPad2d(1).call(torch.ones(1, 1, 2, 2)).shape // [1, 1, 4, 4] */
export class ZeroPad2d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 2, "constant", 0);
  }
  override extraRepr(): string {
    return tuple(this.padding);
  }
}
/** Mirror padding (edge not repeated) of the last dim. @example new nn.ReflectionPad1d(2).call(torch.arange(4, { dtype: "float32" }).view(1, 1, 4)).flatten().tolist() // [2, 1, 0, 1, 2, 3, 2, 1] */
export class ReflectionPad1d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 1, "reflect", 0);
  }
}
/** Mirror padding of the last two dims. @example new nn.ReflectionPad2d(1).call(torch.zeros(1, 1, 3, 3)).shape // [1, 1, 5, 5] */
export class ReflectionPad2d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 2, "reflect", 0);
  }
}
/** Mirror padding of the last three dims. @example new nn.ReflectionPad3d(1).call(torch.zeros(1, 1, 2, 2, 2)).shape // [1, 1, 4, 4, 4] */
export class ReflectionPad3d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 3, "reflect", 0);
  }
}
/** Edge-value padding of the last dim. @example new nn.ReplicationPad1d(2).call(torch.zeros(1, 1, 3)).shape // [1, 1, 7] */
export class ReplicationPad1d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 1, "replicate", 0);
  }
}
/** Edge-value padding of the last two dims. @example new nn.ReplicationPad2d(1).call(torch.zeros(1, 1, 2, 2)).shape // [1, 1, 4, 4] */
export class ReplicationPad2d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 2, "replicate", 0);
  }
}
/** Edge-value padding of the last three dims. @example new nn.ReplicationPad3d(1).call(torch.zeros(1, 1, 2, 2, 2)).shape // [1, 1, 4, 4, 4] */
export class ReplicationPad3d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super(padding, 3, "replicate", 0);
  }
}
