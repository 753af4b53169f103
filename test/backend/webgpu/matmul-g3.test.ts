/**
 * The register-blocked webgpu matmul against the CPU: ragged sizes (not multiples of the 64×64
 * or 128×128 tiles, of 16 along K or of 4), every load path (vec4 along K, vec4 along the outer
 * axis, scalar strided loads), transposed operands, stepped and offset views, batched and
 * broadcast-batch products, int32 and K = 0. Runs on whatever adapter is found (lavapipe here:
 * this checks correctness, not speed).
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import type { Tensor } from "../../../src/index.js";
import { describeWebgpu } from "./setup.js";

/** The product on both devices: `make` builds the operands from CPU tensors and runs the op. */
async function same(
  label: string,
  shapes: number[][],
  op: (...xs: Tensor[]) => Tensor,
  prep: (x: Tensor, i: number) => Tensor = (x) => x,
): Promise<void> {
  torch.manualSeed(shapes.flat().reduce((s, v) => s * 31 + v, 7) % 100003);
  const cpu = shapes.map((s) => torch.randn(s));
  const want = op(...cpu.map(prep));
  const got = op(...cpu.map((x, i) => prep(x.to("webgpu"), i)));
  assert.equal(got.device.type, "webgpu", label);
  assert.deepEqual(got.shape, want.shape, label);
  const g = await got.data();
  const w = want.contiguous().dataSync();
  assert.equal(g.length, w.length, label);
  for (let i = 0; i < w.length; i++) {
    const tol = 1e-4 * (1 + Math.abs(w[i] as number));
    if (!(Math.abs((g[i] as number) - (w[i] as number)) <= tol))
      assert.fail(`${label}: element ${i} is ${g[i]}, the CPU gives ${w[i]}`);
  }
}

const mm = (a: Tensor, b: Tensor): Tensor => torch.matmul(a, b);

describeWebgpu("webgpu matmul (register-blocked)", () => {
  it("ragged 2-D sizes, every load path", async () => {
    const sizes: [number, number, number][] = [
      [1, 1, 1],
      [1, 7, 1],
      [3, 5, 7],
      [4, 4, 4],
      [8, 16, 12], // a: vec4 along K, b: vec4 along N
      [63, 17, 65],
      [64, 64, 64],
      [65, 33, 129],
      [130, 20, 67],
      [1, 300, 257],
      [257, 3, 2],
      [96, 128, 72],
    ];
    for (const [M, K, N] of sizes)
      await same(
        `${M}x${K}·${K}x${N}`,
        [
          [M, K],
          [K, N],
        ],
        mm,
      );
  });

  it("transposed operands (strides, no copy)", async () => {
    for (const [M, K, N] of [
      [8, 16, 12],
      [67, 16, 70],
      [5, 9, 13],
      [64, 128, 32],
    ]) {
      await same(
        `aT ${M},${K},${N}`,
        [
          [K, M],
          [K, N],
        ],
        mm,
        (x, i) => (i === 0 ? x.t() : x),
      );
      await same(
        `bT ${M},${K},${N}`,
        [
          [M, K],
          [N, K],
        ],
        mm,
        (x, i) => (i === 1 ? x.t() : x),
      );
      await same(
        `aT bT ${M},${K},${N}`,
        [
          [K, M],
          [N, K],
        ],
        mm,
        (x) => x.t(),
      );
    }
  });

  it("stepped and offset views take the scalar or vec4 path as their strides allow", async () => {
    // every other column of a [20, 2·24] matrix; then views at offsets 1 (scalar) and 4 (vec4)
    await same(
      "stepped a",
      [
        [20, 48],
        [24, 9],
      ],
      mm,
      (x, i) => (i === 0 ? torch.asStrided(x, [20, 24], [48, 2], 0) : x),
    );
    for (const off of [1, 4]) {
      await same(
        `offset ${off}`,
        [
          [40, 40],
          [16, 8],
        ],
        mm,
        (x, i) => (i === 0 ? torch.asStrided(x, [12, 16], [40, 1], off) : x),
      );
      await same(
        `b offset ${off}`,
        [
          [6, 16],
          [40, 40],
        ],
        mm,
        (x, i) => (i === 1 ? torch.asStrided(x, [16, 20], [40, 1], off) : x),
      );
    }
  });

  it("batched, broadcast-batch and 1-D operands", async () => {
    await same(
      "bmm",
      [
        [3, 5, 7],
        [3, 7, 9],
      ],
      (a, b) => torch.bmm(a, b),
    );
    await same(
      "bmm tiles",
      [
        [4, 64, 32],
        [4, 32, 68],
      ],
      (a, b) => torch.bmm(a, b),
    );
    await same(
      "bmm transposed",
      [
        [2, 16, 8],
        [2, 12, 16],
      ],
      (a, b) => torch.bmm(a.transpose(1, 2), b.transpose(1, 2)),
    );
    await same(
      "broadcast 4-D·3-D",
      [
        [2, 1, 5, 8],
        [3, 8, 6],
      ],
      mm,
    );
    await same(
      "2-D·batched",
      [
        [5, 8],
        [4, 8, 6],
      ],
      mm,
    );
    await same(
      "batched·2-D",
      [
        [4, 70, 12],
        [12, 33],
      ],
      mm,
    );
    await same("vector·matrix", [[7], [7, 5]], mm);
    await same("matrix·vector", [[66, 13], [13]], mm);
    await same("batched·vector", [[3, 9, 4], [4]], mm);
    await same(
      "Linear form x·wT",
      [
        [32, 784],
        [128, 784],
      ],
      (x, w) => x.matmul(w.t()),
    );
  });

  it("the 128×128 tile (8×8 outputs per invocation) of products with many blocks", async () => {
    // 64 batches of about 130×130 (4 blocks each) take the large tile
    await same(
      "big bmm",
      [
        [64, 130, 8],
        [64, 8, 130],
      ],
      (a, b) => torch.bmm(a, b),
    );
    await same(
      "big bmm transposed",
      [
        [64, 8, 132],
        [64, 130, 8],
      ],
      (a, b) => torch.bmm(a.transpose(1, 2), b.transpose(1, 2)),
    );
    await same(
      "big bmm strided",
      [
        [64, 130, 18],
        [64, 9, 129],
      ],
      (a, b) => torch.bmm(torch.asStrided(a, [64, 130, 9], [130 * 18, 18, 2], 0), b),
    );
    await same(
      "big 2-D",
      [
        [2050, 4],
        [4, 2050],
      ],
      mm,
    );
    await same(
      "big broadcast batch",
      [
        [64, 129, 20],
        [20, 131],
      ],
      mm,
    );
  });

  it("int32 products are exact", async () => {
    const a = torch.randint(-50, 50, [37, 21], { dtype: "int32" });
    const b = torch.randint(-50, 50, [21, 66], { dtype: "int32" });
    const got = torch.matmul(a.to("webgpu"), b.to("webgpu"));
    assert.equal(got.dtype, "int32");
    assert.deepEqual(await got.array(), torch.matmul(a, b).tolist());
    const bt = torch.randint(-50, 50, [21, 24], { dtype: "int32" });
    assert.deepEqual(await torch.matmul(a.to("webgpu"), bt.to("webgpu").t().t()).array(), torch.matmul(a, bt).tolist());
  });

  it("K = 0 gives zeros", async () => {
    const z = torch.matmul(torch.ones([3, 0], { device: "webgpu" }), torch.ones([0, 4], { device: "webgpu" }));
    assert.deepEqual(await z.array(), torch.zeros([3, 4]).tolist());
  });
});
