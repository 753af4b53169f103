/** Metrics against scikit-learn 1.2 fixtures (scripts/fixtures/metrics.py): counts exact, rates at 1e-12. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import * as torch from "../../src/index.js";

const { metrics } = torch;
type Label = number | string;
type Num = number | "nan";
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const fx = JSON.parse(readFileSync(new URL("../fixtures/metrics.json", import.meta.url), "utf8")) as {
  sklearn: string;
  cases: Any[];
};

function num(v: Num): number {
  return v === "nan" ? NaN : v;
}

/** Equal within 1e-12 (relative for large values), NaN equals NaN, arrays elementwise. */
function close(actual: unknown, expected: unknown, what: string): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${what}: expected an array, got ${String(actual)}`);
    assert.equal(actual.length, expected.length, `${what}: length`);
    expected.forEach((e, i) => close((actual as unknown[])[i], e, `${what}[${i}]`));
    return;
  }
  const e = num(expected as Num);
  const a = actual as number;
  if (Number.isNaN(e)) return assert.ok(Number.isNaN(a), `${what}: expected NaN, got ${a}`);
  assert.ok(Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e)), `${what}: expected ${e}, got ${a}`);
}

const labelCases = fx.cases.filter((c) => c.kind === "labels");
const scoreCases = fx.cases.filter((c) => c.kind === "scores");
const multiCases = fx.cases.filter((c) => c.kind === "multi");

describe(`metrics vs sklearn ${fx.sklearn}: labels`, () => {
  for (const c of labelCases) {
    test(c.name, () => {
      const { yTrue, yPred } = c as { yTrue: Label[]; yPred: Label[] };
      const labels = c.labels as Label[] | undefined;
      close(metrics.accuracy(yTrue, yPred), c.accuracy, "accuracy");
      assert.equal(metrics.accuracy(yTrue, yPred, { normalize: false }), c.accuracyCount);
      assert.deepEqual(metrics.confusionMatrix(yTrue, yPred, { labels }), c.cm);
      for (const norm of ["true", "pred", "all"] as const)
        close(metrics.confusionMatrix(yTrue, yPred, { labels, normalize: norm }), c["cm_" + norm], "cm " + norm);
      const posLabel = c.name === "pos label 0" ? 0 : 1;
      for (const [key, exp] of Object.entries(c.prf as Record<string, Any>)) {
        const [a, z, b] = key.split("|");
        const average = (a === "None" ? null : a) as torch.metrics.Average;
        const zeroDivision = (z === "warn" ? "warn" : 1) as torch.metrics.ZeroDivision;
        const beta = Number(b);
        const o = { average, zeroDivision, posLabel, ...(average === "binary" ? {} : { labels }) };
        const w = `${c.name} ${key}`;
        close(metrics.precision(yTrue, yPred, o), exp.p, w + " precision");
        close(metrics.recall(yTrue, yPred, o), exp.r, w + " recall");
        close(metrics.truePositiveRate(yTrue, yPred, o), exp.r, w + " tpr");
        close(metrics.fbetaScore(yTrue, yPred, beta, o), exp.f, w + " fbeta");
        if (beta === 1) close(metrics.f1Score(yTrue, yPred, o), exp.f, w + " f1");
      }
      // FPR per class from sklearn's multilabel confusion matrix [tn, fp, fn, tp]
      const fpr = (c.mcm as number[][]).map(([tn, fp]) => (fp! + tn! === 0 ? 0 : fp! / (fp! + tn!)));
      close(metrics.falsePositiveRate(yTrue, yPred, { average: null, labels }), fpr, "fpr");
      const mcm = c.mcm as number[][];
      const fpSum = mcm.reduce((s, m) => s + m[1]!, 0);
      const negSum = mcm.reduce((s, m) => s + m[0]! + m[1]!, 0);
      close(
        metrics.falsePositiveRate(yTrue, yPred, { average: "micro", labels }),
        negSum === 0 ? 0 : fpSum / negSum,
        "fpr micro",
      );
      close(
        metrics.falsePositiveRate(yTrue, yPred, { average: "macro", labels }),
        fpr.reduce((a, b) => a + b, 0) / fpr.length,
        "fpr macro",
      );
      assert.equal(metrics.classificationReport(yTrue, yPred, { labels }), c.report);
      assert.equal(metrics.classificationReport(yTrue, yPred, { labels, digits: 3, zeroDivision: 1 }), c.report3);
      const d = metrics.classificationReport(yTrue, yPred, { labels, outputDict: true });
      assert.deepEqual(Object.keys(d), Object.keys(c.reportDict));
      for (const [k, v] of Object.entries(c.reportDict as Record<string, Any>)) {
        if (typeof v === "number") close(d[k], v, "report " + k);
        else for (const f of Object.keys(v)) close((d[k] as Any)[f], v[f], `report ${k} ${f}`);
      }
    });
  }
});

describe(`metrics vs sklearn ${fx.sklearn}: scores`, () => {
  for (const c of scoreCases) {
    test(c.name, () => {
      const { yTrue, yScore } = c as { yTrue: number[]; yScore: number[] };
      const posLabel = c.posLabel as number | undefined;
      const r = metrics.rocCurve(yTrue, yScore, { posLabel });
      close(r.fpr, c.roc.fpr, "fpr");
      close(r.tpr, c.roc.tpr, "tpr");
      close(r.thresholds, c.roc.thresholds, "thresholds");
      const all = metrics.rocCurve(yTrue, yScore, { posLabel, dropIntermediate: false });
      close([all.fpr, all.tpr, all.thresholds], [c.rocAll.fpr, c.rocAll.tpr, c.rocAll.thresholds], "roc all");
      const pr = metrics.precisionRecallCurve(yTrue, yScore, { posLabel });
      close([pr.precision, pr.recall, pr.thresholds], [c.pr.precision, c.pr.recall, c.pr.thresholds], "pr");
      if (c.auc !== undefined) close(metrics.rocAucScore(yTrue, yScore), c.auc, "auc");
      else if (posLabel === undefined && yTrue.length > 0)
        assert.throws(() => metrics.rocAucScore(yTrue, yScore), /^RangeError: \[rocAucScore\] only one class/);
      if (c.ap !== undefined) close(metrics.averagePrecision(yTrue, yScore), c.ap, "ap");
      // tensors in, same answers
      const tr = metrics.rocCurve(torch.tensor(yTrue), torch.tensor(yScore, { dtype: "float64" }), { posLabel });
      close(tr.thresholds, c.roc.thresholds, "tensor thresholds");
    });
  }
});

describe(`metrics vs sklearn ${fx.sklearn}: multiclass scores`, () => {
  for (const c of multiCases) {
    test(c.name, () => {
      const { yTrue, yScore } = c as { yTrue: number[]; yScore: number[][] };
      for (const [key, exp] of Object.entries(c.auc as Record<string, Any>)) {
        const [mc, a] = key.split("|");
        const average = (a === "None" ? null : a) as "macro";
        close(metrics.rocAucScore(yTrue, yScore, { multiClass: mc as "ovr", average }), exp, "auc " + key);
      }
      for (const [a, exp] of Object.entries(c.ap as Record<string, Any>))
        close(
          metrics.averagePrecision(yTrue, yScore, { average: (a === "None" ? null : a) as "macro" }),
          exp,
          "ap " + a,
        );
      const t = torch.tensor(yScore, { dtype: "float64" });
      close(metrics.rocAucScore(torch.tensor(yTrue), t, { multiClass: "ovr" }), c.auc["ovr|macro"], "tensor auc");
    });
  }
});

describe("streaming metrics equal the one-shot metrics", () => {
  for (const c of [...labelCases].filter((x) => !x.labels)) {
    test(c.name, () => {
      const { yTrue, yPred } = c as { yTrue: Label[]; yPred: Label[] };
      const parts = [0, 3, 7, yTrue.length].filter((v, i, a) => v <= yTrue.length && a.indexOf(v) === i);
      const acc = new metrics.StreamingAccuracy();
      const cm = new metrics.StreamingConfusionMatrix();
      const pm = new metrics.StreamingPrecision({ average: "macro" });
      const rw = new metrics.StreamingRecall({ average: "weighted", zeroDivision: 1 });
      const f1 = new metrics.StreamingF1Score({ average: null });
      const fb = new metrics.StreamingFbetaScore(2, { average: "micro" });
      const fp = new metrics.StreamingFalsePositiveRate({ average: "macro" });
      const all = [acc, cm, pm, rw, f1, fb, fp];
      // a stale batch first, to check reset()
      for (const m of all) m.update(["zz"], ["zz"]).reset();
      for (let i = 0; i + 1 < parts.length; i++)
        for (const m of all) m.update(yPred.slice(parts[i], parts[i + 1]), yTrue.slice(parts[i], parts[i + 1]));
      close(acc.compute(), c.accuracy, "accuracy");
      assert.deepEqual(cm.compute(), c.cm);
      close(pm.compute(), c.prf["macro|warn|1"].p, "precision macro");
      close(rw.compute(), c.prf["weighted|1|1"].r, "recall weighted");
      close(f1.compute(), c.prf["None|warn|1"].f, "f1 per class");
      close(fb.compute(), c.prf["micro|warn|2"].f, "f2 micro");
      close(fp.compute(), metrics.falsePositiveRate(yTrue, yPred, { average: "macro" }), "fpr macro");
    });
  }
  test("ROC AUC and AP over batches", () => {
    for (const c of [...scoreCases.filter((x) => x.auc !== undefined), ...multiCases]) {
      const auc = new metrics.StreamingRocAuc({ multiClass: "ovr" });
      const ap = new metrics.StreamingAveragePrecision();
      const h = Math.floor(c.yTrue.length / 2);
      for (const [a, b] of [
        [0, h],
        [h, c.yTrue.length],
      ] as const)
        for (const m of [auc, ap]) m.update(c.yScore.slice(a, b), c.yTrue.slice(a, b));
      close(auc.compute(), c.kind === "multi" ? c.auc["ovr|macro"] : c.auc, c.name + " auc");
      close(ap.compute(), c.kind === "multi" ? c.ap.macro : c.ap, c.name + " ap");
    }
  });
});

describe("metrics: inputs and errors", () => {
  test("tensors, [n, k] scores via argmax and thresholds", () => {
    const y = torch.tensor([0, 1, 2, 2]);
    const logits = torch.tensor([
      [2, 0, 0],
      [0, 3, 1],
      [0, 0, 1],
      [1, 2, 0],
    ]);
    assert.equal(metrics.accuracy(y, logits), 0.75);
    assert.deepEqual(metrics.confusionMatrix(y, logits), [
      [1, 0, 0],
      [0, 1, 0],
      [0, 1, 1],
    ]);
    const s = torch.tensor([0.2, 0.7, 0.5, 0.4]);
    assert.deepEqual(metrics.confusionMatrix([0, 1, 1, 0], s, { threshold: 0.5 }), [
      [2, 0],
      [0, 2],
    ]);
    assert.equal(metrics.precision([0, 1, 1, 0], s, { threshold: 0.3 }), 2 / 3);
    assert.equal(metrics.recall(torch.tensor([true, false, true]), torch.tensor([true, true, true])), 1);
    assert.equal(metrics.accuracy(["a", "b"], ["a", "a"]), 0.5);
  });
  test("report numbers round as Python's format (exact ties to even)", () => {
    const r = metrics.classificationReport([0, 0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 1, 1], { digits: 1 });
    // sklearn's output: 0.875 and 0.75 are exact ties, rounded to even
    const expected = [
      "              precision    recall  f1-score   support",
      "",
      "           0        1.0       0.9       0.9         8",
      "           1        0.5       1.0       0.7         1",
      "",
      "    accuracy                            0.9         9",
      "   macro avg        0.8       0.9       0.8         9",
      "weighted avg        0.9       0.9       0.9         9",
      "",
    ].join("\n");
    assert.equal(r, expected);
  });
  test("errors are one line and say what to do", () => {
    assert.throws(
      () => metrics.precision([0, 1, 2], [0, 1, 1]),
      /^RangeError: \[precision\] target is multiclass but average is "binary"/,
    );
    assert.throws(() => metrics.accuracy([0, 1], [0.2, 0.9]), /pass \{ threshold \}/);
    assert.throws(
      () => metrics.accuracy([0, 1], [0]),
      /inconsistent numbers of samples: got 2 targets and 1 predictions/,
    );
    assert.throws(() => metrics.precision([2, 3], [2, 3]), /posLabel=1 is not a valid label: expected one of \[2,3\]/);
    assert.throws(() => metrics.rocCurve([1, 2], [0.1, 0.2]), /pass \{ posLabel \}/);
    assert.throws(
      () =>
        metrics.rocAucScore(
          [0, 1, 2],
          [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
        ),
      /multiClass must be "ovr" or "ovo"/,
    );
    assert.throws(
      () =>
        metrics.rocAucScore(
          [0, 1, 2],
          [
            [1, 1, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
          { multiClass: "ovr" },
        ),
      /probabilities/,
    );
    assert.throws(() => metrics.rocCurve([0, 1], [0.1, NaN]), /finite/);
    assert.throws(() => metrics.confusionMatrix([0, 1], [0, 1], { labels: [5] }), /at least one of the given labels/);
    assert.throws(
      () => metrics.accuracy([0, "a"], [0, "a"]),
      /^TypeError: \[accuracy\] labels mix numbers and strings/,
    );
    assert.throws(() => new metrics.StreamingAccuracy().compute(), /no samples seen/);
  });
});

test("formatFixed rounds exact ties to even like Python", async () => {
  const { formatFixed } = await import("../../src/train/metrics/report.js");
  assert.equal(formatFixed(0.125, 2), "0.12");
  assert.equal(formatFixed(0.375, 2), "0.38");
  assert.equal(formatFixed(2.5, 0), "2");
  assert.equal(formatFixed(0.1 + 0.2, 2), "0.30");
  assert.equal(formatFixed(2 / 3, 2), "0.67");
  assert.equal(formatFixed(-0.125, 2), "-0.12");
});
