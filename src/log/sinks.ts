/**
 * Plain metric sinks beside TensorBoard: `ConsoleLogger` prints one line per step, `JsonlLogger`
 * appends one JSON object per step to a file (easy to load with pandas or `jq`).
 */
import { Tensor } from "../tensor/tensor.js";
import { lazyBuiltin } from "../util/node.js";

const fs = lazyBuiltin("node:fs", "JsonlLogger", "log to the console with ConsoleLogger in a browser");
const nodePath = lazyBuiltin("node:path", "JsonlLogger");
import {
  checkArity,
  checkFunction,
  checkInt,
  checkOptions,
  describe,
  isPlainObject,
  optionKeys,
} from "../util/args.js";

const CONSOLE_KEYS = optionKeys("digits", "print");

function checkLog(op: string, given: number, metrics: unknown, step: unknown): void {
  checkArity(op, given, 2);
  if (!isPlainObject(metrics))
    throw new TypeError(`[${op}] metrics must be an object such as { loss: 0.4 }: got ${describe(metrics)}`);
  if (step !== undefined) checkInt(op, "step", step, -Infinity);
}

/** Metric values: numbers or one-element tensors. */
export type Metrics = Record<string, number | Tensor>;

function plain(metrics: Metrics, op: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(metrics)) {
    const n = v instanceof Tensor ? Number(v.item()) : v;
    if (typeof n !== "number")
      throw new TypeError(`[${op}] metric ${k} must be a number or a one-element tensor: got ${typeof v}`);
    out[k] = n;
  }
  return out;
}

/** Something that records metrics at a step. */
export interface MetricSink {
  log(metrics: Metrics, step?: number): void;
  close(): void;
}

/**
 * Prints `step 10 | loss 0.4321 | acc 0.9100`.
 * @example new ConsoleLogger().log({ loss: 0.43 }, 10)
 */
export class ConsoleLogger implements MetricSink {
  constructor(private readonly opts: { digits?: number; print?: (line: string) => void } = {}) {
    checkArity("ConsoleLogger", arguments.length, 1);
    checkOptions("ConsoleLogger", opts, CONSOLE_KEYS);
    if (opts.digits !== undefined) checkInt("ConsoleLogger", "digits", opts.digits);
    if (opts.digits !== undefined && opts.digits > 100)
      throw new RangeError(`[ConsoleLogger] digits must be <= 100: got ${opts.digits}`);
    if (opts.print !== undefined) checkFunction("ConsoleLogger", "print", opts.print);
  }

  /** Formats one line (what `log` prints). @example new ConsoleLogger().format({ loss: 0.5 }, 1) // "step 1 | loss 0.5000" */
  format(metrics: Metrics, step?: number): string {
    checkLog("ConsoleLogger.format", arguments.length, metrics, step);
    const d = this.opts.digits ?? 4;
    const parts = Object.entries(plain(metrics, "ConsoleLogger")).map(
      ([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(d)}`,
    );
    return (step === undefined ? [] : [`step ${step}`]).concat(parts).join(" | ");
  }

  log(metrics: Metrics, step?: number): void {
    checkLog("ConsoleLogger.log", arguments.length, metrics, step);
    (this.opts.print ?? console.log)(this.format(metrics, step));
  }

  close(): void {}
}

/**
 * Appends `{"step":10,"wall_time":…,"loss":0.43}` lines to `path`.
 * @example const j = new JsonlLogger("runs/exp1/metrics.jsonl"); j.log({ loss: 0.43 }, 10);
 */
export class JsonlLogger implements MetricSink {
  constructor(readonly path: string) {
    checkArity("JsonlLogger", arguments.length, 1);
    if (typeof path !== "string" || path === "")
      throw new TypeError(`[JsonlLogger] path must be a non-empty string: got ${describe(path)}`);
    fs.mkdirSync(nodePath.dirname(path), { recursive: true });
  }

  log(metrics: Metrics, step?: number): void {
    checkLog("JsonlLogger.log", arguments.length, metrics, step);
    const row = {
      ...(step === undefined ? {} : { step }),
      wall_time: Date.now() / 1000,
      ...plain(metrics, "JsonlLogger"),
    };
    fs.appendFileSync(this.path, JSON.stringify(row) + "\n");
  }

  close(): void {}
}
