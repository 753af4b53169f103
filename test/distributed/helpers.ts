/** Starting ranks of a worker script on localhost for the distributed tests, with hard time limits. */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { glooAvailable } from "../../src/distributed/native.js";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));

/** Why the multi-process tests skip (printed), or false when gloo is here. */
export const skipReason: string | false = glooAvailable()
  ? false
  : "gloo addon not built: install libgloo-dev (apt-get install libgloo-dev) and rebuild (npm rebuild)";
if (skipReason !== false) console.log(`# distributed tests skipped: ${skipReason}`);

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0));
    });
  });
}

export interface RankResult {
  rank: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** performance.timeOrigin + now() when it exited (ms since the epoch). */
  exitedAt: number;
  /** The objects the worker printed as `RESULT {json}` lines. */
  results: Record<string, unknown>[];
}

/** Runs `node --import tsx <script> <args>` as `n` ranks; kills them all after `timeoutMs`. */
export function runRanks(
  n: number,
  args: string[],
  opts: { timeoutMs?: number; env?: (rank: number) => Record<string, string>; script?: string; port?: number } = {},
): Promise<RankResult[]> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return (opts.port !== undefined ? Promise.resolve(opts.port) : freePort()).then(
    (port) =>
      new Promise((resolve) => {
        const out: RankResult[] = [];
        let left = n;
        const procs = Array.from({ length: n }, (_, rank) => {
          const env = {
            ...process.env,
            MASTER_ADDR: "127.0.0.1",
            MASTER_PORT: String(port),
            RANK: String(rank),
            WORLD_SIZE: String(n),
            LOCAL_RANK: String(rank),
            ...(opts.env?.(rank) ?? {}),
          };
          const p = spawn(process.execPath, ["--import", "tsx", opts.script ?? WORKER, ...args], { cwd: root, env });
          const r: RankResult = { rank, code: null, signal: null, stdout: "", stderr: "", exitedAt: 0, results: [] };
          out[rank] = r;
          p.stdout.on("data", (d: Buffer) => (r.stdout += d.toString()));
          p.stderr.on("data", (d: Buffer) => (r.stderr += d.toString()));
          p.on("exit", (code, signal) => {
            r.code = code;
            r.signal = signal;
            r.exitedAt = Date.now();
            r.results = r.stdout
              .split("\n")
              .filter((l) => l.startsWith("RESULT "))
              .map((l) => JSON.parse(l.slice(7)) as Record<string, unknown>);
            if (--left === 0) {
              clearTimeout(timer);
              resolve(out);
            }
          });
          return p;
        });
        const timer = setTimeout(() => procs.forEach((p) => p.kill("SIGKILL")), timeoutMs);
      }),
  );
}

/** A one-line summary of the ranks' exits and stderr, for assertion messages. */
export function describeRuns(rs: RankResult[]): string {
  return rs.map((r) => `rank ${r.rank}: code ${r.code} signal ${r.signal}\n${r.stderr.slice(-2000)}`).join("\n");
}
