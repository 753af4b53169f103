// data.DistributedSampler against PyTorch 1.13's orders (printed by torch.utils.data.distributed
// .DistributedSampler for list(range(10)), 3 replicas; and 2 items over 5 replicas for the
// repeated padding). No process group needed: numReplicas and rank are given.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const { data } = torch;
const ds = Array.from({ length: 10 }, (_, i) => i);
const shards = (opts: torch.data.DistributedSamplerOptions, epoch: number, n = 3, d: unknown[] = ds): number[][] =>
  Array.from({ length: n }, (_, rank) => {
    const s = new data.DistributedSampler(d, { ...opts, numReplicas: n, rank });
    s.setEpoch(epoch);
    return [...s];
  });

describe("DistributedSampler", () => {
  it("shuffles with seed + epoch as PyTorch does, padding by repetition", () => {
    assert.deepEqual(shards({ shuffle: true, seed: 5 }, 0), [
      [1, 6, 0, 7],
      [4, 3, 2, 1],
      [9, 5, 8, 4],
    ]);
    assert.deepEqual(shards({ shuffle: true, seed: 5 }, 2), [
      [5, 4, 9, 2],
      [0, 1, 6, 5],
      [3, 7, 8, 0],
    ]);
  });
  it("without shuffle: strided shards, the head repeated", () => {
    assert.deepEqual(shards({ shuffle: false }, 0), [
      [0, 3, 6, 9],
      [1, 4, 7, 0],
      [2, 5, 8, 1],
    ]);
  });
  it("dropLast drops the tail", () => {
    assert.deepEqual(shards({ seed: 0, dropLast: true }, 0), [
      [4, 5, 0],
      [1, 3, 8],
      [7, 9, 6],
    ]);
    assert.deepEqual(shards({ seed: 0, dropLast: true }, 2), [
      [8, 5, 0],
      [7, 6, 4],
      [1, 9, 2],
    ]);
    assert.equal(new data.DistributedSampler(ds, { numReplicas: 3, rank: 0, dropLast: true }).length, 3);
  });
  it("fewer items than replicas: the permutation repeated", () => {
    assert.deepEqual(shards({ seed: 1 }, 0, 5, [0, 1]), [[1], [0], [1], [0], [1]]);
  });
  it("drives a DataLoader", () => {
    const s = new data.DistributedSampler(new data.TensorDataset(torch.arange(10)), {
      numReplicas: 2,
      rank: 1,
      shuffle: false,
    });
    const loader = new data.DataLoader(new data.TensorDataset(torch.arange(10)), { batchSize: 2, sampler: s });
    assert.deepEqual(
      ([...loader] as [torch.Tensor][]).map(([x]) => x.tolist()),
      [[1, 3], [5, 7], [9]],
    );
  });
});
