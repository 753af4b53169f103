/** Crash-safe writes (failures at every stage), checkpoints with RNG state, save errors. */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { _setAtomicWriteHook, type WriteStage } from "../../src/io/atomic.js";

const { io, nn } = torch;
const fresh = () => mkdtempSync(join(tmpdir(), "antorcha-ckpt-"));

describe("atomic writes", () => {
  for (const stage of ["open", "half-written", "synced"] as WriteStage[]) {
    it(`a failure at "${stage}" leaves the old file intact and no temp file`, () => {
      const dir = fresh();
      const path = join(dir, "m.safetensors");
      io.saveFile({ a: torch.ones([3]) }, path);
      const before = readFileSync(path);
      _setAtomicWriteHook((s) => {
        if (s === stage) throw new Error("disk full (simulated)");
      });
      try {
        assert.throws(
          () => io.saveFile({ a: torch.zeros([1000]) }, path),
          (e: unknown) => e instanceof io.CheckpointError && e.code === "WRITE_FAILED" && /disk full/.test(e.message),
        );
      } finally {
        _setAtomicWriteHook(null);
      }
      assert.deepEqual(readFileSync(path), before);
      assert.deepEqual(readdirSync(dir), ["m.safetensors"]);
    });
  }

  it("a write into a missing directory fails with WRITE_FAILED", () => {
    assert.throws(() => torch.save(torch.ones([1]), join(fresh(), "no", "such", "x.pt")), { code: "WRITE_FAILED" });
  });

  it("temp files of dead writers are swept; live writers' temp files are kept", () => {
    const dir = fresh();
    const dead = join(dir, ".x.pt.999999999.0123456789ab.tmp");
    const live = join(dir, `.x.pt.${process.pid}.0123456789ab.tmp`);
    const other = join(dir, ".y.pt.999999999.0123456789ab.tmp");
    for (const f of [dead, live, other]) writeFileSync(f, "junk");
    torch.save({ a: 1 }, join(dir, "x.pt"));
    assert.equal(existsSync(dead), false);
    assert.equal(existsSync(live), true);
    assert.equal(existsSync(other), true);
  });
});

describe("checkpoints", () => {
  it("restore model, optimizer, scheduler, epoch/step, global and extra RNG: the next steps replay exactly", () => {
    const dir = fresh();
    const path = join(dir, "ckpt.pt");
    const setup = () => {
      torch.manualSeed(3);
      const model = new nn.Sequential(new nn.Linear(3, 4), new nn.Dropout(0.5), new nn.Linear(4, 1));
      const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
      const scheduler = new torch.optim.lrScheduler.StepLR(optimizer, 2, { gamma: 0.5 });
      const gen = new torch.Generator().manualSeed(11);
      return { model, optimizer, scheduler, gen };
    };
    const train = (s: ReturnType<typeof setup>, n: number) => {
      for (let i = 0; i < n; i++) {
        const x = torch.randn([5, 3], { generator: s.gen });
        s.optimizer.zeroGrad();
        (s.model.forward(x) as torch.Tensor).pow(2).mean().backward();
        s.optimizer.step();
        s.scheduler.step();
      }
    };
    const a = setup();
    train(a, 3);
    io.saveCheckpoint(
      path,
      { model: a.model, optimizer: a.optimizer, scheduler: a.scheduler, generators: { data: a.gen } },
      { epoch: 1, step: 3, extra: { note: "x" } },
    );
    train(a, 4);
    const b = setup();
    torch.manualSeed(999); // scrambled: the checkpoint must restore it
    const ck = io.loadCheckpoint(path, {
      model: b.model,
      optimizer: b.optimizer,
      scheduler: b.scheduler,
      generators: { data: b.gen },
    })!;
    assert.equal(ck.epoch, 1);
    assert.equal(ck.step, 3);
    assert.deepEqual(ck.extra, { note: "x" });
    train(b, 4);
    const sa = a.model.stateDict();
    const sb = b.model.stateDict();
    for (const k of Object.keys(sa)) assert.deepEqual(sb[k]!.dataSync(), sa[k]!.dataSync(), k);
    assert.equal(b.optimizer.paramGroups[0]!.lr, a.optimizer.paramGroups[0]!.lr);
  });

  it("a DataLoader's generator is saved and restored: the shuffled order after resuming is the same", () => {
    const path = join(fresh(), "dl.pt");
    const ds = new torch.data.TensorDataset(torch.arange(10));
    const loader = new torch.data.DataLoader(ds, {
      batchSize: 10,
      shuffle: true,
      generator: new torch.Generator().manualSeed(5),
    });
    const order = () => ([...loader][0] as torch.Tensor[])[0]!.tolist();
    order();
    io.saveCheckpoint(path, { dataLoader: loader });
    const next = order();
    loader.generator!.manualSeed(77);
    io.loadCheckpoint(path, { dataLoader: loader });
    assert.deepEqual(order(), next);
  });

  it("missing and invalid checkpoints", () => {
    const dir = fresh();
    assert.equal(io.loadCheckpoint(join(dir, "none.pt"), {}, { missingOk: true }), null);
    assert.throws(() => io.loadCheckpoint(join(dir, "none.pt")), { code: "NOT_FOUND" });
    torch.save({ epoch: 1 }, join(dir, "plain.pt"));
    assert.throws(() => io.loadCheckpoint(join(dir, "plain.pt")), { code: "INVALID_CHECKPOINT" });
  });
});

describe("torch.save values", () => {
  it("state dicts are plain safetensors files with PyTorch's keys", () => {
    const dir = fresh();
    const m = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3));
    torch.save(m.stateDict(), join(dir, "m.pt"));
    const plain = io.loadFile(join(dir, "m.pt"));
    assert.deepEqual(Object.keys(plain).sort(), Object.keys(m.stateDict()).sort());
    const back = torch.load(join(dir, "m.pt")) as Record<string, torch.Tensor>;
    assert.deepEqual(m.loadStateDict(back), { missingKeys: [], unexpectedKeys: [] });
  });

  it("tensors, parameters (requiresGrad), typed arrays, Maps, undefined, odd keys", () => {
    const p = new nn.Parameter(torch.ones([2]));
    const obj = {
      t: torch.tensor(5),
      p,
      rng: torch.getRngState(),
      m: new Map([[1, "one"]]),
      u: undefined,
      "a.b": 1,
      __proto__x: 2,
    };
    const back = io.loadFromBytes(io.saveToBytes(obj)) as typeof obj;
    assert.equal(back.t.item(), 5);
    assert.equal(back.p.requiresGrad, true);
    assert.deepEqual(back.rng, obj.rng);
    assert.deepEqual(back.m, obj.m);
    assert.ok("u" in back && back.u === undefined);
    assert.equal(back["a.b"], 1);
    const root = io.loadFromBytes(io.saveToBytes(torch.arange(4))) as torch.Tensor;
    assert.deepEqual(root.tolist(), [0, 1, 2, 3]);
  });

  it("refuses modules, functions, class instances and cycles with UNSUPPORTED_VALUE", () => {
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    for (const v of [new nn.Linear(1, 1), () => 1, new Date(), cyc, Symbol("s"), new Uint16Array(2)]) {
      assert.throws(
        () => io.saveToBytes({ v }),
        (e: unknown) => e instanceof io.SafetensorsError && e.code === "UNSUPPORTED_VALUE",
      );
    }
  });
});
