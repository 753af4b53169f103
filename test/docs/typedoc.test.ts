/**
 * The API reference builds with no TypeDoc warning (`typedoc.json` sets `treatWarningsAsErrors`):
 * broken `{@link}`s, unknown tags and unresolvable entry points fail here. `--emit none` runs the
 * conversion and validation without writing the site (`npm run docs` writes it to docs/api/).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "node_modules", "typedoc", "bin", "typedoc");

test("typedoc: the API reference converts with 0 warnings and 0 errors", { timeout: 240_000 }, (t) => {
  if (!existsSync(bin)) {
    t.skip("typedoc is not installed (npm install): API reference not checked");
    return;
  }
  const r = spawnSync(process.execPath, [bin, "--emit", "none"], { cwd: root, encoding: "utf8" });
  const out = `${r.stdout}${r.stderr}`;
  assert.equal(r.status, 0, `typedoc failed:\n${out}`);
  assert.doesNotMatch(out, /\[(warning|error)\]/, out);
});
