/** RNN/LSTM/GRU vs PyTorch 1.13 fixtures, init, gradcheck and errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import * as nn from "../../src/nn/index.js";
import { runInitCases, runLayerCases } from "./layers-fixture.js";

const KINDS = ["RNN", "LSTM", "GRU"];

describe("recurrent layers vs PyTorch", () => {
  runLayerCases(KINDS);
  runInitCases(KINDS);
});

describe("recurrent gradcheck (float64)", () => {
  for (const kind of KINDS) {
    it(`${kind} bidirectional 2 layers: input and state gradients`, () => {
      torch.manualSeed(1);
      const m = new (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[kind]!(2, 3, {
        numLayers: 2,
        bidirectional: true,
      });
      m.double();
      const x = torch.randn([3, 2, 2], { dtype: "float64" }).requiresGrad_();
      const h = torch.randn([4, 2, 3], { dtype: "float64" }).requiresGrad_();
      const f = (a: torch.Tensor, hh: torch.Tensor): torch.Tensor => {
        const [out, hn] = (m as nn.RNN).call(a, kind === "LSTM" ? ([hh, hh.mul(0.5)] as never) : hh);
        return out.sum().add((Array.isArray(hn) ? hn[1] : hn).mul(2).sum());
      };
      assert.ok(torch.autograd.gradcheck(f, [x, h]));
    });
  }
});

describe("recurrent layers: printing and errors", () => {
  it("repr and parameter names", () => {
    assert.equal(
      String(new nn.LSTM(10, 20, { numLayers: 2, batchFirst: true })),
      "LSTM(10, 20, num_layers=2, batch_first=True)",
    );
    assert.deepEqual(Object.keys(new nn.GRU(2, 3, { bidirectional: true, bias: false }).stateDict()), [
      "weight_ih_l0",
      "weight_hh_l0",
      "weight_ih_l0_reverse",
      "weight_hh_l0_reverse",
    ]);
  });
  it("bad input sizes", () => {
    const m = new nn.LSTM(10, 20);
    assert.throws(
      () => m.call(torch.randn([5, 3, 4])),
      /\[LSTM\] input.size\(-1\) must be equal to input_size: got input \[5, 3, 4\], expected last size 10/,
    );
    assert.throws(
      () => m.call(torch.randn([1, 5, 3, 10])),
      /\[LSTM\] expected input of shape \[L, N, 10\] \(3-D, or 2-D unbatched\): got \[1, 5, 3, 10\]/,
    );
    assert.throws(
      () => new nn.GRU(4, 5, 2).call(torch.randn([3, 2, 4]), torch.zeros([1, 2, 5])),
      /\[GRU\] expected hidden state of shape \[2, 2, 5\]: got \[1, 2, 5\]/,
    );
    assert.throws(
      () => new nn.RNN(4, 5, { nonlinearity: "sigmoid" as "tanh" }),
      /\[RNN\] unknown nonlinearity 'sigmoid'/,
    );
  });
});
