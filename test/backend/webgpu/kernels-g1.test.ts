/**
 * The webgpu indexSelect, indexPut, scan and sort kernels against the CPU backend: strided and
 * transposed inputs, negative indices, duplicate positions (accumulate and last-writer), long
 * scan lines, NaN and ties in sort, and the line-length gap of sort.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import { referenceBackend } from "../../../src/backend/reference/index.js";
import { webgpuBackend } from "../../../src/backend/webgpu/backend.js";
import { describeWebgpu } from "./setup.js";

const gpu = (t: torch.Tensor): torch.Tensor => t.to("webgpu");

async function same(got: torch.Tensor, want: torch.Tensor, tol = 0): Promise<void> {
  assert.equal(got.device.type, "webgpu");
  assert.equal(got.dtype, want.dtype);
  assert.deepEqual(got.shape, want.shape);
  const g = (await got.toAsync("cpu")).dataFloat();
  const w = want.dataFloat();
  for (let i = 0; i < w.length; i++) {
    if (g[i] === w[i] || (Number.isNaN(w[i]!) && Number.isNaN(g[i]!))) continue;
    assert.ok(Math.abs(g[i]! - w[i]!) <= tol * (1 + Math.abs(w[i]!)), `[${i}]: ${g[i]}, expected ${w[i]}`);
  }
}

describeWebgpu("webgpu indexSelect, indexPut, scans and sort", () => {
  it("indexSelect along each dim, on strided views, with negative indices", async () => {
    torch.manualSeed(1);
    const x = torch.randn([4, 5, 3]);
    const i = torch.tensor([2, 0, -1, 2, 1, -3]);
    for (let d = 0; d < 3; d++) {
      await same(gpu(x).indexSelect(d, gpu(i)), x.indexSelect(d, i));
      await same(gpu(x).transpose(0, 2).indexSelect(d, gpu(i)), x.transpose(0, 2).indexSelect(d, i));
    }
    const xi = torch.arange(20, { dtype: "int32" }).reshape([4, 5]);
    await same(
      gpu(xi)
        .index(":", "::2")
        .indexSelect(0, gpu(torch.tensor([2, 2]))),
      xi.index(":", "::2").indexSelect(0, torch.tensor([2, 2])),
    );
  });

  it("an embedding lookup and x.indexSelect(0, idx) batching run on webgpu", async () => {
    torch.manualSeed(2);
    const w = torch.randn([10, 4]);
    const ids = torch.tensor([1, 9, 9, 0]);
    await same(gpu(w).indexSelect(0, gpu(ids)).reshape([2, 2, 4]), w.indexSelect(0, ids).reshape([2, 2, 4]));
    const perm = torch.randperm(10);
    await same(gpu(w).indexSelect(0, gpu(perm.index("0:4"))), w.indexSelect(0, perm.index("0:4")));
  });

  it("indexAdd accumulates duplicates (float32 CAS loop, int32 atomicAdd) and indexCopy keeps the last writer", async () => {
    const idx = torch.tensor([1, 3, 1, 0, 1]);
    const src = torch.arange(10, { dtype: "float32" }).reshape([5, 2]).add(0.5);
    const z = torch.zeros([4, 2]);
    await same(torch.indexAdd(gpu(z), 0, gpu(idx), gpu(src)), torch.indexAdd(z, 0, idx, src), 1e-6);
    const zi = torch.zeros([4, 2], { dtype: "int32" });
    const si = src.to("int32");
    await same(torch.indexAdd(gpu(zi), 0, gpu(idx), gpu(si)), torch.indexAdd(zi, 0, idx, si));
    await same(gpu(z).indexCopy(0, gpu(idx), gpu(src)), z.indexCopy(0, idx, src));
    // many threads hitting one float element
    const many = torch.zeros([1]);
    const ones = torch.ones([4096]);
    const at = torch.zeros([4096], { dtype: "int64" });
    await same(torch.indexAdd(gpu(many), 0, gpu(at), gpu(ones)), torch.full([1], 4096, { dtype: "float32" }));
  });

  it("the indexPut kernel: two index tensors, broadcast values, trailing dims, negative and duplicate positions", async () => {
    torch.manualSeed(8);
    for (const accumulate of [false, true]) {
      for (const dtype of ["float32", "int32"] as const) {
        const base = torch.randint(-3, 3, [3, 4, 2]).to(dtype);
        const i0 = torch.tensor([0, 2, -1, 0, 2]);
        const i1 = torch.tensor([1, 3, 0, 1, -1]);
        const vals = torch.arange(10).reshape([5, 2]).to(dtype).t().contiguous().t(); // strided
        const cpu = base.clone();
        referenceBackend.indexPut(cpu._v, [i0._v, i1._v], vals._v, accumulate);
        const dev = gpu(base);
        webgpuBackend.indexPut(dev._v, [gpu(i0)._v, gpu(i1)._v], gpu(vals)._v, accumulate);
        await same(dev, cpu);
        // values broadcast along the index positions (stride 0), into a transposed destination
        const row = torch.tensor([7, -5]).to(dtype);
        const bv = row.expand([5, 2]);
        const cpuT = base.clone().permute([1, 0, 2]);
        referenceBackend.indexPut(cpuT._v, [i1._v, i0._v], bv._v, accumulate);
        const devT = gpu(base).permute([1, 0, 2]);
        webgpuBackend.indexPut(devT._v, [gpu(i1)._v, gpu(i0)._v], gpu(row).expand([5, 2])._v, accumulate);
        await same(devT, cpuT);
      }
    }
  });

  it("indexSelect's backward (index_add) and embedding's gradient on webgpu", async () => {
    torch.manualSeed(3);
    const w = torch.randn([6, 3]);
    const idx = torch.tensor([5, 0, 5, 2]);
    const wc = w.clone().requiresGrad_();
    wc.indexSelect(0, idx)
      .mul(torch.arange(12).reshape([4, 3]))
      .sum()
      .backward();
    const wg = gpu(w).requiresGrad_();
    wg.indexSelect(0, gpu(idx))
      .mul(gpu(torch.arange(12).reshape([4, 3]).float()))
      .sum()
      .backward();
    await same(wg.grad!, wc.grad!, 1e-6);
  });

  it("cumsum and cumprod along every dim, strided, short and long lines, int and float", async () => {
    torch.manualSeed(4);
    const x = torch.randn([3, 4, 5]).mul(0.2).add(1);
    for (let d = 0; d < 3; d++) {
      await same(torch.cumsum(gpu(x), d), torch.cumsum(x, d), 1e-5);
      await same(torch.cumprod(gpu(x), d), torch.cumprod(x, d), 1e-5);
      await same(torch.cumsum(gpu(x).permute([2, 0, 1]), d), torch.cumsum(x.permute([2, 0, 1]), d), 1e-5);
    }
    const long = torch.randn([2, 3001]);
    await same(torch.cumsum(gpu(long), 1), torch.cumsum(long, 1), 1e-4);
    const xi = torch.randint(-5, 5, [3, 300], { dtype: "int32" });
    await same(torch.cumsum(gpu(xi), 1), torch.cumsum(xi, 1));
    await same(torch.cumsum(gpu(xi.gt(0)), 1), torch.cumsum(xi.gt(0), 1));
  });

  it("sort: values and int64 indices, ascending and descending, NaN, ties stable, strided", async () => {
    torch.manualSeed(5);
    const x = torch.randint(0, 6, [3, 9, 4]).float();
    for (let d = 0; d < 3; d++) {
      for (const desc of [false, true]) {
        const w = torch.sort(x, d, desc);
        const g = torch.sort(gpu(x).transpose(0, 2).transpose(0, 2), d, desc);
        await same(g.values, w.values);
        await same(g.indices, w.indices);
      }
    }
    const xn = torch.tensor([2, NaN, -1, 0, -0, NaN, 2, -Infinity, Infinity]);
    for (const desc of [false, true]) {
      const w = torch.sort(xn, 0, desc);
      const g = torch.sort(gpu(xn), 0, desc, { stable: true });
      await same(g.values, w.values);
      await same(g.indices, w.indices);
    }
    const long = torch.randn([2, 2048]);
    const w = torch.sort(long, 1, true);
    const g = torch.sort(gpu(long), 1, true);
    await same(g.values, w.values);
    await same(g.indices, w.indices);
    const xi = torch.tensor([
      [5, -1, 3, 3],
      [0, 7, -2, 0],
    ]);
    await same(torch.sort(gpu(xi), 1).indices, torch.sort(xi, 1).indices);
  });

  it("topk, kthvalue and median along a dim run on the webgpu sort", async () => {
    torch.manualSeed(6);
    const x = torch.randn([4, 33]);
    x.index(1, 3).fill_(NaN);
    for (const largest of [true, false]) {
      const w = torch.topk(x, 5, 1, largest);
      const g = torch.topk(gpu(x), 5, 1, largest);
      await same(g[0], w[0]);
      await same(g[1], w[1]);
    }
    const wk = torch.kthvalue(x, 7, 1);
    const gk = torch.kthvalue(gpu(x), 7, 1);
    await same(gk[0], wk[0]);
    await same(gk[1], wk[1]);
    const wm = torch.median(x, 1);
    const gm = torch.median(gpu(x), 1);
    await same(gm[0], wm[0]);
    await same(gm[1], wm[1]);
  });

  it("sort of lines longer than 2048 runs the global-memory bitonic network", async () => {
    torch.manualSeed(7);
    const x = torch.randint(0, 50, [3, 5000]).float();
    x.index(0, 17).fill_(NaN);
    for (const desc of [false, true]) {
      const w = torch.sort(x, 1, desc);
      const g = torch.sort(gpu(x), 1, desc);
      await same(g.values, w.values);
      await same(g.indices, w.indices);
    }
    const xt = torch.randn([2049, 2]);
    const w = torch.sort(xt, 0);
    const g = torch.sort(gpu(xt), 0);
    await same(g.values, w.values);
    await same(g.indices, w.indices);
  });
});
