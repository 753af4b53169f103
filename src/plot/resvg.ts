/**
 * resvg (SVG → PNG, a native Node addon), loaded on the first PNG render so neither a training
 * program nor a browser bundle carries it, and the DejaVu font files it draws text with.
 */
import { isNode, nodeBuiltin } from "../util/node.js";

type ResvgModule = typeof import("@resvg/resvg-js");

/**
 * The resvg module; in a browser, an Error naming `op` (the browser renders the SVG itself).
 * @example const { Resvg } = await loadResvg("Figure.toPNG");
 */
export async function loadResvg(op: string): Promise<ResvgModule> {
  if (!isNode)
    throw new Error(
      `[${op}] PNG rendering (resvg, a native addon) is not available in a browser: it needs Node.js; render with toSVG() and let the page draw it`,
    );
  // A variable, not a literal: bundlers targeting browsers then leave the native package out.
  const name = "@resvg/resvg-js";
  return (await import(name)) as ResvgModule;
}

const DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu/";
const found = new Map<string, string[]>();

/**
 * The paths of DejaVu font `files` when all are installed, else `[]` (resvg then scans the
 * system fonts, ~10x slower per render than loading known files). Checked once per list.
 * @example fontFiles(["DejaVuSans.ttf", "DejaVuSansMono.ttf"])
 */
export function fontFiles(files: readonly string[]): string[] {
  const key = files.join("\0");
  let paths = found.get(key);
  if (paths === undefined) {
    const fs = nodeBuiltin("node:fs", "toPNG");
    const all = files.map((f) => DEJAVU_DIR + f);
    paths = all.every((p) => fs.existsSync(p)) ? all : [];
    found.set(key, paths);
  }
  return paths;
}
