/**
 * Kill-and-resume: a seeded training run in a child process is SIGKILLed at random points
 * (including in the middle of a checkpoint write), resumed from its last checkpoint each time,
 * and must end with weights bit-identical to an uninterrupted run.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { run } from "./train-child.js";

const CHILD = fileURLToPath(new URL("./train-child.ts", import.meta.url));
const STEPS = 40;
const EVERY = 4;

/** Runs the child until `until` matches a stdout line (then SIGKILLs it) or it exits. */
function runChild(
  dir: string,
  env: Record<string, string>,
  until: ((line: string) => boolean) | null,
): Promise<{ lines: string[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, dir, String(STEPS), String(EVERY)], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines: string[] = [];
    let buf = "";
    let killed = false;
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split("\n");
      buf = parts.pop()!;
      for (const l of parts) {
        lines.push(l);
        if (!killed && until?.(l)) {
          killed = true;
          child.kill("SIGKILL");
        }
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (killed ? signal === "SIGKILL" : code === 0) resolve({ lines, killed });
      else reject(new Error(`child exited with ${code ?? signal}: ${lines.slice(-3).join(" | ")}`));
    });
  });
}

describe("kill and resume", () => {
  it("SIGKILL at random points (mid-write too) + resume = the uninterrupted run, bit for bit", async () => {
    const base = mkdtempSync(join(tmpdir(), "antorcha-kill-"));
    try {
      const a = join(base, "a");
      const b = join(base, "b");
      for (const d of [a, b]) mkdirSync(d);
      const reference = readFileSync(run(a, STEPS, EVERY));

      // Seeded kill plan: in the middle of a checkpoint write, then after a random step (past the next checkpoint).
      let seed = 12345;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
      const plan: ({ pauseAt: number } | { afterStep: number })[] = [
        { pauseAt: 1 + rand(3) },
        { afterStep: 13 + rand(10) },
      ];
      for (const p of plan) {
        if ("pauseAt" in p) {
          const { lines, killed } = await runChild(b, { PAUSE_AT_WRITE: String(p.pauseAt) }, (l) =>
            l.startsWith("PAUSED "),
          );
          assert.ok(killed, lines.join("\n"));
          const tmp = lines.find((l) => l.startsWith("PAUSED "))!.slice(7);
          assert.ok(existsSync(tmp), "the half-written temp file is there");
          // The checkpoint on disk is still the previous complete one (EVERY steps before the one being written).
          const writing =
            Number(
              lines
                .filter((l) => l.startsWith("STEP "))
                .pop()
                ?.split(" ")[1] ?? lines[0]!.split(" ")[1],
            ) + 1;
          const ck = existsSync(join(b, "ckpt.pt"))
            ? torch.io.loadCheckpoint(join(b, "ckpt.pt"), {}, { restoreRng: false })
            : null;
          assert.equal(ck?.step ?? 0, writing - EVERY);
        } else {
          const { killed } = await runChild(b, {}, (l) => l === `STEP ${p.afterStep}`);
          assert.ok(killed);
        }
        if (existsSync(join(b, "ckpt.pt")))
          torch.io.loadCheckpoint(join(b, "ckpt.pt"), {}, { restoreRng: false }) as object satisfies object;
      }
      const { lines } = await runChild(b, {}, null);
      assert.ok(lines.includes("DONE"));
      assert.ok(Number(lines[0]!.split(" ")[1]) > 0, "the final run resumed from a checkpoint");
      // Stale temp files of killed writers are swept by the next write.
      assert.deepEqual(readdirSync(b).sort(), ["ckpt.pt", "final.safetensors"]);
      assert.ok(
        Buffer.compare(readFileSync(join(b, "final.safetensors")), reference) === 0,
        "weights differ from the uninterrupted run",
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
