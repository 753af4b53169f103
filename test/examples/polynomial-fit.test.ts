/**
 * examples/polynomial-fit.ts, 300 iterations per part: every iteration's loss and the final
 * coefficients against PyTorch 1.13 doing the same steps (scripts/fixtures/examples_polynomial.py),
 * and the tutorial's printed lines.
 *
 * The losses are float32 sums of 2000 squares added in PyTorch's order (docs/numerics.md), so
 * most are PyTorch's bits (the manual part prints `99 3238.300537109375`, as PyTorch does); the
 * rest differ in the last bit because PyTorch's float32 sin (SLEEF) rounds 100 of the 2000
 * targets the other way. Tolerances, from measurement before the sums followed PyTorch's order:
 * each loss differed by a few ulps (relative 2e-7 for the hand-written and autograd
 * parts, 6e-7 with nn, 1.9e-6 with RMSprop, whose step divides by √(running mean of grad²) and
 * so amplifies the rounding); the coefficients then agree to 1.6e-10 (manual/autograd),
 * 3e-8 (nn) and 1.8e-7 (RMSprop). The bounds below leave about 10× room: relative 2e-5 on the
 * losses, absolute 2e-6 on the coefficients (which are O(0.01..1)).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, test } from "node:test";
import { PARTS, fitAutograd, main, polynomial, type Result } from "../../examples/polynomial-fit.js";

type Fit = { losses: number[]; coefficients: number[] };
const expected = JSON.parse(
  readFileSync(new URL("../fixtures/examples/polynomial-fit.json", import.meta.url), "utf8"),
) as { iterations: number } & Record<(typeof PARTS)[number], Fit>;

describe("examples/polynomial-fit", () => {
  const lines: string[] = [];
  let r: Result;
  before(async () => {
    r = await main({ iterations: expected.iterations, log: (l) => lines.push(l) });
  });

  for (const part of PARTS) {
    test(`${part}: losses and coefficients as PyTorch's`, () => {
      const got = r[part]!;
      const want = expected[part];
      assert.equal(got.losses.length, expected.iterations);
      for (const [t, loss] of want.losses.entries()) {
        const rel = Math.abs(got.losses[t]! - loss) / loss;
        assert.ok(rel < 2e-5, `iteration ${t}: loss ${got.losses[t]} vs ${loss}`);
      }
      assert.equal(got.loss, got.losses.at(-1));
      for (const [i, c] of want.coefficients.entries())
        assert.ok(Math.abs(got.coefficients[i]! - c) < 2e-6, `coefficient ${i}: ${got.coefficients[i]} vs ${c}`);
      // and it learns: sin(x) is far better fitted than by the random start
      assert.ok(got.losses.at(-1)! < got.losses[0]! / 10, `${got.losses[0]} -> ${got.losses.at(-1)}`);
    });
  }

  test("the hand-written part prints PyTorch's `99 3238.300537109375`", () => {
    assert.equal(r.manual!.losses[99], expected.manual.losses[99]);
    assert.ok(lines.includes("99 3238.300537109375"), lines.slice(0, 3).join("\n"));
  });

  test("prints `99 loss` every 100 iterations and the `Result:` line per part", () => {
    for (const part of PARTS) {
      const start = lines.indexOf(`— ${part} —`);
      assert.ok(start >= 0, part);
      const block = lines.slice(start + 1, start + 5);
      assert.deepEqual(
        block.slice(0, 3).map((l) => l.split(" ")[0]),
        ["99", "199", "299"],
      );
      assert.match(block[0]!, /^99 \d+(\.\d+)?$/);
      assert.equal(Number(block[2]!.split(" ")[1]), r[part]!.losses[299]);
      assert.equal(block[3], `Result: ${polynomial(r[part]!.coefficients)}`);
      assert.match(block[3]!, /^Result: y = \S+ \+ \S+ x \+ \S+ x\^2 \+ \S+ x\^3$/);
    }
  });

  test("fitAutograd(iterations, log) keeps the signature examples/demo.ts uses", () => {
    const log: string[] = [];
    const fit = fitAutograd(100, (l) => log.push(l));
    assert.deepEqual(log, [`99 ${fit.loss}`]);
    assert.equal(fit.loss, r.autograd!.losses[99]);
  });
});
