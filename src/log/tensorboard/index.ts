/**
 * `SummaryWriter`: PyTorch's `torch.utils.tensorboard.SummaryWriter`, writing TensorBoard event
 * files (TFRecord-framed `tensorflow.Event` protobufs) that TensorBoard reads.
 */
import { lazyBuiltin } from "../../util/node.js";
import type { Module } from "../../nn/module.js";
import { Tensor } from "../../tensor/tensor.js";
import { encodeMessage } from "./proto.js";
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

  /** Logs one scalar. @example writer.addScalar("Loss/train", loss.item(), epoch) */
  addScalar(tag: string, value: number | Tensor, step?: number, walltime?: number): void {
    this.summary(scalarSummary(tag, value), step, walltime);
  }

  /**
   * Logs several scalars on one chart: each goes to `<logDir>/<mainTag>_<key>/` under tag
   * `mainTag`, as PyTorch's `add_scalars`.
   * @example writer.addScalars("loss", { train: 0.4, val: 0.5 }, epoch)
   */
  addScalars(mainTag: string, values: Record<string, number | Tensor>, step?: number, walltime?: number): void {
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
   * @example writer.addHistogram("fc1.weight", model.fc1.weight, epoch)
   */
  addHistogram(
    tag: string,
    values: Values,
    step?: number,
    bins: "tensorflow" | number | readonly number[] = "tensorflow",
    walltime?: number,
  ): void {
    this.summary({ value: [{ tag, histo: histogramProto(toFloat64(values), bins) }] }, step, walltime);
  }

  /**
   * Logs one image, PNG-encoded: floats in [0, 1] (scaled by 255) or uint8, `[C,H,W]` by default.
   * @example writer.addImage("sample", img, 0, { dataformats: "HW" })
   */
  addImage(
    tag: string,
    img: Tensor,
    step?: number,
    { dataformats = "CHW", walltime }: { dataformats?: "CHW" | "HWC" | "HW"; walltime?: number } = {},
  ): void {
    this.summary(imageSummary(tag, toHWC(img, dataformats)), step, walltime);
  }

  /**
   * Logs a batch of images as one grid, 8 per row (`[N,C,H,W]` by default).
   * @example writer.addImages("batch", images, 0)
   */
  addImages(
    tag: string,
    imgs: Tensor,
    step?: number,
    { dataformats = "NCHW", walltime }: { dataformats?: "NCHW" | "NHWC"; walltime?: number } = {},
  ): void {
    this.summary(imageSummary(tag, imageGrid(imgs, dataformats)), step, walltime);
  }

  /** Logs text (Markdown) under `<tag>/text_summary`. @example writer.addText("note", "lr = 0.1", 0) */
  addText(tag: string, text: string, step?: number, walltime?: number): void {
    this.summary(textSummary(tag, text), step, walltime);
  }

  /**
   * Logs the model's graph, traced through one forward call on `inputToModel`.
   * @example writer.addGraph(model, torch.randn(1, 784))
   */
  addGraph(model: Module, inputToModel: unknown | unknown[]): void {
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
    { runName }: { runName?: string } = {},
  ): void {
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
   * @example writer.addPrCurve("pr", labels, probs, 0)
   */
  addPrCurve(
    tag: string,
    labels: Values,
    predictions: Values,
    step?: number,
    numThresholds = 127,
    { weights, walltime }: { weights?: Values; walltime?: number } = {},
  ): void {
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
