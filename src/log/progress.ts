/**
 * Keras' progress bar (`tf.keras.utils.Progbar`), same text:
 * `1875/1875 [==============================] - 2s 928us/step - loss: 0.6331 - accuracy: 0.7769`.
 * On a TTY (verbose 1) the line is redrawn in place with `\r`; on anything else only the final
 * line of each run is written. Verbose 2 writes `1875/1875 - 2s - loss: … - accuracy: …`.
 * The clock and the stream are injectable so tests can compare golden strings.
 */
import { stdout } from "../util/node.js";

import { checkFunction, checkInt, checkNumber, checkOptions, describe, optionKeys } from "../util/args.js";

const KEYS = optionKeys("width", "verbose", "stream", "clock", "unitName", "interval");

/** Where the bar writes: `process.stdout` or anything with `write` (and `isTTY`). */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/** Options of `Progbar`. */
export interface ProgbarOptions {
  /** Bar width in characters (Keras: 30). */
  width?: number;
  /** 1: bar, 2: one line at the end, 0: silent. */
  verbose?: 0 | 1 | 2;
  /** Defaults to `process.stdout`. */
  stream?: ProgressStream;
  /** Seconds; defaults to `performance.now() / 1000`. */
  clock?: () => number;
  /** Unit in `928us/step`. */
  unitName?: string;
  /** Minimum seconds between TTY redraws (Keras: 0.05). */
  interval?: number;
}

/** Python's `'%.4f' % v if abs(v) > 1e-3 else '%.4e' % v`. */
export function formatMetricValue(v: number): string {
  if (Math.abs(v) > 1e-3 || !Number.isFinite(v))
    return Number.isFinite(v) ? v.toFixed(4) : String(v).toLowerCase().replace("infinity", "inf");
  const [m, e] = v.toExponential(4).split("e");
  const sign = e![0] === "-" ? "-" : "+";
  const digits = e!.replace(/^[+-]/, "").padStart(2, "0");
  return `${m}e${sign}${digits}`;
}

/** Keras' `_format_time`: ` 2s/step`, ` 13ms/step`, ` 928us/step`. */
export function formatTimePerUnit(t: number, unit: string): string {
  if (t >= 1 || t === 0) return ` ${t.toFixed(0)}s/${unit}`;
  if (t >= 1e-3) return ` ${(t * 1e3).toFixed(0)}ms/${unit}`;
  return ` ${(t * 1e6).toFixed(0)}us/${unit}`;
}

function formatEta(eta: number): string {
  if (eta > 3600)
    return `${Math.floor(eta / 3600)}:${String(Math.floor((eta % 3600) / 60)).padStart(2, "0")}:${String(Math.floor(eta % 60)).padStart(2, "0")}`;
  if (eta > 60) return `${Math.floor(eta / 60)}:${String(Math.floor(eta % 60)).padStart(2, "0")}`;
  return `${eta.toFixed(0)}s`;
}

/** Python's `'%.0f'` rounds half to even; toFixed rounds half away from zero: close enough for times. */
function seconds(t: number): string {
  return t.toFixed(0);
}

/**
 * A Keras progress bar over `target` steps.
 * @example const bar = new Progbar(1875); bar.update(1, [["loss", 0.5]]); bar.update(1875, [["loss", 0.3]], true);
 */
export class Progbar {
  readonly target: number;
  readonly width: number;
  readonly verbose: 0 | 1 | 2;
  private readonly stream: ProgressStream;
  private readonly clock: () => number;
  private readonly unitName: string;
  private readonly interval: number;
  private readonly dynamic: boolean;
  private readonly start: number;
  private lastUpdate = -Infinity;
  private prevWidth = 0;
  private timeAfterFirst: number | null = null;
  private firstStep = true;
  private decided: { current: number; now: number } | null = null;

  constructor(target: number, opts: ProgbarOptions = {}) {
    const op = "Progbar";
    this.target = checkInt(op, "target", target, 1);
    checkOptions(op, opts, KEYS);
    if (opts.width !== undefined) checkInt(op, "width", opts.width, 1);
    if (opts.verbose !== undefined && opts.verbose !== 0 && opts.verbose !== 1 && opts.verbose !== 2)
      throw new RangeError(`[${op}] verbose must be 0, 1 or 2: got ${describe(opts.verbose)}`);
    if (opts.stream !== undefined && typeof (opts.stream as { write?: unknown })?.write !== "function")
      throw new TypeError(`[${op}] stream must have a write(s) method: got ${describe(opts.stream)}`);
    if (opts.clock !== undefined) checkFunction(op, "clock", opts.clock);
    if (opts.unitName !== undefined && typeof opts.unitName !== "string")
      throw new TypeError(`[${op}] unitName must be a string: got ${describe(opts.unitName)}`);
    if (opts.interval !== undefined) checkNumber(op, "interval", opts.interval, { min: 0 });
    this.width = opts.width ?? 30;
    this.verbose = opts.verbose ?? 1;
    this.stream = opts.stream ?? stdout();
    this.clock = opts.clock ?? (() => performance.now() / 1000);
    this.unitName = opts.unitName ?? "step";
    this.interval = opts.interval ?? 0.05;
    this.dynamic = this.stream.isTTY === true;
    this.start = this.clock();
  }

  /** The `1875/1875 [====>....]` part. */
  bar(current: number): string {
    const digits = Math.floor(Math.log10(this.target)) + 1;
    let s = `${String(current).padStart(digits)}/${this.target} [`;
    const progWidth = Math.floor((this.width * current) / this.target);
    if (progWidth > 0) s += "=".repeat(progWidth - 1) + (current < this.target ? ">" : "=");
    s += ".".repeat(Math.max(0, this.width - progWidth)) + "]";
    return s;
  }

  /**
   * @internal whether `update(current, …, finalize)` will write a line (its values are shown):
   * the time is taken now and the next update of `current` uses it, so the answer holds.
   */
  willWrite(current: number, finalize = current >= this.target): boolean {
    if (this.verbose === 0) return false;
    const now = this.clock();
    this.decided = { current, now };
    if (this.verbose === 2) return finalize;
    return finalize || (this.dynamic && now - this.lastUpdate >= this.interval);
  }

  /**
   * Shows step `current` with the running `values` (already averaged); `finalize` ends the line.
   * @example bar.update(10, [["loss", 0.51], ["accuracy", 0.82]]); // fragment
   */
  update(current: number, values: [string, number][] = [], finalize = current >= this.target): void {
    if (this.verbose === 0) return;
    const now = this.decided?.current === current ? this.decided.now : this.clock();
    this.decided = null;
    // Keras excludes the first step (graph tracing) from the per-step time when it can
    if (this.firstStep && current > 0) {
      this.firstStep = false;
      this.timeAfterFirst = now;
    }
    const metrics = values.map(([k, v]) => ` - ${k}: ${formatMetricValue(v)}`).join("");
    const elapsed = now - this.start;
    if (this.verbose === 2) {
      if (!finalize) return;
      const digits = Math.floor(Math.log10(this.target)) + 1;
      this.stream.write(`${String(current).padStart(digits)}/${this.target} - ${seconds(elapsed)}s${metrics}\n`);
      return;
    }
    if (!finalize && (!this.dynamic || now - this.lastUpdate < this.interval)) return;
    this.lastUpdate = now;
    const bar = this.bar(current);
    let info: string;
    if (finalize) {
      const perStep = current > 0 ? elapsed / current : 0;
      info = ` - ${seconds(elapsed)}s${formatTimePerUnit(perStep, this.unitName)}`;
    } else {
      const since = this.timeAfterFirst !== null && current > 1 ? (now - this.timeAfterFirst) / (current - 1) : 0;
      const perStep = since > 0 ? since : current > 0 ? elapsed / current : 0;
      info = ` - ETA: ${formatEta(perStep * (this.target - current))}`;
    }
    let line = bar + info + metrics;
    const total = line.length;
    if (this.dynamic && this.prevWidth > total) line += " ".repeat(this.prevWidth - total);
    this.prevWidth = total;
    this.stream.write((this.dynamic ? "\r" : "") + line + (finalize ? "\n" : ""));
  }
}
