/**
 * Bad input to `plot`, `log` (SummaryWriter, ConsoleLogger, JsonlLogger) and `viz` (makeDot):
 * every row calls the API wrongly (as plain JS would) and asserts the error class and the `[op]`
 * message.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe } from "node:test";
import * as torch from "../../src/index.js";
import { ConsoleLogger, JsonlLogger, SummaryWriter } from "../../src/log/index.js";
import { EventFileWriter } from "../../src/log/tensorboard/index.js";
import { makeDot } from "../../src/viz/index.js";
import { bad, table } from "./table.js";

const { plot } = torch;

const losses = [0.9, 0.5, 0.3];
const img = torch.rand([4, 4]);

describe("plot", () => {
  table([
    [
      "figure n_rows",
      () => plot.figure(bad({ n_rows: 2 })),
      TypeError,
      '[figure] unknown option "n_rows": did you mean "rows"?',
    ],
    ["figure rows 0", () => plot.figure({ rows: 0 }), RangeError, "[figure] rows must be >= 1: got 0"],
    ["figure cols 1.5", () => plot.figure({ cols: 1.5 }), TypeError, "[figure] cols must be an integer: got 1.5"],
    ["figure title number", () => plot.figure({ title: bad(3) }), TypeError, "[figure] title must be a string: got 3"],
    [
      "figure(2, 2)",
      () => (plot.figure as (...a: unknown[]) => unknown)(2, 2),
      TypeError,
      "[figure] takes at most 1 positional argument: got 2 (keyword arguments go in a final options object)",
    ],
    [
      "subplot non-figure",
      () => plot.figure({ rows: 1, cols: 2 }).subplot(1, bad({})),
      TypeError,
      "[subplot] chart must be a Figure (e.g. plot.imshow(img)): got object",
    ],
    ["save(5)", () => plot.figure().save(bad(5)), TypeError, "[save] path must be a string: got number"],
    [
      "toPNG dpi",
      () => plot.figure().toPNG(bad({ dpi: 300 })),
      TypeError,
      '[toPNG] unknown option "dpi": expected one of "scale"',
    ],
    [
      "linePlot ylabel",
      () => plot.linePlot({ loss: losses }, bad({ ylabel: "loss" })),
      TypeError,
      '[linePlot] unknown option "ylabel": did you mean "yLabel"?',
    ],
    [
      "linePlot log_y",
      () => plot.linePlot({ loss: losses }, bad({ log_y: true })),
      TypeError,
      '[linePlot] unknown option "log_y": did you mean "logY"?',
    ],
    [
      "linePlot array series",
      () => plot.linePlot(bad(losses)),
      TypeError,
      "[linePlot] series must be an object of named series such as { train: losses }: got an array",
    ],
    [
      "linePlot xDomain reversed",
      () => plot.linePlot({ loss: losses }, { xDomain: [1, 0] }),
      RangeError,
      "[linePlot] xDomain must have min < max: got [1, 0]",
    ],
    [
      "linePlot yDomain one number",
      () => plot.linePlot({ loss: losses }, { yDomain: bad([1]) }),
      TypeError,
      "[linePlot] yDomain must be [min, max] (two finite numbers): got an array of length 1",
    ],
    [
      "linePlot legendOrient",
      () => plot.linePlot({ loss: losses }, { legendOrient: "top-rigth" }),
      RangeError,
      /^\[linePlot\] legendOrient must be one of "left", .*: got "top-rigth" \(did you mean "top-right"\?\)$/,
    ],
    [
      "linePlot width 0",
      () => plot.linePlot({ loss: losses }, { width: 0 }),
      RangeError,
      "[linePlot] width must be > 0: got 0",
    ],
    [
      "plotLosses x_label",
      () => plot.plotLosses(losses, undefined, bad({ x_label: "epoch" })),
      TypeError,
      '[plotLosses] unknown option "x_label": did you mean "xLabel"?',
    ],
    [
      "plotLosses opts second",
      () => plot.plotLosses(losses, bad({ title: "loss" })),
      TypeError,
      "[linePlot] expected a tensor or an array of numbers: got object",
    ],
    [
      "barChart true_label",
      () => plot.barChart([0.1, 0.9], bad({ true_label: 1 })),
      TypeError,
      '[barChart] unknown option "true_label": did you mean "trueLabel"?',
    ],
    [
      "barChart predicted 1.5",
      () => plot.barChart([0.1, 0.9], { predicted: 1.5 }),
      TypeError,
      "[barChart] predicted must be an integer: got 1.5",
    ],
    [
      "barChart labels numbers",
      () => plot.barChart([0.1, 0.9], { labels: bad([0, 1]) }),
      TypeError,
      "[barChart] labels must be an array of strings: got an array of length 2",
    ],
    [
      "heatmap colormap",
      () =>
        plot.heatmap(
          [
            [1, 2],
            [3, 4],
          ],
          bad({ colormap: "Blues" }),
        ),
      TypeError,
      /^\[heatmap\] unknown option "colormap": expected one of "annotate", "cmap", "format"/,
    ],
    [
      "heatmap cmap typo",
      () =>
        plot.heatmap(
          [
            [1, 2],
            [3, 4],
          ],
          { cmap: "blues" },
        ),
      RangeError,
      /^\[heatmap\] unknown colormap "blues": did you mean "Blues"\? expected one of viridis/,
    ],
    [
      "heatmap annotate string",
      () =>
        plot.heatmap(
          [
            [1, 2],
            [3, 4],
          ],
          { annotate: bad("yes") },
        ),
      TypeError,
      '[heatmap] annotate must be a boolean: got "yes"',
    ],
    [
      "rocCurve plot options",
      () => plot.rocCurve([0, 1], [0.2, 0.8], bad({ x_label: "fpr" })),
      TypeError,
      '[rocCurve] unknown option "x_label": did you mean "xLabel"?',
    ],
    [
      "prCurve height -1",
      () => plot.prCurve([0, 1], [0.2, 0.8], { height: -1 }),
      RangeError,
      "[prCurve] height must be > 0: got -1",
    ],
    [
      "imshow cmap typo",
      () => plot.imshow(img, { cmap: "viridiss" }),
      RangeError,
      /^\[imshow\] unknown colormap "viridiss": did you mean "viridis"\?/,
    ],
    [
      "imshow v_min",
      () => plot.imshow(img, bad({ v_min: 0 })),
      TypeError,
      '[imshow] unknown option "v_min": did you mean "vmin"?',
    ],
    [
      "imshow vmin >= vmax",
      () => plot.imshow(img, { vmin: 1, vmax: 0 }),
      RangeError,
      "[imshow] vmin must be < vmax: got vmin 1 and vmax 0",
    ],
    [
      "imshow interpolation",
      () => plot.imshow(img, bad({ interpolation: "nearest" })),
      TypeError,
      /^\[imshow\] unknown option "interpolation": expected one of "axis", "caption"/,
    ],
    [
      "imageGrid ncols",
      () => plot.imageGrid(torch.rand([2, 4, 4]), bad({ ncols: 2 })),
      TypeError,
      '[imageGrid] unknown option "ncols": did you mean "cols"?',
    ],
    [
      "imageGrid cols 0",
      () => plot.imageGrid(torch.rand([2, 4, 4]), { cols: 0 }),
      RangeError,
      "[imageGrid] cols must be >= 1: got 0",
    ],
    [
      "imageGrid captions not strings",
      () => plot.imageGrid(torch.rand([2, 4, 4]), { captions: bad([1, 2]) }),
      TypeError,
      "[imageGrid] captions must be an array of strings: got an array of length 2",
    ],
    [
      "scatter x_label",
      () => plot.scatter([[0, 1]], undefined, bad({ x_label: "x" })),
      TypeError,
      '[scatter] unknown option "x_label": did you mean "xLabel"?',
    ],
    [
      "contour resolution 0",
      () => plot.contour((a, b) => a + b, [0, 1], [0, 1], { resolution: 0 }),
      RangeError,
      "[contour] resolution must be >= 1: got 0",
    ],
    [
      "contour xRange reversed",
      () => plot.contour((a, b) => a + b, [1, 0], [0, 1]),
      RangeError,
      "[contour] xRange must have min < max: got [1, 0]",
    ],
    [
      "contour fn missing",
      () => plot.contour(bad(null), [0, 1], [0, 1]),
      TypeError,
      "[contour] fn must be a function: got null",
    ],
    [
      "decisionBoundary n_points",
      () => plot.decisionBoundary((t) => t, torch.rand([3, 2]), undefined, bad({ n_points: 10 })),
      TypeError,
      /^\[decisionBoundary\] unknown option "n_points": expected one of/,
    ],
    [
      "decisionBoundary margin -1",
      () => plot.decisionBoundary((t) => t, torch.rand([3, 2]), undefined, { margin: -1 }),
      RangeError,
      "[decisionBoundary] margin must be >= 0: got -1",
    ],
    [
      "decisionBoundary model",
      () => plot.decisionBoundary(bad(5), torch.rand([3, 2])),
      TypeError,
      "[decisionBoundary] model must be a function or have call(x): got number",
    ],
  ]);
});

describe("log and viz", () => {
  const dir = mkdtempSync(join(tmpdir(), "antorcha-errors-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const w = new SummaryWriter(join(dir, "run"));
  after(() => w.close());
  const x = torch.tensor([1.5], { requiresGrad: true });
  const out = x.mul(2).sum();
  table([
    [
      "SummaryWriter({ logDir })",
      () => new SummaryWriter(bad({ logDir: "runs" })),
      TypeError,
      "[SummaryWriter] logDir must be a string: got an object (options go second: new SummaryWriter(logDir, { … }))",
    ],
    [
      "SummaryWriter flush_secs",
      () => new SummaryWriter(join(dir, "a"), bad({ flush_secs: 10 })),
      TypeError,
      '[SummaryWriter] unknown option "flush_secs": did you mean "flushSecs"?',
    ],
    [
      "SummaryWriter max_queue",
      () => new SummaryWriter(join(dir, "a"), bad({ max_queue: 5 })),
      TypeError,
      '[SummaryWriter] unknown option "max_queue": did you mean "maxQueue"?',
    ],
    [
      "SummaryWriter maxQueue 0",
      () => new SummaryWriter(join(dir, "a"), { maxQueue: 0 }),
      RangeError,
      "[SummaryWriter] maxQueue must be >= 1: got 0",
    ],
    [
      "addScalar tag number",
      () => w.addScalar(bad(1), 0.5, 1),
      TypeError,
      "[addScalar] tag must be a non-empty string: got 1",
    ],
    [
      "addScalar step 1.5",
      () => w.addScalar("loss", 0.5, 1.5),
      TypeError,
      "[addScalar] step must be an integer: got 1.5",
    ],
    [
      "addScalar value string",
      () => w.addScalar("loss", bad("0.5"), 1),
      TypeError,
      "[addScalar] value must be a number or a one-element tensor: got string",
    ],
    [
      "addScalar five arguments",
      () => (w.addScalar as (...a: unknown[]) => unknown)("loss", 1, 1, 1, true),
      TypeError,
      "[addScalar] takes at most 4 positional arguments: got 5 (keyword arguments go in a final options object)",
    ],
    [
      "addScalar walltime string",
      () => w.addScalar("loss", 1, 1, bad("now")),
      TypeError,
      '[addScalar] walltime must be a number: got "now"',
    ],
    [
      "addScalars array",
      () => w.addScalars("loss", bad([0.4, 0.5]), 1),
      TypeError,
      "[addScalars] values must be an object such as { train: 0.4, val: 0.5 }: got an array of length 2",
    ],
    [
      "addHistogram bins auto",
      () => w.addHistogram("h", [1, 2, 3], 0, bad("auto")),
      RangeError,
      '[addHistogram] bins must be one of "tensorflow": got "auto"',
    ],
    [
      "addHistogram bins 0",
      () => w.addHistogram("h", [1, 2, 3], 0, 0),
      RangeError,
      "[addHistogram] bins must be >= 1: got 0",
    ],
    [
      "addImage dataformats",
      () => w.addImage("i", torch.rand([4, 4]), 0, { dataformats: bad("WH") }),
      RangeError,
      '[addImage] dataformats must be one of "CHW", "HWC", "HW": got "WH" (did you mean "HW"?)',
    ],
    [
      "addImage data_formats",
      () => w.addImage("i", torch.rand([4, 4]), 0, bad({ data_formats: "HW" })),
      TypeError,
      '[addImage] unknown option "data_formats": did you mean "dataformats"?',
    ],
    [
      "addImage array",
      () => w.addImage("i", bad([[0]]), 0, { dataformats: "HW" }),
      TypeError,
      "[addImage] img must be a Tensor: got an array of length 1",
    ],
    [
      "addImages NHWC typo",
      () => w.addImages("i", torch.rand([1, 1, 2, 2]), 0, { dataformats: bad("NWHC") }),
      RangeError,
      /^\[addImages\] dataformats must be one of "NCHW", "NHWC": got "NWHC"/,
    ],
    ["addText number", () => w.addText("t", bad(5), 0), TypeError, "[addText] text must be a string: got 5"],
    [
      "addGraph non-module",
      () => w.addGraph(bad({}), torch.rand([1])),
      TypeError,
      "[addGraph] model must be an nn.Module: got an object",
    ],
    [
      "addHparams run_name",
      () => w.addHparams({ lr: 0.1 }, { acc: 1 }, bad({ run_name: "a" })),
      TypeError,
      '[addHparams] unknown option "run_name": did you mean "runName"?',
    ],
    [
      "addHparams metrics array",
      () => w.addHparams({ lr: 0.1 }, bad([1])),
      TypeError,
      '[addHparams] metrics must be an object such as { "hparam/accuracy": 0.9 }: got an array of length 1',
    ],
    [
      "addPrCurve numThresholds 1",
      () => w.addPrCurve("pr", [0, 1], [0.2, 0.8], 0, 1),
      RangeError,
      "[addPrCurve] numThresholds must be >= 2: got 1",
    ],
    [
      "addPrCurve weight",
      () => w.addPrCurve("pr", [0, 1], [0.2, 0.8], 0, 10, bad({ weight: [1, 1] })),
      TypeError,
      '[addPrCurve] unknown option "weight": did you mean "weights"?',
    ],
    [
      "EventFileWriter flush_secs",
      () => new EventFileWriter(join(dir, "e"), bad({ flush_secs: 1 })),
      TypeError,
      '[EventFileWriter] unknown option "flush_secs": did you mean "flushSecs"?',
    ],
    [
      "EventFileWriter maxQueue 0",
      () => new EventFileWriter(join(dir, "e"), { maxQueue: 0 }),
      RangeError,
      "[EventFileWriter] maxQueue must be >= 1: got 0",
    ],
    [
      "ConsoleLogger precision",
      () => new ConsoleLogger(bad({ precision: 3 })),
      TypeError,
      /^\[ConsoleLogger\] unknown option "precision": expected one of "digits", "print"$/,
    ],
    [
      "ConsoleLogger digits -1",
      () => new ConsoleLogger({ digits: -1 }),
      RangeError,
      "[ConsoleLogger] digits must be >= 0: got -1",
    ],
    [
      "ConsoleLogger print string",
      () => new ConsoleLogger({ print: bad("stdout") }),
      TypeError,
      '[ConsoleLogger] print must be a function: got "stdout"',
    ],
    [
      "ConsoleLogger.log array",
      () => new ConsoleLogger({ print: () => {} }).log(bad([0.4]), 1),
      TypeError,
      "[ConsoleLogger.log] metrics must be an object such as { loss: 0.4 }: got an array of length 1",
    ],
    [
      "ConsoleLogger.log step 0.5",
      () => new ConsoleLogger({ print: () => {} }).log({ loss: 0.4 }, 0.5),
      TypeError,
      "[ConsoleLogger.log] step must be an integer: got 0.5",
    ],
    [
      "JsonlLogger({ path })",
      () => new JsonlLogger(bad({ path: "m.jsonl" })),
      TypeError,
      "[JsonlLogger] path must be a non-empty string: got an object",
    ],
    [
      "JsonlLogger.log step string",
      () => new JsonlLogger(join(dir, "m.jsonl")).log({ loss: 1 }, bad("1")),
      TypeError,
      '[JsonlLogger.log] step must be an integer: got "1"',
    ],
    [
      "makeDot show_attrs",
      () => makeDot(out, bad({ show_attrs: true })),
      TypeError,
      '[makeDot] unknown option "show_attrs": did you mean "showAttrs"?',
    ],
    [
      "makeDot showAttrs 1",
      () => makeDot(out, { showAttrs: bad(1) }),
      TypeError,
      "[makeDot] showAttrs must be a boolean: got 1",
    ],
    [
      "makeDot params number",
      () => makeDot(out, { params: bad(5) }),
      TypeError,
      "[makeDot] params must be model.namedParameters(), a Map or an object of tensors: got 5",
    ],
    [
      "makeDot output array of numbers",
      () => makeDot(bad([1, 2])),
      TypeError,
      "[makeDot] output must be a Tensor or an array of tensors: got an array of length 2",
    ],
    [
      "Digraph.toPNG dpi",
      () => makeDot(out).toPNG(bad({ dpi: 2 })),
      TypeError,
      '[Digraph.toPNG] unknown option "dpi": expected one of "scale"',
    ],
  ]);
});
