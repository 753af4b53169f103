/**
 * Convolution layers and functionals vs PyTorch 1.13 fixtures, plus float64 gradcheck of the
 * window-view composites, Tensor.unfold, F.pad modes and bad-input errors.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import * as nn from "../../src/nn/index.js";
import { runInitCases, runLayerCases } from "./layers-fixture.js";

const F = nn.functional;
const KINDS = ["Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d"];
const d64 = (...s: number[]): torch.Tensor => torch.randn(s, { dtype: "float64" }).requiresGrad_();

describe("conv layers vs PyTorch", () => {
  runLayerCases(KINDS);
  runInitCases(KINDS);
});

describe("conv gradcheck (float64)", () => {
  it("conv2d with stride, padding, dilation, groups (first and second order)", () => {
    torch.manualSeed(0);
    const [x, w, b] = [d64(1, 4, 5, 6), d64(4, 2, 2, 3), d64(4)];
    const f = (a: torch.Tensor, ww: torch.Tensor, bb: torch.Tensor): torch.Tensor =>
      F.conv2d(a, ww, bb, [2, 1], [1, 2], [1, 2], 2);
    assert.ok(torch.autograd.gradcheck(f, [x, w, b]));
    assert.ok(torch.autograd.gradgradcheck(f, [x, w, b]));
  });
  it("conv1d 'same' with an even kernel", () => {
    const [x, w] = [d64(2, 2, 7), d64(3, 2, 4)];
    assert.ok(
      torch.autograd.gradcheck((a: torch.Tensor, ww: torch.Tensor) => F.conv1d(a, ww, null, 1, "same", 2), [x, w]),
    );
  });
  it("convTranspose2d with output padding and groups", () => {
    const [x, w] = [d64(1, 4, 3, 3), d64(4, 1, 3, 2)];
    const f = (a: torch.Tensor, ww: torch.Tensor): torch.Tensor => F.convTranspose2d(a, ww, null, 2, 1, 1, 2, [1, 2]);
    assert.ok(torch.autograd.gradcheck(f, [x, w]));
    assert.ok(torch.autograd.gradgradcheck(f, [x, w]));
  });
  it("F.pad in every mode", () => {
    const x = d64(1, 2, 3, 4);
    for (const mode of ["constant", "reflect", "replicate", "circular"] as const) {
      assert.ok(
        torch.autograd.gradcheck((a: torch.Tensor) => F.pad(a, [2, 1, 1, 2], mode), [x]),
        mode,
      );
    }
    assert.ok(torch.autograd.gradcheck((a: torch.Tensor) => F.pad(a, [-1, 2, 0, -1], "constant", 3), [x]));
  });
  it("Tensor.unfold overlapping windows", () => {
    const x = d64(3, 7);
    assert.ok(torch.autograd.gradgradcheck((a: torch.Tensor) => a.unfold(1, 3, 2).unfold(0, 2, 1).pow(2), [x]));
  });
});

describe("F.pad and Tensor.unfold values", () => {
  it("pad modes match PyTorch", () => {
    const x = torch.arange(5, { dtype: "float32" }).reshape([1, 1, 5]);
    assert.deepEqual(F.pad(x, [3, 2], "reflect").flatten().tolist(), [3, 2, 1, 0, 1, 2, 3, 4, 3, 2]);
    assert.deepEqual(F.pad(x, [2, 1], "replicate").flatten().tolist(), [0, 0, 0, 1, 2, 3, 4, 4]);
    assert.deepEqual(F.pad(x, [2, 1], "circular").flatten().tolist(), [3, 4, 0, 1, 2, 3, 4, 0]);
    assert.deepEqual(F.pad(x, [1, -2], "constant", 9).flatten().tolist(), [9, 0, 1, 2]);
    assert.equal(F.pad(x, [1, 1]).gradFn, null);
    const r = torch.ones([2], { requiresGrad: true });
    assert.equal(F.pad(r, [1, 1]).gradFn!.name(), "ConstantPadNdBackward0");
  });
  it("unfold: windows as a view, PyTorch's errors", () => {
    const x = torch.arange(7);
    const u = x.unfold(0, 3, 2);
    assert.deepEqual(u.tolist(), [
      [0, 1, 2],
      [2, 3, 4],
      [4, 5, 6],
    ]);
    assert.equal(u.storage, x.storage);
    assert.deepEqual(torch.arange(12).reshape([3, 4]).unfold(1, 2, 1).shape, [3, 3, 2]);
    assert.throws(() => x.unfold(0, 8, 1), /\[unfold\] maximum size for tensor at dimension 0 is 7 but size is 8/);
    assert.throws(() => x.unfold(0, 2, 0), /\[unfold\] step is 0 but must be > 0/);
  });
});

describe("conv errors", () => {
  it("wrong channel count names the layer and shapes", () => {
    const c = new nn.Conv2d(1, 32, 3);
    assert.throws(
      () => c.call(torch.randn([2, 3, 28, 28])),
      /^RangeError: \[Conv2d\] expected input of shape \[N, 1, H, W\] \(4-D with 1 channel\): got \[2, 3, 28, 28\]$/,
    );
    assert.throws(
      () => F.conv2d(torch.randn([2, 3, 28, 28]), torch.randn([32, 1, 3, 3])),
      /\[conv2d\] expected input of shape \[N, 1, H, W\] \(4-D with 1 channel\): got \[2, 3, 28, 28\]/,
    );
    assert.throws(
      () => c.call(torch.randn([28, 28])),
      /\[Conv2d\] expected input of shape \[N, 1, H, W\] \(4-D, or 3-D unbatched, with 1 channel\): got \[28, 28\]/,
    );
  });
  it("kernel larger than the input, bad arguments, dtype mismatch", () => {
    assert.throws(
      () => new nn.Conv2d(1, 2, 5).call(torch.randn([1, 1, 3, 3])),
      /\[Conv2d\] kernel size can't be greater than the padded input size/,
    );
    assert.throws(() => new nn.Conv2d(3, 4, 3, { groups: 2 }), /\[Conv2d\] in_channels must be divisible by groups/);
    assert.throws(
      () => new nn.Conv2d(1, 4, 3, { stride: 2, padding: "same" }),
      /padding='same' is not supported for strided convolutions/,
    );
    assert.throws(
      () => F.conv2d(torch.randn([1, 1, 4, 4], { dtype: "float64" }), torch.randn([1, 1, 2, 2])),
      /\[conv2d\] input type \(float64\) and weight type \(float32\) should be the same/,
    );
    assert.throws(
      () => F.convTranspose2d(torch.randn([1, 2, 3, 3]), torch.randn([2, 1, 3, 3]), null, 1, 0, 1),
      /output padding must be smaller than either stride or dilation/,
    );
    assert.throws(
      () => F.pad(torch.randn([1, 3]), [3, 3], "reflect"),
      /\[pad\] padding size should be less than the corresponding input dimension/,
    );
  });
});
