/** Normalisation layers vs PyTorch 1.13: outputs/grads, running stats over training steps, eval, gradcheck, errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import * as nn from "../../src/nn/index.js";
import { assertClose, decode } from "../ops/fixture.js";
import { build, fixtures, runInitCases, runLayerCases } from "./layers-fixture.js";

const F = nn.functional;
const KINDS = ["BatchNorm1d", "BatchNorm2d", "LayerNorm", "GroupNorm"];
const d64 = (...s: number[]): torch.Tensor => torch.randn(s, { dtype: "float64" }).requiresGrad_();

describe("norm layers vs PyTorch", () => {
  runLayerCases(KINDS);
  runInitCases(KINDS);
});

describe("BatchNorm running statistics", () => {
  for (const r of fixtures.batchnorm) {
    it(`${r.kind}(3, ${JSON.stringify(r.kwargs)}): two training steps then eval match PyTorch`, () => {
      const m = build(r.kind, [3], r.kwargs);
      m.train();
      const o1 = m.call(decode(r.inputs[0]!)) as torch.Tensor;
      const o2 = m.call(decode(r.inputs[1]!)) as torch.Tensor;
      m.eval();
      const o3 = m.call(decode(r.inputs[2]!)) as torch.Tensor;
      [o1, o2, o3].forEach((o, i) => assertClose(o, r.outs[i]!, `output of step ${i + 1}`, { rtol: 1e-4, atol: 2e-5 }));
      const sd = m.stateDict();
      assert.deepEqual(Object.keys(sd), Object.keys(r.buffers));
      for (const [k, v] of Object.entries(r.buffers)) assertClose(sd[k]!, v, k, { rtol: 1e-5, atol: 1e-6 });
    });
  }
  it("buffers are not parameters; num_batches_tracked is int64", () => {
    const bn = new nn.BatchNorm2d(4);
    assert.deepEqual(
      bn.namedParameters().map(([n]) => n),
      ["weight", "bias"],
    );
    assert.deepEqual(
      bn.namedBuffers().map(([n]) => n),
      ["running_mean", "running_var", "num_batches_tracked"],
    );
    assert.equal(bn.numBatchesTracked!.dtype, "int64");
    assert.equal(String(bn), "BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
    assert.equal(
      String(new nn.BatchNorm1d(3, { momentum: null, affine: false })),
      "BatchNorm1d(3, eps=1e-05, momentum=None, affine=False, track_running_stats=True)",
    );
  });
});

describe("norm gradcheck (float64)", () => {
  it("batchNorm training, layerNorm, groupNorm", () => {
    const [x, w, b] = [d64(3, 4, 2), d64(4), d64(4)];
    assert.ok(
      torch.autograd.gradcheck(
        (a: torch.Tensor, ww: torch.Tensor, bb: torch.Tensor) => F.batchNorm(a, null, null, ww, bb, true),
        [x, w, b],
      ),
    );
    assert.ok(
      torch.autograd.gradgradcheck(
        (a: torch.Tensor, ww: torch.Tensor, bb: torch.Tensor) => F.groupNorm(a, 2, ww, bb),
        [x, w, b],
      ),
    );
    const [w2, b2] = [d64(4, 2), d64(4, 2)];
    assert.ok(
      torch.autograd.gradcheck(
        (a: torch.Tensor, ww: torch.Tensor, bb: torch.Tensor) => F.layerNorm(a, [4, 2], ww, bb),
        [x, w2, b2],
      ),
    );
  });
});

describe("norm errors", () => {
  it("shapes and modes PyTorch refuses", () => {
    assert.throws(
      () => new nn.BatchNorm2d(3).call(torch.randn([2, 3, 4])),
      /\[BatchNorm2d\] expected input of shape \[N, 3, H, W\] \(4-D\): got \[2, 3, 4\]/,
    );
    assert.throws(
      () => new nn.BatchNorm1d(3).call(torch.randn([1, 3])),
      /expected more than 1 value per channel when training: got input of size \[1, 3\]/,
    );
    assert.throws(
      () => new nn.BatchNorm1d(3).call(torch.randn([2, 4])),
      /\[batchNorm\] running_mean should contain 4 elements not 3/,
    );
    assert.throws(
      () => new nn.LayerNorm(4).call(torch.randn([2, 3])),
      /\[layerNorm\] given normalized_shape=\[4\], expected input with shape \[\*, 4\]: got \[2, 3\]/,
    );
    assert.throws(
      () => F.groupNorm(torch.randn([2, 6, 4]), 4),
      /expected number of channels in input to be divisible by num_groups: got input of shape \[2, 6, 4\] and num_groups=4/,
    );
    assert.throws(
      () => F.batchNorm(torch.randn([2, 3]), null, null),
      /running_mean and running_var must be defined in evaluation mode/,
    );
  });
});
