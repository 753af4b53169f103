/** PR-curve and hparams summaries, laid out as PyTorch's `pr_curve` and `hparams`. */
import { encodeMessage } from "./proto.js";
import { histogramCounts } from "./summary.js";

/**
 * The 6×n PR-curve table (tp, fp, tn, fn, precision, recall per threshold): predictions are
 * bucketed by floor(p·(n−1)) and counts are reverse-cumulated, as TensorBoard's `compute_curve`.
 */
export function computeCurve(
  labels: Float64Array,
  predictions: Float64Array,
  numThresholds: number,
  weights?: Float64Array,
): number[][] {
  if (labels.length !== predictions.length)
    throw new RangeError(
      `[addPrCurve] labels and predictions differ in size: got ${labels.length} and ${predictions.length}`,
    );
  const n = numThresholds;
  const idx = Float64Array.from(predictions, (p) => Math.trunc(Math.floor(p * (n - 1))));
  const step = (n - 1) / n;
  const edges = Array.from({ length: n + 1 }, (_, i) => (i === n ? n - 1 : i * step));
  const tpB = new Array<number>(n).fill(0);
  const fpB = new Array<number>(n).fill(0);
  for (let i = 0; i < idx.length; i++) {
    const c = histogramCounts(Float64Array.of(idx[i]!), edges);
    const b = c.indexOf(1);
    if (b < 0) continue;
    const wt = weights ? weights[i]! : 1;
    tpB[b]! += labels[i]! * wt;
    fpB[b]! += (1 - labels[i]!) * wt;
  }
  const tp = new Array<number>(n);
  const fp = new Array<number>(n);
  let a = 0;
  let f = 0;
  for (let i = n - 1; i >= 0; i--) {
    a += tpB[i]!;
    f += fpB[i]!;
    tp[i] = a;
    fp[i] = f;
  }
  const tn = fp.map((x) => fp[0]! - x);
  const fn = tp.map((x) => tp[0]! - x);
  const precision = tp.map((x, i) => x / Math.max(1e-7, x + fp[i]!));
  const recall = tp.map((x, i) => x / Math.max(1e-7, x + fn[i]!));
  return [tp, fp, tn, fn, precision, recall];
}

/** `{ tag, metadata: pr_curves plugin, tensor: 6×n DT_FLOAT }` with n ≤ 127. */
export function prCurveSummary(
  tag: string,
  labels: Float64Array,
  predictions: Float64Array,
  numThresholds = 127,
  weights?: Float64Array,
): Record<string, unknown> {
  if (!Number.isInteger(numThresholds) || numThresholds < 2)
    throw new RangeError(`[addPrCurve] numThresholds must be an integer ≥ 2: got ${numThresholds}`);
  const n = Math.min(numThresholds, 127);
  const data = computeCurve(labels, predictions, n, weights);
  const content = encodeMessage("tensorflow.PrCurvePluginData", { version: 0, num_thresholds: n });
  return {
    value: [
      {
        tag,
        metadata: { plugin_data: { plugin_name: "pr_curves", content } },
        tensor: { dtype: "DT_FLOAT", float_val: data.flat(), tensor_shape: { dim: [{ size: 6 }, { size: n }] } },
      },
    ],
  };
}

/** A hyperparameter value. */
export type HParamValue = number | string | boolean;

function hparamsValue(tag: string, data: Record<string, unknown>): Record<string, unknown> {
  const content = encodeMessage("tensorboard.hparams.HParamsPluginData", { version: 0, ...data });
  return { value: [{ tag, metadata: { plugin_data: { plugin_name: "hparams", content } } }] };
}

/** The experiment, session-start and session-end summaries of PyTorch's `hparams()`. */
export function hparamsSummaries(
  hparams: Record<string, HParamValue>,
  metrics: Record<string, number>,
): Record<string, unknown>[] {
  const infos: Record<string, unknown>[] = [];
  const values: Record<string, Record<string, unknown>> = {};
  for (const [k, v] of Object.entries(hparams)) {
    if (typeof v === "number") {
      infos.push({ name: k, type: "DATA_TYPE_FLOAT64" });
      values[k] = { number_value: v };
    } else if (typeof v === "boolean") {
      infos.push({
        name: k,
        type: "DATA_TYPE_BOOL",
        domain_discrete: { values: [{ bool_value: true }, { bool_value: false }] },
      });
      values[k] = { bool_value: v };
    } else if (typeof v === "string") {
      infos.push({ name: k, type: "DATA_TYPE_STRING", domain_discrete: { values: [{ string_value: v }] } });
      values[k] = { string_value: v };
    } else throw new TypeError(`[addHparams] hparam ${k} must be a number, string or boolean: got ${typeof v}`);
  }
  const metricInfos = Object.keys(metrics).map((tag) => ({ name: { tag } }));
  return [
    hparamsValue("_hparams_/experiment", { experiment: { hparam_infos: infos, metric_infos: metricInfos } }),
    hparamsValue("_hparams_/session_start_info", { session_start_info: { hparams: values, group_name: "" } }),
    hparamsValue("_hparams_/session_end_info", { session_end_info: { status: "STATUS_SUCCESS" } }),
  ];
}
