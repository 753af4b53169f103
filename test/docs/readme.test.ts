/**
 * The README's 30-line tour runs as a newcomer would run it: the block between the tour markers
 * is written to a file (importing this checkout instead of "antorcha") and executed with tsx.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("README tour runs and prints what it promises", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = /<!-- tour:start[^>]*-->\s*```ts\n([\s\S]*?)```\s*<!-- tour:end -->/.exec(readme);
  assert.ok(block, "README has a tour block between <!-- tour:start --> and <!-- tour:end -->");
  const code = block[1]!;
  assert.ok(code.trim().split("\n").length <= 30, "the tour is at most 30 lines");
  const dir = mkdtempSync(join(tmpdir(), "antorcha-tour-"));
  try {
    const file = join(dir, "tour.mts"); // .mts: an ES module wherever it lives (top-level await)
    const src = pathToFileURL(join(root, "src", "index.ts")).href;
    writeFileSync(file, code.replace(`from "antorcha"`, `from ${JSON.stringify(src)}`));
    const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, `tour failed:\n${r.stderr}`);
    const out = r.stdout;
    assert.match(out, /tensor\(\[\[-1\.0000\],\n {8}\[-0\.9899\]\]\)/);
    const losses = [...out.matchAll(/epoch (\d+) {2}loss (\d+\.\d+)/g)].map((m) => Number(m[2]));
    assert.equal(losses.length, 3);
    assert.ok(losses[2]! < losses[0]! / 5, `loss falls: ${losses.join(", ")}`);
    const pred = /tensor\(\[\[(-?\d+\.\d+)\]\]/.exec(out.slice(out.lastIndexOf("epoch 200")));
    assert.ok(pred && Math.abs(Number(pred[1]) - 0.75) < 0.15, `model(0.5) ≈ 0.75: got ${pred?.[1]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
