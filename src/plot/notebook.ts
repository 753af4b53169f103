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

let tslab: TslabDisplay | null | undefined;

/**
 * tslab's display when this runs in a tslab kernel: tslab's executor sets `globalThis.__tslab__`,
 * and its modules are already in the CommonJS cache (loaded from the kernel's install, not from
 * the project's node_modules).
 */
export function tslabDisplay(): TslabDisplay | null {
  if ((globalThis as { __tslab__?: unknown }).__tslab__ === undefined || builtin === undefined) return null;
  if (tslab !== undefined) return tslab;
  tslab = null;
  try {
    const { createRequire } = builtin<typeof import("node:module")>("node:module");
    const { dirname, join } = builtin<typeof import("node:path")>("node:path");
    const req = createRequire(join(process.cwd(), "index.js"));
    const loaded = Object.keys(req.cache).find((k) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(k));
    const from = loaded !== undefined ? join(dirname(loaded), "public.js") : "tslab";
    tslab = (req(from) as { display?: TslabDisplay }).display ?? null;
  } catch {
    tslab = null;
  }
  return tslab;
}

let written = 0;

/** Writes `text` to a new file in the system's temporary folder and returns its path (null without a file system). */
export function writeTemp(text: string, ext: string): string | null {
  if (builtin === undefined) return null;
  const { writeFileSync } = builtin<typeof import("node:fs")>("node:fs");
  const { tmpdir } = builtin<typeof import("node:os")>("node:os");
  const { join } = builtin<typeof import("node:path")>("node:path");
  const path = join(tmpdir(), `antorcha-figure-${process.pid}-${++written}.${ext}`);
  writeFileSync(path, text);
  return path;
}
