/**
 * The inflation budget shared by every loader that decompresses (zip entries of `.pt` files,
 * gzip IDX files): a file may not inflate to more than what its format declares, and what it
 * declares may not exceed `min(maxBytes, max(INFLATE_GRACE_BYTES, maxRatio × compressed bytes))`.
 * Declared sizes are checked before anything is inflated, and the inflater is capped at the
 * declared size, so a decompression bomb is rejected without being expanded.
 *
 * Defaults: `maxInflateBytes` 4 GiB (env `ANTORCHA_MAX_INFLATE_BYTES`), `maxInflateRatio` 100 (env
 * `ANTORCHA_MAX_INFLATE_RATIO`); the options of `io.load`, `io.loadTorchPt` and `readIdx` take
 * precedence over the environment.
 */
import { maxArrayBytes } from "../util/node.js";

/** Limits on decompressed output (see the module comment). */
export interface InflateLimits {
  /** Most bytes one file may inflate to, in total (default 4 GiB, env `ANTORCHA_MAX_INFLATE_BYTES`). */
  maxInflateBytes?: number;
  /** Most inflated bytes per compressed byte beyond the grace size (default 100, env `ANTORCHA_MAX_INFLATE_RATIO`). */
  maxInflateRatio?: number;
}

/** Output below this size is allowed whatever the compression ratio (32 MiB). */
export const INFLATE_GRACE_BYTES = 32 * 2 ** 20;
/** Default of `maxBytes`. */
export const DEFAULT_MAX_INFLATE_BYTES = 2 ** 32;
/** Default of `maxRatio` (zlib's best case is about 1032:1; real data stays well under 20:1). */
export const DEFAULT_MAX_INFLATE_RATIO = 100;

function positive(v: unknown, what: string, fail: (msg: string) => Error): number {
  const n = typeof v === "string" ? Number(v.trim()) : v;
  if (typeof n !== "number" || !(n > 0) || (typeof v === "string" && v.trim() === ""))
    throw fail(`${what} must be a positive number: got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  return n;
}

/**
 * The limits in force: options, else the environment, else the defaults; invalid values throw
 * the caller's error.
 * @example resolveInflateLimits({ maxInflateRatio: 1000 }, (m) => new TorchPtError("INFLATE_LIMIT", m))
 */
export function resolveInflateLimits(
  opts: InflateLimits | undefined,
  fail: (msg: string) => Error,
): { maxBytes: number; maxRatio: number } {
  const env = process.env;
  const maxBytes =
    opts?.maxInflateBytes !== undefined
      ? positive(opts.maxInflateBytes, "maxInflateBytes", fail)
      : env.ANTORCHA_MAX_INFLATE_BYTES !== undefined
        ? positive(env.ANTORCHA_MAX_INFLATE_BYTES, "ANTORCHA_MAX_INFLATE_BYTES", fail)
        : DEFAULT_MAX_INFLATE_BYTES;
  const maxRatio =
    opts?.maxInflateRatio !== undefined
      ? positive(opts.maxInflateRatio, "maxInflateRatio", fail)
      : env.ANTORCHA_MAX_INFLATE_RATIO !== undefined
        ? positive(env.ANTORCHA_MAX_INFLATE_RATIO, "ANTORCHA_MAX_INFLATE_RATIO", fail)
        : DEFAULT_MAX_INFLATE_RATIO;
  return { maxBytes: Math.min(maxBytes, maxArrayBytes()), maxRatio };
}

/**
 * How many bytes `compressed` compressed bytes may inflate to under `limits`.
 * @example inflateBudget(1000, { maxBytes: 2 ** 32, maxRatio: 100 }) // 33554432 (the grace size)
 */
export function inflateBudget(compressed: number, limits: { maxBytes: number; maxRatio: number }): number {
  return Math.floor(Math.min(limits.maxBytes, Math.max(INFLATE_GRACE_BYTES, limits.maxRatio * compressed)));
}

/**
 * The message for a declared size over the budget, naming the knobs that raise it.
 * @example overBudget("entry \"a\"", 2e8, 195000, 33554432)
 */
export function overBudget(what: string, declared: number, compressed: number, budget: number): string {
  return (
    `${what}: ${declared} bytes declared from ${compressed} compressed bytes, over the inflation budget of ${budget} bytes ` +
    `(raise it with the maxInflateBytes / maxInflateRatio options or ANTORCHA_MAX_INFLATE_BYTES / ANTORCHA_MAX_INFLATE_RATIO)`
  );
}
