/**
 * Where a figure goes when shown: the Jupyter kernel this process runs in (Deno's or tslab's,
 * found through the kernel's own globals, wherever it is installed), or a temporary file.
 * Node built-ins are reached through `process.getBuiltinModule` (Node >= 20.16), so importing
 * this module needs none.
 */

/** tslab's `display` object (tslab/dist/public.d.ts). */
export interface TslabDisplay {
  html(s: string): void;
  svg(s: string): void;
  text(s: string): void;
}

interface DenoJupyter {
  display(bundle: Record<string, string>, options: { raw: boolean }): Promise<void>;
}

type GetBuiltin = <T>(id: string) => T;
const builtin: GetBuiltin | undefined =
  typeof process !== "undefined"
    ? (process as unknown as { getBuiltinModule?: GetBuiltin }).getBuiltinModule?.bind(process)
    : undefined;

/** Deno's Jupyter API when this runs in Deno's kernel. */
export function denoJupyter(): DenoJupyter | null {
  return (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno?.jupyter ?? null;
}

interface TslabModules {
  display: TslabDisplay;
  /** tslab/dist/jupyter.js: the current cell's display_data writer (replaced at each execution). */
  jupyter: { lastWriteDisplayData?: (msg: object, update: boolean) => void };
}

let tslab: TslabModules | null | undefined;

/**
 * tslab's modules when this runs in a tslab kernel: tslab's executor sets `globalThis.__tslab__`,
 * and its modules are already in the CommonJS cache (loaded from the kernel's install, not from
 * the project's node_modules).
 */
function tslabModules(): TslabModules | null {
  if ((globalThis as { __tslab__?: unknown }).__tslab__ === undefined || builtin === undefined) return null;
  if (tslab !== undefined) return tslab;
  tslab = null;
  try {
    const { createRequire } = builtin<typeof import("node:module")>("node:module");
    const { dirname, join } = builtin<typeof import("node:path")>("node:path");
    const req = createRequire(join(process.cwd(), "index.js"));
    const loaded = Object.keys(req.cache).find((k) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(k));
    if (loaded === undefined) return null;
    const pub = req(join(dirname(loaded), "public.js")) as { display?: TslabDisplay };
    if (pub.display !== undefined) tslab = { display: pub.display, jupyter: req(loaded) as TslabModules["jupyter"] };
  } catch {
    tslab = null;
  }
  return tslab;
}

/** tslab's `display` when this runs in a tslab kernel. */
export function tslabDisplay(): TslabDisplay | null {
  return tslabModules()?.display ?? null;
}

/**
 * A function that shows HTML in the tslab cell running now, even when called after the cell
 * finished (a figure rendered asynchronously), as Python kernels route late output; null
 * outside tslab.
 */
export function tslabCellHtml(): ((html: string) => void) | null {
  const t = tslabModules();
  if (t === null) return null;
  const write = t.jupyter.lastWriteDisplayData;
  if (typeof write !== "function") return (html) => t.display.html(html);
  return (html) => write({ data: { "text/html": html }, metadata: {}, transient: {} }, false);
}
