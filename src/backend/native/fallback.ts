/**
 * The reference backend that says, once, why the native core is not running: the first kernel
 * call prints one line to stderr (the reason and the fix), then the plain reference backend
 * takes over, so later calls cost nothing extra. `ANTORCHA_QUIET=1` silences the line.
 */
import type { Backend } from "../backend.js";
import { registerBackend, setBackend } from "../registry.js";
import { referenceBackend } from "../reference/index.js";

type Fn = (...args: never[]) => unknown;

/** A copy of the reference backend whose kernels announce `reason` on the first call. */
export function speakingReference(reason: string): Backend {
  let spoken = false;
  const speak = (): void => {
    if (spoken) return;
    spoken = true;
    // Later kernels go straight to the reference backend (ops that kept a handle still work).
    registerBackend(referenceBackend);
    setBackend(referenceBackend.name);
    process.stderr.write(
      `[antorcha] native core unavailable, running on the TypeScript backend (20-50x slower): ${reason}. (ANTORCHA_QUIET=1 hides this line)\n`,
    );
  };
  const wrap = <F extends Fn>(f: F): F =>
    ((...args: Parameters<F>) => {
      speak();
      return f(...args);
    }) as F;
  const wrapAll = <T extends object>(table: T): T =>
    Object.fromEntries(Object.entries(table).map(([k, f]) => [k, typeof f === "function" ? wrap(f as Fn) : f])) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(referenceBackend)) {
    if (typeof v === "function") out[k] = wrap(v as Fn);
    else if (k === "unary" || k === "binary" || k === "reduce" || k === "scan" || k === "fused")
      out[k] = wrapAll(v as object);
    else out[k] = v;
  }
  return out as unknown as Backend;
}

/** Whether the one-line notice is wanted: not when silenced or when the user turned native off. */
export function wantsNotice(): boolean {
  if (typeof process === "undefined" || typeof process.stderr?.write !== "function") return false;
  const env = process.env;
  if (env.ANTORCHA_QUIET && env.ANTORCHA_QUIET !== "0") return false;
  return !env.ANTORCHA_NO_NATIVE && env.ANTORCHA_BACKEND === undefined;
}
