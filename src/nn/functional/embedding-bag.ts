/**
 * `F.embeddingBag` and `torch.embeddingBag`: sums, means or maxima of bags of embedding rows
 * without materialising the per-index embeddings' [B, N, D] tensor. Bags are given by `offsets`
 * into a 1-D index list (or are the rows of a 2-D index matrix). A composite of indexSelect,
 * indexAdd and max, so the weight's gradient comes from autograd; the `paddingIdx` entries are
 * left out of their bag (not counted in the mean) and get no gradient.
 */
import { checkValuesInRange } from "../../ops/check-values.js";
import { where } from "../../ops/composite.js";
import { full, ones, tensor, zeros } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkBool, checkInt, checkNumber, checkOneOf, describe } from "../../util/args.js";
import { optionsOf, params, shapeStr, type PosOrOpts } from "./args.js";
import { embeddingRenorm_ } from "./embedding.js";

/** How a bag's rows combine. */
export type EmbeddingBagMode = "sum" | "mean" | "max";
const MODES: readonly EmbeddingBagMode[] = ["sum", "mean", "max"];

/** Options of {@link embeddingBag} (every parameter after the weight, by name). */
export interface EmbeddingBagOptions {
  offsets?: Tensor | null;
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  mode?: EmbeddingBagMode;
  /** Sparse gradients are not supported: only `false`. */
  sparse?: boolean;
  perSampleWeights?: Tensor | null;
  includeLastOffset?: boolean;
  paddingIdx?: number | null;
}

function checkIndexTensor(op: string, what: string, t: unknown): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`[${op}] ${what} must be a Tensor: got ${describe(t)}`);
  if (t.dtype !== "int64" && t.dtype !== "int32")
    throw new TypeError(`[${op}] ${what} must be an int64 or int32 tensor: got ${t.dtype}`);
}

/** Value `x`, gradient `g·s` (PyTorch's scale_grad_by_freq: each index's gradient over its count). */
function scaleGrad(x: Tensor, s: Tensor): Tensor {
  return x.mul(s).add(x.detach().mul(s.neg().add(1)));
}

/**
 * @internal The checked core: `indices` 1-D with `offsets`, weight [num, D]. Returns PyTorch's
 * four results (output [B, D], offset2bag, bag_size, max_indices).
 */
export function embeddingBagCore(
  op: string,
  weight: Tensor,
  input: Tensor,
  offsets: Tensor | null,
  mode: EmbeddingBagMode,
  psw: Tensor | null,
  includeLastOffset: boolean,
  paddingIdx: number | null,
  scaleGradByFreq: boolean,
): [Tensor, Tensor, Tensor, Tensor] {
  if (!(weight instanceof Tensor) || weight.dim() !== 2 || !weight.isFloatingPoint()) {
    throw new RangeError(
      `[${op}] weight must be a 2-D floating-point Tensor [numEmbeddings, embeddingDim]: got ${weight instanceof Tensor ? `${weight.dtype} ${shapeStr(weight.shape)}` : describe(weight)}`,
    );
  }
  checkIndexTensor(op, "input", input);
  const [num, D] = weight.shape as [number, number];
  let idx = input;
  let offs: number[];
  if (input.dim() === 2) {
    if (offsets !== null) {
      throw new TypeError(
        `[${op}] if input is 2-D, then offsets has to be null, as input is treated as a mini-batch of fixed length sequences: got a Tensor`,
      );
    }
    const [b, n] = input.shape as [number, number];
    offs = Array.from({ length: b }, (_, i) => i * n);
    idx = input.reshape([-1]);
    includeLastOffset = false;
  } else if (input.dim() === 1) {
    if (offsets === null) throw new TypeError(`[${op}] offsets has to be a 1-D Tensor when input is 1-D: got null`);
    checkIndexTensor(op, "offsets", offsets);
    if (offsets.dim() !== 1) throw new RangeError(`[${op}] offsets has to be a 1-D Tensor: got ${offsets.dim()}-D`);
    if (input.storage.device !== "cpu" || offsets.storage.device !== "cpu") {
      return bagsOnDevice(op, weight, input, offsets, mode, psw, includeLastOffset, paddingIdx, scaleGradByFreq);
    }
    offs = (offsets.tolist() as (number | bigint)[]).map(Number);
  } else {
    throw new RangeError(`[${op}] input has to be 1-D or 2-D: got ${input.dim()}-D ${shapeStr(input.shape)}`);
  }
  if (idx.storage.device !== "cpu") {
    return bagsOnDevice(op, weight, idx, null, mode, psw, false, paddingIdx, scaleGradByFreq, input.shape[1]!);
  }
  const L = idx.shape[0]!;
  if (offs.length > 0 && offs[0] !== 0) {
    throw new RangeError(
      `[${op}] offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0: got ${offs[0]}`,
    );
  }
  for (let i = 1; i < offs.length; i++) {
    if (offs[i]! < offs[i - 1]!)
      throw new RangeError(`[${op}] offsets must be non-decreasing: got offsets[${i}] = ${offs[i]} < ${offs[i - 1]}`);
  }
  if (offs.length > 0 && offs[offs.length - 1]! > L) {
    throw new RangeError(
      `[${op}] offsets[-1] can not be greater than input's length ${L}: got offsets[-1] of ${offs[offs.length - 1]}`,
    );
  }
  const B = includeLastOffset ? Math.max(offs.length - 1, 0) : offs.length;
  const ids = (idx.tolist() as (number | bigint)[]).map(Number);
  for (const v of ids) {
    if (v < 0 || v >= num)
      throw new RangeError(
        `[${op}] index ${v} is out of range for an embedding of ${num} rows (valid indices are 0..${num - 1})`,
      );
  }
  let pad = paddingIdx;
  if (pad !== null) {
    if (pad < -num || pad >= num)
      throw new RangeError(`[${op}] paddingIdx must be within numEmbeddings: got ${pad} for ${num} rows`);
    if (pad < 0) pad += num;
  }
  if (psw !== null) {
    if (!(psw instanceof Tensor))
      throw new TypeError(`[${op}] perSampleWeights must be a Tensor or null: got ${describe(psw)}`);
    if (mode !== "sum") {
      throw new RangeError(`[${op}] perSampleWeights is only supported for mode "sum": got mode "${mode}"`);
    }
    if (psw.shape.join() !== input.shape.join()) {
      throw new RangeError(
        `[${op}] perSampleWeights must have the input's shape: got ${shapeStr(psw.shape)}, expected ${shapeStr(input.shape)}`,
      );
    }
    if (psw.dtype !== weight.dtype)
      throw new TypeError(`[${op}] perSampleWeights must have the weight's dtype ${weight.dtype}: got ${psw.dtype}`);
  }
  // Bag of every position (positions past the last bag, with includeLastOffset, belong to none).
  const bagOf = new Array<number>(L).fill(-1);
  for (let b = 0; b < B; b++) {
    const end = b + 1 < offs.length ? offs[b + 1]! : L;
    for (let p = offs[b]!; p < end; p++) bagOf[p] = b;
  }
  const kept: number[] = [];
  const counts = new Array<number>(B).fill(0);
  for (let p = 0; p < L; p++) {
    if (bagOf[p]! < 0 || ids[p] === pad) continue;
    kept.push(p);
    counts[bagOf[p]!]!++;
  }
  const keptPos = tensor(kept, { dtype: "int64" });
  const keptIds = tensor(
    kept.map((p) => ids[p]!),
    { dtype: "int64" },
  );
  let rows = weight.indexSelect(0, keptIds); // [K, D]
  if (scaleGradByFreq && mode !== "max") {
    const freq = new Map<number, number>();
    for (const v of ids) freq.set(v, (freq.get(v) ?? 0) + 1);
    rows = scaleGrad(
      rows,
      tensor(
        kept.map((p) => 1 / freq.get(ids[p]!)!),
        { dtype: weight.dtype },
      ).unsqueeze(1),
    );
  }
  if (psw !== null) rows = rows.mul(psw.reshape([-1]).indexSelect(0, keptPos).unsqueeze(1));
  const countT = tensor(counts, { dtype: "int64" });
  const bagIdx = tensor(
    kept.map((p) => bagOf[p]!),
    { dtype: "int64" },
  );
  const offset2bag =
    mode === "sum" && pad === null
      ? zeros([0], { dtype: "int64" })
      : tensor(
          bagOf.map((b) => Math.max(b, 0)),
          { dtype: "int64" },
        );
  let out: Tensor;
  let maxIndices: Tensor;
  let bagSize: Tensor;
  if (mode === "max") {
    // Pad each bag to the longest one, fill the gaps with −inf and take the max over the bag.
    const width = Math.max(1, ...counts);
    const slot = new Array<number>(B * width).fill(0);
    const filled = new Array<boolean>(B * width).fill(false);
    const seen = new Array<number>(B).fill(0);
    kept.forEach((p, k) => {
      const b = bagOf[p]!;
      slot[b * width + seen[b]!] = k;
      filled[b * width + seen[b]!] = true;
      seen[b]!++;
    });
    const slotT = tensor(slot, { dtype: "int64" });
    const gathered = (kept.length > 0 ? rows : zeros([1, D], { dtype: weight.dtype }))
      .indexSelect(0, slotT)
      .reshape([B, width, D]);
    const present = tensor(filled).reshape([B, width, 1]);
    const [vals, argPos] = where(present, gathered, -Infinity).max(1) as unknown as [Tensor, Tensor];
    const empty = countT.eq(0).unsqueeze(1);
    out = where(empty, 0, vals);
    const idsBySlot = tensor(
      slot.map((k, i) => (filled[i] ? ids[kept[k]!]! : 0)),
      { dtype: "int64" },
    ).reshape([B, width]);
    maxIndices = where(empty, 0, idsBySlot.gather(1, argPos));
    bagSize = countT;
  } else {
    out = zeros([B, D], { dtype: weight.dtype }).indexAdd(0, bagIdx, rows);
    if (mode === "mean") out = out.div(countT.clampMin(1).to(weight.dtype).unsqueeze(1));
    // PyTorch's sum kernel leaves these zero: one per offset, or per bag when the weight needs grad.
    const n = weight.requiresGrad ? B : offs.length;
    bagSize = mode === "mean" ? countT : zeros([n], { dtype: "int64" });
    maxIndices = mode === "mean" ? countT.clone() : zeros([n], { dtype: "int64" });
  }
  return [out, offset2bag, bagSize, maxIndices];
}

/**
 * {@link embeddingBagCore} for index tensors on a device, by device ops only (no read-back):
 * each position's bag is the running count of the offsets at or before it (a scatter-add of the
 * offsets, then a cumsum), or its row of a 2-D input (`width` per bag).
 * The checks of index values (offsets order, index range) run as device checks, raising at the
 * next read-back. Mode "max" by scatter-reduce (amax of the
 * values, then amin of the positions holding them).
 */
function bagsOnDevice(
  op: string,
  weight: Tensor,
  idx: Tensor,
  offsets: Tensor | null,
  mode: EmbeddingBagMode,
  psw: Tensor | null,
  includeLastOffset: boolean,
  paddingIdx: number | null,
  scaleGradByFreq: boolean,
  width = 0,
): [Tensor, Tensor, Tensor, Tensor] {
  const device = idx.storage.device;
  const [num, D] = weight.shape as [number, number];
  const L = idx.shape[0]!;
  // The CPU's value checks, as device checks: a failure raises at the next read-back.
  checkValuesInRange(
    op,
    idx,
    0,
    num,
    (v) => `[${op}] index ${v} is out of range for an embedding of ${num} rows (valid indices are 0..${num - 1})`,
  );
  const nOffsets = offsets?.shape[0] ?? 0;
  if (offsets !== null && nOffsets > 0) {
    const first = (v: number) =>
      `[${op}] offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0: got ${v}`;
    checkValuesInRange(op, offsets.narrow(0, 0, 1), 0, 1, first);
    if (nOffsets > 1) {
      const steps = offsets.narrow(0, 1, nOffsets - 1).sub(offsets.narrow(0, 0, nOffsets - 1));
      checkValuesInRange(op, steps, 0, Infinity, (v) => `[${op}] offsets must be non-decreasing: got a step of ${v}`);
    }
    checkValuesInRange(
      op,
      offsets.narrow(0, nOffsets - 1, 1),
      0,
      L + 1,
      (v) => `[${op}] offsets[-1] can not be greater than input's length ${L}: got offsets[-1] of ${v}`,
    );
  }
  const ids = idx.to("int64");
  const pos = ones([L], { dtype: "int64", device }).cumsum(0).sub(1);
  let bag: Tensor;
  let B: number;
  let nOff: number;
  if (offsets === null) {
    B = width > 0 ? L / width : 0;
    nOff = B;
    bag = width > 0 ? pos.floorDivide(width) : pos;
  } else {
    nOff = offsets.numel();
    B = includeLastOffset ? Math.max(nOff - 1, 0) : nOff;
    const marks = zeros([L + 1], { dtype: "int64", device }).scatterAdd(
      0,
      offsets.to("int64").clamp(0, L),
      ones([nOff], { dtype: "int64", device }),
    );
    bag = marks.narrow(0, 0, L).cumsum(0).sub(1);
  }
  let pad = paddingIdx;
  if (pad !== null) {
    if (pad < -num || pad >= num)
      throw new RangeError(`[${op}] paddingIdx must be within numEmbeddings: got ${pad} for ${num} rows`);
    if (pad < 0) pad += num;
  }
  if (psw !== null && mode !== "sum")
    throw new RangeError(`[${op}] perSampleWeights is only supported for mode "sum": got mode "${mode}"`);
  let keep = bag.ge(0).logicalAnd(bag.lt(B));
  if (pad !== null) keep = keep.logicalAnd(ids.ne(pad));
  let rows = weight.indexSelect(0, ids); // [L, D]
  if (scaleGradByFreq) {
    const freq = zeros([num], { dtype: weight.dtype, device }).scatterAdd(
      0,
      ids,
      ones([L], { dtype: weight.dtype, device }),
    );
    rows = scaleGrad(rows, freq.gather(0, ids).reciprocal().unsqueeze(1));
  }
  if (psw !== null) rows = rows.mul(psw.reshape([-1]).unsqueeze(1));
  const bagC = bag.clamp(0, Math.max(B - 1, 0));
  if (mode === "max") {
    // per bag and column: the max over the bag's kept rows, and the id of its first row there
    const at = bagC.unsqueeze(1).expand([L, D]);
    const cand = where(keep.unsqueeze(1), rows, -Infinity);
    const counts = zeros([B], { dtype: "int64", device });
    const countT = B > 0 && L > 0 ? counts.scatterAdd(0, bagC, keep.to("int64")) : counts;
    const empty = countT.eq(0).unsqueeze(1);
    const base = full([B, D], -Infinity, { dtype: weight.dtype, device });
    const vals = B > 0 && L > 0 ? base.scatterReduce(0, at, cand, "amax") : base;
    const hit = keep.unsqueeze(1).logicalAnd(cand.eq(vals.gather(0, at)));
    const first = full([B, D], L, { dtype: "int64", device });
    const firstPos =
      B > 0 && L > 0 ? first.scatterReduce(0, at, where(hit, pos.unsqueeze(1).expand([L, D]), L), "amin") : first;
    const idsAt = ids.gather(0, firstPos.clamp(0, Math.max(L - 1, 0)).reshape([-1])).reshape([B, D]);
    const maxIndices = L > 0 ? where(empty, 0, idsAt) : zeros([B, D], { dtype: "int64", device });
    const offset2bag = where(bag.ge(B), 0, bag.clampMin(0));
    return [where(empty, 0, vals), offset2bag, countT, maxIndices];
  }
  rows = where(keep.unsqueeze(1), rows, 0);
  let out = zeros([B, D], { dtype: weight.dtype, device });
  const counts = zeros([B], { dtype: "int64", device });
  const countT = B > 0 && L > 0 ? counts.scatterAdd(0, bagC, keep.to("int64")) : counts;
  if (B > 0 && L > 0) out = out.scatterAdd(0, bagC.unsqueeze(1).expand([L, D]), rows);
  if (mode === "mean") out = out.div(countT.clampMin(1).to(weight.dtype).unsqueeze(1));
  const offset2bag =
    mode === "sum" && pad === null ? zeros([0], { dtype: "int64", device }) : where(bag.ge(B), 0, bag.clampMin(0));
  const n = weight.requiresGrad ? B : nOff;
  const bagSize = mode === "mean" ? countT : zeros([n], { dtype: "int64", device });
  const maxIndices = mode === "mean" ? countT.clone() : zeros([n], { dtype: "int64", device });
  return [out, offset2bag, bagSize, maxIndices];
}

const P_BAG = params("embeddingBag", [
  "offsets",
  "maxNorm",
  "normType",
  "scaleGradByFreq",
  "mode",
  "sparse",
  "perSampleWeights",
  "includeLastOffset",
  "paddingIdx",
]);

/** @internal the options of F.embeddingBag / nn.EmbeddingBag checked; returns the output. */
export function embeddingBagImpl(op: string, input: Tensor, weight: Tensor, o: EmbeddingBagOptions): Tensor {
  const mode = o.mode === undefined ? "mean" : checkOneOf(op, "mode", o.mode, MODES);
  if (o.sparse !== undefined && checkBool(op, "sparse", o.sparse))
    throw new RangeError(`[${op}] sparse gradients are not supported: got sparse true, expected false`);
  const scale = o.scaleGradByFreq === undefined ? false : checkBool(op, "scaleGradByFreq", o.scaleGradByFreq);
  const ilo = o.includeLastOffset === undefined ? false : checkBool(op, "includeLastOffset", o.includeLastOffset);
  const pad =
    o.paddingIdx === undefined || o.paddingIdx === null ? null : checkInt(op, "paddingIdx", o.paddingIdx, -Infinity);
  const maxNorm =
    o.maxNorm === undefined || o.maxNorm === null ? null : checkNumber(op, "maxNorm", o.maxNorm, { min: 0 });
  const normType = o.normType === undefined ? 2 : checkNumber(op, "normType", o.normType);
  if (maxNorm !== null) {
    checkIndexTensor(op, "input", input);
    embeddingRenorm_(weight, input.reshape([-1]), maxNorm, normType);
  }
  return embeddingBagCore(op, weight, input, o.offsets ?? null, mode, o.perSampleWeights ?? null, ilo, pad, scale)[0];
}

/**
 * Sums, means or maxima of bags of embedding rows (`F.embedding_bag`): `input` is 2-D [B, N]
 * (each row a bag) or 1-D with `offsets` (bag b is input[offsets[b] : offsets[b+1]]); returns
 * [B, embeddingDim]. `perSampleWeights` (mode "sum") scales each row; `paddingIdx` entries are
 * skipped; an empty bag gives zeros. Default mode "mean".
 * @example F.embeddingBag(torch.tensor([0, 2, 1]), weight, torch.tensor([0, 2]), { mode: "sum" }) // [2, D] (fragment)
 */
export function embeddingBag(
  input: Tensor,
  weight: Tensor,
  ...args: PosOrOpts<
    [
      offsets: Tensor | null,
      maxNorm: number | null,
      normType: number,
      scaleGradByFreq: boolean,
      mode: EmbeddingBagMode,
      sparse: boolean,
      perSampleWeights: Tensor | null,
      includeLastOffset: boolean,
      paddingIdx: number | null,
    ],
    EmbeddingBagOptions
  >
): Tensor;
export function embeddingBag(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  return embeddingBagImpl("embeddingBag", input, weight, optionsOf<EmbeddingBagOptions>(P_BAG, args, 2));
}

const MODE_CODES: Record<number, EmbeddingBagMode> = { 0: "sum", 1: "mean", 2: "max" };

/**
 * `torch.embedding_bag(weight, indices, offsets, scale_grad_by_freq, mode, sparse,
 * per_sample_weights, include_last_offset, padding_idx)`: ATen's order, `mode` as its integer
 * code (0 sum, 1 mean, 2 max). Returns PyTorch's four results [output, offset2bag, bagSize,
 * maxIndices] (the last three as its CPU kernel fills them).
 * @example const [out] = torch.embeddingBag(weight, torch.tensor([0, 2, 1]), torch.tensor([0, 2])); // fragment
 */
export function torchEmbeddingBag(
  weight: Tensor,
  indices: Tensor,
  offsets: Tensor | null,
  scaleGradByFreq = false,
  mode: 0 | 1 | 2 = 0,
  sparse = false,
  perSampleWeights: Tensor | null = null,
  includeLastOffset = false,
  paddingIdx: number | null = null,
): [Tensor, Tensor, Tensor, Tensor] {
  const op = "embeddingBag";
  const m = MODE_CODES[mode];
  if (m === undefined) throw new RangeError(`[${op}] mode must be 0 (sum), 1 (mean) or 2 (max): got ${describe(mode)}`);
  checkBool(op, "scaleGradByFreq", scaleGradByFreq);
  if (checkBool(op, "sparse", sparse))
    throw new RangeError(`[${op}] sparse gradients are not supported: got sparse true, expected false`);
  checkBool(op, "includeLastOffset", includeLastOffset);
  const pad = paddingIdx === null ? null : checkInt(op, "paddingIdx", paddingIdx, -Infinity);
  return embeddingBagCore(op, weight, indices, offsets, m, perSampleWeights, includeLastOffset, pad, scaleGradByFreq);
}
