/**
 * Single-step recurrent cells `RNNCell`, `LSTMCell`, `GRUCell` with PyTorch's parameter names
 * (`weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`), gate order (LSTM i,f,g,o; GRU r,z,n),
 * init U(±1/√hidden) and printing. Inputs are [N, input_size] or unbatched [input_size].
 */
import { gruCell, lstmCell, rnnReluCell, rnnTanhCell } from "../../ops/rnn.js";
import { zeros } from "../../tensor/creation.js";
import type { DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkOneOf, describe } from "../../util/args.js";
import { optionsOf, params, pyBool, shapeStr, type PosOrOpts } from "../functional/args.js";
import * as init from "../init.js";
import { Module } from "../module.js";
import type { Parameter } from "../parameter.js";
import { emptyParam } from "./linear.js";

/** Keyword arguments of the cells. */
export interface RNNCellOptions {
  bias?: boolean;
  /** RNNCell only: "tanh" (default) or "relu". */
  nonlinearity?: "tanh" | "relu";
  dtype?: DType;
}

abstract class RNNCellBase extends Module {
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;
  readonly bias: boolean;
  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    gates: number,
    o: RNNCellOptions,
  ) {
    super();
    const name = new.target.name;
    checkInt(name, "inputSize", inputSize, 1);
    checkInt(name, "hiddenSize", hiddenSize, 1);
    this.bias = o.bias === undefined ? true : checkBool(name, "bias", o.bias);
    this.registerParameter("weight_ih", emptyParam([gates * hiddenSize, inputSize], o.dtype));
    this.registerParameter("weight_hh", emptyParam([gates * hiddenSize, hiddenSize], o.dtype));
    this.registerParameter("bias_ih", this.bias ? emptyParam([gates * hiddenSize], o.dtype) : null);
    this.registerParameter("bias_hh", this.bias ? emptyParam([gates * hiddenSize], o.dtype) : null);
    this.resetParameters();
  }

  /** Every parameter ~ U(±1/√hidden_size), drawn in registration order as PyTorch does. */
  resetParameters(): void {
    const stdv = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters()) init.uniform_(p, -stdv, stdv);
  }

  /** @internal checks the input and a state; returns them batched, and whether the input was. */
  protected _prep(input: unknown, h: unknown, what: string): [Tensor, Tensor, boolean] {
    const name = this.constructor.name;
    if (!(input instanceof Tensor))
      throw new TypeError(`[${name}] expected input to be a Tensor: got ${describe(input)}`);
    if (input.dim() !== 1 && input.dim() !== 2) {
      throw new RangeError(
        `[${name}] expected input to be 1-D or 2-D: got ${input.dim()}-D input ${shapeStr(input.shape)}`,
      );
    }
    if (input.shape[input.dim() - 1] !== this.inputSize) {
      throw new RangeError(
        `[${name}] input has inconsistent input_size: got ${input.shape[input.dim() - 1]}, expected ${this.inputSize}`,
      );
    }
    const batched = input.dim() === 2;
    const x = batched ? input : input.unsqueeze(0);
    const want = [x.shape[0]!, this.hiddenSize];
    if (h === undefined || h === null) return [x, zeros(want, { dtype: input.dtype }), batched];
    if (!(h instanceof Tensor)) throw new TypeError(`[${name}] expected ${what} to be a Tensor: got ${describe(h)}`);
    const hb = batched ? h : h.unsqueeze(0);
    if (hb.dim() !== 2 || hb.shape[0] !== want[0] || hb.shape[1] !== want[1]) {
      throw new RangeError(
        `[${name}] expected ${what} of shape ${shapeStr(batched ? want : [this.hiddenSize])}: got ${shapeStr(h.shape)}`,
      );
    }
    return [x, hb, batched];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    return s;
  }
}

const KW = { kwOnly: ["dtype"] };
const P_RNN = params("RNNCell", ["bias", "nonlinearity"], KW);
const P_LSTM = params("LSTMCell", ["bias"], KW);
const P_GRU = params("GRUCell", ["bias"], KW);

/**
 * One Elman step h' = act(W_ih x + b_ih + W_hh h + b_hh), act tanh or relu (`nn.RNNCell`).
 * @example new nn.RNNCell(4, 8).call(torch.randn(2, 4)).shape // [2, 8]
 */
export class RNNCell extends RNNCellBase {
  readonly nonlinearity: "tanh" | "relu";
  constructor(
    inputSize: number,
    hiddenSize: number,
    ...args: PosOrOpts<[bias: boolean, nonlinearity: "tanh" | "relu"], RNNCellOptions>
  ) {
    const o = optionsOf<RNNCellOptions>(P_RNN, args, 2);
    super(inputSize, hiddenSize, 1, o);
    this.nonlinearity =
      o.nonlinearity === undefined ? "tanh" : checkOneOf("RNNCell", "nonlinearity", o.nonlinearity, ["tanh", "relu"]);
  }
  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const [x, h, batched] = this._prep(input, hx, "hx");
    const cell = this.nonlinearity === "tanh" ? rnnTanhCell : rnnReluCell;
    const out = cell(x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return batched ? out : out.squeeze(0);
  }
  override extraRepr(): string {
    const s = super.extraRepr();
    return this.nonlinearity !== "tanh" ? `${s}, nonlinearity=${this.nonlinearity}` : s;
  }
}

/**
 * One LSTM step: returns [h', c'] with c' = σ(f)c + σ(i)tanh(g), h' = σ(o)tanh(c') (`nn.LSTMCell`).
 * @example const [h, c] = new nn.LSTMCell(4, 8).call(torch.randn(2, 4)); h.shape // [2, 8]
 */
export class LSTMCell extends RNNCellBase {
  constructor(
    inputSize: number,
    hiddenSize: number,
    ...args: PosOrOpts<[bias: boolean], Omit<RNNCellOptions, "nonlinearity">>
  ) {
    super(inputSize, hiddenSize, 4, optionsOf<RNNCellOptions>(P_LSTM, args, 2));
  }
  override forward(input: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    if (hx !== null && hx !== undefined && (!Array.isArray(hx) || hx.length !== 2)) {
      throw new TypeError(`[LSTMCell] hx must be a pair [h0, c0] or null: got ${describe(hx)}`);
    }
    const [x, h, batched] = this._prep(input, hx ? hx[0] : null, "h0");
    const c = this._prep(input, hx ? hx[1] : null, "c0")[1];
    const [h2, c2] = lstmCell(x, [h, c], this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return batched ? [h2, c2] : [h2.squeeze(0), c2.squeeze(0)];
  }
}

/**
 * One GRU step: r, z gates, n = tanh(W_in x + b_in + r·(W_hn h + b_hn)), h' = (1 − z)n + z·h (`nn.GRUCell`).
 * @example new nn.GRUCell(4, 8).call(torch.randn(2, 4)).shape // [2, 8]
 */
export class GRUCell extends RNNCellBase {
  constructor(
    inputSize: number,
    hiddenSize: number,
    ...args: PosOrOpts<[bias: boolean], Omit<RNNCellOptions, "nonlinearity">>
  ) {
    super(inputSize, hiddenSize, 3, optionsOf<RNNCellOptions>(P_GRU, args, 2));
  }
  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const [x, h, batched] = this._prep(input, hx, "hx");
    const out = gruCell(x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return batched ? out : out.squeeze(0);
  }
}
