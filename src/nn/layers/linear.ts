/**
 * `Identity`, `Linear`, `Bilinear` with PyTorch's default initialisation (same draws, same order).
 */
import { noGrad } from "../../autograd/mode.js";
import type { DType } from "../../tensor/dtype.js";
import { getDefaultDtype } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { bilinear, linearImpl } from "../functional/linear.js";
import * as init from "../init.js";
import { checkBool, checkInt } from "../../util/args.js";
import { params, splitArgs, type ParamList, type PosOrOpts } from "../functional/args.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/** Options shared by layers that create parameters. */
export interface FactoryOptions {
  dtype?: DType;
  bias?: boolean;
}

/** @internal an uninitialised parameter of the given shape. */
export function emptyParam(shape: number[], dtype?: DType): Parameter {
  return new Parameter(Tensor._empty(shape, dtype ?? getDefaultDtype()));
}

const FEATURE_NAMES: Record<string, readonly string[]> = {
  Linear: ["inFeatures", "outFeatures"],
  Bilinear: ["in1Features", "in2Features", "outFeatures"],
};

function checkFeatures(op: string, ...fs: number[]): void {
  fs.forEach((f, i) => checkInt(op, FEATURE_NAMES[op]![i]!, f, 0));
}

const LINEAR = params("Linear", ["bias"], { kwOnly: ["dtype"] });
const BILINEAR = params("Bilinear", ["bias"], { kwOnly: ["dtype"] });

/** `bias` and `dtype` of a factory layer's arguments after its sizes. */
function factoryArgs(p: ParamList, args: readonly unknown[], lead: number): [boolean, DType | undefined] {
  const [bias, dtype] = splitArgs(p, args, lead);
  return [bias === undefined ? true : checkBool(p.op, "bias", bias), dtype as DType | undefined];
}

/** A layer's arguments after its sizes: PyTorch's `bias` positionally, or a final options object. */
export type FactoryArgs = PosOrOpts<[bias: boolean], FactoryOptions>;

/** Returns its input unchanged. @example new nn.Identity().call(x) === x */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return input;
  }
}

/**
 * y = x·Wᵀ + b; weight [out, in] ~ kaiming-uniform(a=√5), bias ~ U(±1/√in).
 * @example const fc = new nn.Linear(10, 5); fc.call(torch.randn(3, 10)) // shape [3, 5]
 */
export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    ...args: FactoryArgs
  ) {
    super();
    checkFeatures("Linear", inFeatures, outFeatures);
    const [bias, dtype] = factoryArgs(LINEAR, args, 2);
    this.weight = emptyParam([outFeatures, inFeatures], dtype);
    this.bias = bias ? emptyParam([outFeatures], dtype) : null;
    this.resetParameters();
  }
  /** PyTorch's default initialisation, redrawn from the global generator. */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias !== null) {
      const [fanIn] = init._calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }
  override forward(input: Tensor): Tensor {
    return linearImpl(input, this.weight, this.bias);
  }
  /** @internal The product is a fresh tensor this layer keeps nothing of (a subclass's forward may). */
  override get _returnsOwnedOutput(): boolean {
    return this.forward === Linear.prototype.forward;
  }
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null ? "True" : "False"}`;
  }
}

/**
 * y_k = x1ᵀ·W_k·x2 + b_k; weight [out, in1, in2] and bias ~ U(±1/√in1).
 * @example new nn.Bilinear(2, 3, 4).call(torch.randn(5, 2), torch.randn(5, 3)) // shape [5, 4]
 */
export class Bilinear extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(
    readonly in1Features: number,
    readonly in2Features: number,
    readonly outFeatures: number,
    ...args: FactoryArgs
  ) {
    super();
    checkFeatures("Bilinear", in1Features, in2Features, outFeatures);
    const [bias, dtype] = factoryArgs(BILINEAR, args, 3);
    this.weight = emptyParam([outFeatures, in1Features, in2Features], dtype);
    this.bias = bias ? emptyParam([outFeatures], dtype) : null;
    this.resetParameters();
  }
  /** PyTorch's default initialisation. */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]!);
    noGrad(() => {
      init.uniform_(this.weight, -bound, bound);
      if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
    });
  }
  override forward(input1: Tensor, input2: Tensor): Tensor {
    return bilinear(input1, input2, this.weight, this.bias);
  }
  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${this.bias !== null ? "True" : "False"}`;
  }
}
