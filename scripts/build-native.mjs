#!/usr/bin/env node
// The `install` script: keeps the prebuilt native core (prebuilds/<platform>-<arch>/) when one
// matches this platform and loads; otherwise builds build/Release/antorcha_native.node from the
// C++ sources. A git checkout always builds (its C++ may differ from any prebuilt binary).
// It must never fail the install: without a native core antorcha runs on the reference backend
// and says why on the first op.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const HINT =
  "antorcha: native core not built, using the TypeScript backend (20-50x slower). For the fast path install g++, make and python3, then run `npm rebuild antorcha`.";

/** The prebuilt binary node-gyp-build picks for this platform, if it loads: `{ path }` or `{ error }`. */
function prebuilt() {
  const probe = [
    "try { const p = require('node-gyp-build').path(process.argv[1]); require(p); process.stdout.write('OK ' + p); }",
    "catch (e) { process.stdout.write('ERR ' + String(e && e.message).split('\\n')[0]); }",
  ].join("\n");
  const res = spawnSync(process.execPath, ["-e", probe, root], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, PREBUILDS_ONLY: "1" },
  });
  const out = res.stdout ?? "";
  if (out.startsWith("OK ")) return { path: out.slice(3) };
  return { error: out.startsWith("ERR ") ? out.slice(4) : `probe failed: ${res.error ?? res.stderr}` };
}

function nodeGyp() {
  // npm sets npm_config_node_gyp to its bundled copy inside lifecycle scripts.
  const env = process.env.npm_config_node_gyp;
  if (env && existsSync(env)) return env;
  try {
    return require.resolve("node-gyp/bin/node-gyp.js");
  } catch {
    return null;
  }
}

/** Newest modification time (ms) of the files under `dir`. */
function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return t;
}

/**
 * True when build/Release already holds addons built after every native source changed (and the
 * gloo addon whenever gloo's headers are installed): `npx antorcha` in a checkout installs the
 * checkout, which would otherwise rebuild the core (minutes) on every call.
 */
function upToDate() {
  if (process.env.ANTORCHA_FORCE_NATIVE) return false;
  const core = join(root, "build", "Release", "antorcha_native.node");
  const gloo = join(root, "build", "Release", "antorcha_gloo.node");
  if (!existsSync(core)) return false;
  const wantGloo = existsSync("/usr/include/gloo/allreduce.h") && !process.env.ANTORCHA_NO_GLOO;
  if (wantGloo && !existsSync(gloo)) return false;
  const built = Math.min(statSync(core).mtimeMs, wantGloo ? statSync(gloo).mtimeMs : Infinity);
  return built > Math.max(newest(join(root, "native")), statSync(join(root, "binding.gyp")).mtimeMs);
}

function main() {
  if (process.env.ANTORCHA_SKIP_NATIVE)
    return console.log("antorcha: ANTORCHA_SKIP_NATIVE set, native core not built.");
  if (!existsSync(join(root, "binding.gyp"))) return;
  if (!existsSync(join(root, ".git"))) {
    const pre = prebuilt();
    if (pre.path) return console.log(`antorcha: using the prebuilt native core (${relative(root, pre.path)}).`);
    console.log(`antorcha: no usable prebuilt native core (${pre.error}); building it from source.`);
  }
  if (upToDate()) return console.log("antorcha: native build up to date (ANTORCHA_FORCE_NATIVE=1 rebuilds).");
  const gyp = nodeGyp();
  if (gyp === null) return console.log(HINT);
  const args = [gyp, "rebuild", "--jobs", "max"];
  // Use the running Node's own headers when it ships them (offline machines, distro packages).
  const prefix = dirname(dirname(process.execPath));
  if (!process.env.npm_config_nodedir && existsSync(join(prefix, "include", "node", "node_api.h")))
    args.push(`--nodedir=${prefix}`);
  const t0 = Date.now();
  const res = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env: process.env });
  const log = `${res.stdout ?? ""}\n${res.stderr ?? ""}\n${res.error ? String(res.error) : ""}`;
  try {
    mkdirSync(join(root, "build"), { recursive: true });
    writeFileSync(join(root, "build", "native-build.log"), log);
  } catch {
    // A read-only install directory only loses the log.
  }
  if (res.status !== 0 || !existsSync(join(root, "build", "Release", "antorcha_native.node"))) {
    console.log(`${HINT} (build log: build/native-build.log)`);
    return;
  }
  console.log(`antorcha: native core built in ${((Date.now() - t0) / 1000).toFixed(0)} s.`);
  // The gloo addon (torch.distributed) is built beside it when Debian's libgloo-dev is installed.
  if (existsSync(join(root, "build", "Release", "antorcha_gloo.node")))
    console.log("antorcha: gloo addon built (torch.distributed).");
  else
    console.log(
      "antorcha: torch.distributed unavailable: install libgloo-dev (apt-get install libgloo-dev), then run `npm rebuild antorcha`.",
    );
}

try {
  main();
} catch (e) {
  console.log(`${HINT} (${e instanceof Error ? e.message : String(e)})`);
}
process.exit(0);
