/**
 * `.pt` files holding NumPy data (scripts/fixtures/pt_numpy.py, written by PyTorch 1.13 and
 * NumPy 1.24): NumPy scalars load as numbers / bigints / booleans, dtypes as dtype names,
 * ndarrays as tensors of the same dtype, shape and values (Fortran order and big-endian data
 * included), in zip and legacy files; the book's checkpoint (losses as NumPy float64 scalars)
 * loads into StepByStep and resumes to PyTorch's numbers.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import * as torch from "../../src/index.js";
import { dataPreparation, generateData, modelConfiguration } from "../../examples/book/chapter2.1.js";

const { Tensor, io, StepByStep } = torch;
const fixture = (name: string) => new URL(`../fixtures/io/${name}`, import.meta.url).pathname;

type Enc = number | boolean | { bigint: string } | { dtype: string; shape: number[]; values: (number | string)[] };
const expected = JSON.parse(readFileSync(fixture("numpy-expected.json"), "utf8")) as {
  scalars: Record<string, Enc>;
  arrays: Record<string, { dtype: string; shape: number[]; values: (number | boolean | string)[] }>;
  dtypes: Record<string, { dtypeObject: string }>;
  bookLosses: number[];
  bookValLosses: number[];
  weightsOnly: Record<string, string>;
};
const stepbystep = JSON.parse(
  readFileSync(new URL("../fixtures/examples/stepbystep.json", import.meta.url), "utf8"),
) as { split: { resumed: { losses: number[]; valLosses: number[]; weight: number; bias: number } } };

interface Values {
  scalars: Record<string, unknown>;
  arrays: Record<string, InstanceType<typeof Tensor>>;
  dtypes: Record<string, unknown>;
  tensor: InstanceType<typeof Tensor>;
  list: unknown[];
}

function checkValues(v: Values): void {
  for (const [k, want] of Object.entries(expected.scalars)) {
    const got = v.scalars[k];
    if (typeof want === "object" && "bigint" in want) assert.equal(got, BigInt(want.bigint), `scalar ${k}`);
    else assert.equal(got, want, `scalar ${k}`);
  }
  for (const [k, want] of Object.entries(expected.arrays)) {
    const t = v.arrays[k]!;
    assert.ok(t instanceof Tensor, `array ${k} is a Tensor`);
    assert.equal(t.dtype, want.dtype, `array ${k} dtype`);
    assert.deepEqual([...t.shape], want.shape, `array ${k} shape`);
    const got = t.reshape([-1]).tolist() as (number | boolean)[];
    assert.deepEqual(got, want.values, `array ${k} values`);
  }
  for (const [k, want] of Object.entries(expected.dtypes)) assert.equal(v.dtypes[k], want.dtypeObject, `dtype ${k}`);
  assert.deepEqual(v.tensor.tolist(), [1, 2]);
  assert.deepEqual(v.list, [1.5, 2, false]);
}

describe("torch.load: NumPy scalars, dtypes and ndarrays", () => {
  test("zip file: every scalar, array and dtype as NumPy wrote it", () => {
    checkValues(torch.load(fixture("numpy_values.pt")) as Values);
  });

  test("legacy file (_use_new_zipfile_serialization=False): the same values", () => {
    checkValues(torch.load(fixture("numpy_values_legacy.pt")) as Values);
  });

  test("Fortran-ordered and big-endian arrays come back in NumPy's element order, contiguous", () => {
    const v = torch.load(fixture("numpy_values.pt")) as Values;
    const f = v.arrays.fortran!;
    assert.deepEqual(f.tolist(), [
      [0, 1, 2],
      [3, 4, 5],
    ]);
    assert.equal(f.isContiguous(), true);
    assert.deepEqual(v.arrays.bigendian!.tolist(), [1.5, -2.25]);
    assert.deepEqual([...v.arrays.scalar0d!.shape], []);
    assert.equal(v.arrays.scalar0d!.item(), 4.5);
  });

  test("PyTorch 1.13's weights_only loader refuses these files (antorcha loads them as plain data)", () => {
    // recorded by the fixture script: 1.13 allows no numpy global and not even BINFLOAT
    assert.match(expected.weightsOnly["numpy_values.pt"]!, /Unsupported class numpy\.core\.multiarray\.scalar/);
    assert.match(expected.weightsOnly["numpy_book_checkpoint.pt"]!, /Unsupported operand/);
  });
});

describe("the book's checkpoint with NumPy float64 losses", () => {
  test("torch.load gives the losses as numbers", () => {
    const ck = torch.load(fixture("numpy_book_checkpoint.pt")) as Record<string, unknown>;
    assert.equal(ck.epoch, 10);
    assert.deepEqual(ck.loss, expected.bookLosses);
    assert.deepEqual(ck.val_loss, expected.bookValLosses);
    for (const x of ck.loss as unknown[]) assert.equal(typeof x, "number");
    assert.ok((ck.model_state_dict as Record<string, unknown>)["0.weight"] instanceof Tensor);
  });

  test("io.loadFromBytes reads the same bytes", () => {
    const ck = io.loadFromBytes(readFileSync(fixture("numpy_book_checkpoint.pt"))) as Record<string, unknown>;
    assert.deepEqual(ck.loss, expected.bookLosses);
  });

  test("StepByStep.loadCheckpoint accepts it and train resumes to PyTorch's numbers", () => {
    const { x, y } = generateData();
    const { trainLoader, valLoader } = dataPreparation(x, y);
    const { model, optimizer, lossFn } = modelConfiguration();
    const sbs = new StepByStep(model, lossFn, optimizer);
    sbs.setLoaders(trainLoader, valLoader);
    sbs.loadCheckpoint(fixture("numpy_book_checkpoint.pt"));
    assert.equal(sbs.totalEpochs, 10);
    assert.deepEqual(sbs.losses, expected.bookLosses);
    assert.deepEqual(sbs.valLosses, expected.bookValLosses);
    sbs.train(10);
    // PyTorch: the same checkpoint resumed by the book's class (examples_stepbystep.py, split.resumed);
    // float32 batch sums differ in the last bits (see test/examples/stepbystep.test.ts): 2**-19 relative
    const want = stepbystep.split.resumed;
    assert.equal(sbs.losses.length, 20);
    for (let i = 0; i < 20; i++) {
      const d = Math.abs(sbs.losses[i]! - want.losses[i]!) / want.losses[i]!;
      assert.ok(d <= 2 ** -19, `loss[${i}]: ${sbs.losses[i]} vs PyTorch ${want.losses[i]}`);
      const dv = Math.abs(sbs.valLosses[i]! - want.valLosses[i]!) / want.valLosses[i]!;
      assert.ok(dv <= 2 ** -19, `valLoss[${i}]: ${sbs.valLosses[i]} vs PyTorch ${want.valLosses[i]}`);
    }
    const fc = model.children()[0] as torch.nn.Linear;
    const w = fc.weight.item() as number;
    const b = fc.bias!.item() as number;
    assert.ok(Math.abs(w - want.weight) <= 2 * 2 ** -23 * Math.abs(want.weight), `weight ${w} vs ${want.weight}`);
    assert.ok(Math.abs(b - want.bias) <= 2 * 2 ** -23 * Math.abs(want.bias) * 2, `bias ${b} vs ${want.bias}`);
  });
});
