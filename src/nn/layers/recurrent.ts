/**
 * Recurrent layers `RNN` (tanh/relu), `LSTM`, `GRU` with PyTorch's parameter names
 * (`weight_ih_l0`, `bias_hh_l1_reverse`, …), gate order (LSTM i,f,g,o; GRU r,z,n with
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))), init U(±1/√hidden) and printing. The input
 * projection of all time steps is one matmul; the recurrence is a loop over time.
 */
import { RNN_GATES, runRecurrence, type RNNMode } from "../../ops/rnn.js";
import { zeros } from "../../tensor/creation.js";
import type { DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkNumber, describe } from "../../util/args.js";
import { floatStr, optionsOf, params, pyBool, shapeStr, type PosOrOpts } from "../functional/args.js";
import * as init from "../init.js";
import { Module } from "../module.js";
import type { Parameter } from "../parameter.js";
import { emptyParam } from "./linear.js";

/** Keyword arguments of the recurrent layers. */
export interface RNNOptions {
  numLayers?: number;
  /** RNN only: "tanh" (default) or "relu". */
  nonlinearity?: "tanh" | "relu";
  bias?: boolean;
  batchFirst?: boolean;
  /** Dropout on the outputs of each layer but the last (training only). */
  dropout?: number;
  bidirectional?: boolean;
  dtype?: DType;
}

type Mode = RNNMode;
const GATES = RNN_GATES;

abstract class RNNBase extends Module {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;

  constructor(
    readonly mode: Mode,
    readonly inputSize: number,
    readonly hiddenSize: number,
    o: RNNOptions,
  ) {
    super();
    const name = mode === "LSTM" || mode === "GRU" ? mode : "RNN";
    this.numLayers = o.numLayers ?? 1;
    this.bias = o.bias === undefined ? true : checkBool(name, "bias", o.bias);
    this.batchFirst = o.batchFirst === undefined ? false : checkBool(name, "batchFirst", o.batchFirst);
    this.dropout = o.dropout === undefined ? 0 : checkNumber(name, "dropout", o.dropout);
    this.bidirectional = o.bidirectional === undefined ? false : checkBool(name, "bidirectional", o.bidirectional);
    for (const [k, v] of [
      ["input_size", inputSize],
      ["hidden_size", hiddenSize],
      ["num_layers", this.numLayers],
    ] as const) {
      if (typeof v !== "number" || !Number.isInteger(v))
        throw new TypeError(`[${name}] ${k} must be an integer: got ${describe(v)}`);
      if (v <= 0) throw new RangeError(`[${name}] ${k} must be a positive integer: got ${v}`);
    }
    if (!(this.dropout >= 0 && this.dropout <= 1)) {
      throw new RangeError(
        `[${name}] dropout should be a number in range [0, 1] representing the probability of an element being zeroed: got ${this.dropout}`,
      );
    }
    const G = GATES[mode] * hiddenSize;
    const dirs = this.bidirectional ? 2 : 1;
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${layer}${d === 1 ? "_reverse" : ""}`;
        const inSize = layer === 0 ? inputSize : hiddenSize * dirs;
        this.registerParameter(`weight_ih${sfx}`, emptyParam([G, inSize], o.dtype));
        this.registerParameter(`weight_hh${sfx}`, emptyParam([G, hiddenSize], o.dtype));
        if (this.bias) {
          this.registerParameter(`bias_ih${sfx}`, emptyParam([G], o.dtype));
          this.registerParameter(`bias_hh${sfx}`, emptyParam([G], o.dtype));
        }
      }
    }
    this.resetParameters();
  }

  /** Every parameter ~ U(±1/√hidden_size), drawn in registration order as PyTorch does. */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    for (const p of this.parameters()) init.uniform_(p, -stdv, stdv);
  }

  private _param(name: string): Parameter | null {
    return ((this as Record<string, unknown>)[name] as Parameter | undefined) ?? null;
  }

  /** @internal runs all layers; returns the output [T, B, D·H] and final states [L·D, B, H]. */
  protected _run(input: Tensor, hx: Tensor | null, cx: Tensor | null): [Tensor, Tensor, Tensor | null] {
    const name = this.constructor.name;
    if (input.dim() !== 2 && input.dim() !== 3) {
      throw new RangeError(
        `[${name}] expected input of shape ${this.batchFirst ? "[N, L" : "[L, N"}, ${this.inputSize}] (3-D, or 2-D unbatched): got ${shapeStr(input.shape)}`,
      );
    }
    if (input.shape[input.dim() - 1] !== this.inputSize) {
      throw new RangeError(
        `[${name}] input.size(-1) must be equal to input_size: got input ${shapeStr(input.shape)}, expected last size ${this.inputSize}`,
      );
    }
    const batched = input.dim() === 3;
    let x = batched ? input : input.unsqueeze(1);
    if (batched && this.batchFirst) x = x.transpose(0, 1);
    const B = x.shape[1]!;
    const dirs = this.bidirectional ? 2 : 1;
    const want = [this.numLayers * dirs, B, this.hiddenSize];
    const prep = (s: Tensor | null, what: string): Tensor => {
      if (s === null) return zeros(want, { dtype: input.dtype });
      const t = batched ? s : s.dim() === 2 ? s.unsqueeze(1) : s;
      if (t.dim() !== 3 || t.shape.some((v, i) => v !== want[i])) {
        throw new RangeError(
          `[${name}] expected ${what} of shape ${shapeStr(batched ? want : [want[0]!, want[2]!])}: got ${shapeStr(s.shape)}`,
        );
      }
      return t;
    };
    const h0 = prep(hx, "hidden state");
    const c0 = this.mode === "LSTM" ? prep(cx, "cell state") : null;
    const flat: Tensor[] = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${layer}${d === 1 ? "_reverse" : ""}`;
        for (const w of ["weight_ih", "weight_hh", ...(this.bias ? ["bias_ih", "bias_hh"] : [])])
          flat.push(this._param(`${w}${sfx}`)!);
      }
    }
    const [y, hN, cN] = runRecurrence(
      this.mode,
      x,
      h0,
      c0,
      flat,
      this.bias,
      this.numLayers,
      this.dropout,
      this.training,
      this.bidirectional,
    );
    let out = y;
    if (batched && this.batchFirst) out = out.transpose(0, 1);
    let hn = hN;
    let cn = cN;
    if (!batched) {
      out = out.squeeze(1);
      hn = hn.squeeze(1);
      cn = cn ? cn.squeeze(1) : null;
    }
    return [out, hn, cn];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    if (this.batchFirst) s += `, batch_first=${pyBool(true)}`;
    if (this.dropout !== 0) s += `, dropout=${floatStr(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(true)}`;
    return s;
  }
}

const KW = { kwOnly: ["dtype"] };
const RNN_P = params("RNN", ["numLayers", "nonlinearity", "bias", "batchFirst", "dropout", "bidirectional"], KW);
const LSTM_P = params("LSTM", ["numLayers", "bias", "batchFirst", "dropout", "bidirectional"], KW);
const GRU_P = params("GRU", ["numLayers", "bias", "batchFirst", "dropout", "bidirectional"], KW);

/** `RNN` arguments after the sizes: PyTorch's order, then optionally {@link RNNOptions}. */
export type RNNArgs = PosOrOpts<
  [
    numLayers: number,
    nonlinearity: "tanh" | "relu",
    bias: boolean,
    batchFirst: boolean,
    dropout: number,
    bidirectional: boolean,
  ],
  RNNOptions
>;

/** `LSTM`/`GRU` arguments after the sizes: PyTorch's order, then optionally {@link RNNOptions}. */
export type LSTMArgs = PosOrOpts<
  [numLayers: number, bias: boolean, batchFirst: boolean, dropout: number, bidirectional: boolean],
  Omit<RNNOptions, "nonlinearity">
>;

/**
 * Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu). `forward` returns `[output, h_n]`.
 * @example const [out, hn] = new nn.RNN(10, 20, 2).call(torch.randn(5, 3, 10)); // out [5, 3, 20], hn [2, 3, 20]
 */
export class RNN extends RNNBase {
  readonly nonlinearity: "tanh" | "relu";
  constructor(inputSize: number, hiddenSize: number, ...args: RNNArgs) {
    const o = optionsOf<RNNOptions>(RNN_P, args, 2);
    const nl = o.nonlinearity ?? "tanh";
    if (nl !== "tanh" && nl !== "relu")
      throw new RangeError(`[RNN] unknown nonlinearity '${String(nl)}': expected 'tanh' or 'relu'`);
    super(nl === "tanh" ? "RNN_TANH" : "RNN_RELU", inputSize, hiddenSize, o);
    this.nonlinearity = nl;
  }
  override forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const [out, hn] = this._run(input, hx, null);
    return [out, hn];
  }
}

/**
 * Long short-term memory; `forward(input, [h0, c0]?)` returns `[output, [h_n, c_n]]`.
 * @example const [out, [hn, cn]] = new nn.LSTM(10, 20, { numLayers: 2, batchFirst: true }).call(torch.randn(3, 5, 10));
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, ...args: LSTMArgs) {
    super("LSTM", inputSize, hiddenSize, optionsOf<RNNOptions>(LSTM_P, args, 2));
  }
  override forward(input: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const [out, hn, cn] = this._run(input, hx ? hx[0] : null, hx ? hx[1] : null);
    return [out, [hn, cn!]];
  }
}

/**
 * Gated recurrent unit; `forward(input, h0?)` returns `[output, h_n]`.
 * @example const [out, hn] = new nn.GRU(10, 20).call(torch.randn(5, 3, 10));
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, ...args: LSTMArgs) {
    super("GRU", inputSize, hiddenSize, optionsOf<RNNOptions>(GRU_P, args, 2));
  }
  override forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const [out, hn] = this._run(input, hx, null);
    return [out, hn];
  }
}
