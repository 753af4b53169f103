// Failures across processes: a rank killed mid-training makes the others fail fast naming it;
// `antorcha run` stops the other ranks and exits with the dead rank's status; ranks with different
// world sizes refuse to start; without the gloo addon the API names the Debian package.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { describeRuns, freePort, root, runRanks, skipReason, WORKER } from "./helpers.js";

describe("distributed failures", { timeout: 400_000 }, () => {
  it("a killed rank: the others fail within seconds, naming it", { skip: skipReason }, async () => {
    const runs = await runRanks(3, ["die"], { timeoutMs: 120_000 });
    const killed = runs[1]!;
    assert.equal(killed.signal, "SIGKILL", describeRuns(runs));
    const killedAt = killed.results[0]!.killedAt as number;
    for (const r of [runs[0]!, runs[2]!]) {
      assert.equal(r.code, 1, describeRuns(runs));
      const res = r.results[0]!;
      assert.equal(res.name, "DistributedError");
      assert.match(
        res.error as string,
        new RegExp(`^\\[allReduce\\] rank 1 exited while rank ${r.rank} was in allReduce; stopping \\(gloo: `),
      );
      const ms = (res.at as number) - killedAt;
      console.log(`# rank ${r.rank} reported the dead rank ${ms} ms after the kill`);
      assert.ok(ms < 15_000, `${ms} ms`);
    }
  });

  it(
    "antorcha run: a rank that dies stops the others; the launcher names it and returns its status",
    { skip: skipReason },
    async () => {
      const port = await freePort();
      const args = [
        join(root, "bin", "antorcha.mjs"),
        "run",
        "--nproc-per-node",
        "2",
        "--master_port",
        String(port),
        "--kill-grace",
        "2",
        WORKER,
        "die",
      ];
      const p = spawn(process.execPath, args, { cwd: root });
      let stderr = "";
      p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => p.kill("SIGKILL"), 120_000);
      const code = await new Promise<number | null>((resolve) => p.on("exit", (c) => resolve(c)));
      clearTimeout(timer);
      assert.equal(code, 137, stderr);
      assert.match(
        stderr,
        /\[antorcha run\] rank 1 \(local rank 1, pid \d+\) was killed by SIGKILL: stopping the other ranks/,
      );
    },
  );

  it("ranks that disagree on WORLD_SIZE refuse to start", { skip: skipReason }, async () => {
    const runs = await runRanks(2, ["join"], { timeoutMs: 120_000, env: (r) => ({ WORLD_SIZE: r === 0 ? "2" : "3" }) });
    assert.ok(
      runs.every((r) => r.code === 1),
      describeRuns(runs),
    );
    assert.equal(
      runs[0]!.results[0]!.error,
      "[initProcessGroup] world sizes differ: rank 1 has worldSize 3, rank 0 has 2",
    );
    assert.equal(
      runs[1]!.results[0]!.error,
      "[initProcessGroup] world sizes differ: rank 1 has worldSize 3, rank 0 has 2",
    );
  });

  it("without the gloo addon, initProcessGroup names libgloo-dev", async () => {
    const runs = await runRanks(1, ["join"], { timeoutMs: 60_000, env: () => ({ ANTORCHA_NO_GLOO: "1" }) });
    assert.equal(runs[0]!.code, 1, describeRuns(runs));
    assert.match(
      runs[0]!.results[0]!.error as string,
      /^\[initProcessGroup\] the gloo backend is not available: disabled by ANTORCHA_NO_GLOO; install Debian's libgloo-dev \(apt-get install libgloo-dev/,
    );
  });
});
