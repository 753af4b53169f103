/**
 * `antorcha/sklearn`: the scikit-learn pieces the tutorials use to make and prepare data —
 * `makeMoons`, `makeCircles`, `makeBlobs`, `makeRegression`, `trainTestSplit`, `StandardScaler`,
 * `MinMaxScaler` — drawing from NumPy's legacy stream (`antorcha/numpy`) in scikit-learn's order,
 * so `randomState: 0` gives scikit-learn's rows.
 *
 * @example
 * import { makeMoons, trainTestSplit, StandardScaler } from "antorcha/sklearn";
 * const { X, y } = makeMoons({ nSamples: 100, noise: 0.3, randomState: 0 });
 * const [xTrain, xVal, yTrain, yVal] = trainTestSplit(X, y, { testSize: 0.2, randomState: 13 });
 * const sc = new StandardScaler().fit(xTrain);
 */
export { makeMoons, makeCircles, makeBlobs, makeRegression, makeClassification, type XY } from "./datasets.js";
export type {
  MoonsOptions,
  CirclesOptions,
  BlobsOptions,
  RegressionOptions,
  ClassificationOptions,
} from "./datasets.js";
export { trainTestSplit, type SplitOptions } from "./model-selection.js";
export { StandardScaler, MinMaxScaler } from "./preprocessing.js";
