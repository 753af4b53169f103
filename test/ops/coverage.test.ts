/**
 * Completeness of the op registry: every declared op has a spec row and PyTorch fixtures (or an
 * explicit, reasoned gap), every backend primitive is used by a declared op, and every backend has
 * every primitive. Adding an op without its spec row, fixture or kernel fails here.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import * as torch from "../../src/index.js";
import { BINARY_OPS, REDUCE_OPS, SCAN_OPS, UNARY_OPS } from "../../src/backend/backend.js";
import { activeBackend } from "../../src/backend/registry.js";
import { registeredOps } from "../../src/ops/registry.js";
import { ROWS } from "./specs.js";
import { SPEC_GAPS } from "./specs/gaps.js";

const dir = fileURLToPath(new URL("../fixtures/ops/", import.meta.url));
const fixtureOps = new Set<string>();
for (const f of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
  const { cases } = JSON.parse(readFileSync(join(dir, f), "utf8")) as { cases: { op: string }[] };
  for (const c of cases) fixtureOps.add(c.op);
}
const rowOps = new Set(ROWS.map((r) => r.op));
const declared = registeredOps().filter((o) => o.aliasOf === undefined);

describe("op registry coverage", () => {
  it("every declared op has a spec row and PyTorch fixture cases, or an explicit gap", () => {
    const missing = declared
      .filter((o) => SPEC_GAPS[o.name] === undefined)
      .flatMap((o) => [
        ...(rowOps.has(o.name) ? [] : [`${o.name}: no spec row (test/ops/specs/${o.family}…)`]),
        ...(fixtureOps.has(o.name) ? [] : [`${o.name}: no fixture cases (scripts/fixtures/ops_*.py)`]),
      ]);
    assert.deepEqual(missing, [], missing.join("\n"));
  });

  it("every gap names a declared op that really lacks its row or fixture", () => {
    const names = new Set(declared.map((o) => o.name));
    const stale = Object.keys(SPEC_GAPS).filter((n) => !names.has(n) || (rowOps.has(n) && fixtureOps.has(n)));
    assert.deepEqual(stale, [], `stale entries in test/ops/specs/gaps.ts: ${stale.join(", ")}`);
  });

  it("every elementwise primitive is run by a declared op", () => {
    const used = new Set(registeredOps().flatMap((o) => o.kernels));
    const unused = [...UNARY_OPS, ...BINARY_OPS].filter((k) => !used.has(k));
    assert.deepEqual(unused, [], `primitives no op runs: ${unused.join(", ")}`);
  });

  it("every reduce and scan primitive is run by a declared op", () => {
    const used = new Set(registeredOps().flatMap((o) => o.kernels));
    const unused = [...REDUCE_OPS, ...SCAN_OPS].filter((k) => !used.has(k));
    assert.deepEqual(unused, [], `primitives no op runs: ${unused.join(", ")}`);
  });

  it("every backend implements every primitive", () => {
    for (const name of torch.listBackends()) {
      const prev = torch.getBackend();
      torch.setBackend(name);
      try {
        const b = activeBackend();
        for (const k of UNARY_OPS) assert.equal(typeof b.unary[k], "function", `${name} lacks unary ${k}`);
        for (const k of BINARY_OPS) assert.equal(typeof b.binary[k], "function", `${name} lacks binary ${k}`);
        for (const k of REDUCE_OPS) assert.equal(typeof b.reduce[k], "function", `${name} lacks reduce ${k}`);
        for (const k of SCAN_OPS) assert.equal(typeof b.scan[k], "function", `${name} lacks scan ${k}`);
      } finally {
        torch.setBackend(prev);
      }
    }
  });

  it("a declared op's methods exist on Tensor, in-place ones with their `_` twin", () => {
    const proto = torch.Tensor.prototype as unknown as Record<string, unknown>;
    const missing = registeredOps().flatMap((o) => [
      ...(o.mode !== "function" && typeof proto[o.name] !== "function" ? [o.name] : []),
      ...(o.mode === "inplace" && typeof proto[`${o.name}_`] !== "function" ? [`${o.name}_`] : []),
    ]);
    assert.deepEqual(missing, []);
  });
});
