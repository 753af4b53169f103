/**
 * examples/computational-graph.ts into a temp dir: the four graphs of the book's chapter 1 are
 * written as DOT, SVG and PNG, and their nodes are PyTorch's (the grad_fn names and counts
 * torch 1.13 records for the same code: AddBackward0, MulBackward0, SubBackward0, PowBackward0,
 * MeanBackward0, one AccumulateGrad per parameter that requires grad).
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { main, type Result } from "../../examples/computational-graph.js";

const outDir = mkdtempSync(join(tmpdir(), "antorcha-computational-graph-"));
after(() => rmSync(outDir, { recursive: true, force: true }));

/** Node label → count, edges as label pairs. */
function parse(dot: string): { count: Map<string, number>; edges: Set<string> } {
  const labels = new Map<string, string>();
  const pairs: [string, string][] = [];
  for (const line of dot.split("\n")) {
    let m = /^\t(n\d+) \[label="((?:[^"\\]|\\.)*)"/.exec(line);
    if (m) labels.set(m[1]!, m[2]!.replace(/\\n/g, "\n"));
    else if ((m = /^\t(n\d+) -> (n\d+)$/.exec(line))) pairs.push([m[1]!, m[2]!]);
  }
  const count = new Map<string, number>();
  for (const l of labels.values()) count.set(l, (count.get(l) ?? 0) + 1);
  return { count, edges: new Set(pairs.map(([u, v]) => `${labels.get(u)} -> ${labels.get(v)}`)) };
}

describe("examples/computational-graph", () => {
  const lines: string[] = [];
  let r: Result;
  before(async () => {
    r = await main({ outDir, log: (l) => lines.push(l) });
  });

  test("writes each graph as DOT, SVG and PNG, and says where", () => {
    assert.deepEqual(Object.keys(r).sort(), ["loss", "loss-branch", "yhat", "yhat-nograd"]);
    for (const [name, g] of Object.entries(r)) {
      assert.deepEqual(g.files, {
        dot: join(outDir, `${name}.dot`),
        svg: join(outDir, `${name}.svg`),
        png: join(outDir, `${name}.png`),
      });
      for (const f of Object.values(g.files)) assert.ok(existsSync(f), f);
      assert.equal(readFileSync(g.files.dot, "utf8"), g.dot);
      const svg = readFileSync(g.files.svg, "utf8");
      assert.match(svg, /<svg[\s\S]*<\/svg>/);
      assert.ok(svg.includes("AccumulateGrad") && svg.includes("MulBackward0"), name);
      const png = readFileSync(g.files.png);
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${name}.png`);
      assert.equal(png.subarray(12, 16).toString(), "IHDR");
      assert.ok(png.readUInt32BE(16) > 100 && png.readUInt32BE(20) > 100, `${name}.png size`);
      assert.ok(lines.includes(`${name}: graph saved to ${g.files.dot}, ${g.files.svg} and ${g.files.png}`));
    }
  });

  test("yhat = b + w * x: AddBackward0 of b's AccumulateGrad and MulBackward0 of w's", () => {
    const { count, edges } = parse(r.yhat.dot);
    assert.equal(count.get("AddBackward0"), 1);
    assert.equal(count.get("MulBackward0"), 1);
    assert.equal(count.get("AccumulateGrad"), 2);
    for (const e of ["b\n (1) -> AccumulateGrad", "w\n (1) -> AccumulateGrad", "MulBackward0 -> AddBackward0"])
      assert.ok(edges.has(e), e);
    assert.ok(edges.has("AddBackward0 -> \n (80, 1)"), "the output: 80 training points");
  });

  test("loss = mean((yhat - y)²): SubBackward0 → PowBackward0 → MeanBackward0", () => {
    const { count, edges } = parse(r.loss.dot);
    assert.deepEqual(Object.fromEntries([...count].filter(([l]) => /Backward|Accumulate/.test(l))), {
      MeanBackward0: 1,
      PowBackward0: 1,
      SubBackward0: 1,
      AddBackward0: 1,
      MulBackward0: 1,
      AccumulateGrad: 2,
    });
    for (const e of ["AddBackward0 -> SubBackward0", "SubBackward0 -> PowBackward0", "PowBackward0 -> MeanBackward0"])
      assert.ok(edges.has(e), e);
    assert.ok(lines.includes(r.loss.dot), "the loss graph's DOT is printed");
  });

  test("b without gradients is not in the graph", () => {
    const { count } = parse(r["yhat-nograd"].dot);
    assert.equal(count.get("AccumulateGrad"), 1);
    assert.equal(count.get("w\n (1)"), 1);
    assert.ok(!r["yhat-nograd"].dot.includes('"b\\n'));
  });

  test("the branch: two Mean/Sub/Mul nodes summed by AddBackward0, w feeding both through one AccumulateGrad", () => {
    const { count, edges } = parse(r["loss-branch"].dot);
    // torch 1.13 on the book's code: Mean 2, Mul 2, Add 2, AccumulateGrad 2, Sub 2, Pow 1
    assert.deepEqual(Object.fromEntries([...count].filter(([l]) => /Backward|Accumulate/.test(l))), {
      AddBackward0: 2,
      MeanBackward0: 2,
      PowBackward0: 1,
      SubBackward0: 2,
      MulBackward0: 2,
      AccumulateGrad: 2,
    });
    assert.ok(edges.has("MeanBackward0 -> AddBackward0") && edges.has("AccumulateGrad -> MulBackward0"));
    const wAcc = /\t(n\d+) -> (n\d+)\n/.exec(r["loss-branch"].dot.slice(r["loss-branch"].dot.indexOf('[label="w\\n')))!;
    const acc = wAcc[2]!;
    const users = r["loss-branch"].dot.split("\n").filter((l) => l.startsWith(`\t${acc} -> `));
    assert.equal(users.length, 2, "w's AccumulateGrad feeds both MulBackward0 nodes");
  });
});
