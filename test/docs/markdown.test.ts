/**
 * Every fenced ```ts block in README.md and docs/*.md runs, unless `<!-- fragment -->` precedes it
 * (docs/contributing.md). Blocks run with the prelude of `run-example.ts` but no fixtures: a
 * runnable block defines what it uses. Values its comments state (`// 3`) are checked.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as torch from "../../src/index.js";
import { markdownExamples } from "./extract.js";
import { runExample } from "./run-example.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const files = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];

test("every ```ts block in README.md and docs/*.md runs or is marked as a fragment", async () => {
  const blocks = files.flatMap((f) => markdownExamples(root, f));
  assert.ok(blocks.length >= 10, `found ${blocks.length} blocks`);
  const scratch = mkdtempSync(join(tmpdir(), "antorcha-md-"));
  const cwd = process.cwd();
  const failures: string[] = [];
  let ran = 0;
  try {
    process.chdir(scratch);
    for (const b of blocks) {
      if (b.fragment) continue;
      torch.setGradEnabled(true);
      torch.manualSeed(0);
      try {
        const r = await runExample(b.code);
        for (const m of r.mismatches) failures.push(`${b.where}: ${m}`);
        ran++;
      } catch (err) {
        failures.push(`${b.where}: throws ${String((err as Error)?.message ?? err).split("\n")[0]}`);
      }
    }
  } finally {
    process.chdir(cwd);
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`markdown: ${blocks.length} ts blocks, ${ran} ran, ${blocks.length - ran - failures.length} fragments`);
  assert.deepEqual(failures, [], failures.join("\n"));
  assert.ok(ran >= 4, `only ${ran} blocks ran`);
});

test("a fragment marker is needed: an unmarked block that throws fails", async () => {
  await assert.rejects(runExample("notDefinedAnywhere.call(1)"), /notDefinedAnywhere is not defined/);
  const r = await runExample("torch.tensor([1, 2, 3]).sum() // 7");
  assert.deepEqual(r.mismatches, ["got tensor(6), doc says 7"]);
  const d = await runExample("const s = torch.tensor([1, 2]).sum(); // 4");
  assert.deepEqual(d.mismatches, ["got tensor(3), doc says 4"]);
  assert.equal((await runExample("torch.tensor([1.5, 2]).sum() // 3.5")).mismatches.length, 0);
});
