/**
 * TFRecord framing and the event file writer: each record is
 * `u64le length | u32le masked_crc32c(length) | data | u32le masked_crc32c(data)`.
 */
import { crc32c } from "../../util/crc32.js";
import { lazyBuiltin } from "../../util/node.js";
import { encodeMessage } from "./proto.js";
import { checkInt, checkNumber, checkOptions, describe, optionKeys } from "../../util/args.js";

const HINT = "TensorBoard event files are written from Node.js";
const fs = lazyBuiltin("node:fs", "SummaryWriter", HINT);
const os = lazyBuiltin("node:os", "SummaryWriter", HINT);
const path = lazyBuiltin("node:path", "SummaryWriter", HINT);

/** TFRecord's CRC mask: rotate right by 15 bits and add a constant (masked = ((c >>> 15) | (c << 17)) + 0xa282ead8). */
export function maskedCrc32c(data: Uint8Array): number {
  const c = crc32c(data);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** Frames one record. @example tfRecord(new Uint8Array([1, 2])) */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 16);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, BigInt(data.length), true);
  v.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  v.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

let globalUid = 0;
const openWriters = new Set<EventFileWriter>();
let exitHookInstalled = false;

/**
 * Appends framed `Event` records to `events.out.tfevents.<secs>.<host>.<pid>.<n><suffix>` in
 * `logDir`, buffering in memory and flushing every `flushSecs` seconds, on `flush()`/`close()`
 * and at process exit.
 */
const WRITER_KEYS = optionKeys("flushSecs", "filenameSuffix", "maxQueue");

export class EventFileWriter {
  readonly path: string;
  private fd: number | null;
  private pending: Uint8Array[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly logDir: string,
    opts: { flushSecs?: number; filenameSuffix?: string; maxQueue?: number } = {},
  ) {
    checkOptions("EventFileWriter", opts, WRITER_KEYS);
    if (typeof logDir !== "string")
      throw new TypeError(`[EventFileWriter] logDir must be a string: got ${describe(logDir)}`);
    const { flushSecs = 120, filenameSuffix = "", maxQueue = 10 } = opts;
    checkNumber("EventFileWriter", "flushSecs", flushSecs, { min: 0 });
    checkInt("EventFileWriter", "maxQueue", maxQueue, 1);
    if (typeof filenameSuffix !== "string")
      throw new TypeError(`[EventFileWriter] filenameSuffix must be a string: got ${describe(filenameSuffix)}`);
    fs.mkdirSync(logDir, { recursive: true });
    const secs = Math.floor(Date.now() / 1000);
    this.path = path.join(
      logDir,
      `events.out.tfevents.${String(secs).padStart(10, "0")}.${os.hostname()}.${process.pid}.${globalUid++}${filenameSuffix}`,
    );
    this.fd = fs.openSync(this.path, "a");
    this.maxQueue = maxQueue;
    this.addEvent({ wall_time: Date.now() / 1000, file_version: "brain.Event:2" });
    this.flush();
    if (flushSecs > 0) {
      this.timer = setInterval(() => this.flush(), flushSecs * 1000);
      this.timer.unref();
    }
    openWriters.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on("exit", () => openWriters.forEach((w) => w.flush()));
    }
  }
  private readonly maxQueue: number;

  /** Queues one `tensorflow.Event` (a plain object with snake_case fields). */
  addEvent(event: Record<string, unknown>): void {
    if (this.fd === null) throw new Error(`[SummaryWriter] the event file ${this.path} is closed`);
    this.pending.push(tfRecord(encodeMessage("tensorflow.Event", event)));
    if (this.pending.length >= this.maxQueue) this.flush();
  }

  /** Writes queued records to disk. */
  flush(): void {
    if (this.fd === null || this.pending.length === 0) return;
    const buf = new Uint8Array(this.pending.reduce((n, r) => n + r.length, 0));
    let at = 0;
    for (const r of this.pending) {
      buf.set(r, at);
      at += r.length;
    }
    this.pending = [];
    fs.writeSync(this.fd, buf);
  }

  /** Flushes and closes the file; later writes throw. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = null;
    if (this.timer !== null) clearInterval(this.timer);
    openWriters.delete(this);
  }
}
