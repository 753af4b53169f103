/**
 * Reads PyTorch's `.pt`/`.pth` files without executing pickle: the zip format (`<root>/data.pkl`
 * plus one `<root>/data/<key>` entry per storage) and the legacy format
 * (`_use_new_zipfile_serialization=False`: magic, protocol, sys-info and object pickles followed
 * by the raw storages). Only tensor rebuild functions, storage types, dtypes, `OrderedDict`,
 * `torch.Size` and NumPy's plain data (scalars, dtypes, ndarrays: see {@link isAllowedGlobal})
 * may be named by the pickle.
 */
import { Storage, Tensor } from "../tensor/tensor.js";
import { arrayConstructor, itemsize, type DType, type StorageArray } from "../tensor/dtype.js";
import { TorchPtError } from "./errors.js";
import { PyDict, PyGlobal, PyTuple, unpickle, type PickleHooks } from "./pickle.js";
import { checkInflateBudget, isZip, readZipDirectory, readZipEntry } from "./zip.js";
import { resolveInflateLimits, type InflateLimits } from "./inflate.js";
import { checkOptions, optionKeys } from "../util/args.js";

/** Options of `loadTorchPt` (and `io.load` / `io.loadFromBytes` for `.pt` input). */
export type LoadTorchPtOptions = InflateLimits;
const LOAD_KEYS = optionKeys("maxInflateBytes", "maxInflateRatio");

const STORAGES: Record<string, DType> = {
  FloatStorage: "float32",
  DoubleStorage: "float64",
  HalfStorage: "float16",
  BFloat16Storage: "bfloat16",
  LongStorage: "int64",
  IntStorage: "int32",
  ShortStorage: "int16",
  CharStorage: "int8",
  ByteStorage: "uint8",
  BoolStorage: "bool",
};
const DTYPES: Record<string, DType> = {
  float32: "float32",
  float: "float32",
  float64: "float64",
  double: "float64",
  float16: "float16",
  half: "float16",
  bfloat16: "bfloat16",
  int64: "int64",
  long: "int64",
  int32: "int32",
  int: "int32",
  int16: "int16",
  short: "int16",
  int8: "int8",
  uint8: "uint8",
  bool: "bool",
};
const REBUILD = new Set(["_rebuild_tensor", "_rebuild_tensor_v2", "_rebuild_parameter"]);
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Whether `(module, name)` may appear in a pickle we load.
 * @example isAllowedGlobal("torch._utils", "_rebuild_tensor_v2") // true
 */
export function isAllowedGlobal(module: string, name: string): boolean {
  if (module === "collections" && name === "OrderedDict") return true;
  if (module === "_codecs") return name === "encode";
  if (module === "__builtin__" || module === "builtins") return name === "bytes";
  if (module === "numpy") return name === "dtype" || name === "ndarray";
  if (module === "numpy.core.multiarray" || module === "numpy._core.multiarray")
    return name === "scalar" || name === "_reconstruct";
  if (module === "torch._utils") return REBUILD.has(name);
  if (module === "torch") return own(STORAGES, name) || own(DTYPES, name) || name === "Size";
  return false;
}

/** A storage named by a persistent id; its bytes are fetched when a tensor is materialized. */
class StorageRef {
  constructor(
    readonly key: string,
    readonly dtype: DType,
    readonly numel: number,
    readonly view: { offset: number; size: number } | null = null,
  ) {}
}

/** A tensor described by the pickle, built once the storages are known. */
class LazyTensor {
  requiresGrad = false;
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly size: number[],
    readonly stride: number[],
  ) {}
}

/**
 * NumPy's type codes (`dtype.str` without the byte order) that map onto a tensor dtype. NumPy
 * pickles a dtype as `numpy.dtype(code, False, True)` followed by a BUILD whose state carries
 * the byte order.
 */
const NP_DTYPES: Record<string, DType> = {
  f8: "float64",
  f4: "float32",
  f2: "float16",
  i8: "int64",
  i4: "int32",
  i2: "int16",
  i1: "int8",
  u1: "uint8",
  b1: "bool",
};

/** A `numpy.dtype` rebuilt from its code and (after BUILD) byte order. */
class NpDtype {
  order = "|";
  constructor(
    readonly code: string,
    readonly dtype: DType,
  ) {}
  get bigEndian(): boolean {
    return this.order === ">" && itemsize(this.dtype) > 1;
  }
}

/** `numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b"b")`: an empty array waiting for its BUILD. */
class NpArrayStub {}

/** An ndarray after BUILD: shape, dtype, memory order and raw bytes. */
class NpArray {
  constructor(
    readonly shape: number[],
    readonly dtype: NpDtype,
    readonly fortran: boolean,
    readonly data: Uint8Array,
  ) {}
}

/** The codes NumPy uses for a byte order in a dtype's state. */
const NP_ORDERS = new Set(["<", ">", "|", "="]);

function npDtype(args: unknown[]): NpDtype {
  const [code, align, copy] = args;
  if (typeof code !== "string" || args.length !== 3 || typeof align !== "boolean" || typeof copy !== "boolean")
    return fail("PICKLE_INVALID", `numpy.dtype needs (code, align, copy): got ${args.length} arguments`);
  const dtype = own(NP_DTYPES, code) ? NP_DTYPES[code] : undefined;
  if (dtype === undefined)
    return fail(
      "PICKLE_INVALID",
      `numpy dtype ${JSON.stringify(code)} has no tensor dtype: expected one of ${Object.keys(NP_DTYPES).join(", ")}`,
    );
  return new NpDtype(code, dtype);
}

function npDtypeState(d: NpDtype, state: unknown): NpDtype {
  if (!(state instanceof PyTuple) || state.length < 8 || state.length > 9 || (state[0] !== 3 && state[0] !== 4))
    return fail("PICKLE_INVALID", "numpy dtype state must be a (version 3 or 4, byteorder, …) tuple of 8 or 9 items");
  const order = state[1];
  if (typeof order !== "string" || !NP_ORDERS.has(order))
    return fail("PICKLE_INVALID", `numpy dtype byte order must be one of < > | =: got ${JSON.stringify(order)}`);
  if (state[2] !== null || state[3] !== null || state[4] !== null)
    return fail(
      "PICKLE_INVALID",
      `numpy dtype ${JSON.stringify(d.code)} has fields or a subarray: only plain dtypes load`,
    );
  d.order = order;
  return d;
}

/** Copies `raw` in little-endian order (swapping each element when the dtype is big-endian). */
function littleEndian(raw: Uint8Array, d: NpDtype): Uint8Array {
  const out = raw.slice();
  if (!d.bigEndian) return out;
  const n = itemsize(d.dtype);
  for (let i = 0; i < out.length; i += n) out.subarray(i, i + n).reverse();
  return out;
}

/** `numpy.core.multiarray.scalar(dtype, bytes)`: the scalar's value as a number, bigint or boolean. */
function npScalar(args: unknown[]): number | bigint | boolean {
  const [d, raw] = args;
  if (args.length !== 2 || !(d instanceof NpDtype) || !(raw instanceof Uint8Array))
    return fail("PICKLE_INVALID", "numpy scalar needs (numpy.dtype, bytes)");
  const n = itemsize(d.dtype);
  if (raw.length !== n) return fail("PICKLE_INVALID", `numpy ${d.dtype} scalar has ${raw.length} bytes: expected ${n}`);
  const le = littleEndian(raw, d);
  if (d.dtype === "int64") {
    // beyond 2**53 a bigint, as the pickle's own integers
    const v = new DataView(le.buffer).getBigInt64(0, true);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  return new Tensor(typed(le, d.dtype, true), [], [], 0, d.dtype).item();
}

/** ndarray BUILD state `(version, shape, dtype, is_fortran, rawdata)`. */
function npArrayState(state: unknown): NpArray {
  if (!(state instanceof PyTuple) || state.length !== 5)
    return fail("PICKLE_INVALID", "numpy array state must be a (version, shape, dtype, is_fortran, data) tuple");
  const [, shape, d, fortran, data] = state;
  const size = intTuple(shape, "numpy array shape");
  if (!(d instanceof NpDtype)) return fail("PICKLE_INVALID", "numpy array state needs a numpy.dtype");
  if (typeof fortran !== "boolean") return fail("PICKLE_INVALID", "numpy array is_fortran must be a bool");
  if (!(data instanceof Uint8Array))
    return fail("PICKLE_INVALID", `numpy ${d.code} array data must be bytes: object arrays do not load`);
  let numel = 1;
  for (const s of size) numel *= s;
  const want = numel * itemsize(d.dtype);
  if (!Number.isSafeInteger(want) || data.length !== want)
    return fail(
      "TENSOR_INVALID",
      `numpy array of shape ${JSON.stringify(size)} and dtype ${d.dtype} needs ${want} bytes: got ${data.length}`,
    );
  return new NpArray(size, d, fortran, data);
}

/** An ndarray as a contiguous tensor of the same dtype, shape and element order. */
function npTensor(a: NpArray): Tensor {
  const { shape, fortran } = a;
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let k = 0; k < shape.length; k++) {
    const i = fortran ? k : shape.length - 1 - k;
    strides[i] = acc;
    acc *= Math.max(shape[i]!, 1);
  }
  const t = new Tensor(typed(littleEndian(a.data, a.dtype), a.dtype.dtype, true), shape, strides, 0, a.dtype.dtype);
  return fortran ? t.contiguous() : t;
}

const fail = (code: TorchPtError["code"], msg: string): never => {
  throw new TorchPtError(code, msg);
};
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

function dtypeOf(g: unknown): DType {
  if (g instanceof PyGlobal && g.module === "torch") {
    const d = own(STORAGES, g.name) ? STORAGES[g.name] : own(DTYPES, g.name) ? DTYPES[g.name] : undefined;
    if (d !== undefined) return d;
  }
  return fail(
    "STORAGE_INVALID",
    `storage type must be a torch storage class or dtype: got ${g instanceof PyGlobal ? g.qualified : typeof g}`,
  );
}

function intTuple(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.length > 64 || !v.every(isCount))
    return fail("TENSOR_INVALID", `${what} must be a tuple of non-negative integers: got ${String(v)}`);
  return Array.from(v as number[]); // a plain array, not the pickle's PyTuple
}

function hooks(legacy: boolean, refs: Map<string, StorageRef>): PickleHooks {
  return {
    allowed: isAllowedGlobal,
    persistentLoad(pid) {
      if (!(pid instanceof PyTuple) || pid[0] !== "storage" || pid.length !== (legacy ? 6 : 5)) {
        return fail(
          "STORAGE_INVALID",
          `persistent id must be a ('storage', type, key, location, size${legacy ? ", view" : ""}) tuple`,
        );
      }
      const [, type, key, , numel] = pid;
      const dtype = dtypeOf(type);
      if (typeof key !== "string" || !isCount(numel))
        return fail("STORAGE_INVALID", `bad storage key ${String(key)} or size ${String(numel)}`);
      const prev = refs.get(key);
      if (prev !== undefined && (prev.dtype !== dtype || prev.numel !== numel))
        fail("STORAGE_INVALID", `storage ${JSON.stringify(key)} is used with two types or sizes`);
      refs.set(key, new StorageRef(key, dtype, numel));
      const view = legacy ? pid[5] : null;
      if (view === null) return refs.get(key);
      if (
        !(view instanceof PyTuple) ||
        view.length !== 3 ||
        !isCount(view[1]) ||
        !isCount(view[2]) ||
        view[1] + view[2] > numel
      ) {
        return fail("STORAGE_INVALID", `bad storage view of ${JSON.stringify(key)}`);
      }
      return new StorageRef(key, dtype, numel, { offset: view[1] as number, size: view[2] as number });
    },
    reduce(fn, args) {
      if (fn.module === "_codecs") {
        // protocol 2 writes `bytes` as _codecs.encode(text, "latin1"): one character per byte
        const [text, enc] = args;
        if (args.length !== 2 || typeof text !== "string" || (enc !== "latin1" && enc !== "latin-1"))
          return fail("PICKLE_INVALID", `_codecs.encode needs (str, "latin1"): got ${args.length} arguments`);
        const out = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c > 0xff) return fail("PICKLE_INVALID", `_codecs.encode text has a character beyond latin1 at ${i}`);
          out[i] = c;
        }
        return out;
      }
      if (fn.name === "bytes") {
        // protocol 2 writes b"" as bytes()
        if (args.length !== 0) return fail("PICKLE_INVALID", `bytes() takes no arguments here: got ${args.length}`);
        return new Uint8Array(0);
      }
      if (fn.module === "numpy") {
        if (fn.name === "dtype") return npDtype(args);
        return fail("PICKLE_INVALID", "numpy.ndarray cannot be called");
      }
      if (fn.module.startsWith("numpy.")) {
        if (fn.name === "scalar") return npScalar(args);
        const [cls, shape, code] = args;
        if (
          args.length !== 3 ||
          !(cls instanceof PyGlobal && cls.qualified === "numpy.ndarray") ||
          !(shape instanceof PyTuple) ||
          shape.length !== 1 ||
          shape[0] !== 0 ||
          !(code instanceof Uint8Array || code === "b")
        )
          return fail("PICKLE_INVALID", "numpy _reconstruct needs (numpy.ndarray, (0,), b'b')");
        return new NpArrayStub();
      }
      if (fn.module === "collections") {
        const d = new PyDict();
        if (args.length === 0) return d;
        if (args.length === 1 && Array.isArray(args[0])) {
          for (const kv of args[0] as unknown[]) {
            if (!Array.isArray(kv) || kv.length !== 2) fail("PICKLE_INVALID", "OrderedDict items must be pairs");
            d.set((kv as unknown[])[0], (kv as unknown[])[1]);
          }
          return d;
        }
        return fail("PICKLE_INVALID", "OrderedDict called with unexpected arguments");
      }
      if (fn.module === "torch" && fn.name === "Size") return intTuple(args[0], "torch.Size");
      if (fn.name === "_rebuild_parameter") {
        const [data, requiresGrad] = args;
        if (!(data instanceof LazyTensor) || typeof requiresGrad !== "boolean")
          return fail("TENSOR_INVALID", "_rebuild_parameter needs (tensor, requires_grad, hooks)");
        data.requiresGrad = requiresGrad;
        return data;
      }
      if (fn.name === "_rebuild_tensor" || fn.name === "_rebuild_tensor_v2") {
        const [storage, offset, size, stride, requiresGrad] = args;
        if (!(storage instanceof StorageRef) || !isCount(offset) || args.length < 4)
          return fail("TENSOR_INVALID", `${fn.name} needs (storage, offset, size, stride, …)`);
        const t = new LazyTensor(storage, offset, intTuple(size, "size"), intTuple(stride, "stride"));
        if (t.size.length !== t.stride.length)
          fail("TENSOR_INVALID", `size has ${t.size.length} dims but stride has ${t.stride.length}`);
        t.requiresGrad = requiresGrad === true;
        return t;
      }
      return fail("PICKLE_INVALID", `${fn.qualified} cannot be called`);
    },
    build(obj, state) {
      // OrderedDict's `_metadata` attribute (state-dict versions) and tensor state carry nothing we keep.
      if (obj instanceof PyDict || obj instanceof LazyTensor) return obj;
      if (obj instanceof NpDtype) return npDtypeState(obj, state);
      if (obj instanceof NpArrayStub) return npArrayState(state);
      return fail("PICKLE_INVALID", `BUILD of ${obj === null ? "None" : typeof obj} with ${typeof state} state`);
    },
  };
}

/**
 * The tensor `t` describes, as a view of `storage` (PyTorch's semantics: every tensor rebuilt from
 * one storage shares it, so stride-0 or overlapping views cost nothing beyond the storage).
 */
function materialize(t: LazyTensor, storage: Storage): Tensor {
  const { size, stride } = t;
  const base = t.storage.view?.offset ?? 0;
  const avail = t.storage.view?.size ?? t.storage.numel;
  let numel = 1;
  let last = t.offset;
  for (let i = 0; i < size.length; i++) {
    numel *= size[i]!;
    if (size[i]! > 0) last += (size[i]! - 1) * stride[i]!;
    if (!Number.isSafeInteger(numel) || !Number.isSafeInteger(last))
      fail("TENSOR_INVALID", `size ${JSON.stringify(size)} overflows`);
  }
  if (numel > 0 && last >= avail)
    fail(
      "TENSOR_INVALID",
      `size ${JSON.stringify(size)}, stride ${JSON.stringify(stride)} and offset ${t.offset} reach element ${last} of a ${avail}-element storage`,
    );
  const r = new Tensor(storage, size, stride, numel > 0 ? base + t.offset : 0, t.storage.dtype);
  if (t.requiresGrad && r.isFloatingPoint()) r.requiresGrad_(true);
  return r;
}

/** A dict key as a JS property name: strings as they are, numbers and bigints in decimal, tuples as JSON-like text. */
function keyText(k: unknown, depth = 0): string {
  if (typeof k === "string") return depth === 0 ? k : JSON.stringify(k);
  if (typeof k === "number" || typeof k === "bigint" || typeof k === "boolean") return String(k);
  if (k === null) return "null";
  if (Array.isArray(k) && depth < 100) return `[${k.map((x) => keyText(x, depth + 1)).join(",")}]`;
  return fail(
    "PICKLE_INVALID",
    `dict key of type ${k instanceof PyGlobal ? k.qualified : typeof k === "object" ? k.constructor.name : typeof k} cannot become a property name: expected str, int, float, bool, None or a tuple of them`,
  );
}

/** Converts pickle values to JS: dicts → objects, tuples/lists → arrays, lazy tensors → tensors. */
function toJs(root: unknown, storage: (ref: StorageRef) => Storage): unknown {
  const seen = new Map<unknown, unknown>();
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 1000) fail("PICKLE_INVALID", "object nested deeper than 1000");
    if (v === null || typeof v !== "object") return v;
    if (v instanceof Uint8Array) return v;
    if (seen.has(v)) return seen.get(v);
    if (v instanceof LazyTensor) {
      const t = materialize(v, storage(v.storage));
      seen.set(v, t);
      return t;
    }
    if (v instanceof StorageRef) {
      const t = materialize(new LazyTensor(v, 0, [v.view?.size ?? v.numel], [1]), storage(v));
      seen.set(v, t);
      return t;
    }
    if (v instanceof PyGlobal) return own(DTYPES, v.name) ? DTYPES[v.name] : v.qualified;
    if (v instanceof NpDtype) return v.dtype;
    if (v instanceof NpArray) {
      const t = npTensor(v);
      seen.set(v, t);
      return t;
    }
    if (v instanceof NpArrayStub) return fail("PICKLE_INVALID", "numpy array without its state");
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const x of v) out.push(walk(x, depth + 1));
      return out;
    }
    if (v instanceof PyDict) {
      const out: Record<string, unknown> = {};
      seen.set(v, out);
      const from = new Map<string, unknown>();
      for (const [k, x] of v.map) {
        const key = keyText(k);
        if (from.has(key))
          fail(
            "PICKLE_INVALID",
            `dict keys ${keyText([from.get(key)], 1).slice(1, -1)} and ${keyText([k], 1).slice(1, -1)} both become the property ${JSON.stringify(key)}`,
          );
        from.set(key, k);
        Object.defineProperty(out, key, {
          value: walk(x, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return fail("PICKLE_INVALID", "unexpected value in pickle");
  };
  return walk(root, 0);
}

/** A storage over `bytes` (copied unless `owned` and aligned); bools normalised to 0/1. */
function typed(bytes: Uint8Array, dtype: DType, owned = false): Storage {
  const own = owned && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  if (dtype === "bool") for (let i = 0; i < own.length; i++) own[i] = own[i] === 0 ? 0 : 1;
  const Ctor = arrayConstructor(dtype) as unknown as new (b: ArrayBufferLike) => StorageArray;
  return new Storage(new Ctor(own.buffer), dtype);
}

function loadZip(b: Uint8Array, opts: LoadTorchPtOptions): unknown {
  const entries = readZipDirectory(b);
  checkInflateBudget(
    entries.values(),
    resolveInflateLimits(opts, (m) => new TorchPtError("OPTION_INVALID", m)),
  );
  const pkls = [...entries.keys()].filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pkls.length !== 1) fail("ZIP_ENTRY_MISSING", `expected one <root>/data.pkl entry: found ${pkls.length}`);
  const prefix = pkls[0]!.slice(0, -"data.pkl".length);
  const order = entries.get(`${prefix}byteorder`);
  if (order !== undefined) {
    const s = new TextDecoder().decode(readZipEntry(b, order));
    if (s !== "little") fail("STORAGE_INVALID", `byteorder ${JSON.stringify(s)} is not supported: expected "little"`);
  }
  const refs = new Map<string, StorageRef>();
  const pkl = readZipEntry(b, entries.get(pkls[0]!)!);
  const { value, end } = unpickle(pkl, 0, hooks(false, refs));
  if (end !== pkl.length) fail("PICKLE_INVALID", `${pkl.length - end} bytes after the pickle's STOP`);
  const cache = new Map<string, Storage>();
  return toJs(value, (ref) => {
    let arr = cache.get(ref.key);
    if (arr === undefined) {
      const e = entries.get(`${prefix}data/${ref.key}`);
      if (e === undefined)
        return fail("STORAGE_MISSING", `storage ${JSON.stringify(ref.key)} has no ${prefix}data/${ref.key} entry`);
      const want = ref.numel * itemsize(ref.dtype);
      if (e.size !== want)
        fail(
          "STORAGE_INVALID",
          `storage ${JSON.stringify(ref.key)} has ${e.size} bytes: expected ${want} (${ref.numel} × ${ref.dtype})`,
        );
      arr = typed(readZipEntry(b, e), ref.dtype, e.method !== 0);
      cache.set(ref.key, arr);
    }
    return arr;
  });
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

function loadLegacy(b: Uint8Array): unknown {
  const none = new Map<string, StorageRef>();
  let r = unpickle(b, 0, hooks(true, none));
  if (r.value !== LEGACY_MAGIC) fail("NOT_A_PT_FILE", "legacy file does not start with PyTorch's magic number");
  r = unpickle(b, r.end, hooks(true, none));
  if (r.value !== 1001) fail("NOT_A_PT_FILE", `legacy protocol version ${String(r.value)}: expected 1001`);
  r = unpickle(b, r.end, hooks(true, none));
  const info = r.value instanceof PyDict ? r.value.map : undefined;
  if (info?.get("little_endian") !== true) fail("STORAGE_INVALID", "legacy file is not little-endian");
  const refs = new Map<string, StorageRef>();
  const main = unpickle(b, r.end, hooks(true, refs));
  const keys = unpickle(b, main.end, hooks(true, none));
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === "string"))
    fail("STORAGE_INVALID", "legacy storage key list is malformed");
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const data = new Map<string, Storage>();
  let p = keys.end;
  for (const key of keys.value as string[]) {
    const ref = refs.get(key);
    if (ref === undefined || data.has(key))
      return fail("STORAGE_INVALID", `legacy storage ${JSON.stringify(key)} is unknown or repeated`);
    if (p + 8 > b.length) fail("TRUNCATED", `legacy storage ${JSON.stringify(key)} is truncated`);
    const n = dv.getBigInt64(p, true);
    if (n !== BigInt(ref.numel))
      fail("STORAGE_INVALID", `legacy storage ${JSON.stringify(key)} has ${n} elements: expected ${ref.numel}`);
    p += 8;
    const len = ref.numel * itemsize(ref.dtype);
    if (p + len > b.length) fail("TRUNCATED", `legacy storage ${JSON.stringify(key)} is truncated`);
    data.set(key, typed(b.subarray(p, p + len), ref.dtype));
    p += len;
  }
  if (p !== b.length) fail("STORAGE_INVALID", `${b.length - p} unexpected bytes after the storages`);
  return toJs(
    main.value,
    (ref) => data.get(ref.key) ?? fail("STORAGE_MISSING", `legacy storage ${JSON.stringify(ref.key)} is missing`),
  );
}

/**
 * Whether `b` looks like a PyTorch file (zip archive or legacy pickle stream).
 * @example isTorchPt(readFileSync("model.pt")) // true (fragment)
 */
export function isTorchPt(b: Uint8Array): boolean {
  return isZip(b) || (b.length >= 4 && b[0] === 0x80 && b[1] === 0x02 && b[2] === 0x8a && b[3] === 0x0a);
}

/**
 * Loads a PyTorch `.pt`/`.pth` file's bytes into JS values (tensors, objects, arrays, numbers).
 * @example const sd = loadTorchPt(bytes) as Record<string, Tensor>; // fragment
 */
export function loadTorchPt(b: Uint8Array, opts: LoadTorchPtOptions = {}): unknown {
  checkOptions("loadTorchPt", opts, LOAD_KEYS);
  if (!(b instanceof Uint8Array))
    return fail("NOT_A_PT_FILE", `expected the file's bytes as a Uint8Array: got ${b === null ? "null" : typeof b}`);
  return typedErrors(() => {
    if (isZip(b)) return loadZip(b, opts);
    if (isTorchPt(b)) return loadLegacy(b);
    return fail("NOT_A_PT_FILE", "not a PyTorch file: expected a zip archive or a legacy pickle stream");
  });
}

/** Runs `f`, turning any error from inside (an allocation failure, a bug) into a `TorchPtError`. */
function typedErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TorchPtError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new TorchPtError("UNREADABLE", `the file cannot be read: ${why}`, { cause: e });
  }
}

/**
 * Interprets a bare pickle with the same allowlist (no storages available).
 * @example restrictedUnpickle(bytes) // throws UnsafePickleError for os.system (fragment)
 */
export function restrictedUnpickle(b: Uint8Array): unknown {
  return typedErrors(() => {
    const { value, end } = unpickle(b, 0, hooks(false, new Map()));
    if (end !== b.length) fail("PICKLE_INVALID", `${b.length - end} bytes after the pickle's STOP`);
    return toJs(value, (ref) => fail("STORAGE_MISSING", `storage ${JSON.stringify(ref.key)} is not available`));
  });
}
