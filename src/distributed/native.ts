/**
 * Loads the optional gloo addon (build/Release/antorcha_gloo.node, built by node-gyp when Debian's
 * libgloo-dev is installed). The core addon never links libgloo: only `torch.distributed` needs it,
 * and it loads it on first use.
 */
import type { DType } from "../tensor/dtype.js";
import { isNode, nodeBuiltin } from "../util/node.js";

/** The store callback gloo's rendezvous calls: op "set" | "get" | "wait". */
export type StoreBridge = (
  op: string,
  keys: string[],
  value: Buffer | null,
  timeoutMs: number,
) => Promise<Buffer | null>;

/** One gloo context and its worker thread (native/distributed/gloo_addon.cc). */
export interface GlooGroupHandle {
  connect(store: StoreBridge): Promise<void>;
  allreduce(a: ArrayBufferView, dtype: number, op: number, tag: number): Promise<void>;
  broadcast(a: ArrayBufferView, root: number, tag: number): Promise<void>;
  allgather(input: ArrayBufferView, output: ArrayBufferView, tag: number): Promise<void>;
  gather(input: ArrayBufferView, output: ArrayBufferView | null, root: number, tag: number): Promise<void>;
  scatter(input: ArrayBufferView | null, output: ArrayBufferView, root: number, tag: number): Promise<void>;
  send(a: ArrayBufferView, dst: number, slot: number): Promise<void>;
  recv(a: ArrayBufferView, src: number, slot: number): Promise<void>;
  barrier(tag: number): Promise<void>;
  close(): void;
}

interface GlooAddon {
  GlooGroup: new (rank: number, size: number, timeoutMs: number, hostname: string, iface: string) => GlooGroupHandle;
  glooVersion: string;
}

/** The addon's dtype codes (enum DT in gloo_addon.cc). */
export const DTYPE_CODE: Readonly<Record<DType, number>> = {
  bool: 0,
  uint8: 1,
  int8: 2,
  int16: 3,
  int32: 4,
  int64: 5,
  float16: 6,
  bfloat16: 7,
  float32: 8,
  float64: 9,
};

const FIX =
  "install Debian's libgloo-dev (apt-get install libgloo-dev; `npm test` does it when run as root) and rebuild the native part (npm rebuild antorcha)";

let cached: GlooAddon | null = null;
let reason: string | null = null;

function load(): GlooAddon | null {
  if (!isNode) {
    reason = "gloo needs Node.js (not a browser)";
    return null;
  }
  if (process.env.ANTORCHA_NO_GLOO) {
    reason = "disabled by ANTORCHA_NO_GLOO";
    return null;
  }
  const { createRequire } = nodeBuiltin("node:module", "distributed");
  const { existsSync } = nodeBuiltin("node:fs", "distributed");
  const { fileURLToPath } = nodeBuiltin("node:url", "distributed");
  const require = createRequire(import.meta.url);
  // src/distributed/ → two levels up; dist/src/distributed/ → three.
  const candidates = ["../../", "../../../"].map((up) =>
    fileURLToPath(new URL(`${up}build/Release/antorcha_gloo.node`, import.meta.url)),
  );
  const path = candidates.find((p) => existsSync(p));
  if (path === undefined) {
    reason = `the gloo addon (build/Release/antorcha_gloo.node) was not built`;
    return null;
  }
  try {
    return require(path) as GlooAddon;
  } catch (e) {
    reason = `failed to load ${path}: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`;
    return null;
  }
}

/** The gloo addon, or an Error naming `op`, why it is missing and the Debian package to install. */
export function gloo(op: string): GlooAddon {
  if (cached === null && reason === null) cached = load();
  if (cached === null) throw new Error(`[${op}] the gloo backend is not available: ${reason}; ${FIX}`);
  return cached;
}

/** Whether the gloo backend can be used here (`torch.distributed.isGlooAvailable()`). */
export function glooAvailable(): boolean {
  if (cached === null && reason === null) cached = load();
  return cached !== null;
}
