/** scikit-learn's data helpers, against scikit-learn 1.2 fixtures (scripts/fixtures/numpy_sklearn.py). */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import * as sk from "../../src/sklearn/index.js";
import { RandomState } from "../../src/numpy/index.js";

interface Arr {
  shape: number[];
  dtype: "float64" | "int64";
  values: number[];
}
const fx = JSON.parse(readFileSync(new URL("../fixtures/numpy-sklearn.json", import.meta.url), "utf8")).cases;
const T = (a: Arr) => torch.tensor(a.values, { dtype: a.dtype }).reshape(a.shape);
const values = (t: torch.Tensor) => Array.from(t.dataSync() as ArrayLike<number | bigint>, Number);

function same(t: torch.Tensor | undefined, want: Arr): void {
  assert.ok(t instanceof torch.Tensor);
  assert.deepEqual([...t.shape], want.shape);
  assert.equal(t.dtype, want.dtype);
  assert.deepEqual(values(t), want.values);
}

/** Within `tol` absolute: NumPy's array sin/cos are SVML on AVX-512 CPUs and glibc elsewhere. */
function near(t: torch.Tensor, want: Arr, tol: number): void {
  assert.deepEqual([...t.shape], want.shape);
  values(t).forEach((v, i) => assert.ok(Math.abs(v - want.values[i]!) <= tol, `value ${i}: ${v} vs ${want.values[i]}`));
}

describe("sklearn.datasets", () => {
  it("makeMoons: the book's chapter 3 data (labels exact, points to a few ulp)", () => {
    const { X, y } = sk.makeMoons({ nSamples: 100, noise: 0.3, randomState: 0 });
    same(y, fx.moons.y);
    near(X, fx.moons.X, 4e-15);
    assert.equal(X.dtype, "float64");
  });
  it("makeCircles, with and without noise and shuffling", () => {
    const a = sk.makeCircles({ nSamples: 101, noise: 0.05, factor: 0.5, randomState: 1 });
    same(a.y, fx.circles.y);
    near(a.X, fx.circles.X, 4e-15);
    const b = sk.makeCircles({ nSamples: 10, shuffle: false, randomState: 1 });
    same(b.y, fx.circlesPlain.y);
    near(b.X, fx.circlesPlain.X, 4e-15);
  });
  it("makeBlobs: drawn centers and given centers with per-center counts and deviations", () => {
    const a = sk.makeBlobs({ nSamples: 50, centers: 3, nFeatures: 2, randomState: 2 });
    same(a.X, fx.blobs.X);
    same(a.y, fx.blobs.y);
    const b = sk.makeBlobs({
      nSamples: [5, 7],
      centers: [
        [0, 0, 0],
        [3, 3, 3],
      ],
      clusterStd: [0.5, 1.5],
      randomState: 3,
    });
    same(b.X, fx.blobsCenters.X);
    same(b.y, fx.blobsCenters.y);
  });
  it("makeRegression with its coefficients", () => {
    const r = sk.makeRegression({
      nSamples: 20,
      nFeatures: 4,
      nInformative: 2,
      noise: 0.5,
      bias: 1.5,
      coef: true,
      randomState: 3,
    });
    same(r.X, fx.regression.X);
    same(r.coef, fx.regression.coef);
    near(r.y, fx.regression.y, 1e-12);
  });
  it("makeClassification: labels exact, features to BLAS rounding (defaults, and every option)", () => {
    const a = sk.makeClassification({ nSamples: 30, nFeatures: 5, randomState: 4 });
    same(a.y, fx.classification.y);
    values(a.X).forEach((v, i) => {
      const w = fx.classification.X.values[i] as number;
      assert.ok(Math.abs(v - w) <= 1e-14 * Math.max(1, Math.abs(w)), `X value ${i}: ${v} vs ${w}`);
    });
    const b = sk.makeClassification({
      nSamples: 60,
      nFeatures: 8,
      nInformative: 3,
      nRedundant: 1,
      nRepeated: 2,
      nClasses: 3,
      nClustersPerClass: 1,
      weights: [0.5, 0.3],
      flipY: 0.1,
      hypercube: false,
      shift: null,
      scale: null,
      randomState: 9,
    });
    same(b.y, fx.classificationAll.y);
    values(b.X).forEach((v, i) => {
      const w = fx.classificationAll.X.values[i] as number;
      assert.ok(Math.abs(v - w) <= 1e-13 * Math.max(1, Math.abs(w)), `X value ${i}: ${v} vs ${w}`);
    });
  });
  it("a RandomState instance is used and advanced, as check_random_state does", () => {
    const rs = new RandomState(0);
    const a = sk.makeMoons({ nSamples: 100, noise: 0.3, randomState: rs });
    const b = sk.makeMoons({ nSamples: 100, noise: 0.3, randomState: rs });
    assert.notDeepEqual(values(a.X), values(b.X));
    same(a.y, fx.moons.y);
  });
});

describe("sklearn.model_selection.trainTestSplit", () => {
  const X = T(fx.moons.X);
  const y = T(fx.moons.y);
  it("the book's split: testSize 0.2, randomState 13", () => {
    const [a, b, c, d] = sk.trainTestSplit(X, y, { testSize: 0.2, randomState: 13 });
    same(a, fx.split.Xtr);
    same(b, fx.split.Xva);
    same(c, fx.split.ytr);
    same(d, fx.split.yva);
  });
  it("stratified", () => {
    const [a, b, c, d] = sk.trainTestSplit(X, y, { testSize: 0.25, randomState: 5, stratify: y });
    same(a, fx.splitStratified.Xtr);
    same(b, fx.splitStratified.Xva);
    same(c, fx.splitStratified.ytr);
    same(d, fx.splitStratified.yva);
  });
  it("without shuffling: the first rows train, the rest test", () => {
    const [a, b] = sk.trainTestSplit(torch.arange(10), { testSize: 3, shuffle: false });
    assert.deepEqual(values(a), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(values(b), [7, 8, 9]);
  });
});

describe("sklearn.preprocessing", () => {
  const Xtr = T(fx.split.Xtr);
  const Xva = T(fx.split.Xva);
  it("StandardScaler: mean_, var_, scale_ and transforms bit for bit (two columns and one)", () => {
    const sc = new sk.StandardScaler().fit(Xtr);
    same(sc.mean_!, fx.standard.mean);
    same(sc.var_!, fx.standard.var);
    same(sc.scale_!, fx.standard.scale);
    same(sc.transform(Xtr), fx.standard.Xtr);
    same(sc.transform(Xva), fx.standard.Xva);
    const x = T(fx.book.x);
    const s1 = new sk.StandardScaler().fit(x);
    same(s1.mean_!, fx.standard1.mean);
    same(s1.scale_!, fx.standard1.scale);
    same(s1.transform(x), fx.standard1.X);
    const back = sc.inverseTransform(sc.transform(Xva));
    values(back).forEach((v, i) => assert.ok(Math.abs(v - fx.split.Xva.values[i]) < 1e-14));
  });
  it("StandardScaler keeps float32 input float32, and a constant column gets scale 1", () => {
    const sc = new sk.StandardScaler();
    const out = sc.fitTransform(
      torch.tensor(
        [
          [1, 5],
          [3, 5],
        ],
        { dtype: "float32" },
      ),
    );
    assert.equal(out.dtype, "float32");
    assert.deepEqual(values(sc.scale_!), [1, 1]);
    assert.deepEqual(values(out), [-1, 0, 1, 0]);
  });
  it("MinMaxScaler", () => {
    const mm = new sk.MinMaxScaler({ featureRange: [-1, 2] }).fit(Xtr);
    same(mm.dataMin_!, fx.minmax.min);
    same(mm.dataMax_!, fx.minmax.max);
    same(mm.transform(Xva), fx.minmax.Xva);
    same(mm.inverseTransform(mm.transform(Xva)), fx.minmax.back);
    const clipped = new sk.MinMaxScaler({ clip: true })
      .fit(torch.tensor([[0], [1]], { dtype: "float64" }))
      .transform(torch.tensor([[2], [-1]], { dtype: "float64" }));
    assert.deepEqual(values(clipped), [1, 0]);
  });
});

describe("sklearn helpers: bad input", () => {
  const X = torch.zeros([4, 2], { dtype: "float64" });
  const cases: [string, () => unknown, RegExp][] = [
    [
      "makeMoons snake_case",
      () => sk.makeMoons({ n_samples: 10 } as never),
      /^\[makeMoons\] unknown option "n_samples": did you mean "nSamples"\?$/,
    ],
    ["makeMoons random_state", () => sk.makeMoons({ random_state: 0 } as never), /did you mean "randomState"\?/],
    ["makeMoons negative", () => sk.makeMoons({ nSamples: -3 }), /^\[makeMoons\] nSamples must be >= 0: got -3$/],
    ["makeMoons noise", () => sk.makeMoons({ noise: -1 }), /noise must be >= 0: got -1/],
    [
      "makeMoons randomState kind",
      () => sk.makeMoons({ randomState: "0" as never }),
      /randomState must be an integer seed or a RandomState: got "0"/,
    ],
    [
      "makeCircles factor",
      () => sk.makeCircles({ factor: 1 }),
      /^\[makeCircles\] factor has to be between 0 and 1: got 1$/,
    ],
    [
      "makeBlobs counts vs centers",
      () => sk.makeBlobs({ nSamples: [1, 2], centers: [[0, 0]] }),
      /length of nSamples not consistent with number of centers/,
    ],
    [
      "makeBlobs std length",
      () => sk.makeBlobs({ centers: 2, clusterStd: [1, 2, 3] }),
      /length of clusterStd not consistent/,
    ],
    ["makeBlobs option", () => sk.makeBlobs({ cluster_std: 1 } as never), /did you mean "clusterStd"\?/],
    ["makeRegression option", () => sk.makeRegression({ n_features: 3 } as never), /did you mean "nFeatures"\?/],
    [
      "makeClassification option",
      () => sk.makeClassification({ n_informative: 3 } as never),
      /did you mean "nInformative"\?/,
    ],
    [
      "makeClassification too many features",
      () => sk.makeClassification({ nFeatures: 3, nInformative: 2, nRedundant: 2 }),
      /must sum to at most nFeatures \(3\)/,
    ],
    [
      "makeClassification clusters",
      () => sk.makeClassification({ nInformative: 1, nClasses: 2, nClustersPerClass: 2, nRedundant: 0 }),
      /must be smaller or equal 2\*\*nInformative\(1\)=2/,
    ],
    [
      "makeClassification weights",
      () => sk.makeClassification({ weights: [0.1, 0.2, 0.3] }),
      /weights specified but incompatible with number of classes/,
    ],
    ["makeClassification flipY", () => sk.makeClassification({ flipY: 2 }), /flipY must be <= 1: got 2/],
    [
      "split snake_case",
      () => sk.trainTestSplit(X, { test_size: 0.2 } as never),
      /^\[trainTestSplit\] unknown option "test_size": did you mean "testSize"\?$/,
    ],
    ["split inconsistent", () => sk.trainTestSplit(X, torch.zeros(3)), /inconsistent numbers of samples: \[4, 3\]/],
    [
      "split too big",
      () => sk.trainTestSplit(X, { testSize: 4 }),
      /testSize=4 should be smaller than the number of samples 4/,
    ],
    [
      "split fraction",
      () => sk.trainTestSplit(X, { testSize: 1.5 }),
      /should be a fraction in \(0, 1\) or an integer count/,
    ],
    ["split nothing", () => sk.trainTestSplit({ testSize: 0.5 }), /at least one array required/],
    [
      "split stratify 1 member",
      () => sk.trainTestSplit(X, { stratify: [0, 0, 0, 1] }),
      /least populated class in stratify has only 1 member/,
    ],
    ["split kind", () => sk.trainTestSplit("abc" as never), /argument 0 must be a Tensor or an array: got "abc"/],
    [
      "scaler 1-d",
      () => new sk.StandardScaler().fit(torch.zeros(3)),
      /expected a 2-d array \[n_samples, n_features\]: got shape \[3\]/,
    ],
    ["scaler not fitted", () => new sk.StandardScaler().transform(X), /not fitted yet/],
    [
      "scaler features",
      () => new sk.StandardScaler().fit(X).transform(torch.zeros([2, 3])),
      /X has 3 features, but the scaler was fitted with 2 features/,
    ],
    ["scaler option", () => new sk.StandardScaler({ with_mean: false } as never), /did you mean "withMean"\?/],
    [
      "minmax range",
      () => new sk.MinMaxScaler({ featureRange: [1, 0] }),
      /minimum of desired feature range must be smaller than maximum/,
    ],
    ["minmax option", () => new sk.MinMaxScaler({ feature_range: [0, 1] } as never), /did you mean "featureRange"\?/],
  ];
  for (const [name, fn, message] of cases)
    it(name, () =>
      assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof Error, String(e));
        assert.match(e.message, message);
        return true;
      }),
    );
});
