/**
 * Sizes of the browser bundle of the root entry (`import * as torch from "antorcha"`), minified
 * and gzipped, split the way a page loads it: the core (what `import` fetches and runs) and the
 * lazily imported chunks of plotting (Vega, Vega-Lite) and Graphviz (`makeDot`).
 * Run: npx tsx test/browser/sizes.ts
 */
import { build } from "esbuild";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Gzipped bytes (level 9) of each part; `minified` is the raw minified total. */
export interface BundleSizes {
  core: number;
  plotting: number;
  graphviz: number;
  minified: number;
  warnings: string[];
}

/** Builds src/index.ts for the browser (ESM, code splitting, minified) and measures it. */
export async function bundleSizes(): Promise<BundleSizes> {
  const outdir = mkdtempSync(join(tmpdir(), "antorcha-size-"));
  try {
    const res = await build({
      entryPoints: [join(ROOT, "src/index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      splitting: true,
      minify: true,
      outdir,
      metafile: true,
      logLevel: "silent",
    });
    const outputs = res.metafile.outputs;
    const entry = Object.keys(outputs).find((o) => outputs[o]!.entryPoint !== undefined)!;
    // The core: the entry chunk and every chunk it imports statically.
    const core = new Set<string>();
    const visit = (o: string) => {
      if (core.has(o)) return;
      core.add(o);
      for (const imp of outputs[o]!.imports) if (imp.kind === "import-statement" && outputs[imp.path]) visit(imp.path);
    };
    visit(entry);
    const gz = (o: string) => gzipSync(readFileSync(join(process.cwd(), o)), { level: 9 }).length;
    const sizes: BundleSizes = { core: 0, plotting: 0, graphviz: 0, minified: 0, warnings: [] };
    sizes.warnings = res.warnings.map((w) => w.text);
    for (const o of Object.keys(outputs)) {
      if (!o.endsWith(".js")) continue;
      sizes.minified += outputs[o]!.bytes;
      const inputs = Object.keys(outputs[o]!.inputs);
      if (core.has(o)) sizes.core += gz(o);
      else if (inputs.some((i) => i.includes("@hpcc-js"))) sizes.graphviz += gz(o);
      else sizes.plotting += gz(o);
    }
    return sizes;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const s = await bundleSizes();
  const kb = (n: number) => `${(n / 1000).toFixed(0)} kB`;
  console.log(`core (min+gz):              ${kb(s.core)}`);
  console.log(`+ plotting (vega, lazy):     ${kb(s.plotting)}  → ${kb(s.core + s.plotting)} with plotting`);
  console.log(`+ graphviz (makeDot, lazy):  ${kb(s.graphviz)}`);
  console.log(`all chunks minified:         ${kb(s.minified)}`);
}
