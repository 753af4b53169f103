/**
 * scikit-learn's `StandardScaler` and `MinMaxScaler` with its arithmetic: column sums in NumPy's
 * order (row by row for several columns, pairwise for one), the two-pass variance with its
 * correction term, and its rules for constant features. Statistics are float64; `transform`
 * returns the input's floating dtype (float64 for integer input).
 */
import { Tensor } from "../tensor/tensor.js";
import { tensor } from "../tensor/creation.js";
import { pairwiseSum } from "../numpy/index.js";
import { checkBool, checkOptions, describe, optionKeys } from "../util/args.js";

const EPS = 2.220446049250313e-16;

interface Matrix {
  data: Float64Array;
  n: number;
  f: number;
  dtype: Tensor["dtype"];
}

function matrix(op: string, X: unknown): Matrix {
  const t = X instanceof Tensor ? X : Array.isArray(X) ? tensor(X as number[][], { dtype: "float64" }) : null;
  if (t === null) throw new TypeError(`[${op}] X must be a Tensor or a 2-d array: got ${describe(X)}`);
  if (t.dim() !== 2)
    throw new RangeError(
      `[${op}] expected a 2-d array [n_samples, n_features]: got shape [${t.shape.join(", ")}] (reshape a single feature with x.reshape(-1, 1))`,
    );
  const dtype = t.isFloatingPoint() ? t.dtype : "float64";
  return { data: t.to("float64").contiguous().dataSync() as Float64Array, n: t.shape[0]!, f: t.shape[1]!, dtype };
}

/** NumPy's `X.sum(axis=0)`: one column is summed pairwise, several row by row. */
function columnSums(m: Matrix, values = m.data): Float64Array {
  const out = new Float64Array(m.f);
  if (m.f === 1) out[0] = pairwiseSum(values, 0, m.n);
  else for (let i = 0; i < m.n; i++) for (let j = 0; j < m.f; j++) out[j] = out[j]! + values[i * m.f + j]!;
  return out;
}

function result(m: Matrix, values: Float64Array): Tensor {
  const t = Tensor._fromArray(values, [m.n, m.f], "float64");
  return m.dtype === "float64" ? t : t.to(m.dtype);
}

function checkFeatures(op: string, m: Matrix, f: number | undefined): void {
  if (f === undefined) throw new Error(`[${op}] this scaler is not fitted yet: call fit(X) first`);
  if (m.f !== f) throw new RangeError(`[${op}] X has ${m.f} features, but the scaler was fitted with ${f} features`);
}

function f64(v: Float64Array): Tensor {
  return Tensor._fromArray(v.slice(), [v.length], "float64");
}

const STANDARD_KEYS = optionKeys("withMean", "withStd");

/**
 * Standardizes features to zero mean and unit variance (`sklearn.preprocessing.StandardScaler`).
 * Fitted statistics keep scikit-learn's names: `mean_`, `var_`, `scale_`, `nSamplesSeen_`.
 * @example
 * const scaler = new StandardScaler(); // fragment
 * scaler.fit(xTrain);
 * const xs = scaler.transform(xTrain);
 */
export class StandardScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  mean_: Tensor | null = null;
  var_: Tensor | null = null;
  scale_: Tensor | null = null;
  nSamplesSeen_ = 0;
  private mean: Float64Array | null = null;
  private scale: Float64Array | null = null;
  private nFeatures: number | undefined;

  constructor(opts: { withMean?: boolean; withStd?: boolean } = {}) {
    checkOptions("StandardScaler", opts, STANDARD_KEYS);
    this.withMean = opts.withMean === undefined ? true : checkBool("StandardScaler", "withMean", opts.withMean);
    this.withStd = opts.withStd === undefined ? true : checkBool("StandardScaler", "withStd", opts.withStd);
  }

  /** Computes the mean and standard deviation of each column of X ([n, features]). */
  fit(X: Tensor | number[][]): this {
    const m = matrix("StandardScaler.fit", X);
    if (m.n === 0)
      throw new RangeError("[StandardScaler.fit] found an array with 0 samples, while a minimum of 1 is required");
    const sum = columnSums(m);
    const mean = sum.map((s) => s / m.n);
    const centered = m.data.map((v, k) => v - mean[k % m.f]!);
    const correction = columnSums(m, centered);
    const sq = columnSums(
      m,
      centered.map((v) => v * v),
    );
    const variance = sq.map((s, j) => (s - correction[j]! ** 2 / m.n) / m.n);
    const scale = variance.map((v, j) => {
      const constant = v <= m.n * EPS * v + (m.n * mean[j]! * EPS) ** 2;
      return constant ? 1 : Math.sqrt(v);
    });
    this.nFeatures = m.f;
    this.nSamplesSeen_ = m.n;
    this.mean = this.withMean || this.withStd ? mean : null;
    this.scale = this.withStd ? scale : null;
    this.mean_ = this.withMean || this.withStd ? f64(mean) : null;
    this.var_ = this.withStd ? f64(variance) : null;
    this.scale_ = this.withStd ? f64(scale) : null;
    return this;
  }

  /** (x - mean_) / scale_, column by column. */
  transform(X: Tensor | number[][]): Tensor {
    const m = matrix("StandardScaler.transform", X);
    checkFeatures("StandardScaler.transform", m, this.nFeatures);
    const out = m.data.slice();
    for (let k = 0; k < out.length; k++) {
      const j = k % m.f;
      if (this.withMean) out[k] = out[k]! - this.mean![j]!;
      if (this.withStd) out[k] = out[k]! / this.scale![j]!;
    }
    return result(m, out);
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: Tensor | number[][]): Tensor {
    return this.fit(X).transform(X);
  }

  /** x·scale_ + mean_, undoing `transform`. */
  inverseTransform(X: Tensor | number[][]): Tensor {
    const m = matrix("StandardScaler.inverseTransform", X);
    checkFeatures("StandardScaler.inverseTransform", m, this.nFeatures);
    const out = m.data.slice();
    for (let k = 0; k < out.length; k++) {
      const j = k % m.f;
      if (this.withStd) out[k] = out[k]! * this.scale![j]!;
      if (this.withMean) out[k] = out[k]! + this.mean![j]!;
    }
    return result(m, out);
  }
}

const MINMAX_KEYS = optionKeys("featureRange", "clip");

/**
 * Scales each feature to `featureRange` (default [0, 1]) (`sklearn.preprocessing.MinMaxScaler`).
 * @example const xs = new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform(X); // fragment
 */
export class MinMaxScaler {
  readonly featureRange: [number, number];
  readonly clip: boolean;
  dataMin_: Tensor | null = null;
  dataMax_: Tensor | null = null;
  dataRange_: Tensor | null = null;
  scale_: Tensor | null = null;
  min_: Tensor | null = null;
  private scale: Float64Array | null = null;
  private min: Float64Array | null = null;
  private nFeatures: number | undefined;

  constructor(opts: { featureRange?: [number, number]; clip?: boolean } = {}) {
    checkOptions("MinMaxScaler", opts, MINMAX_KEYS);
    const fr = opts.featureRange ?? [0, 1];
    if (!Array.isArray(fr) || fr.length !== 2 || fr.some((v) => typeof v !== "number"))
      throw new TypeError(`[MinMaxScaler] featureRange must be [min, max]: got ${describe(fr)}`);
    if (!(fr[0] < fr[1]))
      throw new RangeError(
        `[MinMaxScaler] minimum of desired feature range must be smaller than maximum: got [${fr.join(", ")}]`,
      );
    this.featureRange = [fr[0], fr[1]];
    this.clip = opts.clip === undefined ? false : checkBool("MinMaxScaler", "clip", opts.clip);
  }

  /** Finds each column's minimum and maximum. */
  fit(X: Tensor | number[][]): this {
    const m = matrix("MinMaxScaler.fit", X);
    if (m.n === 0)
      throw new RangeError("[MinMaxScaler.fit] found an array with 0 samples, while a minimum of 1 is required");
    const lo = new Float64Array(m.f).fill(Infinity);
    const hi = new Float64Array(m.f).fill(-Infinity);
    m.data.forEach((v, k) => {
      const j = k % m.f;
      if (v < lo[j]!) lo[j] = v;
      if (v > hi[j]!) hi[j] = v;
    });
    const range = hi.map((h, j) => h - lo[j]!);
    const [a, b] = this.featureRange;
    const scale = range.map((r) => (b - a) / (r < 10 * EPS ? 1 : r));
    const min = lo.map((l, j) => a - l * scale[j]!);
    this.nFeatures = m.f;
    this.scale = scale;
    this.min = min;
    this.dataMin_ = f64(lo);
    this.dataMax_ = f64(hi);
    this.dataRange_ = f64(range);
    this.scale_ = f64(scale);
    this.min_ = f64(min);
    return this;
  }

  /** x·scale_ + min_ (clipped to `featureRange` when `clip`). */
  transform(X: Tensor | number[][]): Tensor {
    const m = matrix("MinMaxScaler.transform", X);
    checkFeatures("MinMaxScaler.transform", m, this.nFeatures);
    const [a, b] = this.featureRange;
    const out = m.data.map((v, k) => {
      const y = v * this.scale![k % m.f]! + this.min![k % m.f]!;
      return this.clip ? Math.min(Math.max(y, a), b) : y;
    });
    return result(m, out);
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: Tensor | number[][]): Tensor {
    return this.fit(X).transform(X);
  }

  /** (x - min_) / scale_, undoing `transform`. */
  inverseTransform(X: Tensor | number[][]): Tensor {
    const m = matrix("MinMaxScaler.inverseTransform", X);
    checkFeatures("MinMaxScaler.inverseTransform", m, this.nFeatures);
    return result(
      m,
      m.data.map((v, k) => (v - this.min![k % m.f]!) / this.scale![k % m.f]!),
    );
  }
}
