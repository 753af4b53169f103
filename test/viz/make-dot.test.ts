/** makeDot: the DOT structure of a linear-regression loss graph, and SVG rendering. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { Digraph, makeDot } from "../../src/viz/index.js";

function parse(src: string): { labels: Map<string, string>; attrs: Map<string, string>; edges: [string, string][] } {
  const labels = new Map<string, string>();
  const attrs = new Map<string, string>();
  const edges: [string, string][] = [];
  for (const line of src.split("\n")) {
    let m = /^\t(n\d+) \[label="((?:[^"\\]|\\.)*)"(.*)\]$/.exec(line);
    if (m) {
      labels.set(m[1]!, m[2]!.replace(/\\n/g, "\n"));
      attrs.set(m[1]!, m[3]!.trim());
    } else if ((m = /^\t(n\d+) -> (n\d+)$/.exec(line))) edges.push([m[1]!, m[2]!]);
  }
  return { labels, attrs, edges };
}

describe("makeDot", () => {
  // The linear-regression tutorial: yhat = a + b·x, loss = mean((y − yhat)²).
  const a = torch.randn(1, { requiresGrad: true });
  const b = torch.randn(1, { requiresGrad: true });
  const x = torch.rand(100, 1);
  const y = x.mul(2).add(1);
  const loss = y
    .sub(a.add(b.mul(x)))
    .pow(2)
    .mean();
  const dot = makeDot(loss, { params: { a, b } });

  it("draws backward nodes, named parameters and the output in torchviz's style", () => {
    assert.match(dot.source, /^digraph \{\n/);
    const { labels, attrs, edges } = parse(dot.source);
    const byLabel = (l: string): string =>
      [...labels].find(([, v]) => v === l)?.[0] ??
      assert.fail(`no node ${JSON.stringify(l)} in ${[...labels.values()]}`);
    const out = byLabel("\n ()");
    assert.match(attrs.get(out)!, /fillcolor=darkolivegreen1/);
    const pa = byLabel("a\n (1)");
    const pb = byLabel("b\n (1)");
    assert.match(attrs.get(pa)!, /fillcolor=lightblue/);
    assert.match(attrs.get(pb)!, /fillcolor=lightblue/);
    const edge = (from: string, to: string): void =>
      assert.ok(
        edges.some(([u, v]) => u === from && v === to),
        `edge ${labels.get(from)} -> ${labels.get(to)}`,
      );
    const [add, mul, sub, pow] = ["AddBackward0", "MulBackward0", "SubBackward0", "PowBackward0"].map(byLabel);
    edge(byLabel(loss.gradFn!.name()), out);
    edge(sub!, pow!);
    edge(add!, sub!);
    edge(mul!, add!);
    // Each parameter feeds its own AccumulateGrad node, which feeds the op that used it.
    for (const [p, user] of [
      [pa, add],
      [pb, mul],
    ] as const) {
      const acc = edges.find(([u]) => u === p)![1];
      assert.equal(labels.get(acc), "AccumulateGrad");
      edge(acc, user!);
    }
    // Every edge joins declared nodes, and everything reaches the output.
    for (const [u, v] of edges) assert.ok(labels.has(u) && labels.has(v));
    const reach = new Set([out]);
    for (let changed = true; changed;) {
      changed = false;
      for (const [u, v] of edges)
        if (reach.has(v) && !reach.has(u)) {
          reach.add(u);
          changed = true;
        }
    }
    assert.equal(reach.size, labels.size);
  });

  it("names nn parameters from namedParameters()", () => {
    const model = new torch.nn.Linear(3, 1);
    const l = model.call(torch.randn(4, 3)).sum();
    const src = makeDot(l, { params: model.namedParameters() }).source;
    assert.match(src, /label="weight\\n \(1, 3\)" fillcolor=lightblue/);
    assert.match(src, /label="bias\\n \(1\)" fillcolor=lightblue/);
  });

  it("accepts a name → tensor record, shows attrs, and several outputs", () => {
    const t = torch.ones(2, { requiresGrad: true });
    const out = t.mul(2).sum();
    const d = makeDot([out], { params: { a: t }, showAttrs: true }).source;
    assert.match(d, /label="a\\n \(2\)" fillcolor=lightblue/);
    assert.match(d, /label="SumBackward0\\n-------\\nshape: \(\)\\ndtype: float32"/);
    assert.throws(
      () => makeDot(out, { params: { a: 3 as never } }),
      /\[makeDot\] params must map names to tensors: a is number/,
    );
  });

  it("renders SVG with Graphviz (WebAssembly)", async () => {
    const svg = await dot.toSVG();
    assert.match(svg, /<svg[\s\S]*<\/svg>/);
    assert.match(svg, /PowBackward0/);
    assert.match(svg, />a</);
    assert.ok((svg.match(/class="node"/g) ?? []).length >= 6);
    assert.ok((svg.match(/class="edge"/g) ?? []).length >= 5);
  });

  it("renders PNG (resvg) and saves .dot/.svg/.png by extension", async () => {
    const png = await dot.toPNG();
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR width/height: the graph is taller than wide (a chain of six nodes) at 2 px per point
    const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.ok(h > w && w > 100, `${w}x${h}`);
    const dir = mkdtempSync(join(tmpdir(), "antorcha-make-dot-"));
    try {
      for (const ext of ["dot", "svg", "png"]) await dot.save(join(dir, `g.${ext}`));
      assert.equal(readFileSync(join(dir, "g.dot"), "utf8"), dot.source);
      assert.match(readFileSync(join(dir, "g.svg"), "utf8"), /^<\?xml|<svg/);
      assert.equal(readFileSync(join(dir, "g.png")).subarray(1, 4).toString(), "PNG");
      await assert.rejects(
        dot.save(join(dir, "g.jpg")),
        /\[makeDot\] cannot save as .*g\.jpg: expected a \.dot, \.gv, \.svg or \.png file/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("renders a graph the WebAssembly Graphviz fails after some earlier layouts (a fresh instance retries)", async () => {
    // These three graphs in this order made @hpcc-js/wasm 2.35.3 throw "table index is out of
    // bounds" on the third (examples/computational-graph.ts drew them so).
    const sources = [
      'digraph {\n\tgraph [size="12,12"]\n\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]\n\tn0 [label="AddBackward0"]\n\tn1 -> n0\n\tn2 -> n0\n\tn1 [label="AccumulateGrad"]\n\tn3 [label="b\\n (1)" fillcolor=lightblue]\n\tn3 -> n1\n\tn2 [label="MulBackward0"]\n\tn4 -> n2\n\tn4 [label="AccumulateGrad"]\n\tn5 [label="w\\n (1)" fillcolor=lightblue]\n\tn5 -> n4\n\tn6 [label="\\n (80, 1)" fillcolor=darkolivegreen1]\n\tn0 -> n6\n}\n',
      'digraph {\n\tgraph [size="12,12"]\n\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]\n\tn0 [label="DivBackward0"]\n\tn1 -> n0\n\tn1 [label="SumBackward1"]\n\tn2 -> n1\n\tn2 [label="PowBackward0"]\n\tn3 -> n2\n\tn3 [label="SubBackward0"]\n\tn4 -> n3\n\tn4 [label="AddBackward0"]\n\tn5 -> n4\n\tn6 -> n4\n\tn5 [label="AccumulateGrad"]\n\tn7 [label="b\\n (1)" fillcolor=lightblue]\n\tn7 -> n5\n\tn6 [label="MulBackward0"]\n\tn8 -> n6\n\tn8 [label="AccumulateGrad"]\n\tn9 [label="w\\n (1)" fillcolor=lightblue]\n\tn9 -> n8\n\tn10 [label="\\n ()" fillcolor=darkolivegreen1]\n\tn0 -> n10\n}\n',
      'digraph {\n\tgraph [size="12,12"]\n\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]\n\tn0 [label="AddBackward0"]\n\tn1 -> n0\n\tn1 [label="MulBackward0"]\n\tn2 -> n1\n\tn2 [label="AccumulateGrad"]\n\tn3 [label="w\\n (1)" fillcolor=lightblue]\n\tn3 -> n2\n\tn4 [label="\\n (80, 1)" fillcolor=darkolivegreen1]\n\tn0 -> n4\n}\n',
    ];
    for (const src of sources) assert.match(await new Digraph(src).toSVG(), /<svg[\s\S]*<\/svg>/);
  });
});
