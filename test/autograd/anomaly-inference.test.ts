/**
 * torch.autograd.detectAnomaly (NaN gradients raise, naming the backward function, with the
 * forward call's stack as the cause) and torch.autograd.inferenceMode (no graph, inference
 * tensors, which autograd refuses to save and in-place ops outside refuse to write).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const f64 = { dtype: "float64" as const };

describe("torch.autograd.detectAnomaly", () => {
  it("a NaN gradient raises, naming the backward function that produced it", () => {
    const x = torch.tensor([0, 1], f64).requiresGrad_();
    // d/dx sqrt(x) at 0 is inf; times 0 (from mul) gives NaN in SqrtBackward0's output.
    const run = () =>
      x
        .sqrt()
        .mul(torch.tensor([0, 1], f64))
        .sum()
        .backward();
    assert.throws(
      () => torch.autograd.detectAnomaly(run),
      (e: Error) => {
        assert.equal(
          e.message,
          "[backward] function 'SqrtBackward0' returned nan values in its 0th output (the error's cause holds the forward call's stack)",
        );
        assert.ok(e.cause instanceof Error);
        assert.match((e.cause as Error).stack!, /anomaly-inference\.test\.ts/);
        return true;
      },
    );
    // Outside anomaly mode the same backward runs and leaves NaN in the gradient, as PyTorch.
    x.grad = null;
    run();
    assert.ok(Number.isNaN((x.grad!.tolist() as number[])[0]!));
  });
  it("restores the previous mode, returns the callback's value, and checkNan: false skips the check", () => {
    assert.equal(torch.autograd.isAnomalyEnabled(), false);
    const v = torch.autograd.detectAnomaly(() => {
      assert.equal(torch.autograd.isAnomalyEnabled(), true);
      return 7;
    });
    assert.equal(v, 7);
    assert.equal(torch.isAnomalyEnabled(), false);
    const x = torch.tensor([0], f64).requiresGrad_();
    torch.autograd.detectAnomaly(() => x.sqrt().mul(0).sum().backward(), false);
    assert.ok(Number.isNaN(x.grad!.item() as number));
  });
  it("finite gradients pass unchanged", () => {
    const x = torch.tensor([1, 4], f64).requiresGrad_();
    torch.autograd.detectAnomaly(() => x.sqrt().sum().backward());
    assert.deepEqual(x.grad!.tolist(), [0.5, 0.25]);
  });
  it("setDetectAnomaly switches it globally", () => {
    torch.autograd.setDetectAnomaly(true);
    try {
      const x = torch.tensor([0], f64).requiresGrad_();
      assert.throws(() => x.log().mul(0).sum().backward(), /function 'LogBackward0' returned nan values/);
    } finally {
      torch.autograd.setDetectAnomaly(false);
    }
  });
});

describe("torch.autograd.inferenceMode", () => {
  it("records no graph and marks new tensors as inference tensors", () => {
    const w = torch.tensor([1, 2], f64).requiresGrad_();
    const y = torch.autograd.inferenceMode(() => {
      assert.equal(torch.isInferenceModeEnabled(), true);
      assert.equal(torch.isGradEnabled(), false);
      return w.mul(3);
    });
    assert.equal(torch.isInferenceModeEnabled(), false);
    assert.equal(torch.isGradEnabled(), true);
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.equal(y.isInference(), true);
    assert.equal(torch.isInference(y), true);
    assert.equal(y.view([2, 1]).isInference(), true); // views share the inference storage
    assert.equal(w.isInference(), false);
    assert.equal(y.clone().isInference(), false); // a clone outside is a normal tensor
    assert.equal(torch.inferenceMode, torch.autograd.inferenceMode);
  });
  it("an inference tensor saved for backward raises; used where nothing is saved it is fine", () => {
    const y = torch.inferenceMode(() => torch.tensor([1, 2], f64));
    const w = torch.tensor([3, 4], f64).requiresGrad_();
    assert.throws(
      () => w.mul(y),
      (e: Error) =>
        /^\[MulBackward0\] inference tensors cannot be saved for backward: got a tensor made in inferenceMode/.test(
          e.message,
        ),
    );
    const z = w.add(y); // AddBackward0 saves nothing
    z.sum().backward();
    assert.deepEqual(w.grad!.tolist(), [1, 1]);
    w.grad = null;
    w.mul(y.clone()).sum().backward(); // the documented workaround
    assert.deepEqual(w.grad!.tolist(), [1, 2]);
  });
  it("in-place updates of inference tensors are refused outside inference mode only", () => {
    const y = torch.inferenceMode(() => torch.ones(2));
    assert.throws(
      () => y.add_(1),
      /\[add_\] in-place update to an inference tensor outside inferenceMode is not allowed/,
    );
    torch.inferenceMode(() => y.add_(1));
    assert.deepEqual(y.tolist(), [2, 2]);
  });
  it("mode false turns it off inside an enclosing one", () => {
    torch.inferenceMode(() => {
      const t = torch.inferenceMode(() => torch.ones(1), false);
      assert.equal(t.isInference(), false);
      assert.equal(torch.isInferenceModeEnabled(), true);
    });
  });
});
