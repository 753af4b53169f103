/**
 * Every figure type renders to SVG (axes, marks and labels checked in the SVG) and to PNG (size
 * and decoding checked); subplot and argument errors read clearly.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, it } from "node:test";
import { PNG } from "pngjs";
import * as torch from "../../src/index.js";
import * as plot from "../../src/plot/index.js";

interface Rendered {
  svg: string;
  width: number;
  height: number;
  axes: number;
  marks: Record<string, number>;
  texts: string[];
}

async function render(fig: plot.Figure): Promise<Rendered> {
  const svg = await fig.toSVG();
  const m = /^<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  assert.ok(m, "an <svg> with width and height");
  const marks: Record<string, number> = {};
  // Each role-mark group, and how many shapes it drew.
  for (const g of svg.matchAll(/<g class="mark-(\w+) role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)) {
    const shapes = (g[2]!.match(/<(path|line|text|rect|circle)\b/g) ?? []).length;
    marks[g[1]!] = (marks[g[1]!] ?? 0) + shapes;
  }
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]!.replace(/&amp;/g, "&"));
  const axes = (svg.match(/class="mark-group role-axis"/g) ?? []).length;
  const width = Number(m[1]);
  const height = Number(m[2]);
  // PNG: twice the SVG size by default, and it decodes.
  const png = PNG.sync.read(await fig.toPNG());
  assert.deepEqual([png.width, png.height], [width * 2, height * 2]);
  assert.ok(
    png.data.some((v, i) => i % 4 !== 3 && v < 128),
    "PNG has dark pixels",
  );
  return { svg, width, height, axes, marks, texts };
}

describe("plot figures", () => {
  it("plotLosses: two lines with a legend and axis titles", async () => {
    const r = await render(plot.plotLosses([2, 1.2, 0.8, 0.6], [2.1, 1.4, 1.0, 0.9]));
    assert.equal(r.axes, 2);
    assert.ok(r.marks.line! >= 2, JSON.stringify(r.marks));
    for (const t of ["Training loss", "Validation loss", "Epoch", "Loss"])
      assert.ok(r.texts.includes(t), `${t} in ${r.texts}`);
  });

  it("imshow: one rect per pixel, a colorbar, every colormap", async () => {
    const img = torch.arange(12).reshape([3, 4]).to("float32");
    const r = await render(plot.imshow(img, { cmap: "viridis", title: "img" }));
    assert.equal(r.marks.rect, 12);
    assert.equal(r.axes, 2);
    assert.match(r.svg, /role-legend/);
    assert.match(r.svg, /<linearGradient/);
    assert.ok(r.texts.includes("img"));
    for (const cmap of ["binary", "gray", "Blues", "PiYG", "viridis_r"]) {
      const svg = await plot
        .imshow(
          [
            [0, 1],
            [2, 3],
          ],
          { cmap, colorbar: false },
        )
        .toSVG();
      assert.doesNotMatch(svg, /role-legend/);
      const fills = [...svg.matchAll(/<path[^>]*fill="(#[0-9a-f]{6}|rgb\([^)]*\))"/g)].map((f) => f[1]);
      assert.ok(new Set(fills).size >= 4, `${cmap}: 4 distinct cell colours`);
    }
    const bin = await plot.imshow([[0, 1]], { cmap: "binary" }).toSVG();
    assert.match(bin, /fill="(#ffffff|rgb\(255, 255, 255\))"/);
    assert.match(bin, /fill="(#000000|rgb\(0, 0, 0\))"/);
    const rgb = await plot.imshow(torch.tensor([[[1, 0]], [[0, 0]], [[0, 1]]])).toSVG(); // [3,1,2] CHW
    assert.match(rgb, /fill="#ff0000"/);
    assert.match(rgb, /fill="#0000ff"/);
  });

  it("imageGrid: 2x2 images with class-name captions", async () => {
    const names = ["T-shirt/top", "Trouser", "Pullover", "Dress"];
    const r = await render(plot.imageGrid(torch.rand(4, 6, 6), { captions: names, cols: 2 }));
    assert.equal(r.marks.rect, 4 * 36);
    for (const n of names) assert.ok(r.texts.includes(n), `${n} in ${r.texts}`);
    assert.throws(
      () => plot.imageGrid(torch.rand(4, 6, 6), { captions: ["a"] }),
      /\[imageGrid\] 4 images but 1 captions/,
    );
  });

  it("imshow: a coloured caption (the tutorial's plot_image: blue if right, red if wrong)", async () => {
    const svg = await plot.imshow([[0, 1]], { caption: "Coat 97% (Coat)", captionColor: "blue" }).toSVG();
    assert.match(svg, /<text[^>]*fill="blue"[^>]*>Coat 97% \(Coat\)<\/text>/);
    const plain = await plot.imshow([[0, 1]], { caption: "Bag" }).toSVG();
    assert.doesNotMatch(plain, /<text[^>]*fill="(blue|red)"[^>]*>Bag</);
  });

  it("barChart: the predicted bar red, the true bar blue, others grey", async () => {
    const r = await render(
      plot.barChart(torch.tensor([0.1, 0.6, 0.3]), { predicted: 1, trueLabel: 2, labels: ["a", "b", "c"] }),
    );
    assert.equal(r.marks.rect, 3);
    const bars = /<g class="mark-rect role-mark[^>]*>([\s\S]*?)<\/g>/.exec(r.svg)![1]!;
    assert.deepEqual(
      [...bars.matchAll(/fill="([^"]+)"/g)].map((f) => f[1]),
      ["#777777", "red", "blue"],
    );
    for (const t of ["a", "b", "c"]) assert.ok(r.texts.includes(t));
  });

  it("heatmap: a confusion matrix with counts in the cells", async () => {
    const r = await render(
      plot.heatmap(
        [
          [5, 1],
          [2, 7],
        ],
        { xLabels: ["cat", "dog"], yLabels: ["cat", "dog"] },
      ),
    );
    assert.equal(r.marks.rect, 4);
    assert.equal(r.marks.text, 4);
    for (const t of ["5", "1", "2", "7", "cat", "dog", "Predicted label", "True label"])
      assert.ok(r.texts.includes(t), `${t} in ${r.texts}`);
  });

  it("scatter and decisionBoundary: regions under labelled points", async () => {
    const x = torch.tensor([
      [0, 0],
      [1, 1],
      [0, 1],
      [1, 0],
    ]);
    const y = torch.tensor([0, 1, 1, 0]);
    const s = await render(plot.scatter(x, y, { xLabel: "x1", yLabel: "x2" }));
    assert.equal(s.marks.symbol, 4);
    assert.ok(s.texts.includes("x1") && s.texts.includes("x2"));
    const model = new torch.nn.Linear(2, 2);
    const r = await render(plot.decisionBoundary(model, x, y, { resolution: 10 }));
    assert.equal(r.marks.rect, 100);
    assert.equal(r.marks.symbol, 4);
    assert.equal(r.axes, 2);
    // A score function: class 1 where x + y > 1.
    const d = await plot
      .decisionBoundary((t: torch.Tensor) => t.sum(1), x, y, { resolution: 4, threshold: 1, margin: 0 })
      .toSVG();
    assert.match(d, /#aec7e8/);
    assert.match(d, /#ffbb78/);
    // The function form evaluates fn on a (resolution + 1)² grid: filled bands and level lines.
    const c = await render(plot.contour((a, b) => a * a + b * b, [-1, 1], [-1, 1], { resolution: 5 }));
    assert.ok(c.marks.symbol! >= 5, JSON.stringify(c.marks)); // one path per band (+ the frame)
    assert.ok(c.marks.line! >= 1, JSON.stringify(c.marks));
  });

  it("rocCurve and prCurve: curves on [0, 1] axes with AUC in the legend", async () => {
    const labels = [0, 0, 1, 1, 0, 1];
    const scores = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9];
    const r = await render(plot.rocCurve(labels, scores));
    assert.ok(r.marks.line! >= 2); // curve and chance diagonal
    assert.ok(
      r.texts.some((t) => t === "ROC (AUC = 0.889)"),
      `${r.texts}`,
    );
    assert.ok(r.texts.includes("False positive rate"));
    const p = await render(plot.prCurve(labels, scores));
    assert.ok(p.texts.includes("Recall") && p.texts.includes("Precision"));
    assert.throws(() => plot.rocCurve([1, 1], [0.2, 0.3]), /\[curve\] needs both positive and negative labels/);
  });

  it("figure(): subplots in a grid, clear index errors", async () => {
    const fig = plot.figure({ rows: 2, cols: 5, title: "grid" });
    fig.subplot(1, plot.plotLosses([1, 0.5])).subplot(10, plot.imshow([[1, 2]], { title: "last" }));
    const r = await render(fig);
    assert.ok(r.texts.includes("grid") && r.texts.includes("last") && r.texts.includes("Training loss"));
    assert.throws(
      () => fig.subplot(11, plot.plotLosses([1])),
      /^RangeError: \[subplot\] subplot index 11 is outside a 2x5 grid: expected 1\.\.10$/,
    );
    assert.throws(() => fig.subplot(0, plot.plotLosses([1])), /subplot index 0 is outside a 2x5 grid/);
    assert.throws(() => plot.figure({ rows: 0 }), /\[figure\] rows must be >= 1: got 0/);
  });

  it("figure(): cells line up in columns when captions differ in width", async () => {
    const fig = plot.figure({ rows: 2, cols: 2 });
    fig.subplot(1, plot.imshow([[0, 1]], { caption: "a very, very long caption under the image" }));
    fig.subplot(2, plot.barChart([1, 2])).subplot(3, plot.imshow([[0, 1]], { caption: "x" }));
    fig.subplot(4, plot.barChart([1, 2]));
    const svg = await fig.toSVG();
    const x = [...svg.matchAll(/concat_(\d)_group"[^>]*><g transform="translate\((\d+(?:\.\d+)?),/g)].map((m) =>
      Number(m[2]),
    );
    assert.equal(x.length, 4);
    assert.equal(x[1], x[3], `second column at the same x in both rows: ${x}`);
    assert.ok(x[1]! > 200, `the second column clears the long caption: ${x}`);
  });

  it("save() by extension; toHTML; argument errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "antorcha-plot-"));
    const fig = plot.linePlot({ a: [1, 2, 3] });
    await fig.save(join(dir, "f.svg"));
    await fig.save(join(dir, "f.png"));
    await fig.save(join(dir, "f.json"));
    assert.match(readFileSync(join(dir, "f.svg"), "utf8"), /^<svg/);
    assert.equal(readFileSync(join(dir, "f.png")).subarray(1, 4).toString(), "PNG");
    assert.equal(JSON.parse(readFileSync(join(dir, "f.json"), "utf8")).mark.type, "line");
    assert.match(await fig.toHTML(), /^<div class="antorcha-figure"><svg/);
    const printed: string[] = [];
    const log = console.log;
    console.log = (s: string) => printed.push(s);
    let shown: string | undefined;
    try {
      shown = await fig.show(); // no kernel here: a PNG in a fresh temporary folder
    } finally {
      console.log = log;
    }
    assert.ok(shown !== undefined);
    assert.match(shown, /antorcha-figure-[^/]+\/figure\.png$/);
    assert.deepEqual(printed, [`[plot] figure written to ${shown}`]);
    assert.equal(readFileSync(shown).subarray(1, 4).toString(), "PNG");
    rmSync(shown);
    assert.equal(inspect(fig), "Figure(1×1, 1 chart)");
    await assert.rejects(
      fig.save(join(dir, "f.bmp")),
      /\[save\] cannot infer the format of .*f\.bmp: expected \.svg, \.png, \.html or \.json/,
    );
    assert.throws(
      () => plot.imshow([[1]], { cmap: "nope" }),
      /\[imshow\] unknown colormap "nope": expected one of viridis/,
    );
    assert.throws(() => plot.imshow(torch.zeros(2, 2, 2, 2)), /\[imshow\] expected a \[H, W\] array or an RGB image/);
    assert.throws(
      () => plot.linePlot({ a: { x: [1, 2], y: [1] } }),
      /\[linePlot\] series 'a' has 2 x values and 1 y values/,
    );
    assert.throws(
      () => plot.heatmap([[1, 2]], { xLabels: ["a"] }),
      /\[heatmap\] labels 1x1 do not match the matrix 1x2/,
    );
    assert.throws(() => plot.barChart([0.5, 0.5], { labels: ["a"] }), /\[barChart\] 2 values but 1 labels/);
  });
});
