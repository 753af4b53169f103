/** Tensor lifetimes: reference-counted storages, dispose, tidy/keep, memory(), the caching pool. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const N = 8192; // 32 KiB of float32: above the pool's 16 KiB floor

const live = (): number => torch.memory().liveTensors;

describe("dispose", () => {
  it("returns the storage to the pool and the next allocation reuses it warm", () => {
    torch.emptyCache();
    const a = torch.ones(N);
    const data = a.storage.data;
    const before = torch.memory();
    a.dispose();
    const after = torch.memory();
    assert.equal(after.liveTensors, before.liveTensors - 1);
    assert.equal(after.pooledBytes, N * 4);
    const b = torch.zeros(N).add(1);
    assert.ok(b.storage.data === data || torch.memory().pooledBytes === 0, "the pooled block served an allocation");
    assert.deepEqual(Array.from(b.dataFloat().slice(0, 3)), [1, 1, 1]);
  });

  it("a released tensor raises `[op] tensor was released`, never reads recycled memory", () => {
    const a = torch.ones(N);
    a.dispose();
    a.dispose(); // twice is fine
    assert.throws(() => a.add(1), /^Error: \[\w+\] tensor was released \(by dispose/);
    assert.throws(() => a.dataSync(), /tensor was released/);
    assert.equal(a.isDisposed, true);
  });

  it("a view keeps the storage alive after its base is disposed", () => {
    const a = torch.arange(N, { dtype: "float32" });
    const v = a.view([2, N / 2]);
    a.dispose();
    assert.equal(v.isDisposed, false);
    assert.equal(v.sum().item(), ((N - 1) * N) / 2);
    v.dispose();
    assert.equal(v.isDisposed, true);
  });

  it("Symbol.dispose disposes (TypeScript's `using`)", () => {
    const a = torch.ones(N);
    a[Symbol.dispose]();
    assert.equal(a.isDisposed, true);
  });

  it("small tensors are left to V8's heap: disposed and unusable, not counted", () => {
    const before = live();
    const a = torch.ones(3);
    assert.equal(live(), before);
    a.dispose();
    assert.throws(() => a.neg(), /tensor was released/);
  });

  it("memory arrays the caller shares (fromArray) are never pooled", () => {
    torch.emptyCache();
    const arr = new Float32Array(N);
    const t = torch.fromArray(arr);
    t.dispose();
    assert.equal(torch.memory().pooledBytes, 0);
    arr[0] = 1; // still the caller's
  });
});

describe("tidy", () => {
  it("releases what it created except what it returns (arrays and objects count) and kept tensors", () => {
    const base = live();
    let kept: Tensor | null = null;
    const out = torch.tidy(() => {
      const a = torch.ones(N);
      const b = a.mul(2);
      kept = torch.keep(b.add(1));
      return { sum: b.sum(), parts: [b.neg()] };
    });
    assert.equal(live(), base + 2, "parts[0] and kept");
    assert.equal(out.sum.item(), 2 * N);
    assert.equal(out.parts[0]!.sum().item(), -2 * N);
    assert.equal(kept!.sum().item(), 3 * N);
    out.parts[0]!.dispose();
    kept!.dispose();
    assert.equal(live(), base);
  });

  it("nests: a returned tensor belongs to the enclosing scope", () => {
    const base = live();
    const outer = torch.tidy(() => {
      const inner = torch.tidy(() => torch.ones(N).mul(3));
      assert.equal(inner.sum().item(), 3 * N);
      return inner.sum();
    });
    assert.equal(outer.item(), 3 * N);
    assert.equal(live(), base);
  });

  it("releases on a throw too", () => {
    const base = live();
    assert.throws(() =>
      torch.tidy(() => {
        torch.ones(N).mul(2);
        throw new Error("boom");
      }),
    );
    assert.equal(live(), base);
  });

  it("works with async functions", async () => {
    const base = live();
    const r = await torch.tidy(async () => {
      const a = torch.ones(N);
      await new Promise((res) => setTimeout(res, 1));
      const b = a.mul(4); // created after an await: tracked too
      return b.sum();
    });
    assert.equal(r.item(), 4 * N);
    assert.equal(live(), base);
  });

  it("never releases parameters, buffers, .grad or optimizer state", () => {
    const base = live();
    const model = torch.tidy(
      () => new torch.nn.Sequential(new torch.nn.Linear(64, 128), new torch.nn.BatchNorm1d(128)),
    );
    const opt = new torch.optim.Adam(model.parameters(), { lr: 0.01 });
    const x = torch.randn(32, 64);
    const losses: number[] = [];
    for (let i = 0; i < 3; i++) {
      losses.push(
        torch.tidy(() => {
          opt.zeroGrad();
          const loss = model.call(x).pow(2).mean();
          loss.backward();
          opt.step();
          return loss.item();
        }),
      );
    }
    for (const p of model.parameters()) {
      assert.equal(p.isDisposed, false);
      assert.equal(p.grad!.isDisposed, false);
    }
    for (const s of opt.state.values())
      for (const v of Object.values(s)) if (v instanceof torch.Tensor) assert.equal(v.isDisposed, false);
    for (const b of model.buffers()) assert.equal(b.isDisposed, false);
    assert.ok(losses[2]! < losses[0]!);
    assert.ok(live() > base);
  });

  it("the graph of a returned loss survives the scope (saved tensors hold their storage)", () => {
    const w = torch.randn(N, { requiresGrad: true });
    const loss = torch.tidy(() => w.mul(torch.ones(N).mul(2)).exp().sum());
    loss.backward();
    assert.ok(w.grad!.allclose(w.detach().mul(2).exp().mul(2)));
  });

  it("rejects bad arguments", () => {
    assert.throws(() => torch.tidy(5 as never), /^TypeError: \[tidy\] expected a function/);
    assert.throws(() => torch.tidy("x", 5 as never), /^TypeError: \[tidy\] expected a function after the scope name/);
    assert.throws(() => torch.keep(5 as never), /^TypeError: \[keep\] expected a Tensor: got/);
    assert.throws(() => (torch.memory as (a: number) => void)(1), /^TypeError: \[memory\] takes at most 0/);
  });
});

describe("backward frees what the graph saved", () => {
  it("storages saved by nodes return to the pool after backward once their tensors are released", () => {
    torch.emptyCache();
    const w = torch.randn(N, { requiresGrad: true });
    const base = live();
    torch.tidy(() => {
      const h = w.mul(2).exp(); // ExpBackward saves its output
      const loss = h.sum();
      loss.backward();
    });
    assert.equal(live(), base + 1, "only w.grad remains");
    assert.ok(torch.memory().pooledBytes > 0);
  });
});

// ---- property test: random programs ----------------------------------------------------

type Step =
  | { k: "op"; op: "add" | "mul" | "exp" | "relu" | "neg"; a: number; b: number }
  | { k: "view"; a: number }
  | { k: "inplace"; a: number }
  | { k: "dispose"; a: number }
  | { k: "keep"; a: number }
  | { k: "scope"; body: Step[] };

const stepArb: fc.Arbitrary<Step> = fc.letrec((tie) => ({
  step: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({
      k: fc.constant("op" as const),
      op: fc.constantFrom("add", "mul", "exp", "relu", "neg"),
      a: fc.nat(),
      b: fc.nat(),
    }),
    fc.record({ k: fc.constant("view" as const), a: fc.nat() }),
    fc.record({ k: fc.constant("inplace" as const), a: fc.nat() }),
    fc.record({ k: fc.constant("dispose" as const), a: fc.nat() }),
    fc.record({ k: fc.constant("keep" as const), a: fc.nat() }),
    fc.record({
      k: fc.constant("scope" as const),
      body: fc.array(tie("step") as fc.Arbitrary<Step>, { maxLength: 5 }),
    }),
  ),
})).step as fc.Arbitrary<Step>;

interface Entry {
  t: Tensor;
  val: number[];
  dead: boolean; // what scope semantics say, computed the same way in both modes
  kept: boolean;
}

/**
 * Runs a program. `scoped` false runs scopes as plain blocks and skips disposes; both modes
 * pick operands from the same (semantically live) tensors. Returns w's gradient and the values
 * of the tensors alive at the end; `kept` collects what the program kept.
 */
function runProgram(steps: Step[], scoped: boolean, w: Tensor, kept: Tensor[]): number[][] {
  const pool: Entry[] = [{ t: w, val: Array.from(w.detach().dataFloat()), dead: false, kept: true }];
  const check = (): void => {
    // no live tensor ever sees its storage reused: its values are what they were
    for (const e of pool) {
      if (e.dead) continue;
      assert.equal(e.t.isDisposed, false);
      assert.deepEqual(Array.from(e.t.detach().dataFloat()), e.val);
    }
  };
  const pick = (i: number): Entry | null => {
    const alive = pool.filter((e) => !e.dead);
    return alive.length ? alive[i % alive.length]! : null;
  };
  const add = (t: Tensor): void => {
    pool.push({ t, val: Array.from(t.detach().dataFloat()), dead: false, kept: false });
  };
  const exec = (s: Step): void => {
    if (s.k === "scope") {
      const start = pool.length;
      const body = (): Tensor | undefined => {
        for (const b of s.body) exec(b);
        return pool.length > start ? pool[pool.length - 1]!.t : undefined;
      };
      const r = scoped ? torch.tidy(body) : body();
      for (let i = start; i < pool.length; i++) if (pool[i]!.t !== r && !pool[i]!.kept) pool[i]!.dead = true;
      check();
      return;
    }
    const e = pick(s.a);
    if (e === null) return;
    if (s.k === "op") {
      const x = e.t;
      const y = pick(s.b)!.t;
      add(
        s.op === "add"
          ? x.add(y)
          : s.op === "mul"
            ? x.mul(y).clamp(-4, 4)
            : s.op === "exp"
              ? x.clamp(-3, 3).exp()
              : s.op === "relu"
                ? x.relu()
                : x.neg(),
      );
    } else if (s.k === "view") {
      add(
        e.t
          .view([2, N / 2])
          .transpose(0, 1)
          .reshape([N]),
      );
    } else if (s.k === "inplace") {
      if (e.t.requiresGrad) return;
      torch.noGrad(() => e.t.add_(1));
      for (const o of pool) if (!o.dead) o.val = Array.from(o.t.detach().dataFloat());
    } else if (s.k === "dispose") {
      if (e.t === w || e.kept) return;
      e.dead = true;
      if (scoped) e.t.dispose();
    } else if (s.k === "keep") {
      e.kept = true;
      if (e.t !== w) kept.push(scoped ? torch.keep(e.t) : e.t);
    }
    check();
  };
  for (const s of steps) exec(s);
  const last = pick(0)!.t.sum();
  let err = "";
  try {
    if (last.requiresGrad) last.backward();
  } catch (e) {
    err = String(e); // an in-place write over a saved tensor: the same in both modes
  }
  const out = pool.filter((e) => !e.dead).map((e) => Array.from(e.t.detach().dataFloat().slice(0, 4)));
  out.push([err.length]);
  out.push(w.grad === null ? [] : Array.from(w.grad.dataFloat().slice(0, 8)));
  return out;
}

describe("random programs (ops, views, in-place ops, backward, tidy/keep/dispose)", () => {
  it("no live tensor sees its storage reused, scopes return liveTensors to baseline, results match", () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 1000 }),
        (steps, seed) => {
          torch.manualSeed(seed);
          const w1 = torch.randn(N, { requiresGrad: true });
          const plain = runProgram(steps, false, w1, []);
          torch.manualSeed(seed);
          const w2 = torch.randn(N, { requiresGrad: true });
          const kept: Tensor[] = [];
          const scoped = torch.tidy(() => runProgram(steps, true, w2, kept));
          assert.deepEqual(scoped, plain, "the same results with and without scopes");
          for (const t of kept) t.dispose();
          // Without graphs (a graph nobody backwards keeps what it saved until the GC collects
          // it), every storage created in the scope is released at its end.
          const w3 = torch.randn(N);
          const kept3: Tensor[] = [];
          const base = live();
          torch.noGrad(() => torch.tidy(() => runProgram(steps, true, w3, kept3)));
          const keptStorages = new Set(
            kept3.filter((t) => !t.isDisposed && t.storage !== w3.storage).map((t) => t.storage),
          );
          assert.equal(live(), base + keptStorages.size, "after the scope only kept tensors remain");
          for (const t of kept3) t.dispose();
          assert.equal(live(), base);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("the GC backstop", () => {
  it("storages nobody released leave memory() once the GC collects them", async () => {
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 20));
    await tick();
    gc();
    await tick();
    const base = live();
    for (let i = 0; i < 20; i++) torch.rand(N);
    assert.equal(live(), base + 20);
    await tick(); // the allocations' job ends, then a full collection finds them dead
    gc();
    await tick();
    assert.equal(live(), base);
  });
});
