/**
 * Bad options and arguments to ops and tensor methods: each row asserts the error class and the
 * `[op]` message. Options objects are checked against the callee's keys; scalars PyTorch
 * converts with its overflow check (alpha, fill values) raise its overflow error.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

type Row = [name: string, run: () => unknown, cls: typeof TypeError | typeof RangeError, match: RegExp];

const a = () =>
  torch.tensor(
    [
      [1, 2],
      [3, 4],
    ],
    { dtype: "float32" },
  );
const u8 = () => torch.zeros(2, { dtype: "uint8" });
const call = (t: torch.Tensor, m: string, ...args: unknown[]) =>
  (t as unknown as Record<string, (...x: unknown[]) => unknown>)[m]!(...args);
const unknown = (op: string, key: string, hint?: string) =>
  new RegExp(`^\\[${op}\\] unknown option "${key}"${hint === undefined ? "" : `: did you mean "${hint}"\\?$`}`);

const rows: Row[] = [
  // binary ops: { alpha, out } and { roundingMode, out }
  ["add unknown option", () => torch.add(a(), a(), { alpah: 2 } as never), TypeError, unknown("add", "alpah")],
  ["add out_ typo", () => torch.add(a(), a(), { output: a() } as never), TypeError, unknown("add", "output")],
  [
    "add options a number (Python alpha)",
    () => torch.add(a(), a(), 2 as never),
    TypeError,
    /^\[add\] expected an options object: got 2$/,
  ],
  [
    "add alpha a string",
    () => torch.add(a(), a(), { alpha: "2" as never }),
    TypeError,
    /^\[add\] alpha must be a number: got "2"$/,
  ],
  [
    "add alpha overflows uint8",
    () => torch.add(u8(), 1, { alpha: 300 }),
    RangeError,
    /^\[add\] value cannot be converted to type uint8 without overflow: got 300$/,
  ],
  [
    "sub alpha overflows int8",
    () => torch.sub(torch.zeros(2, { dtype: "int8" }), 1, { alpha: 1000 }),
    RangeError,
    /^\[sub\] value cannot be converted to type int8 without overflow: got 1000$/,
  ],
  [
    "add method unknown option",
    () => a().add(1, { alpah: 2 } as never),
    TypeError,
    /^\[add\] unknown option "alpah": did you mean "alpha"\?$/,
  ],
  ["add_ method unknown option", () => a().add_(1, { Alpha: 2 } as never), TypeError, unknown("add", "Alpha", "alpha")],
  [
    "add extra positional",
    () => call(a(), "add", 1, {}, 3),
    TypeError,
    /^\[add\] takes at most 2 positional arguments: got 3/,
  ],
  [
    "mul_ extra positional",
    () => call(a(), "mul_", 1, {}, 3),
    TypeError,
    /^\[mul_\] takes at most 2 positional arguments: got 3/,
  ],
  [
    "rsub out not accepted",
    () => torch.rsub(a(), 1, { out: a() } as never),
    TypeError,
    /^\[rsub\] unknown option "out"/,
  ],
  ["mul unknown option", () => torch.mul(a(), 2, { alpha: 2 } as never), TypeError, /^\[mul\] unknown option "alpha"/],
  [
    "div rounding_mode",
    () => torch.div(a(), 2, { rounding_mode: "floor" } as never),
    TypeError,
    unknown("div", "rounding_mode", "roundingMode"),
  ],
  [
    "div method rounding_mode",
    () => a().div(2, { rounding_mode: "trunc" } as never),
    TypeError,
    unknown("div", "rounding_mode", "roundingMode"),
  ],
  [
    "div bad roundingMode",
    () => torch.div(a(), 2, { roundingMode: "round" as never }),
    RangeError,
    /^\[div\] unknown roundingMode: got "round"/,
  ],
  [
    "floorDivide unknown option",
    () => torch.floorDivide(a(), 2, { roundingMode: "floor" } as never),
    TypeError,
    /^\[floorDivide\] unknown option "roundingMode"/,
  ],
  ["pow unknown option", () => torch.pow(a(), 2, { outt: a() } as never), TypeError, unknown("pow", "outt", "out")],
  [
    "maximum unknown option",
    () => torch.maximum(a(), a(), { out_: a() } as never),
    TypeError,
    unknown("maximum", "out_", "out"),
  ],
  [
    "minimum options not an object",
    () => torch.minimum(a(), a(), [a()] as never),
    TypeError,
    /^\[minimum\] expected an options object: got an array of length 1$/,
  ],
  ["fmod unknown option", () => torch.fmod(a(), 2, { oot: a() } as never), TypeError, unknown("fmod", "oot", "out")],
  [
    "remainder unknown option",
    () => torch.remainder(a(), 2, { dtype: "int32" } as never),
    TypeError,
    /^\[remainder\] unknown option "dtype"/,
  ],
  [
    "atan2 unknown option",
    () => torch.atan2(a(), a(), { Out: a() } as never),
    TypeError,
    unknown("atan2", "Out", "out"),
  ],
  [
    "add out not a tensor",
    () => torch.add(a(), a(), { out: [1] as never }),
    TypeError,
    /^\[add\] out must be a Tensor/,
  ],
  // unary ops: { out }
  [
    "exp unknown option",
    () => torch.exp(a(), { inplace: true } as never),
    TypeError,
    /^\[exp\] unknown option "inplace"/,
  ],
  ["neg unknown option", () => torch.neg(a(), { outt: a() } as never), TypeError, unknown("neg", "outt", "out")],
  [
    "sigmoid options a number",
    () => torch.sigmoid(a(), 1 as never),
    TypeError,
    /^\[sigmoid\] expected an options object: got 1$/,
  ],
  [
    "relu unknown option",
    () => torch.relu(a(), { inplace: true } as never),
    TypeError,
    /^\[relu\] unknown option "inplace"/,
  ],
  [
    "round unknown option",
    () => torch.round(a(), { decimal: 1 } as never),
    TypeError,
    unknown("round", "decimal", "decimals"),
  ],
  [
    "round decimals fractional",
    () => torch.round(a(), { decimals: 1.5 }),
    TypeError,
    /^\[round\] decimals must be an integer: got 1.5$/,
  ],
  // reductions: dim / keepdim / dtype
  [
    "sum unknown option",
    () => a().sum(0, true, { dtpye: "float64" } as never),
    TypeError,
    /^\[sum\] unknown option "dtpye"/,
  ],
  [
    "sum keep_dim",
    () => a().sum({ dim: 0, keep_dim: true } as never),
    TypeError,
    unknown("sum", "keep_dim", "keepdim"),
  ],
  [
    "sum extra positional",
    () => call(a(), "sum", 0, true, false),
    TypeError,
    /^\[sum\] takes at most 2 positional arguments: got 3/,
  ],
  [
    "sum dtype a number",
    () => a().sum(0, false, { dtype: 5 as never }),
    TypeError,
    /^\[sum\] dtype must be a dtype name: got 5$/,
  ],
  ["sum keepdim not bool", () => a().sum(0, 1 as never), TypeError, /^\[sum\] keepdim must be a boolean/],
  [
    "prod unknown option",
    () => a().prod(0, false, { dtyp: "float64" } as never),
    TypeError,
    /^\[prod\] unknown option "dtyp"/,
  ],
  ["mean unknown option", () => a().mean({ axis: 0 } as never), TypeError, /^\[mean\] unknown option "axis"/],
  [
    "mean extra positional",
    () => call(a(), "mean", 0, false, true),
    TypeError,
    /^\[mean\] takes at most 2 positional arguments: got 3/,
  ],
  [
    "var unknown option",
    () => a().var(0, { unbiased: false } as never),
    TypeError,
    /^\[var\] unknown option "unbiased"/,
  ],
  ["std unknown option", () => a().std({ ddof: 0 } as never), TypeError, /^\[std\] unknown option "ddof"/],
  [
    "var extra positional",
    () => call(a(), "var", 0, true, false, true),
    TypeError,
    /^\[var\] takes at most 3 positional arguments: got 4/,
  ],
  [
    "nansum unknown option",
    () => a().nansum(0, false, { dtyp: "float64" } as never),
    TypeError,
    /^\[sum\] unknown option "dtyp"/,
  ],
  [
    "softmax unknown option",
    () => a().softmax(0, { dtyp: "float64" } as never),
    TypeError,
    /^\[softmax\] unknown option "dtyp"/,
  ],
  [
    "logSoftmax unknown option",
    () => torch.logSoftmax(a(), 1, { dim: 0 } as never),
    TypeError,
    /^\[logSoftmax\] unknown option "dim"/,
  ],
  [
    "cumsum unknown option",
    () => a().cumsum(0, { dtyp: "float64" } as never),
    TypeError,
    /^\[cumsum\] unknown option "dtyp"/,
  ],
  [
    "cumprod dtype unknown",
    () => a().cumprod(0, { dtype: "float128" }),
    TypeError,
    /^\[cumprod\] unknown dtype: got "float128"/,
  ],
  [
    "norm unknown option",
    () => a().norm(2, null, false, { dtyp: "float64" } as never),
    TypeError,
    /^\[norm\] unknown option "dtyp"/,
  ],
  // sort / unique / scatter / misc
  [
    "sort unknown option",
    () => a().sort(0, false, { stabel: true } as never),
    TypeError,
    unknown("sort", "stabel", "stable"),
  ],
  [
    "sort stable not bool",
    () => a().sort(0, false, { stable: 1 as never }),
    TypeError,
    /^\[sort\] stable must be a boolean: got 1$/,
  ],
  [
    "argsort unknown option",
    () => a().argsort(0, false, { descending: true } as never),
    TypeError,
    /^\[argsort\] unknown option "descending"/,
  ],
  [
    "unique unknown option",
    () => torch.unique(a(), { return_counts: true } as never),
    TypeError,
    unknown("unique", "return_counts", "returnCounts"),
  ],
  [
    "unique options then extra",
    () => (torch.unique as (...x: unknown[]) => unknown)(a(), { sorted: true }, true),
    TypeError,
    /^\[unique\] takes at most 1 positional argument: got 2/,
  ],
  [
    "unique extra positional",
    () => (torch.unique as (...x: unknown[]) => unknown)(a(), true, false, false, null, 1),
    TypeError,
    /^\[unique\] takes at most 4 positional arguments: got 5/,
  ],
  [
    "isclose unknown option",
    () => torch.isclose(a(), a(), { equal_nan: true } as never),
    TypeError,
    unknown("isclose", "equal_nan", "equalNan"),
  ],
  [
    "allclose unknown option",
    () => torch.allclose(a(), a(), { rtoll: 1 } as never),
    TypeError,
    unknown("isclose", "rtoll", "rtol"),
  ],
  [
    "addcmul unknown option",
    () => torch.addcmul(a(), a(), a(), { alpha: 2 } as never),
    TypeError,
    /^\[addcmul\] unknown option "alpha"/,
  ],
  [
    "addcdiv unknown option",
    () => torch.addcdiv(a(), a(), a(), { values: 2 } as never),
    TypeError,
    unknown("addcdiv", "values", "value"),
  ],
  [
    "addmm unknown option",
    () => torch.addmm(a(), a(), a(), { gamma: 2 } as never),
    TypeError,
    /^\[addmm\] unknown option "gamma"/,
  ],
  [
    "scatter unknown option",
    () => torch.scatter(a(), 0, torch.tensor([[0, 1]]), 5, { reduction: "add" } as never),
    TypeError,
    /^\[scatter\] unknown option "reduction": expected one of "reduce"$/,
  ],
  [
    "indexAdd unknown option",
    () => torch.indexAdd(a(), 0, torch.tensor([0]), torch.ones(1, 2), { alfa: 2 } as never),
    TypeError,
    /^\[indexAdd\] unknown option "alfa": expected one of "alpha"$/,
  ],
  [
    "nonzero unknown option",
    () => torch.nonzero(a(), { as_tuple: true } as never),
    TypeError,
    unknown("nonzero", "as_tuple", "asTuple"),
  ],
  [
    "fill_ a string",
    () => a().fill_("1" as never),
    TypeError,
    /^\[fill_\] expected value to be a number or a 0-d Tensor/,
  ],
  [
    "fill_ overflows int8",
    () => torch.zeros(2, { dtype: "int8" }).fill_(128),
    RangeError,
    /^\[fill_\] value cannot be converted to type int8 without overflow: got 128$/,
  ],
  // scalar arguments PyTorch converts with its overflow check
  [
    "clamp min overflows int8",
    () => torch.clamp(torch.zeros(2, { dtype: "int8" }), 200),
    RangeError,
    /^\[clamp\] value cannot be converted to type int8 without overflow: got 200$/,
  ],
  [
    "clamp max overflows float32",
    () => torch.clamp(a(), null, 1e300),
    RangeError,
    /^\[clamp\] value cannot be converted to type float32 without overflow: got 1e\+300$/,
  ],
  ["clamp bound a string", () => torch.clamp(a(), "1" as never), TypeError, /^\[clamp\] expected a Tensor or a number/],
  [
    "maskedFill overflows int8",
    () => torch.zeros(2, { dtype: "int8" }).maskedFill(torch.tensor([true, false]), 200),
    RangeError,
    /^\[maskedFill\] value cannot be converted to type int8 without overflow: got 200$/,
  ],
  [
    "maskedFill NaN into int8",
    () => torch.zeros(2, { dtype: "int8" }).maskedFill(torch.tensor([true, false]), NaN),
    RangeError,
    /^\[maskedFill\] value cannot be converted to type int8 without overflow: got NaN$/,
  ],
  [
    "maskedFill overflows float32",
    () => torch.zeros(2).maskedFill(torch.tensor([true, false]), 1e300),
    RangeError,
    /^\[maskedFill\] value cannot be converted to type float32 without overflow/,
  ],
  [
    "indexFill overflows int8",
    () => torch.indexFill(torch.zeros(2, { dtype: "int8" }), 0, torch.tensor([0]), 200),
    RangeError,
    /^\[indexFill\] value cannot be converted to type int8 without overflow: got 200$/,
  ],
  [
    "scatter value overflows int8",
    () => torch.scatter(torch.zeros(2, { dtype: "int8" }), 0, torch.tensor([0]), 200),
    RangeError,
    /^\[scatter\] value cannot be converted to type int8 without overflow: got 200$/,
  ],
  [
    "where scalar overflows int8",
    () => torch.where(torch.tensor([true, false]), torch.zeros(2, { dtype: "int8" }), 200),
    RangeError,
    /^\[where\] value cannot be converted to type int8 without overflow: got 200$/,
  ],
  // positional arguments of max / argmax / sort / topk
  [
    "max extra positional",
    () => call(a(), "max", 0, true, 5),
    TypeError,
    /^\[max\] takes at most 2 positional arguments: got 3/,
  ],
  [
    "torch.max extra positional",
    () => (torch.max as (...x: unknown[]) => unknown)(a(), 0, true, 5),
    TypeError,
    // the function form counts the tensor too
    /^\[max\] takes at most 3 positional arguments: got 4/,
  ],
  [
    "max dim a string",
    () => call(a(), "max", "0"),
    TypeError,
    /^\[max\] dim must be an integer or other a Tensor: got "0"$/,
  ],
  ["max keepdim a number", () => call(a(), "max", 0, 1), TypeError, /^\[max\] keepdim must be a boolean: got 1$/],
  [
    "max other with keepdim",
    () => call(a(), "max", a(), true),
    TypeError,
    /^\[max\] max\(input, other\) takes no keepdim: got true$/,
  ],
  ["min dim out of range", () => a().min(2), RangeError, /^\[min\] dimension out of range/],
  [
    "argmax keepdim a number",
    () => call(a(), "argmax", 0, 1),
    TypeError,
    /^\[argmax\] keepdim must be a boolean: got 1$/,
  ],
  [
    "argmin extra positional",
    () => call(a(), "argmin", 0, true, 1),
    TypeError,
    /^\[argmin\] takes at most 2 positional arguments: got 3/,
  ],
  [
    "sort descending a number",
    () => call(a(), "sort", 0, 1),
    TypeError,
    /^\[sort\] descending must be a boolean: got 1$/,
  ],
  [
    "sort extra positional",
    () => call(a(), "sort", 0, true, { stable: true }, 1),
    TypeError,
    /^\[sort\] takes at most 3 positional arguments: got 4/,
  ],
  [
    "argsort descending a string",
    () => call(a(), "argsort", 0, "desc"),
    TypeError,
    /^\[argsort\] descending must be a boolean: got "desc"$/,
  ],
  ["topk fractional k", () => a().topk(1.5), TypeError, /^\[topk\] k must be an integer: got 1.5$/],
  [
    "topk k too large",
    () => a().topk(3),
    RangeError,
    /^\[topk\] selected index k out of range: got k=3, expected 0 <= k <= 2$/,
  ],
  ["topk largest a number", () => call(a(), "topk", 1, 0, 1), TypeError, /^\[topk\] largest must be a boolean: got 1$/],
  [
    "topk extra positional",
    () => call(a(), "topk", 1, 0, true, true, 5),
    TypeError,
    /^\[topk\] takes at most 4 positional arguments: got 5/,
  ],
];

describe("bad options and arguments to ops", () => {
  for (const [name, run, cls, match] of rows) {
    it(name, () => {
      assert.throws(run, (e: unknown) => {
        assert.ok(
          e instanceof cls,
          `expected ${cls.name}, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`,
        );
        assert.match((e as Error).message, match);
        assert.ok(!(e as Error).message.includes("\n"), "one line");
        return true;
      });
    });
  }
});

describe("correct options still work", () => {
  it("alpha, roundingMode, out, dtype, stable, decimals", () => {
    assert.deepEqual(torch.add(a(), a(), { alpha: 2 }).tolist(), [
      [3, 6],
      [9, 12],
    ]);
    assert.deepEqual(torch.add(u8(), 1, { alpha: 255 }).tolist(), [255, 255]);
    assert.deepEqual(torch.div(torch.tensor([-7, 7]), 2, { roundingMode: "floor" }).tolist(), [-4, 3]);
    const out = torch.empty(2, 2);
    torch.mul(a(), 2, { out });
    assert.deepEqual(out.tolist(), [
      [2, 4],
      [6, 8],
    ]);
    assert.equal(a().sum(0, true, { dtype: "float64" }).dtype, "float64");
    assert.equal(
      a()
        .sum({ dim: 1, keepdim: true } as never)
        .dim(),
      2,
    );
    assert.deepEqual(a().sort(1, true, { stable: true }).values.tolist(), [
      [2, 1],
      [4, 3],
    ]);
    assert.deepEqual(torch.round(torch.tensor([1.25]), { decimals: 1 }).tolist(), [1.2000000476837158]);
    assert.deepEqual(torch.clamp(torch.zeros(2, { dtype: "int8" }), -1000.5, 0).tolist(), [0, 0]); // float bounds promote
    assert.deepEqual(
      torch
        .zeros(2, { dtype: "uint8" })
        .maskedFill(torch.tensor([true, false]), -1)
        .tolist(),
      [255, 0],
    );
    assert.deepEqual(
      torch
        .zeros(1, { dtype: "int8" })
        .maskedFill(torch.tensor([true]), 2.5)
        .tolist(),
      [2],
    );
    assert.deepEqual(a().topk(1, 1, false).values.tolist(), [[1], [3]]);
    assert.deepEqual(a().max(1, true).values.tolist(), [[2], [4]]);
  });
});
