/**
 * The browser entry: `import * as torch from "antorcha"` bundles with esbuild for the browser
 * (no stubs, no warnings), the core stays small, and a tutorial (tensors, autograd, an `nn`
 * training loop, a plot to SVG) bundled into a page prints in headless Chromium what it prints
 * in Node on the same (TypeScript) backend. Node-only operations fail there with a clear error.
 * Where Chromium offers a WebGPU adapter (`--enable-unsafe-webgpu`: on a machine without a GPU
 * that is Chromium's bundled SwiftShader Vulkan), the page runs the same tutorial on webgpu and
 * its numbers must equal the CPU's within float32 tolerance; without one the test says why.
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
import type { PageWebgpu } from "./page.js";
import { bundleSizes } from "./sizes.js";
import { tutorial, type TutorialResult } from "./tutorial.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = [
  process.env.ANTORCHA_CHROMIUM,
  "/usr/bin/chromium-headless-shell",
  "/usr/lib/chromium/chromium-headless-shell",
  "/usr/bin/chromium",
].find((p): p is string => p !== undefined && p !== "" && existsSync(p));
/**
 * Chromium's flags for WebGPU. Headless Chromium exposes `navigator.gpu` only behind this flag
 * (Linux); with no GPU its adapter is its bundled SwiftShader Vulkan. Mesa's lavapipe is not
 * offered even with VK_ICD_FILENAMES=lvp_icd.json, --use-vulkan=native, --enable-features=Vulkan,
 * --use-angle=vulkan, --ignore-gpu-blocklist, --disable-software-rasterizer or
 * --use-webgpu-adapter=default (Chromium 156 falls back to SwiftShader, a CPU adapter being only
 * a fallback to it).
 */
const WEBGPU_FLAGS = ["--enable-unsafe-webgpu"];
/**
 * Tolerance of the webgpu tutorial against the CPU: |got − want| ≤ TOL · max(1, |want|). float32
 * arithmetic alone agrees to ~1e-6 here (Dawn on lavapipe in Node); WGSL lets sin/cos be off by
 * 2^-11 absolute (SwiftShader's are: x²·cos x in the autograd line moves by ~4e-4), and the
 * tanh MLP carries such errors through 60 SGD steps.
 */
const TOL = 2e-3;

/** The largest relative difference of the webgpu run from the CPU run, or why they cannot be compared. */
function worstDifference(got: number[][], want: number[][]): { worst: number; where: string } | string {
  if (got.length !== want.length) return `${got.length} printed values, expected ${want.length}`;
  let worst = 0;
  let where = "";
  for (let i = 0; i < want.length; i++) {
    if (got[i]!.length !== want[i]!.length) return `print ${i}: ${got[i]!.length} numbers, expected ${want[i]!.length}`;
    for (let j = 0; j < want[i]!.length; j++) {
      const g = got[i]![j]!;
      const w = want[i]![j]!;
      const d = Math.abs(g - w) / Math.max(1, Math.abs(w));
      if (!(d <= worst)) [worst, where] = [Number.isNaN(d) ? Infinity : d, `print ${i}[${j}]: ${g}, CPU ${w}`];
    }
  }
  return { worst, where };
}

/** Which Vulkan driver an adapter's architecture names. */
const driverOf = (architecture: string): string =>
  architecture === "swiftshader"
    ? "Chromium's bundled SwiftShader Vulkan"
    : architecture === "llvmpipe"
      ? "Mesa lavapipe"
      : `a ${architecture} GPU`;

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
      timeout: 180_000,
    },
    async (t) => {
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
          { profile: join(dir, "profile"), timeoutMs: 150_000, flags: WEBGPU_FLAGS },
        );
        const page = JSON.parse(text as string) as TutorialResult & {
          ok: boolean;
          error?: string;
          errors: Record<string, string>;
          kerasConsole: string[];
          graphviz: { nodes: number; hasSvg: boolean };
          info: { available: boolean; reason: string | null };
          webgpu: PageWebgpu;
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

        // The same tutorial on webgpu, where Chromium offers an adapter: the CPU's numbers within
        // float32 tolerance (GPU and CPU round differently, so numbers, not printed strings).
        const gpu = page.webgpu;
        if (gpu.adapter === null) {
          t.diagnostic(
            `webgpu: the tutorial ran on the CPU only: Chromium (${WEBGPU_FLAGS.join(" ")}) offered no WebGPU adapter: ${gpu.reason}`,
          );
          return;
        }
        const adapter = `${gpu.adapter.vendor}/${gpu.adapter.architecture}`;
        assert.equal(
          gpu.error,
          undefined,
          `the tutorial failed on webgpu in Chromium (adapter ${adapter}): ${gpu.error}`,
        );
        const r = gpu.result!;
        assert.equal(r.device, "webgpu");
        const diff = worstDifference(r.values, page.values);
        assert.ok(
          typeof diff !== "string",
          `the webgpu tutorial printed other things than the CPU's: ${diff as string}`,
        );
        assert.ok(
          diff.worst <= TOL,
          `the webgpu tutorial differs from the CPU's beyond ${TOL} relative: ${diff.where}`,
        );
        assert.ok(r.finalLoss < 0.1, `final loss on webgpu ${r.finalLoss}: expected < 0.1`);
        assert.equal(r.svgPaths, page.svgPaths);
        t.diagnostic(
          `webgpu: the tutorial ran on webgpu in Chromium (${WEBGPU_FLAGS.join(" ")}) in ${gpu.ms} ms, adapter ${adapter} ` +
            `(${driverOf(gpu.adapter.architecture)}); its ${r.values.flat().length} numbers equal the CPU's within ${TOL} relative (worst ${diff.worst.toExponential(1)}, ${diff.where})`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
