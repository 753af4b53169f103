/**
 * `npm run coverage`: what the op registry declares and what covers it — ops per family, which
 * have spec rows and PyTorch fixtures, the explicit gaps, and the primitives each backend runs
 * (natively or as a declared gap). The same facts `test/ops/coverage.test.ts` enforces.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import "../src/index.js";
import { BINARY_OPS, REDUCE_OPS, SCAN_OPS, UNARY_OPS } from "../src/backend/backend.js";
import { registeredOps } from "../src/ops/registry.js";
import { ROWS } from "../test/ops/specs.js";
import { SPEC_GAPS } from "../test/ops/specs/gaps.js";

const dir = fileURLToPath(new URL("../test/fixtures/ops/", import.meta.url));
const fixtureOps = new Set<string>();
for (const f of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
  const { cases } = JSON.parse(readFileSync(join(dir, f), "utf8")) as { cases: { op: string }[] };
  for (const c of cases) fixtureOps.add(c.op);
}
const rows = new Set(ROWS.map((r) => r.op));

const byFamily = new Map<string, { ops: number; aliases: number; specced: number; gaps: string[] }>();
for (const o of registeredOps()) {
  const f = byFamily.get(o.family) ?? { ops: 0, aliases: 0, specced: 0, gaps: [] };
  byFamily.set(o.family, f);
  if (o.aliasOf !== undefined) {
    f.aliases++;
    continue;
  }
  f.ops++;
  if (rows.has(o.name) && fixtureOps.has(o.name)) f.specced++;
  else f.gaps.push(o.name);
}
console.log("op registry: ops per family (aliases apart), with spec row + PyTorch fixtures");
for (const [family, f] of [...byFamily].sort()) {
  console.log(
    `  ${family.padEnd(10)} ${String(f.ops).padStart(4)} ops  ${String(f.aliases).padStart(3)} aliases  ${f.specced} specced`,
  );
  for (const g of f.gaps) console.log(`      gap ${g}: ${SPEC_GAPS[g] ?? "NO SPEC ROW/FIXTURE AND NO GAP ENTRY"}`);
}

const prims = { unary: UNARY_OPS, binary: BINARY_OPS, reduce: REDUCE_OPS, scan: SCAN_OPS };
console.log("\nbackend primitives");
for (const [family, names] of Object.entries(prims))
  console.log(`  ${family.padEnd(7)} ${names.length}: ${names.join(" ")}`);
try {
  const native = (await import("../src/backend/native/index.js")) as Record<string, unknown>;
  const cov = native.nativeKernelCoverage as undefined | (() => unknown);
  if (typeof cov === "function") console.log("\nnative backend\n", JSON.stringify(cov(), null, 2));
} catch (e) {
  console.log(`\nnative backend: not loaded (${(e as Error).message})`);
}

// webgpu: the backend kernels without a WGSL version, and the registry ops that run them.
const { WEBGPU_GAPS } = await import("../src/backend/webgpu/backend.js");
console.log(`\nwebgpu backend: ${Object.keys(WEBGPU_GAPS).length} kernel gaps`);
for (const [kernel, why] of Object.entries(WEBGPU_GAPS)) {
  const prim = kernel.replace(/^scan\./, "");
  const ops = registeredOps()
    .filter((o) => o.aliasOf === undefined && o.kernels.includes(prim))
    .map((o) => o.name);
  console.log(`  gap ${kernel}: ${why}${ops.length > 0 ? ` (ops: ${ops.join(", ")})` : ""}`);
}

// webgpu, per registry op: run the op-spec table there (it needs an adapter) and report each op
// as running (cases that agree with the CPU), a listed gap (with its reason), or not exercised.
const { WEBGPU_OP_GAPS } = await import("../src/backend/webgpu/op-gaps.js");
const report = join(mkdtempSync(join(tmpdir(), "antorcha-cov-")), "webgpu.json");
const table = fileURLToPath(new URL("../test/backend/webgpu/spec-table.test.ts", import.meta.url));
spawnSync(process.execPath, ["--import", "tsx", "--test", table], {
  env: { ...process.env, WEBGPU_COVERAGE_JSON: report },
  stdio: "ignore",
});
if (!existsSync(report)) {
  console.log("\nwebgpu ops: not measured (no WebGPU adapter here; see docs/webgpu.md)");
} else {
  const run = JSON.parse(readFileSync(report, "utf8")) as {
    passed: Record<string, number>;
    gaps: Record<string, string>;
  };
  const ops = registeredOps().filter((o) => o.aliasOf === undefined);
  const passing = ops.filter((o) => run.passed[o.name] !== undefined && run.gaps[o.name] === undefined);
  const partial = ops.filter((o) => run.passed[o.name] !== undefined && run.gaps[o.name] !== undefined);
  const gapOnly = ops.filter((o) => run.passed[o.name] === undefined && run.gaps[o.name] !== undefined);
  const unrun = ops.filter((o) => run.passed[o.name] === undefined && run.gaps[o.name] === undefined);
  const cases = Object.values(run.passed).reduce((a, b) => a + b, 0);
  console.log(
    `\nwebgpu ops (the op-spec table run there): ${passing.length} run every case webgpu can hold (${cases} cases agree with the CPU), ${partial.length} run some forms, ${gapOnly.length} are gaps, ${unrun.length} have no case webgpu can hold`,
  );
  for (const o of [...partial, ...gapOnly])
    console.log(
      `  ${run.passed[o.name] ? "partial" : "gap"} ${o.name}: ${WEBGPU_OP_GAPS[o.name] ?? `UNLISTED: ${run.gaps[o.name]}`}`,
    );
  for (const o of unrun)
    console.log(
      `  ${WEBGPU_OP_GAPS[o.name] ? `gap ${o.name}: ${WEBGPU_OP_GAPS[o.name]}` : `not in the table ${o.name}: ${notExercised(o.name)}`}`,
    );
}

/** Why the table ran no case of `op` on webgpu: no fixture cases, or none in dtypes it holds. */
function notExercised(op: string): string {
  if (!rows.has(op)) return "no spec row of its own (test/backend/webgpu/other-forms.test.ts runs it there)";
  if (!fixtureOps.has(op)) return "no PyTorch fixture case";
  return "no fixture case with an input webgpu holds (test/backend/webgpu/other-forms.test.ts runs it there)";
}
