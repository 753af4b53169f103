/**
 * scikit-learn's `train_test_split`: `ShuffleSplit`'s one permutation, or
 * `StratifiedShuffleSplit`'s per-class draws, from NumPy's legacy stream in scikit-learn's order.
 */
import { Tensor } from "../tensor/tensor.js";
import { tensor } from "../tensor/creation.js";
import { checkRandomState, type RandomStateLike } from "../numpy/index.js";
import type { RandomState } from "../numpy/random-state.js";
import { checkBool, checkOptions, describe, isPlainObject, optionKeys } from "../util/args.js";

/** Options of `trainTestSplit` (sklearn's keywords, camelCased). */
export interface SplitOptions {
  /** A fraction in (0, 1) or a count (default 0.25 when `trainSize` is not given either). */
  testSize?: number;
  /** A fraction in (0, 1) or a count (default: the complement of `testSize`). */
  trainSize?: number;
  randomState?: RandomStateLike;
  shuffle?: boolean;
  /** Labels to keep the class proportions of in both parts. */
  stratify?: Tensor | readonly number[];
}
const SPLIT_KEYS = optionKeys("testSize", "trainSize", "randomState", "shuffle", "stratify");

function sizeOf(op: string, name: string, v: number | undefined, n: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !(v > 0))
    throw new RangeError(`[${op}] ${name} must be a positive number: got ${describe(v)}`);
  if (Number.isInteger(v) && v >= 1) {
    if (v >= n) throw new RangeError(`[${op}] ${name}=${v} should be smaller than the number of samples ${n}`);
    return v;
  }
  if (v >= 1) throw new RangeError(`[${op}] ${name}=${v} should be a fraction in (0, 1) or an integer count`);
  return v;
}

/** sklearn's `_validate_shuffle_split`: the train and test counts. */
function counts(op: string, n: number, testSize?: number, trainSize?: number): [number, number] {
  let test = sizeOf(op, "testSize", testSize, n);
  const train = sizeOf(op, "trainSize", trainSize, n);
  if (test === undefined && train === undefined) test = 0.25;
  const nTest = test === undefined ? undefined : Number.isInteger(test) && test >= 1 ? test : Math.ceil(test * n);
  const nTrain =
    train === undefined ? undefined : Number.isInteger(train) && train >= 1 ? train : Math.floor(train * n);
  const nte = nTest ?? n - nTrain!;
  const ntr = nTrain ?? n - nte;
  if (ntr + nte > n)
    throw new RangeError(
      `[${op}] the sum of trainSize and testSize = ${ntr + nte} should be at most the number of samples ${n}`,
    );
  if (ntr === 0) throw new RangeError(`[${op}] with n_samples=${n}, testSize=${testSize} the train set would be empty`);
  return [ntr, nte];
}

/** sklearn's `_approximate_mode`: per-class counts for `draws`, ties broken by the stream. */
function approximateMode(classCounts: number[], draws: number, rs: RandomState): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const continuous = classCounts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let need = draws - floored.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const v of values) {
      const inds = remainder.flatMap((r, i) => (r === v ? [i] : []));
      const addNow = Math.min(inds.length, need);
      const perm = rs.permutation(inds.length).dataSync() as BigInt64Array;
      for (let k = 0; k < addNow; k++) floored[inds[Number(perm[k]!)]!]! += 1;
      need -= addNow;
      if (need === 0) break;
    }
  }
  return floored;
}

function perm(rs: RandomState, n: number): number[] {
  return Array.from(rs.permutation(n).dataSync() as BigInt64Array, Number);
}

function stratifiedIndices(
  op: string,
  labels: Tensor,
  nTrain: number,
  nTest: number,
  rs: RandomState,
): [number[], number[]] {
  const y = Array.from(labels.reshape(-1).dataSync() as ArrayLike<number | bigint>, Number);
  const classes = [...new Set(y)].sort((a, b) => a - b);
  const inverse = y.map((v) => classes.indexOf(v));
  const classCounts = classes.map((_, c) => inverse.filter((v) => v === c).length);
  if (Math.min(...classCounts) < 2)
    throw new RangeError(
      `[${op}] the least populated class in stratify has only 1 member, which is too few (at least 2 are needed)`,
    );
  if (nTrain < classes.length)
    throw new RangeError(`[${op}] the train size ${nTrain} should be at least the number of classes ${classes.length}`);
  if (nTest < classes.length)
    throw new RangeError(`[${op}] the test size ${nTest} should be at least the number of classes ${classes.length}`);
  // A stable sort by class: each class's indices in their original order.
  const classIndices = classes.map((_, c) => inverse.flatMap((v, i) => (v === c ? [i] : [])));
  const nI = approximateMode(classCounts, nTrain, rs);
  const tI = approximateMode(
    classCounts.map((c, i) => c - nI[i]!),
    nTest,
    rs,
  );
  const train: number[] = [];
  const test: number[] = [];
  classIndices.forEach((idx, c) => {
    const p = perm(rs, classCounts[c]!).map((k) => idx[k]!);
    train.push(...p.slice(0, nI[c]!));
    test.push(...p.slice(nI[c]!, nI[c]! + tI[c]!));
  });
  return [perm(rs, train.length).map((k) => train[k]!), perm(rs, test.length).map((k) => test[k]!)];
}

/**
 * Splits arrays into random train and test parts (`sklearn.model_selection.train_test_split`):
 * returns `[a_train, a_test, b_train, b_test, …]` with scikit-learn's rows for the same `randomState`.
 * @example const [xTrain, xVal, yTrain, yVal] = trainTestSplit(X, y, { testSize: 0.2, randomState: 13 }); // fragment
 */
export function trainTestSplit(...args: (Tensor | SplitOptions)[]): Tensor[] {
  const op = "trainTestSplit";
  const last = args[args.length - 1];
  const opts = isPlainObject(last) ? (last as SplitOptions) : {};
  const arrays = (isPlainObject(last) ? args.slice(0, -1) : args) as unknown[];
  checkOptions(op, opts, SPLIT_KEYS);
  if (arrays.length === 0) throw new TypeError(`[${op}] at least one array required as input`);
  const tensors = arrays.map((a, i) => {
    if (a instanceof Tensor) return a;
    if (Array.isArray(a)) return tensor(a as number[]);
    throw new TypeError(`[${op}] argument ${i} must be a Tensor or an array: got ${describe(a)}`);
  });
  const n = tensors[0]!.shape[0] ?? 0;
  for (const t of tensors) {
    if ((t.shape[0] ?? 0) !== n)
      throw new RangeError(
        `[${op}] found input variables with inconsistent numbers of samples: [${tensors.map((x) => x.shape[0]).join(", ")}]`,
      );
  }
  const [nTrain, nTest] = counts(op, n, opts.testSize, opts.trainSize);
  const shuffle = opts.shuffle === undefined ? true : checkBool(op, "shuffle", opts.shuffle);
  let train: number[];
  let test: number[];
  if (!shuffle) {
    if (opts.stratify !== undefined)
      throw new RangeError(`[${op}] stratified train/test split is not implemented for shuffle=false`);
    train = Array.from({ length: nTrain }, (_, i) => i);
    test = Array.from({ length: nTest }, (_, i) => nTrain + i);
  } else {
    const rs = checkRandomState(op, opts.randomState);
    if (opts.stratify !== undefined) {
      const labels = opts.stratify instanceof Tensor ? opts.stratify : tensor(opts.stratify as number[]);
      if ((labels.shape[0] ?? 0) !== n)
        throw new RangeError(`[${op}] stratify must have ${n} labels: got ${labels.shape[0]}`);
      [train, test] = stratifiedIndices(op, labels, nTrain, nTest, rs);
    } else {
      const p = perm(rs, n);
      test = p.slice(0, nTest);
      train = p.slice(nTest, nTest + nTrain);
    }
  }
  const it = tensor(train, { dtype: "int64" });
  const ie = tensor(test, { dtype: "int64" });
  return tensors.flatMap((t) => [t.indexSelect(0, it), t.indexSelect(0, ie)]);
}
