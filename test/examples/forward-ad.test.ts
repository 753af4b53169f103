/**
 * examples/forward-ad.ts against PyTorch 1.13 running the same seeded steps
 * (scripts/fixtures/autograd_function.py). The JVP is 2·primal·tangent in float32: each element
 * is one rounded product, so the row matches to the last bit; the sum of 100 float32 terms agrees
 * to relative 1e-6. The tanh Jacobian's entries (1 − tanh², which loses digits in float32 near
 * saturation) agree to 6e-9 absolute, measured; the bound is 1e-7.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { main } from "../../examples/forward-ad.js";

const expected = JSON.parse(readFileSync(new URL("../fixtures/examples/forward-ad.json", import.meta.url), "utf8")) as {
  jvp_sum: number;
  jvp_row0: number[];
  jvp_max_diff: number;
  jacobian: number[];
};

test("examples/forward-ad: PyTorch's JVP and Jacobian", () => {
  const lines: string[] = [];
  const r = main((l) => lines.push(l));
  assert.ok(
    Math.abs(r.jvpSum - expected.jvp_sum) <= 1e-6 * Math.abs(expected.jvp_sum),
    `${r.jvpSum} vs ${expected.jvp_sum}`,
  );
  assert.deepEqual(r.jvpRow0, expected.jvp_row0);
  assert.equal(r.jvpMaxDiff, expected.jvp_max_diff);
  r.jacobian.forEach((v, i) => {
    const w = expected.jacobian[i]!;
    assert.ok(Math.abs(v - w) <= 1e-7, `J[${i}]: ${v} vs ${w}`);
  });
  assert.equal(lines.length, 4);
  assert.match(lines[0]!, /^jvp\.sum\(\) = -23\.8191\d+$/);
});
