#!/usr/bin/env node
// `prepack` (npm pack / npm publish): compiles dist/ and puts this machine's native core under
// prebuilds/<platform>-<arch>/ (the name node-gyp-build looks for), so users on this platform
// install without a compiler, `--ignore-scripts` included. Prebuilt binaries for other
// platforms already under prebuilds/ (e.g. `npm run prebuild:arm64`) are kept.
//
// The binary is the one `npm install` built (build/Release) when it is newer than every C++
// source and binding.gyp; otherwise it is rebuilt here. binding.gyp has no -march flag (the
// kernels pick AVX-512, AVX2 or portable code at run time). Built on Debian 12 it needs glibc
// >= 2.34 and libstdc++ >= 12 (Ubuntu 22.04, Debian 12, Fedora 36 and later); elsewhere the
// install script compiles from source, and without a compiler the first op says why.
// (Linking libstdc++ statically would need glibc 2.36: arc4random and _dl_find_object.)
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const built = join(root, "build", "Release", "antorcha_native.node");

function run(cmd, args, env = process.env) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", 2, 2], env }); // stdout stays clean for `npm pack --json`
  if (res.status !== 0) {
    console.error(`prepack: ${[cmd, ...args].join(" ")} failed`);
    process.exit(1);
  }
}

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
}

// 1. JavaScript, declarations and source maps (the maps name src/*.ts, which the package ships).
rmSync(join(root, "dist"), { recursive: true, force: true });
run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"]);

// 2. The native core for this platform.
if (process.env.ANTORCHA_SKIP_NATIVE) {
  console.error("prepack: ANTORCHA_SKIP_NATIVE set, no prebuilt binary for this platform.");
  process.exit(0);
}
const sources = Math.max(newestMtime(join(root, "native")), newestMtime(join(root, "binding.gyp")));
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.error("prepack: build/Release is missing or older than native/; building the native core ...");
  const env = { ...process.env };
  for (const k of ["CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS"]) delete env[k]; // no host-specific flags
  const prefix = dirname(dirname(process.execPath));
  const nodedir = existsSync(join(prefix, "include", "node", "node_api.h")) ? [`--nodedir=${prefix}`] : [];
  run(process.execPath, [require.resolve("node-gyp/bin/node-gyp.js"), "rebuild", "--jobs", "max", ...nodedir], env);
}
const mk = readFileSync(join(root, "build", "antorcha_native.target.mk"), "utf8");
if (/-march=|-mtune=native|-mavx/.test(mk)) {
  console.error(
    "prepack: the native build has CPU-specific flags (-march/-mavx); a prebuilt binary must run on every CPU",
  );
  process.exit(1);
}
const libc = process.platform !== "linux" ? "" : existsSync("/etc/alpine-release") ? ".musl" : ".glibc";
const dir = join(root, "prebuilds", `${process.platform}-${process.arch}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const dst = join(dir, `antorcha_native.napi${libc}.node`);
copyFileSync(built, dst);
// Debug symbols are most of the file; the dynamic symbol table N-API needs stays.
if (process.platform === "linux") spawnSync("strip", ["--strip-unneeded", dst], { stdio: ["ignore", 2, 2] });
console.error(`prepack: ${dst.slice(root.length)} (${(statSync(dst).size / 1024).toFixed(0)} kB)`);
