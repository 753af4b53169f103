// DistributedDataParallel on 2 local ranks: same weights as one process with the whole batch
// after 50 steps, bucket allreduces that start before backward ends, noSync accumulation, unused
// parameters. Bounded: the ranks are killed after 180 s.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { describeRuns, runRanks, skipReason } from "./helpers.js";

describe("DistributedDataParallel (gloo, 2 ranks)", { skip: skipReason, timeout: 400_000 }, () => {
  it("2 ranks × batch 8 equal 1 process × batch 16 after 50 SGD steps; buckets overlap backward; noSync", async () => {
    const runs = await runRanks(2, ["ddp"], { timeoutMs: 180_000 });
    assert.ok(
      runs.every((r) => r.code === 0),
      describeRuns(runs),
    );
    const [r0, r1] = runs.map((r) => r.results[0]!);
    console.log(
      `# DDP vs single process: max |Δw| = ${r0!.maxDiff}; buckets ${r0!.buckets}; overlapped ${r0!.overlapped}/${r0!.steps} steps`,
    );
    assert.ok((r0!.maxDiff as number) < 1e-5, `max diff ${r0!.maxDiff}`);
    for (const r of [r0!, r1!]) {
      assert.equal(r.agree, true);
      assert.ok((r.buckets as number) > 1);
      // The first bucket's allreduce starts inside backward (it is launched from a gradient hook).
      assert.equal(r.overlapped, r.steps);
      assert.equal(r.noSyncAgree, true);
      assert.equal(r.noSyncMatches, true);
    }
  });

  it("an unused parameter: a clear error without findUnusedParameters, a null grad with it", async () => {
    const runs = await runRanks(2, ["unused"], { timeoutMs: 180_000 });
    assert.ok(
      runs.every((r) => r.code === 0),
      describeRuns(runs),
    );
    for (const r of runs) {
      const res = r.results[0]!;
      assert.match(
        res.error as string,
        /^\[DistributedDataParallel\] parameters that were not used in producing the loss got no gradient on rank \d: b\.weight, b\.bias; pass \{ findUnusedParameters: true \}/,
      );
      assert.equal(res.unusedGrad, true);
      assert.equal(res.usedGrad, true);
    }
  });

  it("Keras fit on 2 ranks: one set of weights, losses averaged over the ranks, rank 0 alone prints", async () => {
    const runs = await runRanks(2, ["kerasFit"], { timeoutMs: 180_000 });
    assert.ok(
      runs.every((r) => r.code === 0),
      describeRuns(runs),
    );
    const [a, b] = runs.map((r) => r.results[0]!);
    assert.equal(a!.agree, true);
    assert.equal(b!.agree, true);
    assert.deepEqual(a!.loss, b!.loss);
    assert.equal((a!.loss as number[]).length, 3);
    assert.match(runs[0]!.stdout, /^Epoch 1\/3$/m);
    assert.doesNotMatch(runs[1]!.stdout, /Epoch/);
  });

  it("StepByStep/Trainer on a DDP model: sync train refused, trainAsync on the loop, rank 0 prints and saves", async () => {
    const dir = mkdtempSync(join(tmpdir(), "antorcha-ddp-sbs-"));
    const runs = await runRanks(2, ["stepByStep"], { timeoutMs: 180_000, env: () => ({ OUT_DIR: dir }) });
    assert.ok(
      runs.every((r) => r.code === 0),
      describeRuns(runs),
    );
    const [a, b] = runs.map((r) => r.results[0]!);
    for (const r of [a!, b!]) {
      assert.equal(
        r.syncError,
        "TypeError: [StepByStep.train] under torch.distributed the loop awaits collectives: use await trainAsync(nEpochs)",
      );
      assert.equal(r.agree, true);
      assert.equal((r.losses as number[]).length, 3);
    }
    // The epoch losses are averaged over the ranks: every rank records the same numbers.
    assert.deepEqual(a!.losses, b!.losses);
    assert.deepEqual(a!.valLosses, b!.valLosses);
    assert.deepEqual(a!.trainerLosses, b!.trainerLosses);
    assert.ok((a!.losses as number[])[2]! < (a!.losses as number[])[0]!, String(a!.losses));
    assert.equal((a!.printed as string).match(/^Epoch \d\/2$/gm)?.length, 2, a!.printed as string);
    assert.equal(b!.printed, "");
    assert.deepEqual(readdirSync(dir).sort(), ["sbs-rank0.pth", "trainer-rank0.pth"]);
  });

  it("Keras fit on 2 ranks: rank 0 alone writes ModelCheckpoint/CSVLogger/BackupAndRestore; every rank resumes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "antorcha-ddp-keras-"));
    const runs = await runRanks(2, ["kerasWriters"], { timeoutMs: 180_000, env: () => ({ OUT_DIR: dir }) });
    assert.ok(
      runs.every((r) => r.code === 0),
      describeRuns(runs),
    );
    for (const r of runs.map((x) => x.results[0]!)) {
      assert.deepEqual(r.firstEpochs, [0, 1]);
      assert.deepEqual(r.secondEpochs, [2]);
      assert.equal(r.agree, true);
    }
    assert.deepEqual(readdirSync(dir).sort(), ["backup", "ckpt-rank0.pt", "log-rank0.csv"]);
  });
});
