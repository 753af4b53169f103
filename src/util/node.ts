/**
 * Node.js built-in modules, reached when first used (`process.getBuiltinModule`, Node ≥ 20.16)
 * instead of by static imports. The root entry therefore imports no Node module and bundles for
 * browsers as it is; the parts that need files, threads or native code ask for their module when
 * they run, and in a browser fail with one line naming the operation and what to do instead.
 *
 * This module imports nothing: every layer may use it.
 */

/** The built-ins antorcha uses, by id. */
export interface NodeBuiltins {
  "node:async_hooks": typeof import("node:async_hooks");
  "node:buffer": typeof import("node:buffer");
  "node:child_process": typeof import("node:child_process");
  "node:crypto": typeof import("node:crypto");
  "node:fs": typeof import("node:fs");
  "node:module": typeof import("node:module");
  "node:net": typeof import("node:net");
  "node:os": typeof import("node:os");
  "node:path": typeof import("node:path");
  "node:url": typeof import("node:url");
  "node:worker_threads": typeof import("node:worker_threads");
  "node:zlib": typeof import("node:zlib");
}

interface Proc {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}
const proc = (globalThis as { process?: Proc }).process;

/** True under Node.js (and runtimes that pose as it: Bun, Deno), false in a browser. */
export const isNode: boolean = typeof proc?.versions?.node === "string";

/** True where Node's built-in modules can be reached (Node ≥ 20.16, Bun, Deno). */
export const hasNodeBuiltins: boolean = typeof proc?.getBuiltinModule === "function";

/** What each module gives, as an error message names it. */
const FEATURE: Record<keyof NodeBuiltins, string> = {
  "node:async_hooks": "async context tracking",
  "node:buffer": "Node's Buffer",
  "node:child_process": "starting processes",
  "node:crypto": "Node's crypto",
  "node:fs": "file I/O",
  "node:module": "loading native code",
  "node:net": "networking",
  "node:os": "file I/O",
  "node:path": "file I/O",
  "node:url": "file I/O",
  "node:worker_threads": "loading in worker threads",
  "node:zlib": "Node's zlib",
};

/**
 * The built-in module `id`, or an Error naming `op` where there is none (a browser, or a Node
 * older than 20.16); `hint` says what to use instead.
 * @example const { readFileSync } = nodeBuiltin("node:fs", "io.loadFile");
 */
export function nodeBuiltin<K extends keyof NodeBuiltins>(id: K, op: string, hint?: string): NodeBuiltins[K] {
  if (hasNodeBuiltins) {
    const m = proc!.getBuiltinModule!(id);
    if (m !== undefined) return m as NodeBuiltins[K];
  }
  const tail = hint === undefined ? "" : `; ${hint}`;
  if (isNode)
    throw new Error(
      `[${op}] needs process.getBuiltinModule("${id}"): got Node.js ${proc!.versions!.node}, expected Node.js ≥ 20.16${tail}`,
    );
  throw new Error(`[${op}] ${FEATURE[id]} is not available in a browser: it needs Node.js (${id})${tail}`);
}

/**
 * A stand-in for the built-in module `id` that loads it on first property access, so a module
 * can keep a top-level `fs` and call `fs.readFileSync(…)` without touching Node at import time.
 * @example const fs = lazyBuiltin("node:fs", "Figure.save", "use toSVG() in a browser"); fs.writeFileSync(p, s); // fragment
 */
export function lazyBuiltin<K extends keyof NodeBuiltins>(id: K, op: string, hint?: string): NodeBuiltins[K] {
  let mod: NodeBuiltins[K] | undefined;
  return new Proxy({} as NodeBuiltins[K], {
    get(_target, key) {
      mod ??= nodeBuiltin(id, op, hint);
      return (mod as Record<PropertyKey, unknown>)[key];
    },
    has(_target, key) {
      mod ??= nodeBuiltin(id, op, hint);
      return key in (mod as object);
    },
  });
}

/**
 * A warning: `process.emitWarning` under Node (so `--no-warnings` and listeners apply),
 * `console.warn` elsewhere.
 * @example emitWarning('[keras.callbacks.EarlyStopping] metric "val_loss" is not available');
 */
export function emitWarning(message: string): void {
  const p = proc as { emitWarning?: (m: string) => void } | undefined;
  if (typeof p?.emitWarning === "function") p.emitWarning(message);
  else console.warn(message);
}

/** `util.inspect.custom` (a registered symbol, so reaching it needs no import of `node:util`). */
export const inspectCustom: unique symbol = Symbol.for("nodejs.util.inspect.custom");

/** Something text is written to: `process.stdout`, or the console-backed writer of a browser. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

let consoleSink: TextSink | undefined;

/**
 * `process.stdout` under Node; in a browser, a writer that hands `console.log` one call per
 * finished line (what follows a `\r` in a line replaces what came before, as on a terminal).
 * @example stdout().write("Epoch 1/5\n");
 */
export function stdout(): TextSink {
  const out = (proc as { stdout?: TextSink } | undefined)?.stdout;
  if (out !== undefined) return out;
  if (consoleSink === undefined) {
    let line = "";
    consoleSink = {
      write(text: string) {
        const parts = (line + text).split("\n");
        line = parts.pop()!;
        for (const p of parts) console.log(p.slice(p.lastIndexOf("\r") + 1));
        return true;
      },
    };
  }
  return consoleSink;
}

/**
 * Resolves once pending timers and I/O have had a turn (`setImmediate` under Node, a zero-delay
 * timeout elsewhere).
 * @example await nextTurn(); // between epochs
 */
export function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate !== undefined ? immediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * The longest byte length one typed array may have here: Node's `buffer.constants.MAX_LENGTH`
 * (V8's TypedArray::kMaxLength, 2^32 in Node 20), or 2^32 - 1 where Node's built-ins are absent.
 * @example maxArrayBytes() // 4294967296 under Node 20
 */
export function maxArrayBytes(): number {
  return hasNodeBuiltins ? nodeBuiltin("node:buffer", "maxArrayBytes").constants.MAX_LENGTH : 2 ** 32 - 1;
}
