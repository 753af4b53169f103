/**
 * Renders every book figure example as a small PNG under docs/images/book/ (the thumbnails
 * docs/visualisation.md shows). Run: npx tsx examples/book/thumbnails.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FIGURES } from "./index.js";

const dir = fileURLToPath(new URL("../../docs/images/book/", import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [name, draw] of Object.entries(FIGURES)) {
  // The 3-D surface's shading compresses worse: a smaller thumbnail keeps it under 40 kB.
  const png = await (await draw()).toPNG({ scale: name === "ch0-loss-surface" ? 0.42 : 0.6 });
  writeFileSync(`${dir}${name}.png`, png);
  console.log(`${name}.png ${(png.length / 1024).toFixed(1)} kB`);
}
