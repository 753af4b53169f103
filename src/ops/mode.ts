/**
 * `torch.mode`: the most frequent value along a dim and an index where it occurs. As PyTorch's
 * CPU kernel: each line is sorted (stably), runs of equal values are counted, the first longest
 * run wins (so ties go to the smallest value), and the index is the last position of that value
 * in the line. (PyTorch sorts with an unstable sort; on lines longer than 16 its index among
 * equal values is not specified, while here it is always the last.) NaNs never equal each other,
 * so each is a run of its own. The values are gathered at the indices, so gradients flow to them.
 */
import { normalizeDim } from "../tensor/shape.js";
import { onesLike, tensor, zerosLike } from "../tensor/creation.js";
import { noGrad } from "../autograd/mode.js";
import { cat } from "./join.js";
import { where } from "./composite.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkBool } from "../util/args.js";
import { checkTensor } from "./elementwise-internal.js";
import { dropShape, keepShape, takeAlong, valuesIndices, type ValuesIndices } from "./reduce-util.js";
import { defineOp } from "./registry.js";

/** Index of the mode of `line` (numbers or bigints): the last position of the smallest most frequent value. */
function modeIndex(line: ArrayLike<number | bigint>, n: number, order: number[]): number {
  for (let i = 0; i < n; i++) order[i] = i;
  const v = (i: number): number | bigint => line[i]!;
  // NaNs last; among equal values the original order (the sort is stable).
  order.sort((a, b) => {
    const x = v(a);
    const y = v(b);
    const xn = x !== x;
    const yn = y !== y;
    if (xn || yn) return xn === yn ? 0 : xn ? 1 : -1;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  let best = -1;
  let bestCount = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    count++;
    const cur = v(order[i]!);
    // A run ends at the last element or before a different value (a NaN differs from everything).
    if (i === n - 1 || cur !== v(order[i + 1]!)) {
      if (count > bestCount) {
        bestCount = count;
        best = order[i]!;
      }
      count = 0;
    }
  }
  return best;
}

/**
 * The mode's index of each line (last dim) of a device tensor, by device ops only (no read-back):
 * sort the line, number its runs of equal values (a NaN starts a run of its own), count each run
 * with a scatter-add, take the first longest run (the smallest value), and return the last
 * position of that value in the line (0 for a line of NaNs, as the CPU's stable order gives).
 */
function modeIndicesOnDevice(lines: Tensor): Tensor {
  const x = lines.dtype === "bool" ? lines.to("int32") : lines;
  const n = x.shape[x.dim() - 1]!;
  const [s] = x.sort(-1);
  const pos = onesLike(x, { dtype: "int32" }).cumsum(-1).sub(1);
  const first = onesLike(s.narrow(-1, 0, 1), { dtype: "bool" });
  const newRun = n === 1 ? first : cat([first, s.narrow(-1, 1, n - 1).ne(s.narrow(-1, 0, n - 1))], -1);
  const runId = newRun.to("int64").cumsum(-1).sub(1);
  const counts = zerosLike(runId).scatterAdd(-1, runId, onesLike(runId));
  const best = counts.argmax(-1, true);
  const end = counts.cumsum(-1).gather(-1, best).sub(1);
  const value = s.gather(-1, end);
  const last = where(x.eq(value), pos, -1).amax(-1, true);
  return where(value.isnan(), 0, last).to("int64");
}

/**
 * The mode (most frequent value) of each line along `dim` (default the last), as `[values,
 * indices]` (also `.values`/`.indices`): ties go to the smallest value; the index is the last
 * position of that value in the line. `keepdim` keeps the reduced dim with size 1.
 * @example torch.mode(torch.tensor([1, 2, 2, 1, 3])).indices // tensor(3)
 */
export const mode = defineOp(
  "mode",
  { family: "sort", mode: "method", kernels: ["gather"], gradNames: ["ModeBackward0"], maxArgs: 3 },
  function mode(input: Tensor, dim = -1, keepdim = false): ValuesIndices {
    checkTensor("mode", input);
    checkBool("mode", "keepdim", keepdim);
    if (input.dim() === 0) {
      const [v, i] = mode(input.reshape([1]), 0, keepdim);
      return valuesIndices(v.reshape([]), i.reshape([]));
    }
    const d = normalizeDim("mode", dim, input.dim());
    const n = input.shape[d]!;
    if (n === 0) {
      throw new RangeError(
        `[mode] expected reduction dim ${d} to have non-zero size: got shape [${input.shape.join(", ")}]`,
      );
    }
    const lines = input.movedim(d, -1).contiguous();
    const ks = keepShape(input.shape, [d]);
    const outShape = keepdim ? ks : dropShape(input.shape, [d]);
    if (input.storage.device !== "cpu") {
      const indices = noGrad(() => modeIndicesOnDevice(lines)).reshape(ks);
      const values = takeAlong("ModeBackward0", input, d, indices, outShape);
      return valuesIndices(values, keepdim ? indices : indices.reshape(outShape));
    }
    // float64 holds every value of the other dtypes exactly; int64 is compared as bigints.
    const data = (input.dtype === "int64" ? lines : lines.to("float64")).dataSync() as ArrayLike<number | bigint>;
    const rows = lines.numel() / n;
    const idx = new Array<number>(rows);
    const order = new Array<number>(n);
    for (let r = 0; r < rows; r++) {
      const line = Array.prototype.slice.call(data, r * n, (r + 1) * n) as (number | bigint)[];
      idx[r] = modeIndex(line, n, order);
    }
    const indices = tensor(idx, { dtype: "int64" }).reshape(ks);
    const values = takeAlong("ModeBackward0", input, d, indices, outShape);
    return valuesIndices(values, keepdim ? indices : indices.reshape(outShape));
  },
);
