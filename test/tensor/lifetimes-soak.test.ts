/** A short training soak: with each step in a tidy scope, torch.memory() stays flat. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const { nn, optim } = torch;

/** Trains an MLP for `steps` tidy steps; returns memory() after each of `at`. */
export function soak(steps: number, at: number[]): torch.MemoryInfo[] {
  torch.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(256, 128), new nn.ReLU(), new nn.Dropout(0.1), new nn.Linear(128, 10));
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new nn.CrossEntropyLoss();
  const x = torch.randn(64, 256);
  const y = torch.randint(0, 10, [64]);
  const out: torch.MemoryInfo[] = [];
  for (let s = 1; s <= steps; s++) {
    torch.tidy(() => {
      opt.zeroGrad();
      const loss = lossFn.call(model.call(x), y);
      loss.backward();
      opt.step();
      return loss.item();
    });
    if (at.includes(s)) out.push(torch.memory());
  }
  return out;
}

describe("training soak", () => {
  it("300 tidy steps: liveTensors and liveBytes flat after warm-up, the pool bounded", () => {
    const [a, b, c] = soak(300, [20, 150, 300]);
    assert.equal(b!.liveTensors, a!.liveTensors);
    assert.equal(c!.liveTensors, a!.liveTensors);
    assert.equal(c!.liveBytes, a!.liveBytes);
    assert.equal(c!.pooledBytes, a!.pooledBytes, "each step takes back what the previous one released");
    assert.ok(c!.peakBytes <= a!.peakBytes * 1.01 + 1);
  });

  it("Keras fit keeps memory() flat across epochs (its steps run in tidy scopes)", () => {
    const { keras } = torch;
    const model = keras.Sequential([keras.layers.Dense(128, { activation: "relu" }), keras.layers.Dense(10)]);
    model.compile({ optimizer: "adam", loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
    const x = torch.randn(256, 64);
    const y = torch.randint(0, 10, [256]);
    model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
    const a = torch.memory();
    model.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0 });
    const b = torch.memory();
    assert.equal(b.liveTensors, a.liveTensors);
    assert.equal(b.liveBytes, a.liveBytes);
  });
});
