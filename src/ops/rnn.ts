/**
 * The recurrent math behind `nn.RNN`/`LSTM`/`GRU` and `nn.RNNCell`/`LSTMCell`/`GRUCell`, also
 * public as PyTorch's functional forms: the cells `torch.rnnTanhCell`, `rnnReluCell`, `lstmCell`,
 * `gruCell` (input, hx, w_ih, w_hh, b_ih?, b_hh?) and the sequences `torch.rnnTanh`, `rnnRelu`,
 * `lstm`, `gru` (input, hx, params, hasBiases, numLayers, dropout, train, bidirectional,
 * batchFirst). Gate order as PyTorch: LSTM i,f,g,o; GRU r,z,n with
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)). Composites: autograd comes from the ops.
 */
import { zeros } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { checkBool, checkInt, checkNumber, describe } from "../util/args.js";
import { cat, stack } from "./join.js";
import { matmul } from "./linalg.js";
import { defineOp } from "./registry.js";

/** Which recurrence: the four kinds PyTorch's RNN modules run. */
export type RNNMode = "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU";
/** Gate blocks stacked in the weights of each mode. */
export const RNN_GATES: Readonly<Record<RNNMode, number>> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

const shapeStr = (s: readonly number[]): string => `[${s.join(", ")}]`;

function checkTensor(op: string, what: string, t: unknown, nullable = false): void {
  if (t instanceof Tensor || (nullable && (t === null || t === undefined))) return;
  throw new TypeError(`[${op}] ${what} must be a Tensor${nullable ? " or null" : ""}: got ${describe(t)}`);
}

/** x·Wᵀ (+ b). */
function proj(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const p = matmul(x, w.t());
  return b ? p.add(b) : p;
}

/** One step from the projected input `gi` and projected state `gh`: [h', c'] (c' only for LSTM). */
function step(mode: RNNMode, gi: Tensor, gh: Tensor, h: Tensor, c: Tensor | null): [Tensor, Tensor | null] {
  switch (mode) {
    case "RNN_TANH":
      return [gi.add(gh).tanh(), null];
    case "RNN_RELU":
      return [gi.add(gh).relu(), null];
    case "LSTM": {
      const [i, f, g, o] = gi.add(gh).chunk(4, -1) as [Tensor, Tensor, Tensor, Tensor];
      const c2 = f.sigmoid().mul(c!).add(i.sigmoid().mul(g.tanh())); // c' = σ(f)c + σ(i)tanh(g)
      return [o.sigmoid().mul(c2.tanh()), c2]; // h' = σ(o)tanh(c')
    }
    case "GRU": {
      const [xr, xz, xn] = gi.chunk(3, -1) as [Tensor, Tensor, Tensor];
      const [hr, hz, hn] = gh.chunk(3, -1) as [Tensor, Tensor, Tensor];
      const r = xr.add(hr).sigmoid();
      const z = xz.add(hz).sigmoid();
      const n = xn.add(r.mul(hn)).tanh();
      return [n.add(z.mul(h.sub(n))), null]; // h' = (1 − z)n + z·h
    }
  }
}

/** Checks a cell's tensors against each other, as PyTorch's `check_rnn_cell_forward_*`. */
function checkCell(
  op: string,
  mode: RNNMode,
  input: Tensor,
  states: readonly [Tensor, string][],
  wih: unknown,
  whh: unknown,
  bih: unknown,
  bhh: unknown,
): void {
  checkTensor(op, "input", input);
  for (const [s, what] of states) checkTensor(op, what, s);
  checkTensor(op, "w_ih", wih);
  checkTensor(op, "w_hh", whh);
  checkTensor(op, "b_ih", bih, true);
  checkTensor(op, "b_hh", bhh, true);
  const w = wih as Tensor;
  const u = whh as Tensor;
  if (w.dim() !== 2 || u.dim() !== 2 || u.shape[0] !== w.shape[0] || u.shape[0] !== RNN_GATES[mode] * u.shape[1]!) {
    throw new RangeError(
      `[${op}] w_ih and w_hh must be [${RNN_GATES[mode]}·hidden, input] and [${RNN_GATES[mode]}·hidden, hidden]: got ${shapeStr(w.shape)} and ${shapeStr(u.shape)}`,
    );
  }
  const inSize = w.shape[1]!;
  const hidden = u.shape[1]!;
  if (input.shape[input.dim() - 1] !== inSize) {
    throw new RangeError(
      `[${op}] input has inconsistent input_size: got ${input.shape[input.dim() - 1]}, expected ${inSize}`,
    );
  }
  for (const [s, what] of states) {
    if (s.dim() !== input.dim() || (s.dim() === 2 && s.shape[0] !== input.shape[0])) {
      throw new RangeError(
        `[${op}] ${what} must have the input's batch size: got ${what} ${shapeStr(s.shape)} for input ${shapeStr(input.shape)}`,
      );
    }
    if (s.shape[s.dim() - 1] !== hidden) {
      throw new RangeError(
        `[${op}] ${what} has inconsistent hidden_size: got ${s.shape[s.dim() - 1]}, expected ${hidden}`,
      );
    }
  }
}

function simpleCell(op: string, mode: RNNMode) {
  return (
    input: Tensor,
    hx: Tensor | null,
    wIh: Tensor,
    wHh: Tensor,
    bIh: Tensor | null = null,
    bHh: Tensor | null = null,
  ): Tensor => {
    checkTensor(op, "input", input);
    checkTensor(op, "hx", hx, true);
    const rows = RNN_GATES[mode] * (wHh instanceof Tensor ? wHh.shape[1]! : 0);
    const h =
      hx ?? zeros(input.dim() === 2 ? [input.shape[0]!, rows / RNN_GATES[mode]] : [rows], { dtype: input.dtype });
    checkCell(op, mode, input, [[h, "hx"]], wIh, wHh, bIh, bHh);
    return step(mode, proj(input, wIh, bIh), proj(h, wHh, bHh), h, null)[0];
  };
}

/**
 * One Elman step tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (`torch.rnn_tanh_cell`; `hx` null is zeros).
 * @example torch.rnnTanhCell(torch.randn(2, 4), torch.zeros(2, 3), torch.randn(3, 4), torch.randn(3, 3)).shape // [2, 3]
 */
export const rnnTanhCell = defineOp(
  "rnnTanhCell",
  { family: "composite", maxArgs: 6 },
  simpleCell("rnnTanhCell", "RNN_TANH"),
);

/**
 * One Elman step relu(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (`torch.rnn_relu_cell`).
 * @example torch.rnnReluCell(torch.randn(2, 4), torch.zeros(2, 3), torch.randn(3, 4), torch.randn(3, 3)).shape // [2, 3]
 */
export const rnnReluCell = defineOp(
  "rnnReluCell",
  { family: "composite", maxArgs: 6 },
  simpleCell("rnnReluCell", "RNN_RELU"),
);

/**
 * One GRU step (`torch.gru_cell`): r, z gates, n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)),
 * h' = (1 − z)n + z·h; weights [3·hidden, ·] in r, z, n order.
 * @example torch.gruCell(torch.randn(2, 4), torch.zeros(2, 3), torch.randn(9, 4), torch.randn(9, 3)).shape // [2, 3]
 */
export const gruCell = defineOp("gruCell", { family: "composite", maxArgs: 6 }, simpleCell("gruCell", "GRU"));

/**
 * One LSTM step (`torch.lstm_cell`): `hx` is [h, c]; returns [h', c'] with c' = σ(f)c + σ(i)tanh(g),
 * h' = σ(o)tanh(c'); weights [4·hidden, ·] in i, f, g, o order.
 * @example const [h, c] = torch.lstmCell(torch.randn(2, 4), [torch.zeros(2, 3), torch.zeros(2, 3)], torch.randn(12, 4), torch.randn(12, 3));
 */
export const lstmCell = defineOp(
  "lstmCell",
  { family: "composite", maxArgs: 6 },
  function lstmCell(
    input: Tensor,
    hx: readonly [Tensor, Tensor],
    wIh: Tensor,
    wHh: Tensor,
    bIh: Tensor | null = null,
    bHh: Tensor | null = null,
  ): [Tensor, Tensor] {
    if (!Array.isArray(hx) || hx.length !== 2)
      throw new TypeError(`[lstmCell] hx must be a pair [h, c] of Tensors: got ${describe(hx)}`);
    const [h, c] = hx as readonly [Tensor, Tensor];
    checkCell(
      "lstmCell",
      "LSTM",
      input,
      [
        [h, "hx[0]"],
        [c, "hx[1]"],
      ],
      wIh,
      wHh,
      bIh,
      bHh,
    );
    const [h2, c2] = step("LSTM", proj(input, wIh, bIh), proj(h, wHh, bHh), h, c);
    return [h2, c2!];
  },
);

/** Inverted dropout between layers: mask ~ Bernoulli(1 − p) / (1 − p), drawn as F.dropout does. */
function dropoutBetween(x: Tensor, p: number): Tensor {
  if (p === 1) return x.mul(0);
  return x.mul(
    zeros([...x.shape], { dtype: x.dtype })
      .bernoulli_(1 - p)
      .div_(1 - p),
  );
}

/**
 * The shared multi-layer recurrence: `input` [T, B, in] (or unbatched [T, in]) time-major,
 * `h0`/`c0` [L·D, B, H] (or [L·D, H]), `params` per layer and direction
 * w_ih, w_hh(, b_ih, b_hh). Returns the output [T, B, D·H] and the final states.
 * @internal used by the `torch.*` sequence ops and `nn.RNN`/`LSTM`/`GRU`.
 */
export function runRecurrence(
  mode: RNNMode,
  input: Tensor,
  h0: Tensor,
  c0: Tensor | null,
  params: readonly Tensor[],
  hasBiases: boolean,
  numLayers: number,
  dropout: number,
  train: boolean,
  bidirectional: boolean,
): [Tensor, Tensor, Tensor | null] {
  const dirs = bidirectional ? 2 : 1;
  const per = hasBiases ? 4 : 2;
  const T = input.shape[0]!;
  const H = h0.shape[h0.dim() - 1]!;
  const hN: Tensor[] = [];
  const cN: Tensor[] = [];
  let x = input;
  for (let layer = 0; layer < numLayers; layer++) {
    const outs: Tensor[] = [];
    for (let d = 0; d < dirs; d++) {
      const k = layer * dirs + d;
      const [wih, whh] = [params[k * per]!, params[k * per + 1]!];
      const [bih, bhh] = hasBiases ? [params[k * per + 2]!, params[k * per + 3]!] : [null, null];
      const pre = proj(x, wih, bih); // the input projection of every step at once
      let h = h0.select(0, k);
      let c = c0 ? c0.select(0, k) : null;
      const ys = new Array<Tensor>(T);
      for (let s = 0; s < T; s++) {
        const t = d === 0 ? s : T - 1 - s;
        [h, c] = step(mode, pre.select(0, t), proj(h, whh, bhh), h, c);
        ys[t] = h;
      }
      outs.push(T > 0 ? stack(ys, 0) : zeros([0, ...h.shape.slice(0, -1), H], { dtype: input.dtype }));
      hN.push(h);
      if (c) cN.push(c);
    }
    x = dirs === 2 ? cat(outs, -1) : outs[0]!;
    if (dropout > 0 && train && layer < numLayers - 1) x = dropoutBetween(x, dropout);
  }
  return [x, stack(hN, 0), c0 ? stack(cN, 0) : null];
}

/** Argument checks of the `torch.*` sequence forms; returns the input time-major. */
function checkSequence(
  op: string,
  mode: RNNMode,
  input: unknown,
  states: readonly [unknown, string][],
  params: unknown,
  hasBiases: unknown,
  numLayers: unknown,
  dropout: unknown,
  train: unknown,
  bidirectional: unknown,
  batchFirst: unknown,
): Tensor {
  checkTensor(op, "input", input);
  for (const [s, what] of states) checkTensor(op, what, s);
  const x = input as Tensor;
  checkBool(op, "hasBiases", hasBiases);
  checkInt(op, "numLayers", numLayers, 1);
  checkNumber(op, "dropout", dropout, { min: 0, max: 1 });
  checkBool(op, "train", train);
  checkBool(op, "bidirectional", bidirectional);
  checkBool(op, "batchFirst", batchFirst);
  if (!Array.isArray(params) || params.some((p) => !(p instanceof Tensor)))
    throw new TypeError(`[${op}] params must be an array of Tensors: got ${describe(params)}`);
  const dirs = bidirectional ? 2 : 1;
  const want = (numLayers as number) * dirs * (hasBiases ? 4 : 2);
  if (params.length !== want) {
    throw new RangeError(`[${op}] got an incorrect number of RNN parameters: got ${params.length}, expected ${want}`);
  }
  if (x.dim() !== 2 && x.dim() !== 3)
    throw new RangeError(`[${op}] input must be 3-D (or 2-D unbatched): got ${shapeStr(x.shape)}`);
  const ps = params as Tensor[];
  const G = RNN_GATES[mode];
  const H = ps[1]!.shape[1] ?? 0;
  const batched = x.dim() === 3;
  const xt = batched && batchFirst ? x.transpose(0, 1) : x;
  const want0 = batched ? [(numLayers as number) * dirs, xt.shape[1]!, H] : [(numLayers as number) * dirs, H];
  for (const [s, what] of states) {
    const t = s as Tensor;
    if (t.dim() !== want0.length || t.shape.some((v, i) => v !== want0[i])) {
      throw new RangeError(`[${op}] expected ${what} of shape ${shapeStr(want0)}: got ${shapeStr(t.shape)}`);
    }
  }
  const per = hasBiases ? 4 : 2;
  for (let k = 0; k < ps.length / per; k++) {
    const inSize = k < dirs ? x.shape[x.dim() - 1]! : H * dirs;
    const shapes = [[G * H, inSize], [G * H, H], ...(hasBiases ? [[G * H], [G * H]] : [])];
    shapes.forEach((s, j) => {
      const p = ps[k * per + j]!;
      if (p.dim() !== s.length || p.shape.some((v, i) => v !== s[i])) {
        throw new RangeError(
          `[${op}] params[${k * per + j}] has the wrong shape: got ${shapeStr(p.shape)}, expected ${shapeStr(s)}`,
        );
      }
    });
  }
  return xt;
}

function simpleSequence(op: string, mode: RNNMode) {
  return (
    input: Tensor,
    hx: Tensor,
    params: readonly Tensor[],
    hasBiases: boolean,
    numLayers: number,
    dropout: number,
    train: boolean,
    bidirectional: boolean,
    batchFirst: boolean,
  ): [Tensor, Tensor] => {
    const x = checkSequence(
      op,
      mode,
      input,
      [[hx, "hx"]],
      params,
      hasBiases,
      numLayers,
      dropout,
      train,
      bidirectional,
      batchFirst,
    );
    const [out, hn] = runRecurrence(mode, x, hx, null, params, hasBiases, numLayers, dropout, train, bidirectional);
    return [batchFirst && input.dim() === 3 ? out.transpose(0, 1) : out, hn];
  };
}

/**
 * A multi-layer tanh RNN over a sequence (`torch.rnn_tanh`): `params` per layer and direction
 * w_ih, w_hh(, b_ih, b_hh); returns [output, h_n].
 * @example const [out, hn] = torch.rnnTanh(torch.randn(5, 2, 4), torch.zeros(1, 2, 3), [torch.randn(3, 4), torch.randn(3, 3)], false, 1, 0, false, false, false);
 */
export const rnnTanh = defineOp("rnnTanh", { family: "composite", maxArgs: 9 }, simpleSequence("rnnTanh", "RNN_TANH"));

/**
 * A multi-layer relu RNN over a sequence (`torch.rnn_relu`); arguments as {@link rnnTanh}.
 * @example const [out, hn] = torch.rnnRelu(torch.randn(5, 2, 4), torch.zeros(1, 2, 3), [torch.randn(3, 4), torch.randn(3, 3)], false, 1, 0, false, false, false);
 */
export const rnnRelu = defineOp("rnnRelu", { family: "composite", maxArgs: 9 }, simpleSequence("rnnRelu", "RNN_RELU"));

/**
 * A multi-layer GRU over a sequence (`torch.gru`); arguments as {@link rnnTanh}, weights [3·H, ·].
 * @example const [out, hn] = torch.gru(torch.randn(5, 2, 4), torch.zeros(1, 2, 3), [torch.randn(9, 4), torch.randn(9, 3)], false, 1, 0, false, false, false);
 */
export const gru = defineOp("gru", { family: "composite", maxArgs: 9 }, simpleSequence("gru", "GRU"));

/**
 * A multi-layer LSTM over a sequence (`torch.lstm`): `hx` is [h0, c0]; returns [output, h_n, c_n].
 * @example const [out, hn, cn] = torch.lstm(torch.randn(5, 2, 4), [torch.zeros(1, 2, 3), torch.zeros(1, 2, 3)], [torch.randn(12, 4), torch.randn(12, 3)], false, 1, 0, false, false, false);
 */
export const lstm = defineOp(
  "lstm",
  { family: "composite", maxArgs: 9 },
  function lstm(
    input: Tensor,
    hx: readonly [Tensor, Tensor],
    params: readonly Tensor[],
    hasBiases: boolean,
    numLayers: number,
    dropout: number,
    train: boolean,
    bidirectional: boolean,
    batchFirst: boolean,
  ): [Tensor, Tensor, Tensor] {
    if (!Array.isArray(hx) || hx.length !== 2)
      throw new TypeError(`[lstm] hx must be a pair [h0, c0] of Tensors: got ${describe(hx)}`);
    const [h0, c0] = hx as readonly [Tensor, Tensor];
    const states: [unknown, string][] = [
      [h0, "hx[0]"],
      [c0, "hx[1]"],
    ];
    const x = checkSequence(
      "lstm",
      "LSTM",
      input,
      states,
      params,
      hasBiases,
      numLayers,
      dropout,
      train,
      bidirectional,
      batchFirst,
    );
    const [out, hn, cn] = runRecurrence("LSTM", x, h0, c0, params, hasBiases, numLayers, dropout, train, bidirectional);
    return [batchFirst && input.dim() === 3 ? out.transpose(0, 1) : out, hn, cn!];
  },
);
