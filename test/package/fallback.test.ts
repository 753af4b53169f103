/**
 * The fallback speaks: when the native core cannot load, the first op prints one line to stderr
 * with the reason and the fix, later ops print nothing, `torch.nativeInfo()` carries the reason,
 * and `ANTORCHA_QUIET=1` (or turning native off on purpose) keeps stderr empty.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const index = pathToFileURL(join(root, "src", "index.ts")).href;
const MISSING = join(root, "no-such-dir", "antorcha_native.node");

const script = `
const torch = await import(${JSON.stringify(index)});
const a = torch.ones(3).add(1).mul(2);
console.log(String(a), torch.getBackend());
torch.zeros(2).exp().sum().item();
console.log(JSON.stringify(torch.nativeInfo()));
`;

function run(env: Record<string, string>): { stdout: string; stderr: string } {
  const clean = { ...process.env };
  for (const k of Object.keys(clean)) if (k.startsWith("ANTORCHA_")) delete clean[k];
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
    env: { ...clean, ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout, stderr: r.stderr };
}

test("a native core that fails to load: one stderr line at the first op, with the reason and the fix", () => {
  const { stdout, stderr } = run({ ANTORCHA_NATIVE_ADDON: MISSING });
  assert.match(stdout, /^tensor\(\[4\., 4\., 4\.\]\) reference$/m);
  const lines = stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, stderr);
  assert.match(
    lines[0]!,
    /^\[antorcha\] native core unavailable, running on the TypeScript backend \(20-50x slower\): failed to load .*no-such-dir.*antorcha_native\.node: Cannot find module .*\(ANTORCHA_QUIET=1 hides this line\)$/,
  );
  const info = JSON.parse(stdout.trim().split("\n").pop()!) as { available: boolean; reason: string };
  assert.equal(info.available, false);
  assert.match(info.reason, /^failed to load .*antorcha_native\.node: Cannot find module/);
});

test("ANTORCHA_QUIET=1, ANTORCHA_NO_NATIVE and ANTORCHA_BACKEND=reference keep stderr empty", () => {
  const envs: Record<string, string>[] = [
    { ANTORCHA_NATIVE_ADDON: MISSING, ANTORCHA_QUIET: "1" },
    { ANTORCHA_NO_NATIVE: "1" },
    { ANTORCHA_NATIVE_ADDON: MISSING, ANTORCHA_BACKEND: "reference" },
  ];
  for (const env of envs) {
    const { stdout, stderr } = run(env);
    assert.equal(stderr, "", JSON.stringify(env));
    assert.match(stdout, /^tensor\(\[4\., 4\., 4\.\]\) reference$/m);
  }
});
