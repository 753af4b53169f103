/**
 * `F.embedding` (row lookup with PyTorch's paddingIdx and maxNorm rules) and `F.oneHot`.
 */
import { noGrad } from "../../autograd/mode.js";
import { where } from "../../ops/composite.js";
import { checkValuesInRange } from "../../ops/check-values.js";
import { zeros } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkInt, checkNumber } from "../../util/args.js";
import { optionsOf, params, splitArgs, type PosOrOpts } from "./args.js";

const INDEX_DTYPES = ["int64", "int32"];

function checkIndices(op: string, input: unknown): asserts input is Tensor {
  if (!(input instanceof Tensor))
    throw new TypeError(`[${op}] expected a Tensor of indices: got ${input === null ? "null" : typeof input}`);
  if (!INDEX_DTYPES.includes(input.dtype)) {
    throw new TypeError(`[${op}] expected indices of dtype int64 or int32: got ${input.dtype}; convert with x.long()`);
  }
}

/** Options of `F.embedding`. */
export interface EmbeddingOptions {
  paddingIdx?: number | null;
  maxNorm?: number | null;
  normType?: number;
}

/** PyTorch's `embedding_renorm_`: rows used by `input` whose p-norm exceeds maxNorm are rescaled in place. */
export function embeddingRenorm_(weight: Tensor, input: Tensor, maxNorm: number, normType: number): void {
  noGrad(() => {
    if (weight.storage.device !== "cpu" || input.storage.device !== "cpu") {
      // on a device, without reading the indices back: every used row's norm at once
      const num = weight.shape[0]!;
      const ids = input.reshape([-1]).to("int64");
      const used = zeros([num], { dtype: weight.dtype, device: weight.storage.device }).scatter(0, ids, 1).gt(0);
      const norm = weight.norm(normType, 1, true);
      const over = used.unsqueeze(1).logicalAnd(norm.gt(maxNorm));
      weight.mul_(where(over, norm.add(1e-7).reciprocal().mul(maxNorm), 1));
      return;
    }
    const rows = [...new Set(Array.from(input.dataFloat()))].sort((a, b) => a - b);
    for (const r of rows) {
      const row = weight.select(0, r);
      const norm = row.norm(normType).item() as number;
      if (norm > maxNorm) row.mul_(maxNorm / (norm + 1e-7));
    }
  });
}

/**
 * Looks up rows of `weight` [num, dim] by integer `input`; the gradient of the `paddingIdx` row is 0.
 * @example F.embedding(torch.tensor([[0, 2]]), weight) // shape [1, 2, dim] (fragment)
 */
export function embedding(
  input: Tensor,
  weight: Tensor,
  ...args: PosOrOpts<[paddingIdx: number | null, maxNorm: number | null, normType: number], EmbeddingOptions>
): Tensor;
export function embedding(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const opts = optionsOf<EmbeddingOptions>(EMBEDDING, args, 2);
  if (opts.paddingIdx !== undefined && opts.paddingIdx !== null)
    checkInt("embedding", "paddingIdx", opts.paddingIdx, -Infinity);
  if (opts.maxNorm !== undefined && opts.maxNorm !== null)
    checkNumber("embedding", "maxNorm", opts.maxNorm, { min: 0 });
  if (opts.normType !== undefined) checkNumber("embedding", "normType", opts.normType);
  return embeddingImpl(input, weight, opts);
}

const EMBEDDING = params("embedding", ["paddingIdx", "maxNorm", "normType"]);
const ONE_HOT = params("oneHot", ["numClasses"]);

/** @internal {@link embedding} with its options checked (the layer calls this). */
export function embeddingImpl(input: Tensor, weight: Tensor, opts: EmbeddingOptions): Tensor {
  checkIndices("embedding", input);
  if (!(weight instanceof Tensor) || weight.dim() !== 2) {
    throw new RangeError(
      `[embedding] weight must be a 2-D Tensor [numEmbeddings, embeddingDim]: got ${weight instanceof Tensor ? `${weight.dim()}-D` : typeof weight}`,
    );
  }
  const num = weight.shape[0]!;
  const idx = input.reshape(-1);
  checkValuesInRange(
    "embedding",
    idx,
    0,
    num,
    (v) => `[embedding] index ${v} is out of range for an embedding of ${num} rows (valid indices are 0..${num - 1})`,
  );
  let pad = opts.paddingIdx ?? null;
  if (pad !== null) {
    if (pad < -num || pad >= num)
      throw new RangeError(`[embedding] paddingIdx must be within numEmbeddings: got ${pad} for ${num} rows`);
    if (pad < 0) pad += num;
  }
  if (opts.maxNorm !== undefined && opts.maxNorm !== null)
    embeddingRenorm_(weight, idx, opts.maxNorm, opts.normType ?? 2);
  let out = weight.indexSelect(0, idx);
  // Same values, but no gradient flows to the padding row (on a GPU without looking for it first).
  if (pad !== null && out.requiresGrad && (idx.device.type !== "cpu" || idx.dataFloat().includes(pad))) {
    out = where(idx.eq(pad).unsqueeze(1), out.detach(), out);
  }
  return out.reshape([...input.shape, weight.shape[1]!]);
}

/**
 * One-hot int64 encoding with a new last dim of size `numClasses` (−1: max(input) + 1).
 * @example F.oneHot(torch.tensor([0, 2]), 3) // tensor([[1, 0, 0], [0, 0, 1]])
 */
export function oneHot(input: Tensor, ...args: [numClasses?: number] | [opts: { numClasses?: number }]): Tensor;
export function oneHot(input: Tensor, ...args: unknown[]): Tensor {
  const nc = splitArgs(ONE_HOT, args, 1)[0];
  const numClasses = nc === undefined ? -1 : checkInt("oneHot", "numClasses", nc, -1);
  if (!(input instanceof Tensor) || input.dtype !== "int64") {
    throw new TypeError(
      `[oneHot] one_hot is only applicable to index tensor (int64): got ${input instanceof Tensor ? input.dtype : typeof input}`,
    );
  }
  const vals = input.dataFloat();
  let n = numClasses;
  if (n === -1) {
    if (vals.length === 0) throw new RangeError("[oneHot] can not infer total number of classes from empty tensor");
    n = vals.reduce((a, b) => Math.max(a, b), -Infinity) + 1;
  }
  for (const v of vals) {
    if (v < 0) throw new RangeError(`[oneHot] class values must be non-negative: got ${v}`);
    if (v >= n)
      throw new RangeError(`[oneHot] class values must be smaller than numClasses: got ${v} for ${n} classes`);
  }
  const out = zeros([...input.shape, n], { dtype: "int64" });
  return out.scatter_(-1, input.unsqueeze(-1), 1);
}
