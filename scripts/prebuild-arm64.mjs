#!/usr/bin/env node
// `npm run prebuild:arm64`: cross-compiles the native core for linux-arm64 (glibc) with
// Debian's cross toolchain (apt-get install g++-aarch64-linux-gnu) into
// prebuilds/linux-arm64/, where node-gyp-build finds it; `npm pack` then ships it beside the
// x64 binary. The build runs in node_modules/.cache/antorcha-arm64 so build/ (this machine's
// addon) is untouched. The x86 kernels (AVX2/AVX-512) compile out on arm64; the portable
// paths remain. The binary cannot be loaded here: check it on an arm64 machine.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const CROSS = "aarch64-linux-gnu-";
const dir = join(root, "node_modules", ".cache", "antorcha-arm64");

function fail(msg) {
  console.error(`prebuild:arm64: ${msg}`);
  process.exit(1);
}
function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: dir, stdio: "inherit", env });
  if (r.status !== 0) fail(`${[cmd, ...args].join(" ")} failed`);
}

if (spawnSync(`${CROSS}g++`, ["--version"], { stdio: "ignore" }).status !== 0)
  fail(`${CROSS}g++ not found: apt-get install g++-aarch64-linux-gnu`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync(join(root, "native"), join(dir, "native"), { recursive: true });
copyFileSync(join(root, "binding.gyp"), join(dir, "binding.gyp"));
const env = {
  ...process.env,
  NODE_PATH: join(root, "node_modules"), // binding.gyp's require('node-addon-api')
  CC: `${CROSS}gcc`,
  CXX: `${CROSS}g++`,
  LINK: `${CROSS}g++`,
  AR: `${CROSS}ar`,
};
for (const k of ["CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS"]) delete env[k];
const prefix = dirname(dirname(process.execPath));
const nodedir = existsSync(join(prefix, "include", "node", "node_api.h")) ? [`--nodedir=${prefix}`] : [];
run(
  process.execPath,
  [require.resolve("node-gyp/bin/node-gyp.js"), "rebuild", "--arch=arm64", "--jobs", "max", ...nodedir],
  env,
);
const out = join(root, "prebuilds", "linux-arm64");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const dst = join(out, "antorcha_native.napi.glibc.node");
copyFileSync(join(dir, "build", "Release", "antorcha_native.node"), dst);
spawnSync(`${CROSS}strip`, ["--strip-unneeded", dst], { stdio: "inherit" });
const file = spawnSync("file", ["-b", dst], { encoding: "utf8" }).stdout ?? "";
if (file && !/aarch64/.test(file)) fail(`not an arm64 binary: ${file}`);
console.log(
  `prebuild:arm64: prebuilds/linux-arm64/antorcha_native.napi.glibc.node (${(statSync(dst).size / 1024).toFixed(0)} kB) ${file.trim()}`,
);
