/**
 * `classificationReport`: per-class precision, recall, F1 and support, then accuracy (or micro),
 * macro and weighted averages, in scikit-learn's text layout or as a structured object.
 */
import { classCounts, prepare, prfFromCounts, type ZeroDivision } from "./classification.js";
import { checkInt, optionKeys } from "../../util/args.js";
import { checkMetricCall, fail, uniqueSorted, type Array2dInput, type ArrayInput, type Label } from "./input.js";

const KEYS = optionKeys("labels", "targetNames", "digits", "zeroDivision", "threshold", "posLabel", "outputDict");

export interface ReportRow {
  precision: number;
  recall: number;
  "f1-score": number;
  support: number;
}

/** Structured report: one row per class name, `accuracy` (a number) or `micro avg`, `macro avg`, `weighted avg`. */
export type ReportDict = Record<string, ReportRow | number>;

export interface ReportOptions {
  labels?: Label[];
  targetNames?: string[];
  /** Digits of the text form (default 2). */
  digits?: number;
  zeroDivision?: ZeroDivision;
  threshold?: number;
  posLabel?: Label;
  /** Return the structured form instead of text. */
  outputDict?: boolean;
}

/** Python's `format(x, ".{d}f")`: exact decimal rounding, ties to even. */
export function formatFixed(x: number, d: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "inf" : x < 0 ? "-inf" : "nan";
  const s = x.toFixed(d);
  const exact = Math.abs(x).toFixed(Math.min(100, d + 60));
  const tail = exact.slice(exact.indexOf(".") + 1 + d);
  if (!/^50*$/.test(tail)) return s;
  // an exact tie: JS rounds away from zero, Python to the even neighbour
  const down = exact.slice(0, exact.length - tail.length).replace(/\.$/, "");
  const last = down.replace(".", "").at(-1)!;
  const mag = Number(last) % 2 === 0 ? down : Math.abs(Number(s)).toFixed(d);
  return (x < 0 ? "-" : "") + mag;
}

/**
 * Text (default) or structured summary of precision, recall, F1 and support per class.
 * @example console.log(metrics.classificationReport([0, 1, 2, 2], [0, 2, 2, 1]))
 */
export function classificationReport(
  yTrue: ArrayInput,
  yPred: ArrayInput | Array2dInput,
  opts?: ReportOptions & { outputDict?: false },
): string;
export function classificationReport(
  yTrue: ArrayInput,
  yPred: ArrayInput | Array2dInput,
  opts: ReportOptions & { outputDict: true },
): ReportDict;
export function classificationReport(
  yTrue: ArrayInput,
  yPred: ArrayInput | Array2dInput,
  opts: ReportOptions = {},
): string | ReportDict {
  const op = "classificationReport";
  checkMetricCall(op, arguments.length, 3, opts, KEYS);
  if (opts.digits !== undefined) checkInt(op, "digits", opts.digits);
  const [t, p] = prepare(op, yTrue, yPred, opts);
  const present = uniqueSorted([...t, ...p], op);
  const labels = opts.labels ?? present;
  const given = opts.labels !== undefined;
  const microIsAccuracy =
    !given || (new Set(labels).size === present.length && present.every((l) => labels.includes(l)));
  let names = opts.targetNames;
  if (names !== undefined && names.length !== labels.length && !given)
    fail(
      op,
      `number of classes (${labels.length}) differs from the number of targetNames (${names.length}): pass labels`,
    );
  names ??= labels.map(String);
  const digits = opts.digits ?? 2;
  const base = { labels, zeroDivision: opts.zeroDivision };
  const per = prfFromCounts(classCounts(op, t, p, { ...base, average: null }), { ...base, average: null });
  const [pr, rc, f1, sup] = [per.precision, per.recall, per.fScore, per.support!] as number[][];
  const total = sup!.reduce((a, b) => a + b, 0);
  const rows: [string, ReportRow][] = labels.map((_, i) => [
    names[i] ?? String(labels[i]),
    { precision: pr![i]!, recall: rc![i]!, "f1-score": f1![i]!, support: sup![i]! },
  ]);
  const avgs: [string, ReportRow][] = (["micro", "macro", "weighted"] as const).map((avg) => {
    const r = prfFromCounts(classCounts(op, t, p, { ...base, average: avg }), { ...base, average: avg });
    const head = avg === "micro" && microIsAccuracy ? "accuracy" : `${avg} avg`;
    return [
      head,
      { precision: r.precision as number, recall: r.recall as number, "f1-score": r.fScore as number, support: total },
    ];
  });
  if (opts.outputDict) {
    const d: ReportDict = {};
    for (const [k, v] of [...rows, ...avgs]) d[k] = k === "accuracy" ? v.precision : v;
    return d;
  }
  const len = (s: string): number => [...s].length;
  // sklearn 1.2 quirk: with no correct prediction at all its support counts are floats ("2.0")
  const anyHit = t.some((v, i) => v === p[i]);
  const supText = (v: number): string => (anyHit ? String(v) : `${v}.0`);
  const width = Math.max(...names.map(len), len("weighted avg"), digits);
  const pad = (s: string, w: number): string => " ".repeat(Math.max(0, w - len(s))) + s;
  const num = (v: number): string => " " + pad(formatFixed(v, digits), 9);
  let out = pad("", width) + " " + ["precision", "recall", "f1-score", "support"].map((h) => " " + pad(h, 9)).join("");
  out += "\n\n";
  for (const [n, r] of rows)
    out +=
      pad(n, width) +
      " " +
      num(r.precision) +
      num(r.recall) +
      num(r["f1-score"]) +
      " " +
      pad(supText(r.support), 9) +
      "\n";
  out += "\n";
  for (const [n, r] of avgs) {
    if (n === "accuracy")
      out +=
        pad(n, width) +
        " " +
        " " +
        pad("", 9) +
        " " +
        pad("", 9) +
        num(r["f1-score"]) +
        " " +
        pad(supText(r.support), 9) +
        "\n";
    else
      out +=
        pad(n, width) +
        " " +
        num(r.precision) +
        num(r.recall) +
        num(r["f1-score"]) +
        " " +
        pad(supText(r.support), 9) +
        "\n";
  }
  return out;
}
