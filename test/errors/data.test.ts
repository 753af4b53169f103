/**
 * Bad-input table for `torch.data`: DataLoader, datasets, randomSplit, samplers, transforms,
 * collate, CSV and the synthetic generators. Each row calls the API wrongly and checks the error
 * class and the `[op]` message (ISSUE-17: nothing is silently ignored).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { exactTable } from "./table.js";

const { data } = torch;
const { transforms: T, datasets: D } = data;

const any = (v: unknown): never => v as never;
const x = torch.arange(12, { dtype: "float32" }).reshape([6, 2]);
const y = torch.arange(6);
const ds = new data.TensorDataset(x, y);
const seq = new data.SequentialSampler(ds);
const ctor = <C>(c: C): new (...a: unknown[]) => unknown => c as never;

describe("DataLoader", () => {
  exactTable([
    // the example
    [
      "batch_size",
      () => new data.DataLoader(ds, any({ batch_size: 16 })),
      TypeError,
      '[DataLoader] unknown option "batch_size": did you mean "batchSize"?',
    ],
    [
      "batch size positional",
      () => new data.DataLoader(ds, any(16)),
      TypeError,
      "[DataLoader] expected an options object as the second argument: got 16 (call it as new DataLoader(dataset, { batchSize: 16 }))",
    ],
    [
      "options null",
      () => new data.DataLoader(ds, any(null)),
      TypeError,
      "[DataLoader] expected an options object as the second argument: got null (call it as new DataLoader(dataset, { batchSize, shuffle }))",
    ],
    [
      "three arguments",
      () => new (ctor(data.DataLoader))(ds, { batchSize: 2 }, true),
      TypeError,
      /^\[DataLoader\] takes at most 2 positional arguments: got 3/,
    ],
    [
      "batchSize '16'",
      () => new data.DataLoader(ds, any({ batchSize: "16" })),
      TypeError,
      '[DataLoader] batchSize must be a positive integer or null: got "16"',
    ],
    [
      "batchSize 0",
      () => new data.DataLoader(ds, { batchSize: 0 }),
      RangeError,
      "[DataLoader] batchSize should be a positive integer value: got 0",
    ],
    [
      "batchSize 2.5",
      () => new data.DataLoader(ds, { batchSize: 2.5 }),
      RangeError,
      "[DataLoader] batchSize should be a positive integer value: got 2.5",
    ],
    [
      "shuffle 'yes'",
      () => new data.DataLoader(ds, any({ shuffle: "yes" })),
      TypeError,
      '[DataLoader] shuffle must be a boolean: got "yes"',
    ],
    [
      "drop_last",
      () => new data.DataLoader(ds, any({ drop_last: true })),
      TypeError,
      '[DataLoader] unknown option "drop_last": did you mean "dropLast"?',
    ],
    [
      "dropLast 1",
      () => new data.DataLoader(ds, any({ dropLast: 1 })),
      TypeError,
      "[DataLoader] dropLast must be a boolean: got 1",
    ],
    [
      "num_workers",
      () => new data.DataLoader(ds, any({ num_workers: 2 })),
      TypeError,
      '[DataLoader] unknown option "num_workers": did you mean "numWorkers"?',
    ],
    [
      "numWorkers '2'",
      () => new data.DataLoader(ds, any({ numWorkers: "2" })),
      TypeError,
      '[DataLoader] numWorkers must be an integer: got "2"',
    ],
    [
      "numWorkers -1",
      () => new data.DataLoader(ds, { numWorkers: -1 }),
      RangeError,
      "[DataLoader] numWorkers option should be non-negative: got -1",
    ],
    [
      "pin_memory (not supported)",
      () => new data.DataLoader(ds, any({ pin_memory: true })),
      TypeError,
      /^\[DataLoader\] unknown option "pin_memory": expected one of "batchSampler", "batchSize", "collateFn"/,
    ],
    [
      "collate_fn",
      () => new data.DataLoader(ds, any({ collate_fn: (b: unknown) => b })),
      TypeError,
      '[DataLoader] unknown option "collate_fn": did you mean "collateFn"?',
    ],
    [
      "collateFn a string",
      () => new data.DataLoader(ds, any({ collateFn: "stack" })),
      TypeError,
      '[DataLoader] collateFn must be a function: got "stack"',
    ],
    [
      "sampler a number",
      () => new data.DataLoader(ds, any({ sampler: 5 })),
      TypeError,
      "[DataLoader] sampler must be an iterable of indices (a Sampler): got 5",
    ],
    [
      "batchSampler a number",
      () => new data.DataLoader(ds, any({ batchSampler: 5 })),
      TypeError,
      "[DataLoader] batchSampler must be an iterable of index arrays (a BatchSampler): got 5",
    ],
    [
      "sampler with shuffle",
      () => new data.DataLoader(ds, { sampler: seq, shuffle: true }),
      TypeError,
      "[DataLoader] sampler option is mutually exclusive with shuffle",
    ],
    [
      "generator a seed",
      () => new data.DataLoader(ds, any({ generator: 42 })),
      TypeError,
      "[DataLoader] generator must be a torch.Generator",
    ],
    [
      "dataset a number",
      () => new data.DataLoader(any(42)),
      TypeError,
      /^\[DataLoader\] dataset must be a Dataset \(getItem and length\) or an IterableDataset: got number/,
    ],
  ]);
  it("batchSize is honoured (the issue's loader had batch size 1)", () => {
    const batches = [...new data.DataLoader(ds, { batchSize: 4 })] as torch.Tensor[][];
    assert.deepEqual(
      batches.map((b) => b[0]!.shape[0]),
      [4, 2],
    );
  });
});

describe("datasets and randomSplit", () => {
  exactTable([
    [
      "TensorDataset with an array",
      () => new data.TensorDataset(x, any([1, 2])),
      TypeError,
      "[TensorDataset] argument 1 is not a Tensor: got an array of length 2",
    ],
    [
      "TensorDataset with no tensors",
      () => new data.TensorDataset(),
      TypeError,
      "[TensorDataset] expected at least one tensor: got none",
    ],
    [
      "TensorDataset row mismatch",
      () => new data.TensorDataset(x, torch.arange(5)),
      RangeError,
      "[TensorDataset] size mismatch between tensors: got 5 rows in argument 1, expected 6",
    ],
    ["TensorDataset index 2.5", () => ds.getItem(2.5), TypeError, "[TensorDataset] index must be an integer: got 2.5"],
    [
      "Subset indices a number",
      () => new data.Subset(ds, any(3)),
      TypeError,
      "[Subset] indices must be an array of integers: got 3",
    ],
    [
      "Subset fractional index",
      () => new data.Subset(ds, [0, 1.5]),
      TypeError,
      "[Subset] indices[1] must be an integer: got 1.5",
    ],
    [
      "Subset index out of range",
      () => new data.Subset(ds, [0, 10]),
      RangeError,
      "[Subset] indices[1] = 10 is out of range for a dataset of length 6",
    ],
    [
      "Subset of a plain object",
      () => new data.Subset(any({}), [0]),
      TypeError,
      "[Subset] dataset must be a map-style Dataset (getItem and length): got an object",
    ],
    [
      "ConcatDataset of one dataset (not a list)",
      () => new data.ConcatDataset(any(ds)),
      TypeError,
      "[ConcatDataset] expected an array of datasets: got a TensorDataset (call it as new ConcatDataset([a, b]))",
    ],
    [
      "ConcatDataset []",
      () => new data.ConcatDataset([]),
      RangeError,
      "[ConcatDataset] datasets should not be an empty iterable",
    ],
    [
      "randomSplit seed option",
      () => data.randomSplit(ds, [3, 3], any({ seed: 1 })),
      TypeError,
      '[randomSplit] unknown option "seed": expected one of "generator"',
    ],
    [
      "randomSplit a fraction, not a list",
      () => data.randomSplit(ds, any(0.8)),
      TypeError,
      "[randomSplit] lengths must be a non-empty array of counts or fractions: got 0.8 (call it as randomSplit(dataset, [0.8, 0.2]))",
    ],
    [
      "randomSplit a string length",
      () => data.randomSplit(ds, any([3, "3"])),
      TypeError,
      '[randomSplit] lengths[1] must be a number: got "3"',
    ],
    [
      "randomSplit sum mismatch",
      () => data.randomSplit(ds, [3, 2]),
      RangeError,
      "[randomSplit] sum of input lengths does not equal the length of the input dataset: got 5, expected 6",
    ],
    [
      "randomSplit generator a number",
      () => data.randomSplit(ds, [3, 3], any({ generator: 42 })),
      TypeError,
      "[randomSplit] generator must be a torch.Generator: got 42",
    ],
  ]);
});

describe("samplers", () => {
  exactTable([
    [
      "SequentialSampler of a number",
      () => new data.SequentialSampler(any(5)),
      TypeError,
      "[SequentialSampler] dataSource must have a length (a Dataset or an array): got 5",
    ],
    [
      "RandomSampler num_samples",
      () => new data.RandomSampler(ds, any({ num_samples: 3 })),
      TypeError,
      '[RandomSampler] unknown option "num_samples": did you mean "numSamples"?',
    ],
    [
      "RandomSampler replacement 1",
      () => new data.RandomSampler(ds, any({ replacement: 1 })),
      TypeError,
      "[RandomSampler] replacement should be a boolean value: got 1",
    ],
    [
      "RandomSampler numSamples 0",
      () => new data.RandomSampler(ds, { numSamples: 0 }),
      RangeError,
      "[RandomSampler] numSamples should be a positive integer value: got 0",
    ],
    [
      "RandomSampler numSamples '3'",
      () => new data.RandomSampler(ds, any({ numSamples: "3" })),
      TypeError,
      '[RandomSampler] numSamples should be a positive integer value: got "3"',
    ],
    [
      "RandomSampler of an object",
      () => new data.RandomSampler(any({})),
      TypeError,
      "[RandomSampler] dataSource must have a length (a Dataset or an array): got an object",
    ],
    [
      "SubsetRandomSampler a string",
      () => new data.SubsetRandomSampler(any("012")),
      TypeError,
      '[SubsetRandomSampler] indices must be an array of integers: got "012"',
    ],
    [
      "SubsetRandomSampler seed option",
      () => new data.SubsetRandomSampler([0, 1], any({ seed: 1 })),
      TypeError,
      '[SubsetRandomSampler] unknown option "seed": expected one of "generator"',
    ],
    [
      "WeightedRandomSampler replacment",
      () => new data.WeightedRandomSampler([1, 2], 2, any({ replacment: false })),
      TypeError,
      '[WeightedRandomSampler] unknown option "replacment": did you mean "replacement"?',
    ],
    [
      "WeightedRandomSampler numSamples '2'",
      () => new data.WeightedRandomSampler([1, 2], any("2")),
      TypeError,
      '[WeightedRandomSampler] numSamples should be a positive integer value: got "2"',
    ],
    [
      "WeightedRandomSampler weights a number",
      () => new data.WeightedRandomSampler(any(5), 2),
      TypeError,
      "[WeightedRandomSampler] weights must be an array or a Tensor: got 5",
    ],
    [
      "WeightedRandomSampler negative weight",
      () => new data.WeightedRandomSampler([1, -1], 2),
      RangeError,
      "[WeightedRandomSampler] weights must be finite and non-negative: got -1 at index 1",
    ],
    [
      "BatchSampler without dropLast",
      () => new (ctor(data.BatchSampler))(seq, 3),
      TypeError,
      "[BatchSampler] dropLast should be a boolean value: got undefined",
    ],
    [
      "BatchSampler batchSize 0",
      () => new data.BatchSampler(seq, 0, false),
      RangeError,
      "[BatchSampler] batchSize should be a positive integer value: got 0",
    ],
    [
      "BatchSampler of a number",
      () => new data.BatchSampler(any(5), 2, false),
      TypeError,
      "[BatchSampler] sampler must be an iterable of indices: got 5",
    ],
  ]);
});

describe("transforms and collate", () => {
  exactTable([
    [
      "Compose of one transform (not a list)",
      () => new T.Compose(any(new T.ToTensor())),
      TypeError,
      "[Compose] expected an array of transforms: got a ToTensor (call it as new Compose([t1, t2]))",
    ],
    [
      "Compose with a number",
      () => new T.Compose(any([new T.ToTensor(), 3])),
      TypeError,
      "[Compose] transform 1 has no call(x) method and is not a function: got 3",
    ],
    [
      "Normalize numbers, not lists",
      () => new T.Normalize(any(0.5), any(0.5)),
      TypeError,
      "[Normalize] mean must be an array of numbers (one per channel): got 0.5",
    ],
    [
      "Normalize std with a string",
      () => new T.Normalize([0.5], any(["0.2"])),
      TypeError,
      '[Normalize] std[0] must be a finite number: got "0.2"',
    ],
    [
      "Normalize lengths differ",
      () => new T.Normalize([0.5, 0.5], [1]),
      RangeError,
      "[Normalize] mean and std must be non-empty arrays of equal length: got 2 and 1",
    ],
    [
      "Normalize inplace (not supported)",
      () => new (ctor(T.Normalize))([0.5], [0.5], true),
      TypeError,
      /^\[Normalize\] takes at most 2 positional arguments: got 3/,
    ],
    [
      "Normalize an integer image",
      () => new T.Normalize([0.5], [1]).call(torch.zeros([1, 2, 2], { dtype: "int64" })),
      TypeError,
      "[Normalize] input tensor should be a float tensor: got int64",
    ],
    [
      "RandomHorizontalFlip p 1.5",
      () => new T.RandomHorizontalFlip(1.5),
      RangeError,
      "[RandomHorizontalFlip] p must be in [0, 1]: got 1.5",
    ],
    [
      "RandomHorizontalFlip p '0.5'",
      () => new T.RandomHorizontalFlip(any("0.5")),
      TypeError,
      '[RandomHorizontalFlip] p must be a probability in [0, 1]: got "0.5"',
    ],
    [
      "RandomCrop pad_if_needed (not supported)",
      () => new (ctor(T.RandomCrop))(28, 4, true),
      TypeError,
      /^\[RandomCrop\] takes at most 2 positional arguments: got 3/,
    ],
    [
      "RandomCrop size in an object",
      () => new T.RandomCrop(any({ size: 28 })),
      TypeError,
      "[RandomCrop] size must be a positive integer or [h, w]: got an object",
    ],
    [
      "RandomCrop padding -1",
      () => new T.RandomCrop(28, -1),
      RangeError,
      "[RandomCrop] padding must be 1, 2 or 4 non-negative integers: got [-1]",
    ],
    [
      "ToTensor with an argument",
      () => new (ctor(T.ToTensor))(true),
      TypeError,
      /^\[ToTensor\] takes at most 0 positional arguments: got 1/,
    ],
    ["Lambda of a number", () => new T.Lambda(any(5)), TypeError, "[Lambda] expected a function: got 5"],
    [
      "ToTensor of an array",
      () => new T.ToTensor().call(any([[1, 2]])),
      TypeError,
      "[ToTensor] expected a Tensor image: got an array of length 1",
    ],
    [
      "defaultCollate of a string",
      () => data.defaultCollate(any("ab")),
      TypeError,
      "[defaultCollate] batch must be an array of items: got string",
    ],
    [
      "defaultCollate mixed items",
      () => data.defaultCollate([1, "a"]),
      TypeError,
      "[defaultCollate] mixed item types: item 1 is string, expected number like item 0",
    ],
  ]);
  it("Compose applies a plain function to its input", () => {
    const out = new T.Compose([(t: unknown) => (t as torch.Tensor).mul(2)]).call(torch.ones([1])) as torch.Tensor;
    assert.deepEqual(Array.from(out.dataFloat()), [2]);
  });
});

describe("CSV and synthetic data", () => {
  const big = "9223372036854775807";
  exactTable([
    [
      "delimeter",
      () => D.parseCsv("a\n1\n", any({ delimeter: ";" })),
      TypeError,
      '[loadCsv] unknown option "delimeter": did you mean "delimiter"?',
    ],
    [
      "skip_rows (not supported)",
      () => D.parseCsv("a\n1\n", any({ skip_rows: 1 })),
      TypeError,
      /^\[loadCsv\] unknown option "skip_rows": expected one of "columns", "delimiter", "dtype", "header", "missing"$/,
    ],
    [
      "header 'yes'",
      () => D.parseCsv("a\n1\n", any({ header: "yes" })),
      TypeError,
      '[loadCsv] header must be a boolean: got "yes"',
    ],
    [
      "columns a string",
      () => D.parseCsv("a\n1\n", any({ columns: "a" })),
      TypeError,
      '[loadCsv] columns must be an array of names or indices: got "a"',
    ],
    [
      "missing 'NA'",
      () => D.parseCsv("a\n1\n", any({ missing: "NA" })),
      TypeError,
      '[loadCsv] missing must be a number: got "NA"',
    ],
    [
      "int64 2^63 is out of range",
      () => D.parseCsv("a,b\n1,9223372036854775808\n", { dtype: "int64" }),
      D.CsvFormatError,
      "[loadCsv] <string> line 2, column 2: value 9223372036854775808 does not fit int64: expected -9223372036854775808..9223372036854775807",
    ],
    [
      "int64 -2^63-1 is out of range",
      () => D.parseCsv("a\n-9223372036854775809\n", { dtype: "int64" }),
      D.CsvFormatError,
      "[loadCsv] <string> line 2, column 1: value -9223372036854775809 does not fit int64: expected -9223372036854775808..9223372036854775807",
    ],
    [
      "int64 1e19 is out of range",
      () => D.parseCsv("a\n1\n1e19\n", { dtype: "int64" }),
      D.CsvFormatError,
      /^\[loadCsv\] <string> line 3, column 1: value 1e19 does not fit int64/,
    ],
    [
      "int64 1.5 is not an integer",
      () => D.parseCsv("a\n1.5\n", { dtype: "int64" }),
      D.CsvFormatError,
      "[loadCsv] <string> line 2, column 1: value 1.5 is not an integer: expected an integer for int64",
    ],
    [
      "int32 2^31 is out of range",
      () => D.parseCsv("a\n2147483648\n", { dtype: "int32" }),
      D.CsvFormatError,
      "[loadCsv] <string> line 2, column 1: value 2147483648 does not fit int32: expected -2147483648..2147483647",
    ],
    [
      "int32 missing 0.5",
      () => D.parseCsv("a\n1\n", { dtype: "int32", missing: 0.5 }),
      RangeError,
      "[loadCsv] missing must be an integer that fits int32 (-2147483648..2147483647): got 0.5",
    ],
    [
      "loadCsv a third argument",
      () => (D.loadCsv as (...a: unknown[]) => unknown)("x.csv", {}, "utf8"),
      TypeError,
      /^\[loadCsv\] takes at most 2 positional arguments: got 3/,
    ],
    [
      "makeMoons n_samples",
      () => D.makeMoons(any({ n_samples: 10 })),
      TypeError,
      '[makeMoons] unknown option "n_samples": did you mean "nSamples"?',
    ],
    [
      "makeBlobs noise (not a make_blobs option)",
      () => D.makeBlobs(any({ noise: 0.1 })),
      TypeError,
      /^\[makeBlobs\] unknown option "noise": expected one of /,
    ],
    [
      "makeBlobs centerBox a number",
      () => D.makeBlobs(any({ centerBox: 10 })),
      TypeError,
      "[makeBlobs] centerBox must be [low, high]: got 10",
    ],
    [
      "makeRegression N",
      () => D.makeRegression(any({ N: 10 })),
      TypeError,
      '[makeRegression] unknown option "N": did you mean "n"?',
    ],
    [
      "makeRegression n '10'",
      () => D.makeRegression(any({ n: "10" })),
      TypeError,
      '[makeRegression] n must be a positive integer: got "10"',
    ],
    [
      "makeCircles shuffle 'no'",
      () => D.makeCircles(any({ shuffle: "no" })),
      TypeError,
      '[makeCircles] shuffle must be a boolean: got "no"',
    ],
    [
      "trainTestSplit test_size",
      () => D.trainTestSplit(x, y, any({ test_size: 0.2 })),
      TypeError,
      '[trainTestSplit] unknown option "test_size": did you mean "testSize"?',
    ],
    [
      "trainTestSplit testSize '0.2'",
      () => D.trainTestSplit(x, y, any({ testSize: "0.2" })),
      TypeError,
      '[trainTestSplit] testSize must be a number: got "0.2"',
    ],
  ]);
  it("int64 CSV cells are exact (2^63-1 and -2^63 survive; the issue saw -2^63)", () => {
    const t = D.parseCsv(`a,b\n${big},-9223372036854775808\n9007199254740993,1e3\n`, { dtype: "int64" }).data;
    assert.equal(t.dtype, "int64");
    assert.deepEqual(Array.from(t.dataSync() as BigInt64Array), [
      9223372036854775807n,
      -9223372036854775808n,
      9007199254740993n,
      1000n,
    ]);
  });
});
