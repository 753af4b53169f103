/**
 * Bad input to the NumPy part of the restricted unpickler (src/io/torch-pt.ts): NumPy globals
 * that are not plain data stay rejected as unsafe; malformed scalars, dtypes and ndarrays throw
 * `TorchPtError` with the `[torch.load]` message. Each row is a bare pickle built by hand.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";

const { io } = torch;
const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]) => {
  const arrs = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p)));
  const out = new Uint8Array(arrs.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrs) out.set(a, (at += a.length) - a.length);
  return out;
};
/** PROTO 2, the body, STOP. */
const pkl = (...body: (Uint8Array | number[])[]) => cat([0x80, 2], ...body, [0x2e]);
const glob = (m: string, n: string) => enc(`c${m}\n${n}\n`);
const str = (s: string) => cat([0x58], new Uint8Array(new Uint32Array([enc(s).length]).buffer), enc(s));
const bytes = (b: number[]) => cat([0x43, b.length], b);
const NONE = [0x4e];
const int = (n: number) => cat([0x4a], new Uint8Array(new Int32Array([n]).buffer));
/** numpy.dtype(code, False, True) with its BUILD state (version 3, byte order, no fields). */
const dtype = (code: string, order = "<", fields: (Uint8Array | number[])[] = [NONE, NONE, NONE]) =>
  cat(
    glob("numpy", "dtype"),
    str(code),
    [0x89, 0x88, 0x87, 0x52, 0x28, 0x4b, 3],
    str(order),
    ...fields,
    int(-1),
    int(-1),
    [0x4b, 0, 0x74, 0x62],
  );
const scalar = (d: Uint8Array, data: Uint8Array) => cat(glob("numpy.core.multiarray", "scalar"), d, data, [0x86, 0x52]);
/** _reconstruct(ndarray, (0,), b"b") then BUILD with (1, shape, dtype, fortran, data). */
const ndarray = (shape: number[], d: Uint8Array, data: Uint8Array | number[], cls = glob("numpy", "ndarray")) =>
  cat(
    glob("numpy.core.multiarray", "_reconstruct"),
    cls,
    [0x4b, 0, 0x85],
    bytes([0x62]),
    [0x87, 0x52, 0x28, 0x4b, 1, 0x28, ...shape.flatMap((s) => [0x4b, s]), 0x74],
    d,
    [0x89],
    data,
    [0x74, 0x62],
  );
const call0 = (m: string, n: string, ...args: (Uint8Array | number[])[]) =>
  cat(glob(m, n), [0x28], ...args, [0x74, 0x52]);

const f8 = new Array<number>(8).fill(0);
const rows: [string, Uint8Array, string, RegExp][] = [
  [
    "numpy.load is not plain data",
    pkl(call0("numpy", "load", str("x.npy"))),
    "PICKLE_GLOBAL_NOT_ALLOWED",
    /the global numpy\.load, which is not on the allowlist \(tensor rebuild functions, storages, dtypes, OrderedDict, NumPy scalars, dtypes and arrays\)/,
  ],
  [
    "numpy.core.multiarray.frombuffer",
    pkl(call0("numpy.core.multiarray", "frombuffer", bytes(f8))),
    "PICKLE_GLOBAL_NOT_ALLOWED",
    /the global numpy\.core\.multiarray\.frombuffer, which/,
  ],
  [
    "numpy.testing runstring runs code",
    pkl(call0("numpy.testing._private.utils", "runstring", str("1"), NONE)),
    "PICKLE_GLOBAL_NOT_ALLOWED",
    /numpy\.testing\._private\.utils\.runstring/,
  ],
  [
    "_codecs.decode",
    pkl(call0("_codecs", "decode", bytes([1]), str("latin1"))),
    "PICKLE_GLOBAL_NOT_ALLOWED",
    /the global _codecs\.decode/,
  ],
  [
    "builtins.eval beside bytes",
    pkl(call0("builtins", "eval", str("1"))),
    "PICKLE_GLOBAL_NOT_ALLOWED",
    /the global builtins\.eval/,
  ],
  [
    "numpy.core.multiarray scalar with 4 bytes for f8",
    pkl(scalar(dtype("f8"), bytes([0, 0, 0, 0]))),
    "PICKLE_INVALID",
    /^\[torch\.load\] numpy float64 scalar has 4 bytes: expected 8$/,
  ],
  [
    "bool scalar with no bytes",
    pkl(scalar(dtype("b1", "|"), bytes([]))),
    "PICKLE_INVALID",
    /numpy bool scalar has 0 bytes: expected 1$/,
  ],
  [
    "scalar of a string, not a dtype",
    pkl(scalar(str("f8"), bytes(f8))),
    "PICKLE_INVALID",
    /numpy scalar needs \(numpy\.dtype, bytes\)$/,
  ],
  [
    "scalar with text instead of bytes",
    pkl(scalar(dtype("f8"), str("abcdefgh"))),
    "PICKLE_INVALID",
    /numpy scalar needs \(numpy\.dtype, bytes\)$/,
  ],
  [
    "object dtype",
    pkl(dtype("O8", "|")),
    "PICKLE_INVALID",
    /numpy dtype "O8" has no tensor dtype: expected one of f8, f4, f2, i8, i4, i2, i1, u1, b1$/,
  ],
  ["unicode string dtype", pkl(dtype("U5")), "PICKLE_INVALID", /numpy dtype "U5" has no tensor dtype/],
  ["complex dtype", pkl(dtype("c16")), "PICKLE_INVALID", /numpy dtype "c16" has no tensor dtype/],
  [
    "dtype spelled as NumPy's name",
    pkl(dtype("float64")),
    "PICKLE_INVALID",
    /numpy dtype "float64" has no tensor dtype/,
  ],
  ["unsigned 16-bit dtype", pkl(dtype("u2")), "PICKLE_INVALID", /numpy dtype "u2" has no tensor dtype/],
  [
    "bad byte order",
    pkl(dtype("f8", "?")),
    "PICKLE_INVALID",
    /numpy dtype byte order must be one of < > \| =: got "\?"$/,
  ],
  [
    "structured dtype (fields)",
    pkl(dtype("f8", "<", [NONE, [0x7d], NONE])),
    "PICKLE_INVALID",
    /numpy dtype "f8" has fields or a subarray: only plain dtypes load$/,
  ],
  [
    "numpy.dtype with one argument",
    pkl(call0("numpy", "dtype", str("f8"))),
    "PICKLE_INVALID",
    /numpy\.dtype needs \(code, align, copy\): got 1 arguments$/,
  ],
  [
    "dtype state not a tuple",
    pkl(glob("numpy", "dtype"), str("f8"), [0x89, 0x88, 0x87, 0x52, 0x4e, 0x62]),
    "PICKLE_INVALID",
    /numpy dtype state must be a \(version 3 or 4/,
  ],
  [
    "_codecs.encode with utf-8",
    pkl(call0("_codecs", "encode", str("é"), str("utf-8"))),
    "PICKLE_INVALID",
    /_codecs\.encode needs \(str, "latin1"\): got 2 arguments$/,
  ],
  [
    "_codecs.encode beyond latin1",
    pkl(call0("_codecs", "encode", str("a€"), str("latin1"))),
    "PICKLE_INVALID",
    /_codecs\.encode text has a character beyond latin1 at 1$/,
  ],
  [
    "bytes() with an argument",
    pkl(call0("builtins", "bytes", int(3))),
    "PICKLE_INVALID",
    /bytes\(\) takes no arguments here: got 1$/,
  ],
  [
    "ndarray called directly",
    pkl(call0("numpy", "ndarray", [0x4b, 2])),
    "PICKLE_INVALID",
    /numpy\.ndarray cannot be called$/,
  ],
  [
    "_reconstruct of another class",
    pkl(ndarray([2], dtype("f8"), bytes(f8), glob("numpy", "dtype"))),
    "PICKLE_INVALID",
    /numpy _reconstruct needs \(numpy\.ndarray, \(0,\), b'b'\)$/,
  ],
  [
    "ndarray data shorter than its shape",
    pkl(ndarray([3], dtype("f8"), bytes(f8))),
    "TENSOR_INVALID",
    /numpy array of shape \[3\] and dtype float64 needs 24 bytes: got 8$/,
  ],
  [
    "object array (data is a list)",
    pkl(ndarray([1], dtype("f8"), [0x5d])),
    "PICKLE_INVALID",
    /numpy f8 array data must be bytes: object arrays do not load$/,
  ],
  [
    "ndarray state of the wrong length",
    pkl(
      glob("numpy.core.multiarray", "_reconstruct"),
      glob("numpy", "ndarray"),
      [0x4b, 0, 0x85],
      bytes([0x62]),
      [0x87, 0x52, 0x28, 0x4b, 1, 0x74, 0x62],
    ),
    "PICKLE_INVALID",
    /numpy array state must be a \(version, shape, dtype, is_fortran, data\) tuple$/,
  ],
  [
    "ndarray with a negative dimension",
    pkl(
      glob("numpy.core.multiarray", "_reconstruct"),
      glob("numpy", "ndarray"),
      [0x4b, 0, 0x85],
      bytes([0x62]),
      [0x87, 0x52, 0x28, 0x4b, 1, 0x28],
      int(-1),
      [0x74],
      dtype("f8"),
      [0x89],
      bytes(f8),
      [0x74, 0x62],
    ),
    "TENSOR_INVALID",
    /numpy array shape must be a tuple of non-negative integers/,
  ],
];

describe("io: NumPy values in pickles (bad input)", () => {
  for (const [what, bytes, code, msg] of rows) {
    it(what, () => {
      assert.throws(
        () => io.restrictedUnpickle(bytes),
        (e: unknown) => {
          const cls = code.endsWith("NOT_ALLOWED") ? io.UnsafePickleError : io.TorchPtError;
          assert.ok(e instanceof cls, `${what}: ${String(e)}`);
          assert.equal((e as InstanceType<typeof io.TorchPtError>).code, code);
          assert.match((e as Error).message, /^\[torch\.load\] /);
          assert.match((e as Error).message, msg);
          return true;
        },
      );
    });
  }

  it("the well-formed versions of these pickles load", () => {
    assert.equal(io.restrictedUnpickle(pkl(scalar(dtype("f8"), bytes([0, 0, 0, 0, 0, 0, 0xf8, 0x3f])))), 1.5);
    assert.equal(io.restrictedUnpickle(pkl(scalar(dtype("f8", ">"), bytes([0x3f, 0xf8, 0, 0, 0, 0, 0, 0])))), 1.5);
    assert.equal(io.restrictedUnpickle(pkl(scalar(dtype("b1", "|"), bytes([1])))), true);
    assert.equal(io.restrictedUnpickle(pkl(dtype("i8"))), "int64");
    const t = io.restrictedUnpickle(pkl(ndarray([2], dtype("i4"), bytes([1, 0, 0, 0, 2, 0, 0, 0])))) as torch.Tensor;
    assert.deepEqual(t.tolist(), [1, 2]);
    assert.equal(t.dtype, "int32");
  });
});
