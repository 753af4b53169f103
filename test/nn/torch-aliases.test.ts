/**
 * The `torch.*` spellings of F ops: same-signature names are the functional itself; the
 * reordering wrappers (batchNorm, instanceNorm, embedding, integer-reduction losses) agree with
 * the functional called in its own order.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { nn } from "../../src/index.js";
import { table } from "../errors/table.js";

const F = nn.functional;

const same = (a: torch.Tensor, b: torch.Tensor) => assert.deepEqual(a.tolist(), b.tolist());

describe("torch.* aliases of nn.functional", () => {
  it("same-signature names are the functional itself", () => {
    const pairs: [unknown, unknown][] = [
      [torch.conv1d, F.conv1d],
      [torch.conv2d, F.conv2d],
      [torch.convTranspose1d, F.convTranspose1d],
      [torch.convTranspose2d, F.convTranspose2d],
      [torch.avgPool1d, F.avgPool1d],
      [torch.maxPool1d, F.maxPool1d],
      [torch.maxPool2d, F.maxPool2d],
      [torch.adaptiveAvgPool1d, F.adaptiveAvgPool1d],
      [torch.dropout, F.dropout],
      [torch.layerNorm, F.layerNorm],
      [torch.groupNorm, F.groupNorm],
      [torch.bilinear, F.bilinear],
      [torch.celu, F.celu],
      [torch.selu, F.selu],
      [torch.prelu, F.prelu],
      [torch.threshold, F.threshold],
      [torch.pixelShuffle, F.pixelShuffle],
      [torch.pixelUnshuffle, F.pixelUnshuffle],
      [torch.channelShuffle, F.channelShuffle],
      [torch.cosineSimilarity, F.cosineSimilarity],
      [torch.pairwiseDistance, F.pairwiseDistance],
    ];
    for (const [a, b] of pairs) assert.equal(a, b);
  });

  it("torch.dropout(input, p, train) as PyTorch's positional call", () => {
    const x = torch.ones(4);
    same(torch.dropout(x, 0.5, false), x);
  });

  it("torch.batchNorm takes weight, bias before the running stats", () => {
    torch.manualSeed(1);
    const x = torch.randn(4, 3);
    const w = torch.tensor([1, 2, 3], { dtype: "float32" });
    const b = torch.tensor([0, 1, -1], { dtype: "float32" });
    const [rm1, rv1, rm2, rv2] = [torch.zeros(3), torch.ones(3), torch.zeros(3), torch.ones(3)];
    same(torch.batchNorm(x, w, b, rm1, rv1, true, 0.3, 1e-5, false), F.batchNorm(x, rm2, rv2, w, b, true, 0.3, 1e-5));
    same(rm1, rm2);
    same(rv1, rv2);
  });

  it("torch.instanceNorm takes weight, bias before the running stats", () => {
    torch.manualSeed(2);
    const x = torch.randn(2, 3, 5);
    const w = torch.tensor([1, 2, 3], { dtype: "float32" });
    same(torch.instanceNorm(x, w, null, null, null, true, 0.1, 1e-5, false), F.instanceNorm(x, null, null, w, null));
  });

  it("torch.embedding takes the weight first; paddingIdx −1 is none", () => {
    const wt = torch.eye(3);
    const idx = torch.tensor([2, 0]);
    assert.deepEqual(torch.embedding(wt, idx).tolist(), [
      [0, 0, 1],
      [1, 0, 0],
    ]);
    same(torch.embedding(wt, idx, 0), F.embedding(idx, wt, 0));
  });

  it("torch.maxPool1dWithIndices returns [values, indices]", () => {
    const x = torch.tensor([[[1, 3, 2, 5, 4, 0]]], { dtype: "float32" });
    const [v, i] = torch.maxPool1dWithIndices(x, 2);
    assert.deepEqual(v.tolist(), [[[3, 5, 4]]]);
    assert.deepEqual(i.tolist(), [[[1, 3, 4]]]);
  });

  it("the losses take reduction as PyTorch's enum (0 none, 1 mean, 2 sum)", () => {
    torch.manualSeed(3);
    const a = torch.randn(3, 4);
    const b = torch.randn(3, 4);
    const n = torch.randn(3, 4);
    const y = torch.tensor([1, -1, 1], { dtype: "float32" });
    const y01 = torch.rand(3, 4);
    const reds = ["none", "mean", "sum"] as const;
    for (let r = 0; r < 3; r++) {
      const reduction = reds[r]!;
      same(torch.klDiv(a, y01, r), F.klDiv(a, y01, { reduction }));
      same(
        torch.binaryCrossEntropyWithLogits(a, y01, null, null, r),
        F.binaryCrossEntropyWithLogits(a, y01, { reduction }),
      );
      same(
        torch.hingeEmbeddingLoss(a.flatten(), torch.ones(12), 0.5, r),
        F.hingeEmbeddingLoss(a.flatten(), torch.ones(12), 0.5, { reduction }),
      );
      same(
        torch.marginRankingLoss(a.select(1, 0), b.select(1, 0), y, 0.2, r),
        F.marginRankingLoss(a.select(1, 0), b.select(1, 0), y, 0.2, { reduction }),
      );
      same(torch.cosineEmbeddingLoss(a, b, y, 0.1, r), F.cosineEmbeddingLoss(a, b, y, 0.1, { reduction }));
      same(torch.poissonNllLoss(a, y01, true, false, 1e-8, r), F.poissonNllLoss(a, y01, { reduction }));
      same(
        torch.tripletMarginLoss(a, b, n, 1, 2, 1e-6, true, r),
        F.tripletMarginLoss(a, b, n, { swap: true, reduction }),
      );
    }
  });
});

describe("torch.* alias bad inputs", () =>
  table([
    [
      "klDiv reduction as a string",
      () => torch.klDiv(torch.zeros(2), torch.zeros(2), "mean" as unknown as number),
      RangeError,
      '[klDiv] reduction must be PyTorch\'s enum 0 (none), 1 (mean) or 2 (sum): got "mean"',
    ],
    [
      "tripletMarginLoss reduction 3",
      () => torch.tripletMarginLoss(torch.zeros(2), torch.zeros(2), torch.zeros(2), 1, 2, 1e-6, false, 3),
      RangeError,
      "[tripletMarginLoss] reduction must be PyTorch's enum 0 (none), 1 (mean) or 2 (sum): got 3",
    ],
  ]));
