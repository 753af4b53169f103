/**
 * Loads the native core: a local build (build/Release/antorcha_native.node) or the prebuilt
 * binary shipped in prebuilds/<platform>-<arch>/, found by node-gyp-build. In a browser (no Node
 * built-ins) nothing is touched and the TypeScript reference backend runs.
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
  /** Per family (unary, binary, reduce, scan, and kernel modes), its kernel names in code order. */
  kernelNames?(): Record<string, string[]>;
  /** Each dtype's code in view descriptors (`{ bool: 0, … }`). */
  dtypeCodes?(): Record<string, number>;
}

/** Why the addon is unavailable (null when it loaded). */
export let loadError: string | null = null;

/** How to get the native core back, appended to every reason. */
const FIX = "install g++, make and python3, then run `npm rebuild antorcha` to build it from source";

/** The package root: three levels up from src/backend/native/, four from dist/src/backend/native/. */
function packageRoot(): string {
  const { existsSync } = nodeBuiltin("node:fs", "native");
  const { join } = nodeBuiltin("node:path", "native");
  const { fileURLToPath } = nodeBuiltin("node:url", "native");
  const up3 = fileURLToPath(new URL("../../../", import.meta.url));
  return existsSync(join(up3, "package.json")) ? up3 : fileURLToPath(new URL("../../../../", import.meta.url));
}

function load(): NativeAddon | null {
  if (!hasNodeBuiltins) {
    loadError = `Node.js ${process.versions.node} lacks process.getBuiltinModule: expected Node.js ≥ 20.16`;
    return null;
  }
  const { createRequire } = nodeBuiltin("node:module", "native");
  const { join } = nodeBuiltin("node:path", "native");
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
      loadError = `failed to load ${override}: ${firstLine(e)}`;
      return null;
    }
  }
  // node-gyp-build picks build/Release (a local build) first, then the prebuilt binary under
  // prebuilds/<platform>-<arch>/ that matches this platform, libc and N-API.
  const root = packageRoot();
  let path: string;
  try {
    // build/Release also holds the optional gloo addon: name the core explicitly there.
    const local = join(root, "build", "Release", "antorcha_native.node");
    const { existsSync } = nodeBuiltin("node:fs", "native");
    const gypBuild = require("node-gyp-build") as { path(dir: string): string };
    path = existsSync(local) ? local : gypBuild.path(root);
  } catch {
    const platform = `${process.platform}-${process.arch}`;
    loadError = `no prebuilt binary for ${platform} and no local build in ${join(root, "build")}; ${FIX}`;
    return null;
  }
  try {
    return require(path) as NativeAddon;
  } catch (e) {
    loadError = `failed to load ${path}: ${firstLine(e)}; ${FIX}`;
    return null;
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}

function loadInNode(): NativeAddon | null {
  if (isNode) return load();
  loadError = "not running in Node.js (a browser): the TypeScript backend runs";
  return null;
}

export const addon: NativeAddon | null = loadInNode();
