/**
 * Native kernels are keyed by name: the addon's exported names equal the TypeScript op lists
 * minus NATIVE_GAPS, the codes sent to C++ are the addon's own positions (a fake addon that
 * lists its kernels in another order still computes the right ops), and any disagreement — an op
 * without a kernel or gap, a kernel TypeScript does not know, a stale gap, a dtype code table
 * that differs — keeps the native backend from loading, with a message that names it.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { UNARY_OPS, type View } from "../../src/backend/backend.js";
import { addon, type NativeAddon } from "../../src/backend/native/addon.js";
import {
  createNativeBackend,
  type FamilyCoverage,
  NATIVE_FAMILIES,
  NATIVE_GAPS,
  nativeBackend,
  nativeInfo,
  nativeKernelCoverage,
} from "../../src/backend/native/index.js";
import { compareKernelNames, resolveDtypeCodes, resolveKernelCodes } from "../../src/backend/native/kernels.js";
import { referenceBackend as ref } from "../../src/backend/reference/index.js";
import { DTYPES } from "../../src/tensor/dtype.js";

const skip = addon === null ? `native addon not built (${nativeInfo().reason}); run \`npm rebuild\`` : false;
const real = addon as NativeAddon;
const families = Object.keys(NATIVE_FAMILIES) as (keyof typeof NATIVE_FAMILIES)[];

/** What the TS side expects the addon to export for a family: its list minus the gaps. */
function expected(family: keyof typeof NATIVE_FAMILIES): string[] {
  const gaps = NATIVE_GAPS[family] as Record<string, string>;
  return NATIVE_FAMILIES[family].filter((n) => !(n in gaps));
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

describe("the real addon's names", { skip }, () => {
  it("loads: every TS op is native or a gap, every native name is known", () => {
    assert.notEqual(nativeBackend, null, `native backend refused: ${nativeInfo().reason}`);
    assert.equal(nativeInfo().available, true);
  });

  it("exports, per family, exactly the TS list minus NATIVE_GAPS", () => {
    const names = real.kernelNames!();
    assert.deepEqual(sorted(Object.keys(names)), sorted(families));
    for (const f of families) assert.deepEqual(sorted(names[f]!), sorted(expected(f)), f);
  });

  it("exports a code for every dtype, distinct", () => {
    const codes = real.dtypeCodes!();
    assert.deepEqual(sorted(Object.keys(codes)), sorted(DTYPES));
    assert.equal(new Set(Object.values(codes)).size, DTYPES.length);
  });

  it("nativeKernelCoverage reports every family with nothing missing or unknown", () => {
    const cov = nativeKernelCoverage();
    assert.equal(cov.available, true);
    assert.equal(cov.reason, null);
    const covered = cov.families;
    assert.ok(covered !== null);
    for (const f of families) {
      const c: FamilyCoverage = covered[f];
      assert.deepEqual(sorted(c.native), sorted(expected(f)), f);
      assert.deepEqual(c.gaps, { ...NATIVE_GAPS[f] }, f);
      assert.deepEqual([c.missing, c.unknown, c.duplicated, c.staleGaps], [[], [], [], []], f);
    }
  });

  it("the code of a name is the addon's position of it, not the TS list's", () => {
    const names = real.kernelNames!();
    const codes = resolveKernelCodes(names, NATIVE_FAMILIES, NATIVE_GAPS);
    for (const f of families) {
      for (const [name, code] of codes[f] as ReadonlyMap<string, number>) assert.equal(names[f]![code], name);
    }
    const reversed = { ...names, unary: [...names.unary!].reverse() };
    const rcodes = resolveKernelCodes(reversed, NATIVE_FAMILIES, NATIVE_GAPS);
    assert.equal(rcodes.unary.get(UNARY_OPS[0]), names.unary!.length - 1);
  });
});

/** A fake addon over the real one that lists its unary and binary kernels in reverse order (and
 * may drop some): it translates each code back to the real addon's before calling it. */
function reorderedAddon(drop: readonly string[] = []): { fake: NativeAddon; calls: Map<string, number> } {
  const names = real.kernelNames!();
  const fakeNames = { ...names };
  let meta: Float64Array | null = null;
  const calls = new Map<string, number>();
  const wrap = (family: "unary" | "binary") => {
    const own = names[family]!;
    const listed = [...own].reverse().filter((n) => !drop.includes(n));
    fakeNames[family] = listed;
    return (...arrays: ArrayBufferView[]): boolean => {
      const name = listed[meta![0]!]!;
      calls.set(name, (calls.get(name) ?? 0) + 1);
      meta![0] = own.indexOf(name);
      return real[family](...arrays);
    };
  };
  const fake: NativeAddon = {
    ...real,
    init(m) {
      meta = m;
      real.init(m);
    },
    unary: wrap("unary"),
    binary: wrap("binary"),
    kernelNames: () => fakeNames,
  };
  return { fake, calls };
}

function vec(values: number[]): View {
  return { data: Float64Array.from(values), dtype: "float64", shape: [values.length], strides: [1], offset: 0 };
}
const xs = Array.from({ length: 64 }, (_, i) => (i - 32) / 20);

describe("mode codes reach the right branch", { skip }, () => {
  const nb = nativeBackend!;
  const i64 = (v: number[], shape = [v.length]): View => ({
    data: BigInt64Array.from(v.map(BigInt)),
    dtype: "int64",
    shape,
    strides: shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1)),
    offset: 0,
  });
  const read = (v: View): number[] => Array.from(v.data as ArrayLike<number | bigint>, Number);

  it("scatter none, add and multiply, and both scans, agree with the reference", () => {
    for (const mode of NATIVE_FAMILIES.scatterReduce) {
      const [a, b] = [i64([2, 3, 5, 7]), i64([2, 3, 5, 7])];
      nb.scatter(a, 0, i64([1, 3, 1]), i64([10, 20, 30]), mode);
      ref.scatter(b, 0, i64([1, 3, 1]), i64([10, 20, 30]), mode);
      assert.deepEqual(read(a), read(b), mode);
    }
    for (const op of NATIVE_FAMILIES.scan) {
      const [a, b] = [vec(xs.map(() => 0)), vec(xs.map(() => 0))];
      nb.scan[op](vec(xs), 0, a);
      ref.scan[op](vec(xs), 0, b);
      assert.deepEqual(read(a), read(b), op);
    }
  });

  it("softmax and logSoftmax run their own form", () => {
    const x = { ...vec(xs), shape: [4, 16], strides: [16, 1] };
    const [s, l] = [vec(xs.map(() => 0)), vec(xs.map(() => 0))].map((v) => ({
      ...v,
      shape: [4, 16],
      strides: [16, 1],
    }));
    assert.equal(nb.fused!.softmax(x, s!), true);
    assert.equal(nb.fused!.logSoftmax(x, l!), true);
    const sv = read(s!);
    read(l!).forEach((lv, i) => assert.ok(Math.abs(Math.exp(lv) - sv[i]!) < 1e-12, `element ${i}`));
    assert.ok(Math.abs(sv.slice(0, 16).reduce((p, q) => p + q, 0) - 1) < 1e-12);
  });
});

describe("a fake addon", { skip }, () => {
  it("listing its kernels in another order still runs the right op (codes come from its names)", () => {
    const { fake, calls } = reorderedAddon();
    const nb = createNativeBackend(fake);
    for (const op of ["neg", "exp", "sigmoid", "isnan", "erfinv"] as const) {
      const got = vec(xs.map(() => 0));
      const want = vec(xs.map(() => 0));
      nb.unary[op](vec(xs), got);
      nativeBackend!.unary[op](vec(xs), want); // the same kernel, bit for bit
      assert.deepEqual(Array.from(got.data as Float64Array), Array.from(want.data as Float64Array), op);
      assert.equal(calls.get(op), 1, op);
    }
    const got = vec(xs.map(() => 0));
    nb.binary.sub(vec(xs), vec(xs.map((x) => 2 * x)), got);
    assert.deepEqual(
      Array.from(got.data as Float64Array),
      xs.map((x) => x - 2 * x),
    );
    assert.equal(calls.get("sub"), 1);
  });

  it("without a kernel for an op listed in NATIVE_GAPS: the op runs the reference kernel, never the addon", () => {
    const { fake, calls } = reorderedAddon(["erf"]);
    const nb = createNativeBackend(fake, { ...NATIVE_GAPS, unary: { erf: "test: delegated" } });
    assert.equal(nb.unary.erf, ref.unary.erf);
    const got = vec(xs.map(() => 0));
    nb.unary.erf(vec(xs), got);
    assert.equal(calls.get("erf"), undefined);
    const out = vec(xs.map(() => 0));
    nb.unary.erfinv(vec(xs.map((x) => x / 2)), out);
    assert.equal(calls.get("erfinv"), 1);
  });

  it("without a kernel for an op not in NATIVE_GAPS: the backend refuses to load, naming the op", () => {
    const { fake } = reorderedAddon(["erf"]);
    assert.throws(
      () => createNativeBackend(fake),
      /^Error: \[native\] the addon's kernels disagree with the TypeScript op lists: unary "erf" has no native kernel and no NATIVE_GAPS entry\. Add the kernel to native\/kernels\/names\.h and rebuild the addon \(npx node-gyp rebuild\), or delegate the op with a NATIVE_GAPS entry \(src\/backend\/native\/kernels\.ts\)$/,
    );
  });

  it("without kernelNames() (an addon built before names): refuses to load", () => {
    const { kernelNames: _, ...old } = real;
    assert.throws(
      () => createNativeBackend(old as NativeAddon),
      /exports no kernelNames\(\)\/dtypeCodes\(\).*rebuild it/,
    );
  });
});

// The check itself, on made-up lists: each row is [what, families, exported names, gaps, message].
const FAMS = { unary: ["neg", "abs"], binary: ["add"] } as const;
const OK = { unary: ["abs", "neg"], binary: ["add"] };
const BAD_NAMES: [
  string,
  Record<string, readonly string[]>,
  unknown,
  Record<string, Record<string, string>>,
  RegExp,
][] = [
  [
    "a name added to a TS list without a kernel or gap",
    { ...FAMS, unary: [...FAMS.unary, "sinc"] },
    OK,
    {},
    /: unary "sinc" has no native kernel and no NATIVE_GAPS entry\. /,
  ],
  [
    "a kernel TS does not know",
    FAMS,
    { ...OK, binary: ["add", "hypot"] },
    {},
    /: binary "hypot" is a native kernel unknown to TypeScript\. /,
  ],
  ["a name exported twice", FAMS, { ...OK, unary: ["abs", "neg", "abs"] }, {}, /: unary "abs" is exported twice\. /],
  [
    "a gap for a native op",
    FAMS,
    OK,
    { unary: { abs: "slow" } },
    /: unary "abs" is in NATIVE_GAPS but has a native kernel\. /,
  ],
  [
    "a gap naming no op",
    FAMS,
    OK,
    { binary: { hypot: "later" } },
    /: binary "hypot" is in NATIVE_GAPS but names no op\. /,
  ],
  [
    "a family the addon lacks",
    FAMS,
    { unary: OK.unary },
    {},
    /: binary: the addon exports no name list for it; binary "add" has no native kernel/,
  ],
  [
    "a family TS does not know",
    FAMS,
    { ...OK, conv: ["conv2d"] },
    {},
    /: the addon exports a family "conv" unknown to TypeScript\. /,
  ],
  [
    "names that are not strings",
    FAMS,
    { ...OK, unary: [0, 1] },
    {},
    /: unary: the addon exports no name list for it; unary "neg" has no/,
  ],
  [
    "no table at all",
    FAMS,
    undefined,
    {},
    /: kernelNames\(\) returned undefined, expected an object of name lists; unary "neg" has no/,
  ],
];

describe("the name check", () => {
  for (const [what, fams, exported, gaps, message] of BAD_NAMES) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => resolveKernelCodes(exported, fams, gaps),
        (e: unknown) => {
          assert.ok(e instanceof Error && !(e instanceof TypeError) && !(e instanceof RangeError));
          assert.match(e.message, /^\[native\] the addon's kernels disagree with the TypeScript op lists: /);
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }

  it("accepts a TS name with a gap and gives it no code; codes are the addon's positions", () => {
    const fams = { ...FAMS, unary: [...FAMS.unary, "sinc"] };
    const codes = resolveKernelCodes(OK, fams, { unary: { sinc: "reference only" } });
    assert.deepEqual(
      [...codes.unary],
      [
        ["abs", 0],
        ["neg", 1],
      ],
    );
    assert.equal(codes.unary.get("sinc"), undefined);
    const { coverage, problems } = compareKernelNames(OK, fams, { unary: { sinc: "reference only" } });
    assert.deepEqual(problems, []);
    assert.deepEqual(coverage.unary.gaps, { sinc: "reference only" });
    assert.deepEqual(coverage.unary.native, ["abs", "neg"]);
  });

  it("lists every disagreement in one message", () => {
    const { problems } = compareKernelNames({ unary: ["neg", "x"], binary: [] }, FAMS, {});
    assert.deepEqual(problems, [
      'unary "abs" has no native kernel and no NATIVE_GAPS entry',
      'unary "x" is a native kernel unknown to TypeScript',
      'binary "add" has no native kernel and no NATIVE_GAPS entry',
    ]);
  });
});

const DT = ["bool", "float32"];
const BAD_DTYPES: [string, unknown, RegExp][] = [
  ["a dtype without a code", { bool: 0 }, /: "float32" has no code; rebuild the addon$/],
  ["a dtype TS does not know", { bool: 0, float32: 1, float8: 2 }, /: "float8" is unknown to TypeScript; /],
  ["two dtypes with one code", { bool: 1, float32: 1 }, /: "float32" and "bool" share code 1; /],
  ["a code that is not an integer", { bool: 0, float32: 1.5 }, /: "float32" has code 1\.5; /],
  ["a negative code", { bool: -1, float32: 0 }, /: "bool" has code -1; /],
  ["no table", null, /: dtypeCodes\(\) returned object, expected an object; "bool" has no code/],
];

describe("the dtype code check", () => {
  for (const [what, exported, message] of BAD_DTYPES) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => resolveDtypeCodes(exported, DT),
        (e: unknown) => {
          assert.ok(e instanceof Error);
          assert.match(e.message, /^\[native\] the addon's dtype codes disagree with DTYPES: /);
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }
  it("accepts the addon's own codes, in any order", () => {
    assert.deepEqual(resolveDtypeCodes({ float32: 0, bool: 7 }, DT), { bool: 7, float32: 0 });
  });
});

// End to end: antorcha over an addon whose names disagree runs the reference backend and says why.
describe("antorcha over an addon missing a kernel", { skip }, () => {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const index = pathToFileURL(join(root, "src", "index.ts")).href;
  // build/Release may also hold the gloo addon, which node-gyp-build could pick: name the core (as addon.ts does).
  const local = join(root, "build", "Release", "antorcha_native.node");
  const realPath = existsSync(local)
    ? local
    : (createRequire(import.meta.url)("node-gyp-build") as { path(d: string): string }).path(root);
  const script = `
const torch = await import(${JSON.stringify(index)});
console.log(String(torch.ones(40).exp().sum()), torch.getBackend());
console.log(JSON.stringify(torch.nativeInfo()));
`;
  function run(env: Record<string, string>): ReturnType<typeof spawnSync> & { stdout: string; stderr: string } {
    const dir = mkdtempSync(join(tmpdir(), "antorcha-names-"));
    try {
      const wrapper = join(dir, "addon.cjs");
      writeFileSync(
        wrapper,
        `const real = require(${JSON.stringify(realPath)});
module.exports = { ...real, kernelNames() { const k = real.kernelNames(); return { ...k, unary: k.unary.filter((n) => n !== "erf") }; } };
`,
      );
      const clean = { ...process.env };
      for (const k of Object.keys(clean)) if (k.startsWith("ANTORCHA_")) delete clean[k];
      return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: root,
        encoding: "utf8",
        env: { ...clean, ANTORCHA_NATIVE_ADDON: wrapper, ...env },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("runs the reference backend, says why once on stderr, and nativeInfo() carries the reason", () => {
    const r = run({});
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^tensor\(108\.7313\) reference$/m);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0]!,
      /^\[antorcha\] native core unavailable, running on the TypeScript backend \(20-50x slower\): \[native\] the addon's kernels disagree with the TypeScript op lists: unary "erf" has no native kernel and no NATIVE_GAPS entry\. /,
    );
    const info = JSON.parse(r.stdout.trim().split("\n").pop()!) as { available: boolean; reason: string };
    assert.equal(info.available, false);
    assert.match(info.reason, /unary "erf" has no native kernel/);
  });

  it("with ANTORCHA_BACKEND=native: fails at import, naming the op", () => {
    const r = run({ ANTORCHA_BACKEND: "native" });
    assert.notEqual(r.status, 0);
    assert.match(
      r.stderr,
      /ANTORCHA_BACKEND=native, but the native core is unavailable: \[native\] .*unary "erf" has no native kernel/,
    );
  });
});
