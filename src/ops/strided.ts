/**
 * Explicitly strided views and tensors: `asStrided` (a view of the input's storage with the
 * given sizes, strides and storage offset, refused when it would reach outside the storage),
 * `asStridedScatter` (its out-of-place inverse) and `emptyStrided`.
 */
import { describe } from "../util/args.js";
import { checkCreateOptions, type CreateOptions } from "../tensor/creation.js";
import { getDefaultDtype, toDType } from "../tensor/dtype.js";
import { checkDevice } from "../tensor/device.js";
import { storageElements } from "../tensor/device-memory.js";
import { elementOffsets, numel } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { sequenceMark } from "../autograd/node.js";
import { nameOutput } from "./core.js";
import { castTo, empty } from "./define.js";
import { checkTensor, viewOf } from "./movement-view.js";
import { defineOp } from "./registry.js";

const formatShape = (s: readonly number[]): string => `[${s.join(", ")}]`;

function intList(op: string, name: string, v: unknown): number[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== "number" || !Number.isInteger(s)))
    throw new TypeError(`[${op}] ${name} must be an array of integers: got ${describe(v)}`);
  return v as number[];
}

/** Checks size/stride/offset and returns the element count a storage needs for them. */
function geometry(op: string, size: unknown, stride: unknown, offset: unknown): [number[], number[], number] {
  const sz = intList(op, "size", size);
  const st = intList(op, "stride", stride);
  if (sz.length !== st.length)
    throw new RangeError(
      `[${op}] mismatch in length of strides and shape: got ${st.length} strides for ${sz.length} sizes`,
    );
  if (sz.some((s) => s < 0)) throw new RangeError(`[${op}] sizes must be non-negative: got ${formatShape(sz)}`);
  if (st.some((s) => s < 0))
    throw new RangeError(`[${op}] negative strides are not supported: got strides ${formatShape(st)}`);
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0)
    throw new RangeError(`[${op}] storage offset must be a non-negative integer: got ${describe(offset)}`);
  return [sz, st, offset];
}

/** Elements a storage must hold for the view (0 when it is empty). */
function extent(size: readonly number[], stride: readonly number[], offset: number): number {
  if (numel(size) === 0) return 0;
  return offset + 1 + size.reduce((s, n, k) => s + (n - 1) * stride[k]!, 0);
}

function checkFits(op: string, size: number[], stride: number[], offset: number, have: number): void {
  const need = extent(size, stride, offset);
  if (need > have)
    throw new RangeError(
      `[${op}] sizes ${formatShape(size)}, strides ${formatShape(stride)} and storage offset ${offset} need a storage of ${need} elements: got ${have}`,
    );
}

/**
 * A view of `input`'s storage with the given `size`, `stride` and `storageOffset` (default: the
 * input's own offset). Refused when the view would reach past the storage. Differentiable: the
 * gradient sums over the view's elements that share a storage position.
 * @example torch.arange(6).asStrided([2, 2], [1, 2]) // tensor([[0, 2], [1, 3]])
 */
export const asStrided = defineOp(
  "asStrided",
  { family: "movement", mode: "method", gradNames: ["AsStridedBackward0"] },
  function asStrided(
    input: Tensor,
    size: readonly number[],
    stride: readonly number[],
    storageOffset?: number,
  ): Tensor {
    checkTensor("asStrided", input);
    const [sz, st, off] = geometry("asStrided", size, stride, storageOffset ?? input._offset);
    checkFits("asStrided", sz, st, off, storageElements(input.storage.data));
    const inShape = input.shape;
    const inStrides = input._strides;
    const inOffset = input._offset;
    return viewOf(input, sz, st, off, "AsStridedBackward0", (g): Tensor => {
      // storage-sized accumulator: the view's gradient added at its positions, read back at the
      // input's (positions are known on the host; they go to the gradient's device)
      const device = g.storage.device;
      const positions = (offs: ArrayLike<number>): Tensor => {
        const t = Tensor._fromArray(BigInt64Array.from(offs, BigInt), [offs.length], "int64");
        return device === "cpu" ? t : t.to(device);
      };
      const inOffs = elementOffsets(inShape, inStrides, inOffset);
      const outPos = positions(elementOffsets(sz, st, off));
      const inPos = positions(inOffs);
      const n = Math.max(extent(sz, st, off), extent(inShape, inStrides, inOffset));
      const acc = empty([n], g.dtype, "asStrided", g).indexAdd(0, outPos, g.reshape([-1]));
      let gi = acc.indexSelect(0, inPos);
      // an input whose elements overlap in memory shares each position's gradient among them
      if (new Set(inOffs).size < inOffs.length) {
        const counts = empty([n], g.dtype, "asStrided", g).indexAdd(
          0,
          inPos,
          empty([inPos.numel()], g.dtype, "asStrided", g).add(1),
        );
        gi = gi.div(counts.indexSelect(0, inPos));
      }
      return gi.reshape([...inShape]);
    });
  },
);

/**
 * A copy of `input` with `src` written where `input.asStrided(size, stride, storageOffset)` would
 * look, positions counted in `input`'s contiguous (row-major) layout. Differentiable in both
 * (input's gradient is zero where src was written; PyTorch 1.13's is uninitialised memory).
 * @example torch.zeros(4).asStridedScatter(torch.ones(2), [2], [2]) // tensor([1., 0., 1., 0.])
 */
export const asStridedScatter = defineOp(
  "asStridedScatter",
  { family: "movement", mode: "method", gradNames: ["AsStridedScatterBackward0"] },
  function asStridedScatter(
    input: Tensor,
    src: Tensor,
    size: readonly number[],
    stride: readonly number[],
    storageOffset = 0,
  ): Tensor {
    const op = "asStridedScatter";
    checkTensor(op, input);
    checkTensor(op, src, "src");
    const [sz, st, off] = geometry(op, size, stride, storageOffset);
    checkFits(op, sz, st, off, input.numel());
    if (src.dim() !== sz.length || src.shape.some((s, k) => s !== sz[k]))
      throw new RangeError(
        `[${op}] expected src to have the view's shape ${formatShape(sz)}: got ${formatShape(src.shape)}`,
      );
    const flat = input.reshape([-1]);
    if (numel(sz) === 0) return flat.clone().reshape([...input.shape]);
    // the positions depend only on the geometry: computed here, uploaded to the input's device
    const pos = Tensor._fromArray(BigInt64Array.from(elementOffsets(sz, st, off), BigInt), [numel(sz)], "int64").to(
      input.device,
    );
    const mark = sequenceMark();
    const out = flat.scatter(0, pos, castTo(src, input.dtype).reshape([-1])).reshape([...input.shape]);
    return nameOutput(out, "AsStridedScatterBackward0", mark);
  },
);

/**
 * An uninitialised-by-contract (zero-filled here) tensor with the given sizes and strides: its
 * storage holds just the elements those strides reach.
 * @example torch.emptyStrided([2, 3], [1, 2]).stride() // [1, 2]
 */
export const emptyStrided = defineOp(
  "emptyStrided",
  { family: "movement", mode: "function" },
  function emptyStrided(size: readonly number[], stride: readonly number[], opts?: CreateOptions): Tensor {
    checkCreateOptions("emptyStrided", opts);
    const [sz, st] = geometry("emptyStrided", size, stride, 0);
    const dtype = opts?.dtype === undefined ? getDefaultDtype() : toDType(opts.dtype, "emptyStrided");
    const device = opts?.device === undefined ? null : checkDevice("emptyStrided", opts.device);
    const base = empty([extent(sz, st, 0)], dtype, "emptyStrided", device === "webgpu" ? "webgpu" : null);
    const t = new Tensor(base.storage, sz, st, 0, dtype);
    base.dispose();
    if (opts?.requiresGrad) t.requiresGrad_(true);
    return t;
  },
);
