/**
 * Downloads a file with a progress bar on stderr and an MD5 check, writing atomically
 * (`.part` then rename). Failures (offline, HTTP errors, bad checksum) raise `DatasetError`.
 */
import { lazyBuiltin, nodeBuiltin } from "../../util/node.js";
import { DatasetError } from "./errors.js";
import { checkBool, checkNumber, checkOptions, describe, optionKeys } from "../../util/args.js";

const DOWNLOAD_KEYS = optionKeys("md5", "progress", "timeoutMs");

const HINT = "downloadUrl saves to a file; in a browser, fetch() the bytes instead";
const crypto = lazyBuiltin("node:crypto", "downloadUrl", HINT);
const fs = lazyBuiltin("node:fs", "downloadUrl", HINT);
const path = lazyBuiltin("node:path", "downloadUrl", HINT);

/** Options of `downloadUrl`. */
export interface DownloadOptions {
  /** Expected MD5 (hex); the file is rejected when it differs. */
  md5?: string;
  /** Draw a progress bar on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Abort after this many milliseconds (default 60000). */
  timeoutMs?: number;
}

function bar(name: string, got: number, total: number): string {
  const mb = (b: number) => (b / 1048576).toFixed(1);
  if (!(total > 0)) return `\r${name} ${mb(got)} MB`;
  const w = 30;
  const f = Math.min(w, Math.round((got / total) * w));
  return `\r${name} [${"#".repeat(f)}${".".repeat(w - f)}] ${((100 * got) / total).toFixed(0).padStart(3)}% ${mb(got)}/${mb(total)} MB`;
}

/**
 * Fetches `url` into `dest` (parent folders created), checking `md5` when given.
 * @example await downloadUrl("https://example.org/a.gz", "/tmp/a.gz", { md5: "…" }) (fragment)
 */
export async function downloadUrl(url: string, dest: string, opts: DownloadOptions = {}): Promise<void> {
  if (typeof url !== "string") throw new TypeError(`[download] url must be a string: got ${describe(url)}`);
  if (typeof dest !== "string") throw new TypeError(`[download] dest must be a file path: got ${describe(dest)}`);
  checkOptions("download", opts, DOWNLOAD_KEYS);
  if (opts.md5 !== undefined && !(typeof opts.md5 === "string" && /^[0-9a-fA-F]{32}$/.test(opts.md5)))
    throw new TypeError(`[download] md5 must be 32 hex digits: got ${describe(opts.md5)}`);
  if (opts.progress !== undefined) checkBool("download", "progress", opts.progress);
  if (opts.timeoutMs !== undefined)
    checkNumber("download", "timeoutMs", opts.timeoutMs, { min: 0, minExclusive: true });
  nodeBuiltin("node:fs", "downloadUrl", HINT); // in a browser, fail before fetching
  const name = dest.split(/[\\/]/).pop()!;
  const showBar = opts.progress ?? process.stderr.isTTY === true;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 60000) });
  } catch (e) {
    const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    throw new DatasetError(
      "DOWNLOAD_FAILED",
      `[download] cannot fetch ${url}: ${why} (offline? put the file in ${path.dirname(dest)} yourself)`,
      dest,
    );
  }
  if (!res.ok || res.body === null) {
    throw new DatasetError(
      "DOWNLOAD_FAILED",
      `[download] ${url} answered HTTP ${res.status} ${res.statusText}: expected 200`,
      dest,
    );
  }
  const total = Number(res.headers.get("content-length") ?? NaN);
  const chunks: Uint8Array[] = [];
  let got = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(chunk);
      got += chunk.length;
      if (showBar) process.stderr.write(bar(name, got, total));
    }
  } catch (e) {
    throw new DatasetError(
      "DOWNLOAD_FAILED",
      `[download] ${url} was cut off after ${got} bytes: ${(e as Error).message}`,
      dest,
    );
  } finally {
    if (showBar) process.stderr.write("\n");
  }
  const data = Buffer.concat(chunks);
  if (opts.md5 !== undefined) {
    const sum = crypto.createHash("md5").update(data).digest("hex");
    if (sum !== opts.md5.toLowerCase()) {
      throw new DatasetError(
        "MD5_MISMATCH",
        `[download] ${url}: MD5 ${sum} does not match the expected ${opts.md5}`,
        dest,
      );
    }
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  try {
    fs.writeFileSync(part, data);
    fs.renameSync(part, dest);
  } catch (e) {
    fs.rmSync(part, { force: true });
    throw new DatasetError("DOWNLOAD_FAILED", `[download] cannot write ${dest}: ${(e as Error).message}`, dest);
  }
}
