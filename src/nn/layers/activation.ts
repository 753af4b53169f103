/**
 * Activation modules: thin wrappers over `F`, printed as PyTorch prints them.
 */
import { noGrad } from "../../autograd/mode.js";
import type { Tensor } from "../../tensor/tensor.js";
import * as F from "../functional/activation.js";
import type { DType } from "../../tensor/dtype.js";
import { checkBool, checkInt, checkNumber, checkOneOf } from "../../util/args.js";
import { params, splitArgs, type ParamList, type PosOrOpts } from "../functional/args.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { emptyParam } from "./linear.js";

/** Python's repr of a float (`1.0`, `0.01`). */
function pyFloat(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** Options of activations that PyTorch can run in place (accepted, computed out of place). */
export interface InplaceOptions {
  inplace?: boolean;
}

/** The PyTorch parameter list of a layer class (its subclasses inherit it). */
type WithParams = { _params: ParamList };

/** Checks a layer's constructor arguments against its class's `_params`; the values in order. */
function layerArgs(cls: unknown, args: readonly unknown[]): readonly unknown[] {
  return splitArgs((cls as WithParams)._params, args);
}

/** A number argument, `dflt` when not given. */
function num(op: string, name: string, v: unknown, dflt: number): number {
  return v === undefined ? dflt : checkNumber(op, name, v);
}

/** Layers without parameters: any argument is an error. */
abstract class NoArgs extends Module {
  static _params = params("Module", []);
  constructor(...args: []) {
    super();
    layerArgs(new.target, args);
  }
}

abstract class Simple extends Module {
  static _params = params("ReLU", ["inplace"]);
  readonly inplace: boolean;
  /** @internal The constructor's arguments, checked, in PyTorch's order. */
  protected readonly _args: readonly unknown[];
  constructor(...args: unknown[]) {
    super();
    const p = (new.target as unknown as WithParams)._params;
    this._args = splitArgs(p, args);
    const v = this._args[p.index.get("inplace")!];
    this.inplace = v === undefined ? false : checkBool(p.op, "inplace", v);
  }
  override extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

/** max(0, x). @example new nn.ReLU().call(x) */
export class ReLU extends Simple {
  static override _params = params("ReLU", ["inplace"]);
  constructor(...args: PosOrOpts<[inplace: boolean], InplaceOptions>) {
    super(...args);
  }
  override forward(input: Tensor): Tensor {
    return F.relu(input);
  }
}

/** min(max(0, x), 6). @example new nn.ReLU6().call(x) */
export class ReLU6 extends Simple {
  static override _params = params("ReLU6", ["inplace"]);
  constructor(...args: PosOrOpts<[inplace: boolean], InplaceOptions>) {
    super(...args);
  }
  override forward(input: Tensor): Tensor {
    return F.relu6(input);
  }
}

/** σ(x). @example new nn.Sigmoid().call(x) */
export class Sigmoid extends NoArgs {
  static override _params = params("Sigmoid", []);
  override forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

/** tanh(x). @example new nn.Tanh().call(x) */
export class Tanh extends NoArgs {
  static override _params = params("Tanh", []);
  override forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

/** x·σ(x). @example new nn.SiLU().call(x) */
export class SiLU extends Simple {
  static override _params = params("SiLU", ["inplace"]);
  constructor(...args: PosOrOpts<[inplace: boolean], InplaceOptions>) {
    super(...args);
  }
  override forward(input: Tensor): Tensor {
    return F.silu(input);
  }
}

/** x·tanh(softplus(x)). @example new nn.Mish().call(x) */
export class Mish extends Simple {
  static override _params = params("Mish", ["inplace"]);
  constructor(...args: PosOrOpts<[inplace: boolean], InplaceOptions>) {
    super(...args);
  }
  override forward(input: Tensor): Tensor {
    return F.mish(input);
  }
}

/** SELU. @example new nn.SELU().call(x) */
export class SELU extends Simple {
  static override _params = params("SELU", ["inplace"]);
  constructor(...args: PosOrOpts<[inplace: boolean], InplaceOptions>) {
    super(...args);
  }
  override forward(input: Tensor): Tensor {
    return F.selu(input);
  }
}

/** log σ(x). @example new nn.LogSigmoid().call(x) */
export class LogSigmoid extends NoArgs {
  static override _params = params("LogSigmoid", []);
  override forward(input: Tensor): Tensor {
    return F.logsigmoid(input);
  }
}

/** x / (1 + |x|). @example new nn.Softsign().call(x) */
export class Softsign extends NoArgs {
  static override _params = params("Softsign", []);
  override forward(input: Tensor): Tensor {
    return F.softsign(input);
  }
}

/** relu6(x + 3)/6. @example new nn.Hardsigmoid().call(x) */
export class Hardsigmoid extends Simple {
  static override _params = params("Hardsigmoid", ["inplace"]);
  constructor(...args: PosOrOpts<[inplace: boolean], InplaceOptions>) {
    super(...args);
  }
  override forward(input: Tensor): Tensor {
    return F.hardsigmoid(input);
  }
}

/** x·relu6(x + 3)/6. @example new nn.Hardswish().call(x) */
export class Hardswish extends Simple {
  static override _params = params("Hardswish", ["inplace"]);
  constructor(...args: PosOrOpts<[inplace: boolean], InplaceOptions>) {
    super(...args);
  }
  override forward(input: Tensor): Tensor {
    return F.hardswish(input);
  }
}

/** x for x > 0, else slope·x. @example new nn.LeakyReLU(0.2).call(x) */
export class LeakyReLU extends Simple {
  static override _params = params("LeakyReLU", ["negativeSlope", "inplace"]);
  readonly negativeSlope: number;
  constructor(
    ...args: PosOrOpts<[negativeSlope: number, inplace: boolean], InplaceOptions & { negativeSlope?: number }>
  ) {
    super(...args);
    this.negativeSlope = num("LeakyReLU", "negativeSlope", this._args[0], 0.01);
  }
  override forward(input: Tensor): Tensor {
    return F.leakyRelu(input, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

/** x for x > 0, else α(eˣ − 1). @example new nn.ELU().call(x) */
export class ELU extends Simple {
  static override _params = params("ELU", ["alpha", "inplace"]);
  readonly alpha: number;
  constructor(...args: PosOrOpts<[alpha: number, inplace: boolean], InplaceOptions & { alpha?: number }>) {
    super(...args);
    this.alpha = num((new.target as unknown as WithParams)._params.op, "alpha", this._args[0], 1.0);
  }
  override forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

/** CELU. @example new nn.CELU(1.0).call(x) */
export class CELU extends ELU {
  static override _params = params("CELU", ["alpha", "inplace"]);
  override forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha);
  }
}

/** GELU, exact (`"none"`) or tanh-approximated. @example new nn.GELU({ approximate: "tanh" }).call(x) */
export class GELU extends Module {
  readonly approximate: "none" | "tanh";
  static _params = params("GELU", ["approximate"]);
  constructor(...args: PosOrOpts<[approximate: "none" | "tanh"], { approximate?: "none" | "tanh" }>) {
    super();
    const [a] = layerArgs(GELU, args);
    this.approximate = a === undefined ? "none" : checkOneOf("GELU", "approximate", a, ["none", "tanh"]);
  }
  override forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** log(1 + e^{βx})/β. @example new nn.Softplus(1, 20).call(x) */
export class Softplus extends Module {
  static _params = params("Softplus", ["beta", "threshold"]);
  readonly beta: number;
  readonly threshold: number;
  constructor(...args: PosOrOpts<[beta: number, threshold: number], { beta?: number; threshold?: number }>) {
    super();
    const [beta, threshold] = layerArgs(Softplus, args);
    this.beta = num("Softplus", "beta", beta, 1);
    this.threshold = num("Softplus", "threshold", threshold, 20);
  }
  override forward(input: Tensor): Tensor {
    return F.softplus(input, this.beta, this.threshold);
  }
  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/** Clamp to [minVal, maxVal]. @example new nn.Hardtanh(-2, 2).call(x) */
export class Hardtanh extends Simple {
  static override _params = params("Hardtanh", ["minVal", "maxVal", "inplace"]);
  readonly minVal: number;
  readonly maxVal: number;
  constructor(
    ...args: PosOrOpts<
      [minVal: number, maxVal: number, inplace: boolean],
      InplaceOptions & { minVal?: number; maxVal?: number }
    >
  ) {
    super(...args);
    this.minVal = num("Hardtanh", "minVal", this._args[0], -1.0);
    this.maxVal = num("Hardtanh", "maxVal", this._args[1], 1.0);
    if (this.minVal > this.maxVal)
      throw new RangeError(`[Hardtanh] minVal cannot be greater than maxVal: got ${this.minVal} > ${this.maxVal}`);
  }
  override forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.minVal, this.maxVal);
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

/** Learnable leaky slope (one, or one per channel), initialised to `init`. @example new nn.PReLU(4).call(x) // one slope per channel of x [2, 4] */
export class PReLU extends Module {
  weight: Parameter;
  static _params = params("PReLU", ["numParameters", "init"], { kwOnly: ["dtype"] });
  readonly numParameters: number;
  constructor(
    ...args: PosOrOpts<[numParameters: number, init: number], { numParameters?: number; init?: number; dtype?: DType }>
  ) {
    super();
    const [n, init, dtype] = layerArgs(PReLU, args);
    this.numParameters = n === undefined ? 1 : checkInt("PReLU", "numParameters", n, 1);
    const v = num("PReLU", "init", init, 0.25);
    this.weight = emptyParam([this.numParameters], dtype as DType | undefined);
    noGrad(() => this.weight.fill_(v));
  }
  override forward(input: Tensor): Tensor {
    return F.prelu(input, this.weight);
  }
  override extraRepr(): string {
    return `num_parameters=${this.numParameters}`;
  }
}

abstract class DimModule extends Module {
  static _params = params("Softmax", ["dim"]);
  readonly dim: number | null;
  constructor(...args: PosOrOpts<[dim: number | null], { dim?: number | null }>) {
    super();
    const [d] = layerArgs(new.target, args);
    this.dim =
      d === undefined || d === null
        ? null
        : checkInt((new.target as unknown as WithParams)._params.op, "dim", d, -Infinity);
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}

/** Softmax along `dim`. @example new nn.Softmax(1).call(logits) */
export class Softmax extends DimModule {
  static override _params = params("Softmax", ["dim"]);
  override forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }
}

/** Log-softmax along `dim`. @example new nn.LogSoftmax(1).call(logits) */
export class LogSoftmax extends DimModule {
  static override _params = params("LogSoftmax", ["dim"]);
  override forward(input: Tensor): Tensor {
    return F.logSoftmax(input, this.dim);
  }
}

/** Softmin along `dim`. @example new nn.Softmin(1).call(x) */
export class Softmin extends DimModule {
  static override _params = params("Softmin", ["dim"]);
  override forward(input: Tensor): Tensor {
    return F.softmin(input, this.dim);
  }
}

/** x − tanh(x). @example new nn.Tanhshrink().call(x) */
export class Tanhshrink extends NoArgs {
  static override _params = params("Tanhshrink", []);
  override forward(input: Tensor): Tensor {
    return F.tanhshrink(input);
  }
}

/** Gated linear unit along `dim`. @example new nn.GLU().call(x) */
export class GLU extends Module {
  static _params = params("GLU", ["dim"]);
  readonly dim: number;
  constructor(...args: PosOrOpts<[dim: number], { dim?: number }>) {
    super();
    const [d] = layerArgs(GLU, args);
    this.dim = d === undefined ? -1 : checkInt("GLU", "dim", d, -Infinity);
  }
  override forward(input: Tensor): Tensor {
    return F.glu(input, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
