/**
 * `torch.distributed`: the default process group over gloo. Collectives run on the gloo addon's
 * worker thread and complete as promises, so they never block Node's event loop; this is the one
 * difference from PyTorch's synchronous calls: `await dist.allReduce(t)` (or, with
 * `{ asyncOp: true }`, a `Work` whose `wait()` you await).
 */
import { noGrad } from "../autograd/mode.js";
import type { DType } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { checkArity, checkInt, checkOneOf, checkOptions, describe, optionKeys } from "../util/args.js";
import { lazyBuiltin } from "../util/node.js";
import { DTYPE_CODE, gloo, type GlooGroupHandle } from "./native.js";
import { FileStore, PrefixStore, TCPStore, type Store } from "./store.js";

const os = lazyBuiltin("node:os", "distributed.initProcessGroup");

/** Reduction operations (`torch.distributed.ReduceOp`). */
export const ReduceOp = {
  SUM: "sum",
  AVG: "avg",
  PRODUCT: "product",
  MIN: "min",
  MAX: "max",
} as const;
/** A reduction: `"sum" | "avg" | "product" | "min" | "max"` (or `ReduceOp.SUM`, …). */
export type ReduceOpName = (typeof ReduceOp)[keyof typeof ReduceOp];
const OPS: readonly ReduceOpName[] = ["sum", "avg", "product", "min", "max"];
const OP_CODE: Record<Exclude<ReduceOpName, "avg">, number> = { sum: 0, product: 1, min: 2, max: 3 };

/** PyTorch's default process-group timeout: 30 minutes. */
export const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;

/** A collective that failed because a peer went away; `deadRanks` names the ranks that exited. */
export class DistributedError extends Error {
  constructor(
    message: string,
    readonly deadRanks: readonly number[],
  ) {
    super(message);
    this.name = "DistributedError";
  }
}

/** Options of `initProcessGroup`. */
export interface InitProcessGroupOptions {
  /** Only `"gloo"` (CPU). */
  backend?: "gloo";
  /** `"env://"` (default), `"tcp://host:port"` or `"file:///path"`. */
  initMethod?: string;
  /** Number of processes; default `WORLD_SIZE`. */
  worldSize?: number;
  /** This process's rank; default `RANK`. */
  rank?: number;
  /** Milliseconds a collective or the rendezvous may wait for its peers (default 30 minutes). */
  timeout?: number;
  /** A store to meet through instead of `initMethod` (then `worldSize` and `rank` are required). */
  store?: Store;
}
const INIT_KEYS = optionKeys("backend", "initMethod", "worldSize", "rank", "timeout", "store");

/** The default group: who we are, the store we met through, gloo's context, the next tag. */
class ProcessGroup {
  private tag = 0;
  constructor(
    readonly rank: number,
    readonly size: number,
    readonly store: Store,
    readonly handle: GlooGroupHandle,
    readonly timeoutMs: number,
  ) {}
  nextTag(): number {
    this.tag = (this.tag + 1) % 0xffffffff;
    return this.tag;
  }
  /** Runs `p` and, when it fails, names the ranks that exited (from the store's view). */
  async guard(op: string, p: Promise<void>): Promise<void> {
    try {
      await p;
    } catch (e) {
      throw await this.explain(op, e);
    }
  }
  private async explain(op: string, e: unknown): Promise<Error> {
    const cause = e instanceof Error ? e.message : String(e);
    let dead: number[] = [];
    let storeLost = false;
    // The store sees a dead rank's socket close about when gloo sees its pair close: ask a few times.
    for (let i = 0; i < 10 && dead.length === 0 && !storeLost; i++) {
      try {
        dead = (await this.store.deadRanks()).filter((r) => r !== this.rank);
      } catch {
        storeLost = true;
      }
      if (dead.length === 0 && !storeLost) await new Promise((r) => setTimeout(r, 100));
    }
    if (storeLost && this.rank !== 0) dead = [0];
    if (dead.length > 0) {
      const who = dead.length === 1 ? `rank ${dead[0]}` : `ranks ${dead.join(", ")}`;
      const host = storeLost ? " (it hosts the rendezvous store)" : "";
      return new DistributedError(
        `[${op}] ${who}${host} exited while rank ${this.rank} was in ${op}; stopping (gloo: ${cause})`,
        dead,
      );
    }
    return new DistributedError(`[${op}] failed on rank ${this.rank}: ${cause}`, []);
  }
}

let world: ProcessGroup | null = null;
let generation = 0;

function group(op: string): ProcessGroup {
  if (world === null)
    throw new Error(
      `[${op}] Default process group has not been initialized, please make sure to call initProcessGroup.`,
    );
  return world;
}

function envInt(op: string, name: string, given: number | undefined, min: number): number {
  if (given !== undefined) return checkInt(op, name === "RANK" ? "rank" : "worldSize", given, min);
  const raw = process.env[name];
  if (raw === undefined || raw === "")
    throw new Error(
      `[${op}] environment variable ${name} expected, but not set: set it, pass { ${name === "RANK" ? "rank" : "worldSize"} }, or start the script with \`antorcha run\``,
    );
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new RangeError(`[${op}] ${name} must be an integer ≥ ${min}: got ${JSON.stringify(raw)}`);
  return n;
}

function parsePort(op: string, raw: string, from: string): number {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(n) || n < 1 || n > 65535)
    throw new RangeError(`[${op}] ${from} must be a port number (1-65535): got ${JSON.stringify(raw)}`);
  return n;
}

/** Where this host listens for gloo's pairs: GLOO_SOCKET_IFNAME, else loopback for a local master. */
function localAddress(master: string | null): { host: string; iface: string } {
  const iface = process.env.GLOO_SOCKET_IFNAME ?? "";
  if (iface !== "") return { host: "", iface };
  if (master === null || master === "localhost" || master.startsWith("127.") || master === "::1")
    return { host: "127.0.0.1", iface: "" };
  return { host: os.hostname(), iface: "" };
}

/**
 * Joins the default process group (`torch.distributed.init_process_group`): meets the other ranks
 * through the store named by `initMethod` (`env://` reads `MASTER_ADDR`, `MASTER_PORT`, `RANK`,
 * `WORLD_SIZE`; rank 0 hosts the TCP store) and connects gloo's full mesh. Resolves once every
 * rank has joined with the same world size.
 * @example await dist.initProcessGroup({ backend: "gloo" }); // fragment: under `antorcha run`
 */
export async function initProcessGroup(options: InitProcessGroupOptions = {}): Promise<void> {
  const op = "initProcessGroup";
  checkArity(op, arguments.length, 1);
  checkOptions(op, options, INIT_KEYS);
  if (world !== null) throw new Error(`[${op}] trying to initialize the default process group twice`);
  const backend = options.backend ?? "gloo";
  checkOneOf(op, "backend", backend, ["gloo"]);
  const timeoutMs = options.timeout === undefined ? DEFAULT_TIMEOUT_MS : checkInt(op, "timeout", options.timeout, 1);
  const initMethod = options.initMethod ?? (options.store === undefined ? "env://" : undefined);
  if (initMethod !== undefined && typeof initMethod !== "string")
    throw new TypeError(`[${op}] initMethod must be a string like "env://": got ${describe(initMethod)}`);
  if (initMethod !== undefined && options.store !== undefined)
    throw new Error(`[${op}] Cannot specify both initMethod and store`);

  const worldSize = envInt(op, "WORLD_SIZE", options.worldSize, 1);
  const rank = envInt(op, "RANK", options.rank, 0);
  if (rank >= worldSize)
    throw new RangeError(`[${op}] rank must be in [0, worldSize): got rank ${rank}, expected < worldSize ${worldSize}`);

  // Where to meet, checked before anything starts: a store, a TCP master or a shared file.
  let master: string | null = null;
  let port = 0;
  let filePath: string | null = null;
  if (options.store !== undefined) {
    // given
  } else if (initMethod!.startsWith("env://") || initMethod!.startsWith("tcp://")) {
    if (initMethod!.startsWith("tcp://")) {
      const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):([^/]*)\/?$/.exec(initMethod!);
      if (m === null)
        throw new RangeError(`[${op}] initMethod must be "tcp://host:port": got ${JSON.stringify(initMethod)}`);
      master = m[1]!.replace(/^\[|\]$/g, "");
      port = parsePort(op, m[2]!, "the port of initMethod");
    } else {
      master = process.env.MASTER_ADDR ?? "";
      if (master === "")
        throw new Error(`[${op}] environment variable MASTER_ADDR expected, but not set (env:// rendezvous)`);
      const rawPort = process.env.MASTER_PORT;
      if (rawPort === undefined)
        throw new Error(`[${op}] environment variable MASTER_PORT expected, but not set (env:// rendezvous)`);
      port = parsePort(op, rawPort, "MASTER_PORT");
    }
  } else if (initMethod!.startsWith("file://")) {
    filePath = initMethod!.slice("file://".length);
    if (filePath === "")
      throw new RangeError(`[${op}] initMethod "file://" needs a path: got ${JSON.stringify(initMethod)}`);
  } else {
    throw new RangeError(
      `[${op}] unknown initMethod: got ${JSON.stringify(initMethod)}, expected "env://", "tcp://host:port" or "file:///path"`,
    );
  }

  const addon = gloo(op);
  const store: Store =
    options.store ??
    (filePath !== null
      ? new FileStore(filePath, timeoutMs)
      : await TCPStore.connect(master!, port, { isHost: rank === 0, timeoutMs, rank }));
  const pgStore = new PrefixStore(`pg${generation++}/`, store);
  try {
    await meet(op, pgStore, rank, worldSize, timeoutMs);
    const { host, iface } = localAddress(master);
    const handle = new addon.GlooGroup(rank, worldSize, timeoutMs, host, iface);
    const glooStore = new PrefixStore("gloo/", pgStore);
    try {
      await handle.connect(async (sop, keys, value, ms) => {
        if (sop === "set") {
          await glooStore.set(keys[0]!, value!);
          return null;
        }
        if (sop === "get") return glooStore.get(keys[0]!, ms);
        await glooStore.wait(keys, ms);
        return null;
      });
    } catch (e) {
      handle.close();
      throw new Error(`[${op}] gloo could not connect rank ${rank} to its peers: ${(e as Error).message}`);
    }
    world = new ProcessGroup(rank, worldSize, pgStore, handle, timeoutMs);
  } catch (e) {
    store.close(false);
    throw e;
  }
}

/** Every rank checks in; rank 0 checks the world sizes agree and that no rank is claimed twice. */
async function meet(op: string, store: Store, rank: number, worldSize: number, timeoutMs: number): Promise<void> {
  const claims = await store.add(`rank/${rank}/claims`, 1);
  await store.set(`rank/${rank}`, JSON.stringify({ worldSize, pid: process.pid }));
  if (claims > 1) throw new Error(`[${op}] two processes joined as rank ${rank}: give every process its own RANK`);
  if (rank === 0) {
    const keys = Array.from({ length: worldSize }, (_, r) => `rank/${r}`);
    try {
      await store.wait(keys, timeoutMs);
    } catch {
      const missing: number[] = [];
      for (let r = 0; r < worldSize; r++) if (!(await store.check([`rank/${r}`]))) missing.push(r);
      const msg = `[${op}] timed out after ${timeoutMs} ms waiting for rank(s) ${missing.join(", ")} to join (worldSize ${worldSize})`;
      await store.set("verdict", JSON.stringify({ worldSize, error: msg }));
      throw new Error(msg);
    }
    let error: string | null = null;
    for (let r = 1; r < worldSize && error === null; r++) {
      const info = JSON.parse((await store.get(`rank/${r}`)).toString()) as { worldSize: number };
      if (info.worldSize !== worldSize)
        error = `[${op}] world sizes differ: rank ${r} has worldSize ${info.worldSize}, rank 0 has ${worldSize}`;
    }
    await store.set("verdict", JSON.stringify({ worldSize, error }));
    if (error !== null) {
      // Keep the store up until the others read the verdict (or a few seconds pass).
      const until = Date.now() + 5000;
      while (Date.now() < until && (await store.add("verdictRead", 0)) < worldSize - 1)
        await new Promise((r) => setTimeout(r, 50));
      throw new Error(error);
    }
    return;
  }
  let verdict: { worldSize: number; error: string | null };
  try {
    verdict = JSON.parse((await store.get("verdict", timeoutMs)).toString()) as typeof verdict;
  } catch (e) {
    throw new Error(
      `[${op}] rank ${rank} timed out after ${timeoutMs} ms waiting for rank 0 to admit it: ${(e as Error).message}`,
    );
  }
  await store.add("verdictRead", 1);
  if (verdict.worldSize !== worldSize)
    throw new Error(
      `[${op}] world sizes differ: rank ${rank} has worldSize ${worldSize}, rank 0 has ${verdict.worldSize}`,
    );
  if (verdict.error !== null) throw new Error(verdict.error);
}

/**
 * Leaves the default process group: closes gloo's connections and the store (the host's server
 * too). Pending work completes first.
 * @example dist.destroyProcessGroup(); // fragment
 */
export function destroyProcessGroup(): void {
  checkArity("destroyProcessGroup", arguments.length, 0);
  const pg = group("destroyProcessGroup");
  world = null;
  pg.handle.close();
  pg.store.close(true);
}

/** Whether the default process group is initialized. @example torch.distributed.isInitialized() // false */
export function isInitialized(): boolean {
  return world !== null;
}

/** Whether gloo can be used here (its addon was built and loads). @example torch.distributed.isGlooAvailable() */
export { glooAvailable as isGlooAvailable } from "./native.js";

/** Whether `torch.distributed` is usable at all (true under Node). @example torch.distributed.isAvailable() // true */
export function isAvailable(): boolean {
  return typeof process !== "undefined" && typeof process.versions?.node === "string";
}

/** This process's rank in the default group. @example dist.getRank() // fragment: 0 on the master */
export function getRank(): number {
  return group("getRank").rank;
}

/** The number of processes in the default group. @example dist.getWorldSize() // fragment */
export function getWorldSize(): number {
  return group("getWorldSize").size;
}

/** The backend of the default group: `"gloo"`. @example dist.getBackend() // fragment */
export function getBackend(): "gloo" {
  group("getBackend");
  return "gloo";
}

/** @internal the store the default group met through (for the launcher's checks and tests). */
export function _store(): Store {
  return group("store").store;
}

/** @internal rank 0 of the default group or no group at all: the process that prints and saves. */
export function isMainProcess(): boolean {
  return world === null || world.rank === 0;
}

/** A pending operation (`torch.distributed.Work`): `await work.wait()`. */
export class Work {
  private done = false;
  private readonly promise: Promise<void>;
  /** @internal */
  constructor(
    p: Promise<void>,
    private readonly tensors: readonly Tensor[],
  ) {
    this.promise = p.then(() => {
      this.done = true;
    });
    // A rejection nobody awaited yet must not crash the process before `wait()` is called.
    this.promise.catch(() => {});
  }
  /** Resolves when the operation finished; rejects with its error. */
  wait(): Promise<void> {
    return this.promise;
  }
  /** Whether it has finished (successfully). */
  isCompleted(): boolean {
    return this.done;
  }
  /** The tensors it wrote (PyTorch's `work.result()`). */
  result(): Tensor[] {
    return [...this.tensors];
  }
}

/** Options shared by the collectives. */
export interface CollectiveOptions {
  /** Return a `Work` at once instead of a promise (`async_op=True`). */
  asyncOp?: boolean;
}
const COLLECTIVE_KEYS = optionKeys("asyncOp");
const P2P_KEYS = optionKeys("tag");

function asyncOf(op: string, opts: CollectiveOptions | undefined): boolean {
  if (opts === undefined) return false;
  checkOptions(op, opts, COLLECTIVE_KEYS);
  if (opts.asyncOp !== undefined && typeof opts.asyncOp !== "boolean")
    throw new TypeError(`[${op}] asyncOp must be a boolean: got ${describe(opts.asyncOp)}`);
  return opts.asyncOp === true;
}

/** The contiguous memory of `t` (the bytes gloo reads and writes in place). */
function memory(op: string, name: string, t: unknown): ArrayBufferView {
  if (!(t instanceof Tensor)) throw new TypeError(`[${op}] ${name} must be a Tensor: got ${describe(t)}`);
  if (!t.isContiguous()) throw new RangeError(`[${op}] ${name} must be contiguous: got strides [${t.stride()}]`);
  const n = t.numel();
  return t.storage.data.subarray(t._offset, t._offset + n);
}

function checkList(op: string, name: string, list: unknown, like: Tensor, size: number): Tensor[] {
  if (!Array.isArray(list)) throw new TypeError(`[${op}] ${name} must be an array of Tensors: got ${describe(list)}`);
  if (list.length !== size)
    throw new RangeError(`[${op}] ${name} must hold one tensor per rank: got ${list.length}, expected ${size}`);
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`[${op}] ${name}[${i}] must be a Tensor: got ${describe(t)}`);
    if (t.dtype !== like.dtype || t.numel() !== like.numel())
      throw new RangeError(
        `[${op}] ${name}[${i}] must match the tensor's dtype and size: got ${t.dtype} [${t.shape}], expected ${like.dtype} with ${like.numel()} elements`,
      );
  });
  return list as Tensor[];
}

function checkRank(op: string, name: string, r: unknown, size: number): number {
  checkInt(op, name, r, 0);
  if ((r as number) >= size)
    throw new RangeError(`[${op}] ${name} must be a rank below the world size ${size}: got ${r as number}`);
  return r as number;
}

/** Returns the promise, or a `Work` wrapping it when `asyncOp`. */
function finish(p: Promise<void>, isAsync: boolean, tensors: readonly Tensor[]): Promise<void> | Work {
  if (isAsync) return new Work(p, tensors);
  return p;
}

/** A flat copy of `list` (the rank-major buffer gloo fills or reads). */
function concat(list: readonly Tensor[], like: Tensor): Tensor {
  const n = like.numel();
  const out = Tensor._empty([list.length * n], like.dtype);
  noGrad(() => list.forEach((t, i) => out.narrow(0, i * n, n).copy_(t.reshape([n]))));
  return out;
}

/** Copies the rank-major `flat` back into `list`. */
function split(flat: Tensor, list: readonly Tensor[]): void {
  const n = list[0]?.numel() ?? 0;
  noGrad(() => list.forEach((t, i) => t.copy_(flat.narrow(0, i * n, n).view(t.shape))));
}

function floatish(d: DType): boolean {
  return d === "float32" || d === "float64" || d === "float16" || d === "bfloat16";
}

/**
 * Reduces `tensor` across all ranks in place, every rank getting the result
 * (`dist.all_reduce`). `"avg"` is a gloo sum divided by the world size (floating dtypes only);
 * float16/bfloat16 are reduced in float32 and rounded back per step; bool sums are logical or.
 * @example await dist.allReduce(t, "sum"); // fragment
 */
export function allReduce(
  tensor: Tensor,
  op?: ReduceOpName,
  options?: CollectiveOptions & { asyncOp?: false },
): Promise<void>;
export function allReduce(
  tensor: Tensor,
  op: ReduceOpName | undefined,
  options: CollectiveOptions & { asyncOp: true },
): Work;
export function allReduce(tensor: Tensor, op: ReduceOpName = "sum", options?: CollectiveOptions): Promise<void> | Work {
  const name = "allReduce";
  checkArity(name, arguments.length, 3);
  const isAsync = asyncOf(name, options);
  const pg = group(name);
  const mem = memory(name, "tensor", tensor);
  checkOneOf(name, "op", op, OPS);
  if (op === "avg" && !floatish(tensor.dtype))
    throw new RangeError(`[${name}] op "avg" needs a floating dtype: got ${tensor.dtype}; use "sum" and divide`);
  const run = async (): Promise<void> => {
    if (mem.byteLength > 0) {
      await pg.guard(
        name,
        pg.handle.allreduce(mem, DTYPE_CODE[tensor.dtype], OP_CODE[op === "avg" ? "sum" : op], pg.nextTag()),
      );
    }
    tensor._bumpVersion();
    if (op === "avg") noGrad(() => tensor.div_(pg.size));
  };
  return finish(run(), isAsync, [tensor]);
}

/**
 * Copies `tensor` from rank `src` to every rank, in place (`dist.broadcast`).
 * @example await dist.broadcast(t, 0); // fragment
 */
export function broadcast(
  tensor: Tensor,
  src: number,
  options?: CollectiveOptions & { asyncOp?: false },
): Promise<void>;
export function broadcast(tensor: Tensor, src: number, options: CollectiveOptions & { asyncOp: true }): Work;
export function broadcast(tensor: Tensor, src: number, options?: CollectiveOptions): Promise<void> | Work {
  const name = "broadcast";
  checkArity(name, arguments.length, 3);
  const isAsync = asyncOf(name, options);
  const pg = group(name);
  const mem = memory(name, "tensor", tensor);
  checkRank(name, "src", src, pg.size);
  const run = async (): Promise<void> => {
    if (mem.byteLength > 0) await pg.guard(name, pg.handle.broadcast(mem, src, pg.nextTag()));
    tensor._bumpVersion();
  };
  return finish(run(), isAsync, [tensor]);
}

/**
 * Gathers `tensor` from every rank into `tensorList[rank]` on every rank (`dist.all_gather`).
 * @example const parts = [torch.zeros(2), torch.zeros(2)]; await dist.allGather(parts, t); // fragment
 */
export function allGather(
  tensorList: Tensor[],
  tensor: Tensor,
  options?: CollectiveOptions & { asyncOp?: false },
): Promise<void>;
export function allGather(tensorList: Tensor[], tensor: Tensor, options: CollectiveOptions & { asyncOp: true }): Work;
export function allGather(tensorList: Tensor[], tensor: Tensor, options?: CollectiveOptions): Promise<void> | Work {
  const name = "allGather";
  checkArity(name, arguments.length, 3);
  const isAsync = asyncOf(name, options);
  const pg = group(name);
  const mem = memory(name, "tensor", tensor);
  const list = checkList(name, "tensorList", tensorList, tensor, pg.size);
  const flat = Tensor._empty([pg.size * tensor.numel()], tensor.dtype);
  const run = async (): Promise<void> => {
    if (mem.byteLength > 0) await pg.guard(name, pg.handle.allgather(mem, memory(name, "out", flat), pg.nextTag()));
    split(flat, list);
  };
  return finish(run(), isAsync, list);
}

/**
 * Reduces `inputList` (one tensor per rank) across ranks and leaves piece `rank` in `output`
 * (`dist.reduce_scatter`). gloo has no reduce-scatter for arbitrary sizes that PyTorch 1.13 exposes,
 * so this is gloo's allreduce of the concatenated inputs, then this rank's piece.
 * @example await dist.reduceScatter(out, [a, b]); // fragment
 */
export function reduceScatter(
  output: Tensor,
  inputList: Tensor[],
  op?: ReduceOpName,
  options?: CollectiveOptions & { asyncOp?: false },
): Promise<void>;
export function reduceScatter(
  output: Tensor,
  inputList: Tensor[],
  op: ReduceOpName | undefined,
  options: CollectiveOptions & { asyncOp: true },
): Work;
export function reduceScatter(
  output: Tensor,
  inputList: Tensor[],
  op: ReduceOpName = "sum",
  options?: CollectiveOptions,
): Promise<void> | Work {
  const name = "reduceScatter";
  checkArity(name, arguments.length, 4);
  const isAsync = asyncOf(name, options);
  const pg = group(name);
  memory(name, "output", output);
  const list = checkList(name, "inputList", inputList, output, pg.size);
  checkOneOf(name, "op", op, OPS);
  if (op === "avg" && !floatish(output.dtype))
    throw new RangeError(`[${name}] op "avg" needs a floating dtype: got ${output.dtype}; use "sum" and divide`);
  const flat = concat(list, output);
  const run = async (): Promise<void> => {
    const mem = memory(name, "flat", flat);
    if (mem.byteLength > 0)
      await pg.guard(
        name,
        pg.handle.allreduce(mem, DTYPE_CODE[output.dtype], OP_CODE[op === "avg" ? "sum" : op], pg.nextTag()),
      );
    const n = output.numel();
    noGrad(() => {
      output.copy_(flat.narrow(0, pg.rank * n, n).view(output.shape));
      if (op === "avg") output.div_(pg.size);
    });
  };
  return finish(run(), isAsync, [output]);
}

/**
 * Gathers `tensor` from every rank into `gatherList` on rank `dst` (`dist.gather`); other ranks
 * pass `null` (or nothing) as `gatherList`.
 * @example await dist.gather(t, rank === 0 ? [a, b] : null, 0); // fragment
 */
export function gather(
  tensor: Tensor,
  gatherList?: Tensor[] | null,
  dst?: number,
  options?: CollectiveOptions & { asyncOp?: false },
): Promise<void>;
export function gather(
  tensor: Tensor,
  gatherList: Tensor[] | null | undefined,
  dst: number | undefined,
  options: CollectiveOptions & { asyncOp: true },
): Work;
export function gather(
  tensor: Tensor,
  gatherList: Tensor[] | null = null,
  dst = 0,
  options?: CollectiveOptions,
): Promise<void> | Work {
  const name = "gather";
  checkArity(name, arguments.length, 4);
  const isAsync = asyncOf(name, options);
  const pg = group(name);
  const mem = memory(name, "tensor", tensor);
  checkRank(name, "dst", dst, pg.size);
  let list: Tensor[] | null = null;
  if (pg.rank === dst) {
    if (gatherList === null || gatherList === undefined)
      throw new Error(`[${name}] Argument gatherList must be specified on destination rank ${dst}`);
    list = checkList(name, "gatherList", gatherList, tensor, pg.size);
  } else if (gatherList !== null && gatherList !== undefined) {
    throw new Error(
      `[${name}] Argument gatherList must NOT be specified on non-destination ranks: got it on rank ${pg.rank}`,
    );
  }
  const flat = list === null ? null : Tensor._empty([pg.size * tensor.numel()], tensor.dtype);
  const run = async (): Promise<void> => {
    if (mem.byteLength > 0)
      await pg.guard(name, pg.handle.gather(mem, flat === null ? null : memory(name, "out", flat), dst, pg.nextTag()));
    if (flat !== null) split(flat, list!);
  };
  return finish(run(), isAsync, list ?? []);
}

/**
 * Sends `scatterList[r]` from rank `src` to rank r's `tensor` (`dist.scatter`); other ranks pass
 * `null` (or nothing) as `scatterList`.
 * @example await dist.scatter(out, rank === 0 ? [a, b] : null, 0); // fragment
 */
export function scatter(
  tensor: Tensor,
  scatterList?: Tensor[] | null,
  src?: number,
  options?: CollectiveOptions & { asyncOp?: false },
): Promise<void>;
export function scatter(
  tensor: Tensor,
  scatterList: Tensor[] | null | undefined,
  src: number | undefined,
  options: CollectiveOptions & { asyncOp: true },
): Work;
export function scatter(
  tensor: Tensor,
  scatterList: Tensor[] | null = null,
  src = 0,
  options?: CollectiveOptions,
): Promise<void> | Work {
  const name = "scatter";
  checkArity(name, arguments.length, 4);
  const isAsync = asyncOf(name, options);
  const pg = group(name);
  const mem = memory(name, "tensor", tensor);
  checkRank(name, "src", src, pg.size);
  let flat: Tensor | null = null;
  if (pg.rank === src) {
    if (scatterList === null || scatterList === undefined)
      throw new Error(`[${name}] Argument scatterList must be specified on source rank ${src}`);
    flat = concat(checkList(name, "scatterList", scatterList, tensor, pg.size), tensor);
  } else if (scatterList !== null && scatterList !== undefined) {
    throw new Error(
      `[${name}] Argument scatterList must NOT be specified on non-source ranks: got it on rank ${pg.rank}`,
    );
  }
  const run = async (): Promise<void> => {
    if (mem.byteLength > 0)
      await pg.guard(name, pg.handle.scatter(flat === null ? null : memory(name, "in", flat), mem, src, pg.nextTag()));
    tensor._bumpVersion();
  };
  return finish(run(), isAsync, [tensor]);
}

/** Options of `send`/`recv`: `tag` matches a send with its recv (default 0). */
export interface P2POptions {
  tag?: number;
}

function p2pTag(op: string, opts: P2POptions | undefined): number {
  if (opts === undefined) return 0;
  checkOptions(op, opts, P2P_KEYS);
  if (opts.tag === undefined) return 0;
  const tag = checkInt(op, "tag", opts.tag, 0);
  if (tag > 0xffffffff) throw new RangeError(`[${op}] tag must be below 2^32: got ${tag}`);
  return tag;
}

function p2p(op: "send" | "recv", tensor: Tensor, peer: number, opts: P2POptions | undefined): Promise<void> {
  const pg = group(op);
  const mem = memory(op, "tensor", tensor);
  const tag = p2pTag(op, opts);
  checkRank(op, op === "send" ? "dst" : "src", peer, pg.size);
  if (peer === pg.rank)
    throw new RangeError(
      `[${op}] Invalid ${op === "send" ? "destination" : "source"} rank: got ${peer}, which is this process's own rank`,
    );
  // Slots with no collective prefix bits: user tags never meet gloo's collective slots.
  const p = pg.guard(op, op === "send" ? pg.handle.send(mem, peer, tag) : pg.handle.recv(mem, peer, tag));
  return op === "recv" ? p.then(() => tensor._bumpVersion()) : p;
}

/**
 * Sends `tensor` to rank `dst` (`dist.send`); resolves when it left.
 * @example await dist.send(t, 1); // fragment
 */
export function send(tensor: Tensor, dst: number, options?: P2POptions): Promise<void> {
  checkArity("send", arguments.length, 3);
  return p2p("send", tensor, dst, options);
}

/**
 * Receives into `tensor` from rank `src` (`dist.recv`); resolves to `src` once it arrived.
 * @example await dist.recv(t, 0); // fragment
 */
export async function recv(tensor: Tensor, src: number, options?: P2POptions): Promise<number> {
  checkArity("recv", arguments.length, 3);
  await p2p("recv", tensor, src, options);
  return src;
}

/** `send` returning a `Work` (`dist.isend`). @example const w = dist.isend(t, 1); await w.wait(); // fragment */
export function isend(tensor: Tensor, dst: number, options?: P2POptions): Work {
  checkArity("isend", arguments.length, 3);
  return new Work(p2p("send", tensor, dst, options), [tensor]);
}

/** `recv` returning a `Work` (`dist.irecv`). @example const w = dist.irecv(t, 0); await w.wait(); // fragment */
export function irecv(tensor: Tensor, src: number, options?: P2POptions): Work {
  checkArity("irecv", arguments.length, 3);
  return new Work(p2p("recv", tensor, src, options), [tensor]);
}

/**
 * Waits until every rank reached the barrier (`dist.barrier`).
 * @example await dist.barrier(); // fragment
 */
export function barrier(options?: CollectiveOptions & { asyncOp?: false }): Promise<void>;
export function barrier(options: CollectiveOptions & { asyncOp: true }): Work;
export function barrier(options?: CollectiveOptions): Promise<void> | Work {
  checkArity("barrier", arguments.length, 1);
  const isAsync = asyncOf("barrier", options);
  const pg = group("barrier");
  return finish(pg.guard("barrier", pg.handle.barrier(pg.nextTag())), isAsync, []);
}
