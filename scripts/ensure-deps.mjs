#!/usr/bin/env node
// `npm test` from a clean clone must install what it needs first (CI runs exactly `npm test`).
// This runs as the `pretest` hook, so it may use only Node's standard library.
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));

function run(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  return res.status === 0;
}

// Every declared dependency must be installed (a checkout may have an older node_modules).
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const declared = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
const missing = declared.filter((name) => !existsSync(join(root, "node_modules", name, "package.json")));
if (missing.length > 0) {
  console.log(`ensure-deps: missing ${missing.join(", ")}`);
  console.log("ensure-deps: installing npm dependencies (npm ci) ...");
  const lock = existsSync(join(root, "package-lock.json"));
  if (!run("npm", [lock ? "ci" : "install", "--no-audit", "--no-fund"])) {
    console.error("ensure-deps: npm install failed; see the output above.");
    process.exit(1);
  }
}

// The Fashion-MNIST integration tests use Debian's dataset package. Install it when we can
// (root with apt-get); otherwise those tests skip and say why.
const FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!existsSync(FASHION) && isRoot && existsSync("/usr/bin/apt-get") && process.env.ANTORCHA_NO_APT !== "1") {
  console.log("ensure-deps: installing dataset-fashion-mnist (Debian) for the integration tests ...");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) => spawnSync("apt-get", args, { stdio: "inherit", env }).status === 0;
  if (!apt(["install", "-y", "-q", "dataset-fashion-mnist"])) {
    if (!(apt(["update", "-q"]) && apt(["install", "-y", "-q", "dataset-fashion-mnist"]))) {
      console.log("ensure-deps: could not install dataset-fashion-mnist; the Fashion-MNIST tests will skip.");
    }
  }
}

// torch.distributed runs on gloo: Debian's libgloo-dev, linked by the optional addon
// build/Release/antorcha_gloo.node (binding.gyp builds it only when the headers are there).
// Install it when we can, then build that addon; otherwise the distributed tests skip and say why.
const GLOO_HEADER = "/usr/include/gloo/allreduce.h";
if (!existsSync(GLOO_HEADER) && isRoot && existsSync("/usr/bin/apt-get") && process.env.ANTORCHA_NO_APT !== "1") {
  console.log("ensure-deps: installing libgloo-dev (Debian) for torch.distributed ...");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) => spawnSync("apt-get", args, { stdio: "inherit", env }).status === 0;
  const pkg = ["install", "-y", "-q", "--no-install-recommends", "libgloo-dev"];
  if (!apt(pkg) && !(apt(["update", "-q"]) && apt(pkg)))
    console.log("ensure-deps: could not install libgloo-dev; the distributed tests will skip.");
}
const release = join(root, "build", "Release");
/** The running Node's own headers when it ships them (offline machines), as build-native.mjs does. */
function nodedir() {
  const prefix = dirname(dirname(process.execPath));
  const has = !process.env.npm_config_nodedir && existsSync(join(prefix, "include", "node", "node_api.h"));
  return has ? [`--nodedir=${prefix}`] : [];
}
if (existsSync(GLOO_HEADER) && !existsSync(join(release, "antorcha_gloo.node")) && !process.env.ANTORCHA_NO_GLOO) {
  console.log("ensure-deps: building the gloo addon (build/Release/antorcha_gloo.node) ...");
  let gyp = null;
  try {
    gyp = createRequire(import.meta.url).resolve("node-gyp/bin/node-gyp.js");
  } catch {
    // no node-gyp: the build below reports it
  }
  // With the core already built, configure and make only the gloo target (seconds, not minutes).
  const ok =
    gyp !== null && existsSync(join(release, "antorcha_native.node"))
      ? run(process.execPath, [gyp, "configure", ...nodedir()]) && run("make", ["-C", "build", "antorcha_gloo"])
      : run(process.execPath, [join(root, "scripts", "build-native.mjs")]);
  if (!ok || !existsSync(join(release, "antorcha_gloo.node")))
    console.log("ensure-deps: the gloo addon did not build; the distributed tests will skip.");
}

// The browser test (test/browser/bundle.test.ts) runs a bundle in headless Chromium: Debian's
// chromium-headless-shell. Install it when we can; otherwise that test skips and says why.
const CHROMIUMS = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];
if (!process.env.ANTORCHA_CHROMIUM && !CHROMIUMS.some((p) => existsSync(p))) {
  if (isRoot && existsSync("/usr/bin/apt-get") && process.env.ANTORCHA_NO_APT !== "1") {
    console.log("ensure-deps: installing chromium-headless-shell (Debian) for the browser test ...");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const apt = (args) => spawnSync("apt-get", args, { stdio: "inherit", env }).status === 0;
    const pkg = ["install", "-y", "-q", "--no-install-recommends", "chromium-headless-shell"];
    if (!apt(pkg) && !(apt(["update", "-q"]) && apt(pkg)))
      console.log("ensure-deps: could not install chromium-headless-shell; the browser test will skip.");
  } else {
    console.log("ensure-deps: no Chromium (apt-get install chromium-headless-shell); the browser test will skip.");
  }
}

// The webgpu tests need a WebGPU adapter: on Debian bookworm, Mesa's lavapipe from
// bookworm-backports (scripts/webgpu-setup.mjs installs it when none is found, and says so).
const { setupWebgpu } = await import("./webgpu-setup.mjs");
setupWebgpu();
