/**
 * Bad input to the loaders and state-dict loaders (io, IDX/MNIST, optimizer and scheduler
 * `loadStateDict`, checkpoints): each row calls the API wrongly and asserts the error class and
 * the `[op]` message. Plus: `loadCheckpoint` changes nothing unless everything loads.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import * as torch from "../../src/index.js";
import { readIdx } from "../../src/data/datasets/idx.js";
import { buildZip } from "../io/zip-builder.js";
import type { OptimizerStateDict } from "../../src/optim/index.js";

const { io, nn, optim } = torch;
const { datasets } = torch.data;
const S = optim.lrScheduler;
const { IdxFormatError, DatasetError } = datasets;

// ---- builders -----------------------------------------------------------------------------------
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
/** A `.pt` zip holding pickle `body` (PROTO 2 … STOP) and a 6-float storage "0". */
const pt = (body: (number[] | Uint8Array)[], extra: { name: string; data: Uint8Array; method?: number }[] = []) =>
  buildZip([
    { name: "archive/data.pkl", data: cat([0x80, 2], ...body, [0x2e]) },
    { name: "archive/data/0", data: new Uint8Array(24) },
    ...extra,
  ]);
const str = (s: string) => cat([0x58], new Uint8Array(new Uint32Array([enc(s).length]).buffer), enc(s));
const glob = (m: string, n: string) => enc(`c${m}\n${n}\n`);
const rebuild = (key: string, offset: number, size: number[], stride: number[]) =>
  cat(
    glob("torch._utils", "_rebuild_tensor_v2"),
    [0x28, 0x28],
    str("storage"),
    glob("torch", "FloatStorage"),
    str(key),
    str("cpu"),
    [0x4b, 6, 0x74, 0x51, 0x4b, offset],
    [0x28, ...size.flatMap((s) => [0x4b, s]), 0x74],
    [0x28, ...stride.flatMap((s) => [0x4b, s]), 0x74],
    [0x89, 0x7d, 0x74, 0x52],
  );
const idx = (type: number, dims: number[], dataLen: number) => {
  const b = Buffer.alloc(4 + 4 * dims.length + dataLen);
  b[2] = type;
  b[3] = dims.length;
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return new Uint8Array(b);
};

const dir = mkdtempSync(join(tmpdir(), "antorcha-errors-io-"));
const aFile = join(dir, "plain.txt");
writeFileSync(aFile, "not a folder");

function adam(amsgrad = false) {
  const w = torch.zeros([2], { requiresGrad: true });
  const opt = new optim.Adam([w], { lr: 0.1, amsgrad });
  w.sum().backward();
  opt.step();
  return opt;
}
function sgd() {
  const w = torch.zeros([2], { requiresGrad: true });
  return new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
}
/** `f(sd)` on a fresh Adam state dict, then loads it into a fresh Adam. */
const adamWith =
  (f: (sd: OptimizerStateDict) => void, amsgrad = false) =>
  () => {
    const sd = adam(amsgrad).stateDict();
    f(sd);
    adam(amsgrad).loadStateDict(sd);
  };
const stepLrWith = (f: (sd: Record<string, unknown>) => void) => () => {
  const s = new S.StepLR(sgd(), 3);
  const sd = s.stateDict();
  f(sd);
  new S.StepLR(sgd(), 3).loadStateDict(sd);
};

/** A checkpoint of a Linear(2, 1) + SGD(momentum) written to `name`, after `tamper` edits it. */
function ckpt(name: string, tamper: (c: Record<string, unknown>) => void): string {
  const model = new nn.Linear(2, 1);
  const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const path = join(dir, name);
  io.saveCheckpoint(path, { model, optimizer: opt });
  const c = io.load(path) as Record<string, unknown>;
  tamper(c);
  io.save(c, path);
  return path;
}
const fresh = () => {
  const model = new nn.Linear(2, 1);
  return { model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }) };
};

type Ctor = abstract new (...a: never[]) => Error;
const CASES: [string, () => unknown, Ctor, RegExp][] = [
  // safetensors
  [
    "deserialize of a string",
    () => io.deserialize("abc" as never),
    io.SafetensorsError,
    /^\[safetensors\] expected a Uint8Array: got string$/,
  ],
  [
    "safetensors of 7 bytes",
    () => io.deserialize(new Uint8Array(7)),
    io.SafetensorsError,
    /^\[safetensors\] file is 7 bytes: expected at least 8 \(the header length\)$/,
  ],
  [
    "header length over the cap",
    () => io.deserialize(cat(u64(100_000_001n), enc("{}"))),
    io.SafetensorsError,
    /^\[safetensors\] header length 100000001 exceeds the 100000000-byte cap$/,
  ],
  [
    "header not JSON",
    () => io.deserialize(st('{"a":')),
    io.SafetensorsError,
    /^\[safetensors\] header is not valid JSON: /,
  ],
  [
    "header array of 5000 numbers",
    () => io.deserialize(st(`{"a":{"dtype":"F32","shape":[${"1,".repeat(5000)}1],"data_offsets":[0,4]}}`, 4)),
    io.SafetensorsError,
    /^\[safetensors\] header is not valid JSON: array longer than 4096 elements at position \d+$/,
  ],
  [
    "header nested 100 deep",
    () => io.deserialize(st(`{"a":${"[".repeat(100)}${"]".repeat(100)}}`)),
    io.SafetensorsError,
    /^\[safetensors\] header is not valid JSON: nesting deeper than 64 at position \d+$/,
  ],
  [
    "duplicate tensor name",
    () =>
      io.deserialize(
        st(
          '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
          8,
        ),
      ),
    io.SafetensorsError,
    /^\[safetensors\] duplicate key "a" in header$/,
  ],
  [
    "unknown dtype",
    () => io.deserialize(st('{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}', 1)),
    io.SafetensorsError,
    /^\[safetensors\] tensor "a" has unsupported dtype "F8_E4M3": expected one of /,
  ],
  [
    "negative dim",
    () => io.deserialize(st('{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', 4)),
    io.SafetensorsError,
    /^\[safetensors\] tensor "a" has shape \[-1\]: expected an array of non-negative integers$/,
  ],
  [
    "byte size mismatch",
    () => io.deserialize(st('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', 4)),
    io.SafetensorsError,
    /^\[safetensors\] tensor "a" has 4 bytes: expected 8 \(2 elements × 4 bytes of F32\)$/,
  ],
  [
    "metadata value not a string",
    () => io.deserialize(st('{"__metadata__":{"k":1}}')),
    io.SafetensorsError,
    /^\[safetensors\] metadata value of "k" must be a string: got number$/,
  ],
  // load / loadFromBytes arguments
  [
    "loadFromBytes(123)",
    () => io.loadFromBytes(123 as never),
    TypeError,
    /^\[loadFromBytes\] bytes must be a Uint8Array: got 123$/,
  ],
  [
    "loadFromBytes snake_case option",
    () => io.loadFromBytes(new Uint8Array(8), { max_inflate_bytes: 1 } as never),
    TypeError,
    /^\[loadFromBytes\] unknown option "max_inflate_bytes": did you mean "maxInflateBytes"\?$/,
  ],
  ["load(42)", () => io.load(42 as never), TypeError, /^\[load\] path must be a string: got 42$/],
  [
    "load with a misspelt option",
    () => io.load(aFile, { maxInflateRatoi: 5 } as never),
    TypeError,
    /^\[load\] unknown option "maxInflateRatoi": did you mean "maxInflateRatio"\?$/,
  ],
  // .pt files
  [
    "loadTorchPt of 3 bytes",
    () => io.loadTorchPt(new Uint8Array([1, 2, 3])),
    io.TorchPtError,
    /^\[torch\.load\] not a PyTorch file: expected a zip archive or a legacy pickle stream$/,
  ],
  [
    "loadTorchPt of a string",
    () => io.loadTorchPt("m.pt" as never),
    io.TorchPtError,
    /^\[torch\.load\] expected the file's bytes as a Uint8Array: got string$/,
  ],
  [
    "loadTorchPt snake_case option",
    () => io.loadTorchPt(new Uint8Array(4), { max_inflate_ratio: 5 } as never),
    TypeError,
    /^\[loadTorchPt\] unknown option "max_inflate_ratio": did you mean "maxInflateRatio"\?$/,
  ],
  [
    "zip without data.pkl",
    () => io.loadFromBytes(buildZip([{ name: "archive/x", data: new Uint8Array(1) }]).bytes),
    io.TorchPtError,
    /^\[torch\.load\] expected one <root>\/data\.pkl entry: found 0$/,
  ],
  [
    "pickle naming os.system",
    () => io.loadFromBytes(pt([glob("os", "system"), [0x29, 0x52]]).bytes),
    io.UnsafePickleError,
    /^\[torch\.load\] pickle refers to the global os\.system, which is not on the allowlist/,
  ],
  [
    "tensor past its storage",
    () => io.loadFromBytes(pt([rebuild("0", 0, [7], [1])]).bytes),
    io.TorchPtError,
    /^\[torch\.load\] size \[7\], stride \[1\] and offset 0 reach element 6 of a 6-element storage$/,
  ],
  [
    "tensor offset past its storage",
    () => io.loadFromBytes(pt([rebuild("0", 6, [1], [1])]).bytes),
    io.TorchPtError,
    /^\[torch\.load\] size \[1\], stride \[1\] and offset 6 reach element 6 of a 6-element storage$/,
  ],
  [
    "storage entry missing",
    () => io.loadFromBytes(pt([rebuild("9", 0, [1], [1])]).bytes),
    io.TorchPtError,
    /^\[torch\.load\] storage "9" has no archive\/data\/9 entry$/,
  ],
  [
    "dict keys 1 and '1' collide",
    () => io.loadFromBytes(pt([[0x7d, 0x28, 0x4b, 1, 0x4e], str("1"), [0x4e, 0x75]]).bytes),
    io.TorchPtError,
    /^\[torch\.load\] dict keys 1 and "1" both become the property "1"$/,
  ],
  [
    "dict key that is a dtype",
    () => io.loadFromBytes(pt([[0x7d], glob("torch", "float32"), [0x4e, 0x73]]).bytes),
    io.TorchPtError,
    /^\[torch\.load\] dict key of type torch\.float32 cannot become a property name: expected str, int, float, bool, None or a tuple of them$/,
  ],
  [
    "deflated storage over maxInflateBytes",
    () =>
      io.loadFromBytes(pt([[0x4e]], [{ name: "archive/data/1", data: new Uint8Array(4000), method: 8 }]).bytes, {
        maxInflateBytes: 100,
      }),
    io.TorchPtError,
    /^\[torch\.load\] deflated zip entries: 4000 bytes declared from \d+ compressed bytes, over the inflation budget of 100 bytes \(raise it with the maxInflateBytes \/ maxInflateRatio options or ANTORCHA_MAX_INFLATE_BYTES \/ ANTORCHA_MAX_INFLATE_RATIO\)$/,
  ],
  [
    "maxInflateBytes of 0",
    () => io.loadFromBytes(pt([[0x4e]]).bytes, { maxInflateBytes: 0 }),
    io.TorchPtError,
    /^\[torch\.load\] maxInflateBytes must be a positive number: got 0$/,
  ],
  [
    "deflated storage inflating past its declared size",
    () => {
      // storage "1" is declared as 24 bytes (6 floats) but its deflated data holds 4000
      const z = pt([rebuild("1", 0, [1], [1])], [{ name: "archive/data/1", data: new Uint8Array(4000), method: 8 }]);
      const dv = new DataView(z.bytes.buffer);
      let p = z.cdOffset; // the third central-directory entry is archive/data/1
      for (let i = 0; i < 2; i++) p += 46 + dv.getUint16(p + 28, true);
      dv.setUint32(p + 24, 24, true);
      return io.loadFromBytes(z.bytes);
    },
    io.TorchPtError,
    /^\[torch\.load\] entry "archive\/data\/1" inflates past its declared 24 bytes$/,
  ],
  [
    "byteorder big",
    () => io.loadFromBytes(pt([[0x4e]], [{ name: "archive/byteorder", data: enc("big") }]).bytes),
    io.TorchPtError,
    /^\[torch\.load\] byteorder "big" is not supported: expected "little"$/,
  ],
  // IDX
  ["readIdx(42)", () => readIdx(42 as never), TypeError, /^\[readIdx\] expected a path or a Uint8Array: got number$/],
  [
    "readIdx misspelt option",
    () => readIdx(idx(8, [1], 1), { nam: "x" } as never),
    TypeError,
    /^\[readIdx\] unknown option "nam": did you mean "name"\?$/,
  ],
  [
    "IDX empty",
    () => readIdx(new Uint8Array(0)),
    IdxFormatError,
    /^\[readIdx\] <buffer>: file is empty: expected an IDX header$/,
  ],
  [
    "IDX bad magic",
    () => readIdx(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 1, 0])),
    IdxFormatError,
    /^\[readIdx\] <buffer>: bad magic: got bytes 0x01 0x00, expected 0x00 0x00$/,
  ],
  [
    "IDX unknown type",
    () => readIdx(idx(0x0a, [1], 1)),
    IdxFormatError,
    /^\[readIdx\] <buffer>: unknown type code 0x0A: expected one of 08 09 0B 0C 0D 0E$/,
  ],
  [
    "IDX truncated data",
    () => readIdx(idx(8, [10], 3)),
    IdxFormatError,
    /^\[readIdx\] <buffer>: data truncated: got 3 bytes, expected 10 for shape \[10\] of uint8$/,
  ],
  [
    "IDX trailing bytes",
    () => readIdx(idx(8, [2], 5)),
    IdxFormatError,
    /^\[readIdx\] <buffer>: 3 unexpected trailing bytes after 2 bytes of data for shape \[2\]$/,
  ],
  [
    "gzip IDX with trailing data",
    () => readIdx(gzipSync(idx(8, [2], 500))),
    IdxFormatError,
    /^\[readIdx\] <buffer>: gzip data inflates past the 10 bytes its IDX header declares \(trailing data\)$/,
  ],
  [
    "gzip IDX over maxInflateBytes",
    () => readIdx(gzipSync(idx(8, [5000], 5000)), { maxInflateBytes: 1000 }),
    IdxFormatError,
    /^\[readIdx\] <buffer>: gzip data: 5008 bytes declared from \d+ compressed bytes, over the inflation budget of 1000 bytes/,
  ],
  [
    "gzip IDX corrupt",
    () => readIdx(cat([0x1f, 0x8b, 8, 0], new Uint8Array(20).fill(0xff))),
    IdxFormatError,
    /^\[readIdx\] <buffer>: corrupt gzip data \(/,
  ],
  [
    "gzip IDX, maxInflateRatio 0",
    () => readIdx(gzipSync(idx(8, [1], 1)), { maxInflateRatio: 0 }),
    IdxFormatError,
    /^\[readIdx\] <buffer>: maxInflateRatio must be a positive number: got 0$/,
  ],
  [
    "IDX file missing",
    () => readIdx(join(dir, "nope.idx")),
    IdxFormatError,
    /^\[readIdx\] .*nope\.idx: cannot read file \(ENOENT\)$/,
  ],
  // optimizer state dicts
  [
    "Adam lr 'abc'",
    adamWith((sd) => (sd.param_groups[0]!.lr = "abc")),
    TypeError,
    /^\[Adam\] loadStateDict: param_groups\[0\]\.lr must be a number: got "abc"$/,
  ],
  [
    "Adam lr -1",
    adamWith((sd) => (sd.param_groups[0]!.lr = -1)),
    RangeError,
    /^\[Adam\] loadStateDict: param_groups\[0\]\.lr must be >= 0: got -1$/,
  ],
  [
    "Adam eps NaN",
    adamWith((sd) => (sd.param_groups[0]!.eps = NaN)),
    RangeError,
    /^\[Adam\] loadStateDict: param_groups\[0\]\.eps must be finite: got NaN$/,
  ],
  [
    "Adam betas of one value",
    adamWith((sd) => (sd.param_groups[0]!.betas = [0.9])),
    TypeError,
    /^\[Adam\] loadStateDict: param_groups\[0\]\.betas must be an array of 2 finite numbers: got an array of length 1$/,
  ],
  [
    "Adam beta 1.5",
    adamWith((sd) => (sd.param_groups[0]!.betas = [1.5, 0.9])),
    RangeError,
    /^\[Adam\] loadStateDict: param_groups\[0\]\.betas must hold values in \[0, 1\): got \[1\.5, 0\.9\]$/,
  ],
  [
    "Adam amsgrad 'yes'",
    adamWith((sd) => (sd.param_groups[0]!.amsgrad = "yes")),
    TypeError,
    /^\[Adam\] loadStateDict: param_groups\[0\]\.amsgrad must be a boolean: got "yes"$/,
  ],
  [
    "Adam group without eps",
    adamWith((sd) => delete sd.param_groups[0]!.eps),
    TypeError,
    /^\[Adam\] loadStateDict: param_groups\[0\] is missing "eps": expected 1e-8 like the optimizer's$/,
  ],
  [
    "Adam state without exp_avg_sq",
    adamWith((sd) => delete sd.state[0]!.exp_avg_sq),
    TypeError,
    /^\[Adam\] loadStateDict: state\[0\] is missing "exp_avg_sq": expected step, exp_avg, exp_avg_sq \(Adam's state\)$/,
  ],
  [
    "Adam amsgrad state without max_exp_avg_sq",
    adamWith((sd) => delete sd.state[0]!.max_exp_avg_sq, true),
    TypeError,
    /^\[Adam\] loadStateDict: state\[0\] is missing "max_exp_avg_sq": expected step, exp_avg, exp_avg_sq, max_exp_avg_sq/,
  ],
  [
    "Adam exp_avg of the wrong shape",
    adamWith((sd) => (sd.state[0]!.exp_avg = torch.zeros([3]))),
    RangeError,
    /^\[Adam\] loadStateDict: state\[0\]\.exp_avg has shape \[3\]: expected \[2\] \(its parameter's\)$/,
  ],
  [
    "Adam exp_avg not a tensor",
    adamWith((sd) => (sd.state[0]!.exp_avg = [0, 0])),
    TypeError,
    /^\[Adam\] loadStateDict: state\[0\]\.exp_avg must be a Tensor: got an array of length 2$/,
  ],
  [
    "Adam step 'x'",
    adamWith((sd) => (sd.state[0]!.step = "x")),
    TypeError,
    /^\[Adam\] loadStateDict: state\[0\]\.step must be a finite number or a 1-element tensor: got "x"$/,
  ],
  [
    "Adam state for an unknown id",
    adamWith((sd) => (sd.state[5] = {})),
    RangeError,
    /^\[Adam\] loadStateDict: state has an entry for param id 5, which no param group lists$/,
  ],
  [
    "Adam params not ids",
    adamWith((sd) => (sd.param_groups[0]!.params = ["a"])),
    TypeError,
    /^\[Adam\] loadStateDict: param_groups\[0\]\.params must be an array of integer ids: got an array of length 1$/,
  ],
  [
    "SGD state dict null",
    () => sgd().loadStateDict(null as never),
    TypeError,
    /^\[SGD\] loadStateDict: state dict must be an object with state and param_groups: got null$/,
  ],
  [
    "SGD param_groups not an array",
    () => sgd().loadStateDict({ state: {}, param_groups: {} } as never),
    TypeError,
    /^\[SGD\] loadStateDict: param_groups must be an array: got an object$/,
  ],
  // scheduler state dicts
  [
    "StepLR unknown key 'gama'",
    stepLrWith((sd) => (sd.gama = 0.5)),
    TypeError,
    /^\[StepLR\] loadStateDict: unknown key "gama": did you mean "gamma"\?$/,
  ],
  [
    "StepLR last_epoch '3'",
    stepLrWith((sd) => (sd.last_epoch = "3")),
    TypeError,
    /^\[StepLR\] loadStateDict: "last_epoch" must be an integer >= -1: got "3"$/,
  ],
  [
    "StepLR without step_size",
    stepLrWith((sd) => delete sd.step_size),
    TypeError,
    /^\[StepLR\] loadStateDict: missing key "step_size": expected every key of stateDict\(\)$/,
  ],
  [
    "StepLR gamma NaN",
    stepLrWith((sd) => (sd.gamma = NaN)),
    RangeError,
    /^\[StepLR\] loadStateDict: "gamma" must not be NaN$/,
  ],
  [
    "StepLR base_lrs for 2 groups",
    stepLrWith((sd) => (sd.base_lrs = [0.1, 0.1])),
    RangeError,
    /^\[StepLR\] loadStateDict: "base_lrs" must list one value per param group \(1\): got an array of length 2$/,
  ],
  [
    "SequentialLR with one scheduler state for two",
    () => {
      const o = sgd();
      const s = new S.SequentialLR(o, [new S.StepLR(o, 2), new S.ExponentialLR(o, 0.9)], [3]);
      const sd = s.stateDict();
      (sd._schedulers as unknown[]).pop();
      s.loadStateDict(sd);
    },
    TypeError,
    /^\[SequentialLR\] loadStateDict: "_schedulers" must list 2 state dicts: got 1$/,
  ],
  // checkpoints
  [
    "loadCheckpoint(42)",
    () => io.loadCheckpoint(42 as never),
    TypeError,
    /^\[loadCheckpoint\] path must be a string: got 42$/,
  ],
  [
    "loadCheckpoint parts typo",
    () => io.loadCheckpoint(aFile, { modl: {} } as never),
    TypeError,
    /^\[loadCheckpoint\] unknown option "modl": did you mean "model"\?$/,
  ],
  [
    "loadCheckpoint snake_case option",
    () => io.loadCheckpoint(aFile, {}, { restore_rng: false } as never),
    TypeError,
    /^\[loadCheckpoint\] unknown option "restore_rng": did you mean "restoreRng"\?$/,
  ],
  [
    "loadCheckpoint model without loadStateDict",
    () => io.loadCheckpoint(aFile, { model: {} as never }),
    TypeError,
    /^\[loadCheckpoint\] parts\.model must have stateDict\(\) and loadStateDict\(\): got an object$/,
  ],
  [
    "loadCheckpoint missing file",
    () => io.loadCheckpoint(join(dir, "none.ckpt")),
    io.CheckpointError,
    /^\[checkpoint\] no checkpoint at ".*none\.ckpt"$/,
  ],
  [
    "saveCheckpoint info typo",
    () => io.saveCheckpoint(join(dir, "x.ckpt"), {}, { epochs: 3 } as never),
    TypeError,
    /^\[saveCheckpoint\] unknown option "epochs": did you mean "epoch"\?$/,
  ],
  [
    "checkpoint with a broken RNG state",
    () =>
      io.loadCheckpoint(
        ckpt("rng.ckpt", (c) => (c.rngState = new Uint8Array(10))),
        fresh(),
      ),
    io.CheckpointError,
    /^\[checkpoint\] ".*rng\.ckpt": rngState cannot be loaded: \[setState\] malformed generator state: got 10 bytes, expected 5056/,
  ],
  [
    "checkpoint with a model of another shape",
    () =>
      io.loadCheckpoint(
        ckpt("shape.ckpt", (c) => ((c.modelStateDict as Record<string, unknown>).weight = torch.zeros([3, 2]))),
        fresh(),
      ),
    io.CheckpointError,
    /^\[checkpoint\] ".*shape\.ckpt": modelStateDict\["weight"\] has shape \[3, 2\]: expected \[1, 2\] \(the model's\)$/,
  ],
  [
    "checkpoint with a missing weight",
    () =>
      io.loadCheckpoint(
        ckpt("missing.ckpt", (c) => delete (c.modelStateDict as Record<string, unknown>).bias),
        fresh(),
      ),
    io.CheckpointError,
    /^\[checkpoint\] ".*missing\.ckpt": modelStateDict is missing "bias"$/,
  ],
  [
    "checkpoint with lr 'abc'",
    () =>
      io.loadCheckpoint(
        ckpt("lr.ckpt", (c) => ((c.optimizerStateDict as OptimizerStateDict).param_groups[0]!.lr = "abc")),
        fresh(),
      ),
    io.CheckpointError,
    /^\[checkpoint\] ".*lr\.ckpt": optimizerStateDict cannot be loaded: \[SGD\] loadStateDict: param_groups\[0\]\.lr must be a number: got "abc"$/,
  ],
  // MNIST roots
  [
    "MNIST root missing",
    () => new datasets.MNIST({ root: join(dir, "no-such-dir") }),
    DatasetError,
    /^\[MNIST\] root ".*no-such-dir" does not exist: expected the folder holding the IDX files/,
  ],
  [
    "FashionMNIST root is a file",
    () => new datasets.FashionMNIST({ root: aFile }),
    DatasetError,
    /^\[FashionMNIST\] root ".*plain\.txt" is not a folder: expected a folder$/,
  ],
  [
    "FashionMNIST root without the files",
    () => new datasets.FashionMNIST({ root: dir }),
    DatasetError,
    /^\[FashionMNIST\] training files not found under root ".*": expected train-images-idx3-ubyte\.gz and train-labels-idx1-ubyte\.gz/,
  ],
  [
    "MNIST root 42",
    () => new datasets.MNIST({ root: 42 as never }),
    TypeError,
    /^\[MNIST\] root must be a folder path: got 42$/,
  ],
  [
    "MNIST snake_case option",
    () => new datasets.MNIST({ target_transform: null } as never),
    TypeError,
    /^\[MNIST\] unknown option "target_transform": did you mean "targetTransform"\?$/,
  ],
];

describe("io bad input: error class and [op] message", () => {
  it(`${CASES.length} cases`, () => {
    assert.ok(CASES.length >= 40);
    const failures: string[] = [];
    for (const [label, f, cls, re] of CASES) {
      try {
        f();
        failures.push(`${label}: no error`);
      } catch (e) {
        if (!(e instanceof cls)) failures.push(`${label}: expected ${cls.name}, got ${String(e)}`);
        else if (!re.test((e as Error).message))
          failures.push(`${label}: message ${JSON.stringify((e as Error).message)} !~ ${re}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});

describe("downloadUrl bad input (rejected before any network access)", () => {
  const CASES: [string, () => Promise<void>, Ctor, RegExp][] = [
    [
      "url 42",
      () => datasets.downloadUrl(42 as never, join(dir, "f")),
      TypeError,
      /^\[download\] url must be a string: got 42$/,
    ],
    [
      "dest null",
      () => datasets.downloadUrl("http://127.0.0.1:9/x", null as never),
      TypeError,
      /^\[download\] dest must be a file path: got null$/,
    ],
    [
      "timeout_ms",
      () => datasets.downloadUrl("http://127.0.0.1:9/x", join(dir, "f"), { timeout_ms: 5 } as never),
      TypeError,
      /^\[download\] unknown option "timeout_ms": did you mean "timeoutMs"\?$/,
    ],
    [
      "md5 'abc'",
      () => datasets.downloadUrl("http://127.0.0.1:9/x", join(dir, "f"), { md5: "abc" }),
      TypeError,
      /^\[download\] md5 must be 32 hex digits: got "abc"$/,
    ],
    [
      "timeoutMs 0",
      () => datasets.downloadUrl("http://127.0.0.1:9/x", join(dir, "f"), { timeoutMs: 0 }),
      RangeError,
      /^\[download\] timeoutMs must be > 0: got 0$/,
    ],
  ];
  for (const [label, f, cls, re] of CASES) {
    it(label, async () => {
      await assert.rejects(f, (e: unknown) => e instanceof cls && re.test((e as Error).message));
    });
  }
});

describe("loadCheckpoint is atomic", () => {
  const weightsOf = (m: torch.nn.Module) => Object.values(m.stateDict()).map((t) => (t as torch.Tensor).tolist());
  for (const [what, tamper] of [
    ["a broken RNG state", (c: Record<string, unknown>) => (c.rngState = new Uint8Array(10))],
    [
      "an optimizer momentum_buffer of the wrong shape",
      (c: Record<string, unknown>) => {
        const sd = c.optimizerStateDict as OptimizerStateDict;
        sd.state[0] = { momentum_buffer: torch.zeros([5]) };
      },
    ],
    ["a missing generator state", (c: Record<string, unknown>) => (c.generatorStates = {})],
  ] as const) {
    it(`${what}: the model, optimizer and global RNG are left as they were`, () => {
      const path = ckpt(`atomic-${what.length}.ckpt`, (c) => {
        ((c.modelStateDict as Record<string, torch.Tensor>).weight as torch.Tensor).fill_(7);
        tamper(c);
      });
      const parts = fresh();
      const gen = new torch.Generator().manualSeed(3);
      const before = weightsOf(parts.model);
      const lr = parts.optimizer.paramGroups[0]!.lr;
      const rng = torch.getRngState();
      assert.throws(
        () => io.loadCheckpoint(path, { ...parts, generators: { g: gen } }),
        (e: unknown) => e instanceof io.CheckpointError && e.code === "INVALID_CHECKPOINT",
      );
      assert.deepEqual(weightsOf(parts.model), before);
      assert.equal(parts.optimizer.paramGroups[0]!.lr, lr);
      assert.deepEqual(torch.getRngState(), rng);
    });
  }
  it("a valid checkpoint loads everything", () => {
    const path = ckpt("ok.ckpt", (c) =>
      ((c.modelStateDict as Record<string, torch.Tensor>).weight as torch.Tensor).fill_(7),
    );
    const parts = fresh();
    io.loadCheckpoint(path, parts);
    assert.deepEqual((parts.model.weight as torch.Tensor).tolist(), [[7, 7]]);
  });
});
