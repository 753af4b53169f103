/** Pooling layers and functionals vs PyTorch 1.13 fixtures, gradcheck and errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import * as nn from "../../src/nn/index.js";
import { runLayerCases } from "./layers-fixture.js";

const F = nn.functional;
const d64 = (...s: number[]): torch.Tensor => torch.randn(s, { dtype: "float64" }).requiresGrad_();

describe("pooling layers vs PyTorch", () => {
  runLayerCases(["MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d"]);
});

describe("pooling gradcheck (float64)", () => {
  it("maxPool2d ceil mode, padding, dilation", () => {
    const x = d64(1, 2, 6, 7);
    assert.ok(torch.autograd.gradcheck((a: torch.Tensor) => F.maxPool2d(a, 3, 2, 1, [1, 2], true), [x]));
  });
  it("avgPool2d without padding in the count, ceil mode", () => {
    const x = d64(2, 1, 5, 6);
    const f = (a: torch.Tensor): torch.Tensor => F.avgPool2d(a, [3, 2], [2, 3], 1, true, false);
    assert.ok(torch.autograd.gradcheck(f, [x]));
    assert.ok(torch.autograd.gradgradcheck(f, [x]));
  });
  it("avgPool1d, maxPool1d and adaptive pools", () => {
    const x = d64(2, 2, 9);
    assert.ok(torch.autograd.gradcheck((a: torch.Tensor) => F.avgPool1d(a, 4, 3, 2, true), [x]));
    assert.ok(torch.autograd.gradcheck((a: torch.Tensor) => F.maxPool1d(a, 3, 2, 1), [x]));
    assert.ok(torch.autograd.gradcheck((a: torch.Tensor) => F.adaptiveAvgPool1d(a, 4), [x]));
    assert.ok(
      torch.autograd.gradcheck((a: torch.Tensor) => F.adaptiveAvgPool2d(a.reshape([2, 2, 3, 3]), [2, null]), [x]),
    );
  });
});

describe("pooling behaviour", () => {
  it("max pooling sends the gradient to the first maximum of a window", () => {
    const x = torch.tensor(
      [
        [
          [
            [1, 1],
            [1, 1],
          ],
        ],
      ],
      { dtype: "float32", requiresGrad: true },
    );
    F.maxPool2d(x, 2).sum().backward();
    assert.deepEqual(x.grad!.flatten().tolist(), [1, 0, 0, 0]);
  });
  it("returnIndices gives flat positions in the unpadded input", () => {
    const x = torch.arange(16, { dtype: "float32" }).reshape([1, 1, 4, 4]);
    const [v, i] = F.maxPool2d(x, 2, 2, 1, 1, false, true);
    assert.deepEqual(v.flatten().tolist(), [0, 2, 3, 8, 10, 11, 12, 14, 15]);
    assert.deepEqual(i.flatten().tolist(), [0, 2, 3, 8, 10, 11, 12, 14, 15]);
    assert.equal(i.dtype, "int64");
  });
  it("printing", () => {
    assert.equal(
      String(new nn.MaxPool2d(2)),
      "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)",
    );
    assert.equal(
      String(new nn.MaxPool2d([3, 2], { stride: 1, ceilMode: true })),
      "MaxPool2d(kernel_size=(3, 2), stride=1, padding=0, dilation=1, ceil_mode=True)",
    );
    assert.equal(String(new nn.AvgPool2d(2, 1, 1)), "AvgPool2d(kernel_size=2, stride=1, padding=1)");
    assert.equal(String(new nn.AdaptiveAvgPool2d([null, 7])), "AdaptiveAvgPool2d(output_size=(None, 7))");
  });
});

describe("pooling errors", () => {
  it("padding larger than half the kernel, output too small, bad rank", () => {
    assert.throws(
      () => F.maxPool2d(torch.randn([1, 1, 4, 4]), 2, 2, 2),
      /\[maxPool2d\] pad should be at most half of effective kernel size: got pad=2, kernel_size=2 and dilation=1/,
    );
    assert.throws(
      () => F.avgPool2d(torch.randn([1, 1, 4, 4]), 2, 2, 2),
      /\[avgPool2d\] pad should be at most half of kernel size: got pad=2, kernel_size=2/,
    );
    assert.throws(
      () => F.maxPool2d(torch.randn([1, 1, 2, 2]), 3),
      /\[maxPool2d\] given input size \[1, 1, 2, 2\], the calculated output size \[1, 1, 0, 0\] is too small/,
    );
    assert.throws(
      () => new nn.MaxPool2d(2).call(torch.randn([4, 4])),
      /\[maxPool2d\] expected input of shape \[N, C, H, W\] or \[C, H, W\] \(4-D or 3-D\): got \[4, 4\]/,
    );
    assert.throws(() => F.avgPool2d(torch.randn([1, 1, 4, 4]), 2, null, 0, false, true, 0), /divisor must be not zero/);
  });
});
