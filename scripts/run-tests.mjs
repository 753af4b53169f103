#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's built-in runner (tsx as loader).
// Node 20's `--test` does not expand globs, so the file list is built here.
// The full suite (no filters, as CI runs it) first runs the static checks (scripts/static-checks.mjs:
// typecheck, eslint, prettier --check), since tsx strips types without checking them.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { staticChecks } from "./static-checks.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const filters = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (name.endsWith(".test.ts")) out.push(relative(root, p));
  }
  return out;
}

if (filters.length === 0 && !(await staticChecks())) process.exit(1);

let files = collect(join(root, "test"));
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error("run-tests: no test files matched");
  process.exit(1);
}
const res = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
  cwd: root,
  stdio: "inherit",
});
if (res.status !== 0) process.exit(res.status ?? 1);

// In CI (CI set, as .ci/run does) the full suite also runs the native and op tests on the lower
// ISA paths this CPU can run (the portable one always, AVX2 when AVX-512 was chosen), so every
// compiled path is checked (with uninitialised and recycled buffers poisoned, so an output a
// kernel leaves unwritten or a gradient buffer reused while still referenced reads as NaN), then
// the op tests on an AddressSanitizer + UndefinedBehaviorSanitizer
// build of the addon (`npm run test:sanitize`), when the addon builds here.
const wantSanitize = filters.length === 0 && (process.env.CI || process.env.ANTORCHA_SANITIZE === "1");
if (wantSanitize) {
  if (!existsSync(join(root, "build", "Release", "antorcha_native.node"))) {
    console.log("run-tests: the native addon is not built here, so the sanitizer stage is skipped");
  } else {
    const isaFiles = files.filter((f) => /test\/backend\/|test\/ops\/ops\.test|test\/autograd\//.test(f));
    const probe = spawnSync(
      process.execPath,
      ["--import", "tsx", "-e", 'import("./src/backend/native/index.ts").then((m) => console.log(m.nativeInfo().isa))'],
      { cwd: root, encoding: "utf8" },
    );
    const chosen = probe.stdout.trim();
    for (const isa of chosen === "avx512" ? ["avx2", "scalar"] : chosen === "avx2" ? ["scalar"] : []) {
      console.log(`run-tests: native and op tests with ANTORCHA_ISA=${isa} (this CPU chose ${chosen})`);
      const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=dot", ...isaFiles], {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, ANTORCHA_ISA: isa, ANTORCHA_POISON_UNINIT: "1" },
      });
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
    const san = spawnSync(process.execPath, [join(root, "scripts", "test-sanitize.mjs")], {
      cwd: root,
      stdio: "inherit",
    });
    process.exit(san.status ?? 1);
  }
}
process.exit(0);
