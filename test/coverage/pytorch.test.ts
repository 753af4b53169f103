/**
 * PyTorch-surface coverage must not drop: each namespace's count of PyTorch 1.13 names present
 * in antorcha (`npm run coverage:pytorch`, names list `scripts/pytorch-names.json`) is at least
 * the committed baseline. Raise the baseline in `pytorch-baseline.json` when coverage rises.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { camel, measure } from "../../scripts/coverage-pytorch.js";

const baseline = JSON.parse(readFileSync(new URL("./pytorch-baseline.json", import.meta.url), "utf8")) as Record<
  string,
  number
>;

test("coverage:pytorch: names map snake_case → camelCase, in-place _ kept", () => {
  assert.equal(camel("log_softmax"), "logSoftmax");
  assert.equal(camel("nan_to_num_"), "nanToNum_");
  assert.equal(camel("atleast_1d"), "atleast1d");
  assert.equal(camel("T"), "T");
});

test("coverage:pytorch: no namespace below its committed baseline", () => {
  const cov = measure();
  assert.deepEqual(Object.keys(cov).sort(), Object.keys(baseline).sort());
  for (const [ns, c] of Object.entries(cov)) {
    assert.ok(
      c.covered >= baseline[ns]!,
      `${ns}: ${c.covered}/${c.total} names covered, baseline ${baseline[ns]}; missing: ${c.missing.join(" ")}`,
    );
  }
});

test("coverage:pytorch: the names list is PyTorch 1.13's, with the issue's namespaces", () => {
  const list = JSON.parse(readFileSync(new URL("../../scripts/pytorch-names.json", import.meta.url), "utf8")) as {
    pytorch: string;
    namespaces: Record<string, string[]>;
  };
  assert.match(list.pytorch, /^1\.13/);
  assert.ok(list.namespaces.torch!.includes("einsum"));
  assert.ok(!list.namespaces.torch!.some((n) => /^_|(?<!^index)_copy$|sparse|cudnn/.test(n)));
});
