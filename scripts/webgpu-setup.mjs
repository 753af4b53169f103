#!/usr/bin/env node
// Makes a WebGPU adapter available for the webgpu tests (called by ensure-deps.mjs, the pretest
// hook; runnable alone: `node scripts/webgpu-setup.mjs`). Standard library only.
//
// The `webgpu` npm package (Dawn) needs a Vulkan driver. On a machine without a GPU that is
// Mesa's lavapipe, and on Debian bookworm only the backports build works (mesa-vulkan-drivers
// 25.x: bookworm's own 22.3 lacks a feature Dawn requires, so it gives no adapter). When no
// adapter is found, and this is Debian bookworm run as root with apt-get, this adds
// bookworm-backports as an apt source and installs mesa-vulkan-drivers and libvulkan1 from it.
// Everything it does is printed. ANTORCHA_NO_APT=1 turns the installing off.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SOURCES = "/etc/apt/sources.list.d/antorcha-bookworm-backports.sources";

/** Asks Dawn for an adapter in a child process (a broken driver must not take this one down). */
export function probeAdapter() {
  const code = `
    const { create, globals } = await import("webgpu");
    Object.assign(globalThis, globals);
    const gpu = create([]);
    const a = await gpu.requestAdapter();
    if (a === null) { console.log("none"); process.exit(0); }
    const info = a.info ?? {};
    console.log("adapter " + [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(" / "));
    process.exit(0);`;
  const res = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  const out = (res.stdout ?? "").trim().split("\n").pop() ?? "";
  if (res.status === 0 && out.startsWith("adapter")) return { ok: true, line: out };
  if (/Cannot find (package|module) 'webgpu'/.test(res.stderr ?? ""))
    return { ok: false, line: "the optional npm package webgpu is not installed (npm install webgpu)" };
  return { ok: false, line: "no WebGPU adapter (no Vulkan driver: install mesa-vulkan-drivers 25.x)" };
}

function debianBookworm() {
  if (!existsSync("/etc/os-release")) return false;
  const os = readFileSync("/etc/os-release", "utf8");
  return /^ID=debian$/m.test(os) && /^VERSION_CODENAME=bookworm$/m.test(os);
}

function hasBackports() {
  const files = ["/etc/apt/sources.list", "/etc/apt/sources.list.d/debian.sources", SOURCES];
  return files.some((f) => existsSync(f) && /bookworm-backports/.test(readFileSync(f, "utf8")));
}

/** Installs lavapipe from bookworm-backports when it can; returns what it did, one line. */
export function installLavapipe() {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) return "not root: install mesa-vulkan-drivers from bookworm-backports to run the webgpu tests";
  if (!existsSync("/usr/bin/apt-get")) return "no apt-get: install a Vulkan driver (Mesa lavapipe 25.x) yourself";
  if (!debianBookworm()) return "not Debian bookworm: install mesa-vulkan-drivers (Mesa ≥ 23) from your distribution";
  if (process.env.ANTORCHA_NO_APT === "1") return "ANTORCHA_NO_APT=1: not installing mesa-vulkan-drivers";
  if (!hasBackports()) {
    console.log(`webgpu-setup: adding bookworm-backports as an apt source (${SOURCES})`);
    writeFileSync(
      SOURCES,
      [
        "Types: deb",
        "URIs: http://deb.debian.org/debian",
        "Suites: bookworm-backports",
        "Components: main",
        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
        "",
      ].join("\n"),
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) => spawnSync("apt-get", args, { stdio: "inherit", env }).status === 0;
  console.log("webgpu-setup: apt-get update, then mesa-vulkan-drivers and libvulkan1 from bookworm-backports");
  const pkgs = ["install", "-y", "-q", "--no-install-recommends", "-t", "bookworm-backports"];
  if (!apt(["update", "-q"]) || !apt([...pkgs, "mesa-vulkan-drivers", "libvulkan1"]))
    return "apt-get failed to install mesa-vulkan-drivers from bookworm-backports (see above)";
  return "installed mesa-vulkan-drivers and libvulkan1 from bookworm-backports";
}

/** Probes, installs when needed, probes again; prints one line per step and returns the result. */
export function setupWebgpu() {
  let probe = probeAdapter();
  if (probe.ok) {
    console.log(`webgpu-setup: ${probe.line}`);
    return probe;
  }
  if (/not installed/.test(probe.line)) {
    console.log(`webgpu-setup: ${probe.line}; the webgpu tests will skip`);
    return probe;
  }
  console.log(`webgpu-setup: ${probe.line}`);
  console.log(`webgpu-setup: ${installLavapipe()}`);
  probe = probeAdapter();
  console.log(`webgpu-setup: ${probe.ok ? probe.line : probe.line + "; the webgpu tests will skip"}`);
  return probe;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = setupWebgpu();
  process.exit(r.ok || !process.env.CI ? 0 : 1);
}
