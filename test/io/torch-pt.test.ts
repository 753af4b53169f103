/** PyTorch .pt files: zip and legacy formats, checkpoints, models giving PyTorch's outputs, malicious pickles. */
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { expectedJson, FIX, fixture, hexOf } from "./helpers.js";

const { io, nn } = torch;
type Dict = Record<string, unknown>;

function checkTensors(got: Dict, exp: typeof expectedJson.tensors_pt, prefix = ""): void {
  for (const [k, e] of Object.entries(exp)) {
    const t = k
      .slice(prefix.length)
      .split(".")
      .reduce<unknown>((o, part) => (o as Dict)[part], got) as torch.Tensor;
    assert.ok(t instanceof torch.Tensor, k);
    assert.equal(t.dtype, e.dtype, k);
    assert.deepEqual([...t.shape], e.shape, k);
    assert.equal(hexOf(t), e.hex, k);
    assert.equal(t.requiresGrad, e.requiresGrad, k);
  }
}

describe("PyTorch .pt files", () => {
  it("zip format: every dtype, 0-d, 0-size, strided views of a shared storage, Parameter", () => {
    const got = torch.load(join(FIX, "tensors.pt")) as Dict;
    assert.deepEqual(Object.keys(got).sort(), Object.keys(expectedJson.tensors_pt).sort());
    checkTensors(got, expectedJson.tensors_pt);
  });

  it("legacy format (_use_new_zipfile_serialization=False) gives the same tensors", () => {
    const got = io.loadFromBytes(fixture("tensors_legacy.pt")) as Dict;
    checkTensors(got, expectedJson.tensors_pt);
  });

  it("checkpoint: numbers, big ints, strings, bools, None, tuples, lists, model and Adam state", () => {
    const ck = torch.load(join(FIX, "checkpoint.pt")) as Dict;
    assert.equal(ck.epoch, 3);
    assert.equal(ck.loss, 0.125);
    assert.equal(ck.big, 2n ** 70n);
    assert.equal(ck.neg, -5);
    assert.equal(ck.name, "run");
    assert.equal(ck.flag, true);
    assert.equal(ck.none, null);
    assert.deepEqual(ck.tuple, [1, 2.5]);
    assert.deepEqual(ck.list, [1, [2, 3]]);
    checkTensors(ck, expectedJson.checkpoint_pt);
    const opt = ck.optimizer as { param_groups: Dict[] };
    assert.equal(opt.param_groups[0]!.lr, 0.01);
    assert.deepEqual(opt.param_groups[0]!.betas, [0.9, 0.999]);
    assert.deepEqual(opt.param_groups[0]!.params, [0, 1]);
    // The PyTorch optimizer state loads into antorcha's Adam.
    const m = new nn.Linear(2, 2);
    m.loadStateDict(ck.model as Record<string, torch.Tensor>);
    const adam = new torch.optim.Adam(m.parameters(), { lr: 0.01 });
    adam.loadStateDict(ck.optimizer as never);
  });

  const cases: [string, () => torch.nn.Module][] = [
    ["linear", () => new nn.Linear(4, 3)],
    ["sequential", () => new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2))],
    [
      "cnn",
      () =>
        new nn.Sequential(
          new nn.Conv2d(1, 4, 3, { padding: 1 }),
          new nn.BatchNorm2d(4),
          new nn.ReLU(),
          new nn.MaxPool2d(2),
          new nn.Flatten(),
          new nn.Linear(36, 5),
        ),
    ],
  ];
  for (const [name, make] of cases) {
    it(`${name}: PyTorch's state dict loads into the antorcha model and gives PyTorch's outputs`, () => {
      const model = make();
      const res = model.loadStateDict(torch.load(join(FIX, `${name}.pt`)) as Record<string, torch.Tensor>);
      assert.deepEqual(res, { missingKeys: [], unexpectedKeys: [] });
      model.eval();
      const { x, y } = io.loadFile(join(FIX, `${name}_io.safetensors`));
      const out = torch.noGrad(() => model.forward(x!)) as torch.Tensor;
      assert.deepEqual([...out.shape], [...y!.shape]);
      const diff = out.sub(y!).abs().max().item() as number;
      assert.ok(diff < 1e-5, `max abs diff ${diff}`);
    });
  }
});

describe("malicious pickles", () => {
  const MARKER = "/tmp/antorcha-io-pwned";
  const files = readdirSync(join(FIX, "malicious")).sort();

  it(`the corpus of ${files.length} files is 100% rejected with typed errors and no side effect`, () => {
    assert.ok(files.length >= 30);
    for (const f of files) {
      const bytes = fixture(join("malicious", f));
      assert.throws(
        () => (f.endsWith(".pt") ? io.loadFromBytes(bytes) : io.restrictedUnpickle(bytes)),
        (e: unknown) => e instanceof io.TorchPtError && typeof e.code === "string",
        f,
      );
    }
    assert.equal(existsSync(MARKER), false);
  });

  it("names the rejected global or opcode", () => {
    const expect: Record<string, string> = {
      os_system: "posix.system",
      posix_system_global: "posix.system",
      builtins_eval: "__builtin__.eval", // protocol 2 writes Python 2 module names
      subprocess_popen: "commands.Popen",
      stack_global_system: "os.system",
      torch_load_global: "torch.load",
      inst_opcode: "INST",
      obj_opcode: "os.system",
      newobj_opcode: "NEWOBJ",
      ext1_opcode: "EXT1",
    };
    for (const [f, global] of Object.entries(expect)) {
      try {
        io.loadFromBytes(fixture(`malicious/${f}.pt`));
        assert.fail(`${f} loaded`);
      } catch (e) {
        assert.ok(e instanceof io.UnsafePickleError, `${f}: ${String(e)}`);
        assert.equal(e.global, global, f);
        assert.match(e.code, /^PICKLE_(GLOBAL|OPCODE)_NOT_ALLOWED$/);
        assert.ok(e.message.includes(global), e.message);
      }
    }
  });
});
