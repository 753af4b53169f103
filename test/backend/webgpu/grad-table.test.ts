/**
 * The op-spec table's gradients on webgpu. WebGPU has no float64, so float64 gradcheck cannot
 * run there; instead every fixture case of a differentiable row (`grad` in test/ops/specs) whose
 * inputs webgpu can hold runs forward and backward on the CPU and on webgpu with the same
 * upstream gradients (the fixture's, else ones), and the input gradients must agree within
 * float32 tolerance. An op whose forward or backward raises a gap error (a CPU helper tensor, a
 * sync read, a missing kernel) is tallied as a gap with its first error; any other error, a wrong
 * value, a missing gradient or a gradient left on the CPU fails.
 * `WEBGPU_GRAD_GAPS=1` prints the gaps, one op a line.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import { decode, type FixtureCase } from "../../ops/fixture.js";
import type { OpRow } from "../../ops/specs/types.js";
import { describeWebgpu } from "./setup.js";
import { decodeOnGpu, FIXTURE_DIR as dir, GAP as SHARED_GAP, list, rowByOp } from "./fixture-cases.js";

const HELD = new Set(["float32", "int32", "int64", "bool"]);
// float16 cases meet an adapter without shader-f16 here too (the forward table drops them)
const GAP = new RegExp(`${SHARED_GAP.source}|needs the adapter feature`);
/** Ops an MLP's backward needs: each must pass at least one case. */
const REQUIRED = ["add", "sub", "mul", "div", "exp", "log", "relu", "sigmoid", "tanh", "sum", "mean", "matmul", "logSoftmax"]; // prettier-ignore
/** Float32 tolerance of a gradient: |got − want| ≤ ATOL + RTOL·|want| (backward formulas reduce). */
const RTOL = 1e-4;
const ATOL = 1e-4;

/** Cases whose CPU gradients webgpu is known not to reproduce, each with its reason. */
const KNOWN: Record<string, string> = {};

/**
 * Forward and backward of one case on one device: the differentiable float inputs become leaves
 * (a strided input stays a view of its leaf), Σ outᵏ·gradOutᵏ is backpropagated, and the leaves'
 * gradients are returned (null where an input is not differentiable).
 */
function gradients(row: OpRow, c: FixtureCase, gpu: boolean): (torch.Tensor | null)[] {
  torch.manualSeed(0);
  const inputs = c.inputs.map(gpu ? decodeOnGpu : decode);
  const leaves = inputs.map((x, k) => (row.grad!.includes(k) && x.isFloatingPoint() ? x.detach().requiresGrad_() : x));
  const outs = list(row.fn(leaves, c.args));
  let loss: torch.Tensor | null = null;
  outs.forEach((o, k) => {
    if (!o.requiresGrad) return;
    const j = c.gradOutputs?.[k];
    const go = j ? (gpu ? decodeOnGpu(j) : decode(j)) : torch.onesLike(o);
    const term = o.mul(go).sum();
    loss = loss === null ? term : loss.add(term);
  });
  if (loss === null) return leaves.map(() => null);
  (loss as torch.Tensor).backward();
  return leaves.map((x) => (x.requiresGrad ? x.grad : null));
}

async function compare(got: torch.Tensor | null, want: torch.Tensor | null, what: string): Promise<string | null> {
  if (want === null) return null;
  if (got === null) return `${what}: no gradient on webgpu (the CPU has one)`;
  if (got.device.type !== "webgpu") return `${what}: gradient on ${got.device.type}, expected webgpu`;
  if (got.dtype !== want.dtype) return `${what}: dtype ${got.dtype}, expected ${want.dtype}`;
  if (got.shape.join() !== want.shape.join()) return `${what}: shape [${got.shape}], expected [${want.shape}]`;
  const g = (await got.toAsync("cpu")).dataFloat();
  const w = want.dataFloat();
  for (let i = 0; i < w.length; i++) {
    const a = g[i]!;
    const e = w[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (a === e || Math.abs(a - e) <= ATOL + RTOL * Math.abs(e)) continue;
    return `${what}[${i}]: ${a}, expected ${e}`;
  }
  return null;
}

interface Tally {
  passed: Map<string, number>;
  /** op → its first gap error in a forward pass. */
  gaps: Map<string, string>;
  /** op → its first gap error in a backward pass (the op's forward ran on webgpu). */
  backwardGaps: Map<string, string>;
  failures: string[];
}
const tally: Tally = { passed: new Map(), gaps: new Map(), backwardGaps: new Map(), failures: [] };

async function runCase(c: FixtureCase, name: string): Promise<void> {
  const row = rowByOp.get(c.op);
  if (row?.grad === undefined || row.skipBackends?.webgpu || c.grads === undefined) return;
  if (c.inputs.length === 0 || !c.inputs.every((j) => HELD.has(j.dtype))) return;
  if (!row.grad.some((k) => c.inputs[k]?.dtype === "float32")) return;
  if (KNOWN[`${c.op} ${c.id ?? ""}`] !== undefined) return;
  let want: (torch.Tensor | null)[];
  try {
    want = gradients(row, c, false);
  } catch {
    return; // a case about an error: the CPU's error tables cover it
  }
  if (want.every((g) => g === null)) return;
  let stage = "forward";
  try {
    // The forward alone first, so a gap is attributed to the forward or to the backward.
    list(row.fn(c.inputs.map(decodeOnGpu), c.args));
    stage = "backward";
    const got = gradients(row, c, true);
    for (let k = 0; k < want.length; k++) {
      const bad = await compare(got[k] ?? null, want[k]!, `${name} grad ${k}`);
      if (bad !== null) {
        tally.failures.push(bad);
        return;
      }
    }
  } catch (e) {
    const msg = (e as Error).message;
    if (GAP.test(msg)) {
      const gaps = stage === "backward" ? tally.backwardGaps : tally.gaps;
      if (!gaps.has(c.op)) gaps.set(c.op, msg.split("\n")[0]!);
      return;
    }
    tally.failures.push(`${name} (${stage}): ${msg.split("\n")[0]}`);
    return;
  }
  tally.passed.set(c.op, (tally.passed.get(c.op) ?? 0) + 1);
}

describeWebgpu("the op-spec table's gradients on webgpu", () => {
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    it(`${file}: input gradients agree with the CPU's or name the gap`, async () => {
      const { cases } = JSON.parse(readFileSync(join(dir, file), "utf8")) as { cases: FixtureCase[] };
      const before = tally.failures.length;
      for (let i = 0; i < cases.length; i++) {
        const c = cases[i]!;
        await runCase(c, `${c.op}${c.id ? ` ${c.id}` : ""} #${i}`);
      }
      const mine = tally.failures.slice(before);
      assert.deepEqual(mine, [], `${mine.length} cases' gradients differ on webgpu:\n${mine.slice(0, 20).join("\n")}`);
    });
  }

  it("the gradients an MLP needs pass, and the summary is reported", () => {
    const missing = REQUIRED.filter((op) => !tally.passed.has(op));
    assert.deepEqual(missing, [], `ops with no passing webgpu gradient case: ${missing.join(", ")}`);
    const cases = [...tally.passed.values()].reduce((a, b) => a + b, 0);
    const gaps = new Set([...tally.gaps.keys(), ...tally.backwardGaps.keys()]);
    console.log(
      `webgpu grad table: ${cases} cases of ${tally.passed.size} ops agree; ${gaps.size} ops are gaps (${tally.backwardGaps.size} in a backward)`,
    );
    if (process.env.WEBGPU_GRAD_GAPS) {
      for (const [op, e] of [...tally.backwardGaps].sort()) console.log(`  backward ${op}: ${e}`);
      for (const [op, e] of [...tally.gaps].sort()) console.log(`  forward  ${op}: ${e}`);
    }
  });
});
