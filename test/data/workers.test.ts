/** DataLoader with worker threads: same batches as in-thread loading, errors, and termination. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import * as torch from "../../src/index.js";
import { SquaresDataset } from "./worker-dataset.js";

const { data } = torch;
type B = { x: torch.Tensor; y: torch.Tensor; worker: torch.Tensor; noise: torch.Tensor };
const plain = (bs: B[]) => bs.map((b) => ({ x: b.x.tolist(), y: b.y.tolist() }));

describe("DataLoader workers", () => {
  test("numWorkers=3 gives the in-thread batches (sync iteration, shuffled, seeded)", () => {
    torch.manualSeed(7);
    const ref = [...new data.DataLoader(new SquaresDataset(50), { batchSize: 4, shuffle: true })] as B[];
    torch.manualSeed(7);
    const got = [...new data.DataLoader(new SquaresDataset(50), { batchSize: 4, shuffle: true, numWorkers: 3 })] as B[];
    assert.deepEqual(plain(got), plain(ref));
    // batch k was loaded by worker k % 3, as in PyTorch
    got.forEach((b, k) => assert.deepEqual(new Set(b.worker.tolist() as number[]), new Set([k % 3])));
    assert.deepEqual(new Set(ref.flatMap((b) => b.worker.tolist() as number[])), new Set([-1]));
  });
  test("for await with prefetching: two workers load in parallel, order kept", async () => {
    // Parallel means the two workers' loads overlap in time: checked from the load intervals
    // each item records, not from wall-clock totals (which a loaded machine stretches).
    const loader = new data.DataLoader(new SquaresDataset(48, -1, -1, 25), {
      batchSize: 4,
      numWorkers: 2,
      prefetchFactor: 3,
    });
    const ys: number[] = [];
    const spans: [number, number, number][] = []; // worker, start, end
    for await (const b of loader) {
      const batch = b as B & { span: torch.Tensor };
      ys.push(...(batch.y.tolist() as number[]));
      const w = batch.worker.tolist() as number[];
      (batch.span.tolist() as [number, number][]).forEach(([s, e], k) => spans.push([w[k]!, s, e]));
    }
    assert.deepEqual(
      ys,
      Array.from({ length: 48 }, (_, i) => i),
    );
    const overlaps = spans.filter(([w, s, e]) => spans.some(([w2, s2, e2]) => w2 !== w && s2 < e && s < e2)).length;
    assert.ok(
      overlaps >= 24,
      `only ${overlaps} of 48 loads overlapped a load in the other worker: expected parallel loading`,
    );
  });
  test("workers are terminated when iteration completes, breaks, fails or is closed", async () => {
    const settle = async () => {
      for (let k = 0; k < 100 && data.liveWorkers() > 0; k++) await new Promise((r) => setTimeout(r, 50));
      return data.liveWorkers();
    };
    const mk = (fail = -1) => new data.DataLoader(new SquaresDataset(40, fail), { batchSize: 2, numWorkers: 2 });
    for (const _ of mk());
    assert.equal(await settle(), 0, "after completion");
    for (const _ of mk()) break;
    assert.equal(await settle(), 0, "after break");
    for await (const _ of mk()) break;
    assert.equal(await settle(), 0, "after for-await break");
    assert.throws(() => [...mk(5)]);
    assert.equal(await settle(), 0, "after an error");
    const it = mk()[Symbol.iterator]();
    it.next();
    assert.equal(data.liveWorkers(), 2);
    it.return();
    assert.equal(await settle(), 0, "after return()");
  });
  test("worker RNG is seeded baseSeed + id: the same global seed gives the same random items", () => {
    const run = () => {
      torch.manualSeed(11);
      return [...new data.DataLoader(new SquaresDataset(12), { batchSize: 3, numWorkers: 2 })].map((b) =>
        (b as B).noise.tolist(),
      );
    };
    const a = run();
    assert.deepEqual(run(), a);
    assert.notDeepEqual(a[0], a[1]); // two workers, two seeds
  });
  test("custom collateFn runs in the main thread on items loaded by workers", () => {
    const loader = new data.DataLoader(new SquaresDataset(6), {
      batchSize: 4,
      numWorkers: 2,
      collateFn: (items) => items.map((it) => it.y),
    });
    assert.deepEqual(
      [...loader],
      [
        [0, 1, 2, 3],
        [4, 5],
      ],
    );
  });
  test("an error in getItem is raised in the main thread with the worker and batch", async () => {
    assert.throws(
      () => [...new data.DataLoader(new SquaresDataset(10, 6), { batchSize: 2, numWorkers: 2 })],
      /\[DataLoader\] worker 1 failed on batch 3: RangeError: item 6 is broken/,
    );
    await assert.rejects(async () => {
      for await (const _ of new data.DataLoader(new SquaresDataset(10, 6), { batchSize: 2, numWorkers: 2 }));
    }, /item 6 is broken/);
  });
  test("a worker that exits is reported, not waited on forever", () => {
    assert.throws(
      () => [...new data.DataLoader(new SquaresDataset(10, -1, 4), { batchSize: 2, numWorkers: 2 })],
      /worker 0 failed: .*exited with code 3/,
    );
  });
  test("a dataset without workerSpec gets a clear error", () => {
    class Local extends data.Dataset<number> {
      get length() {
        return 3;
      }
      getItem(i: number) {
        return i;
      }
    }
    assert.throws(
      () => [...new data.DataLoader(new Local(), { numWorkers: 1 })],
      /numWorkers=1 needs a dataset that worker threads can rebuild: Local has no workerSpec\(\)/,
    );
    const t = new data.transforms.Lambda((x) => x);
    assert.throws(
      () => [...new data.DataLoader(new data.Subset(new Local(), [0]), { numWorkers: 1 })],
      /Subset has no workerSpec/,
    );
    void t;
  });
  test("TensorDataset and Subset travel to workers", () => {
    const td = new data.TensorDataset(torch.arange(10).reshape([5, 2]), torch.arange(5));
    const sub = new data.Subset(td, [4, 0, 2]);
    const got = [...new data.DataLoader(sub, { batchSize: 2, numWorkers: 2 })] as torch.Tensor[][];
    assert.deepEqual(
      got.map((b) => b[1]!.tolist()),
      [[4, 0], [2]],
    );
  });

  // Each scenario runs in a child process that must exit on its own (no lingering worker threads).
  const script = fileURLToPath(new URL("./worker-exit-child.ts", import.meta.url));
  for (const mode of ["all", "abandon"]) {
    test(`the process exits after iteration ends: ${mode}`, () => {
      const t0 = Date.now();
      // A lingering worker would keep the child alive forever; 120 s only bounds that, since the
      // "all" scenario starts 12 workers (each compiling sources through tsx) and a busy
      // 2-core machine was measured taking 95 s for it.
      const r = spawnSync(process.execPath, ["--import", "tsx", script, mode], { encoding: "utf8", timeout: 120000 });
      assert.equal(r.signal, null, `child hung (killed after ${Date.now() - t0} ms): ${r.stderr}`);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /done/);
    });
  }
});
