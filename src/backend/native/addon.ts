/**
 * Loads the compiled addon (build/Release/antorcha_native.node) if it was built. In a browser
 * (no Node built-ins) nothing is touched and the TypeScript reference backend runs.
 */
import { hasNodeBuiltins, isNode, nodeBuiltin } from "../../util/node.js";

/** The functions the C++ binding exports (native/binding/addon.cc). Views travel in `meta`. */
export interface NativeAddon {
  init(meta: Float64Array): void;
  unary(...arrays: ArrayBufferView[]): boolean;
  binary(...arrays: ArrayBufferView[]): boolean;
  copy(...arrays: ArrayBufferView[]): void;
  fill(dst: ArrayBufferView, value: number | bigint): void;
  where(...arrays: ArrayBufferView[]): boolean;
  reduce(...arrays: ArrayBufferView[]): boolean;
  scan(...arrays: ArrayBufferView[]): boolean;
  matmul(...arrays: ArrayBufferView[]): boolean;
  gather(...arrays: ArrayBufferView[]): boolean;
  scatter(...arrays: ArrayBufferView[]): boolean;
  indexSelect(...arrays: ArrayBufferView[]): boolean;
  indexPut(...arrays: ArrayBufferView[]): boolean;
  nonzero(x: ArrayBufferView): Float64Array;
  sort(...arrays: ArrayBufferView[]): boolean;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  fusedLinear?(...arrays: ArrayBufferView[]): boolean;
  fusedSoftmax?(...arrays: ArrayBufferView[]): boolean;
  fusedCrossEntropy?(...arrays: ArrayBufferView[]): boolean;
  fusedSgd?(...arrays: ArrayBufferView[]): boolean;
  fusedAdam?(...arrays: ArrayBufferView[]): boolean;
  fusedConv2d?(...arrays: ArrayBufferView[]): boolean;
  fusedMaxPool2d?(...arrays: ArrayBufferView[]): boolean;
  fusedConv2dBackward?(...arrays: ArrayBufferView[]): boolean;
  fusedMaxPool2dBackward?(...arrays: ArrayBufferView[]): boolean;
  fusedReluBackward?(...arrays: ArrayBufferView[]): boolean;
  info(): { isa: string; detectedIsa: string; threads: number; physicalCores: number; maxDims: number };
}

/** Why the addon is unavailable (null when it loaded). */
export let loadError: string | null = null;

function load(): NativeAddon | null {
  if (!hasNodeBuiltins) {
    loadError = `Node.js ${process.versions.node} lacks process.getBuiltinModule: expected Node.js ≥ 20.16`;
    return null;
  }
  const { existsSync } = nodeBuiltin("node:fs", "native");
  const { createRequire } = nodeBuiltin("node:module", "native");
  const { fileURLToPath } = nodeBuiltin("node:url", "native");
  if (process.env.ANTORCHA_NO_NATIVE) {
    loadError = "disabled by ANTORCHA_NO_NATIVE";
    return null;
  }
  const require = createRequire(import.meta.url);
  // ANTORCHA_NATIVE_ADDON points at another build (e.g. the sanitizer build of test:sanitize).
  const override = process.env.ANTORCHA_NATIVE_ADDON;
  if (override) {
    try {
      return require(override) as NativeAddon;
    } catch (e) {
      loadError = `failed to load ${override}: ${e instanceof Error ? e.message : String(e)}`;
      return null;
    }
  }
  // src/backend/native/ from the sources, dist/src/backend/native/ when compiled.
  for (const rel of ["../../../build/Release/antorcha_native.node", "../../../../build/Release/antorcha_native.node"]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (!existsSync(p)) continue;
    try {
      return require(p) as NativeAddon;
    } catch (e) {
      loadError = `failed to load ${p}: ${e instanceof Error ? e.message : String(e)}`;
      return null;
    }
  }
  loadError =
    "build/Release/antorcha_native.node not found (run `npm rebuild antorcha` with g++, make and python3 installed)";
  return null;
}

function loadInNode(): NativeAddon | null {
  if (isNode) return load();
  loadError = "not running in Node.js (a browser): the TypeScript backend runs";
  return null;
}

export const addon: NativeAddon | null = loadInNode();
