/**
 * The webgpu runtime and device API: devices and factories, the async readers (on both devices),
 * command batching (a chain of ops is one submit), the buffer pool under tidy/dispose, and
 * Module.to. Runs on whatever adapter is found (lavapipe in CI).
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as torch from "../../../src/index.js";

/** A full collection, then a turn of the event loop so that finalizers run. */
async function fullGc(): Promise<void> {
  const v8 = await import("node:v8");
  const vm = await import("node:vm");
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
  await new Promise((r) => setTimeout(r, 20));
}
import { describeWebgpu } from "./setup.js";

const { nn } = torch;

describeWebgpu("webgpu devices and readers", () => {
  it("tensors report their device; torch.device and cuda", () => {
    const t = torch.ones([2, 3], { device: "webgpu" });
    assert.equal(String(t.device), "webgpu");
    assert.equal(t.device.type, "webgpu");
    assert.ok(t.device.equals(torch.device("webgpu")));
    assert.equal(String(torch.ones(2).device), "cpu");
    assert.equal(torch.cuda.isAvailable(), false);
    assert.equal(torch.webgpu.isInitialized(), true);
  });

  it("factories on webgpu hold the CPU's values (random ones from the same seeded generator)", async () => {
    for (const make of [
      (o: { device?: string }) => torch.zeros([2, 3], o),
      (o: { device?: string }) => torch.ones([4], { ...o, dtype: "int32" }),
      (o: { device?: string }) => torch.full([2, 2], 7, o),
      (o: { device?: string }) => torch.arange(0, 10, 3, o),
      (o: { device?: string }) => torch.eye(3, o),
      (o: { device?: string }) =>
        torch.tensor(
          [
            [1, 2],
            [3, 4],
          ],
          o,
        ),
      (o: { device?: string }) => torch.tensor([true, false], o),
      (o: { device?: string }) => (torch.manualSeed(3), torch.rand([3, 2], o)),
      (o: { device?: string }) => (torch.manualSeed(3), torch.randn([5], o)),
      (o: { device?: string }) => (torch.manualSeed(3), torch.randint(0, 9, [4], o)),
    ]) {
      const cpu = make({});
      const gpu = make({ device: "webgpu" });
      assert.equal(gpu.device.type, "webgpu");
      assert.equal(gpu.dtype, cpu.dtype);
      assert.deepEqual(gpu.shape, cpu.shape);
      assert.deepEqual(await gpu.array(), cpu.tolist());
    }
  });

  it("zerosLike / randLike / newZeros follow the tensor's device", () => {
    const g = torch.ones([2], { device: "webgpu" });
    for (const t of [torch.zerosLike(g), torch.onesLike(g), torch.randLike(g), g.newZeros([3])])
      assert.equal(t.device.type, "webgpu");
  });

  it("the async readers work on both devices and agree", async () => {
    const cpu = torch.tensor([
      [1.5, -2],
      [3, 4],
    ]);
    const gpu = cpu.to("webgpu");
    assert.deepEqual(await gpu.array(), await cpu.array());
    assert.deepEqual(Array.from((await gpu.data()) as Float32Array), Array.from((await cpu.data()) as Float32Array));
    assert.equal(await gpu.sum().itemAsync(), await cpu.sum().itemAsync());
    const back = await gpu.toAsync("cpu");
    assert.equal(back.device.type, "cpu");
    assert.deepEqual(back.tolist(), cpu.tolist());
    assert.equal(await cpu.toAsync("cpu"), cpu);
    assert.equal((await cpu.toAsync("webgpu")).device.type, "webgpu");
    // int64 and bool come back in their JS types
    const i = await torch.tensor([3, -4], { device: "webgpu" }).data();
    assert.ok(i instanceof BigInt64Array);
    assert.deepEqual(Array.from(i), [3n, -4n]);
    assert.deepEqual(await torch.tensor([1, 0, 2], { device: "webgpu" }).gt(0).array(), [true, false, true]);
    // a strided view reads in its logical order
    assert.deepEqual(await gpu.t().array(), cpu.t().tolist());
  });

  it("a chain of ops records dispatches and submits once, at the read-back", async () => {
    const x = torch.randn([64, 32], { device: "webgpu" });
    await x.data(); // settle the upload
    const before = torch.webgpu.stats();
    let y = x;
    for (let i = 0; i < 20; i++) y = y.mul(1.01).add(0.5).relu();
    const z = y.matmul(x.t()).sum(1);
    const mid = torch.webgpu.stats();
    assert.equal(mid.submits, before.submits, "no submit while recording");
    assert.ok(mid.dispatches - before.dispatches >= 62, `${mid.dispatches - before.dispatches} dispatches recorded`);
    await z.data();
    assert.equal(torch.webgpu.stats().submits, before.submits + 1);
  });

  it("tidy and dispose return GPU buffers to the pool, and the pool serves the next step", async () => {
    const x = torch.randn([256, 256], { device: "webgpu" });
    const step = (): torch.Tensor => torch.tidy(() => x.mul(2).add(1).exp().sum());
    await step().data();
    // Tensors earlier tests left to the GC leave the counts when it collects them: collect them
    // first (here and before the check), so the counts compare what the steps did.
    await fullGc();
    const live = torch.memory().byBackend.webgpu!.liveTensors;
    const reused = torch.webgpu.stats().buffersReused;
    for (let i = 0; i < 3; i++) {
      const s = step();
      await s.itemAsync();
      s.dispose();
    }
    await fullGc();
    assert.equal(torch.memory().byBackend.webgpu!.liveTensors, live, "each step releases all it made");
    assert.ok(torch.webgpu.stats().buffersReused >= reused + 9, "the intermediates reuse pooled buffers");
    assert.ok(torch.memory().byBackend.webgpu!.pooledBytes >= 256 * 256 * 4);
  });

  it("emptyCache frees the pooled GPU buffers", async () => {
    const t = torch.randn([128, 128], { device: "webgpu" });
    await t.mul(3).sum().itemAsync();
    t.dispose();
    assert.ok(torch.memory().byBackend.webgpu!.pooledBytes > 0);
    torch.emptyCache();
    assert.equal(torch.memory().byBackend.webgpu!.pooledBytes, 0);
    assert.equal(await torch.ones([4], { device: "webgpu" }).sum().itemAsync(), 4, "allocation works after");
  });

  it("Module.to('webgpu') moves parameters and buffers in place", async () => {
    torch.manualSeed(0);
    const m = new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2));
    const w = m.parameters()[0]!;
    const before = w.tolist();
    assert.equal(m.to("webgpu"), m);
    assert.equal(m.parameters()[0], w, "the parameter keeps its identity");
    for (const p of m.parameters()) assert.equal(p.device.type, "webgpu");
    for (const [, b] of m.namedBuffers()) assert.equal(b.device.type, "webgpu");
    assert.deepEqual(await w.array(), before);
    assert.equal(w.requiresGrad, true);
  });
});

describeWebgpu("webgpu writes into views and aliased outputs", () => {
  it("in-place ops on a strided view, out= aliasing an input, broadcasting", async () => {
    const cpu = torch.arange(12, { dtype: "float32" }).reshape(3, 4);
    const gpu = cpu.to("webgpu");
    cpu.t().mul_(2);
    gpu.t().mul_(2);
    assert.deepEqual(await gpu.array(), cpu.tolist());
    torch.add(cpu, cpu, { out: cpu });
    torch.add(gpu, gpu, { out: gpu });
    assert.deepEqual(await gpu.array(), cpu.tolist());
    const row = torch.tensor([1, -1, 2, -2]);
    assert.deepEqual(await gpu.sub(row.to("webgpu")).array(), cpu.sub(row).tolist());
    assert.deepEqual(await gpu.index(":", "1::2").relu().array(), cpu.index(":", "1::2").relu().tolist());
    const col = cpu.sum(1, true);
    assert.deepEqual(await gpu.div(gpu.sum(1, true)).array(), cpu.div(col).tolist());
  });
});
