/**
 * Bad-input table for the webgpu device (ISSUE-22): synchronous reads of GPU tensors, mixed
 * devices, ops and dtypes without webgpu kernels, uploads webgpu cannot hold, and init options.
 * Each row checks the error class and the `[op]` message. Skips (one line) without an adapter.
 */
import * as torch from "../../src/index.js";
import { describeWebgpu } from "../backend/webgpu/setup.js";
import { bad, exactTable, table } from "./table.js";

const g = (): torch.Tensor => torch.tensor([1.5, 2, 3], { device: "webgpu" });
const SYNC = (op: string, twin: string): string =>
  `[${op}] cannot read a webgpu tensor synchronously: use ${twin} (GPU reads are async)`;
const MIXED = (op: string, a: string, b: string): string =>
  `[${op}] Expected all tensors to be on the same device, but found at least two devices, ${a} and ${b}!`;
const NO_TYPE = (op: string, dt: string): string =>
  `[${op}] WebGPU has no ${dt} type: got a ${dt} tensor, expected float32, float16, int32, int64 (in 32 bits), int16, int8, uint8 or bool; convert it first (.float(), or .half() for float16)`;
const GAP = (op: string, kernel: string): RegExp =>
  new RegExp(
    `^\\[${op}\\] not available on webgpu yet: the ${kernel} kernel has no WGSL version; move the tensors to the CPU first`,
  );

describeWebgpu("webgpu: synchronous readers name their async twin", () => {
  exactTable([
    ["item", () => g().sum().item(), Error, SYNC("item", "await t.itemAsync()")],
    ["tolist", () => g().tolist(), Error, SYNC("tolist", "await t.array()")],
    ["dataSync", () => g().dataSync(), Error, SYNC("dataSync", "await t.data()")],
    ["dataFloat", () => g().dataFloat(), Error, SYNC("read values of", "await t.data()")],
    ["String(t)", () => String(g()), Error, SYNC("toString", 'String(await t.toAsync("cpu"))')],
    ["to('cpu')", () => g().to("cpu"), Error, SYNC("to", 'await t.toAsync("cpu")')],
    ["to({ device: 'cpu' })", () => g().to({ device: "cpu" }), Error, SYNC("to", 'await t.toAsync("cpu")')],
    ["cpu()", () => g().cpu(), Error, SYNC("cpu", 'await t.toAsync("cpu")')],
    [
      "item of many elements (the size error first)",
      () => g().item(),
      RangeError,
      "[item] a Tensor with 3 elements cannot be converted to a scalar: expected exactly 1 element",
    ],
  ]);
});

describeWebgpu("webgpu: mixed devices, gaps and unsupported data", () => {
  exactTable([
    ["add gpu + cpu", () => g().add(torch.ones(3)), Error, MIXED("add", "webgpu", "cpu")],
    ["add cpu + gpu", () => torch.ones(3).add(g()), Error, MIXED("add", "cpu", "webgpu")],
    ["mul_ in place from cpu", () => g().mul_(torch.ones(3)), Error, MIXED("mul", "webgpu", "cpu")],
    [
      "matmul across devices",
      () => torch.ones([2, 3], { device: "webgpu" }).matmul(torch.ones([3, 2])),
      Error,
      MIXED("matmul", "webgpu", "cpu"),
    ],
    [
      "where with a cpu condition",
      () => torch.where(torch.ones(3).gt(0), g(), g()),
      Error,
      MIXED("where", "cpu", "webgpu"),
    ],
    ["nonzero has no kernel", () => g().nonzero(), Error, GAP("nonzero", "nonzero")],
    [
      "int64 left shift by 32…63 needs more than 32 bits",
      () => torch.bitwiseLeftShift(torch.tensor([1, 2], { device: "webgpu" }), 40),
      RangeError,
      '[bitwiseLeftShift] int64 tensors on webgpu hold 32-bit values: got a shift by 40, which needs more than 32 bits (move the tensor to the CPU first: await t.toAsync("cpu"))',
    ],
    [
      "allclose returns a JS boolean",
      () => torch.allclose(g(), g()),
      Error,
      SYNC("allclose", "await torch.isclose(a, b).all().itemAsync()"),
    ],
    [
      "equal returns a JS boolean",
      () => torch.equal(g(), g()),
      Error,
      SYNC("equal", "await torch.eq(a, b).all().itemAsync()"),
    ],
    [
      "bincount's length depends on the values",
      () => torch.bincount(torch.tensor([0, 2], { device: "webgpu" })),
      Error,
      /^\[bincount\] not available on webgpu yet: its length \(the largest value \+ 1\) depends on the values/,
    ],
    [
      "poisson draws on the CPU generator",
      () => torch.poisson(g()),
      Error,
      /^\[poisson\] not available on webgpu yet: its samples are drawn on the CPU generator/,
    ],
    [
      "binomial draws on the CPU generator",
      () => torch.binomial(g(), g().div(4)),
      Error,
      /^\[binomial\] not available on webgpu yet: its samples are drawn on the CPU generator/,
    ],
    [
      "multinomial draws on the CPU generator",
      () => torch.multinomial(g(), 1),
      Error,
      /^\[multinomial\] not available on webgpu yet: it draws from the CPU generator/,
    ],
    [
      "float64 on webgpu",
      () => torch.zeros([2], { dtype: "float64", device: "webgpu" }),
      TypeError,
      NO_TYPE("zeros", "float64"),
    ],
    [
      "float64 upload",
      () => torch.tensor([1.5], { dtype: "float64" }).to("webgpu"),
      TypeError,
      NO_TYPE("to", "float64"),
    ],
    ["casting to bfloat16 on webgpu", () => g().to("bfloat16"), TypeError, NO_TYPE("to", "bfloat16")],
    [
      "bfloat16 upload",
      () => torch.ones([2], { dtype: "bfloat16" }).to("webgpu"),
      TypeError,
      NO_TYPE("to", "bfloat16"),
    ],
    [
      "int64 beyond 32 bits",
      () => torch.tensor([2 ** 40], { device: "webgpu" }),
      RangeError,
      "[tensor] int64 tensors on webgpu hold 32-bit values: got 1099511627776, expected a value in [-2147483648, 2147483647]",
    ],
    [
      "moving a tensor that requires grad",
      () => torch.ones(2, { requiresGrad: true }).to("webgpu"),
      Error,
      /^\[to\] moving a tensor that requires grad from cpu to webgpu is not differentiable yet: got requiresGrad=true, expected a tensor created on webgpu/,
    ],
    [
      "webgpu:1",
      () => torch.zeros([2], { device: "webgpu:1" }),
      RangeError,
      "[zeros] webgpu device index out of range: got 1, expected 0 (one adapter)",
    ],
  ]);
});

describeWebgpu("webgpu: init and async readers' arguments", () => {
  table([
    [
      "init: unknown option",
      () => torch.webgpu.init(bad({ powerPrefernce: "low-power" })),
      TypeError,
      '[webgpu.init] unknown option "powerPrefernce": did you mean "powerPreference"?',
    ],
    [
      "init: bad powerPreference",
      () => torch.webgpu.init({ powerPreference: bad("fast") }),
      RangeError,
      /^\[webgpu\.init\] powerPreference must be one of "low-power", "high-performance"/,
    ],
    [
      "init: two arguments",
      () => (torch.webgpu.init as (...a: unknown[]) => unknown)({}, 1),
      TypeError,
      /^\[webgpu\.init\] takes at most 1 positional argument: got 2/,
    ],
    [
      "synchronize: an argument",
      () => (torch.webgpu.synchronize as (...a: unknown[]) => unknown)(1),
      TypeError,
      /^\[webgpu\.synchronize\] takes at most 0 positional arguments: got 1/,
    ],
    [
      "stats: an argument",
      () => (torch.webgpu.stats as (...a: unknown[]) => unknown)(1),
      TypeError,
      /^\[webgpu\.stats\] takes at most 0 positional arguments: got 1/,
    ],
    [
      "info: an argument",
      () => (torch.webgpu.info as (...a: unknown[]) => unknown)(1),
      TypeError,
      /^\[webgpu\.info\] takes at most 0 positional arguments: got 1/,
    ],
    [
      "isInitialized: an argument",
      () => (torch.webgpu.isInitialized as (...a: unknown[]) => unknown)(1),
      TypeError,
      /^\[webgpu\.isInitialized\] takes at most 0 positional arguments: got 1/,
    ],
    [
      "itemAsync of many elements",
      () => g().itemAsync(),
      RangeError,
      "[item] a Tensor with 3 elements cannot be converted to a scalar: expected exactly 1 element",
    ],
    [
      "toAsync to an unknown device",
      () => g().toAsync(bad("gpu")),
      TypeError,
      /^\[toAsync\] unknown device type "gpu"/,
    ],
  ]);
});
