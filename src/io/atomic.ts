/**
 * Crash-safe file writes: write a temp file in the same directory, fsync it, rename it over the
 * target, fsync the directory. A crash at any point leaves either the old file or the new one,
 * never a mix; a failure (exception) also removes the temp file.
 */
import { lazyBuiltin } from "../util/node.js";
import { CheckpointError } from "./errors.js";

// Files need Node; in a browser, bytes stay in memory (saveToBytes/loadFromBytes, serialize/deserialize).
const HINT = "keep the bytes in memory with io.saveToBytes / io.loadFromBytes or io.serialize / io.deserialize";
const fs = lazyBuiltin("node:fs", "io", HINT);
const path_ = lazyBuiltin("node:path", "io", HINT);
const crypto = lazyBuiltin("node:crypto", "io", HINT);

/** Stages at which the test hook runs. */
export type WriteStage = "open" | "half-written" | "synced" | "renamed";
let hook: ((stage: WriteStage, tmp: string) => void) | null = null;

/** @internal test hook: called at each stage of every atomic write (throw to simulate failure). */
export function _setAtomicWriteHook(fn: ((stage: WriteStage, tmp: string) => void) | null): void {
  hook = fn;
}

// ANTORCHA_IO_TEST_PAUSE_IN_WRITE=<ms>: the kill-and-resume test pauses mid-write so it can SIGKILL us there.
function envPause(stage: WriteStage, tmp: string): void {
  const ms = typeof process !== "undefined" ? Number(process.env.ANTORCHA_IO_TEST_PAUSE_IN_WRITE ?? 0) : 0;
  if (stage !== "half-written" || !(ms > 0)) return;
  process.stderr.write(`ANTORCHA_IO_PAUSED ${tmp}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const TMP = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes temp files of `target` left by writers that were killed (their pid is gone). */
function removeStaleTemps(dir: string, base: string): void {
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TMP.exec(name);
    if (m === null || m[1] !== base || alive(Number(m[2]))) continue;
    try {
      fs.unlinkSync(path_.join(dir, name));
    } catch {
      /* another process got there first */
    }
  }
}

function fsyncDir(dir: string): void {
  let fd = -1;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic.
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

/**
 * Writes `bytes` to `path` atomically and durably.
 * @example writeFileAtomic("ckpt.safetensors", bytes) // fragment
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const dir = path_.dirname(path);
  const base = path_.basename(path);
  removeStaleTemps(dir, base);
  const tmp = path_.join(dir, `.${base}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`);
  let fd = -1;
  let renamed = false;
  try {
    fd = fs.openSync(tmp, "wx", 0o644);
    const run = (stage: WriteStage) => {
      envPause(stage, tmp);
      hook?.(stage, tmp);
    };
    run("open");
    const half = bytes.length >> 1;
    let at = 0;
    while (at < half) at += fs.writeSync(fd, bytes, at, half - at);
    run("half-written");
    while (at < bytes.length) at += fs.writeSync(fd, bytes, at, bytes.length - at);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = -1;
    run("synced");
    fs.renameSync(tmp, path);
    renamed = true;
    fsyncDir(dir);
    run("renamed");
  } catch (e) {
    if (fd >= 0) fs.closeSync(fd);
    if (!renamed) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* never created */
      }
    }
    if (e instanceof CheckpointError) throw e;
    throw new CheckpointError(
      "WRITE_FAILED",
      `could not write ${JSON.stringify(path)}: ${(e as Error).message} (the previous file, if any, is intact)`,
      { cause: e },
    );
  }
}

/**
 * Reads a whole file as bytes (Node's own errors, e.g. ENOENT, pass through).
 * @example readFileChecked("model.safetensors") // fragment
 */
export function readFileChecked(path: string): Uint8Array {
  const b = fs.readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
