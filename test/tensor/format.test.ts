import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { formatTensor, getPrintOptions, setPrintOptions, type PrintOptions } from "../../src/tensor/format.js";
import { formatExp, formatFixed } from "../../src/tensor/format/number.js";
import { setDefaultDtype, type DType } from "../../src/tensor/dtype.js";

type RawValue = number | string;
interface Case {
  name: string;
  shape: number[];
  dtype: DType;
  values: RawValue[];
  options?: Partial<Record<keyof PrintOptions | "profile", unknown>>;
  defaultDtype?: "float32" | "float64";
  suffixes?: string[];
  expected: string;
}

const cases: Case[] = JSON.parse(readFileSync(new URL("../fixtures/format.json", import.meta.url), "utf8"));

const SPECIAL: Record<string, number> = {
  nan: NaN,
  inf: Infinity,
  "-inf": -Infinity,
  "-0": -0,
};

/** int64 goes in as a BigInt64Array when any value is beyond 2^53, otherwise as plain numbers. */
function decodeValues(c: Case): ArrayLike<number> | BigInt64Array {
  if (c.dtype === "int64" && c.values.some((v) => typeof v === "string")) {
    return BigInt64Array.from(c.values, (v) => BigInt(v));
  }
  const nums = c.values.map((v) => (typeof v === "string" ? SPECIAL[v]! : v));
  if (c.dtype === "float32") return Float32Array.from(nums); // also checks the values are float32-exact
  return nums;
}

function applyOptions(c: Case): void {
  if (c.defaultDtype) setDefaultDtype(c.defaultDtype);
  if (!c.options) return;
  const o = { ...c.options } as Parameters<typeof setPrintOptions>[0];
  if (c.options.threshold === "inf") o.threshold = Infinity;
  setPrintOptions(o);
}

afterEach(() => {
  setPrintOptions({ profile: "default" });
  setDefaultDtype("float32");
});

describe("formatTensor matches PyTorch 1.13 str()", () => {
  assert.ok(cases.length >= 80, `expected at least 80 fixtures, got ${cases.length}`);
  for (const c of cases) {
    test(c.name, () => {
      applyOptions(c);
      const input = {
        shape: c.shape,
        dtype: c.dtype,
        values: decodeValues(c),
        suffixes: c.suffixes,
      };
      assert.equal(formatTensor(input), c.expected);
    });
  }
});

describe("formatTensor input handling", () => {
  test("int64 as numbers and as BigInt64Array print the same", () => {
    const shape = [3];
    const a = formatTensor({ shape, dtype: "int64", values: [1, -20, 300] });
    const b = formatTensor({
      shape,
      dtype: "int64",
      values: BigInt64Array.from([1n, -20n, 300n]),
    });
    assert.equal(a, "tensor([  1, -20, 300])");
    assert.equal(b, a);
  });

  test("values length must match the shape", () => {
    assert.throws(() => formatTensor({ shape: [2, 2], dtype: "float32", values: [1, 2, 3] }), /expected 4/);
  });

  test("edgeitems=0 on a summarised 2-d tensor raises, as PyTorch does", () => {
    setPrintOptions({ threshold: 5, edgeitems: 0 });
    assert.throws(
      () =>
        formatTensor({
          shape: [4, 5],
          dtype: "int64",
          values: new Array(20).fill(1),
        }),
      /edgeitems=0/,
    );
  });
});

describe("print options", () => {
  test("defaults", () => {
    assert.deepEqual(getPrintOptions(), {
      precision: 4,
      threshold: 1000,
      edgeitems: 3,
      linewidth: 80,
      sciMode: null,
    });
  });

  test("profiles set precision, threshold, edgeitems and linewidth", () => {
    setPrintOptions({ profile: "short" });
    assert.deepEqual(getPrintOptions(), {
      precision: 2,
      threshold: 1000,
      edgeitems: 2,
      linewidth: 80,
      sciMode: null,
    });
    setPrintOptions({ profile: "full" });
    assert.deepEqual(getPrintOptions(), {
      precision: 4,
      threshold: Infinity,
      edgeitems: 3,
      linewidth: 80,
      sciMode: null,
    });
    setPrintOptions({ profile: "default" });
    assert.deepEqual(getPrintOptions(), {
      precision: 4,
      threshold: 1000,
      edgeitems: 3,
      linewidth: 80,
      sciMode: null,
    });
  });

  test("a profile is applied before the explicit fields", () => {
    setPrintOptions({ profile: "short", precision: 6, linewidth: 100 });
    assert.deepEqual(getPrintOptions(), {
      precision: 6,
      threshold: 1000,
      edgeitems: 2,
      linewidth: 100,
      sciMode: null,
    });
  });

  test("fields not given are kept, but sciMode resets to null like torch.set_printoptions", () => {
    setPrintOptions({ precision: 2, sciMode: true });
    assert.equal(getPrintOptions().sciMode, true);
    setPrintOptions({ linewidth: 60 });
    assert.deepEqual(getPrintOptions(), {
      precision: 2,
      threshold: 1000,
      edgeitems: 3,
      linewidth: 60,
      sciMode: null,
    });
  });

  test("the documented example of torch.set_printoptions", () => {
    const one = {
      shape: [1],
      dtype: "float32" as const,
      values: Float32Array.of(1.12345),
    };
    const ten = {
      shape: [10],
      dtype: "int64" as const,
      values: Array.from({ length: 10 }, (_, i) => i),
    };
    setPrintOptions({ precision: 2 });
    assert.equal(formatTensor(one), "tensor([1.12])");
    setPrintOptions({ threshold: 5 });
    assert.equal(formatTensor(ten), "tensor([0, 1, 2,  ..., 7, 8, 9])");
    setPrintOptions({ profile: "default" });
    assert.equal(formatTensor(one), "tensor([1.1235])");
    assert.equal(formatTensor(ten), "tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])");
  });

  test("getPrintOptions returns a copy", () => {
    getPrintOptions().precision = 9;
    assert.equal(getPrintOptions().precision, 4);
  });

  test("bad values are rejected", () => {
    assert.throws(() => setPrintOptions({ precision: -1 }), RangeError);
    assert.throws(() => setPrintOptions({ profile: "long" as "short" }), /unknown profile/);
    assert.deepEqual(getPrintOptions().precision, 4);
  });
});

describe("exact decimal formatting (Python's format spec)", () => {
  test("fixed rounds half to even on the exact binary value", () => {
    assert.equal(formatFixed(0.03125, 4), "0.0312");
    assert.equal(formatFixed(0.09375, 4), "0.0938");
    assert.equal(formatFixed(2.5, 0), "2");
    assert.equal(formatFixed(0.1, 20), "0.10000000000000000555");
    assert.equal(formatFixed(1e22, 0), "10000000000000000000000");
    assert.equal(formatFixed(-1e-9, 4), "-0.0000");
    assert.equal(formatFixed(-0, 0), "-0");
  });

  test("exponent form has two or more exponent digits and carries on rounding", () => {
    assert.equal(formatExp(9.99996, 4), "1.0000e+01");
    assert.equal(formatExp(1e-300, 4), "1.0000e-300");
    assert.equal(formatExp(5e-324, 4), "4.9407e-324");
    assert.equal(formatExp(0.25, 1), "2.5e-01");
    assert.equal(formatExp(0.125, 1), "1.2e-01");
    assert.equal(formatExp(1000, 0), "1e+03");
    assert.equal(formatExp(-0, 2), "-0.00e+00");
    assert.equal(formatExp(NaN, 2), "nan");
    assert.equal(formatExp(-Infinity, 2), "-inf");
  });

  test("matches toExponential/toFixed wherever there is no tie", () => {
    // JS rounds ties away from zero, Python to even: skip values whose exact expansion is a tie.
    const isTie = (digits: string, keep: number) => /^50*$/.test(digits.slice(keep));
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const x = (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
      const exact = formatFixed(Math.abs(x), 1100);
      const sig = exact.replace(".", "").replace(/^0+/, "");
      const frac = exact.slice(exact.indexOf(".") + 1);
      if (isTie(sig, 5) || isTie(frac, 4)) continue;
      const ref = x.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
      assert.equal(formatExp(x, 4), ref, String(x));
      if (Math.abs(x) < 1e20)
        assert.equal(formatFixed(x, 4), x.toFixed(4).replace(/^-?0\.0000$/, x < 0 ? "-0.0000" : "0.0000"), String(x));
    }
  });
});
