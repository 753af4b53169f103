/**
 * Every `@example` in src/ runs (docs/contributing.md, "Documented examples"): those not marked
 * `// fragment` must run without throwing in the prelude of `run-example.ts`, and the values their
 * comments state (`x.sum() // 6`) must match.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sourceExamples } from "./extract.js";
import { fixtures, runExample } from "./run-example.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("every @example in src/ runs or is marked as a fragment", async () => {
  const examples = sourceExamples(root);
  assert.ok(examples.length > 700, `found ${examples.length} examples`);
  const scratch = mkdtempSync(join(tmpdir(), "antorcha-examples-"));
  const cwd = process.cwd();
  const failures: string[] = [];
  let ran = 0;
  let checks = 0;
  const fragments = examples.filter((e) => e.fragment).length;
  try {
    process.chdir(scratch); // files the examples write land here
    for (const e of examples) {
      if (e.fragment) continue;
      const mod = (await import(pathToFileURL(join(root, e.where.replace(/:\d+$/, ""))).href)) as Record<
        string,
        unknown
      >;
      try {
        const r = await runExample(e.code, { ...mod, ...fixtures(e.where) });
        checks += r.checks;
        for (const m of r.mismatches) failures.push(`${e.where}: ${m}`);
        ran++;
      } catch (err) {
        failures.push(
          `${e.where}: throws ${String((err as Error)?.message ?? err).split("\n")[0]}\n    ${e.code.split("\n").join("\n    ")}`,
        );
      }
    }
  } finally {
    process.chdir(cwd);
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(
    `examples: ${examples.length} found, ${ran} ran (${checks} stated values checked), ${fragments} fragments`,
  );
  assert.deepEqual(failures, [], `${failures.length} examples fail:\n${failures.join("\n")}`);
});
