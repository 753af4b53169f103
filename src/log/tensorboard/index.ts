/**
 * `SummaryWriter`: PyTorch's `torch.utils.tensorboard.SummaryWriter`, writing TensorBoard event
 * files (TFRecord-framed `tensorflow.Event` protobufs) that TensorBoard reads.
 */
import { lazyBuiltin } from "../../util/node.js";
import type { Module } from "../../nn/module.js";
import { Tensor } from "../../tensor/tensor.js";
import { encodeMessage } from "./proto.js";
import {
  checkArity,
  checkInt,
  checkNumber,
  checkOneOf,
  checkOptions,
  describe,
  isPlainObject,
  optionKeys,
} from "../../util/args.js";
import { EventFileWriter } from "./record.js";
import { traceGraph } from "./graph.js";
import { hparamsSummaries, prCurveSummary, type HParamValue } from "./plugins.js";
import {
  histogramProto,
  imageGrid,
  imageSummary,
  scalarSummary,
  textSummary,
  toFloat64,
  toHWC,
  type Values,
} from "./summary.js";

export { EventFileWriter, tfRecord, maskedCrc32c } from "./record.js";
export { schema, encodeMessage } from "./proto.js";
export type { HParamValue } from "./plugins.js";

const HINT = "TensorBoard event files are written from Node.js";
const os = lazyBuiltin("node:os", "SummaryWriter", HINT);
const path = lazyBuiltin("node:path", "SummaryWriter", HINT);

/** Options of `new SummaryWriter(logDir, options)`. */
export interface SummaryWriterOptions {
  /** Appended to the default log dir name. */
  comment?: string;
  /** Seconds between automatic flushes (120). */
  flushSecs?: number;
  /** Events buffered before a flush (10). */
  maxQueue?: number;
  /** Appended to event file names. */
  filenameSuffix?: string;
}

const WRITER_KEYS = optionKeys("comment", "flushSecs", "maxQueue", "filenameSuffix");
const IMAGE_KEYS = optionKeys("dataformats", "walltime");
const HPARAMS_KEYS = optionKeys("runName");
const PR_KEYS = optionKeys("weights", "walltime");

function checkTag(op: string, tag: unknown): void {
  if (typeof tag !== "string" || tag === "")
    throw new TypeError(`[${op}] tag must be a non-empty string: got ${describe(tag)}`);
}

/** Checks the trailing `step` and `walltime` every add* method takes. */
function checkStepTime(op: string, step: unknown, walltime: unknown): void {
  if (step !== undefined) checkInt(op, "step", step, -Infinity);
  if (walltime !== undefined) checkNumber(op, "walltime", walltime, { min: 0 });
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `runs/<Mon><DD>_<HH>-<MM>-<SS>_<host><comment>`, as PyTorch's default. */
function defaultLogDir(comment: string): string {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, "0");
  return path.join(
    "runs",
    `${MONTHS[d.getMonth()]}${p(d.getDate())}_${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}_${os.hostname()}${comment}`,
  );
}

/**
 * Writes scalars, histograms, images, text, graphs, hparams and PR curves for TensorBoard.
 * @example const w = new SummaryWriter("runs/exp1"); w.addScalar("loss", 0.5, 1); w.close();
 */
export class SummaryWriter {
  readonly logDir: string;
  private readonly opts: SummaryWriterOptions;
  private writer: EventFileWriter | null = null;
  private readonly scalarWriters = new Map<string, EventFileWriter>();

  constructor(logDir?: string, options: SummaryWriterOptions = {}) {
    checkArity("SummaryWriter", arguments.length, 2);
    if (logDir !== undefined && typeof logDir !== "string")
      throw new TypeError(
        `[SummaryWriter] logDir must be a string: got ${describe(logDir)}${isPlainObject(logDir) ? " (options go second: new SummaryWriter(logDir, { … }))" : ""}`,
      );
    checkOptions("SummaryWriter", options, WRITER_KEYS);
    if (options.comment !== undefined && typeof options.comment !== "string")
      throw new TypeError(`[SummaryWriter] comment must be a string: got ${describe(options.comment)}`);
    if (options.filenameSuffix !== undefined && typeof options.filenameSuffix !== "string")
      throw new TypeError(`[SummaryWriter] filenameSuffix must be a string: got ${describe(options.filenameSuffix)}`);
    if (options.flushSecs !== undefined) checkNumber("SummaryWriter", "flushSecs", options.flushSecs, { min: 0 });
    if (options.maxQueue !== undefined) checkInt("SummaryWriter", "maxQueue", options.maxQueue, 1);
    this.opts = options;
    this.logDir = logDir ?? defaultLogDir(options.comment ?? "");
    this.fileWriter();
  }

  /** The main event file writer (created on first use, as PyTorch). */
  fileWriter(): EventFileWriter {
    if (this.writer === null) this.writer = this.newWriter(this.logDir);
    return this.writer;
  }

  private newWriter(dir: string): EventFileWriter {
    const { flushSecs, maxQueue, filenameSuffix } = this.opts;
    return new EventFileWriter(dir, { flushSecs, maxQueue, filenameSuffix });
  }

  private summary(summary: Record<string, unknown>, step?: number, walltime?: number, w = this.fileWriter()): void {
    const event: Record<string, unknown> = { wall_time: walltime ?? Date.now() / 1000, summary };
    if (step !== undefined) event.step = checkStep(step);
    w.addEvent(event);
  }

  /** Logs one scalar. @example writer.addScalar("Loss/train", loss.item(), epoch) // fragment */
  addScalar(tag: string, value: number | Tensor, step?: number, walltime?: number): void {
    checkArity("addScalar", arguments.length, 4);
    checkTag("addScalar", tag);
    checkStepTime("addScalar", step, walltime);
    this.summary(scalarSummary(tag, value), step, walltime);
  }

  /**
   * Logs several scalars on one chart: each goes to `<logDir>/<mainTag>_<key>/` under tag
   * `mainTag`, as PyTorch's `add_scalars`.
   * @example writer.addScalars("loss", { train: 0.4, val: 0.5 }, epoch) // fragment
   */
  addScalars(mainTag: string, values: Record<string, number | Tensor>, step?: number, walltime?: number): void {
    checkArity("addScalars", arguments.length, 4);
    checkTag("addScalars", mainTag);
    if (!isPlainObject(values))
      throw new TypeError(
        `[addScalars] values must be an object such as { train: 0.4, val: 0.5 }: got ${describe(values)}`,
      );
    checkStepTime("addScalars", step, walltime);
    const wt = walltime ?? Date.now() / 1000;
    for (const [key, v] of Object.entries(values)) {
      const dir = path.join(this.logDir, `${mainTag.replace(/\//g, "_")}_${key}`);
      let w = this.scalarWriters.get(dir);
      if (w === undefined) this.scalarWriters.set(dir, (w = this.newWriter(dir)));
      this.summary(scalarSummary(mainTag, v), step, wt, w);
    }
  }

  /**
   * Logs a histogram of `values`; `bins` is `"tensorflow"` (TensorBoard's exponential buckets),
   * a bin count over [min, max], or explicit edges.
   * @example writer.addHistogram("fc1.weight", model.fc1.weight, epoch) // fragment
   */
  addHistogram(
    tag: string,
    values: Values,
    step?: number,
    bins: "tensorflow" | number | readonly number[] = "tensorflow",
    walltime?: number,
  ): void {
    checkArity("addHistogram", arguments.length, 5);
    checkTag("addHistogram", tag);
    checkStepTime("addHistogram", step, walltime);
    if (typeof bins === "string") checkOneOf("addHistogram", "bins", bins, ["tensorflow"]);
    else if (typeof bins === "number") checkInt("addHistogram", "bins", bins, 1);
    else if (!Array.isArray(bins))
      throw new TypeError(
        `[addHistogram] bins must be "tensorflow", a bin count or an array of edges: got ${describe(bins)}`,
      );
    this.summary({ value: [{ tag, histo: histogramProto(toFloat64(values), bins) }] }, step, walltime);
  }

  /**
   * Logs one image, PNG-encoded: floats in [0, 1] (scaled by 255) or uint8, `[C,H,W]` by default.
   * @example writer.addImage("sample", img, 0, { dataformats: "HW" }) // fragment
   */
  addImage(
    tag: string,
    img: Tensor,
    step?: number,
    opts: { dataformats?: "CHW" | "HWC" | "HW"; walltime?: number } = {},
  ): void {
    checkArity("addImage", arguments.length, 4);
    checkTag("addImage", tag);
    checkOptions("addImage", opts, IMAGE_KEYS);
    const { dataformats = "CHW", walltime } = opts;
    checkOneOf("addImage", "dataformats", dataformats, ["CHW", "HWC", "HW"]);
    checkStepTime("addImage", step, walltime);
    if (!(img instanceof Tensor)) throw new TypeError(`[addImage] img must be a Tensor: got ${describe(img)}`);
    this.summary(imageSummary(tag, toHWC(img, dataformats)), step, walltime);
  }

  /**
   * Logs a batch of images as one grid, 8 per row (`[N,C,H,W]` by default).
   * @example writer.addImages("batch", images, 0) // fragment
   */
  addImages(
    tag: string,
    imgs: Tensor,
    step?: number,
    opts: { dataformats?: "NCHW" | "NHWC"; walltime?: number } = {},
  ): void {
    checkArity("addImages", arguments.length, 4);
    checkTag("addImages", tag);
    checkOptions("addImages", opts, IMAGE_KEYS);
    const { dataformats = "NCHW", walltime } = opts;
    checkOneOf("addImages", "dataformats", dataformats, ["NCHW", "NHWC"]);
    checkStepTime("addImages", step, walltime);
    if (!(imgs instanceof Tensor)) throw new TypeError(`[addImages] imgs must be a Tensor: got ${describe(imgs)}`);
    this.summary(imageSummary(tag, imageGrid(imgs, dataformats)), step, walltime);
  }

  /** Logs text (Markdown) under `<tag>/text_summary`. @example writer.addText("note", "lr = 0.1", 0) */
  addText(tag: string, text: string, step?: number, walltime?: number): void {
    checkArity("addText", arguments.length, 4);
    checkTag("addText", tag);
    if (typeof text !== "string") throw new TypeError(`[addText] text must be a string: got ${describe(text)}`);
    checkStepTime("addText", step, walltime);
    this.summary(textSummary(tag, text), step, walltime);
  }

  /**
   * Logs the model's graph, traced through one forward call on `inputToModel`.
   * @example writer.addGraph(model, torch.randn(1, 784)) // fragment
   */
  addGraph(model: Module, inputToModel: unknown | unknown[]): void {
    checkArity("addGraph", arguments.length, 2);
    if (typeof (model as { call?: unknown } | null)?.call !== "function")
      throw new TypeError(`[addGraph] model must be an nn.Module: got ${describe(model)}`);
    const inputs = Array.isArray(inputToModel) ? inputToModel : [inputToModel];
    const graph = encodeMessage("tensorflow.GraphDef", traceGraph(model, inputs));
    this.fileWriter().addEvent({ wall_time: Date.now() / 1000, graph_def: graph });
  }

  /**
   * Logs a hyperparameter run (into a sub-run `<logDir>/<runName>`) with its final metrics.
   * @example writer.addHparams({ lr: 0.1, bsize: 32 }, { "hparam/accuracy": 0.9 })
   */
  addHparams(
    hparams: Record<string, HParamValue>,
    metrics: Record<string, number>,
    opts: { runName?: string } = {},
  ): void {
    checkArity("addHparams", arguments.length, 3);
    if (!isPlainObject(hparams))
      throw new TypeError(`[addHparams] hparams must be an object such as { lr: 0.1 }: got ${describe(hparams)}`);
    if (!isPlainObject(metrics))
      throw new TypeError(
        `[addHparams] metrics must be an object such as { "hparam/accuracy": 0.9 }: got ${describe(metrics)}`,
      );
    checkOptions("addHparams", opts, HPARAMS_KEYS);
    const { runName } = opts;
    if (runName !== undefined && typeof runName !== "string")
      throw new TypeError(`[addHparams] runName must be a string: got ${describe(runName)}`);
    const dir = path.join(this.logDir, runName ?? String(Date.now() / 1000));
    const w = this.newWriter(dir);
    try {
      for (const s of hparamsSummaries(hparams, metrics)) this.summary(s, undefined, undefined, w);
      for (const [k, v] of Object.entries(metrics)) this.summary(scalarSummary(k, v), undefined, undefined, w);
    } finally {
      w.close();
    }
  }

  /**
   * Logs a precision-recall curve from 0/1 labels and predicted probabilities.
   * @example writer.addPrCurve("pr", labels, probs, 0) // fragment
   */
  addPrCurve(
    tag: string,
    labels: Values,
    predictions: Values,
    step?: number,
    numThresholds = 127,
    opts: { weights?: Values; walltime?: number } = {},
  ): void {
    checkArity("addPrCurve", arguments.length, 6);
    checkTag("addPrCurve", tag);
    checkOptions("addPrCurve", opts, PR_KEYS);
    const { weights, walltime } = opts;
    checkStepTime("addPrCurve", step, walltime);
    checkInt("addPrCurve", "numThresholds", numThresholds, 2);
    const w = weights === undefined ? undefined : toFloat64(weights);
    this.summary(prCurveSummary(tag, toFloat64(labels), toFloat64(predictions), numThresholds, w), step, walltime);
  }

  /** Writes buffered events to disk. @example writer.flush() */
  flush(): void {
    this.writer?.flush();
    this.scalarWriters.forEach((w) => w.flush());
  }

  /** Flushes and closes every event file. @example writer.close() */
  close(): void {
    this.writer?.close();
    this.scalarWriters.forEach((w) => w.close());
    this.writer = null;
    this.scalarWriters.clear();
  }
}

function checkStep(step: number): number {
  if (!Number.isInteger(step)) throw new TypeError(`[SummaryWriter] step must be an integer: got ${step}`);
  return step;
}
