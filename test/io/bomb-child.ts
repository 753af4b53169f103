/**
 * Loads one bomb fixture in a fresh process and prints what it cost: `{ ok, error, code, rssMB,
 * peakMB, ms, info }` as JSON on stdout. Used by bombs.test.ts (a fresh process, so the peak RSS
 * is this load's alone).
 */
import { readIdx } from "../../src/data/datasets/idx.js";
import * as torch from "../../src/index.js";

const [what, file] = process.argv.slice(2);
const MB = 2 ** 20;
const rss0 = process.memoryUsage().rss;
const peak0 = process.resourceUsage().maxRSS * 1024;
const t0 = performance.now();
const out: Record<string, unknown> = {};
try {
  const v = what === "idx" ? readIdx(file!) : torch.io.load(file!);
  out.ok = true;
  if (v instanceof torch.Tensor) out.info = { shape: v.shape };
  else {
    const rec = v as Record<string, torch.Tensor>;
    const storages = new Set(Object.values(rec).map((t) => t.storage));
    out.info = {
      keys: Object.keys(rec),
      shapes: Object.values(rec).map((t) => t.shape),
      strides: Object.values(rec).map((t) => t.stride()),
      storages: storages.size,
      storageElements: [...storages].map((s) => s.data.length),
      values: Object.values(rec).map((t) =>
        t.numel() <= 4 ? t.tolist() : t.narrow(0, 0, 1).flatten().narrow(0, 0, 1).tolist(),
      ),
    };
  }
} catch (e) {
  out.ok = false;
  out.error = (e as Error).name;
  out.code = (e as { code?: string }).code;
  out.message = (e as Error).message;
}
out.ms = performance.now() - t0;
out.rssMB = (process.memoryUsage().rss - rss0) / MB;
out.peakMB = (process.resourceUsage().maxRSS * 1024 - Math.max(peak0, rss0)) / MB;
process.stdout.write(JSON.stringify(out));
