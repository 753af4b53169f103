/** MultiheadAttention and Transformer encoder vs PyTorch 1.13 fixtures, deep copies, SDPA, errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import * as nn from "../../src/nn/index.js";
import { runInitCases, runLayerCases } from "./layers-fixture.js";

const F = nn.functional;

describe("attention and transformer layers vs PyTorch", () => {
  runLayerCases(["MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder"]);
  runInitCases(["MultiheadAttention", "TransformerEncoderLayer"]);
});

describe("attention behaviour", () => {
  it("TransformerEncoder deep-copies its layer", () => {
    const layer = new nn.TransformerEncoderLayer(4, 2, 8);
    const enc = new nn.TransformerEncoder(layer, 2);
    const [a, b] = enc.layers.children() as nn.TransformerEncoderLayer[];
    assert.notEqual(a, layer);
    assert.notEqual(a!.linear1.weight, b!.linear1.weight);
    assert.deepEqual(a!.linear1.weight.tolist(), layer.linear1.weight.tolist());
    torch.noGrad(() => a!.linear1.weight.fill_(0));
    assert.notEqual(layer.linear1.weight.sum().item(), 0);
    assert.equal(enc.parameters().length, 2 * layer.parameters().length);
  });
  it("scaledDotProductAttention: bool masks allow, causal masks the future; gradcheck", () => {
    const q = torch.randn([2, 3, 4], { dtype: "float64" }).requiresGrad_();
    const k = torch.randn([2, 5, 4], { dtype: "float64" }).requiresGrad_();
    const v = torch.randn([2, 5, 6], { dtype: "float64" }).requiresGrad_();
    assert.deepEqual(F.scaledDotProductAttention(q, k, v).shape, [2, 3, 6]);
    assert.ok(
      torch.autograd.gradcheck(
        (a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) => F.scaledDotProductAttention(a, b, c),
        [q, k, v],
      ),
    );
    const only0 = torch.tensor([[true, false, false, false, false]]).expand([3, 5]);
    const out = F.scaledDotProductAttention(q, k, v, only0);
    assert.ok(torch.allclose(out, v.index(":", [0]).expand([2, 3, 6])));
    const x = torch.randn([1, 3, 4], { dtype: "float64" });
    const causal = F.scaledDotProductAttention(x, x, x, null, 0, true);
    assert.ok(torch.allclose(causal.index(":", 0), x.index(":", 0)));
  });
  it("errors name the shapes", () => {
    const m = new nn.MultiheadAttention(8, 2);
    const x = torch.randn([5, 3, 8]);
    assert.throws(
      () => m.call(x, x, x, { attnMask: torch.zeros([4, 5]) }),
      /the shape of the 2D attn_mask is \[4, 5\], but should be \[5, 5\]/,
    );
    assert.throws(
      () => m.call(x, x, x, { keyPaddingMask: torch.zeros([3, 4], { dtype: "bool" }) }),
      /expected key_padding_mask of shape \[3, 5\]: got \[3, 4\]/,
    );
    assert.throws(() => new nn.MultiheadAttention(8, 3), /embed_dim must be divisible by num_heads/);
    assert.throws(
      () => new nn.TransformerEncoderLayer(8, 2, { activation: "tanh" as "relu" }),
      /activation should be relu\/gelu, not tanh/,
    );
  });
});
