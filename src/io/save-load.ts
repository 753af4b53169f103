/**
 * `torch.save` / `torch.load`: any tree of tensors, numbers, strings, booleans, bigints, arrays,
 * plain objects, Maps and typed arrays, stored as one safetensors file. Tensors go in the tensor
 * section under their path (`modelStateDict.fc.weight`), everything else in the metadata as
 * tagged JSON under `antorcha`, so a saved state dict is also a plain safetensors state dict for
 * PyTorch. `load` also reads PyTorch's own `.pt`/`.pth` files (zip or legacy) without executing
 * pickle.
 */
import { Tensor } from "../tensor/tensor.js";
import { SafetensorsError } from "./errors.js";
import { deserializeWithMetadata, serialize } from "./safetensors.js";
import { readFileChecked, writeFileAtomic } from "./atomic.js";
import { isTorchPt, loadTorchPt } from "./torch-pt.js";
import type { InflateLimits } from "./inflate.js";
import { checkOptions, describe, optionKeys } from "../util/args.js";

/** Options of `load` / `loadFromBytes`: the inflation budget for compressed `.pt` archives (see `io/inflate.ts`). */
export type LoadOptions = InflateLimits;
const LOAD_KEYS = optionKeys("maxInflateBytes", "maxInflateRatio");

/** The metadata key holding the encoded object tree. */
export const OBJECT_KEY = "antorcha";
const VERSION = "1";
const MAX_DEPTH = 1000;

type TypedArrayName =
  "Uint8Array" | "Int8Array" | "Int16Array" | "Int32Array" | "BigInt64Array" | "Float32Array" | "Float64Array";
const TYPED: Record<TypedArrayName, (a: ArrayBufferView) => Tensor> = {
  Uint8Array: (a) => Tensor._fromArray((a as Uint8Array).slice(), [(a as Uint8Array).length], "uint8"),
  Int8Array: (a) => Tensor._fromArray((a as Int8Array).slice(), [(a as Int8Array).length], "int8"),
  Int16Array: (a) => Tensor._fromArray((a as Int16Array).slice(), [(a as Int16Array).length], "int16"),
  Int32Array: (a) => Tensor._fromArray((a as Int32Array).slice(), [(a as Int32Array).length], "int32"),
  BigInt64Array: (a) => Tensor._fromArray((a as BigInt64Array).slice(), [(a as BigInt64Array).length], "int64"),
  Float32Array: (a) => Tensor._fromArray((a as Float32Array).slice(), [(a as Float32Array).length], "float32"),
  Float64Array: (a) => Tensor._fromArray((a as Float64Array).slice(), [(a as Float64Array).length], "float64"),
};
const TYPED_DTYPE: Record<TypedArrayName, string> = {
  Uint8Array: "uint8",
  Int8Array: "int8",
  Int16Array: "int16",
  Int32Array: "int32",
  BigInt64Array: "int64",
  Float32Array: "float32",
  Float64Array: "float64",
};

const unsupported = (path: string, what: string): never => {
  throw new SafetensorsError(
    "UNSUPPORTED_VALUE",
    `cannot save ${what} at ${path || "the root"}: save tensors, numbers, strings, booleans, bigints, null, arrays, plain objects, Maps or typed arrays (e.g. model.stateDict(), not the model)`,
  );
};

const TYPED_CTORS: [TypedArrayName, abstract new (...a: never[]) => object][] = [
  ["Uint8Array", Uint8Array],
  ["Int8Array", Int8Array],
  ["Int16Array", Int16Array],
  ["Int32Array", Int32Array],
  ["BigInt64Array", BigInt64Array],
  ["Float32Array", Float32Array],
  ["Float64Array", Float64Array],
];
function typedName(o: object): TypedArrayName | undefined {
  return TYPED_CTORS.find(
    ([, C]) => Object.getPrototypeOf(o) === C.prototype || (C === Uint8Array && o instanceof Uint8Array),
  )?.[0];
}

function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Splits `obj` into tensors by key and a JSON-able tree with `{ $tensor: key }` placeholders. */
function encode(obj: unknown): { tensors: Map<string, Tensor>; tree: unknown } {
  const tensors = new Map<string, Tensor>();
  const onStack = new Set<object>();
  const keyFor = (path: string): string => {
    let key = path === "" ? "tensor" : path;
    for (let n = 2; tensors.has(key) || key === "__metadata__"; n++) key = `${path}#${n}`;
    return key;
  };
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (depth > MAX_DEPTH) unsupported(path, `an object nested deeper than ${MAX_DEPTH}`);
    const join = (k: string) => (path === "" ? k : `${path}.${k}`);
    switch (typeof v) {
      case "string":
      case "boolean":
        return v;
      case "number":
        if (Number.isNaN(v)) return { $number: "NaN" };
        if (v === Infinity) return { $number: "Infinity" };
        if (v === -Infinity) return { $number: "-Infinity" };
        if (Object.is(v, -0)) return { $number: "-0" };
        return v;
      case "bigint":
        return { $bigint: v.toString() };
      case "undefined":
        return { $undefined: true };
      case "object":
        break;
      default:
        return unsupported(path, `a ${typeof v}`);
    }
    if (v === null) return null;
    if (v instanceof Tensor) {
      const key = keyFor(path);
      tensors.set(key, v);
      return v.requiresGrad ? { $tensor: key, requiresGrad: true } : { $tensor: key };
    }
    const o = v as object;
    if (ArrayBuffer.isView(o)) {
      const name = typedName(o);
      if (name === undefined) return unsupported(path, `a ${o.constructor.name}`);
      const key = keyFor(path);
      tensors.set(key, TYPED[name](o));
      return { $tensor: key, $array: name };
    }
    if (onStack.has(o)) return unsupported(path, "a circular reference");
    onStack.add(o);
    let out: unknown;
    if (Array.isArray(o)) {
      out = o.map((x, i) => walk(x, join(String(i)), depth + 1));
    } else if (o instanceof Map) {
      out = {
        $map: [...o.entries()].map(([k, x], i) => [
          walk(k, join(`$key${i}`), depth + 1),
          walk(x, join(String(k)), depth + 1),
        ]),
      };
    } else if (isPlainObject(o)) {
      const rec: Record<string, unknown> = {};
      let escape = false;
      for (const [k, x] of Object.entries(o)) {
        if (k.startsWith("$")) escape = true;
        Object.defineProperty(rec, k, {
          value: walk(x, join(k), depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      out = escape ? { $object: rec } : rec;
    } else {
      out = unsupported(path, `an instance of ${o.constructor?.name ?? "an unknown class"}`);
    }
    onStack.delete(o);
    return out;
  };
  const tree = walk(obj, "", 0);
  return { tensors, tree };
}

function bad(msg: string): never {
  throw new SafetensorsError("INVALID_OBJECT", `the saved object is malformed: ${msg}`);
}

/** Rebuilds the tree saved by `encode`, taking tensors from `tensors`. */
function decodeTree(tree: unknown, tensors: Record<string, Tensor>): unknown {
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) bad(`nested deeper than ${MAX_DEPTH}`);
    if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number") return v;
    if (typeof v !== "object") return bad(`unexpected ${typeof v}`);
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    const tag = keys.find((k) => k.startsWith("$"));
    if (tag === undefined) {
      const rec: Record<string, unknown> = {};
      for (const k of keys)
        Object.defineProperty(rec, k, {
          value: walk(o[k], depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return rec;
    }
    switch (tag) {
      case "$tensor": {
        const key = o.$tensor;
        if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(tensors, key))
          return bad(`tensor ${JSON.stringify(key)} is not in the file`);
        const t = tensors[key]!;
        if (o.$array !== undefined) {
          const name = o.$array as TypedArrayName;
          if (typeof name !== "string" || !(name in TYPED) || TYPED_DTYPE[name] !== t.dtype || t.dim() !== 1)
            return bad(`bad typed array ${JSON.stringify(o.$array)}`);
          return t.dataSync();
        }
        if (o.requiresGrad === true && t.isFloatingPoint()) t.requiresGrad_(true);
        return t;
      }
      case "$number": {
        const s = o.$number;
        if (s === "NaN") return NaN;
        if (s === "Infinity") return Infinity;
        if (s === "-Infinity") return -Infinity;
        if (s === "-0") return -0;
        return bad(`bad number ${JSON.stringify(s)}`);
      }
      case "$bigint":
        if (typeof o.$bigint !== "string" || !/^-?\d{1,400}$/.test(o.$bigint))
          return bad(`bad bigint ${JSON.stringify(o.$bigint)}`);
        return BigInt(o.$bigint);
      case "$undefined":
        return undefined;
      case "$map": {
        if (!Array.isArray(o.$map)) return bad("$map must be an array of pairs");
        const m = new Map<unknown, unknown>();
        for (const pair of o.$map as unknown[]) {
          if (!Array.isArray(pair) || pair.length !== 2) return bad("$map must be an array of pairs");
          m.set(walk(pair[0], depth + 1), walk(pair[1], depth + 1));
        }
        return m;
      }
      case "$object": {
        const inner = o.$object;
        if (inner === null || typeof inner !== "object" || Array.isArray(inner))
          return bad("$object must be an object");
        const rec: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(inner))
          Object.defineProperty(rec, k, {
            value: walk(x, depth + 1),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        return rec;
      }
      default:
        return bad(`unknown tag ${JSON.stringify(tag)}`);
    }
  };
  return walk(tree, 0);
}

/**
 * Encodes `obj` as safetensors bytes (what `save` writes).
 * @example const bytes = io.saveToBytes({ epoch: 3, modelStateDict: model.stateDict() });
 */
export function saveToBytes(obj: unknown): Uint8Array {
  const { tensors, tree } = encode(obj);
  return serialize(tensors, { format: "pt", [OBJECT_KEY]: JSON.stringify(tree), [`${OBJECT_KEY}.version`]: VERSION });
}

/**
 * Decodes bytes written by `saveToBytes`/`save`, a plain safetensors file (→ tensors by name) or
 * a PyTorch `.pt` file (zip or legacy; pickle is interpreted with an allowlist, never executed).
 * @example const ckpt = io.loadFromBytes(bytes); // fragment
 */
export function loadFromBytes(bytes: Uint8Array, opts?: LoadOptions): unknown {
  checkOptions("loadFromBytes", opts, LOAD_KEYS);
  if (!(bytes instanceof Uint8Array))
    throw new TypeError(`[loadFromBytes] bytes must be a Uint8Array: got ${describe(bytes)}`);
  if (isTorchPt(bytes)) return loadTorchPt(bytes, opts);
  try {
    return decodeSafetensors(bytes);
  } catch (e) {
    if (e instanceof SafetensorsError) throw e;
    throw new SafetensorsError("UNREADABLE", `the file cannot be read: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
}

function decodeSafetensors(bytes: Uint8Array): unknown {
  const { tensors, metadata } = deserializeWithMetadata(bytes);
  const text = metadata[OBJECT_KEY];
  if (text === undefined) return tensors;
  const version = metadata[`${OBJECT_KEY}.version`];
  if (version !== VERSION) bad(`unsupported ${OBJECT_KEY}.version ${JSON.stringify(version)}: expected "${VERSION}"`);
  let tree: unknown;
  try {
    tree = JSON.parse(text);
  } catch (e) {
    bad(`metadata is not JSON: ${(e as Error).message}`);
  }
  return decodeTree(tree, tensors);
}

/**
 * Saves tensors, state dicts or checkpoint objects to `path` (safetensors, crash-safe write).
 * @example torch.save({ epoch, modelStateDict: model.stateDict(), optimizerStateDict: opt.stateDict() }, "ckpt.safetensors"); // fragment
 */
export function save(obj: unknown, path: string): void {
  writeFileAtomic(path, saveToBytes(obj));
}

/**
 * Loads what `save` wrote, a safetensors file, or a PyTorch `.pt`/`.pth` file. Every malformed
 * file raises `SafetensorsError` or `TorchPtError`; a compressed `.pt` archive may not inflate past
 * its budget (`opts.maxInflateBytes` / `opts.maxInflateRatio`, or the environment variables
 * `ANTORCHA_MAX_INFLATE_BYTES` / `ANTORCHA_MAX_INFLATE_RATIO`; defaults 4 GiB and 100:1).
 * @example model.loadStateDict(torch.load("model.pt") as Record<string, torch.Tensor>); // fragment
 */
export function load(path: string, opts?: LoadOptions): unknown {
  checkOptions("load", opts, LOAD_KEYS);
  if (typeof path !== "string") throw new TypeError(`[load] path must be a string: got ${describe(path)}`);
  return loadFromBytes(readFileChecked(path), opts);
}
