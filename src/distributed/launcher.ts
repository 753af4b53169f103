/**
 * `antorcha run`: torchrun's launcher. Starts `--nproc-per-node` copies of a script with the
 * `env://` variables set (MASTER_ADDR, MASTER_PORT, RANK, LOCAL_RANK, WORLD_SIZE, …) and watches
 * them: when one exits with an error the others are stopped and the launcher exits with that
 * rank's code, naming it. Nothing is restarted.
 */
import type { ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { lazyBuiltin } from "../util/node.js";

const cp = lazyBuiltin("node:child_process", "antorcha run");
const fs = lazyBuiltin("node:fs", "antorcha run");
const mod = lazyBuiltin("node:module", "antorcha run");
const path = lazyBuiltin("node:path", "antorcha run");

/** The launcher's settings, parsed from torchrun's flags. */
export interface LaunchConfig {
  nprocPerNode: number;
  nnodes: number;
  nodeRank: number;
  masterAddr: string;
  masterPort: number;
  script: string;
  scriptArgs: string[];
  /** Seconds to wait after SIGTERM before SIGKILL when stopping the other ranks. */
  killGrace: number;
}

export const RUN_USAGE = `usage: antorcha run [--nproc-per-node N] [--nnodes M] [--node-rank R]
                    [--master-addr A] [--master-port P] script.{ts,js,mjs} [script args]

Starts N processes of the script on this node with torchrun's environment (MASTER_ADDR,
MASTER_PORT, RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK). Multi-node: run the
same command on every node with its own --node-rank and node 0's address as --master-addr.
Flags may be spelled with - or _ (--nproc_per_node), as torchrun accepts.`;

/** A bad command line: the launcher prints it with the usage and exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const FLAGS = ["nproc-per-node", "nnodes", "node-rank", "master-addr", "master-port", "kill-grace"] as const;

function int(flag: string, raw: string | undefined, dflt: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`[antorcha run] --${flag} must be an integer in [${min}, ${max}]: got ${JSON.stringify(raw)}`);
  return n;
}

/**
 * Parses `antorcha run`'s arguments (everything after `run`). Options end at the script; what
 * follows it goes to the script untouched.
 * @example parseRunArgs(["--nproc-per-node", "2", "train.ts", "--epochs", "3"]).scriptArgs // ["--epochs", "3"]
 */
export function parseRunArgs(argv: readonly string[]): LaunchConfig {
  // torchrun takes --nproc_per_node and --nproc-per-node alike: normalise to kebab case.
  const norm: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) break;
    const [name, ...rest] = a.slice(2).split("=");
    const kebab = name!.replace(/_/g, "-");
    norm.push(`--${kebab}${rest.length > 0 ? `=${rest.join("=")}` : ""}`);
    if (rest.length === 0 && kebab !== "help" && i + 1 < argv.length) norm.push(argv[++i]!);
  }
  if (i >= argv.length)
    throw new UsageError("[antorcha run] no script given: expected `antorcha run [options] script.ts [args]`");
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: norm,
      options: Object.fromEntries(FLAGS.map((f) => [f, { type: "string" as const }])),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError(`[antorcha run] ${(e as Error).message.split("\n")[0]}`);
  }
  const v = values as Record<string, string | undefined>;
  const nnodes = int("nnodes", v.nnodes, 1, 1);
  const cfg: LaunchConfig = {
    nprocPerNode: int("nproc-per-node", v["nproc-per-node"], 1, 1),
    nnodes,
    nodeRank: int("node-rank", v["node-rank"], 0, 0, nnodes - 1),
    masterAddr: v["master-addr"] ?? "127.0.0.1",
    masterPort: int("master-port", v["master-port"], 29500, 1, 65535),
    script: argv[i]!,
    scriptArgs: argv.slice(i + 1),
    killGrace: int("kill-grace", v["kill-grace"], 5, 0),
  };
  if (cfg.masterAddr === "") throw new UsageError("[antorcha run] --master-addr must not be empty");
  return cfg;
}

/** Node's arguments to run `script`: TypeScript through tsx (the script's project's, else ours). */
function nodeArgs(script: string): string[] {
  if (!/\.(c|m)?tsx?$/.test(script)) return [];
  for (const base of [path.join(process.cwd(), "noop.js"), import.meta.url]) {
    try {
      const req = mod.createRequire(base);
      return ["--import", `file://${req.resolve("tsx/esm")}`];
    } catch {
      // try the next place
    }
  }
  throw new UsageError(`[antorcha run] ${script} is TypeScript: install tsx (npm i -D tsx) or run the compiled .js`);
}

/**
 * Starts the ranks of this node and resolves to the exit status the launcher should end with:
 * 0 when every rank succeeded, else the first failing rank's code (128 + signal for a signal).
 */
export function launch(
  cfg: LaunchConfig,
  log: (line: string) => void = (l) => process.stderr.write(l + "\n"),
): Promise<number> {
  if (!fs.existsSync(cfg.script)) throw new UsageError(`[antorcha run] script not found: ${cfg.script}`);
  const execArgs = [...nodeArgs(cfg.script), cfg.script, ...cfg.scriptArgs];
  const worldSize = cfg.nnodes * cfg.nprocPerNode;
  const children: { rank: number; proc: ChildProcess; done: boolean }[] = [];
  return new Promise((resolve) => {
    let failed: number | null = null;
    let left = cfg.nprocPerNode;
    let killTimer: NodeJS.Timeout | null = null;
    const stopOthers = (): void => {
      for (const c of children) if (!c.done) c.proc.kill("SIGTERM");
      killTimer = setTimeout(() => {
        for (const c of children) if (!c.done) c.proc.kill("SIGKILL");
      }, cfg.killGrace * 1000);
      killTimer.unref();
    };
    const onSignal = (sig: NodeJS.Signals): void => {
      log(`[antorcha run] got ${sig}: stopping all ranks`);
      failed ??= 128 + (sig === "SIGINT" ? 2 : 15);
      stopOthers();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    for (let local = 0; local < cfg.nprocPerNode; local++) {
      const rank = cfg.nodeRank * cfg.nprocPerNode + local;
      const env = {
        ...process.env,
        MASTER_ADDR: cfg.masterAddr,
        MASTER_PORT: String(cfg.masterPort),
        RANK: String(rank),
        LOCAL_RANK: String(local),
        WORLD_SIZE: String(worldSize),
        LOCAL_WORLD_SIZE: String(cfg.nprocPerNode),
        GROUP_RANK: String(cfg.nodeRank),
      };
      const proc = cp.spawn(process.execPath, execArgs, { env, stdio: "inherit" });
      const entry = { rank, proc, done: false };
      children.push(entry);
      proc.on("exit", (code, signal) => {
        entry.done = true;
        left--;
        const bad = code !== 0;
        if (bad && failed === null) {
          const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
          log(`[antorcha run] rank ${rank} (local rank ${local}, pid ${proc.pid}) ${how}: stopping the other ranks`);
          failed = code ?? 128 + signalNumber(signal);
          stopOthers();
        }
        if (left === 0) {
          if (killTimer !== null) clearTimeout(killTimer);
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
          resolve(failed ?? 0);
        }
      });
    }
  });
}

function signalNumber(sig: NodeJS.Signals | null): number {
  const table: Partial<Record<NodeJS.Signals, number>> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGKILL: 9,
    SIGSEGV: 11,
    SIGTERM: 15,
    SIGABRT: 6,
  };
  return (sig !== null ? table[sig] : undefined) ?? 1;
}
