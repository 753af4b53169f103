/**
 * The browser entry: `import * as torch from "antorcha"` bundles with esbuild for the browser
 * (no stubs, no warnings), the core stays small, and a tutorial (tensors, autograd, an `nn`
 * training loop, a plot to SVG) bundled into a page prints in headless Chromium what it prints
 * in Node on the same (TypeScript) backend. Node-only operations fail there with a clear error.
 *
 * Chromium: Debian's `chromium-headless-shell` or `chromium` (scripts/ensure-deps.mjs installs
 * it when it can), or the binary named by ANTORCHA_CHROMIUM; the page test skips without one.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import * as torch from "../../src/index.js";
import { evaluateWhen } from "./chromium.js";
import { bundleSizes } from "./sizes.js";
import { tutorial, type TutorialResult } from "./tutorial.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = [
  process.env.ANTORCHA_CHROMIUM,
  "/usr/bin/chromium-headless-shell",
  "/usr/lib/chromium/chromium-headless-shell",
  "/usr/bin/chromium",
].find((p): p is string => p !== undefined && p !== "" && existsSync(p));

/** The tutorial on the TypeScript reference backend (what a browser runs), then back to the default. */
async function nodeRun(backend: string): Promise<TutorialResult> {
  const before = torch.getBackend();
  torch.setBackend(backend);
  try {
    return await tutorial();
  } finally {
    torch.setBackend(before);
  }
}

describe("browser bundle", () => {
  it("the root entry bundles for the browser with no error or warning, core ≤ 400 kB min+gz", async (t) => {
    const s = await bundleSizes();
    assert.deepEqual(s.warnings, []);
    const kb = (n: number) => `${(n / 1000).toFixed(0)} kB`;
    t.diagnostic(`bundle (min+gz): core ${kb(s.core)}, + plotting ${kb(s.plotting)}, + graphviz ${kb(s.graphviz)}`);
    assert.ok(s.core <= 400_000, `core is ${kb(s.core)} min+gz: expected ≤ 400 kB`);
    // Plotting and Graphviz are separate lazy chunks, never part of the core.
    assert.ok(s.plotting > 50_000, `plotting chunks are ${kb(s.plotting)}: expected Vega in a lazy chunk`);
    assert.ok(s.graphviz > 50_000, `graphviz chunks are ${kb(s.graphviz)}: expected Graphviz in a lazy chunk`);
  });

  it(
    "a tutorial bundle runs in headless Chromium and prints what Node prints",
    {
      skip: CHROMIUM === undefined ? "no Chromium (apt-get install chromium-headless-shell)" : false,
      timeout: 120_000,
    },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "antorcha-browser-"));
      try {
        const res = await build({
          entryPoints: [join(ROOT, "test/browser/page.ts")],
          bundle: true,
          platform: "browser",
          format: "esm",
          minify: true,
          outfile: join(dir, "bundle.js"),
          logLevel: "silent",
        });
        assert.deepEqual(
          res.warnings.map((w) => w.text),
          [],
        );
        const html = join(dir, "index.html");
        writeFileSync(
          html,
          '<!doctype html><html><body><pre id="result">pending</pre><script type="module" src="bundle.js"></script></body></html>',
        );
        const text = await evaluateWhen(
          CHROMIUM!,
          pathToFileURL(html).href,
          'document.getElementById("result")?.textContent',
          (v) => typeof v === "string" && v !== "pending",
          { profile: join(dir, "profile"), timeoutMs: 90_000 },
        );
        const page = JSON.parse(text as string) as TutorialResult & {
          ok: boolean;
          error?: string;
          errors: Record<string, string>;
          kerasConsole: string[];
          graphviz: { nodes: number; hasSvg: boolean };
          info: { available: boolean; reason: string | null };
        };
        assert.ok(page.ok, `the tutorial failed in Chromium: ${page.error}`);

        // The page runs the TypeScript backend; Node on the same backend prints the same.
        assert.equal(page.backend, "reference");
        assert.equal(page.info.available, false);
        assert.match(page.info.reason ?? "", /not running in Node\.js/);
        const ref = await nodeRun("reference");
        assert.deepEqual(page.lines, ref.lines);
        assert.equal(page.finalLoss, ref.finalLoss);
        assert.equal(page.svgStart, "<svg");
        assert.ok(page.svgPaths >= 3, `the plot has ${page.svgPaths} paths: expected axes and a line`);
        assert.equal(page.svgPaths, ref.svgPaths);
        // The training converged, and the native core (when built) agrees to float32 precision.
        assert.ok(page.finalLoss < 0.1, `final loss ${page.finalLoss}: expected < 0.1`);
        if (torch.nativeInfo().available) {
          const native = await nodeRun("native");
          assert.ok(
            Math.abs(native.finalLoss - page.finalLoss) <= 1e-4 * Math.max(1, page.finalLoss),
            `final loss: native ${native.finalLoss}, browser ${page.finalLoss}`,
          );
        }

        // Keras' progress output goes to the console, one call per line.
        assert.equal(page.kerasConsole.length, 4, page.kerasConsole.join("\n"));
        assert.equal(page.kerasConsole[0], "Epoch 1/2");
        assert.match(page.kerasConsole[1]!, /^1\/1 \[={30}\] - \d+s \d+(?:us|ms|s)\/step - loss: \d+\.\d{4}$/);
        assert.equal(page.kerasConsole[2], "Epoch 2/2");

        // Graphviz: the leaf, AccumulateGrad, MulBackward0, SumBackward0 and the output.
        assert.deepEqual(page.graphviz, { nodes: 5, hasSvg: true });

        // Node-only operations: one clear line each, naming the operation.
        const notInBrowser = (op: string, feature = "file I/O") =>
          new RegExp(
            `^Error: \\[${op}\\] ${feature} is not available in a browser: it needs Node\\.js \\(node:\\w+\\); .+`,
          );
        const expected: Record<string, RegExp> = {
          "torch.save": notInBrowser("io"),
          "torch.load": notInBrowser("io"),
          "io.loadFile": notInBrowser("io"),
          "io.loadCheckpoint": notInBrowser("io\\.loadCheckpoint"),
          SummaryWriter: notInBrowser("SummaryWriter"),
          "datasets.MNIST": notInBrowser("MNIST"),
          "datasets.loadCsv":
            /^CsvFormatError: \[loadCsv\] data\.csv: cannot read file \(\[loadCsv\] file I\/O is not available in a browser/,
          "datasets.downloadUrl": notInBrowser("downloadUrl"),
          "Figure.save": notInBrowser("Figure\\.save"),
          "Figure.toPNG":
            /^Error: \[Figure\.toPNG\] PNG rendering \(resvg, a native addon\) is not available in a browser/,
          "Digraph.save": notInBrowser("Digraph\\.save"),
          "DataLoader numWorkers": notInBrowser("DataLoader", "loading in worker threads"),
        };
        assert.deepEqual(Object.keys(page.errors).sort(), Object.keys(expected).sort());
        for (const [op, re] of Object.entries(expected)) assert.match(page.errors[op]!, re, op);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
