/**
 * Drives the op-spec table: each PyTorch fixture case runs on every backend (forward values,
 * dtype and shape; analytic gradients against PyTorch's), differentiable rows pass float64
 * gradcheck, and every error row raises its one-line message.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import * as torch from "../../src/index.js";
import { assertClose, decode, defaultTol, type FixtureCase } from "./fixture.js";
import { ERRORS, ROWS, type OpRow } from "./specs.js";

const dir = fileURLToPath(new URL("../fixtures/ops/", import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();
const rowByOp = new Map<string, OpRow>();
for (const r of ROWS) {
  assert.ok(!rowByOp.has(r.op), `duplicate op-spec row ${r.op}`);
  rowByOp.set(r.op, r);
}

function asList(x: torch.Tensor | torch.Tensor[]): torch.Tensor[] {
  return Array.isArray(x) ? x : [x];
}

function caseName(c: FixtureCase, i: number): string {
  return `${c.op}${c.id ? ` ${c.id}` : ""} #${i}`;
}

const casesByOp = new Map<string, FixtureCase[]>();

for (const file of files) {
  const { cases } = JSON.parse(readFileSync(join(dir, file), "utf8")) as { cases: FixtureCase[] };
  for (const c of cases) {
    if (!casesByOp.has(c.op)) casesByOp.set(c.op, []);
    casesByOp.get(c.op)!.push(c);
  }
  for (const backend of torch.listBackends()) {
    describe(`${file} on ${backend}`, () => {
      cases.forEach((c, i) => {
        const row = rowByOp.get(c.op);
        it(caseName(c, i), (t) => {
          assert.ok(row, `no op-spec row for fixture op "${c.op}": add one to test/ops/specs/`);
          const skip = row.skipBackends?.[backend];
          if (skip) return t.skip(skip);
          const prev = torch.getBackend();
          torch.setBackend(backend);
          try {
            runCase(row, c, caseName(c, i));
          } finally {
            torch.setBackend(prev);
          }
        });
      });
    });
  }
}

function runCase(row: OpRow, c: FixtureCase, name: string): void {
  const inputs = c.inputs.map(decode);
  const wantGrads = row.grad !== undefined && c.grads !== undefined;
  const leaves = inputs.map((x, k) => {
    if (!wantGrads || !row.grad!.includes(k) || !x.isFloatingPoint()) return x;
    // Gradients are taken w.r.t. a leaf; a non-contiguous input stays a view of that leaf.
    return x.detach().requiresGrad_();
  });
  const outs = asList(row.fn(leaves, c.args));
  const expected = Array.isArray(c.out) ? c.out : [c.out];
  assert.equal(outs.length, expected.length, `${name}: number of outputs`);
  outs.forEach((o, k) => {
    const tol = { ...defaultTol(expected[k]!.dtype, false), ...pick(row) };
    assertClose(o, expected[k]!, `${name} output ${k}`, tol);
  });
  if (!wantGrads) return;
  let loss: torch.Tensor | null = null;
  outs.forEach((o, k) => {
    if (!o.requiresGrad) return;
    const go = c.gradOutputs?.[k] ? decode(c.gradOutputs[k]!) : torch.onesLike(o);
    const term = o.mul(go).sum();
    loss = loss === null ? term : loss.add(term);
  });
  assert.ok(loss !== null, `${name}: no output requires grad`);
  (loss as torch.Tensor).backward();
  c.grads!.forEach((g, k) => {
    if (g === null) return;
    const got = leaves[k]!.grad;
    assert.ok(got, `${name}: input ${k} got no gradient`);
    assertClose(got, g, `${name} grad ${k}`, { ...defaultTol(g.dtype, true), ...pick(row) });
  });
}

function pick(row: OpRow): { rtol?: number; atol?: number } {
  const o: { rtol?: number; atol?: number } = {};
  if (row.rtol !== undefined) o.rtol = row.rtol;
  if (row.atol !== undefined) o.atol = row.atol;
  return o;
}

describe("gradcheck (float64) of every differentiable row", () => {
  for (const row of ROWS) {
    if (row.grad === undefined) continue;
    it(row.op, (t) => {
      if (row.skipGradcheck) return t.skip(row.skipGradcheck);
      const cases = (casesByOp.get(row.op) ?? []).filter((c) => c.grads !== undefined);
      assert.ok(cases.length > 0, `row ${row.op} is differentiable but has no fixture case with grads`);
      let checked = 0;
      for (const c of cases.slice(0, 3)) {
        const inputs = c.inputs.map(decode);
        // Rows may list more differentiable inputs than a scalar-operand case has tensors.
        const diff = row.grad!.filter((k) => k < inputs.length);
        if (diff.length === 0 || !diff.every((k) => inputs[k]!.isFloatingPoint())) continue;
        const xs = inputs.map((x, k) => (diff.includes(k) ? x.to("float64").detach().requiresGrad_() : x));
        const ok = torch.autograd.gradcheck((...ins: torch.Tensor[]) => row.fn(ins, c.args), xs);
        assert.equal(ok, true);
        checked++;
      }
      assert.ok(checked > 0, `row ${row.op}: no float case to gradcheck`);
    });
  }
});

describe("op errors are one line, prefixed with the op name", () => {
  for (const e of ERRORS) {
    it(e.name, () => {
      assert.throws(e.run, (err: Error) => {
        assert.match(err.message, e.match);
        assert.ok(!err.message.includes("\n"), `multi-line error: ${err.message}`);
        assert.match(err.message, /^\[[\w.]+\]/); // `[linalg.inv]`: torch.linalg ops carry their namespace
        return true;
      });
    });
  }
});
