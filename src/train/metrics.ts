/**
 * `antorcha/metrics`: classification metrics with scikit-learn 1.2's semantics (accuracy,
 * confusion matrix, precision/recall/F-beta, TPR/FPR, ROC and PR curves, ROC AUC, average
 * precision, classification report) and streaming versions that accumulate over batches.
 * Inputs are tensors or JS arrays; results are plain numbers and arrays.
 * @example
 * import { metrics } from "antorcha";
 * metrics.f1Score([0, 1, 2, 2], [0, 2, 2, 1], { average: "macro" });
 */
import "../setup.js";
export type { Label, ArrayInput, Array2dInput } from "./metrics/input.js";
export {
  accuracy,
  confusionMatrix,
  precision,
  recall,
  f1Score,
  fbetaScore,
  truePositiveRate,
  falsePositiveRate,
  type AccuracyOptions,
  type Average,
  type ZeroDivision,
  type LabelOptions,
  type PRFOptions,
} from "./metrics/classification.js";
export {
  rocCurve,
  precisionRecallCurve,
  auc,
  rocAucScore,
  averagePrecision,
  type RocCurve,
  type PrecisionRecallCurve,
  type RocAucOptions,
} from "./metrics/ranking.js";
export { classificationReport, type ReportDict, type ReportRow, type ReportOptions } from "./metrics/report.js";
export {
  StreamingAccuracy,
  StreamingConfusionMatrix,
  StreamingPrecision,
  StreamingRecall,
  StreamingF1Score,
  StreamingFbetaScore,
  StreamingFalsePositiveRate,
  StreamingRocAuc,
  StreamingAveragePrecision,
} from "./metrics/streaming.js";
