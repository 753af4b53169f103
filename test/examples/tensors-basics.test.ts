/**
 * examples/tensors-basics.ts: every tensor it prints is printed exactly as PyTorch 1.13 prints the
 * same step of the tutorial (scripts/fixtures/examples_tensors.py, seed 1729 — the random tensors
 * are the same draws), re-seeding reproduces, and the shape errors are one-line messages.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, test } from "node:test";
import { main, type Result } from "../../examples/tensors-basics.js";

const expected = JSON.parse(
  readFileSync(new URL("../fixtures/examples/tensors-basics.json", import.meta.url), "utf8"),
) as { printed: Record<string, string> };

describe("examples/tensors-basics", () => {
  const lines: string[] = [];
  let r: Result;
  before(async () => {
    r = await main({ log: (l) => lines.push(l) });
  });

  test("prints each tensor as PyTorch prints it (seeded draws included)", () => {
    const names = Object.keys(expected.printed);
    assert.ok(names.length >= 60, `${names.length} printouts in the fixture`);
    for (const name of names) assert.equal(r.printed[name], expected.printed[name], name);
    assert.deepEqual(Object.keys(r.printed).sort(), names.sort());
  });

  test("manualSeed(1729) twice gives equal tensors", () => {
    assert.equal(r.seedsReproduce, true);
    assert.equal(r.printed.random1, r.printed.random3);
    assert.equal(r.printed.random2, r.printed.random4);
    assert.notEqual(r.printed.random1, r.printed.random2);
    assert.ok(lines.includes("random1 equals random3: true, random2 equals random4: true"));
  });

  test("incompatible shapes throw one-line errors that are printed", () => {
    assert.deepEqual(r.errors, [
      "[mul] shapes [2,3] and [3,2] cannot broadcast",
      "[mul] shapes [4,3,2] and [4,3] cannot broadcast",
      "[mul] shapes [4,3,2] and [2,3] cannot broadcast",
      "[mul] shapes [4,3,2] and [0] cannot broadcast",
    ]);
    assert.ok(lines.includes("(4, 3, 2) * (4, 3): [mul] shapes [4,3,2] and [4,3] cannot broadcast"));
    assert.ok(!lines.some((l) => l.endsWith("no error?")));
  });

  test("shapes are printed as the tutorial shows them", () => {
    for (const s of ["[2, 2, 3]", "[3, 226, 226]", "[1, 3, 226, 226]", "[1, 20] -> [20]", "[6, 20, 20] -> [2400]"])
      assert.ok(lines.includes(s), s);
  });
});
