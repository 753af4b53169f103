/**
 * Composites that build helper tensors (eye, masks, index lists) run on the input's device:
 * their values and gradients on webgpu equal the CPU's, and index tensors follow PyTorch's rule
 * (on the CPU or on the indexed tensor's device).
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import { describeWebgpu } from "./setup.js";

type T = torch.Tensor;

async function close(got: T, want: T, what: string): Promise<void> {
  assert.equal(got.device.type, "webgpu", `${what}: result on ${got.device.type}`);
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const g = (await got.toAsync("cpu")).dataFloat();
  const w = want.dataFloat();
  for (let i = 0; i < w.length; i++)
    assert.ok(Math.abs(g[i]! - w[i]!) <= 1e-5 + 1e-4 * Math.abs(w[i]!), `${what}[${i}]: ${g[i]} vs ${w[i]}`);
}

/** Runs `f` on a CPU leaf and a webgpu leaf with the same values; compares outputs and gradients. */
async function sameOnBoth(what: string, values: number[][], f: (x: T) => T): Promise<void> {
  const xc = torch.tensor(values, { dtype: "float32", requiresGrad: true });
  const xg = torch.tensor(values, { dtype: "float32", device: "webgpu", requiresGrad: true });
  const yc = f(xc);
  const yg = f(xg);
  await close(yg, yc, `${what} forward`);
  const wc = torch.arange(yc.numel(), { dtype: "float32" }).reshape([...yc.shape]);
  yc.mul(wc).sum().backward();
  yg.mul(wc.to("webgpu")).sum().backward();
  await close(xg.grad!, xc.grad!, `${what} gradient`);
}

const M = [
  [1, -2, 3],
  [4, 5, -6],
  [-7, 8, 9],
];

describeWebgpu("composites on webgpu", () => {
  it("diagEmbed, tril/triu, vander-free helpers: values and gradients equal the CPU's", async () => {
    await sameOnBoth("diagEmbed", M, (x) => x.diagEmbed(1));
    await sameOnBoth("tril", M, (x) => x.tril(-1).add(x.triu(1).mul(2)));
    await sameOnBoth("diagonalScatter", M, (x) => torch.diagonalScatter(x, x.sum(0)));
    await sameOnBoth("sliceScatter", M, (x) => x.sliceScatter(x.narrow(1, 0, 1).mul(3), 1, 2, 3));
    await sameOnBoth("quantile", M, (x) => torch.quantile(x, 0.3, 1));
    await sameOnBoth("pdist", M, (x) => torch.pdist(x));
    await sameOnBoth("repeatInterleave", M, (x) => x.repeatInterleave(2, 0));
  });

  it("advanced indexing takes CPU or device index tensors; x[mask] = v with a device mask", async () => {
    const rows = torch.tensor([2, 0, -1]);
    const cols = torch.tensor([1, 1, 0]);
    await sameOnBoth("index cpu idx", M, (x) => x.index(rows, cols));
    await sameOnBoth("index device idx", M, (x) => x.index(rows.to(x.device), cols.to(x.device)));
    await sameOnBoth("indexPut", M, (x) => torch.indexPut(x, [rows.to(x.device)], x.index(0), true));
    const mask = torch.tensor(M).gt(0);
    await sameOnBoth("mask put", M, (x) => torch.indexPut(x, [mask.to(x.device)], 0));
    // out of range on the device: a device check, raised at the next read (docs/webgpu.md)
    const x = torch.tensor(M, { dtype: "float32", device: "webgpu" });
    const got = x.index(torch.tensor([0, 3], { device: "webgpu" }), torch.tensor([0, 0], { device: "webgpu" }));
    await assert.rejects(
      got.toAsync("cpu"),
      /^RangeError: \[index\] index 3 is out of bounds for dimension 0 with size 3 \(found on the GPU/,
    );
  });

  it("mixed devices raise PyTorch's errors; a device repeats tensor names the host read", () => {
    const x = torch.ones([3], { device: "webgpu" });
    assert.throws(() => x.take(torch.tensor([0])), /^Error: \[take\] self and index expected to be on the same device/);
    assert.throws(
      () => x.indexSelect(0, torch.tensor([0, 1])),
      /\[indexSelect\] Expected all tensors to be on the same device/,
    );
    assert.throws(
      () => torch.ones(3).index(torch.tensor([0], { device: "webgpu" })),
      /^Error: \[index\] indices should be either on cpu or on the same device as the indexed tensor \(cpu\)/,
    );
    assert.throws(
      () => x.repeatInterleave(torch.tensor([1, 2, 3], { device: "webgpu" })),
      /^Error: \[repeatInterleave\] cannot read a webgpu tensor synchronously: the output's size is the sum of the repeats/,
    );
    assert.throws(
      () => torch.quantile(x, torch.tensor(0.5)),
      /^Error: \[quantile\] q tensor must be on the same device as the input tensor: got cpu and webgpu/,
    );
  });
});
