/**
 * Synthetic data sets: the book's linear regression (`y = b + w·x + noise·ε`), and sklearn's
 * `make_moons`, `make_circles`, `make_blobs` geometry (same shapes, class balance and layout;
 * the random draws come from antorcha's generator, so values differ from NumPy's), plus
 * `trainTestSplit`. Features are float32 (the default dtype), labels int64.
 */
import { indexSelect } from "../../ops/indexing.js";
import { add, mul } from "../../ops/binary.js";
import { tensor } from "../../tensor/creation.js";
import { getDefaultDtype } from "../../tensor/dtype.js";
import { Generator, defaultGenerator } from "../../tensor/random/generator.js";
import { rand, randn } from "../../tensor/random-ops.js";
import { sampleNormal, sampleRandperm, sampleUniform } from "../../tensor/random/samplers.js";
import { Tensor } from "../../tensor/tensor.js";

/** Seed used when no generator is given (the book's `np.random.seed(42)`). */
const BOOK_SEED = 42;

/** `generator`, else a fresh generator seeded with `seed`, else the global generator. */
function gen(g: Generator | undefined, seed: number | undefined): Generator {
  if (g !== undefined && !(g instanceof Generator))
    throw new TypeError("[synthetic] generator must be a torch.Generator");
  return g ?? (seed !== undefined ? new Generator(seed) : defaultGenerator);
}

function positive(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0)
    throw new RangeError(`[${op}] ${name} must be a positive integer: got ${String(v)}`);
}

/**
 * The book's regression data: `x = rand(n, 1)`, `y = b + w * x + noise * randn(n, 1)`, drawn in
 * that order from `generator` (default: a fresh generator seeded with `seed`, 42 as in the book).
 * The other generators default to the global generator (seed it with `manualSeed`).
 * @example const { x, y } = makeRegression({ n: 100 }); // y ≈ 1 + 2x
 */
export function makeRegression(
  opts: { n?: number; b?: number; w?: number; noise?: number; generator?: Generator; seed?: number } = {},
): { x: Tensor; y: Tensor } {
  const { n = 100, b = 1, w = 2, noise = 0.1 } = opts;
  positive("makeRegression", "n", n);
  const g = gen(opts.generator, opts.seed ?? (opts.generator ? undefined : BOOK_SEED));
  const x = rand(n, 1, { generator: g });
  const eps = randn(n, 1, { generator: g });
  return { x, y: add(add(mul(x, w), b), mul(eps, noise)) };
}

interface ShapeOpts {
  nSamples?: number;
  shuffle?: boolean;
  noise?: number;
  generator?: Generator;
  seed?: number;
}

function linspace(a: number, b: number, n: number, endpoint = true): number[] {
  const d = endpoint ? n - 1 : n;
  return Array.from({ length: n }, (_, i) => (d === 0 ? a : a + ((b - a) * i) / d));
}

function finish(
  op: string,
  pts: number[][],
  labels: number[],
  opts: ShapeOpts,
  g: Generator,
): { X: Tensor; y: Tensor } {
  const n = labels.length;
  const dims = pts[0]?.length ?? 2;
  const noise = opts.noise ?? 0;
  if (!(noise >= 0)) throw new RangeError(`[${op}] noise must be non-negative: got ${noise}`);
  let flat = pts.flat();
  if (noise > 0) {
    const e = sampleNormal(flat.length, "float64", 0, noise, g);
    flat = flat.map((v, i) => v + e[i]!);
  }
  let X = tensor(flat, { dtype: getDefaultDtype() }).reshape([n, dims]);
  let y = tensor(labels, { dtype: "int64" });
  if (opts.shuffle ?? true) {
    const perm = tensor(Array.from(sampleRandperm(n, g)), { dtype: "int64" });
    X = indexSelect(X, 0, perm);
    y = indexSelect(y, 0, perm);
  }
  return { X, y };
}

/**
 * Two interleaving half circles (sklearn's `make_moons`): ⌊n/2⌋ outer points labelled 0, the rest 1.
 * @example const { X, y } = makeMoons({ nSamples: 200, noise: 0.1 });
 */
export function makeMoons(opts: ShapeOpts = {}): { X: Tensor; y: Tensor } {
  const n = opts.nSamples ?? 100;
  positive("makeMoons", "nSamples", n);
  const g = gen(opts.generator, opts.seed);
  const nOut = Math.floor(n / 2);
  const pts: number[][] = [];
  for (const t of linspace(0, Math.PI, nOut)) pts.push([Math.cos(t), Math.sin(t)]);
  for (const t of linspace(0, Math.PI, n - nOut)) pts.push([1 - Math.cos(t), 1 - Math.sin(t) - 0.5]);
  return finish("makeMoons", pts, [...Array(nOut).fill(0), ...Array(n - nOut).fill(1)], opts, g);
}

/**
 * A small circle (label 1, radius `factor`) inside a unit circle (label 0) (sklearn's `make_circles`).
 * @example const { X, y } = makeCircles({ nSamples: 200, factor: 0.5, noise: 0.05 });
 */
export function makeCircles(opts: ShapeOpts & { factor?: number } = {}): { X: Tensor; y: Tensor } {
  const n = opts.nSamples ?? 100;
  const factor = opts.factor ?? 0.8;
  positive("makeCircles", "nSamples", n);
  if (!(factor >= 0 && factor < 1))
    throw new RangeError(`[makeCircles] factor has to be between 0 and 1: got ${factor}`);
  const g = gen(opts.generator, opts.seed);
  const nOut = Math.floor(n / 2);
  const pts: number[][] = [];
  for (const t of linspace(0, 2 * Math.PI, nOut, false)) pts.push([Math.cos(t), Math.sin(t)]);
  for (const t of linspace(0, 2 * Math.PI, n - nOut, false)) pts.push([factor * Math.cos(t), factor * Math.sin(t)]);
  return finish("makeCircles", pts, [...Array(nOut).fill(0), ...Array(n - nOut).fill(1)], opts, g);
}

/**
 * Gaussian blobs (sklearn's `make_blobs`): `centers` random centres in `centerBox` (or given
 * points), n/centers samples each (the remainder to the first), std `clusterStd`.
 * @example const { X, y, centers } = makeBlobs({ nSamples: 300, centers: 3 });
 */
export function makeBlobs(
  opts: Omit<ShapeOpts, "noise"> & {
    centers?: number | number[][];
    nFeatures?: number;
    clusterStd?: number;
    centerBox?: [number, number];
  } = {},
): { X: Tensor; y: Tensor; centers: Tensor } {
  const n = opts.nSamples ?? 100;
  positive("makeBlobs", "nSamples", n);
  const g = gen(opts.generator, opts.seed);
  const [lo, hi] = opts.centerBox ?? [-10, 10];
  const std = opts.clusterStd ?? 1;
  if (!(std >= 0)) throw new RangeError(`[makeBlobs] clusterStd must be non-negative: got ${std}`);
  let centers: number[][];
  if (Array.isArray(opts.centers)) {
    centers = opts.centers.map((c) => [...c]);
    if (centers.length === 0 || centers.some((c) => c.length !== centers[0]!.length))
      throw new RangeError("[makeBlobs] centers must be a non-empty list of equal-length points");
  } else {
    const k = opts.centers ?? 3;
    const f = opts.nFeatures ?? 2;
    positive("makeBlobs", "centers", k);
    positive("makeBlobs", "nFeatures", f);
    const u = sampleUniform(k * f, "float64", lo, hi, g);
    centers = Array.from({ length: k }, (_, i) => Array.from(u.subarray(i * f, (i + 1) * f)));
  }
  const k = centers.length;
  const pts: number[][] = [];
  const labels: number[] = [];
  for (let c = 0; c < k; c++) {
    const m = Math.floor(n / k) + (c < n % k ? 1 : 0);
    const e = sampleNormal(m * centers[c]!.length, "float64", 0, std, g);
    for (let i = 0; i < m; i++) {
      pts.push(centers[c]!.map((v, d) => v + e[i * centers[c]!.length + d]!));
      labels.push(c);
    }
  }
  return {
    ...finish("makeBlobs", pts, labels, { ...opts, noise: 0 }, g),
    centers: tensor(centers.flat(), { dtype: getDefaultDtype() }).reshape([k, centers[0]!.length]),
  };
}

/**
 * Splits tensors (same first dimension) into train and test rows like sklearn's
 * `train_test_split`: `ceil(testSize·n)` test rows (or `testSize` rows when an integer ≥ 1),
 * the first ones of a `randperm(n, generator)` when shuffling (else the last rows). Returns `[train0, test0, train1, test1, …]`.
 * @example const [xTrain, xTest, yTrain, yTest] = trainTestSplit(x, y, { testSize: 0.2, generator: g });
 */
export function trainTestSplit(
  ...args: (Tensor | { testSize?: number; shuffle?: boolean; generator?: Generator })[]
): Tensor[] {
  const last = args[args.length - 1];
  const opts =
    last !== undefined && !(last instanceof Tensor)
      ? (args.pop() as { testSize?: number; shuffle?: boolean; generator?: Generator })
      : {};
  const tensors = args as Tensor[];
  if (tensors.length === 0) throw new TypeError("[trainTestSplit] at least one tensor required as input");
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor) || t.dim() === 0)
      throw new TypeError(`[trainTestSplit] argument ${i} must be a tensor with at least 1 dimension`);
  });
  const n = tensors[0]!.shape[0]!;
  const bad = tensors.findIndex((t) => t.shape[0] !== n);
  if (bad >= 0)
    throw new RangeError(
      `[trainTestSplit] found input variables with inconsistent numbers of samples: got ${tensors[bad]!.shape[0]} in argument ${bad}, expected ${n}`,
    );
  const ts = opts.testSize ?? 0.25;
  let nTest: number;
  if (Number.isInteger(ts) && ts >= 1) nTest = ts;
  else if (ts > 0 && ts < 1) nTest = Math.ceil(ts * n);
  else throw new RangeError(`[trainTestSplit] testSize must be in (0, 1) or a positive integer: got ${ts}`);
  if (nTest >= n)
    throw new RangeError(`[trainTestSplit] with n=${n} samples and testSize=${ts}, the train set would be empty`);
  let testRows: number[];
  let trainRows: number[];
  if (opts.shuffle ?? true) {
    const perm = Array.from(sampleRandperm(n, opts.generator ?? defaultGenerator));
    [testRows, trainRows] = [perm.slice(0, nTest), perm.slice(nTest)];
  } else {
    const all = Array.from({ length: n }, (_, i) => i);
    [trainRows, testRows] = [all.slice(0, n - nTest), all.slice(n - nTest)];
  }
  const testIdx = tensor(testRows, { dtype: "int64" });
  const trainIdx = tensor(trainRows, { dtype: "int64" });
  return tensors.flatMap((t) => [indexSelect(t, 0, trainIdx), indexSelect(t, 0, testIdx)]);
}
