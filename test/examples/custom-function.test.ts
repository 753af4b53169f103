/**
 * examples/custom-function.ts against PyTorch 1.13 running the tutorial's LegendrePolynomial3 fit
 * (scripts/fixtures/autograd_function.py): every loss of the 2000 steps and the final
 * coefficients. The losses are float32 sums of 2000 squares; measured, they agree to relative
 * 2e-7 (the last loss 8.943639755 vs PyTorch's 8.943640709); the bound leaves ~50x room. a and c
 * end at ~1e-9 (rounding noise around zero), so the coefficients are compared absolutely.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fit } from "../../examples/custom-function.js";

const expected = JSON.parse(
  readFileSync(new URL("../fixtures/examples/custom-function.json", import.meta.url), "utf8"),
) as { iterations: number; losses: number[]; coefficients: number[] };

test("examples/custom-function: PyTorch's losses and coefficients, and the tutorial's printed lines", () => {
  const lines: string[] = [];
  const r = fit(expected.iterations, (l) => lines.push(l));
  assert.equal(r.losses.length, expected.losses.length);
  for (const [t, loss] of expected.losses.entries()) {
    const rel = Math.abs(r.losses[t]! - loss) / loss;
    assert.ok(rel < 1e-5, `iteration ${t}: loss ${r.losses[t]} vs ${loss}`);
  }
  for (const [i, c] of expected.coefficients.entries())
    assert.ok(Math.abs(r.coefficients[i]! - c) < 1e-6, `coefficient ${i}: ${r.coefficients[i]} vs ${c}`);
  assert.equal(lines.length, 21);
  assert.match(lines[0]!, /^99 209\.95\d+$/);
  assert.match(lines.at(-1)!, /^Result: y = \S+ \+ -2\.2085\d+ \* P3\(\S+ \+ 0\.25548\d+ x\)$/);
});
