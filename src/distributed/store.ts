/**
 * The rendezvous key-value stores (PyTorch's `TCPStore` and `FileStore`): ranks meet here before
 * gloo connects them, and gloo's own `Store` interface reads and writes through them. Values are
 * bytes; `get` and `wait` block (asynchronously) until the keys exist or the timeout passes.
 */
import type { Server, Socket } from "node:net";
import { lazyBuiltin } from "../util/node.js";

const net = lazyBuiltin("node:net", "distributed.TCPStore");
const fs = lazyBuiltin("node:fs", "distributed.FileStore");
const crypto = lazyBuiltin("node:crypto", "distributed.FileStore");

/** The store operations every rendezvous backend offers (PyTorch's `Store`). */
export interface Store {
  /** Sets `key` to `value` (bytes or a string). */
  set(key: string, value: Uint8Array | string): Promise<void>;
  /** The value of `key`, waiting up to `timeoutMs` for it to be set. */
  get(key: string, timeoutMs?: number): Promise<Buffer>;
  /** Adds `amount` to the integer counter at `key` (0 when unset) and returns the new value. */
  add(key: string, amount: number): Promise<number>;
  /** Waits until every key is set, up to `timeoutMs`. */
  wait(keys: readonly string[], timeoutMs?: number): Promise<void>;
  /** Whether every key is set, without waiting. */
  check(keys: readonly string[]): Promise<boolean>;
  /** Ranks whose connection closed without a clean goodbye (TCPStore only; empty elsewhere). */
  deadRanks(): Promise<number[]>;
  /** Closes this process's side (the server too, on the host). */
  close(clean?: boolean): void;
}

/** A store request that ran out of time: names the keys it waited for. */
export class StoreTimeoutError extends Error {
  constructor(op: string, keys: readonly string[], ms: number) {
    const what = keys.length > 0 ? `key(s) ${keys.map((k) => JSON.stringify(k)).join(", ")}` : "the store's reply";
    super(`[${op}] timed out after ${ms} ms waiting for ${what}`);
    this.name = "StoreTimeoutError";
  }
}

// ---- Wire format: a 4-byte big-endian length, then a JSON object (values travel as base64). ----

interface Request {
  id: number;
  op: "set" | "get" | "add" | "wait" | "check" | "hello" | "bye" | "dead";
  keys?: string[];
  value?: string;
  amount?: number;
  timeoutMs?: number;
  rank?: number;
}

interface Reply {
  id: number;
  error?: string;
  value?: string;
  num?: number;
  ok?: boolean;
  ranks?: number[];
}

function frame(obj: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(obj));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

/** Splits a byte stream into JSON frames. */
function reader(onFrame: (msg: unknown) => void): (chunk: Buffer) => void {
  let buf: Buffer = Buffer.alloc(0);
  return (chunk) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    while (buf.length >= 4) {
      const n = buf.readUInt32BE(0);
      if (buf.length < 4 + n) break;
      const body = buf.subarray(4, 4 + n);
      buf = buf.subarray(4 + n);
      onFrame(JSON.parse(body.toString("utf8")));
    }
  };
}

// ---- The server, hosted by rank 0 (the `MASTER_ADDR:MASTER_PORT` process). ----

interface Waiter {
  keys: string[];
  done: () => void;
}

/** The key-value server: a map, the waiters on missing keys, and which connection is which rank. */
export class StoreServer {
  private readonly data = new Map<string, Buffer>();
  private waiters: Waiter[] = [];
  private readonly dead = new Set<number>();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(server: Server) {
    this.server = server;
    server.on("connection", (s) => this.serve(s));
  }

  /** Listens on `host:port` (port 0 picks a free one); rejects with the OS reason. */
  static listen(port: number, host?: string): Promise<StoreServer> {
    return new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.once("error", (e: NodeJS.ErrnoException) => reject(e));
      srv.listen({ port, host, exclusive: true }, () => {
        srv.removeAllListeners("error");
        srv.unref();
        resolve(new StoreServer(srv));
      });
    });
  }

  /** The port it listens on. */
  get port(): number {
    const a = this.server.address();
    return typeof a === "object" && a !== null ? a.port : 0;
  }

  private has(keys: readonly string[]): boolean {
    return keys.every((k) => this.data.has(k));
  }

  private wake(): void {
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (this.has(w.keys)) w.done();
      else still.push(w);
    }
    this.waiters = still;
  }

  private serve(s: Socket): void {
    this.sockets.add(s);
    s.setNoDelay(true);
    s.unref();
    let rank = -1;
    let clean = false;
    const send = (r: Reply): void => {
      if (!s.destroyed) s.write(frame(r));
    };
    s.on(
      "data",
      reader((m) => {
        const req = m as Request;
        const keys = req.keys ?? [];
        switch (req.op) {
          case "hello":
            rank = req.rank ?? -1;
            return send({ id: req.id });
          case "bye":
            clean = true;
            return send({ id: req.id });
          case "dead":
            return send({ id: req.id, ranks: [...this.dead].sort((a, b) => a - b) });
          case "set":
            this.data.set(keys[0]!, Buffer.from(req.value ?? "", "base64"));
            this.wake();
            return send({ id: req.id });
          case "add": {
            const prev = this.data.get(keys[0]!);
            const next = (prev === undefined ? 0 : Number(prev.toString())) + (req.amount ?? 0);
            this.data.set(keys[0]!, Buffer.from(String(next)));
            this.wake();
            return send({ id: req.id, num: next });
          }
          case "check":
            return send({ id: req.id, ok: this.has(keys) });
          case "get":
          case "wait": {
            const answer = (): void =>
              send(
                req.op === "get" ? { id: req.id, value: this.data.get(keys[0]!)!.toString("base64") } : { id: req.id },
              );
            if (this.has(keys)) return answer();
            // The client times out on its own clock; the server only drops waiters of closed sockets.
            this.waiters.push({ keys, done: answer });
            return;
          }
          default:
            return send({ id: req.id, error: `unknown store op ${JSON.stringify(req.op)}` });
        }
      }),
    );
    s.on("error", () => {});
    s.on("close", () => {
      this.sockets.delete(s);
      if (rank >= 0 && !clean) {
        this.dead.add(rank);
        // Tell every rank at once: their next failure can then name this rank even if we exit.
        for (const o of this.sockets) if (!o.destroyed) o.write(frame({ id: 0, ranks: [rank] }));
      }
    });
  }

  /** Stops listening and drops every connection. */
  close(): void {
    this.server.close();
    for (const s of this.sockets) s.destroy();
    this.waiters = [];
  }
}

// ---- The client every rank (rank 0 too) talks through. ----

interface Pending {
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
}

/** `TCPStore` client: one connection to `host:port`, requests matched to replies by id. */
export class TCPStore implements Store {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private lost: string | null = null;
  private readonly knownDead = new Set<number>();

  private constructor(
    private readonly socket: Socket,
    private readonly where: string,
    private readonly timeoutMs: number,
    private readonly server: StoreServer | null,
  ) {
    socket.setNoDelay(true);
    socket.unref();
    socket.on(
      "data",
      reader((m) => {
        const r = m as Reply;
        if (r.id === 0) {
          for (const d of r.ranks ?? []) this.knownDead.add(d);
          return;
        }
        const p = this.pending.get(r.id);
        if (p === undefined) return;
        this.pending.delete(r.id);
        if (this.pending.size === 0) socket.unref();
        if (r.error !== undefined) p.reject(new Error(r.error));
        else p.resolve(r);
      }),
    );
    socket.on("error", () => {});
    socket.on("close", () => {
      this.lost ??= `[TCPStore] lost the connection to the rendezvous store at ${where} (rank 0 exited or closed it)`;
      for (const p of this.pending.values()) p.reject(new Error(this.lost));
      this.pending.clear();
    });
  }

  /**
   * Connects to the store at `host:port`, retrying until `timeoutMs` passes (the host may start
   * later); with `isHost` this process starts the server first, as PyTorch's rank 0 does.
   */
  static async connect(
    host: string,
    port: number,
    opts: { isHost: boolean; timeoutMs: number; rank: number },
  ): Promise<TCPStore> {
    const where = `${host}:${port}`;
    let server: StoreServer | null = null;
    if (opts.isHost) {
      try {
        server = await StoreServer.listen(port, listenHost(host));
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const why = err.code === "EADDRINUSE" ? "address already in use" : (err.code ?? err.message);
        throw new Error(
          `[initProcessGroup] rank 0 cannot host the rendezvous store on ${where}: ${why}; pick a free MASTER_PORT`,
        );
      }
    }
    const deadline = Date.now() + opts.timeoutMs;
    let lastError = "";
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = net.createConnection({ host, port }, () => {
            s.removeAllListeners("error");
            resolve(s);
          });
          s.once("error", reject);
        });
        const store = new TCPStore(socket, where, opts.timeoutMs, server);
        try {
          await store.request({ op: "hello", rank: opts.rank }, Math.max(1, deadline - Date.now()));
        } catch (e) {
          store.close(false);
          throw e;
        }
        return store;
      } catch (e) {
        lastError = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        if (Date.now() >= deadline) {
          server?.close();
          throw new Error(
            `[initProcessGroup] cannot reach the rendezvous store at ${where} within ${opts.timeoutMs} ms (${lastError}): is rank 0 running, and are MASTER_ADDR/MASTER_PORT the same on every rank?`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private request(req: Omit<Request, "id">, timeoutMs: number = this.timeoutMs): Promise<Reply> {
    if (this.lost !== null) return Promise.reject(new Error(this.lost));
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        if (this.pending.size === 0) this.socket.unref();
        reject(new StoreTimeoutError(`TCPStore.${req.op}`, req.keys ?? [], timeoutMs));
      }, timeoutMs);
      const clear = (): void => clearTimeout(timer);
      this.pending.set(id, {
        resolve: (r) => (clear(), resolve(r)),
        reject: (e) => (clear(), reject(e)),
      });
      this.socket.ref();
      this.socket.write(frame({ ...req, id }));
    });
  }

  async set(key: string, value: Uint8Array | string): Promise<void> {
    const b =
      typeof value === "string" ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    await this.request({ op: "set", keys: [key], value: b.toString("base64") });
  }

  async get(key: string, timeoutMs = this.timeoutMs): Promise<Buffer> {
    const r = await this.request({ op: "get", keys: [key] }, timeoutMs);
    return Buffer.from(r.value ?? "", "base64");
  }

  async add(key: string, amount: number): Promise<number> {
    return (await this.request({ op: "add", keys: [key], amount })).num!;
  }

  async wait(keys: readonly string[], timeoutMs = this.timeoutMs): Promise<void> {
    await this.request({ op: "wait", keys: [...keys] }, timeoutMs);
  }

  async check(keys: readonly string[]): Promise<boolean> {
    return (await this.request({ op: "check", keys: [...keys] })).ok === true;
  }

  async deadRanks(): Promise<number[]> {
    if (this.lost === null) {
      try {
        for (const r of (await this.request({ op: "dead" }, 2000)).ranks ?? []) this.knownDead.add(r);
      } catch (e) {
        // The store's host may exit right after telling us who died (its broadcast precedes the
        // close on this socket): what we were told still names the first rank that went away.
        if (this.knownDead.size === 0) throw e;
      }
    }
    if (this.knownDead.size === 0 && this.lost !== null) throw new Error(this.lost);
    return [...this.knownDead].sort((a, b) => a - b);
  }

  close(clean = true): void {
    if (clean && this.lost === null) this.socket.write(frame({ op: "bye", id: 0 }));
    this.lost ??= "[TCPStore] the store was closed";
    this.socket.end();
    this.server?.close();
  }
}

/** The address rank 0's server binds: all interfaces unless the master is a loopback name. */
function listenHost(host: string): string | undefined {
  return host === "localhost" || host === "127.0.0.1" || host === "::1" ? host : undefined;
}

// ---- FileStore: `file:///path` init, for ranks that share a file system. ----

interface FileRecord {
  k: string;
  v?: string;
  a?: number;
  u?: string;
}

/**
 * `FileStore`: an append-only log in one file. Every write is one `appendFileSync` of a JSON line
 * (an O_APPEND write, so lines from different processes never interleave); reads replay the log.
 * `add` finds its own record's position in the log, which orders concurrent adds.
 */
export class FileStore implements Store {
  constructor(
    readonly path: string,
    private readonly timeoutMs: number,
  ) {}

  private records(): FileRecord[] {
    if (!fs.existsSync(this.path)) return [];
    const text = fs.readFileSync(this.path, "utf8");
    const out: FileRecord[] = [];
    for (const line of text.split("\n")) if (line.endsWith("}")) out.push(JSON.parse(line) as FileRecord);
    return out;
  }

  private value(key: string, upTo?: string): Buffer | undefined {
    let v: Buffer | undefined;
    let sum: number | null = null;
    for (const r of this.records()) {
      if (r.k !== key) continue;
      if (r.a !== undefined) sum = (sum ?? (v === undefined ? 0 : Number(v.toString()))) + r.a;
      else {
        v = Buffer.from(r.v ?? "", "base64");
        sum = null;
      }
      if (sum !== null) v = Buffer.from(String(sum));
      if (upTo !== undefined && r.u === upTo) break;
    }
    return v;
  }

  private append(r: FileRecord): void {
    fs.appendFileSync(this.path, JSON.stringify(r) + "\n");
  }

  async set(key: string, value: Uint8Array | string): Promise<void> {
    const b =
      typeof value === "string" ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    this.append({ k: key, v: b.toString("base64") });
  }

  async get(key: string, timeoutMs = this.timeoutMs): Promise<Buffer> {
    await this.wait([key], timeoutMs);
    return this.value(key)!;
  }

  async add(key: string, amount: number): Promise<number> {
    const u = crypto.randomUUID();
    this.append({ k: key, a: amount, u });
    return Number(this.value(key, u)!.toString());
  }

  async wait(keys: readonly string[], timeoutMs = this.timeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const have = new Set(this.records().map((r) => r.k));
      if (keys.every((k) => have.has(k))) return;
      if (Date.now() >= deadline) throw new StoreTimeoutError("FileStore.wait", keys, timeoutMs);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async check(keys: readonly string[]): Promise<boolean> {
    const have = new Set(this.records().map((r) => r.k));
    return keys.every((k) => have.has(k));
  }

  async deadRanks(): Promise<number[]> {
    return [];
  }

  close(): void {}
}

/** A view of `store` whose keys all start with `prefix` (PyTorch's `PrefixStore`). */
export class PrefixStore implements Store {
  constructor(
    private readonly prefix: string,
    readonly inner: Store,
  ) {}
  set(key: string, value: Uint8Array | string): Promise<void> {
    return this.inner.set(this.prefix + key, value);
  }
  get(key: string, timeoutMs?: number): Promise<Buffer> {
    return this.inner.get(this.prefix + key, timeoutMs);
  }
  add(key: string, amount: number): Promise<number> {
    return this.inner.add(this.prefix + key, amount);
  }
  wait(keys: readonly string[], timeoutMs?: number): Promise<void> {
    return this.inner.wait(
      keys.map((k) => this.prefix + k),
      timeoutMs,
    );
  }
  check(keys: readonly string[]): Promise<boolean> {
    return this.inner.check(keys.map((k) => this.prefix + k));
  }
  deadRanks(): Promise<number[]> {
    return this.inner.deadRanks();
  }
  close(clean?: boolean): void {
    this.inner.close(clean);
  }
}
