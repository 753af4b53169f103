/**
 * Devices, shaped like `torch.device`. antorcha's tensors live on `cpu` (the native core and the
 * TypeScript reference share one memory space). Any device PyTorch names can be *constructed*
 * (`torch.device("cuda")`), as in PyTorch; *using* one that antorcha lacks (moving a tensor or a
 * module to it, creating a tensor on it) is a clear error, never a silent fallback to the CPU.
 * `webgpu` is reserved for the WebGPU backend.
 */
import { describe, suggestKey } from "../util/args.js";
import { inspectCustom } from "../util/node.js";
import { DTYPE_ALIASES, isDType } from "./dtype.js";
import { deviceMemory } from "./device-memory.js";

/** The device types a device string may start with: PyTorch's, plus antorcha's `webgpu`. */
export const DEVICE_TYPES = [
  "cpu",
  "cuda",
  "webgpu",
  "mps",
  "xpu",
  "xla",
  "meta",
  "hip",
  "vulkan",
  "ipu",
  "hpu",
  "ort",
  "mkldnn",
  "opengl",
  "opencl",
  "ideep",
  "ve",
  "lazy",
  "fpga",
] as const;

/** A device type (`device.type`). */
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** The device types a tensor can live on today. */
export const DEVICES = ["cpu", "webgpu"] as const;

const TYPE_SET: ReadonlySet<string> = new Set(DEVICE_TYPES);
const DEVICE_RE = /^([a-z]+)(?::(0|[1-9]\d*))?$/;

/**
 * A device, as `torch.device` returns: `type` (`"cpu"`, `"cuda"`, …) and `index` (`null` when
 * none was given). `String(d)` is `"cpu"` / `"cuda:0"`; the console shows PyTorch's repr,
 * `device(type='cpu')`. Build one with `torch.device(…)`.
 */
export class Device {
  /** @internal use `torch.device(…)`. */
  constructor(
    /** The device type: `"cpu"`, `"cuda"`, … */
    readonly type: DeviceType,
    /** The device index, or `null` when none was given (`torch.device("cpu").index`). */
    readonly index: number | null = null,
  ) {
    if (!TYPE_SET.has(type)) {
      throw new TypeError(
        `[Device] unknown device type: got ${describe(type)}, expected one of ${DEVICE_TYPES.join(", ")} (or use torch.device("cuda:0"))`,
      );
    }
    if (index !== null) checkIndex("Device", index);
    Object.freeze(this);
  }

  /** `"cpu"`, `"cuda:0"`: the string PyTorch's `str(device)` gives. */
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }

  /** The device string, so `JSON.stringify` writes `"cpu"`. */
  toJSON(): string {
    return this.toString();
  }

  /** True when `other` (a Device or a device string) names the same type and index (PyTorch's `==`). */
  equals(other: Device | string): boolean {
    const o = other instanceof Device ? other : parseDevice("Device.equals", other);
    return o.type === this.type && o.index === this.index;
  }

  /** PyTorch's repr: `device(type='cpu')`, `device(type='cuda', index=0)`. */
  [inspectCustom](): string {
    return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`;
  }
}

/** What a `device` argument accepts: a `Device`, or a device string such as `"cpu"` or `"cuda:0"`. */
export type DeviceLike = Device | string;

/** The device every tensor reports (`t.device`), shared. */
export const CPU: Device = new Device("cpu");

/** The device webgpu tensors report, shared. */
export const WEBGPU: Device = new Device("webgpu");

/** True for a string naming a dtype (`"float64"`, `"long"`), which is never a device. */
export function isDTypeName(x: unknown): x is string {
  return typeof x === "string" && (isDType(x) || Object.prototype.hasOwnProperty.call(DTYPE_ALIASES, x));
}

/** True for a Device or a well-formed device string (`"cpu"`, `"cuda:1"`), available or not. */
export function isDevice(x: unknown): x is DeviceLike {
  if (x === "cpu" || x instanceof Device) return true;
  if (typeof x !== "string") return false;
  const m = DEVICE_RE.exec(x);
  return m !== null && TYPE_SET.has(m[1]!);
}

function checkIndex(op: string, index: unknown): number {
  if (typeof index !== "number" || !Number.isInteger(index)) {
    throw new TypeError(`[${op}] device index must be an integer: got ${describe(index)}`);
  }
  if (index < 0) throw new RangeError(`[${op}] device index must not be negative: got ${index}`);
  return index;
}

/** Parses a device string or passes a Device through; malformed or unknown strings throw. */
function parseDevice(op: string, spec: unknown, index?: unknown): Device {
  if (spec instanceof Device) {
    if (index !== undefined) throw new TypeError(`[${op}] index given with a Device: got ${describe(index)}`);
    return spec;
  }
  if (typeof spec !== "string") {
    if (isPlainDevice(spec)) return parseDevice(op, String(spec), index);
    throw new TypeError(`[${op}] expected a device string such as "cpu" or a Device: got ${describe(spec)}`);
  }
  if (spec === "") throw new RangeError(`[${op}] device string must not be empty: expected "cpu", "cuda", …`);
  if (isDTypeName(spec)) {
    throw new TypeError(`[${op}] expected a device: got the dtype "${spec}" (devices: "cpu"; pass a dtype as dtype)`);
  }
  const m = DEVICE_RE.exec(spec);
  const head = /^[^:]*/.exec(spec)![0];
  if (!TYPE_SET.has(head)) {
    const hint = suggestKey(head, DEVICE_TYPES);
    throw new TypeError(
      `[${op}] unknown device type ${JSON.stringify(spec)}: ${hint !== undefined ? `did you mean "${hint}"? ` : ""}expected one of ${DEVICE_TYPES.join(", ")}`,
    );
  }
  if (m === null) {
    throw new RangeError(
      `[${op}] invalid device string ${JSON.stringify(spec)}: expected "type" or "type:index" such as "cuda:0"`,
    );
  }
  const own = m[2] === undefined ? null : Number(m[2]);
  if (index !== undefined && index !== null) {
    if (own !== null) {
      throw new TypeError(
        `[${op}] device string ${JSON.stringify(spec)} must not include an index when index is given: got ${describe(index)}`,
      );
    }
    return new Device(head as DeviceType, checkIndex(op, index));
  }
  if (own === null && head === "cpu") return CPU;
  return new Device(head as DeviceType, own);
}

// A Device from another copy of the library (two bundles in one page): anything with a string type.
function isPlainDevice(x: unknown): boolean {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as { type?: unknown }).type === "string" &&
    (x as { constructor?: { name?: string } }).constructor?.name === "Device"
  );
}

/**
 * `torch.device`: a device from a string (`"cpu"`, `"cuda:0"`), a type and an index
 * (`device("cuda", 0)`), or a Device. Constructing a device antorcha lacks is allowed, as in
 * PyTorch; using it throws. The book's idiom works as written:
 * @example
 * const device = torch.cuda.isAvailable() ? "cuda" : "cpu"; // "cpu"
 * const model = new nn.Linear(1, 1).to(device);
 * String(torch.device("cpu")) // "cpu"; torch.device("cuda", 1).index // 1
 */
export function device(spec: DeviceLike, index?: number): Device {
  if (arguments.length > 2) throw new TypeError(`[device] takes (type, index?): got ${arguments.length} arguments`);
  return parseDevice("device", spec, index);
}

// `x instanceof torch.device` and `new torch.device("cpu")` work as with PyTorch's class.
device.prototype = Device.prototype;

/**
 * Checks a device *where it is used* and returns the device type tensors get (`"cpu"`, or
 * `"webgpu"` once `torch.webgpu.init()` succeeded). A device antorcha lacks (`cuda`, `mps`, …,
 * `webgpu` before init) is an error that says what to do;
 * a dtype where a device belongs, or an unknown device string, is an error naming the choices.
 * No work for the usual `"cpu"`.
 */
export function checkDevice(op: string, d: unknown): "cpu" | "webgpu" {
  if (d === "cpu" || d === CPU) return "cpu";
  const dev = parseDevice(op, d);
  if (dev.type === "cpu") return "cpu";
  if (dev.type === "webgpu" && dev.index !== null && dev.index !== 0) {
    throw new RangeError(`[${op}] webgpu device index out of range: got ${dev.index}, expected 0 (one adapter)`);
  }
  if (dev.type === "webgpu" && deviceMemory.webgpu !== null) return "webgpu";
  if (dev.type === "cuda") {
    throw new TypeError(
      `[${op}] Torch not compiled with CUDA enabled: got device ${JSON.stringify(String(dev))}, antorcha runs on "cpu" (and "webgpu" after torch.webgpu.init()); choose with torch.cuda.isAvailable() ? "cuda" : "cpu"`,
    );
  }
  if (dev.type === "webgpu") {
    throw new TypeError(
      `[${op}] the "webgpu" device is not initialised: got ${JSON.stringify(String(dev))} before await torch.webgpu.init(), expected "cpu" or an initialised webgpu (torch.webgpu.isAvailable() says whether an adapter exists)`,
    );
  }
  throw new TypeError(
    `[${op}] device ${JSON.stringify(String(dev))} is not available: antorcha runs on "cpu" (and "webgpu" after torch.webgpu.init())`,
  );
}

/** `torch.cuda.isAvailable()`: always false (antorcha has no CUDA backend). */
function isAvailable(): boolean {
  return false;
}

/** `torch.cuda.deviceCount()`: always 0. */
function deviceCount(): number {
  return 0;
}

/** `torch.cuda.manualSeed(seed)`: like PyTorch without CUDA, checks the seed and does nothing else. */
function manualSeed(seed: number | bigint): void {
  if (typeof seed !== "bigint" && (typeof seed !== "number" || !Number.isInteger(seed))) {
    throw new TypeError(`[cuda.manualSeed] seed must be an integer: got ${describe(seed)}`);
  }
}

/**
 * `torch.cuda`, for code written to pick a device: `isAvailable()` is false and `deviceCount()`
 * is 0 (no CUDA backend); `manualSeed`/`manualSeedAll` are accepted and do nothing, as in
 * PyTorch without a GPU.
 * @example const device = torch.cuda.isAvailable() ? "cuda" : "cpu";
 */
export const cuda = Object.freeze({ isAvailable, deviceCount, manualSeed, manualSeedAll: manualSeed });
