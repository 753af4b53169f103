/**
 * What every entry point (`antorcha`, `antorcha/keras`, `antorcha/numpy`, …) needs before its
 * first op, run once whichever is imported first: the Tensor methods, the autograd engine, and
 * the backend choice — the native core when its addon loads (`ANTORCHA_BACKEND=reference` opts
 * out), else the TypeScript backend, which says once on stderr why.
 */
import "./tensor/methods.js";
import "./autograd/engine.js";
import { registerBackend, setBackend as selectBackend } from "./backend/registry.js";
import { nativeBackend, nativeInfo } from "./backend/native/index.js";
import { speakingReference, wantsNotice } from "./backend/native/fallback.js";

// The native core is the default when its addon was built; ANTORCHA_BACKEND=reference opts out.
if (nativeBackend !== null) {
  registerBackend(nativeBackend);
  const wanted = typeof process !== "undefined" ? process.env.ANTORCHA_BACKEND : undefined;
  selectBackend(wanted ?? "native");
} else if (typeof process !== "undefined" && process.env.ANTORCHA_BACKEND === "native") {
  throw new Error(
    `[antorcha] ANTORCHA_BACKEND=native, but the native core is unavailable: ${nativeInfo().reason ?? "not built"}`,
  );
} else if (nativeInfo().reason !== null && wantsNotice()) {
  // The first kernel call says once, on stderr, why the native core is not running.
  registerBackend(speakingReference(nativeInfo().reason!));
  selectBackend("reference");
}
