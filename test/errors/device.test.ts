/**
 * Bad input to devices: `torch.device`, `{ device }` on factories, `to`/`cpu`/`cuda`,
 * `Module.to`, `asTensor`/`fromArray` and the `new*` factories. Each row calls the API wrongly
 * and asserts the error class and the `[op]` message (PyTorch 1.13's rule where it has one).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

type Row = [name: string, run: () => unknown, cls: typeof TypeError | typeof RangeError, match: RegExp];

const x = () => torch.zeros(2);
const lin = () => new torch.nn.Linear(2, 1);
const noCuda = (op: string, dev = "cuda") =>
  new RegExp(`^\\[${op}\\] Torch not compiled with CUDA enabled: got device "${dev}", antorcha runs on "cpu"`);
const webgpu = (op: string) => new RegExp(`^\\[${op}\\] the "webgpu" device is not initialised: got "webgpu"`);
const any = (v: unknown) => v as never;

const rows: Row[] = [
  // torch.device: PyTorch's device-string grammar
  [
    "device unknown type",
    () => torch.device("cpuu"),
    TypeError,
    /^\[device\] unknown device type "cpuu": did you mean "cpu"\? expected one of cpu, cuda, webgpu/,
  ],
  [
    "device upper case",
    () => torch.device("CPU"),
    TypeError,
    /^\[device\] unknown device type "CPU": did you mean "cpu"\?/,
  ],
  [
    "device typo cuda",
    () => torch.device("cdua:0"),
    TypeError,
    /^\[device\] unknown device type "cdua:0": did you mean "cuda"\?/,
  ],
  [
    "device far-off name",
    () => torch.device("tpu-pod"),
    TypeError,
    /^\[device\] unknown device type "tpu-pod": expected one of cpu, cuda/,
  ],
  ["device empty", () => torch.device(""), RangeError, /^\[device\] device string must not be empty/],
  [
    "device negative index",
    () => torch.device("cuda:-1"),
    RangeError,
    /^\[device\] invalid device string "cuda:-1": expected "type" or "type:index"/,
  ],
  ["device index not a number", () => torch.device("cuda:x"), RangeError, /^\[device\] invalid device string "cuda:x"/],
  ["device two indices", () => torch.device("cpu:0:1"), RangeError, /^\[device\] invalid device string "cpu:0:1"/],
  ["device leading zero", () => torch.device("cuda:00"), RangeError, /^\[device\] invalid device string "cuda:00"/],
  [
    "device index twice",
    () => torch.device("cpu:0", 1),
    TypeError,
    /^\[device\] device string "cpu:0" must not include an index when index is given: got 1$/,
  ],
  [
    "device negative index arg",
    () => torch.device("cuda", -1),
    RangeError,
    /^\[device\] device index must not be negative: got -1$/,
  ],
  [
    "device fractional index",
    () => torch.device("cuda", 0.5),
    TypeError,
    /^\[device\] device index must be an integer: got 0.5$/,
  ],
  [
    "device index with a Device",
    () => torch.device(torch.device("cpu"), 0),
    TypeError,
    /^\[device\] index given with a Device: got 0$/,
  ],
  [
    "device of a number",
    () => torch.device(any(0)),
    TypeError,
    /^\[device\] expected a device string such as "cpu" or a Device: got 0$/,
  ],
  [
    "device of a dtype",
    () => torch.device("float32"),
    TypeError,
    /^\[device\] expected a device: got the dtype "float32"/,
  ],
  [
    "device too many args",
    () => (torch.device as (...a: unknown[]) => unknown)("cuda", 0, 1),
    TypeError,
    /^\[device\] takes \(type, index\?\): got 3 arguments$/,
  ],
  [
    "equals a bad string",
    () => torch.device("cpu").equals("gpu"),
    TypeError,
    /^\[Device.equals\] unknown device type "gpu"/,
  ],

  [
    "new Device string with index",
    () => new torch.Device(any("cuda:0")),
    TypeError,
    /^\[Device\] unknown device type: got "cuda:0", expected one of cpu, cuda/,
  ],
  [
    "new Device negative index",
    () => new torch.Device("cuda", -2),
    RangeError,
    /^\[Device\] device index must not be negative: got -2$/,
  ],

  // factories: { device }
  ["zeros on cuda", () => torch.zeros(2, { device: "cuda" }), TypeError, noCuda("zeros")],
  [
    "ones on cuda Device",
    () => torch.ones([2], { device: torch.device("cuda", 1) }),
    TypeError,
    noCuda("ones", "cuda:1"),
  ],
  ["tensor on webgpu", () => torch.tensor([1], { device: "webgpu" }), TypeError, webgpu("tensor")],
  [
    "arange on mps",
    () => torch.arange(3, { device: "mps" }),
    TypeError,
    /^\[arange\] device "mps" is not available: antorcha runs on "cpu"/,
  ],
  [
    "linspace device typo",
    () => torch.linspace(0, 1, 3, { device: "cpu0" }),
    TypeError,
    /^\[linspace\] unknown device type "cpu0": did you mean "cpu"\?/,
  ],
  [
    "rand device a dtype",
    () => torch.rand(2, { device: "float64" }),
    TypeError,
    /^\[rand\] expected a device: got the dtype "float64"/,
  ],
  [
    "randn device a number",
    () => torch.randn(2, { device: any(0) }),
    TypeError,
    /^\[randn\] expected a device string such as "cpu" or a Device: got 0$/,
  ],
  ["randint on cuda", () => torch.randint(0, 5, [2], { device: "cuda:0" }), TypeError, noCuda("randint", "cuda:0")],
  ["eye on cuda", () => torch.eye(2, { device: "cuda" }), TypeError, noCuda("eye")],
  ["full on cuda", () => torch.full([2], 1, { device: "cuda" }), TypeError, noCuda("full")],
  ["zerosLike on cuda", () => torch.zerosLike(x(), { device: "cuda" }), TypeError, noCuda("zerosLike")],
  ["randnLike on cuda", () => torch.randnLike(x(), { device: "cuda" }), TypeError, noCuda("randnLike")],
  [
    "device option misspelt",
    () => torch.zeros(2, any({ devices: "cpu" })),
    TypeError,
    /^\[zeros\] unknown option "devices": did you mean "device"\?$/,
  ],

  // Tensor.to / cpu / cuda
  ["to cuda Device", () => x().to(torch.device("cuda")), TypeError, noCuda("to")],
  ["to cuda with dtype", () => x().to("cuda", "float64"), TypeError, noCuda("to")],
  ["to webgpu", () => x().to("webgpu"), TypeError, webgpu("to")],
  ["to device option cuda", () => x().to({ device: "cuda" }), TypeError, noCuda("to")],
  [
    "to device typo",
    () => x().to("cpuu"),
    TypeError,
    /^\[to\] expected a dtype, a device or a Tensor: got "cpuu" \(did you mean "cpu"\?\)/,
  ],
  [
    "to dtype typo",
    () => x().to("flaot64"),
    TypeError,
    /^\[to\] expected a dtype, a device or a Tensor: got "flaot64" \(did you mean "float64"\?\)/,
  ],
  [
    "to Device then Device",
    () => x().to(torch.device("cpu"), any(torch.device("cpu"))),
    TypeError,
    /^\[to\] expected a dtype as the second argument of to\(device, dtype\): got a Device$/,
  ],
  ["cuda()", () => x().cuda(), TypeError, noCuda("cuda")],
  ["cuda(1)", () => x().cuda(1), TypeError, noCuda("cuda", "cuda:1")],
  ["cuda(cpu)", () => x().cuda("cpu"), TypeError, /^\[cuda\] expected a cuda device: got "cpu"$/],
  [
    "cpu with an argument",
    () => (x().cpu as (...a: unknown[]) => unknown)("cuda"),
    TypeError,
    /^\[cpu\] takes at most 0 positional arguments: got 1/,
  ],

  // Module.to / cpu / cuda
  ["Module.to cuda", () => lin().to("cuda"), TypeError, noCuda("Module.to")],
  ["Module.to cuda Device", () => lin().to(torch.device("cuda", 0)), TypeError, noCuda("Module.to", "cuda:0")],
  [
    "Module.to device typo",
    () => lin().to("cpuu"),
    TypeError,
    /^\[Module.to\] unknown device type "cpuu": did you mean "cpu"\?/,
  ],
  [
    "Module.to integer dtype",
    () => lin().to("int64"),
    TypeError,
    /^\[Module.to\] nn.Module.to only accepts floating point dtypes: got int64$/,
  ],
  [
    "Module.to cpu then int",
    () => lin().to("cpu", "int32"),
    TypeError,
    /^\[Module.to\] nn.Module.to only accepts floating point dtypes: got int32$/,
  ],
  [
    "Module.to device then device",
    () => lin().to("cpu", "cpu"),
    TypeError,
    /^\[Module.to\] expected a dtype as the second argument of to\(device, dtype\): got "cpu"$/,
  ],
  [
    "Module.to dtype then device",
    () => lin().to("float64", "cpu"),
    TypeError,
    /^\[Module.to\] to\(dtype\) takes no second argument: got "cpu"/,
  ],
  [
    "Module.to int tensor",
    () => lin().to(torch.zeros(1, { dtype: "int64" })),
    TypeError,
    /^\[Module.to\] nn.Module.to only accepts floating point dtypes: got int64$/,
  ],
  ["Module.to a number", () => lin().to(3), TypeError, /^\[Module.to\] expected a device, a dtype or a Tensor: got 3$/],
  [
    "Module.to option typo",
    () => lin().to({ dtyp: "float64" }),
    TypeError,
    /^\[Module.to\] unknown option "dtyp": did you mean "dtype"\?$/,
  ],
  ["Module.to device twice", () => lin().to("cpu", { device: "cpu" }), TypeError, /^\[Module.to\] device given twice/],
  [
    "Module.to dtype twice",
    () => lin().to("float64", { dtype: "float64" }),
    TypeError,
    /^\[Module.to\] dtype given twice/,
  ],
  [
    "Module.to nonBlocking",
    () => lin().to("cpu", { nonBlocking: any(1) }),
    TypeError,
    /^\[Module.to\] nonBlocking must be a boolean: got 1$/,
  ],
  [
    "Module.to too many",
    () => lin().to("cpu", "float64", "x"),
    TypeError,
    /^\[Module.to\] takes \(device\?, dtype\?, options\?\): got 3 positional arguments$/,
  ],
  ["Module.cuda", () => lin().cuda(), TypeError, noCuda("Module.cuda")],
  [
    "Module.cpu with an argument",
    () => (lin().cpu as (...a: unknown[]) => unknown)("cuda"),
    TypeError,
    /^\[Module.cpu\] takes no arguments: got 1$/,
  ],

  // fromArray / asTensor
  [
    "fromArray of an array",
    () => torch.fromArray(any([1, 2])),
    TypeError,
    /^\[fromArray\] expected a typed array such as Float32Array: got an array of length 2/,
  ],
  [
    "fromArray of a DataView",
    () => torch.fromArray(any(new DataView(new ArrayBuffer(4)))),
    TypeError,
    /^\[fromArray\] expected a typed array such as Float32Array: got a DataView/,
  ],
  [
    "fromArray Uint32Array",
    () => torch.fromArray(any(new Uint32Array(2))),
    TypeError,
    /^\[fromArray\] unsupported typed array Uint32Array: use Float32Array, Float64Array/,
  ],
  [
    "fromArray Uint8ClampedArray",
    () => torch.fromArray(any(new Uint8ClampedArray(2))),
    TypeError,
    /^\[fromArray\] unsupported typed array Uint8ClampedArray/,
  ],
  [
    "fromArray wrong size",
    () => torch.fromArray(new Float32Array(3), [2, 2]),
    RangeError,
    /^\[fromArray\] shape \[2, 2\] holds 4 elements: got a typed array of 3, expected a shape whose sizes multiply to 3$/,
  ],
  [
    "fromArray negative size",
    () => torch.fromArray(new Float32Array(2), [-1, -2]),
    RangeError,
    /^\[fromArray\] invalid shape \[-1,-2\]: sizes must be non-negative integers, got -1$/,
  ],
  [
    "fromArray fractional size",
    () => torch.fromArray(new Float32Array(2), [0.5, 4]),
    TypeError,
    /^\[fromArray\] invalid shape \[0.5,4\]: sizes must be integers, got 0.5$/,
  ],
  [
    "fromArray shape not an array",
    () => torch.fromArray(new Float32Array(2), any(2)),
    TypeError,
    /^\[fromArray\] shape must be an array of integers: got 2$/,
  ],
  [
    "fromArray too many",
    () => (torch.fromArray as (...a: unknown[]) => unknown)(new Float32Array(2), [2], {}),
    TypeError,
    /^\[fromArray\] takes \(typedArray, shape\?\): got 3 arguments$/,
  ],
  ["asTensor on cuda", () => torch.asTensor([1], { device: "cuda" }), TypeError, noCuda("asTensor")],
  [
    "asTensor requiresGrad",
    () => torch.asTensor([1], any({ requiresGrad: true })),
    TypeError,
    /^\[asTensor\] unknown option "requiresGrad": expected one of "device", "dtype"$/,
  ],
  [
    "asTensor dtype typo",
    () => torch.asTensor([1], { dtype: "flaot" }),
    TypeError,
    /^\[asTensor\] unknown dtype: got "flaot"/,
  ],
  [
    "asTensor dtype a device",
    () => torch.asTensor([1], { dtype: "cpu" }),
    TypeError,
    /^\[asTensor\] expected a dtype: got the device "cpu"/,
  ],
  [
    "asTensor dtype not a string",
    () => torch.asTensor([1], { dtype: any(5) }),
    TypeError,
    /^\[asTensor\] dtype must be a dtype name: got 5$/,
  ],

  // new* factories
  ["newZeros on cuda", () => x().newZeros(2, { device: "cuda" }), TypeError, noCuda("newZeros")],
  [
    "newOnes negative size",
    () => x().newOnes(-1),
    RangeError,
    /^\[newOnes\] invalid shape \[-1\]: sizes must be non-negative integers/,
  ],
  [
    "newEmpty option typo",
    () => x().newEmpty([2], any({ dtpye: "int32" })),
    TypeError,
    /^\[newEmpty\] unknown option "dtpye": did you mean "dtype"\?$/,
  ],
  [
    "newFull size a number",
    () => x().newFull(any(2), 1),
    TypeError,
    /^\[newFull\] size must be an array of integers: got 2$/,
  ],
  [
    "newFull value a string",
    () => x().newFull([2], any("1")),
    TypeError,
    /^\[newFull\] fillValue must be a number, a boolean or a bigint: got "1"$/,
  ],
  [
    "newFull overflow",
    () => torch.zeros(1, { dtype: "uint8" }).newFull([2], 300),
    RangeError,
    /^\[newFull\] value cannot be converted to type uint8 without overflow/,
  ],
  ["newTensor on webgpu", () => x().newTensor([1], { device: "webgpu" }), TypeError, webgpu("newTensor")],
  [
    "newTensor too many",
    () => (x().newTensor as (...a: unknown[]) => unknown)([1], {}, 3),
    TypeError,
    /^\[newTensor\] takes \(data, options\): got 3 arguments$/,
  ],

  // torch.cuda
  [
    "cuda.manualSeed fraction",
    () => torch.cuda.manualSeed(0.5),
    TypeError,
    /^\[cuda.manualSeed\] seed must be an integer: got 0.5$/,
  ],
];

describe("bad input to devices, shared-memory creation and new* factories", () => {
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
