/**
 * float32/float64 sums in PyTorch's order (its cascade sum, AVX2 build, one thread): the same
 * bits as PyTorch 1.13 for whole-tensor sums and sums over the last dim
 * (scripts/fixtures/sum_order.py), on every backend.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

interface Case {
  dtype: "float32" | "float64";
  shape: number[];
  dim: number | null;
  sum: number[];
  mean: number[];
}
const fx = JSON.parse(readFileSync(new URL("../fixtures/sum-order.json", import.meta.url), "utf8")) as {
  cases: Case[];
};

function input(c: Case): torch.Tensor {
  torch.manualSeed(c.dim === null ? c.shape[0]! : c.shape.reduce((a, b) => a + b, 0));
  return torch.rand(c.shape, { dtype: c.dtype }).sub(0.5).mul(7.4);
}

for (const backend of torch.listBackends()) {
  describe(`sum order on ${backend}`, () => {
    for (const c of fx.cases) {
      it(`${c.dtype} [${c.shape}]${c.dim === null ? "" : ` dim ${c.dim}`}`, () => {
        const prev = torch.getBackend();
        torch.setBackend(backend);
        try {
          const x = input(c);
          const s = c.dim === null ? x.sum() : x.sum(c.dim);
          const m = c.dim === null ? x.mean() : x.mean(c.dim);
          assert.deepEqual(Array.from(s.dataSync() as Float64Array), c.sum);
          assert.deepEqual(Array.from(m.dataSync() as Float64Array), c.mean);
        } finally {
          torch.setBackend(prev);
        }
      });
    }
  });
}
