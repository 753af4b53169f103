/** Malformed inputs: every one gives a typed error with a stable code (safetensors, .pt zip, pickle, legacy). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { readZipDirectory, readZipEntry } from "../../src/io/zip.js";
import { fixture } from "./helpers.js";
import { buildZip, type RawEntry } from "./zip-builder.js";

const { io } = torch;
const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]) => {
  const arrs = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p)));
  const out = new Uint8Array(arrs.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrs) out.set(a, (at += a.length) - a.length);
  return out;
};
const u64 = (n: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, true);
  return b;
};
/** A safetensors file from a header string and `dataLen` zero bytes. */
const st = (header: string, dataLen = 0) => cat(u64(BigInt(enc(header).length)), enc(header), new Uint8Array(dataLen));
const f32 = (name: string, shape: number[], a: number, b: number) =>
  `"${name}":{"dtype":"F32","shape":${JSON.stringify(shape)},"data_offsets":[${a},${b}]}`;

function expectCode(bytes: Uint8Array, code: string, label: string): void {
  assert.throws(
    () => io.loadFromBytes(bytes),
    (e: unknown) => {
      const ok = (e instanceof io.SafetensorsError || e instanceof io.TorchPtError) && e.code === code;
      if (!ok) assert.fail(`${label}: expected code ${code}, got ${String(e)} (${(e as { code?: string }).code})`);
      return true;
    },
    label,
  );
}

const SAFETENSORS: [string, Uint8Array, string][] = [
  ["empty file", new Uint8Array(0), "TRUNCATED"],
  ["7 bytes", new Uint8Array(7), "TRUNCATED"],
  ["header length past the end", cat(u64(100n), enc("{}")), "TRUNCATED"],
  ["header length over the cap", cat(u64(100_000_001n), enc("{}")), "HEADER_TOO_LARGE"],
  ["header length 2^64-1", cat(u64(2n ** 64n - 1n), enc("{}")), "HEADER_TOO_LARGE"],
  ["header not UTF-8", cat(u64(4n), [0x7b, 0xff, 0xfe, 0x7d]), "HEADER_INVALID"],
  ["header not starting with {", st(' {"a":1}'), "HEADER_INVALID"],
  ["header invalid JSON", st('{"a":'), "INVALID_JSON"],
  ["header trailing garbage", st("{}x"), "INVALID_JSON"],
  ["header with NaN literal", st('{"a":NaN}'), "INVALID_JSON"],
  ["deeply nested header", st("{" + '"a":['.repeat(1) + "[".repeat(5000) + "]".repeat(5000) + "]}"), "INVALID_JSON"],
  ["duplicate tensor key", st(`{${f32("a", [1], 0, 4)},${f32("a", [1], 4, 8)}}`, 8), "DUPLICATE_KEY"],
  ["duplicate metadata key", st('{"__metadata__":{"k":"1","k":"2"}}'), "DUPLICATE_KEY"],
  ["unknown dtype", st('{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}', 1), "UNKNOWN_DTYPE"],
  ["dtype not a string", st('{"a":{"dtype":3,"shape":[1],"data_offsets":[0,1]}}', 1), "UNKNOWN_DTYPE"],
  ["entry not an object", st('{"a":[1,2]}'), "HEADER_INVALID"],
  ["negative dim", st(`{${f32("a", [-1], 0, 4)}}`, 4), "INVALID_SHAPE"],
  ["fractional dim", st(`{${f32("a", [1.5], 0, 4)}}`, 4), "INVALID_SHAPE"],
  ["shape not an array", st('{"a":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}', 8), "INVALID_SHAPE"],
  ["shape product overflow", st(`{${f32("a", [2 ** 40, 2 ** 40], 0, 4)}}`, 4), "SHAPE_OVERFLOW"],
  ["offsets of length 1", st('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4]}}', 4), "INVALID_OFFSETS"],
  ["negative offset", st(`{${f32("a", [1], -4, 0)}}`, 4), "INVALID_OFFSETS"],
  ["end before begin", st(`{${f32("a", [0], 4, 0)}}`, 4), "INVALID_OFFSETS"],
  ["byte count ≠ numel × itemsize", st(`{${f32("a", [2], 0, 4)}}`, 4), "SIZE_MISMATCH"],
  ["overlapping tensors", st(`{${f32("a", [2], 0, 8)},${f32("b", [2], 4, 12)}}`, 12), "OVERLAPPING_OFFSETS"],
  ["gap between tensors", st(`{${f32("a", [1], 0, 4)},${f32("b", [1], 8, 12)}}`, 12), "INVALID_OFFSETS"],
  ["trailing data bytes", st(`{${f32("a", [1], 0, 4)}}`, 8), "INCOMPLETE_BUFFER"],
  ["truncated data", st(`{${f32("a", [4], 0, 16)}}`, 8), "TRUNCATED"],
  ["metadata not an object", st('{"__metadata__":"x"}'), "INVALID_METADATA"],
  ["metadata value a number", st('{"__metadata__":{"k":1}}'), "INVALID_METADATA"],
  ["too many dims", st(`{${f32("a", new Array(65).fill(1), 0, 4)}}`, 4), "INVALID_SHAPE"],
  ["antorcha object not JSON", st('{"__metadata__":{"antorcha":"{","antorcha.version":"1"}}'), "INVALID_OBJECT"],
  [
    "antorcha object names a missing tensor",
    st('{"__metadata__":{"antorcha":"{\\"$tensor\\":\\"w\\"}","antorcha.version":"1"}}'),
    "INVALID_OBJECT",
  ],
  [
    "antorcha unknown tag",
    st('{"__metadata__":{"antorcha":"{\\"$weird\\":1}","antorcha.version":"1"}}'),
    "INVALID_OBJECT",
  ],
  [
    "antorcha bad bigint",
    st('{"__metadata__":{"antorcha":"{\\"$bigint\\":\\"1e5\\"}","antorcha.version":"1"}}'),
    "INVALID_OBJECT",
  ],
  ["antorcha unknown version", st('{"__metadata__":{"antorcha":"1","antorcha.version":"99"}}'), "INVALID_OBJECT"],
];

// A valid .pt file taken apart, to rebuild with one defect each.
const linear = fixture("linear.pt");
const dir = readZipDirectory(linear);
const parts: RawEntry[] = [...dir.values()].map((e) => ({
  name: e.name.replace(/^[^/]+\//, "archive/"),
  data: readZipEntry(linear, e).slice(),
}));
const pkl = parts.find((p) => p.name === "archive/data.pkl")!.data;
const withEntries = (f: (es: RawEntry[]) => RawEntry[]) => buildZip(f(parts.map((p) => ({ ...p })))).bytes;
const withPickle = (p: Uint8Array) =>
  withEntries((es) => es.map((e) => (e.name === "archive/data.pkl" ? { ...e, data: p } : e)));
const patched = (b: Uint8Array, at: number, bytes: number[]) => {
  const c = b.slice();
  c.set(bytes, at);
  return c;
};
const good = buildZip(parts);
/** Replaces every occurrence of the ASCII `from` by the raw bytes `to` (same length). */
const swapBytes = (b: Uint8Array, from: string, to: number[]) => {
  const c = b.slice();
  for (let i = Buffer.from(c).indexOf(from); i >= 0; i = Buffer.from(c).indexOf(from, i + 1)) c.set(to, i);
  return c;
};
const replaceAll = (src: Uint8Array, from: string, to: string) =>
  new Uint8Array(Buffer.from(Buffer.from(src).toString("latin1").split(from).join(to), "latin1"));

const ZIPS: [string, Uint8Array, string][] = [
  ["truncated to 10 bytes", good.bytes.slice(0, 10), "TRUNCATED"],
  ["end record cut off", good.bytes.slice(0, good.bytes.length - 5), "ZIP_INVALID"],
  [
    "central directory offset out of range",
    patched(good.bytes, good.eocd + 16, [0xff, 0xff, 0xff, 0x7f]),
    "ZIP_INVALID",
  ],
  ["entry count larger than the directory", patched(good.bytes, good.eocd + 8, [0xf0, 0x7f]), "ZIP_UNSUPPORTED"],
  [
    "entry count too large",
    patched(patched(good.bytes, good.eocd + 8, [0xf0, 0x7f]), good.eocd + 10, [0xf0, 0x7f]),
    "ZIP_INVALID",
  ],
  ["multi-disk archive", patched(good.bytes, good.eocd + 4, [1, 0]), "ZIP_UNSUPPORTED"],
  ["bad central header signature", patched(good.bytes, good.cdOffset, [0, 0, 0, 0]), "ZIP_INVALID"],
  ["bad local header signature", patched(good.bytes, good.locals[1]!, [0, 0, 0, 0]), "ZIP_INVALID"],
  [
    "zip64 markers without a zip64 record",
    patched(good.bytes, good.eocd + 16, [0xff, 0xff, 0xff, 0xff]),
    "ZIP_INVALID",
  ],
  [
    "entry name not UTF-8",
    swapBytes(
      withEntries((es) => [...es, { name: "archive/QQ", data: new Uint8Array(1) }]),
      "QQ",
      [0xc3, 0x28],
    ),
    "ZIP_INVALID",
  ],
  ["encrypted entry", withEntries((es) => es.map((e) => ({ ...e, flags: 1 }))), "ZIP_UNSUPPORTED"],
  ["unsupported compression method", withEntries((es) => es.map((e) => ({ ...e, method: 12 }))), "ZIP_UNSUPPORTED"],
  ["duplicate entries", withEntries((es) => [...es, es[1]!]), "ZIP_DUPLICATE_ENTRY"],
  ["no data.pkl", withEntries((es) => es.filter((e) => !e.name.endsWith("data.pkl"))), "ZIP_ENTRY_MISSING"],
  ["two data.pkl roots", withEntries((es) => [...es, { name: "other/data.pkl", data: pkl }]), "ZIP_ENTRY_MISSING"],
  ["CRC mismatch", withEntries((es) => es.map((e) => ({ ...e, crc: 1234 }))), "ZIP_CRC_MISMATCH"],
  ["missing storage entry", withEntries((es) => es.filter((e) => e.name !== "archive/data/0")), "STORAGE_MISSING"],
  [
    "storage entry too short",
    withEntries((es) => es.map((e) => (e.name === "archive/data/0" ? { ...e, data: e.data.slice(0, 4) } : e))),
    "STORAGE_INVALID",
  ],
  [
    "big-endian byteorder",
    withEntries((es) => [...es, { name: "archive/byteorder", data: enc("big") }]),
    "STORAGE_INVALID",
  ],
  ["bytes after the pickle's STOP", withPickle(cat(pkl, [0x4e])), "PICKLE_INVALID"],
  ["pickle truncated", withPickle(pkl.slice(0, pkl.length - 3)), "TRUNCATED"],
  [
    "storage numel larger than its entry",
    withPickle(patched(pkl, pkl.indexOf(0x4b, Buffer.from(pkl).indexOf("cpu")) + 1, [100])),
    "STORAGE_INVALID",
  ],
  [
    "storage type replaced by torch.Size",
    withPickle(replaceAll(pkl, "torch\nFloatStorage\n", "torch\nSize\n\n\n\n\n\n\n\n")),
    "PICKLE_INVALID",
  ],
  ["persistent id that is not a storage tuple", withPickle(replaceAll(pkl, "storage", "stor4ge")), "STORAGE_INVALID"],
  [
    "deflated entry that does not inflate",
    withEntries((es) => es.map((e) => (e.name === "archive/data.pkl" ? { ...e, method: 8, data: e.data } : e))).map(
      (x, i, a) => (i === a.length - 200 ? x ^ 0xff : x),
    ),
    "ZIP_INVALID",
  ],
  ["not a zip or pickle (random bytes)", cat([0x50, 0x4b, 3, 4], new Uint8Array(40)), "ZIP_INVALID"],
];

/** A pickle stream: PROTO 2, `body`, STOP. */
const pk = (...body: (number[] | Uint8Array)[]) => withPickle(cat([0x80, 2], ...body, [0x2e]));
const str = (s: string) => cat([0x58], new Uint8Array(new Uint32Array([enc(s).length]).buffer), enc(s));
const glob = (m: string, n: string) => enc(`c${m}\n${n}\n`);
const rebuild = (offset: number, size: number[], stride: number[]) =>
  cat(
    glob("torch._utils", "_rebuild_tensor_v2"),
    [0x28, 0x28],
    str("storage"),
    glob("torch", "FloatStorage"),
    str("0"),
    str("cpu"),
    [0x4b, 6, 0x74, 0x51, 0x4b, offset],
    [0x28, ...size.flatMap((s) => [0x4a, ...new Uint8Array(new Int32Array([s]).buffer)]), 0x74],
    [0x28, ...stride.flatMap((s) => [0x4b, s]), 0x74],
    [0x89, 0x7d, 0x74, 0x52],
  );
const withPickle6 = (p: Uint8Array) =>
  withEntries((es) =>
    es.map((e) =>
      e.name === "archive/data.pkl"
        ? { ...e, data: p }
        : e.name === "archive/data/0"
          ? { ...e, data: new Uint8Array(24) }
          : e,
    ),
  );

const legacyOk = fixture("tensors_legacy.pt");
const PICKLES: [string, Uint8Array, string][] = [
  ["empty pickle", withPickle(new Uint8Array(0)), "TRUNCATED"],
  ["no STOP", withPickle(new Uint8Array([0x80, 2, 0x4e])), "TRUNCATED"],
  ["STOP with an empty stack", pk(), "PICKLE_INVALID"],
  ["STOP with two values", pk([0x4e, 0x4e]), "PICKLE_INVALID"],
  ["POP on an empty stack", pk([0x30, 0x4e]), "PICKLE_INVALID"],
  ["APPEND to a dict", pk([0x7d, 0x4e, 0x61]), "PICKLE_INVALID"],
  ["SETITEMS with an odd count", pk([0x7d, 0x28, 0x4e, 0x75]), "PICKLE_INVALID"],
  ["SETITEM on a list", pk([0x5d, 0x4e, 0x4e, 0x73]), "PICKLE_INVALID"],
  ["BINGET of a missing memo", pk([0x68, 7]), "PICKLE_INVALID"],
  ["unknown opcode", pk([0xff]), "PICKLE_INVALID"],
  ["protocol 9", withPickle(new Uint8Array([0x80, 9, 0x4e, 0x2e])), "PICKLE_INVALID"],
  ["LONG4 of 2^31 bytes", pk([0x8b, 0, 0, 0, 0x80]), "PICKLE_INVALID"],
  ["BINUNICODE past the end", pk([0x58, 0xff, 0xff, 0xff, 0x00]), "TRUNCATED"],
  ["string not UTF-8", pk([0x8c, 2, 0xc3, 0x28]), "PICKLE_INVALID"],
  ["GLOBAL without a newline", pk(enc("ccollections OrderedDict")), "PICKLE_INVALID"],
  ["GLOBAL name too long", pk(enc(`c${"a".repeat(300)}\nb\n`)), "PICKLE_INVALID"],
  ["REDUCE on a non-global", pk([0x4e, 0x29, 0x52]), "PICKLE_INVALID"],
  ["REDUCE with non-tuple args", pk(glob("collections", "OrderedDict"), [0x5d, 0x52]), "PICKLE_INVALID"],
  ["BUILD on a list", pk([0x5d, 0x7d, 0x62]), "PICKLE_INVALID"],
  ["OrderedDict with bad args", pk(glob("collections", "OrderedDict"), [0x4b, 1, 0x85, 0x52]), "PICKLE_INVALID"],
  ["calling a dtype", pk(glob("torch", "float32"), [0x29, 0x52]), "PICKLE_INVALID"],
  [
    "_rebuild_tensor_v2 without a storage",
    pk(glob("torch._utils", "_rebuild_tensor_v2"), [0x4e, 0x4b, 0, 0x29, 0x29, 0x89, 0x4e, 0x74 - 0x74 + 0x87, 0x52]),
    "PICKLE_INVALID",
  ],
  ["tensor reaching past its storage", withPickle6(cat([0x80, 2], rebuild(0, [7], [1]), [0x2e])), "TENSOR_INVALID"],
  [
    "tensor with a stride past its storage",
    withPickle6(cat([0x80, 2], rebuild(2, [2, 2], [3, 1]), [0x2e])),
    "TENSOR_INVALID",
  ],
  ["tensor size/stride rank mismatch", withPickle6(cat([0x80, 2], rebuild(0, [2, 3], [1]), [0x2e])), "TENSOR_INVALID"],
  [
    "tensor with an offset past its storage",
    withPickle6(cat([0x80, 2], rebuild(6, [1], [1]), [0x2e])),
    "TENSOR_INVALID",
  ],
  ["POP_MARK without MARK", pk([0x4e, 0x31]), "PICKLE_INVALID"],
  ["deep nesting", pk(new Uint8Array(3000).fill(0x5d), new Uint8Array(2999).fill(0x61)), "PICKLE_INVALID"],
  ["legacy: bad magic", cat([0x80, 2, 0x8a, 0x0a], new Uint8Array(10), [0x2e]), "NOT_A_PT_FILE"],
  ["legacy: truncated", legacyOk.slice(0, legacyOk.length - 10), "TRUNCATED"],
  ["legacy: trailing bytes", cat(legacyOk, [1, 2, 3]), "STORAGE_INVALID"],
  ["legacy: cut inside the pickles", legacyOk.subarray(0, 60), "TRUNCATED"],
];

describe("malformed safetensors files", () => {
  it(`${SAFETENSORS.length} cases, each with its code`, () => {
    assert.ok(SAFETENSORS.length >= 25);
    for (const [label, bytes, code] of SAFETENSORS) expectCode(bytes, code, label);
  });
});

describe("malformed .pt zip files", () => {
  it("the rebuilt valid file loads", () => {
    const sd = io.loadFromBytes(good.bytes) as Record<string, torch.Tensor>;
    assert.deepEqual(Object.keys(sd), ["weight", "bias"]);
  });
  it(`${ZIPS.length} cases, each with its code`, () => {
    assert.ok(ZIPS.length >= 25);
    for (const [label, bytes, code] of ZIPS) expectCode(bytes, code, label);
  });
});

describe("malformed pickles and legacy files", () => {
  it(`${PICKLES.length} cases, each with its code`, () => {
    assert.ok(PICKLES.length >= 25);
    for (const [label, bytes, code] of PICKLES) expectCode(bytes, code, label);
  });
  it("a stride-0 tensor of 2^31 elements over a 6-element storage loads as a view (as PyTorch's expand)", () => {
    const t = io.loadFromBytes(withPickle6(cat([0x80, 2], rebuild(0, [0x7fffffff], [0]), [0x2e]))) as torch.Tensor;
    assert.deepEqual(t.shape, [0x7fffffff]);
    assert.deepEqual(t.stride(), [0]);
    assert.equal(t.storage.data.length, 6);
  });
});
