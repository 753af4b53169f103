// Every collective on 3 local ranks against a single-process reference, for every dtype; then the
// file:// rendezvous in the same processes. Bounded: the ranks are killed after 180 s.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { describeRuns, runRanks, skipReason } from "./helpers.js";

describe("distributed collectives (gloo, 3 ranks)", { skip: skipReason, timeout: 200_000 }, () => {
  it("allReduce/broadcast/allGather/reduceScatter/gather/scatter/send/recv/barrier match the reference for all dtypes", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "antorcha-dist-")), "store");
    const runs = await runRanks(3, ["collectives"], { timeoutMs: 180_000, env: () => ({ DIST_FILE: file }) });
    assert.ok(
      runs.every((r) => r.code === 0),
      describeRuns(runs),
    );
    for (const r of runs) {
      const [main, fileInit] = r.results;
      assert.deepEqual(main!.bad, [], `rank ${r.rank}`);
      assert.equal(main!.world, 3);
      assert.equal(main!.isInit, true);
      assert.deepEqual(fileInit!.fileInit, [6, 30]);
    }
  });
});
