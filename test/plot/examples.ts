/** Renders the example figures in docs/images/ (run: npx tsx test/plot/examples.ts). */
import * as torch from "../../src/index.js";
import * as plot from "../../src/plot/index.js";
torch.manualSeed(0);
const D = new URL("../../docs/images/", import.meta.url).pathname;
const losses = Array.from({ length: 20 }, (_, i) => 2.3 * Math.exp(-i / 5) + 0.2 + 0.02 * Math.sin(i));
const val = losses.map((l, i) => l + 0.05 + 0.01 * i);
await plot.plotLosses(losses, val).save(D + "plot-losses.png");
const img = torch.randn(28, 28);
await plot.imshow(img, { cmap: "viridis" }).save(D + "plot-imshow.png");
const names = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];
const imgs = torch.rand(25, 28, 28);
await plot
  .imageGrid(imgs, { captions: Array.from({ length: 25 }, (_, i) => names[i % 10]!) })
  .save(D + "plot-image-grid.png");
const probs = torch.softmax(torch.randn(10).mul(2), 0);
await plot.barChart(probs, { predicted: 3, trueLabel: 5, labels: names }).save(D + "plot-bar.png");
const cm = [
  [50, 2, 3],
  [4, 40, 6],
  [1, 2, 60],
];
await plot
  .heatmap(cm, { xLabels: ["cat", "dog", "bird"], yLabels: ["cat", "dog", "bird"], title: "Confusion matrix" })
  .save(D + "plot-heatmap.png");
const X = torch.randn(100, 2);
const y = X.select(1, 0).mul(X.select(1, 1)).gt(0).to("int64");
await plot
  .decisionBoundary((t: torch.Tensor) => t.select(1, 0).mul(t.select(1, 1)), X, y, { threshold: 0 })
  .save(D + "plot-decision-boundary.png");
const labels = Array.from({ length: 200 }, (_, i) => i % 2);
const scores = labels.map((l, i) => Math.min(1, Math.max(0, 0.3 * l + 0.7 * Math.abs(Math.sin(i * 7.3)))));
await plot.rocCurve(labels, scores).save(D + "plot-roc.png");
const fig = plot.figure({ rows: 1, cols: 2 });
fig.subplot(1, plot.imshow(torch.randn(8, 8), { cmap: "PiYG", title: "PiYG" }));
fig.subplot(2, plot.prCurve(labels, scores, { title: "PR" }));
await fig.save(D + "plot-subplots.png");
import { makeDot } from "../../src/viz/index.js";
import { Resvg } from "@resvg/resvg-js";
import { writeFileSync } from "node:fs";
{
  const a = torch.randn(1, { requiresGrad: true }),
    b = torch.randn(1, { requiresGrad: true });
  const x = torch.rand(100, 1),
    y = x.mul(2).add(1);
  const loss = y
    .sub(a.add(b.mul(x)))
    .pow(2)
    .mean();
  const svg = await makeDot(loss, { params: { a, b } }).toSVG();
  const fonts = ["DejaVuSans.ttf", "DejaVuSansMono.ttf"].map((f) => `/usr/share/fonts/truetype/dejavu/${f}`);
  writeFileSync(
    D + "make-dot.png",
    new Resvg(svg, {
      fitTo: { mode: "zoom", value: 1.5 },
      background: "white",
      font: {
        fontFiles: fonts,
        loadSystemFonts: false,
        defaultFontFamily: "DejaVu Sans Mono",
        monospaceFamily: "DejaVu Sans Mono",
      },
    })
      .render()
      .asPng(),
  );
}
