/**
 * dtypes on webgpu against the CPU backend: float16 (array<f16>, computed in float32 and rounded
 * to nearest even, as the CPU) bit for bit through uploads, read-backs and casts — subnormals,
 * infinities, NaN, odd offsets — and within one float16 ulp through arithmetic, reductions,
 * matmul, indexing, scans, sort and an MLP's forward and backward; uint8/int8/int16 held widened
 * to 32 bits and wrapping as the CPU's; and the dtypes WebGPU has no type for raising an error
 * that names the dtype and the fix.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import { referenceBackend } from "../../../src/backend/reference/index.js";
import { webgpuBackend } from "../../../src/backend/webgpu/backend.js";
import { features } from "../../../src/backend/webgpu/wgsl.js";
import { describeWebgpu } from "./setup.js";

const { nn } = torch;
const F = nn.functional;
const gpu = (t: torch.Tensor): torch.Tensor => t.to("webgpu");

/** PyTorch's float16 tolerance (torch.testing): 1e-3 relative, 1e-5 absolute — one float16 ulp. */
const HALF = { rtol: 1e-3, atol: 1e-5 };

async function close(got: torch.Tensor, want: torch.Tensor, what: string, tol = HALF): Promise<void> {
  assert.equal(got.device.type, "webgpu", what);
  assert.equal(got.dtype, want.dtype, what);
  assert.deepEqual(got.shape, want.shape, what);
  const g = (await got.toAsync("cpu")).dataFloat();
  const w = want.dataFloat();
  for (let i = 0; i < w.length; i++) {
    const a = g[i]!;
    const e = w[i]!;
    if (a === e || (Number.isNaN(a) && Number.isNaN(e))) continue;
    assert.ok(Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e), `${what}[${i}]: ${a}, expected ${e}`);
  }
}

/** The raw 16-bit patterns of a float16 tensor (NaNs compared as NaN, not by payload). */
async function bits(t: torch.Tensor): Promise<number[]> {
  const c = t.device.type === "cpu" ? t : await t.toAsync("cpu");
  return Array.from(c.contiguous().dataSync() as Uint16Array, (b) => ((b & 0x7fff) > 0x7c00 ? 0x7e00 : b));
}

/** float32 values over the whole float16 range and beyond: ties, subnormals, overflow, specials. */
function edgeValues(): number[] {
  const v = [0, -0, 1, -1, 65504, -65504, 65519.99, 65520, 70000, 1e-8, -1e-8, 2 ** -24, 2 ** -25, 3 * 2 ** -26];
  v.push(2 ** -14, 2 ** -14 - 2 ** -25, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 2048 + 1, 2048 + 3, Infinity, -Infinity, NaN);
  torch.manualSeed(5);
  const r = torch.randn([400]).dataFloat();
  for (let i = 0; i < r.length; i++) v.push(r[i]! * 2 ** ((i % 40) - 26));
  return v;
}

const NO_F16 =
  /^\[ones\] float16 on webgpu needs the adapter feature "shader-f16", which this adapter lacks: got a float16 tensor, .*convert it first \(\.float\(\)\)$/;

describeWebgpu("float16 on webgpu", () => {
  if (!features.f16) {
    it("this adapter has no shader-f16: float16 raises naming it (the float16 tests need it)", () => {
      assert.equal(torch.webgpu.info().shaderF16, false);
      assert.throws(() => torch.ones([2], { dtype: "float16", device: "webgpu" }), NO_F16);
    });
    return;
  }
  it("the device was opened with shader-f16", () => assert.equal(torch.webgpu.info().shaderF16, true));

  it("round-trips every kind of value bit for bit, and reads views at odd offsets", async () => {
    const h = torch.tensor(edgeValues(), { dtype: "float16" });
    assert.deepEqual(await bits(gpu(h)), await bits(h));
    const g = gpu(h);
    for (const s of ["1:8", "3:4", "::3", "1::2"]) assert.deepEqual(await bits(g.index(s)), await bits(h.index(s)), s);
    const odd = gpu(torch.tensor([1, 2, 3], { dtype: "float16" }));
    assert.deepEqual(Array.from((await odd.index("1:").toAsync("cpu")).dataFloat()), [2, 3]);
  });

  it("casts to and from float32, int32, uint8 and bool as the CPU (round to nearest even)", async () => {
    const f = torch.tensor(edgeValues());
    assert.deepEqual(await bits(gpu(f).half()), await bits(f.half()), "float32 → float16");
    const h = f.half();
    await close(gpu(h).float(), h.float(), "float16 → float32", { rtol: 0, atol: 0 });
    const ints = torch.tensor([-70000, -2049, -3, 0, 5, 2049, 65504, 70000], { dtype: "int32" });
    assert.deepEqual(await bits(gpu(ints).half()), await bits(ints.half()), "int32 → float16");
    const finite = torch.tensor([-300.5, -2.5, -0.5, 0.5, 2.5, 255.9, 300.5], { dtype: "float16" });
    await close(gpu(finite).int(), finite.int(), "float16 → int32");
    await close(gpu(finite).byte(), finite.byte(), "float16 → uint8");
    const b = torch.tensor([true, false, true]);
    await close(gpu(b).half(), b.half(), "bool → float16");
    await close(gpu(h).bool(), h.bool(), "float16 → bool");
  });

  it("elementwise ops with broadcasting and scalars match the CPU's float16", async () => {
    torch.manualSeed(2);
    const a = torch.randn([3, 1, 5]).half();
    const b = torch.randn([4, 5]).mul(3).half();
    const pos = torch.rand([4, 5]).add(0.1).half();
    const cases: [string, (x: torch.Tensor, y: torch.Tensor, p: torch.Tensor) => torch.Tensor][] = [
      ["add", (x, y) => x.add(y)],
      ["sub scalar", (x) => x.sub(0.3)],
      ["mul", (x, y) => x.mul(y)],
      ["div", (x, y) => x.div(y)],
      ["pow", (x, _y, p) => p.pow(x)],
      ["exp", (x) => x.exp()],
      ["log", (_x, _y, p) => p.log()],
      ["sigmoid", (x) => x.sigmoid()],
      ["tanh", (_x, y) => y.tanh()],
      ["relu", (_x, y) => y.relu()],
      ["maximum", (x, y) => torch.maximum(x, y)],
      ["lt", (x, y) => x.lt(y)],
      ["where", (x, y) => torch.where(x.gt(0), x, y)],
      ["fill", (x) => torch.fullLike(x, 1 / 3)],
      ["mul into overflow", (_x, y) => y.mul(40000)],
    ];
    for (const [name, f] of cases) await close(f(gpu(a), gpu(b), gpu(pos)), f(a, b, pos), name);
  });

  it("reductions accumulate in float32 (sum of 4096 ones is 4096, not float16's 2048)", async () => {
    torch.manualSeed(3);
    const x = torch.randn([6, 300]).half();
    for (const [name, f] of [
      ["sum", (t: torch.Tensor) => t.sum(1)],
      ["mean", (t: torch.Tensor) => t.mean(0)],
      ["amax", (t: torch.Tensor) => t.amax(1)],
      ["argmin", (t: torch.Tensor) => t.argmin(1)],
      ["prod", (t: torch.Tensor) => t.index(":", ":8").prod(1)],
      ["softmax", (t: torch.Tensor) => t.softmax(1)],
    ] as const)
      await close(f(gpu(x)), f(x), name);
    const ones = torch.ones([4096], { dtype: "float16" });
    await close(gpu(ones).sum(), ones.sum(), "4096 ones");
    assert.equal(Number(await gpu(ones).sum().itemAsync()), 4096);
  });

  it("matmul: float16 storage, float32 accumulation, transposed and batched operands", async () => {
    torch.manualSeed(4);
    const a = torch.randn([2, 33, 70]).half();
    const b = torch.randn([70, 19]).half();
    await close(gpu(a).matmul(gpu(b)), a.matmul(b), "batched");
    const c = torch.randn([19, 70]).half();
    await close(gpu(a).matmul(gpu(c).t()), a.matmul(c.t()), "transposed");
    // sizes in multiples of 4: vec4<f16> loads along K (a) and along N (b), and a transposed a
    const d = torch.randn([3, 64, 32]).half();
    const e = torch.randn([32, 48]).half();
    await close(gpu(d).matmul(gpu(e)), d.matmul(e), "vec4 loads");
    const f = torch.randn([32, 64]).half();
    await close(gpu(f).t().matmul(gpu(e)), f.t().matmul(e), "vec4 loads, transposed a");
  });

  it("gather, scatter, indexSelect, indexPut, cumsum and sort", async () => {
    torch.manualSeed(6);
    const x = torch.randn([5, 7]).half();
    const idx = torch.randint(0, 7, [5, 4]);
    await close(gpu(x).gather(1, gpu(idx)), x.gather(1, idx), "gather");
    const src = torch.randn([5, 4]).half();
    await close(gpu(x).scatter(1, gpu(idx), gpu(src)), x.scatter(1, idx, src), "scatter");
    await close(
      gpu(x).scatterAdd(1, gpu(idx), gpu(src)),
      x.scatterAdd(1, idx, src),
      "scatterAdd (float32 accumulation)",
    );
    const rows = torch.tensor([4, 0, 2, 2]);
    await close(gpu(x).indexSelect(0, gpu(rows)), x.indexSelect(0, rows), "indexSelect");
    // the indexPut kernel itself (the indexPut_ composite's CPU plan is another gap)
    const vals = torch.randn([4, 7]).half();
    for (const accumulate of [true, false]) {
      const cpu = x.clone();
      referenceBackend.indexPut(cpu._v, [rows._v], vals._v, accumulate);
      const dev = gpu(x);
      webgpuBackend.indexPut(dev._v, [gpu(rows)._v], gpu(vals)._v, accumulate);
      // duplicate rows: the CPU rounds to float16 after each add, webgpu once after adding in float32
      if (accumulate) await close(dev, cpu, "indexPut accumulate", { rtol: 2e-3, atol: 1e-5 });
      else assert.deepEqual(await bits(dev), await bits(cpu), "indexPut");
    }
    await close(gpu(x).cumsum(1), x.cumsum(1), "cumsum");
    await close(gpu(x).cumprod(0), x.cumprod(0), "cumprod");
    const [sv, si] = gpu(x).sort(1, true);
    const [cv, ci] = x.sort(1, true);
    await close(sv!, cv!, "sort values", { rtol: 0, atol: 0 });
    await close(si!, ci!, "sort indices", { rtol: 0, atol: 0 });
  });

  it("an MLP's forward and backward in float16 match the CPU's float16", async () => {
    const build = (): torch.nn.Sequential => {
      torch.manualSeed(0);
      return new nn.Sequential(new nn.Linear(6, 16), new nn.Tanh(), new nn.Linear(16, 3)).half();
    };
    torch.manualSeed(1);
    const X = torch.randn([8, 6]).half();
    const T = torch.randn([8, 3]).half();
    const cpu = build();
    const dev = build().to("webgpu");
    const lc = F.mseLoss(cpu.call(X), T);
    const lg = F.mseLoss(dev.call(gpu(X)), gpu(T));
    await close(lg, lc, "loss");
    lc.backward();
    lg.backward();
    const pc = cpu.parameters();
    const pg = dev.parameters();
    for (let k = 0; k < pc.length; k++) {
      assert.equal(pg[k]!.grad!.dtype, "float16");
      // a gradient sums products of rounded float16 values: two ulps
      await close(pg[k]!.grad!, pc[k]!.grad!, `grad ${k}`, { rtol: 2e-3, atol: 1e-4 });
    }
  });

  it("without the adapter's shader-f16, a float16 tensor names the missing feature", () => {
    const had = features.f16;
    features.f16 = false;
    try {
      assert.throws(
        () => torch.ones([2], { dtype: "float16", device: "webgpu" }),
        (e: Error) => e instanceof TypeError && NO_F16.test(e.message),
      );
    } finally {
      features.f16 = had;
    }
  });
});

describeWebgpu("uint8, int8 and int16 on webgpu (held in 32 bits, wrapping as the CPU)", () => {
  it("round-trip, and arithmetic wraps into the dtype's range", async () => {
    const u = torch.tensor([0, 1, 127, 128, 200, 255], { dtype: "uint8" });
    const s = torch.tensor([-128, -1, 0, 1, 100, 127], { dtype: "int8" });
    const w = torch.tensor([-32768, -300, 0, 300, 32767, 20000], { dtype: "int16" });
    for (const t of [u, s, w]) {
      await close(gpu(t), t, `${t.dtype} round trip`, { rtol: 0, atol: 0 });
      const exact = { rtol: 0, atol: 0 };
      await close(gpu(t).add(gpu(t)), t.add(t), `${t.dtype} add`, exact);
      await close(gpu(t).mul(3), t.mul(3), `${t.dtype} mul`, exact);
      await close(gpu(t).neg(), t.neg(), `${t.dtype} neg`, exact);
      await close(gpu(t).abs(), t.abs(), `${t.dtype} abs`, exact);
      await close(gpu(t).bitwiseNot(), t.bitwiseNot(), `${t.dtype} bitwiseNot`, exact);
      await close(gpu(t).sum(), t.sum(), `${t.dtype} sum (int64)`, exact);
      await close(gpu(t).cumsum(0, { dtype: t.dtype }), t.cumsum(0, { dtype: t.dtype }), `${t.dtype} cumsum`, exact);
      await close(gpu(t).amax(), t.amax(), `${t.dtype} amax`, exact);
      await close(gpu(t).float(), t.float(), `${t.dtype} → float32`, exact);
    }
  });

  it("casts into small integers wrap as the CPU's (300.7 → 44, -1 → 255)", async () => {
    const f = torch.tensor([300.7, -1, -129.5, 65536 + 7, 1e5, -0.9]);
    for (const d of ["uint8", "int8", "int16"] as const)
      await close(gpu(f).to(d), f.to(d), `float32 → ${d}`, { rtol: 0, atol: 0 });
    const i = torch.tensor([256, -1, 70000, -70000], { dtype: "int32" });
    for (const d of ["uint8", "int8", "int16"] as const)
      await close(gpu(i).to(d), i.to(d), `int32 → ${d}`, { rtol: 0, atol: 0 });
  });

  it("an image batch goes to webgpu as uint8 and is normalised there", async () => {
    torch.manualSeed(7);
    const images = torch.randint(0, 256, [2, 3, 4, 4], { dtype: "uint8" });
    const g = gpu(images);
    assert.equal(g.dtype, "uint8");
    await close(g.float().div(255), images.float().div(255), "normalised", { rtol: 1e-6, atol: 0 });
  });
});

describeWebgpu("dtypes WebGPU has no type for", () => {
  const cases = [
    ["float64", () => torch.zeros([2], { dtype: "float64", device: "webgpu" }), "zeros"],
    ["float64 upload", () => torch.tensor([1.5], { dtype: "float64" }).to("webgpu"), "to"],
    ["bfloat16", () => torch.ones([2], { dtype: "bfloat16" }).to("webgpu"), "to"],
    ["bfloat16 cast", () => gpu(torch.ones([2])).to("bfloat16"), "to"],
  ] as const;
  for (const [name, f, op] of cases) {
    it(`${name} raises naming the dtype and .float()`, () => {
      const dt = name.split(" ")[0]!;
      assert.throws(f, (e: Error) => {
        assert.ok(e instanceof TypeError, e.message);
        assert.equal(
          e.message,
          `[${op}] WebGPU has no ${dt} type: got a ${dt} tensor, expected float32, float16, int32, int64 (in 32 bits), int16, int8, uint8 or bool; convert it first (.float(), or .half() for float16)`,
        );
        return true;
      });
    });
  }
});
