/**
 * examples/sequential-sigmoid.ts on its full settings (50 epochs on 100 samples — cheap): the
 * model's printout, each epoch's loss and the trained weights against PyTorch 1.13 with the same
 * seed (scripts/fixtures/examples_sequential.py: nn.Linear's init, randn and randint draw the same
 * numbers), and the printed epoch lines.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, test } from "node:test";
import { main, type Result } from "../../examples/sequential-sigmoid.js";

const expected = JSON.parse(
  readFileSync(new URL("../fixtures/examples/sequential-sigmoid.json", import.meta.url), "utf8"),
) as { epochs: number; samples: number; model: string; losses: number[]; final: Record<string, number[] | number[][]> };

describe("examples/sequential-sigmoid", () => {
  const lines: string[] = [];
  let r: Result;
  before(async () => {
    r = await main({ epochs: expected.epochs, samples: expected.samples, log: (l) => lines.push(l) });
  });

  test("each epoch's loss is PyTorch's", () => {
    assert.equal(r.losses.length, expected.epochs);
    // float32 means of 100 values summed in another order: measured differences ≤ 3e-8 (1e-6: 30× room)
    for (const [e, loss] of expected.losses.entries())
      assert.ok(Math.abs(r.losses[e]! - loss) < 1e-6, `epoch ${e}: ${r.losses[e]} vs ${loss}`);
    // SGD at lr 0.01 moves slowly, but it does move downhill
    assert.ok(r.losses.at(-1)! < r.losses[0]! - 1e-3, `${r.losses[0]} -> ${r.losses.at(-1)}`);
  });

  test("the trained weights are PyTorch's", () => {
    const state = r.model.stateDict();
    assert.deepEqual(Object.keys(state), Object.keys(expected.final));
    for (const [name, want] of Object.entries(expected.final)) {
      const got = [...(state[name]!.dataSync() as Float32Array)];
      const flat = want.flat();
      assert.equal(got.length, flat.length, name);
      // measured ≤ 1.5e-8
      for (const [i, w] of flat.entries()) assert.ok(Math.abs(got[i]! - w) < 1e-6, `${name}[${i}]: ${got[i]} vs ${w}`);
    }
  });

  test("prints the model as PyTorch does, then `epoch: N  loss: L` lines", () => {
    assert.equal(lines[0], expected.model);
    const epochLines = lines.filter((l) => l.startsWith("epoch: "));
    assert.equal(epochLines.length, expected.epochs);
    for (const [e, l] of epochLines.entries()) assert.equal(l, `epoch: ${e}  loss: ${expected.losses[e]!.toFixed(4)}`);
  });
});
