/**
 * Attention as composites: `scaledDotProductAttention` and PyTorch 1.13's
 * `multi_head_attention_forward` (in-projection, head split, masks merged into one additive
 * float mask, softmax(QKᵀ/√d + mask)·V, out-projection, head-averaged weights).
 */
import { softmax } from "../../ops/reduce-softmax.js";
import { matmul } from "../../ops/linalg.js";
import { zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkArity, checkBool, checkInt, checkNumber, checkOptions, optionKeys } from "../../util/args.js";
import { checkTensorArg, params, shapeStr, splitArgs, type PosOrOpts } from "./args.js";
import { dropoutImpl } from "./dropout.js";
import { linearImpl } from "./linear.js";

/** Bool masks (true = masked) become 0/−inf float masks; float masks are added as they are. */
function floatMask(mask: Tensor, like: Tensor): Tensor {
  if (mask.dtype === "bool") return zeros([...mask.shape], { dtype: like.dtype }).maskedFill(mask, -Infinity);
  if (mask.dtype === "uint8") return floatMask(mask.to("bool"), like);
  if (!mask.isFloatingPoint())
    throw new TypeError(`[attention] only bool and floating types of masks are supported: got ${mask.dtype}`);
  return mask;
}

/**
 * softmax(Q·Kᵀ/√E + mask)·V over the last two dims, with optional dropout on the weights and a
 * causal mask (PyTorch 2's `scaled_dot_product_attention`: a bool `attnMask` is true where
 * attention is allowed; a float one is added to the scores).
 * @example F.scaledDotProductAttention(q, k, v).shape // q.shape with v's last size (fragment)
 */
export function scaledDotProductAttention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  ...args: PosOrOpts<[attnMask: Tensor | null, dropoutP: number, isCausal: boolean], SDPAOptions>
): Tensor;
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, ...args: unknown[]): Tensor {
  const a = splitArgs(SDPA, args, 3);
  const attnMask = (a[0] ?? null) as Tensor | null;
  const dropoutP = a[1] === undefined ? 0 : checkNumber(SDPA.op, "dropoutP", a[1], { min: 0, max: 1 });
  const isCausal = a[2] === undefined ? false : checkBool(SDPA.op, "isCausal", a[2]);
  const mask = attnMask && attnMask.dtype === "bool" ? attnMask.logicalNot() : attnMask;
  return attentionWeights(query, key, value, mask, dropoutP, isCausal)[0];
}

/** Options of {@link scaledDotProductAttention}: every parameter after `value`, by name. */
export interface SDPAOptions {
  attnMask?: Tensor | null;
  dropoutP?: number;
  isCausal?: boolean;
}

const SDPA = params("scaledDotProductAttention", ["attnMask", "dropoutP", "isCausal"]);
const MHA_KEYS = optionKeys(
  "inProjWeight",
  "inProjBias",
  "outProjWeight",
  "outProjBias",
  "qProjWeight",
  "kProjWeight",
  "vProjWeight",
  "keyPaddingMask",
  "attnMask",
  "needWeights",
  "averageAttnWeights",
  "dropoutP",
  "training",
);

/** @internal [output, weights] of scaled dot-product attention; bool masks are true where masked. */
export function attentionWeights(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  attnMask: Tensor | null,
  dropoutP: number,
  isCausal = false,
): [Tensor, Tensor] {
  checkTensorArg("scaledDotProductAttention", q, "query");
  checkTensorArg("scaledDotProductAttention", k, "key");
  checkTensorArg("scaledDotProductAttention", v, "value");
  const E = q.shape[q.dim() - 1]!;
  let scores = matmul(q.div(Math.sqrt(E)), k.transpose(-2, -1));
  if (isCausal) {
    const [L, S] = [q.shape[q.dim() - 2]!, k.shape[k.dim() - 2]!];
    const causal = zeros([L, S], { dtype: "bool" }).logicalNot().triu(1);
    scores = scores.add(floatMask(causal, scores));
  }
  if (attnMask) scores = scores.add(floatMask(attnMask, scores));
  let w = softmax(scores, -1);
  if (dropoutP > 0) w = dropoutImpl(w, dropoutP, true);
  return [matmul(w, v), w];
}

/** Options of {@link multiHeadAttentionForward}. */
export interface MHAForwardOptions {
  inProjWeight?: Tensor | null;
  inProjBias?: Tensor | null;
  outProjWeight: Tensor;
  outProjBias?: Tensor | null;
  /** Separate projections (when key/value sizes differ from the embedding size). */
  qProjWeight?: Tensor | null;
  kProjWeight?: Tensor | null;
  vProjWeight?: Tensor | null;
  keyPaddingMask?: Tensor | null;
  attnMask?: Tensor | null;
  needWeights?: boolean;
  averageAttnWeights?: boolean;
  dropoutP?: number;
  training?: boolean;
}

/**
 * Multi-head attention on sequence-first inputs `[L, N, E]` (or unbatched `[L, E]`), as
 * PyTorch's `F.multi_head_attention_forward`. Returns `[output, weights | null]`; weights are
 * `[N, L, S]` averaged over heads (or `[N, heads, L, S]`).
 * @example const [out, w] = F.multiHeadAttentionForward(q, k, v, 2, { inProjWeight, inProjBias, outProjWeight }); // fragment
 */
export function multiHeadAttentionForward(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  numHeads: number,
  o: MHAForwardOptions,
): [Tensor, Tensor | null] {
  const op = "multiHeadAttention";
  if (arguments.length > 5) checkArity(op, arguments.length, 5);
  checkOptions(op, o, MHA_KEYS);
  checkInt(op, "numHeads", numHeads, 1);
  checkTensorArg(op, query, "query");
  checkTensorArg(op, key, "key");
  checkTensorArg(op, value, "value");
  const batched = query.dim() === 3;
  if (!batched && query.dim() !== 2)
    throw new RangeError(
      `[${op}] expected query of shape [L, N, E] (3-D, or 2-D unbatched): got ${shapeStr(query.shape)}`,
    );
  if (key.dim() !== query.dim() || value.dim() !== query.dim()) {
    throw new RangeError(
      `[${op}] expected key and value to be ${query.dim()}-D like query ${shapeStr(query.shape)}: got key ${shapeStr(key.shape)} and value ${shapeStr(value.shape)}`,
    );
  }
  const q0 = batched ? query : query.unsqueeze(1);
  const k0 = batched ? key : key.unsqueeze(1);
  const v0 = batched ? value : value.unsqueeze(1);
  let kpm = o.keyPaddingMask ?? null;
  if (kpm && !batched) kpm = kpm.unsqueeze(0);
  const [L, N, E] = [q0.shape[0]!, q0.shape[1]!, q0.shape[2]!];
  const S = k0.shape[0]!;
  if (E % numHeads !== 0) throw new RangeError(`[${op}] embed_dim ${E} not divisible by num_heads ${numHeads}`);
  if (k0.shape[0] !== v0.shape[0] || k0.shape[1] !== N || v0.shape[1] !== N) {
    throw new RangeError(
      `[${op}] key ${shapeStr(key.shape)} and value ${shapeStr(value.shape)} must have the same length and batch as query ${shapeStr(query.shape)}`,
    );
  }
  const hd = E / numHeads;
  // In-projection: one packed [3E, E] weight, or separate q/k/v weights.
  let q: Tensor, k: Tensor, v: Tensor;
  const b = o.inProjBias ?? null;
  const bq = b ? b.narrow(0, 0, E) : null;
  const bk = b ? b.narrow(0, E, E) : null;
  const bv = b ? b.narrow(0, 2 * E, E) : null;
  if (o.inProjWeight) {
    const w = o.inProjWeight;
    q = linearImpl(q0, w.narrow(0, 0, E), bq);
    k = linearImpl(k0, w.narrow(0, E, E), bk);
    v = linearImpl(v0, w.narrow(0, 2 * E, E), bv);
  } else {
    q = linearImpl(q0, o.qProjWeight!, bq);
    k = linearImpl(k0, o.kProjWeight!, bk);
    v = linearImpl(v0, o.vProjWeight!, bv);
  }
  let mask = o.attnMask ?? null;
  if (mask) {
    if (mask.dim() === 2) {
      if (mask.shape[0] !== L || mask.shape[1] !== S)
        throw new RangeError(
          `[${op}] the shape of the 2D attn_mask is ${shapeStr(mask.shape)}, but should be ${shapeStr([L, S])}`,
        );
      mask = mask.unsqueeze(0);
    } else if (mask.dim() === 3) {
      if (mask.shape[0] !== N * numHeads || mask.shape[1] !== L || mask.shape[2] !== S) {
        throw new RangeError(
          `[${op}] the shape of the 3D attn_mask is ${shapeStr(mask.shape)}, but should be ${shapeStr([N * numHeads, L, S])}`,
        );
      }
    } else throw new RangeError(`[${op}] attn_mask's dimension ${mask.dim()} is not supported: expected 2-D or 3-D`);
    if (mask.dtype === "uint8") mask = mask.to("bool");
  }
  // Heads: [L, N, E] → [N·heads, L, hd].
  const heads = (t: Tensor, len: number): Tensor => t.reshape([len, N * numHeads, hd]).transpose(0, 1);
  q = heads(q, L);
  k = heads(k, S);
  v = heads(v, S);
  if (kpm) {
    if (kpm.dim() !== 2 || kpm.shape[0] !== N || kpm.shape[1] !== S) {
      throw new RangeError(
        `[${op}] expected key_padding_mask of shape ${shapeStr([N, S])}: got ${shapeStr(kpm.shape)}`,
      );
    }
    const kp = kpm
      .reshape([N, 1, 1, S])
      .expand([N, numHeads, 1, S])
      .reshape([N * numHeads, 1, S]);
    if (mask === null) mask = kp;
    else if (mask.dtype === "bool" && kp.dtype === "bool") mask = mask.logicalOr(kp);
    else mask = floatMask(mask, q).add(floatMask(kp, q));
  }
  const p = o.training === false ? 0 : (o.dropoutP ?? 0);
  const [attn, w] = attentionWeights(q, k, v, mask, p);
  const out = linearImpl(attn.transpose(0, 1).reshape([L * N, E]), o.outProjWeight, o.outProjBias ?? null).reshape([
    L,
    N,
    E,
  ]);
  let weights: Tensor | null = null;
  if (o.needWeights ?? true) {
    weights = w.reshape([N, numHeads, L, S]);
    if (o.averageAttnWeights ?? true) weights = weights.sum(1).div(numHeads);
    if (!batched) weights = weights.squeeze(0);
  }
  return [batched ? out : out.squeeze(1), weights];
}
