/**
 * Every example of examples/book/ (the figures of "Deep Learning with PyTorch Step-by-Step",
 * chapters 0–3) draws its figure and writes a PNG: a valid signature, a sensible size, and
 * coloured pixels (not a blank canvas).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PNG } from "pngjs";
import { FIGURES } from "../../examples/book/index.js";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("book figures (examples/book)", () => {
  const dir = mkdtempSync(join(tmpdir(), "antorcha-book-"));
  it("has one example per figure of chapters 0-3", () => {
    assert.deepEqual(Object.keys(FIGURES).sort(), [
      "ch0-data",
      "ch0-gradient-path",
      "ch0-loss-surface",
      "ch0-predictions",
      "ch2-losses",
      "ch3-decision-boundary",
    ]);
  });
  it("each has a committed thumbnail of at most 40 kB in docs/images/book/", () => {
    for (const name of Object.keys(FIGURES)) {
      const bytes = readFileSync(new URL(`../../docs/images/book/${name}.png`, import.meta.url));
      assert.deepEqual(bytes.subarray(0, 8), SIGNATURE);
      assert.ok(bytes.length <= 40_000, `${name}: ${bytes.length} bytes`);
    }
  });
  for (const [name, draw] of Object.entries(FIGURES))
    it(`${name} writes a PNG`, async () => {
      const path = join(dir, `${name}.png`);
      await (await draw()).save(path);
      const bytes = readFileSync(path);
      assert.deepEqual(bytes.subarray(0, 8), SIGNATURE);
      const png = PNG.sync.read(bytes);
      // figsize [10..12, 4..6] inches at 72 px per inch, rendered at scale 2.
      assert.ok(png.width >= 1000 && png.width <= 2400, `width ${png.width}`);
      assert.ok(png.height >= 500 && png.height <= 1400, `height ${png.height}`);
      const colours = new Set<number>();
      for (let i = 0; i < png.data.length; i += 4 * 97)
        colours.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
      assert.ok(colours.size >= 4, `${name}: ${colours.size} distinct colours sampled`);
    });
});
