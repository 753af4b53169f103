/**
 * Activation modules: thin wrappers over `F`, printed as PyTorch prints them.
 */
import { noGrad } from "../../autograd/mode.js";
import type { Tensor } from "../../tensor/tensor.js";
import * as F from "../functional/activation.js";
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

abstract class Simple extends Module {
  readonly inplace: boolean;
  constructor(opts: InplaceOptions = {}) {
    super();
    this.inplace = opts.inplace ?? false;
  }
  override extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

/** max(0, x). @example new nn.ReLU().call(x) */
export class ReLU extends Simple {
  override forward(input: Tensor): Tensor {
    return F.relu(input);
  }
}

/** min(max(0, x), 6). @example new nn.ReLU6().call(x) */
export class ReLU6 extends Simple {
  override forward(input: Tensor): Tensor {
    return F.relu6(input);
  }
}

/** σ(x). @example new nn.Sigmoid().call(x) */
export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

/** tanh(x). @example new nn.Tanh().call(x) */
export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

/** x·σ(x). @example new nn.SiLU().call(x) */
export class SiLU extends Simple {
  override forward(input: Tensor): Tensor {
    return F.silu(input);
  }
}

/** x·tanh(softplus(x)). @example new nn.Mish().call(x) */
export class Mish extends Simple {
  override forward(input: Tensor): Tensor {
    return F.mish(input);
  }
}

/** SELU. @example new nn.SELU().call(x) */
export class SELU extends Simple {
  override forward(input: Tensor): Tensor {
    return F.selu(input);
  }
}

/** log σ(x). @example new nn.LogSigmoid().call(x) */
export class LogSigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.logsigmoid(input);
  }
}

/** x / (1 + |x|). @example new nn.Softsign().call(x) */
export class Softsign extends Module {
  override forward(input: Tensor): Tensor {
    return F.softsign(input);
  }
}

/** relu6(x + 3)/6. @example new nn.Hardsigmoid().call(x) */
export class Hardsigmoid extends Simple {
  override forward(input: Tensor): Tensor {
    return F.hardsigmoid(input);
  }
}

/** x·relu6(x + 3)/6. @example new nn.Hardswish().call(x) */
export class Hardswish extends Simple {
  override forward(input: Tensor): Tensor {
    return F.hardswish(input);
  }
}

/** x for x > 0, else slope·x. @example new nn.LeakyReLU(0.2).call(x) */
export class LeakyReLU extends Simple {
  constructor(
    readonly negativeSlope = 0.01,
    opts: InplaceOptions = {},
  ) {
    super(opts);
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
  constructor(
    readonly alpha = 1.0,
    opts: InplaceOptions = {},
  ) {
    super(opts);
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
  override forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha);
  }
}

/** GELU, exact (`"none"`) or tanh-approximated. @example new nn.GELU({ approximate: "tanh" }).call(x) */
export class GELU extends Module {
  readonly approximate: "none" | "tanh";
  constructor(opts: { approximate?: "none" | "tanh" } = {}) {
    super();
    this.approximate = opts.approximate ?? "none";
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
  constructor(
    readonly beta = 1,
    readonly threshold = 20,
  ) {
    super();
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
  constructor(
    readonly minVal = -1.0,
    readonly maxVal = 1.0,
    opts: InplaceOptions = {},
  ) {
    super(opts);
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
  constructor(
    readonly numParameters = 1,
    init = 0.25,
  ) {
    super();
    this.weight = emptyParam([numParameters]);
    noGrad(() => this.weight.fill_(init));
  }
  override forward(input: Tensor): Tensor {
    return F.prelu(input, this.weight);
  }
  override extraRepr(): string {
    return `num_parameters=${this.numParameters}`;
  }
}

abstract class DimModule extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}

/** Softmax along `dim`. @example new nn.Softmax(1).call(logits) */
export class Softmax extends DimModule {
  override forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }
}

/** Log-softmax along `dim`. @example new nn.LogSoftmax(1).call(logits) */
export class LogSoftmax extends DimModule {
  override forward(input: Tensor): Tensor {
    return F.logSoftmax(input, this.dim);
  }
}

/** Softmin along `dim`. @example new nn.Softmin(1).call(x) */
export class Softmin extends DimModule {
  override forward(input: Tensor): Tensor {
    return F.softmin(input, this.dim);
  }
}

/** x − tanh(x). @example new nn.Tanhshrink().call(x) */
export class Tanhshrink extends Module {
  override forward(input: Tensor): Tensor {
    return F.tanhshrink(input);
  }
}

/** Gated linear unit along `dim`. @example new nn.GLU().call(x) */
export class GLU extends Module {
  constructor(readonly dim = -1) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.glu(input, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
