/**
 * Device-side argument checks: an index out of range in a webgpu kernel cannot raise when the op
 * is called (the GPU runs later), so the kernel records it and the next read-back (or
 * `torch.webgpu.synchronize()`) raises the CPU's error for it — never a silent wrong value.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import { describeWebgpu } from "./setup.js";

const { nn } = torch;
const F = nn.functional;
const dev = { device: "webgpu" } as const;
const late = /\(found on the GPU, which runs ahead of the program: reported at the next read-back\)$/;

/** Rejects with a RangeError whose message starts with `start` and says it came from the GPU. */
async function rejectsLate(p: Promise<unknown>, start: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.ok(e instanceof RangeError, `${e.name}: ${e.message}`);
    assert.match(e.message, start);
    assert.match(e.message, late);
    return true;
  });
}

describeWebgpu("webgpu device checks", () => {
  it("gather: an index out of range raises the CPU's error at the next read", async () => {
    const x = torch.arange(6, { ...dev, dtype: "float32" }).reshape(2, 3);
    const idx = torch.tensor([[0, 3]], { ...dev, dtype: "int64" });
    const y = torch.gather(x, 1, idx);
    await rejectsLate(y.data(), /^\[gather\] index 3 is out of bounds for dimension 1 with size 3/);
    // the flag is cleared: later reads work
    assert.deepEqual(await torch.gather(x, 1, torch.tensor([[2, -1]], { ...dev, dtype: "int64" })).array(), [[2, 2]]);
  });

  it("negative indices count from the end as on the CPU", async () => {
    const x = torch.arange(4, { dtype: "float32" });
    const i = torch.tensor([-1, -4, 2], { dtype: "int64" });
    assert.deepEqual(await torch.gather(x.to("webgpu"), 0, i.to("webgpu")).array(), torch.gather(x, 0, i).tolist());
    assert.deepEqual(await x.to("webgpu").scatter(0, i.to("webgpu"), 9).array(), x.scatter(0, i, 9).tolist());
  });

  it("indexSelect, embedding and advanced indexing report their op", async () => {
    const w = torch.randn([4, 2], dev);
    await rejectsLate(
      w.indexSelect(0, torch.tensor([1, 4], { ...dev, dtype: "int64" })).data(),
      /^\[indexSelect\] index 4 is out of bounds for dimension 0 with size 4/,
    );
    await rejectsLate(
      F.embedding(torch.tensor([0, -5], { ...dev, dtype: "int64" }), w).data(),
      /^\[embedding\] index -5 is out of range for an embedding of 4 rows \(valid indices are 0\.\.3\)/,
    );
    const z = torch.zeros([3], dev);
    z.indexPut_([torch.tensor([7], { ...dev, dtype: "int64" })], torch.ones([1], dev));
    await rejectsLate(z.data(), /^\[indexPut_\] index 7 is out of bounds for dimension 0 with size 3/);
  });

  it("scatter: an index out of range", async () => {
    const z = torch.zeros([2, 3], dev);
    const y = z.scatter(1, torch.tensor([[0, 5]], { ...dev, dtype: "int64" }), torch.ones([1, 2], dev));
    await rejectsLate(y.data(), /^\[scatter\] index 5 is out of bounds for dimension 1 with size 3/);
  });

  it("a class label out of range in crossEntropy is reported, not trained on", async () => {
    const logits = torch.randn([2, 3], { ...dev, requiresGrad: true });
    const loss = F.crossEntropy(logits, torch.tensor([0, 3], { ...dev, dtype: "int64" }));
    await rejectsLate(
      loss.data(),
      /^\[crossEntropy\] target label 3 is out of range for 3 classes \(valid labels are 0\.\.2\): the last layer needs at least 4 outputs/,
    );
    // ignoreIndex is not a bad label
    const ok = F.crossEntropy(logits, torch.tensor([0, -100], { ...dev, dtype: "int64" }));
    assert.ok(Number.isFinite(await ok.itemAsync()));
  });

  it("composites check their index values on the device too", async () => {
    const i64 = (v: number[] | number[][]) => torch.tensor(v, { ...dev, dtype: "int64" });
    const x = torch.zeros([4], dev);
    await rejectsLate(
      torch.put(x, i64([1, 4]), torch.ones([2], dev)).data(),
      /^\[put\] index out of range for a tensor of 4 elements/,
    );
    await rejectsLate(
      x.scatterReduce(0, i64([0, 9]), torch.ones([2], dev), "sum").data(),
      /^\[scatterReduce\] index 9 is out of bounds for dimension 0 with size 4/,
    );
    await rejectsLate(
      torch.maskedScatter(x, torch.ones([4], { ...dev, dtype: "bool" }), torch.ones([2], dev)).data(),
      /^\[maskedScatter\] mask selects 4 elements but source has only 2/,
    );
    const w = torch.randn([5, 2], dev);
    await rejectsLate(
      F.embeddingBag(i64([0, 7]), w, i64([0])).data(),
      /^\[embeddingBag\] index 7 is out of range for an embedding of 5 rows/,
    );
    await rejectsLate(
      F.embeddingBag(i64([0, 1, 2]), w, i64([0, 2, 1])).data(),
      /^\[embeddingBag\] offsets must be non-decreasing: got a step of -1/,
    );
    await rejectsLate(
      F.multilabelMarginLoss(torch.randn([1, 3], dev), i64([[0, 3, -1]])).data(),
      /^\[multilabelMarginLoss\] target 3 is out of range for 3 classes/,
    );
    // after -1 anything goes, as on the CPU
    assert.ok(Number.isFinite(await F.multilabelMarginLoss(torch.randn([1, 3], dev), i64([[0, -1, 7]])).itemAsync()));
  });

  it("torch.webgpu.synchronize() raises a failed check too; a read after it succeeds", async () => {
    const x = torch.ones([3], dev);
    torch.gather(x, 0, torch.tensor([3], { ...dev, dtype: "int64" }));
    await rejectsLate(torch.webgpu.synchronize(), /^\[gather\] index 3 is out of bounds/);
    await torch.webgpu.synchronize();
    assert.deepEqual(await x.array(), [1, 1, 1]);
  });

  it("checks that passed leave nothing behind: many in-range gathers, then reads", async () => {
    const x = torch.arange(5, { ...dev, dtype: "float32" });
    const i = torch.tensor([4, 0], { ...dev, dtype: "int64" });
    let y = x;
    for (let k = 0; k < 50; k++) y = torch.gather(x, 0, i).sum().add(y.index(0)).expand(5).contiguous();
    assert.equal(await y.index(0).itemAsync(), 50 * 4);
  });
});
