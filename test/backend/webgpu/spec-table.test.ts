/**
 * The op-spec table on webgpu: every fixture case whose inputs webgpu can hold (float32, float16,
 * int32, int64 within 32 bits, int16, int8, uint8, bool) runs on the CPU and on webgpu
 * (non-contiguous inputs stay strided views there), and the results must agree — float32 within
 * 1e-4 relative (WGSL's transcendentals are not correctly rounded), float16 within PyTorch's
 * float16 tolerance (1e-3 relative, 1e-5 absolute: one float16 ulp, as both compute in float32
 * and round), integers and bools exactly. An op without a
 * webgpu kernel must say so (`[op] not available on webgpu yet`, or a sync read's error); any
 * other error, a wrong value, or a result left on the CPU fails. The ops an MLP needs must pass.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import { decode, type FixtureCase } from "../../ops/fixture.js";
import { features } from "../../../src/backend/webgpu/wgsl.js";
import { describeWebgpu } from "./setup.js";
import { decodeOnGpu, FIXTURE_DIR as dir, GAP, list, rowByOp } from "./fixture-cases.js";
import { WEBGPU_OP_GAPS } from "../../../src/backend/webgpu/op-gaps.js";

const HELD = new Set(["float32", "float16", "int32", "int64", "int16", "int8", "uint8", "bool"]);
if (!features.f16) HELD.delete("float16"); // an adapter without shader-f16 (dtypes.test.ts checks its error)
/** Ops an MLP's forward and backward run: each must pass at least one case. */
const REQUIRED = [
  "add", "sub", "mul", "div", "neg", "exp", "log", "relu", "sigmoid", "tanh", "sqrt", "pow", "maximum",
  "minimum", "eq", "lt", "gt", "where", "sum", "mean", "amax", "amin", "argmax", "softmax", "logSoftmax",
  "matmul", "clone", "gather",
]; // prettier-ignore

/**
 * Known deviations, by "op id" of the fixture case, each with its reason (docs/webgpu.md).
 */
const KNOWN: Record<string, string> = {
  "fmod float signs":
    "float32 fmod near an exact multiple can be off by one divisor: no exactly rounded fma on lavapipe",
  "remainder float signs": "as fmod",
  "floorDivide float signs": "as fmod",
  "div floor float32": "as fmod",
};

async function compare(got: torch.Tensor, want: torch.Tensor, what: string): Promise<string | null> {
  if (got.device.type !== "webgpu") {
    // An empty result computes nothing; it is still made on the wrong device (a known gap).
    if (got.numel() === 0) throw new Error("empty result is not available on webgpu yet");
    return `${what}: result on ${got.device.type}, expected webgpu`;
  }
  if (got.dtype !== want.dtype) return `${what}: dtype ${got.dtype}, expected ${want.dtype}`;
  if (got.shape.join() !== want.shape.join()) return `${what}: shape [${got.shape}], expected [${want.shape}]`;
  const g = (await got.toAsync("cpu")).dataFloat();
  const w = want.dataFloat();
  const float = want.dtype === "float32";
  const half = want.dtype === "float16";
  for (let i = 0; i < w.length; i++) {
    const a = g[i]!;
    const e = w[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (a === e) continue;
    if (float && Math.abs(a - e) <= 1e-5 + 1e-4 * Math.abs(e)) continue;
    if (half && Math.abs(a - e) <= 1e-5 + 1e-3 * Math.abs(e)) continue;
    return `${what}[${i}]: ${a}, expected ${e}`;
  }
  return null;
}

interface Tally {
  passed: Map<string, number>;
  gaps: Map<string, string>;
  failures: string[];
}
const tally: Tally = { passed: new Map(), gaps: new Map(), failures: [] };
/** Cases that agree with a float16 input or output, and with a uint8/int8/int16 one. */
const byDtype = { float16: 0, small: 0 };

async function runCase(c: FixtureCase, name: string): Promise<void> {
  const row = rowByOp.get(c.op);
  if (row === undefined || row.skipBackends?.webgpu) return;
  if (c.inputs.length === 0 || !c.inputs.every((j) => HELD.has(j.dtype))) return;
  if (KNOWN[`${c.op} ${c.id ?? ""}`] !== undefined) return;
  // int64 beyond 32 bits is outside webgpu's int64 emulation
  const outs = Array.isArray(c.out) ? c.out : [c.out];
  if (outs.some((o) => o.dtype === "int64" && o.values.some((v) => Math.abs(Number(v)) > 2 ** 31 - 1))) return;
  let want: torch.Tensor[];
  try {
    want = list(row.fn(c.inputs.map(decode), c.args));
  } catch {
    return; // a case about an error: the CPU's error tables cover it
  }
  if (!want.every((t) => t instanceof torch.Tensor && HELD.has(t.dtype))) return;
  let got: torch.Tensor[];
  try {
    got = list(row.fn(c.inputs.map(decodeOnGpu), c.args));
    for (let k = 0; k < got.length; k++) {
      const bad = await compare(got[k]!, want[k]!, `${name} output ${k}`);
      if (bad !== null) {
        tally.failures.push(bad);
        return;
      }
    }
  } catch (e) {
    const msg = (e as Error).message;
    if (GAP.test(msg)) {
      if (!tally.gaps.has(c.op)) tally.gaps.set(c.op, msg.split(":")[0]!);
      return;
    }
    tally.failures.push(`${name}: ${msg}`);
    return;
  }
  tally.passed.set(c.op, (tally.passed.get(c.op) ?? 0) + 1);
  const dts = [...c.inputs.map((j) => j.dtype), ...want.map((t) => t.dtype)];
  if (dts.includes("float16")) byDtype.float16++;
  if (dts.some((d) => d === "uint8" || d === "int8" || d === "int16")) byDtype.small++;
}

describeWebgpu("the op-spec table on webgpu", () => {
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    it(`${file}: results agree with the CPU or name the gap`, async () => {
      const { cases } = JSON.parse(readFileSync(join(dir, file), "utf8")) as { cases: FixtureCase[] };
      const before = tally.failures.length;
      for (let i = 0; i < cases.length; i++) {
        const c = cases[i]!;
        await runCase(c, `${c.op}${c.id ? ` ${c.id}` : ""} #${i}`);
      }
      const mine = tally.failures.slice(before);
      assert.deepEqual(mine, [], `${mine.length} cases differ on webgpu:\n${mine.slice(0, 20).join("\n")}`);
    });
  }

  it("the ops an MLP needs pass, and the summary is reported", () => {
    const missing = REQUIRED.filter((op) => !tally.passed.has(op));
    assert.deepEqual(missing, [], `ops with no passing webgpu case: ${missing.join(", ")}`);
    const cases = [...tally.passed.values()].reduce((a, b) => a + b, 0);
    console.log(
      `webgpu spec table: ${cases} cases of ${tally.passed.size} ops agree with the CPU; ${tally.gaps.size} ops are gaps`,
    );
    const out = process.env.WEBGPU_COVERAGE_JSON;
    if (out !== undefined && out !== "")
      writeFileSync(
        out,
        JSON.stringify({ passed: Object.fromEntries(tally.passed), gaps: Object.fromEntries(tally.gaps) }),
      );
  });

  it("every op that is a gap on webgpu is listed with its reason in WEBGPU_OP_GAPS, and no listed op runs every case", () => {
    const unlisted = [...tally.gaps].filter(([op]) => WEBGPU_OP_GAPS[op] === undefined).map(([op, m]) => `${op}: ${m}`);
    assert.deepEqual(unlisted, [], `gaps not in src/backend/webgpu/op-gaps.ts:\n${unlisted.join("\n")}`);
    // (a listed op whose cases webgpu cannot hold — float64 fixtures — is not run here at all)
    const stale = Object.keys(WEBGPU_OP_GAPS).filter((op) => tally.passed.has(op) && !tally.gaps.has(op));
    assert.deepEqual(stale, [], `listed in op-gaps.ts but every case runs: ${stale.join(", ")}`);
  });
});
