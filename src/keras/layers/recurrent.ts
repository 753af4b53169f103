/**
 * Sequence layers: `Embedding` (uniform ±0.05 like Keras), `LSTM` and `GRU` on batch-major
 * `[N, T, F]` inputs with Keras' initialisers (glorot-uniform input kernels, orthogonal recurrent
 * kernels, zero biases, LSTM forget-gate bias 1). Keras' GRU (`reset_after=True`) is PyTorch's GRU.
 */
import { noGrad } from "../../autograd/mode.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import * as init from "../../nn/init.js";
import { Embedding as NnEmbedding } from "../../nn/layers/embedding.js";
import { GRU as NnGRU, LSTM as NnLSTM } from "../../nn/layers/recurrent.js";
import type { Parameter } from "../../nn/parameter.js";
import { checkBool, mergeKeys } from "../../util/args.js";
import { checkPositiveInt } from "../check.js";
import { callable, Layer, LAYER_KEYS, toFloat, type LayerOptions } from "./base.js";

const RNN_KEYS = mergeKeys(LAYER_KEYS, ["returnSequences"]);

/** Integer indices → learned vectors of `outputDim`. */
export class EmbeddingLayer extends Layer {
  embedding: NnEmbedding;
  constructor(
    readonly inputDim: number,
    readonly outputDim: number,
    opts: LayerOptions = {},
  ) {
    super(opts);
    checkPositiveInt(this.callee, "inputDim", inputDim);
    checkPositiveInt(this.callee, "outputDim", outputDim);
    this.embedding = new NnEmbedding(inputDim, outputDim);
    noGrad(() => init.uniform_(this.embedding.weight, -0.05, 0.05));
  }
  protected compute(x: Tensor): Tensor {
    if (isFloatingPoint(x.dtype) && x.ne(x.floor()).any().item())
      throw new TypeError(
        `[keras] layer "${this.name}" (Embedding) needs integer indices: got fractional ${x.dtype} values`,
      );
    const idx = x.to("int64");
    const hi = idx.numel() > 0 ? Number(idx.max().item()) : 0;
    const lo = idx.numel() > 0 ? Number(idx.min().item()) : 0;
    if (lo < 0 || hi >= this.inputDim)
      throw new RangeError(
        `[keras] layer "${this.name}" (Embedding) got index ${lo < 0 ? lo : hi}: expected indices in [0, ${this.inputDim - 1}] (inputDim=${this.inputDim}; raise inputDim)`,
      );
    return this.embedding.call(idx);
  }
}

/** Options of `LSTM` and `GRU`. */
export interface RecurrentOptions extends LayerOptions {
  /** Return the whole sequence `[N, T, units]` instead of the last step `[N, units]`. */
  returnSequences?: boolean;
}

abstract class Recurrent extends Layer {
  readonly returnSequences: boolean;
  constructor(
    readonly units: number,
    opts: RecurrentOptions = {},
  ) {
    super(opts, RNN_KEYS);
    checkPositiveInt(this.callee, "units", units);
    this.returnSequences =
      opts.returnSequences === undefined ? false : checkBool(this.callee, "returnSequences", opts.returnSequences);
  }
  protected abstract rnn(): NnLSTM | NnGRU;
  protected initWeights(r: NnLSTM | NnGRU, gates: number): void {
    const p = r as unknown as Record<string, Parameter>;
    noGrad(() => {
      init.xavierUniform_(p.weight_ih_l0!);
      // Keras' recurrent kernel is orthogonal per gate block of [units, units]
      for (let g = 0; g < gates; g++) init.orthogonal_(p.weight_hh_l0!.narrow(0, g * this.units, this.units));
      init.zeros_(p.bias_ih_l0!);
      init.zeros_(p.bias_hh_l0!);
    });
  }
  protected output(out: Tensor): Tensor {
    return this.returnSequences ? out : out.select(1, -1);
  }
  protected checkRank(x: Tensor): void {
    if (x.dim() !== 3)
      throw new RangeError(
        `[keras] Input 0 of layer "${this.name}" (${this.className}) is incompatible with the layer: got shape [${x.shape}], expected a 3-D batch [null,timesteps,features]`,
      );
  }
}

/** Long short-term memory over `[N, T, F]`. */
export class LSTMLayer extends Recurrent {
  lstm: NnLSTM | null = null;
  protected rnn(): NnLSTM {
    return this.lstm!;
  }
  protected override build(shape: readonly number[]): void {
    if (shape.length !== 3) this.checkRank({ dim: () => shape.length, shape } as unknown as Tensor);
    this.lstm = new NnLSTM(shape[2]!, this.units, { batchFirst: true });
    this.initWeights(this.lstm, 4);
    // unit_forget_bias: the forget gate (PyTorch order i, f, g, o) starts at 1
    noGrad(() =>
      (this.lstm as unknown as Record<string, Parameter>).bias_ih_l0!.narrow(0, this.units, this.units).fill_(1),
    );
    this.expected = [null, null, shape[2]!];
  }
  protected compute(x: Tensor): Tensor {
    return this.output(this.lstm!.call(toFloat(x))[0]);
  }
}

/** Gated recurrent unit over `[N, T, F]`. */
export class GRULayer extends Recurrent {
  gru: NnGRU | null = null;
  protected rnn(): NnGRU {
    return this.gru!;
  }
  protected override build(shape: readonly number[]): void {
    if (shape.length !== 3) this.checkRank({ dim: () => shape.length, shape } as unknown as Tensor);
    this.gru = new NnGRU(shape[2]!, this.units, { batchFirst: true });
    this.initWeights(this.gru, 3);
    this.expected = [null, null, shape[2]!];
  }
  protected compute(x: Tensor): Tensor {
    return this.output(this.gru!.call(toFloat(x))[0]);
  }
}

/** @example layers.Embedding(1000, 64) */
export const Embedding = callable(EmbeddingLayer, 3);
/** @example layers.LSTM(32) */
export const LSTM = callable(LSTMLayer, 2);
/** @example layers.GRU(32, { returnSequences: true }) */
export const GRU = callable(GRULayer, 2);
