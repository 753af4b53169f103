/**
 * scikit-learn's toy data generators (`make_moons`, `make_circles`, `make_blobs`,
 * `make_regression`), drawing from NumPy's legacy stream in scikit-learn's order, so the same
 * `randomState` gives scikit-learn's points. Features are float64, labels int64 (NumPy's dtypes).
 */
import { Tensor } from "../tensor/tensor.js";
import { checkRandomState, linspaceValues, type RandomStateLike } from "../numpy/index.js";
import type { RandomState } from "../numpy/random-state.js";
import { checkBool, checkInt, checkNumber, checkOptions, describe, optionKeys } from "../util/args.js";
import { cos, sin } from "../numpy/libm.js";

/** A generated data set: features [n, d] float64 and labels / targets. */
export interface XY {
  X: Tensor;
  y: Tensor;
}

function f64(values: Float64Array, shape: number[]): Tensor {
  return Tensor._fromArray(values, shape, "float64");
}

function i64(values: number[]): Tensor {
  return Tensor._fromArray(
    BigInt64Array.from(values, (v) => BigInt(v)),
    [values.length],
    "int64",
  );
}

function values(t: number | Tensor | bigint): Float64Array {
  return (t as Tensor).dataSync() as Float64Array;
}

/** sklearn's `utils.shuffle(X, y)`: one shuffled `arange(n)` reorders rows of both. */
function shuffleRows(rs: RandomState, X: Float64Array, d: number, y: number[]): [Float64Array, number[]] {
  const n = y.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  rs.shuffle(idx);
  const Xs = new Float64Array(X.length);
  for (let i = 0; i < n; i++) Xs.set(X.subarray(idx[i]! * d, idx[i]! * d + d), i * d);
  return [Xs, idx.map((i) => y[i]!)];
}

function addNoise(rs: RandomState, X: Float64Array, shape: number[], noise: number | undefined): void {
  if (noise === undefined || noise === null) return;
  const e = values(rs.normal(0, noise, shape));
  for (let i = 0; i < X.length; i++) X[i] = X[i]! + e[i]!;
}

function nSplit(op: string, nSamples: unknown): [number, number] {
  if (Array.isArray(nSamples)) {
    if (nSamples.length !== 2) throw new RangeError(`[${op}] nSamples can be either an int or a two-element array`);
    return [checkInt(op, "nSamples[0]", nSamples[0], 0), checkInt(op, "nSamples[1]", nSamples[1], 0)];
  }
  const n = checkInt(op, "nSamples", nSamples, 0);
  return [Math.floor(n / 2), n - Math.floor(n / 2)];
}

/** Options of `makeMoons` (sklearn's keywords, camelCased). */
export interface MoonsOptions {
  nSamples?: number | [number, number];
  shuffle?: boolean;
  noise?: number;
  randomState?: RandomStateLike;
}
const MOONS_KEYS = optionKeys("nSamples", "shuffle", "noise", "randomState");

function finish(op: string, rs: RandomState, pts: Float64Array, labels: number[], o: MoonsOptions): XY {
  const shuffle = o.shuffle === undefined ? true : checkBool(op, "shuffle", o.shuffle);
  let X = pts;
  let y = labels;
  if (shuffle) [X, y] = shuffleRows(rs, X, 2, y);
  if (o.noise !== undefined) checkNumber(op, "noise", o.noise, { min: 0 });
  addNoise(rs, X, [y.length, 2], o.noise);
  return { X: f64(X, [y.length, 2]), y: i64(y) };
}

/**
 * Two interleaving half circles (`sklearn.datasets.make_moons`).
 * @example const { X, y } = makeMoons({ nSamples: 100, noise: 0.3, randomState: 0 }); // the book's ch. 3 data
 */
export function makeMoons(opts: MoonsOptions = {}): XY {
  checkOptions("makeMoons", opts, MOONS_KEYS);
  const [nOut, nIn] = nSplit("makeMoons", opts.nSamples ?? 100);
  const rs = checkRandomState("makeMoons", opts.randomState);
  const pts = new Float64Array((nOut + nIn) * 2);
  const to = linspaceValues(0, Math.PI, nOut);
  const ti = linspaceValues(0, Math.PI, nIn);
  to.forEach((t, i) => pts.set([cos(t), sin(t)], i * 2));
  ti.forEach((t, i) => pts.set([1 - cos(t), 1 - sin(t) - 0.5], (nOut + i) * 2));
  return finish("makeMoons", rs, pts, [...Array<number>(nOut).fill(0), ...Array<number>(nIn).fill(1)], opts);
}

/** Options of `makeCircles`. */
export interface CirclesOptions extends MoonsOptions {
  /** Inner circle radius relative to the outer one, in [0, 1) (default 0.8). */
  factor?: number;
}
const CIRCLES_KEYS = optionKeys("nSamples", "shuffle", "noise", "randomState", "factor");

/**
 * A small circle inside a large one (`sklearn.datasets.make_circles`).
 * @example const { X, y } = makeCircles({ nSamples: 100, factor: 0.5, noise: 0.05, randomState: 1 });
 */
export function makeCircles(opts: CirclesOptions = {}): XY {
  checkOptions("makeCircles", opts, CIRCLES_KEYS);
  const factor = checkNumber("makeCircles", "factor", opts.factor ?? 0.8);
  if (factor >= 1 || factor < 0) throw new RangeError(`[makeCircles] factor has to be between 0 and 1: got ${factor}`);
  const [nOut, nIn] = nSplit("makeCircles", opts.nSamples ?? 100);
  const rs = checkRandomState("makeCircles", opts.randomState);
  const pts = new Float64Array((nOut + nIn) * 2);
  linspaceValues(0, 2 * Math.PI, nOut, false).forEach((t, i) => pts.set([cos(t), sin(t)], i * 2));
  linspaceValues(0, 2 * Math.PI, nIn, false).forEach((t, i) =>
    pts.set([cos(t) * factor, sin(t) * factor], (nOut + i) * 2),
  );
  return finish("makeCircles", rs, pts, [...Array<number>(nOut).fill(0), ...Array<number>(nIn).fill(1)], opts);
}

/** Options of `makeBlobs`. */
export interface BlobsOptions {
  /** Total points, or one count per center. */
  nSamples?: number | number[];
  nFeatures?: number;
  /** How many centers to draw, or the centers themselves ([k, d]). */
  centers?: number | number[][] | Tensor;
  /** One standard deviation, or one per center. */
  clusterStd?: number | number[];
  centerBox?: [number, number];
  shuffle?: boolean;
  randomState?: RandomStateLike;
  /** Also return the centers. */
  returnCenters?: boolean;
}
const BLOBS_KEYS = optionKeys(
  "nSamples",
  "nFeatures",
  "centers",
  "clusterStd",
  "centerBox",
  "shuffle",
  "randomState",
  "returnCenters",
);

/**
 * Gaussian blobs around centers (`sklearn.datasets.make_blobs`).
 * @example const { X, y } = makeBlobs({ nSamples: 50, centers: 3, randomState: 2 });
 */
export function makeBlobs(opts: BlobsOptions = {}): XY & { centers?: Tensor } {
  checkOptions("makeBlobs", opts, BLOBS_KEYS);
  const op = "makeBlobs";
  const rs = checkRandomState(op, opts.randomState);
  let nFeatures = checkInt(op, "nFeatures", opts.nFeatures ?? 2, 1);
  const [lo, hi] = opts.centerBox ?? [-10, 10];
  const perCenterGiven = Array.isArray(opts.nSamples);
  let centers: Tensor;
  let nCenters: number;
  if (typeof opts.centers === "number" || (opts.centers === undefined && !perCenterGiven)) {
    nCenters = checkInt(op, "centers", opts.centers ?? 3, 1);
    centers = rs.uniform(lo, hi, [nCenters, nFeatures]) as Tensor;
  } else if (opts.centers === undefined) {
    nCenters = (opts.nSamples as number[]).length;
    centers = rs.uniform(lo, hi, [nCenters, nFeatures]) as Tensor;
  } else {
    const c = opts.centers instanceof Tensor ? opts.centers : (opts.centers as unknown);
    if (!(c instanceof Tensor) && !Array.isArray(c))
      throw new TypeError(`[${op}] centers must be an integer or an array of centers: got ${describe(c)}`);
    centers =
      c instanceof Tensor
        ? c.to("float64")
        : Tensor._fromArray(
            Float64Array.from((c as number[][]).flat()),
            [(c as number[][]).length, (c as number[][])[0]?.length ?? 0],
            "float64",
          );
    if (centers.dim() !== 2) throw new RangeError(`[${op}] centers must be a 2-d array: got shape [${centers.shape}]`);
    nCenters = centers.shape[0]!;
    nFeatures = centers.shape[1]!;
  }
  let counts: number[];
  if (perCenterGiven) {
    counts = (opts.nSamples as number[]).map((v, i) => checkInt(op, `nSamples[${i}]`, v, 0));
    if (counts.length !== nCenters)
      throw new RangeError(
        `[${op}] length of nSamples not consistent with number of centers: got ${counts.length} and ${nCenters}`,
      );
  } else {
    const n = checkInt(op, "nSamples", opts.nSamples ?? 100, 0);
    counts = Array.from({ length: nCenters }, (_, i) => Math.floor(n / nCenters) + (i < n % nCenters ? 1 : 0));
  }
  const stds = Array.isArray(opts.clusterStd) ? opts.clusterStd : Array<number>(nCenters).fill(opts.clusterStd ?? 1);
  if (stds.length !== nCenters)
    throw new RangeError(
      `[${op}] length of clusterStd not consistent with number of centers: got ${stds.length} and ${nCenters}`,
    );
  const total = counts.reduce((a, b) => a + b, 0);
  let X: Float64Array = new Float64Array(total * nFeatures);
  let y: number[] = [];
  let row = 0;
  counts.forEach((n, i) => {
    const block = values(rs.normal(centers.index(i), stds[i]!, [n, nFeatures]));
    X.set(block, row * nFeatures);
    row += n;
    for (let k = 0; k < n; k++) y.push(i);
  });
  if (opts.shuffle ?? true) [X, y] = shuffleRows(rs, X, nFeatures, y);
  const out: XY & { centers?: Tensor } = { X: f64(X, [total, nFeatures]), y: i64(y) };
  if (opts.returnCenters) out.centers = centers;
  return out;
}

/** Options of `makeRegression`. */
export interface RegressionOptions {
  nSamples?: number;
  nFeatures?: number;
  nInformative?: number;
  nTargets?: number;
  bias?: number;
  noise?: number;
  shuffle?: boolean;
  /** Also return the true coefficients. */
  coef?: boolean;
  randomState?: RandomStateLike;
}
const REGRESSION_KEYS = optionKeys(
  "nSamples",
  "nFeatures",
  "nInformative",
  "nTargets",
  "bias",
  "noise",
  "shuffle",
  "coef",
  "randomState",
);

/**
 * A random linear regression problem (`sklearn.datasets.make_regression`, well-conditioned inputs).
 * `X @ coef` is summed in plain order where NumPy calls BLAS, so `y` may differ from
 * scikit-learn's in its last bit; `X` and `coef` are identical.
 * @example const { X, y } = makeRegression({ nSamples: 20, nFeatures: 3, noise: 0.5, randomState: 3 });
 */
export function makeRegression(opts: RegressionOptions = {}): XY & { coef?: Tensor } {
  checkOptions("makeRegression", opts, REGRESSION_KEYS);
  const op = "makeRegression";
  const n = checkInt(op, "nSamples", opts.nSamples ?? 100, 0);
  const f = checkInt(op, "nFeatures", opts.nFeatures ?? 100, 1);
  const inf = Math.min(f, checkInt(op, "nInformative", opts.nInformative ?? 10, 0));
  const t = checkInt(op, "nTargets", opts.nTargets ?? 1, 1);
  const bias = checkNumber(op, "bias", opts.bias ?? 0);
  const noise = checkNumber(op, "noise", opts.noise ?? 0, { min: 0 });
  const rs = checkRandomState(op, opts.randomState);
  let X: Float64Array = values(rs.standardNormal([n, f]));
  let gt = new Float64Array(f * t);
  if (inf > 0) {
    const u = values(rs.uniform(0, 1, [inf, t]));
    for (let i = 0; i < u.length; i++) gt[i] = 100 * u[i]!;
  }
  let y = new Float64Array(n * t);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < t; j++) {
      let s = 0;
      for (let k = 0; k < f; k++) s += X[i * f + k]! * gt[k * t + j]!;
      y[i * t + j] = s + bias;
    }
  if (noise > 0) {
    const e = values(rs.normal(0, noise, [n, t]));
    for (let i = 0; i < y.length; i++) y[i] = y[i]! + e[i]!;
  }
  if (opts.shuffle ?? true) {
    const idx = Array.from({ length: n }, (_, i) => i);
    rs.shuffle(idx);
    const Xs = new Float64Array(X.length);
    const ys = new Float64Array(y.length);
    idx.forEach((r, i) => {
      Xs.set(X.subarray(r * f, r * f + f), i * f);
      ys.set(y.subarray(r * t, r * t + t), i * t);
    });
    const cols = Array.from({ length: f }, (_, i) => i);
    rs.shuffle(cols);
    X = new Float64Array(Xs.length);
    for (let i = 0; i < n; i++) for (let k = 0; k < f; k++) X[i * f + k] = Xs[i * f + cols[k]!]!;
    const g2 = new Float64Array(gt.length);
    cols.forEach((c, k) => g2.set(gt.subarray(c * t, c * t + t), k * t));
    gt = g2;
    y = ys;
  }
  const out: XY & { coef?: Tensor } = { X: f64(X, [n, f]), y: f64(y, t === 1 ? [n] : [n, t]) };
  if (opts.coef) out.coef = f64(gt, t === 1 ? [f] : [f, t]);
  return out;
}

/** sklearn's `sample_without_replacement(nPopulation, n)` ("auto"): a permutation's head for mid ratios, else tracking selection or reservoir sampling. */
function sampleWithoutReplacement(rs: RandomState, nPop: number, n: number): number[] {
  const ratio = nPop !== 0 ? n / nPop : 1;
  const randint = (hi: number) => rs.randint(0, hi) as number;
  if (ratio > 0.01 && ratio < 0.99)
    return Array.from(rs.permutation(nPop).dataSync() as BigInt64Array, Number).slice(0, n);
  if (ratio < 0.2) {
    const seen = new Set<number>();
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      let j = randint(nPop);
      while (seen.has(j)) j = randint(nPop);
      seen.add(j);
      out.push(j);
    }
    return out;
  }
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n; i < nPop; i++) {
    const j = randint(i + 1);
    if (j < n) out[j] = i;
  }
  return out;
}

/** sklearn's `_generate_hypercube`: `samples` distinct vertices of the `dims`-cube, bits MSB first. */
function hypercube(rs: RandomState, samples: number, dims: number): number[][] {
  if (dims > 30) {
    const extra = Array.from((rs.randint(0, 2, [samples, dims - 30]) as Tensor).dataSync() as BigInt64Array, Number);
    const rest = hypercube(rs, samples, 30);
    return rest.map((r, i) => [...extra.slice(i * (dims - 30), (i + 1) * (dims - 30)), ...r]);
  }
  return sampleWithoutReplacement(rs, 2 ** dims, samples).map((v) =>
    Array.from({ length: dims }, (_, d) => Math.floor(v / 2 ** (dims - 1 - d)) % 2),
  );
}

/** Options of `makeClassification` (sklearn's keywords, camelCased). */
export interface ClassificationOptions {
  nSamples?: number;
  nFeatures?: number;
  nInformative?: number;
  nRedundant?: number;
  nRepeated?: number;
  nClasses?: number;
  nClustersPerClass?: number;
  /** Class proportions (`nClasses` of them, or one fewer: the last is the rest). */
  weights?: number[] | null;
  flipY?: number;
  classSep?: number;
  hypercube?: boolean;
  /** Added to every feature; `null` draws one per feature in [-classSep, classSep]. */
  shift?: number | null;
  /** Multiplies every feature; `null` draws one per feature in [1, 101]. */
  scale?: number | null;
  shuffle?: boolean;
  randomState?: RandomStateLike;
}
const CLASSIFICATION_KEYS = optionKeys(
  "nSamples",
  "nFeatures",
  "nInformative",
  "nRedundant",
  "nRepeated",
  "nClasses",
  "nClustersPerClass",
  "weights",
  "flipY",
  "classSep",
  "hypercube",
  "shift",
  "scale",
  "shuffle",
  "randomState",
);

/**
 * A random n-class classification problem (`sklearn.datasets.make_classification`): Gaussian
 * clusters on the vertices of a hypercube in the informative features, then redundant (linear
 * combinations), repeated and useless features, label noise, shift, scale and shuffling, drawn in
 * scikit-learn's order. Labels are identical to scikit-learn's; features agree to rounding
 * (NumPy hands the cluster and redundant products to BLAS).
 * @example const { X, y } = makeClassification({ nSamples: 30, nFeatures: 5, randomState: 4 });
 */
export function makeClassification(opts: ClassificationOptions = {}): XY {
  const op = "makeClassification";
  checkOptions(op, opts, CLASSIFICATION_KEYS);
  const n = checkInt(op, "nSamples", opts.nSamples ?? 100, 0);
  const f = checkInt(op, "nFeatures", opts.nFeatures ?? 20, 1);
  const inf = checkInt(op, "nInformative", opts.nInformative ?? 2, 1);
  const red = checkInt(op, "nRedundant", opts.nRedundant ?? 2, 0);
  const rep = checkInt(op, "nRepeated", opts.nRepeated ?? 0, 0);
  const nClasses = checkInt(op, "nClasses", opts.nClasses ?? 2, 1);
  const perClass = checkInt(op, "nClustersPerClass", opts.nClustersPerClass ?? 2, 1);
  const flipY = checkNumber(op, "flipY", opts.flipY ?? 0.01, { min: 0, max: 1 });
  const classSep = checkNumber(op, "classSep", opts.classSep ?? 1);
  const cube = opts.hypercube === undefined ? true : checkBool(op, "hypercube", opts.hypercube);
  const shuffle = opts.shuffle === undefined ? true : checkBool(op, "shuffle", opts.shuffle);
  if (inf + red + rep > f)
    throw new RangeError(
      `[${op}] the numbers of informative (${inf}), redundant (${red}) and repeated (${rep}) features must sum to at most nFeatures (${f})`,
    );
  if (inf < Math.log2(nClasses * perClass))
    throw new RangeError(
      `[${op}] nClasses(${nClasses}) * nClustersPerClass(${perClass}) must be smaller or equal 2**nInformative(${inf})=${2 ** inf}`,
    );
  let weights: number[];
  if (opts.weights === undefined || opts.weights === null) weights = Array<number>(nClasses).fill(1 / nClasses);
  else {
    if (!Array.isArray(opts.weights) || opts.weights.some((w) => typeof w !== "number"))
      throw new TypeError(`[${op}] weights must be an array of numbers: got ${describe(opts.weights)}`);
    if (opts.weights.length !== nClasses && opts.weights.length !== nClasses - 1)
      throw new RangeError(
        `[${op}] weights specified but incompatible with number of classes: got ${opts.weights.length} for ${nClasses} classes`,
      );
    weights = [...opts.weights];
    if (weights.length === nClasses - 1) weights.push(1 - weights.reduce((a, b) => a + b, 0));
  }
  const rs = checkRandomState(op, opts.randomState);
  const useless = f - inf - red - rep;
  const nClusters = nClasses * perClass;
  const counts = Array.from({ length: nClusters }, (_, k) => Math.trunc((n * weights[k % nClasses]!) / perClass));
  const remainder = n - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; i < remainder; i++) counts[i % nClusters]! += 1;
  const X = new Float64Array(n * f);
  const y = new Array<number>(n).fill(0);
  const centroids = hypercube(rs, nClusters, inf).map((row) => row.map((b) => b * 2 * classSep - classSep));
  if (!cube) {
    const a = values(rs.uniform(0, 1, [nClusters, 1]));
    const b = values(rs.uniform(0, 1, [1, inf]));
    centroids.forEach((row, k) => row.forEach((_, j) => (row[j] = row[j]! * a[k]! * b[j]!)));
  }
  const g = values(rs.standardNormal([n, inf]));
  for (let i = 0; i < n; i++) for (let j = 0; j < inf; j++) X[i * f + j] = g[i * inf + j]!;
  let stop = 0;
  centroids.forEach((centroid, k) => {
    const start = stop;
    stop += counts[k]!;
    for (let i = start; i < stop; i++) y[i] = k % nClasses;
    const A = values(rs.uniform(0, 1, [inf, inf])).map((v) => 2 * v - 1);
    for (let i = start; i < stop; i++) {
      const row = Array.from({ length: inf }, (_, j) => X[i * f + j]!);
      for (let j = 0; j < inf; j++) {
        let s = 0;
        for (let m = 0; m < inf; m++) s += row[m]! * A[m * inf + j]!;
        X[i * f + j] = s + centroid[j]!;
      }
    }
  });
  if (red > 0) {
    const B = values(rs.uniform(0, 1, [inf, red])).map((v) => 2 * v - 1);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < red; j++) {
        let s = 0;
        for (let m = 0; m < inf; m++) s += X[i * f + m]! * B[m * red + j]!;
        X[i * f + inf + j] = s;
      }
  }
  if (rep > 0) {
    const base = inf + red;
    const idx = Array.from(values(rs.uniform(0, 1, [rep])), (u) => Math.trunc((base - 1) * u + 0.5));
    for (let i = 0; i < n; i++) idx.forEach((c, j) => (X[i * f + base + j] = X[i * f + c]!));
  }
  if (useless > 0) {
    const u = values(rs.standardNormal([n, useless]));
    for (let i = 0; i < n; i++) for (let j = 0; j < useless; j++) X[i * f + f - useless + j] = u[i * useless + j]!;
  }
  const flip = values(rs.uniform(0, 1, [n])).map((u) => (u < flipY ? 1 : 0));
  const nFlip = flip.reduce((a, b) => a + b, 0);
  const newLabels = Array.from((rs.randint(0, nClasses, [nFlip]) as Tensor).dataSync() as BigInt64Array, Number);
  for (let i = 0, k = 0; i < n; i++) if (flip[i]) y[i] = newLabels[k++]!;
  const shift = opts.shift === null ? values(rs.uniform(0, 1, [f])).map((u) => (2 * u - 1) * classSep) : null;
  const shiftBy = shift === null ? checkNumber(op, "shift", opts.shift ?? 0) : 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) X[i * f + j] = X[i * f + j]! + (shift ? shift[j]! : shiftBy);
  const scale = opts.scale === null ? values(rs.uniform(0, 1, [f])).map((u) => 1 + 100 * u) : null;
  const scaleBy = scale === null ? checkNumber(op, "scale", opts.scale ?? 1) : 1;
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) X[i * f + j] = X[i * f + j]! * (scale ? scale[j]! : scaleBy);
  let Xs: Float64Array = X;
  let ys = y;
  if (shuffle) {
    [Xs, ys] = shuffleRows(rs, X, f, y);
    const cols = Array.from({ length: f }, (_, i) => i);
    rs.shuffle(cols);
    const out = new Float64Array(Xs.length);
    for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) out[i * f + j] = Xs[i * f + cols[j]!]!;
    Xs = out;
  }
  return { X: f64(Xs, [n, f]), y: i64(ys) };
}
