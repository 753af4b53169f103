import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { DType, FloatDType } from "../../src/tensor/dtype.js";
import {
  DEFAULT_SEED,
  Generator,
  STATE_BYTES,
  defaultGenerator,
  fma32,
  fma64,
  getRngState,
  initialSeed,
  manualSeed,
  sampleBernoulli,
  sampleNormal,
  sampleRandint,
  sampleRandperm,
  sampleUniform,
  seed,
  setRngState,
} from "../../src/tensor/random.js";

// Fixture written by scripts/fixtures/random.py from PyTorch 1.13 (CPU, AVX2).
interface Op {
  op: string;
  n: number;
  dtype?: string;
  low?: number | string;
  high?: number | string;
  mean?: number;
  std?: number;
  contiguous?: boolean;
  p?: number | number[];
  probsDtype?: "float32" | "float64";
}
type Encoded =
  | { values: (number | string)[] }
  | { n: number; head: (number | string)[]; tail: (number | string)[]; hash: number; hash32?: number };
interface Case {
  name: string;
  seed: string | null;
  ops: Op[];
  expected: Encoded[];
}
interface StateCase {
  seed: string | null;
  ops: Op[];
  state: string;
  after: Op[];
  expected: Encoded[];
}
const fx = JSON.parse(readFileSync(new URL("../fixtures/random.json", import.meta.url), "utf8")) as {
  defaultSeed: string;
  seeds: { seed: string; initial: string }[];
  cases: Case[];
  states: StateCase[];
};

function makeGen(seedStr: string | null): Generator {
  return seedStr === null ? new Generator() : new Generator(BigInt(seedStr));
}

function runOp(g: Generator, op: Op): Float64Array | BigInt64Array {
  const dt = (op.dtype ?? "float32") as FloatDType;
  switch (op.op) {
    case "uniform":
      return sampleUniform(op.n, dt, op.low as number, op.high as number, g);
    case "rand":
      return sampleUniform(op.n, dt, 0, 1, g);
    case "normal":
      return sampleNormal(op.n, dt, op.mean!, op.std!, g, op.contiguous ?? true);
    case "randn":
      return sampleNormal(op.n, dt, 0, 1, g);
    case "randint":
      return sampleRandint(op.n, op.dtype as DType, BigInt(op.low!), BigInt(op.high!), g);
    case "randperm":
      return sampleRandperm(op.n, g);
    case "bernoulli":
      return typeof op.p === "number" ? sampleBernoulli(op.n, op.p, g) : sampleBernoulli(op.n, op.p!, g, op.probsDtype);
    default:
      throw new Error(`unknown op ${op.op}`);
  }
}

// FNV-1a over each value's little-endian float64 (or int64) bytes, as in the Python script.
function fnv1a(values: Float64Array | BigInt64Array, ints: boolean): number {
  const buf = new DataView(new ArrayBuffer(8));
  let h = 0x811c9dc5;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (ints) buf.setBigInt64(0, typeof v === "bigint" ? v : BigInt(v), true);
    else buf.setFloat64(0, v as number, true);
    for (let b = 0; b < 8; b++) h = Math.imul(h ^ buf.getUint8(b), 0x01000193) >>> 0;
  }
  return h;
}

function same(got: number | bigint, want: number | string): boolean {
  if (typeof want === "string") return BigInt(got) === BigInt(want);
  return Object.is(Number(got), want) || (got === 0 && want === 0);
}

// float64 normal: PyTorch calls glibc log/sin/cos, antorcha computes them correctly rounded; the two
// disagree on ~0.1% of calls, which moves a sample by an ulp or two. Everything else is exact.
const LIBM_MAX_ULPS = 4;
const libmStats = { values: 0, inexact: 0, worstUlps: 0 };

function ulpDiff(a: number, b: number): number {
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  const key = (x: bigint) => (x < 0n ? -(x & 0x7fffffffffffffffn) : x); // monotone integer order
  return Number(key(buf.getBigInt64(0)) - key(buf.getBigInt64(8)));
}

function checkLibm(label: string, got: Float64Array, want: Encoded): void {
  const pairs: [number, number][] = [];
  if ("values" in want) {
    assert.equal(got.length, want.values.length, `${label}: length`);
    want.values.forEach((w, i) => pairs.push([got[i]!, w as number]));
  } else {
    assert.equal(got.length, want.n, `${label}: length`);
    want.head.forEach((w, i) => pairs.push([got[i]!, w as number]));
    want.tail.forEach((w, i) => pairs.push([got[got.length - want.tail.length + i]!, w as number]));
    const exact = fnv1a(got, false) === want.hash;
    const as32 = fnv1a(Float64Array.from(got, Math.fround), false);
    assert.ok(exact || as32 === want.hash32, `${label}: values differ beyond the last float64 bits`);
  }
  for (const [g, w] of pairs) {
    const d = Math.abs(ulpDiff(g, w));
    libmStats.values++;
    if (d !== 0) libmStats.inexact++;
    libmStats.worstUlps = Math.max(libmStats.worstUlps, d);
    assert.ok(d <= LIBM_MAX_ULPS, `${label}: got ${g}, want ${w} (${d} ulps apart)`);
  }
}

function check(label: string, got: Float64Array | BigInt64Array, want: Encoded, ints: boolean, libm = false): void {
  const list = (xs: ArrayLike<number | bigint>) => Array.from(xs as ArrayLike<number>, (v) => String(v));
  if (libm) return checkLibm(label, got as Float64Array, want);
  if ("values" in want) {
    assert.equal(got.length, want.values.length, `${label}: length`);
    const bad = want.values.findIndex((w, i) => !same(got[i]!, w));
    assert.equal(
      bad,
      -1,
      `${label}: first mismatch at ${bad}: got ${String(got[bad])}, want ${String(want.values[bad])}`,
    );
    return;
  }
  assert.equal(got.length, want.n, `${label}: length`);
  const head = want.head.findIndex((w, i) => !same(got[i]!, w));
  assert.equal(head, -1, `${label}: head mismatch at ${head}: ${list(got.slice(0, 20))}`);
  const off = got.length - want.tail.length;
  const tail = want.tail.findIndex((w, i) => !same(got[off + i]!, w));
  assert.equal(tail, -1, `${label}: tail mismatch at ${off + tail}`);
  assert.equal(fnv1a(got, ints), want.hash, `${label}: hash of all ${want.n} values differs`);
}

const isInts = (op: Op) =>
  op.op === "randperm" || (op.op === "randint" && !["float16", "bfloat16", "float32", "float64"].includes(op.dtype!));

const isLibm = (op: Op) => (op.op === "normal" || op.op === "randn") && op.dtype === "float64";

for (const c of fx.cases) {
  test(`matches PyTorch: ${c.name}`, () => {
    const g = makeGen(c.seed);
    c.ops.forEach((op, k) => {
      const label = `${c.name} op#${k} ${op.op}(${op.n}${op.dtype ? ", " + op.dtype : ""})`;
      check(label, runOp(g, op), c.expected[k]!, isInts(op), isLibm(op));
    });
  });
}

test("float64 normal: libm disagreements stay rare and tiny", (t) => {
  // runs after the fixture cases above (node:test runs tests in order)
  t.diagnostic(
    `float64 normal: ${libmStats.inexact}/${libmStats.values} values inexact, worst ${libmStats.worstUlps} ulp`,
  );
  assert.ok(libmStats.values > 1000, `only ${libmStats.values} float64 normal values checked`);
  assert.ok(
    libmStats.inexact <= libmStats.values * 0.01,
    `${libmStats.inexact} of ${libmStats.values} float64 normal values differ from PyTorch`,
  );
});

test("getState is byte-identical to torch.get_rng_state and setState replays PyTorch's draws", () => {
  for (const s of fx.states) {
    const g = makeGen(s.seed);
    for (const op of s.ops) runOp(g, op);
    const want = new Uint8Array(Buffer.from(s.state, "base64"));
    assert.equal(want.length, STATE_BYTES);
    assert.deepEqual(g.getState(), want);
    const h = new Generator(12345).setState(want); // restore a PyTorch state into another generator
    s.after.forEach((op, k) => check(`state after ${k}`, runOp(h, op), s.expected[k]!, false, isLibm(op)));
  }
});

test("default seed and seed conversion match PyTorch", () => {
  assert.equal(DEFAULT_SEED, BigInt(fx.defaultSeed));
  assert.equal(new Generator().initialSeed(), DEFAULT_SEED);
  for (const { seed: sd, initial } of fx.seeds) {
    assert.equal(new Generator(BigInt(sd)).initialSeed(), BigInt(initial), `seed ${sd}`);
  }
  assert.equal(new Generator(-1).initialSeed(), 2n ** 64n - 1n);
  assert.throws(() => new Generator(2n ** 64n), RangeError);
  assert.throws(() => new Generator(1.5), RangeError);
});

test("raw draws: MT19937 reference values and random64 order", () => {
  const g = new Generator(0);
  assert.equal(g.nextUint32(), 2357136044); // 0x8c7f0aac, std::mt19937 seeded with 0
  assert.equal(g.nextUint32(), 2546248239);
  const a = new Generator(5489);
  const b = new Generator(5489);
  assert.equal(a.nextUint32(), 3499211612); // the classic mt19937 first output for seed 5489
  b.nextUint32();
  const hi = a.nextUint32();
  const lo = a.nextUint32();
  assert.equal(b.nextUint64(), (BigInt(hi) << 32n) | BigInt(lo));
  // after 10000 draws std::mt19937 (seed 5489) yields 4123659995
  const c = new Generator(5489);
  let last = 0;
  for (let i = 0; i < 10000; i++) last = c.nextUint32();
  assert.equal(last, 4123659995);
});

test("same seed gives the same numbers; manualSeed resets the cached normal", () => {
  const a = new Generator(1729);
  const b = new Generator(1729);
  assert.deepEqual(sampleNormal(5, "float64", 0, 1, a), sampleNormal(5, "float64", 0, 1, b));
  sampleNormal(1, "float64", 0, 1, a); // leaves a cached sample
  a.manualSeed(1729);
  assert.equal(a.nextDoubleNormal, null);
  assert.deepEqual(sampleUniform(50, "float32", 0, 1, a), sampleUniform(50, "float32", 0, 1, new Generator(1729)));
});

test("getState/setState round trip keeps position and the cached normal sample", () => {
  const g = new Generator(42);
  sampleUniform(700, "float32", 0, 1, g); // crosses a twist
  sampleNormal(1, "float64", 0, 1, g); // caches the sine sample
  assert.notEqual(g.nextDoubleNormal, null);
  const st = g.getState();
  const want = [sampleNormal(3, "float64", 0, 1, g), sampleUniform(1000, "float64", 0, 1, g)];
  const h = new Generator().setState(st);
  assert.deepEqual([sampleNormal(3, "float64", 0, 1, h), sampleUniform(1000, "float64", 0, 1, h)], want);
  assert.deepEqual(h.getState(), g.getState());
  assert.equal(h.initialSeed(), 42n);
});

test("setState rejects malformed states with a clear error", () => {
  const g = new Generator(3);
  const good = g.getState();
  const mutate = (f: (d: DataView, u: Uint8Array) => void) => {
    const u = good.slice();
    f(new DataView(u.buffer), u);
    return u;
  };
  assert.throws(() => g.setState(new Uint8Array(10)), /\[setState\] malformed generator state: got 10 bytes/);
  assert.throws(() => g.setState(mutate((d) => d.setInt32(8, 0, true))), /left=0/);
  assert.throws(() => g.setState(mutate((d) => d.setInt32(8, 625, true))), /left=625/);
  assert.throws(() => g.setState(mutate((d) => d.setInt32(12, 0, true))), /seeded flag/);
  assert.throws(() => g.setState(mutate((d) => d.setBigUint64(16, 700n, true))), /next=700/);
  assert.throws(() => g.setState(mutate((d) => d.setUint32(24 + 4, 1, true))), /word 0 exceeds 32 bits/);
  assert.throws(() => g.setState(mutate((d) => d.setInt32(5040, 7, true))), /normal cache flag/);
  assert.throws(() => g.setState(mutate((_, u) => (u[5052] = 9))), /float normal cache flag/);
  assert.throws(() => g.setState("x" as unknown as Uint8Array), TypeError);
  // a failed setState leaves the generator untouched
  assert.deepEqual(g.getState(), good);
});

test("default generator helpers", () => {
  const saved = getRngState();
  try {
    assert.equal(manualSeed(42), defaultGenerator);
    assert.equal(initialSeed(), 42n);
    const a = sampleUniform(5, "float32", 0, 1);
    manualSeed(42);
    assert.deepEqual(sampleUniform(5, "float32", 0, 1), a);
    const st = getRngState();
    const b = sampleNormal(3, "float32", 0, 1);
    setRngState(st);
    assert.deepEqual(sampleNormal(3, "float32", 0, 1), b);
    const s = seed();
    assert.equal(typeof s, "bigint");
    assert.equal(initialSeed(), s);
    assert.ok(s >= 0n && s < 2n ** 64n);
  } finally {
    setRngState(saved);
  }
});

test("argument validation throws one-line RangeErrors", () => {
  const g = new Generator(0);
  assert.throws(() => sampleRandint(3, "int64", 5, 5, g), {
    name: "RangeError",
    message: "[randint] low must be less than high: got low=5, high=5",
  });
  assert.throws(() => sampleRandint(3, "uint8", 0, 257, g), /\[randint\] range \[0, 257\) does not fit uint8/);
  assert.throws(() => sampleNormal(3, "float32", 0, -1, g), /\[normal\] std must be non-negative: got std=-1/);
  assert.throws(() => sampleUniform(3, "float32", 2, 1, g), /\[uniform\] low must be less than or equal to high/);
  assert.throws(() => sampleUniform(-1, "float32", 0, 1, g), /\[uniform\] n must be a non-negative integer: got -1/);
  assert.throws(() => sampleUniform(2.5, "float32", 0, 1, g), RangeError);
  assert.throws(() => sampleRandperm(-3, g), /\[randperm\] n must be/);
  assert.throws(() => sampleBernoulli(3, 1.5, g), /\[bernoulli\] p must be in \[0, 1\]: got p=1.5/);
  assert.throws(() => sampleBernoulli(2, [0.5, -0.1], g), /got p=-0.1 at index 1/);
  assert.throws(() => sampleBernoulli(3, [0.5, 0.5], g), /must have n=3 elements/);
  assert.throws(() => sampleUniform(3, "int32" as FloatDType, 0, 1, g), TypeError);
});

test("randperm yields a permutation", () => {
  // PyTorch's large-n path (n >= 214748364, inside-out Fisher-Yates with 64-bit draws) is too big
  // for a fixture and is not exercised here.
  const p = sampleRandperm(1000, new Generator(9));
  const seen = new Uint8Array(1000);
  for (const v of p) seen[v] = 1;
  assert.equal(
    seen.reduce((a, b) => a + b, 0),
    1000,
  );
});

test("fma32 and fma64 round once", () => {
  // (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46 exactly; an unfused float computation gives 0
  const a = Math.fround(1 + 2 ** -23);
  const b = Math.fround(1 - 2 ** -23);
  assert.equal(fma32(a, b, -1), -(2 ** -46));
  assert.equal(fma64(1 + 2 ** -52, 1 - 2 ** -52, -1), -(2 ** -104));
  // exact result lies 2^-70 above a float32 midpoint: rounding through double would tie to even (down)
  const c = 1 + 2 ** -22 + 2 ** -23;
  const bb = -(2 ** -24 - 2 ** -47);
  assert.equal(Math.fround(a * bb + c), 1 + 2 ** -22); // the double-rounded answer
  assert.equal(fma32(a, bb, c), c);
  assert.equal(fma32(1, 1, 2 ** -24), 1); // a true tie goes to even
});
