#!/usr/bin/env node
// `npm run test:sanitize`: builds the native addon with AddressSanitizer + UndefinedBehavior-
// Sanitizer into node_modules/.cache/antorcha-sanitize (not build/, so the regular addon is
// untouched), then runs the op-spec table and the native backend tests on it with the ASan
// runtime preloaded into Node. Fails on a failed build, a failed test or any sanitizer report.
// Incremental: only changed sources are recompiled on the next run.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = join(root, "node_modules", ".cache", "antorcha-sanitize");
const addon = join(dir, "build", "Release", "antorcha_native.node");
const TESTS = ["test/ops/ops.test.ts", "test/backend/native.test.ts", "test/backend/fused.test.ts"];
const SAN = "-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined";
// Patterns that mean the sanitizers found something (UBSan prints "runtime error:").
const REPORT =
  /ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer|SUMMARY: (Address|UndefinedBehavior)Sanitizer/;
const t0 = Date.now();

function fail(msg) {
  console.error(`test:sanitize: ${msg}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28, ...opts });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

/** Copies src/ into dst/ file by file, only where contents differ (keeps make incremental). */
function sync(src, dst) {
  mkdirSync(dst, { recursive: true });
  for (const name of readdirSync(src)) {
    const s = join(src, name),
      d = join(dst, name);
    if (statSync(s).isDirectory()) sync(s, d);
    else if (!existsSync(d) || !readFileSync(s).equals(readFileSync(d))) copyFileSync(s, d);
  }
}

function gcc(name) {
  const r = spawnSync("gcc", [`-print-file-name=${name}`], { encoding: "utf8" });
  const p = (r.stdout ?? "").trim();
  return r.status === 0 && p.includes("/") && existsSync(p) ? p : null;
}

// ---- build --------------------------------------------------------------------------------
mkdirSync(dir, { recursive: true });
sync(join(root, "native"), join(dir, "native"));
const gypSrc = readFileSync(join(root, "binding.gyp"));
const gypDst = join(dir, "binding.gyp");
const reconfigure =
  !existsSync(gypDst) || !gypSrc.equals(readFileSync(gypDst)) || !existsSync(join(dir, "build", "Makefile"));
writeFileSync(gypDst, gypSrc);
const gyp = join(root, "node_modules", "node-gyp", "bin", "node-gyp.js");
if (!existsSync(gyp)) fail("node-gyp is not installed (npm install)");
const env = { ...process.env, NODE_PATH: join(root, "node_modules") };
const prefix = dirname(dirname(process.execPath));
const nodedir = existsSync(join(prefix, "include", "node", "node_api.h")) ? [`--nodedir=${prefix}`] : [];
if (reconfigure) {
  const r = run(process.execPath, [gyp, "configure", ...nodedir], { env });
  if (r.status !== 0) fail(`node-gyp configure failed:\n${r.out}`);
}
// -O1 after the target's -O3: sanitizer builds compile much faster and still inline.
const make = run("make", ["-C", "build", `-j${availableParallelism()}`, "BUILDTYPE=Release"], {
  env: { ...env, CXXFLAGS: `${SAN} -O1`, CFLAGS: `${SAN} -O1`, LDFLAGS: SAN },
});
if (make.status !== 0 || !existsSync(addon))
  fail(
    `build failed:\n${make.out
      .split("\n")
      .filter((l) => /error/i.test(l))
      .slice(0, 30)
      .join("\n")}`,
  );
const tBuild = (Date.now() - t0) / 1000;
console.log(`test:sanitize: ASan+UBSan addon built in ${tBuild.toFixed(0)} s (${relative(root, addon)})`);

// ---- run ------------------------------------------------------------------------------------
const asan = gcc("libasan.so");
const ubsan = gcc("libubsan.so");
if (asan === null) fail("libasan.so not found (install gcc's libasan)");
const preload = [asan, ubsan].filter((p) => p !== null).join(":");
const sanEnv = {
  ...process.env,
  LD_PRELOAD: preload,
  ANTORCHA_NATIVE_ADDON: addon,
  // Node's own allocations are never freed at exit: leak checking would only report those.
  ASAN_OPTIONS: "detect_leaks=0:halt_on_error=1:verify_asan_link_order=0",
  UBSAN_OPTIONS: "print_stacktrace=1:halt_on_error=1",
};
// Without this check a sanitized addon that fails to load would silently leave the tests on
// the reference backend.
const probe = spawnSync(process.execPath, ["-e", `console.log(require(${JSON.stringify(addon)}).info().isa)`], {
  encoding: "utf8",
  env: sanEnv,
});
if (probe.status !== 0) fail(`the sanitized addon does not load:\n${probe.stderr}`);
console.log(`test:sanitize: addon loads (ISA ${probe.stdout.trim()}), running ${TESTS.join(" ")}`);
const res = spawnSync(process.execPath, [join(root, "scripts", "run-tests.mjs"), ...TESTS], {
  cwd: root,
  encoding: "utf8",
  maxBuffer: 1 << 28,
  env: sanEnv,
});
const out = `${res.stdout ?? ""}${res.stderr ?? ""}`;
const logPath = join(dir, "last-run.log");
writeFileSync(logPath, out);
const summary = out.split("\n").filter((l) => /^ℹ (tests|pass|fail)/.test(l));
console.log(summary.join("\n"));
const secs = ((Date.now() - t0) / 1000).toFixed(0);
const report = out.split("\n").findIndex((l) => REPORT.test(l));
if (report >= 0)
  fail(
    `sanitizer report (full log ${relative(root, logPath)}):\n${out
      .split("\n")
      .slice(Math.max(0, report - 5), report + 40)
      .join("\n")}`,
  );
if (res.status !== 0) fail(`tests failed (exit ${res.status}; log ${relative(root, logPath)})`);
console.log(`test:sanitize: no sanitizer reports, ${summary.length ? "tests pass" : "done"} (${secs} s in all)`);
