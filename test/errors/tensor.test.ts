/**
 * Bad input to tensor creation, casts, `to()` and allocation: each row calls the API wrongly and
 * asserts the error class and the `[op]` message (PyTorch 1.13's rule where it has one).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

type Row = [name: string, run: () => unknown, cls: typeof TypeError | typeof RangeError, match: RegExp];

const overflow = (op: string, dtype: string) =>
  new RegExp(`^\\[${op}\\] value cannot be converted to type ${dtype} without overflow: got `);
const alloc = (op: string) => new RegExp(`^\\[${op}\\] cannot allocate \\S+ bytes for shape \\[`);
const x = () => torch.zeros(2);

const rows: Row[] = [
  // integer creation: PyTorch's overflow check (casts wrap instead, see below)
  ["tensor 3e9 int32", () => torch.tensor(3e9, { dtype: "int32" }), RangeError, overflow("tensor", "int32")],
  ["tensor 2^31 int32", () => torch.tensor([2 ** 31], { dtype: "int32" }), RangeError, overflow("tensor", "int32")],
  ["tensor 300 uint8", () => torch.tensor([300], { dtype: "uint8" }), RangeError, overflow("tensor", "uint8")],
  ["tensor -256 uint8", () => torch.tensor([-256], { dtype: "uint8" }), RangeError, overflow("tensor", "uint8")],
  ["tensor 255.9 uint8", () => torch.tensor([255.9], { dtype: "uint8" }), RangeError, overflow("tensor", "uint8")],
  ["tensor -0.5 uint8", () => torch.tensor([-0.5], { dtype: "uint8" }), RangeError, overflow("tensor", "uint8")],
  ["tensor 128 int8", () => torch.tensor([128], { dtype: "int8" }), RangeError, overflow("tensor", "int8")],
  ["tensor -129 int8", () => torch.tensor([[1], [-129]], { dtype: "int8" }), RangeError, overflow("tensor", "int8")],
  ["tensor 40000 int16", () => torch.tensor([40000], { dtype: "int16" }), RangeError, overflow("tensor", "int16")],
  ["tensor alias short", () => torch.tensor([40000], { dtype: "short" }), RangeError, overflow("tensor", "int16")],
  ["tensor NaN int64", () => torch.tensor([NaN], { dtype: "int64" }), RangeError, overflow("tensor", "int64")],
  [
    "tensor Infinity int32",
    () => torch.tensor([Infinity], { dtype: "int32" }),
    RangeError,
    overflow("tensor", "int32"),
  ],
  ["tensor -Infinity int64", () => torch.tensor(-Infinity, { dtype: "long" }), RangeError, overflow("tensor", "int64")],
  ["tensor NaN uint8", () => torch.tensor([NaN], { dtype: "uint8" }), RangeError, overflow("tensor", "uint8")],
  ["tensor 9.3e18 int64", () => torch.tensor([9.3e18], { dtype: "int64" }), RangeError, overflow("tensor", "int64")],
  ["tensor 2^63 int64", () => torch.tensor([2 ** 63], { dtype: "int64" }), RangeError, overflow("tensor", "int64")],
  [
    "tensor bigint 2^63 int64",
    () => torch.tensor([2n ** 63n], { dtype: "int64" }),
    RangeError,
    overflow("tensor", "int64"),
  ],
  ["tensor bigint 300 uint8", () => torch.tensor([300n], { dtype: "uint8" }), RangeError, overflow("tensor", "uint8")],
  [
    "tensor mixed bool 300 uint8",
    () => torch.tensor([true, 300], { dtype: "uint8" }),
    RangeError,
    overflow("tensor", "uint8"),
  ],
  // full / fullLike / fill_: PyTorch checks floats too
  ["full 300 uint8", () => torch.full([2], 300, { dtype: "uint8" }), RangeError, overflow("full", "uint8")],
  ["full 3e9 int32", () => torch.full([2], 3e9, { dtype: "int32" }), RangeError, overflow("full", "int32")],
  ["full NaN int32", () => torch.full([2], NaN, { dtype: "int32" }), RangeError, overflow("full", "int32")],
  ["full Infinity int64", () => torch.full([2], Infinity, { dtype: "int64" }), RangeError, overflow("full", "int64")],
  ["full 255.5 uint8", () => torch.full([2], 255.5, { dtype: "uint8" }), RangeError, overflow("full", "uint8")],
  ["full -129 int8", () => torch.full([2], -129, { dtype: "int8" }), RangeError, overflow("full", "int8")],
  ["full 1e300 float32", () => torch.full([2], 1e300, { dtype: "float32" }), RangeError, overflow("full", "float32")],
  ["full 1e39 float32", () => torch.full([2], 1e39), RangeError, overflow("full", "float32")],
  ["full 70000 float16", () => torch.full([2], 70000, { dtype: "float16" }), RangeError, overflow("full", "float16")],
  ["full 1e39 bfloat16", () => torch.full([2], 1e39, { dtype: "bfloat16" }), RangeError, overflow("full", "bfloat16")],
  [
    "fullLike 300 uint8",
    () => torch.fullLike(torch.zeros(2, { dtype: "uint8" }), 300),
    RangeError,
    overflow("fullLike", "uint8"),
  ],
  ["fill_ 300 uint8", () => torch.zeros(2, { dtype: "uint8" }).fill_(300), RangeError, overflow("fill_", "uint8")],
  ["fill_ -256 uint8", () => torch.zeros(2, { dtype: "uint8" }).fill_(-256), RangeError, overflow("fill_", "uint8")],
  ["fill_ NaN int32", () => torch.zeros(2, { dtype: "int32" }).fill_(NaN), RangeError, overflow("fill_", "int32")],
  [
    "fill_ 1e6 float16",
    () => torch.zeros(2, { dtype: "float16" }).fill_(1e6),
    RangeError,
    overflow("fill_", "float16"),
  ],
  ["fill_ 1e300 float32", () => torch.zeros(2).fill_(1e300), RangeError, overflow("fill_", "float32")],
  [
    "fill_ 0-d tensor 300 uint8",
    () => torch.zeros(2, { dtype: "uint8" }).fill_(torch.tensor(300)),
    RangeError,
    overflow("fill_", "uint8"),
  ],
  [
    "linspace end 300 uint8",
    () => torch.linspace(0, 300, 3, { dtype: "uint8" }),
    RangeError,
    overflow("linspace", "uint8"),
  ],
  ["linspace 1e300 float32", () => torch.linspace(0, 1e300, 3), RangeError, overflow("linspace", "float32")],
  // creation options and arguments
  [
    "zeros unknown option",
    () => torch.zeros([2, 3], { dtpe: "int32" } as never),
    TypeError,
    /^\[zeros\] unknown option "dtpe": did you mean "dtype"\?$/,
  ],
  [
    "zeros snake_case option",
    () => torch.zeros([2], { requires_grad: true } as never),
    TypeError,
    /^\[zeros\] unknown option "requires_grad": did you mean "requiresGrad"\?$/,
  ],
  [
    "ones unknown option",
    () => torch.ones(2, { dtype: "int32", foo: 1 } as never),
    TypeError,
    /^\[ones\] unknown option "foo"/,
  ],
  [
    "empty unknown option",
    () => torch.empty(2, { pinMemory: true } as never),
    TypeError,
    /^\[empty\] unknown option "pinMemory"/,
  ],
  [
    "tensor unknown option",
    () => torch.tensor([1], { dtyp: "int32" } as never),
    TypeError,
    /^\[tensor\] unknown option "dtyp": did you mean "dtype"\?$/,
  ],
  [
    "tensor requires_grad",
    () => torch.tensor([1.5], { requires_grad: true } as never),
    TypeError,
    /^\[tensor\] unknown option "requires_grad": did you mean "requiresGrad"\?$/,
  ],
  [
    "tensor extra argument",
    () => (torch.tensor as (...a: unknown[]) => unknown)([1], {}, 3),
    TypeError,
    /^\[tensor\] takes \(data, options\): got 3 arguments$/,
  ],
  [
    "tensor options not an object",
    () => torch.tensor([1], "int32" as never),
    TypeError,
    /^\[tensor\] expected an options object: got "int32"$/,
  ],
  [
    "tensor dtype a number",
    () => torch.tensor([1], { dtype: 5 as never }),
    TypeError,
    /^\[tensor\] dtype must be a dtype name: got 5$/,
  ],
  [
    "tensor unknown dtype",
    () => torch.tensor([1], { dtype: "float128" }),
    TypeError,
    /^\[tensor\] unknown dtype: got "float128"/,
  ],
  [
    "tensor device cuda",
    () => torch.tensor([1], { device: "cuda" as never }),
    TypeError,
    /^\[tensor\] Torch not compiled with CUDA enabled: got device "cuda"/,
  ],
  [
    "tensor device is a dtype",
    () => torch.tensor([1], { device: "float64" as never }),
    TypeError,
    /^\[tensor\] expected a device: got the dtype "float64"/,
  ],
  [
    "tensor requiresGrad not bool",
    () => torch.tensor([1.5], { requiresGrad: 1 as never }),
    TypeError,
    /^\[tensor\] requiresGrad must be a boolean: got 1$/,
  ],
  [
    "tensor dtype cpu",
    () => torch.tensor([1], { dtype: "cpu" }),
    TypeError,
    /^\[tensor\] expected a dtype: got the device "cpu"/,
  ],
  [
    "zeros negative size",
    () => torch.zeros(2, -1),
    RangeError,
    /^\[zeros\] invalid shape \[2,-1\]: sizes must be non-negative integers, got -1$/,
  ],
  [
    "zeros fractional size",
    () => torch.zeros(2, 2.5),
    TypeError,
    /^\[zeros\] invalid shape \[2,2.5\]: sizes must be integers, got 2.5$/,
  ],
  [
    "zeros string size",
    () => torch.zeros(["2"] as never),
    TypeError,
    /^\[zeros\] invalid shape \["2"\]: sizes must be integers, got "2"$/,
  ],
  ["zeros NaN size", () => torch.zeros(NaN), TypeError, /^\[zeros\] invalid shape \[NaN\]: sizes must be integers/],
  [
    "zeros array then number",
    () => torch.zeros([2], 3 as never),
    TypeError,
    /^\[zeros\] size must be one array or separate integers/,
  ],
  [
    "ones tensor as size",
    () => torch.ones(torch.tensor(3) as never),
    TypeError,
    /^\[ones\] expected an options object: got a Tensor$/,
  ],
  [
    "full size not array",
    () => torch.full(3 as never, 1),
    TypeError,
    /^\[full\] size must be an array of integers: got 3$/,
  ],
  [
    "full value a string",
    () => torch.full([2], "1" as never),
    TypeError,
    /^\[full\] fillValue must be a number, a boolean or a bigint: got "1"$/,
  ],
  [
    "full unknown option",
    () => torch.full([2], 1, { dtye: "int32" } as never),
    TypeError,
    /^\[full\] unknown option "dtye": did you mean "dtype"\?$/,
  ],
  [
    "full extra argument",
    () => (torch.full as (...a: unknown[]) => unknown)([2], 1, {}, 4),
    TypeError,
    /^\[full\] takes \(size, fillValue, options\): got 4 arguments$/,
  ],
  [
    "zerosLike unknown option",
    () => torch.zerosLike(x(), { dtyp: "int32" } as never),
    TypeError,
    /^\[zerosLike\] unknown option "dtyp"/,
  ],
  [
    "onesLike extra argument",
    () => (torch.onesLike as (...a: unknown[]) => unknown)(x(), {}, 1),
    TypeError,
    /^\[onesLike\] takes at most 2 arguments: got 3$/,
  ],
  [
    "emptyLike not a tensor",
    () => torch.emptyLike([1, 2] as never),
    TypeError,
    /^\[emptyLike\] expected a Tensor: got an array of length 2$/,
  ],
  [
    "arange unknown option",
    () => torch.arange(5, { dtyp: "int32" } as never),
    TypeError,
    /^\[arange\] unknown option "dtyp"/,
  ],
  ["arange string end", () => torch.arange("5" as never), TypeError, /^\[arange\] end must be a number: got "5"$/],
  [
    "linspace unknown option",
    () => torch.linspace(0, 1, 5, { requiresgrad: true } as never),
    TypeError,
    /^\[linspace\] unknown option "requiresgrad": did you mean "requiresGrad"\?$/,
  ],
  [
    "linspace extra argument",
    () => (torch.linspace as (...a: unknown[]) => unknown)(0, 1, 5, {}, 1),
    TypeError,
    /^\[linspace\] takes \(start, end, steps, options\): got 5 arguments$/,
  ],
  [
    "linspace fractional steps",
    () => torch.linspace(0, 1, 2.5),
    TypeError,
    /^\[linspace\] steps must be an integer: got 2.5$/,
  ],
  [
    "logspace unknown option",
    () => torch.logspace(0, 1, 5, 10, { dtyp: "float64" } as never),
    TypeError,
    /^\[logspace\] unknown option "dtyp"/,
  ],
  [
    "eye unknown option",
    () => torch.eye(2, { dtype: "int32", requires_grad: false } as never),
    TypeError,
    /^\[eye\] unknown option "requires_grad"/,
  ],
  [
    "eye extra argument",
    () => (torch.eye as (...a: unknown[]) => unknown)(2, 2, {}, 1),
    TypeError,
    /^\[eye\] takes \(n, m, options\): got 4 arguments$/,
  ],
  ["eye fractional n", () => torch.eye(2.5), TypeError, /^\[eye\] n must be an integer: got 2.5$/],
  [
    "rand unknown option",
    () => torch.rand(2, { generater: null } as never),
    TypeError,
    /^\[rand\] unknown option "generater": did you mean "generator"\?$/,
  ],
  [
    "randn unknown option",
    () => torch.randn([2, 2], { dtype: "float64", requires_grad: true } as never),
    TypeError,
    /^\[randn\] unknown option "requires_grad"/,
  ],
  [
    "randn generator not a Generator",
    () => torch.randn(2, { generator: {} as never }),
    TypeError,
    /^\[randn\] generator must be a torch.Generator: got an object$/,
  ],
  [
    "randint unknown option",
    () => torch.randint(10, [2], { dtpye: "int32" } as never),
    TypeError,
    /^\[randint\] unknown option "dtpye"/,
  ],
  [
    "randint extra argument",
    () => (torch.randint as (...a: unknown[]) => unknown)(0, 10, [2], {}, 1),
    TypeError,
    /^\[randint\] takes \(high, size, options\) or \(low, high, size, options\): got 5 arguments$/,
  ],
  [
    "randint size not array",
    () => torch.randint(0, 10, 3 as never),
    TypeError,
    /^\[randint\] size must be an array of sizes: got 3$/,
  ],
  ["randperm fractional", () => torch.randperm(2.5), TypeError, /^\[randperm\] n must be an integer: got 2.5$/],
  [
    "randperm unknown option",
    () => torch.randperm(4, { dtyp: "int32" } as never),
    TypeError,
    /^\[randperm\] unknown option "dtyp"/,
  ],
  [
    "randLike unknown option",
    () => torch.randLike(x(), { dtyp: "float64" } as never),
    TypeError,
    /^\[randLike\] unknown option "dtyp"/,
  ],
  ["randnLike not a tensor", () => torch.randnLike(3 as never), TypeError, /^\[randnLike\] expected a Tensor: got 3$/],
  [
    "normal tensor with size",
    () => torch.normal(torch.zeros(2), 1, [2]),
    TypeError,
    /^\[normal\] size is only taken with number mean and std/,
  ],
  [
    "normal unknown option",
    () => torch.normal(0, 1, [2], { dtyp: "float64" } as never),
    TypeError,
    /^\[normal\] unknown option "dtyp"/,
  ],
  [
    "normal tensor mean with dtype option",
    () => torch.normal(torch.zeros(2), 1, { dtype: "float64" }),
    TypeError,
    /^\[normal\] unknown option "dtype": did you mean "generator"\?|^\[normal\] unknown option "dtype"/,
  ],
  [
    "bernoulli unknown option",
    () => torch.bernoulli(torch.full([2], 0.5), { generater: null } as never),
    TypeError,
    /^\[bernoulli\] unknown option "generater"/,
  ],
  [
    "bernoulli p a string",
    () => torch.bernoulli(torch.zeros(2), "0.5" as never),
    TypeError,
    /^\[bernoulli\] p must be a number: got "0.5"$/,
  ],
  // to(): PyTorch's signatures
  [
    "to dtype then device",
    () => x().to("float64", "cpu" as never),
    TypeError,
    /^\[to\] to\(dtype\) takes no second positional argument: got "cpu"/,
  ],
  [
    "to device then device",
    () => x().to("cpu", "cpu"),
    TypeError,
    /^\[to\] expected a dtype as the second argument of to\(device, dtype\): got "cpu"$/,
  ],
  [
    "to device then unknown",
    () => x().to("cpu", "float128"),
    TypeError,
    /^\[to\] expected a dtype as the second argument of to\(device, dtype\): got "float128"$/,
  ],
  [
    "to cuda positional",
    () => x().to("cuda"),
    TypeError,
    /^\[to\] Torch not compiled with CUDA enabled: got device "cuda"/,
  ],
  [
    "to cuda:0 positional",
    () => x().to("cuda:0"),
    TypeError,
    /^\[to\] Torch not compiled with CUDA enabled: got device "cuda:0"/,
  ],
  [
    "to unknown string",
    () => x().to("float128"),
    TypeError,
    /^\[to\] expected a dtype, a device or a Tensor: got "float128"/,
  ],
  [
    "to a number",
    () => x().to(5 as never),
    TypeError,
    /^\[to\] expected a dtype, a device, a Tensor or an options object: got 5$/,
  ],
  [
    "to unknown option",
    () => x().to({ dtyp: "float64" } as never),
    TypeError,
    /^\[to\] unknown option "dtyp": did you mean "dtype"\?$/,
  ],
  [
    "to snake_case option",
    () => x().to("float64", { non_blocking: true } as never),
    TypeError,
    /^\[to\] unknown option "non_blocking": did you mean "nonBlocking"\?$/,
  ],
  ["to dtype twice", () => x().to("float64", { dtype: "int32" }), TypeError, /^\[to\] dtype given twice/],
  ["to tensor and dtype", () => x().to(torch.zeros(1), { dtype: "int32" }), TypeError, /^\[to\] dtype given twice/],
  ["to device twice", () => x().to("cpu", { device: "cpu" }), TypeError, /^\[to\] device given twice/],
  [
    "to device option is a dtype",
    () => x().to({ device: "float64" as never }),
    TypeError,
    /^\[to\] expected a device: got the dtype "float64"/,
  ],
  [
    "to dtype option is a device",
    () => x().to({ dtype: "cpu" }),
    TypeError,
    /^\[to\] expected a dtype: got the device "cpu"/,
  ],
  [
    "to copy not bool",
    () => x().to("float64", { copy: 1 as never }),
    TypeError,
    /^\[to\] copy must be a boolean: got 1$/,
  ],
  [
    "to tensor then extra",
    () => (x().to as (...a: unknown[]) => unknown)(torch.zeros(1), "float64"),
    TypeError,
    /^\[to\] takes at most 1 positional argument: got 2/,
  ],
  [
    "to three positionals",
    () => (x().to as (...a: unknown[]) => unknown)("cpu", "float64", "float32"),
    TypeError,
    /^\[to\] takes at most 2 positional arguments: got 3/,
  ],
  [
    "type extra argument",
    () => (x().type as (...a: unknown[]) => unknown)("float64", "cpu"),
    TypeError,
    /^\[type\] takes at most 1 positional argument: got 2/,
  ],
  ["type a number", () => x().type(5 as never), TypeError, /^\[type\] dtype must be a dtype name: got 5$/],
  [
    "float() with an argument",
    () => (x().float as (...a: unknown[]) => unknown)("float64"),
    TypeError,
    /^\[float\] takes at most 0 positional arguments: got 1/,
  ],
  // allocation
  [
    "zeros 1e12",
    () => torch.zeros(1e12),
    RangeError,
    /^\[zeros\] cannot allocate 4000000000000 bytes for shape \[1000000000000\] \(float32\)$/,
  ],
  ["ones 2^32+1 uint8", () => torch.ones([2 ** 32 + 1], { dtype: "uint8" }), RangeError, alloc("ones")],
  [
    "empty overflowing numel",
    () => torch.empty(2 ** 30, 2 ** 30, 2 ** 30),
    RangeError,
    /^\[empty\] cannot allocate 4\.952e\+27 bytes for shape \[1073741824, 1073741824, 1073741824\]/,
  ],
  ["full huge", () => torch.full([1e6, 1e6], 1), RangeError, alloc("full")],
  ["rand huge", () => torch.rand(1e12), RangeError, alloc("rand")],
  ["randn huge", () => torch.randn([1e6, 1e6]), RangeError, alloc("randn")],
  ["randint huge", () => torch.randint(10, [1e12]), RangeError, alloc("randint")],
  ["randperm huge", () => torch.randperm(1e12), RangeError, alloc("randperm")],
  ["normal huge", () => torch.normal(0, 1, [1e12]), RangeError, alloc("normal")],
  [
    "arange huge",
    () => torch.arange(1e12),
    RangeError,
    /^\[arange\] cannot allocate 8000000000000 bytes for shape \[1000000000000\] \(int64\)$/,
  ],
  ["linspace huge", () => torch.linspace(0, 1, 1e12), RangeError, alloc("linspace")],
  ["eye huge", () => torch.eye(1e6), RangeError, alloc("eye")],
  [
    "add broadcast huge",
    () => torch.zeros(1e5, 1).add(torch.zeros(1, 1e5)),
    RangeError,
    /^\[add\] cannot allocate 40000000000 bytes for shape \[100000, 100000\] \(float32\)$/,
  ],
  ["mul broadcast huge", () => torch.zeros(1e5, 1).mul(torch.zeros(1, 1e5)), RangeError, alloc("mul")],
  // top-level functions
  [
    "setPrintOptions sci_mode",
    () => torch.setPrintOptions({ sci_mode: false } as never),
    TypeError,
    /^\[setPrintOptions\] unknown option "sci_mode": did you mean "sciMode"\?$/,
  ],
  [
    "setPrintOptions sciMode a number",
    () => torch.setPrintOptions({ sciMode: 1 as never }),
    TypeError,
    /^\[setPrintOptions\] sciMode must be a boolean: got 1$/,
  ],
  [
    "setPrintOptions not an object",
    () => torch.setPrintOptions(4 as never),
    TypeError,
    /^\[setPrintOptions\] expected an options object: got 4$/,
  ],
  [
    "setGradEnabled a number",
    () => torch.setGradEnabled(0 as never),
    TypeError,
    /^\[setGradEnabled\] mode must be a boolean: got 0$/,
  ],
  ["noGrad not a function", () => torch.noGrad(5 as never), TypeError, /^\[noGrad\] fn must be a function: got 5$/],
  [
    "enableGrad not a function",
    () => torch.enableGrad(undefined as never),
    TypeError,
    /^\[enableGrad\] fn must be a function: got undefined$/,
  ],
  [
    "setNumThreads a string",
    () => torch.setNumThreads("4" as never),
    TypeError,
    /^\[setNumThreads\] expected a positive integer: got "4"$/,
  ],
  [
    "setNumThreads zero",
    () => torch.setNumThreads(0),
    RangeError,
    /^\[setNumThreads\] expected a positive integer: got 0$/,
  ],
  [
    "manualSeed fractional",
    () => torch.manualSeed(1.5),
    RangeError,
    /^\[manualSeed\] seed must be a safe integer or a bigint: got 1.5$/,
  ],
  [
    "setDefaultDtype int32",
    () => torch.setDefaultDtype("int32"),
    TypeError,
    /^\[setDefaultDtype\] only float32 and float64 are supported: got int32$/,
  ],
  [
    "setDefaultDtype unknown",
    () => torch.setDefaultDtype("float128" as never),
    TypeError,
    /^\[setDefaultDtype\] unknown dtype: got "float128"/,
  ],
];

describe("bad input to tensor creation, casts, to() and allocation", () => {
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

describe("what PyTorch accepts still works", () => {
  it("values that fit, unsigned wrap of small negatives, bool, floats", () => {
    assert.deepEqual(torch.tensor([-1, -255, 255], { dtype: "uint8" }).tolist(), [255, 1, 255]);
    assert.deepEqual(torch.tensor([2.7, -2.7], { dtype: "int32" }).tolist(), [2, -2]);
    assert.deepEqual(torch.tensor([2 ** 31 - 1, -(2 ** 31)], { dtype: "int32" }).tolist(), [2147483647, -2147483648]);
    assert.deepEqual(torch.tensor([2n ** 63n - 1n]).dataSync(), new BigInt64Array([2n ** 63n - 1n]));
    assert.deepEqual(torch.tensor([2, NaN, 300], { dtype: "bool" }).tolist(), [true, true, true]);
    assert.deepEqual(torch.tensor([1e39, 70000], { dtype: "float16" }).tolist(), [Infinity, Infinity]);
    assert.deepEqual(torch.tensor([1e39]).tolist(), [Infinity]);
    assert.deepEqual(torch.full([2], -1, { dtype: "uint8" }).tolist(), [255, 255]);
    assert.deepEqual(torch.full([1], Infinity, { dtype: "float16" }).tolist(), [Infinity]);
    assert.deepEqual(torch.full([1], 2.5, { dtype: "int64" }).tolist(), [2]);
    assert.deepEqual(torch.full([1], 2, { dtype: "bool" }).tolist(), [true]);
    assert.deepEqual(torch.zeros(2, { dtype: "uint8" }).fill_(-1).tolist(), [255, 255]);
    assert.deepEqual(torch.zeros(1, { dtype: "bool" }).fill_(5).tolist(), [true]);
  });

  it("casts wrap as PyTorch's do (no overflow error)", () => {
    assert.deepEqual(torch.tensor([300]).to("uint8").tolist(), [44]);
    assert.deepEqual(torch.tensor([300]).type("torch.ByteTensor").tolist(), [44]);
    assert.deepEqual(torch.tensor([300], { dtype: "int16" }).to("int8").tolist(), [44]);
    assert.deepEqual(torch.tensor([3e9]).int().tolist(), [-1294967296]);
    assert.deepEqual(torch.tensor([3e9], { dtype: "float32" }).int().tolist(), [-2147483648]);
    assert.deepEqual(torch.tensor([NaN]).long().dataSync(), new BigInt64Array([-(2n ** 63n)]));
    assert.deepEqual(torch.tensor(torch.tensor([300]), { dtype: "uint8" }).tolist(), [44]);
    assert.deepEqual(torch.tensor(new Float32Array([300]), { dtype: "uint8" }).tolist(), [44]);
    assert.deepEqual(torch.zeros(2, { dtype: "uint8" }).add(300).tolist(), [44, 44]);
    assert.deepEqual(torch.zeros(1, { dtype: "int8" }).add_(1000).tolist(), [-24]);
  });

  it("to() takes PyTorch's signatures", () => {
    const a = torch.tensor([1.5, -2.5]);
    assert.equal(a.to("cpu", torch.float64).dtype, "float64");
    assert.equal(a.to("cpu", "int32", { copy: true }).dtype, "int32");
    assert.equal(a.to("cpu"), a);
    assert.notEqual(a.to("cpu", { copy: true }), a);
    assert.equal(a.to({ device: "cpu", dtype: "float64", nonBlocking: true }).dtype, "float64");
    assert.equal(a.to("float16", { nonBlocking: false }).dtype, "float16");
    assert.equal(a.to(torch.zeros(1, { dtype: "int16" })).dtype, "int16");
    assert.equal(a.to("torch.DoubleTensor").dtype, "float64");
    assert.equal(a.to(), a);
  });

  it("top-level setters accept what PyTorch does", () => {
    torch.setDefaultDtype("double");
    try {
      assert.equal(torch.tensor([0.5]).dtype, "float64");
    } finally {
      torch.setDefaultDtype("float32");
    }
    torch.setPrintOptions({ precision: 2, sciMode: null });
    torch.setPrintOptions({ profile: "default" });
    assert.equal(
      torch.noGrad(() => torch.isGradEnabled()),
      false,
    );
  });
});
