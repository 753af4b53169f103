import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspect } from "node:util";
import * as torch from "../../src/index.js";

describe("torch.device", () => {
  it("parses PyTorch's device strings, prints str() and repr() as PyTorch does", () => {
    const cpu = torch.device("cpu");
    assert.ok(cpu instanceof torch.Device);
    assert.equal(cpu.type, "cpu");
    assert.equal(cpu.index, null);
    assert.equal(String(cpu), "cpu");
    assert.equal(inspect(cpu), "device(type='cpu')");
    const c0 = torch.device("cpu:0");
    assert.equal(c0.index, 0);
    assert.equal(`${c0}`, "cpu:0");
    assert.equal(inspect(c0), "device(type='cpu', index=0)");
    // Constructing a CUDA device is allowed, as in PyTorch; only using it fails.
    const cuda1 = torch.device("cuda", 1);
    assert.deepEqual([cuda1.type, cuda1.index, String(cuda1)], ["cuda", 1, "cuda:1"]);
    assert.equal(inspect(torch.device("cuda:1")), "device(type='cuda', index=1)");
    assert.equal(torch.device("webgpu").type, "webgpu");
    assert.equal(torch.device(cuda1), cuda1);
    assert.equal(JSON.stringify({ d: cuda1 }), '{"d":"cuda:1"}');
    assert.ok(Object.isFrozen(cpu));
    // torch.device works as PyTorch's class does: instanceof, and with or without new.
    assert.ok(cpu instanceof torch.device);
    assert.ok(torch.zeros(1).device instanceof torch.device);
    const viaNew = new (torch.device as unknown as new (s: string) => torch.Device)("cuda:2");
    assert.deepEqual([viaNew.type, viaNew.index, viaNew instanceof torch.Device], ["cuda", 2, true]);
  });

  it("compares by type and index (PyTorch's ==)", () => {
    assert.ok(torch.device("cpu").equals("cpu"));
    assert.ok(torch.device("cuda:0").equals(torch.device("cuda", 0)));
    assert.ok(!torch.device("cpu").equals("cpu:0"));
    assert.ok(!torch.device("cuda:0").equals("cuda:1"));
  });

  it("torch.cuda reports no GPU; the book's idiom picks the CPU", () => {
    assert.equal(torch.cuda.isAvailable(), false);
    assert.equal(torch.cuda.deviceCount(), 0);
    assert.equal(torch.cuda.manualSeed(42), undefined);
    assert.equal(torch.cuda.manualSeedAll(42n), undefined);
    const device = torch.cuda.isAvailable() ? "cuda" : "cpu";
    assert.equal(device, "cpu");
    const model = new torch.nn.Linear(1, 1);
    assert.equal(model.to(device), model);
    const x = torch.tensor([[0.5]]).to(device);
    assert.equal(String(x.device), "cpu");
  });
});

describe("tensors on the CPU device", () => {
  it("t.device is the shared cpu Device; isCuda is false", () => {
    const t = torch.zeros(2, 3);
    assert.ok(t.device instanceof torch.Device);
    assert.equal(t.device, torch.randn(1).device);
    assert.equal(String(t.device), "cpu");
    assert.equal(inspect(t.device), "device(type='cpu')");
    assert.equal(t.device.type, "cpu");
    assert.equal(t.device.index, null);
    assert.equal(t.isCuda, false);
  });

  it("every factory takes { device } as a string or a Device", () => {
    const cpu = torch.device("cpu");
    const made: torch.Tensor[] = [
      torch.tensor([1, 2], { device: "cpu" }),
      torch.zeros(2, { device: cpu }),
      torch.ones([2], { device: "cpu:0" }),
      torch.empty(2, { device: cpu }),
      torch.full([2], 3, { device: cpu }),
      torch.arange(3, { device: cpu }),
      torch.linspace(0, 1, 3, { device: "cpu" }),
      torch.rand(2, { device: cpu }),
      torch.randn(2, { device: "cpu" }),
      torch.randint(0, 5, [2], { device: cpu }),
      torch.eye(2, { device: cpu }),
      torch.zerosLike(torch.zeros(2), { device: cpu }),
      torch.onesLike(torch.zeros(2), { device: "cpu" }),
      torch.randnLike(torch.zeros(2), { device: cpu }),
      torch.asTensor([1], { device: cpu }),
    ];
    for (const t of made) assert.equal(String(t.device), "cpu");
  });

  it("to(device[, dtype]) accepts strings and Devices; cpu() returns the tensor itself", () => {
    const x = torch.tensor([1.5, 2]);
    assert.equal(x.to("cpu"), x);
    assert.equal(x.to("cpu:0"), x);
    assert.equal(x.to(torch.device("cpu")), x);
    assert.equal(x.to({ device: torch.device("cpu") }), x);
    assert.equal(x.cpu(), x);
    const d = x.to(torch.device("cpu"), "float64");
    assert.equal(d.dtype, "float64");
    assert.deepEqual(d.tolist(), [1.5, 2]);
    const c = x.to("cpu", { copy: true });
    assert.notEqual(c, x);
    assert.deepEqual(c.tolist(), [1.5, 2]);
  });
});

describe("Module.to / cpu", () => {
  it("moves to the CPU without touching parameters; converts dtypes in place", () => {
    torch.manualSeed(0);
    const m = new torch.nn.Sequential(new torch.nn.Linear(2, 3), new torch.nn.BatchNorm1d(3));
    const w = m.stateDict()["0.weight"]!;
    const p = m.parameters()[0]!;
    assert.equal(m.to("cpu"), m);
    assert.equal(m.to(torch.device("cpu")), m);
    assert.equal(m.to({ device: "cpu" }), m);
    assert.equal(m.cpu(), m);
    assert.equal(m.parameters()[0], p);
    assert.equal(p.storage, w.storage); // the same memory: nothing was copied
    assert.equal(m.to("cpu", "float64"), m);
    assert.equal(m.parameters()[0], p); // parameters keep their identity, as in PyTorch
    assert.equal(p.dtype, "float64");
    const running = m.stateDict()["1.num_batches_tracked"]!;
    assert.equal(running.dtype, "int64"); // integer buffers stay as they are
    m.to(torch.zeros(1)); // to(tensor): its dtype
    assert.equal(p.dtype, "float32");
    m.to({ dtype: "float64", nonBlocking: true });
    assert.equal(p.dtype, "float64");
  });
});

describe("fromArray and asTensor share memory as from_numpy / as_tensor do", () => {
  it("fromArray: writes to the array show in the tensor and back", () => {
    const a = new Float32Array([1, 2, 3, 4, 5, 6]);
    const t = torch.fromArray(a, [2, 3]);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, "float32");
    a[0] = 9;
    assert.deepEqual(t.tolist(), [
      [9, 2, 3],
      [4, 5, 6],
    ]);
    t.mul_(2);
    assert.deepEqual([...a], [18, 4, 6, 8, 10, 12]);
    const v = t.view(6);
    a[5] = -1;
    assert.equal((v.tolist() as number[])[5], -1);
  });

  it("fromArray: dtype follows the array, shape defaults to its length, subarrays are shared", () => {
    const cases: [ArrayBufferView, string][] = [
      [new Float64Array(2), "float64"],
      [new Int32Array(2), "int32"],
      [new Int16Array(2), "int16"],
      [new Int8Array(2), "int8"],
      [new Uint8Array(2), "uint8"],
      [new BigInt64Array(2), "int64"],
    ];
    for (const [arr, dtype] of cases) {
      const t = torch.fromArray(arr as Float64Array);
      assert.equal(t.dtype, dtype);
      assert.deepEqual(t.shape, [2]);
    }
    const big = new Float64Array([0, 1, 2, 3, 4, 5]);
    const sub = torch.fromArray(big.subarray(2, 6), [2, 2]);
    assert.deepEqual(sub.tolist(), [
      [2, 3],
      [4, 5],
    ]);
    sub.fill_(7);
    assert.deepEqual([...big], [0, 1, 7, 7, 7, 7]);
    assert.deepEqual(torch.fromArray(new Float32Array(0), [0, 3]).shape, [0, 3]);
  });

  it("asTensor: shares a tensor or a matching typed array, copies otherwise", () => {
    const x = torch.tensor([1, 2], { dtype: "float32" });
    assert.equal(torch.asTensor(x), x);
    assert.equal(torch.asTensor(x, { dtype: "float32", device: "cpu" }), x);
    const y = torch.asTensor(x, { dtype: "float64" });
    assert.notEqual(y, x);
    assert.equal(y.dtype, "float64");

    const a = new Float64Array([1, 2, 3]);
    const shared = torch.asTensor(a);
    const sharedTyped = torch.asTensor(a, { dtype: "double" });
    const copied = torch.asTensor(a, { dtype: "float32" });
    a[0] = 5;
    assert.deepEqual(shared.tolist(), [5, 2, 3]);
    assert.deepEqual(sharedTyped.tolist(), [5, 2, 3]);
    assert.deepEqual(copied.tolist(), [1, 2, 3]);
    assert.equal(copied.dtype, "float32");

    const nested = [
      [1, 2],
      [3, 4],
    ];
    const n = torch.asTensor(nested);
    nested[0]![0] = 9;
    assert.equal(n.dtype, "int64");
    assert.deepEqual(n.tolist(), [
      [1, 2],
      [3, 4],
    ]);
    assert.equal(torch.asTensor(2.5).item(), 2.5);
  });

  it("asTensor with a dtype keeps the graph, as PyTorch's as_tensor does", () => {
    const x = torch.tensor([1, 2], { dtype: "float32", requiresGrad: true });
    const y = torch.asTensor(x, { dtype: "float64" });
    y.sum().backward();
    assert.deepEqual(x.grad!.tolist(), [1, 1]);
  });
});

describe("new* factories: dtype and device of the tensor unless given", () => {
  it("follow PyTorch's new_tensor / new_zeros / new_ones / new_empty / new_full", () => {
    const f = torch.zeros(1, { dtype: "float64" });
    const l = torch.zeros(1, { dtype: "int64" });
    assert.equal(f.newTensor([1, 2]).dtype, "float64");
    assert.deepEqual(l.newTensor([1.5, -2.5]).tolist(), [1, -2]); // PyTorch: whole-number cast
    assert.equal(l.newTensor([1], { dtype: "float32" }).dtype, "float32");
    const z = f.newZeros(2, 3);
    assert.deepEqual([z.shape, z.dtype, z.sum().item()], [[2, 3], "float64", 0]);
    assert.deepEqual(f.newZeros([2], { dtype: "int32" }).dtype, "int32");
    const o = l.newOnes([2]);
    assert.deepEqual([o.dtype, o.tolist()], ["int64", [1, 1]]);
    const e = f.newEmpty(4, { device: "cpu" });
    assert.deepEqual([e.shape, e.dtype], [[4], "float64"]);
    const full = torch.zeros(1).newFull([2], 3);
    assert.deepEqual([full.dtype, full.tolist()], ["float32", [3, 3]]);
    const g = f.newOnes(2, { requiresGrad: true });
    assert.equal(g.requiresGrad, true);
    // new_tensor copies: the source does not change with it.
    const src = torch.tensor([1, 2]);
    const c = src.newTensor(src);
    c.add_(1);
    assert.deepEqual(src.tolist(), [1, 2]);
    assert.equal(String(c.device), "cpu");
  });
});
