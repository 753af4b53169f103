/**
 * What the op-spec tables on webgpu (forward: spec-table.test.ts, gradients: grad-table.test.ts)
 * share: the fixture files, the rows by op, fixture inputs decoded onto the device, and the
 * errors that mark an op as a webgpu gap rather than a failure.
 */
import { fileURLToPath } from "node:url";
import * as torch from "../../../src/index.js";
import { decodeValue, type TensorJSON } from "../../ops/fixture.js";
import { ROWS } from "../../ops/specs.js";

/** The PyTorch fixture files of the op-spec table. */
export const FIXTURE_DIR = fileURLToPath(new URL("../../fixtures/ops/", import.meta.url));
export const rowByOp = new Map(ROWS.map((r) => [r.op, r]));

/**
 * Errors by which an op says it does not run on webgpu (a gap, listed in the tables' summaries):
 * composites meeting the router's mixed-device check, kernels or dtypes webgpu lacks, host reads.
 */
export const GAP =
  /Expected all tensors to be on the same device|not available on webgpu yet|is not available on webgpu|WebGPU has no \w+ type|cannot read a webgpu tensor synchronously|int64 tensors on webgpu hold 32-bit|webgpu kernels take at most/;

/**
 * The fixture input on webgpu, strided like the CPU one when the fixture asks for a view.
 * @example decodeOnGpu({ dtype: "float32", shape: [2], values: [1, 2] }) // fragment
 */
export function decodeOnGpu(j: TensorJSON): torch.Tensor {
  const base = torch.tensor(j.values.map(decodeValue), { dtype: j.dtype }).reshape(j.shape);
  if (!j.noncontig || j.shape.length === 0) return base.to("webgpu");
  const padded = torch
    .stack([base, torch.zerosLike(base)], -1)
    .flatten(-2)
    .to("webgpu");
  return padded.index("...", "::2");
}

/** An op's result as a list of tensors. */
export const list = (x: torch.Tensor | torch.Tensor[]): torch.Tensor[] => (Array.isArray(x) ? x : [x]);
