#!/usr/bin/env node
// The benchmarks compare against PyTorch on the same machine. Debian's python3-torch uses the
// reference BLAS (about 5 GFLOP/s) unless OpenBLAS is installed, which would make every GEMM
// comparison meaningless, so this installs both (and the Fashion-MNIST data the training
// benchmarks read). Run with `npm run bench:setup`; needs root and apt-get.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const PACKAGES = ["python3-torch", "libopenblas0-openmp", "dataset-fashion-mnist"];

const have = (pkg) =>
  spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" }).stdout?.includes("install ok installed");

const missing = PACKAGES.filter((pkg) => !have(pkg));
if (missing.length === 0) {
  console.log(`bench:setup: ${PACKAGES.join(", ")} already installed.`);
  process.exit(0);
}
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot || !existsSync("/usr/bin/apt-get")) {
  console.error(
    `bench:setup: missing ${missing.join(", ")}; install them as root: apt-get install -y ${missing.join(" ")}`,
  );
  process.exit(1);
}
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
const apt = (args) => spawnSync("apt-get", args, { stdio: "inherit", env }).status === 0;
console.log(`bench:setup: installing ${missing.join(", ")} ...`);
if (!apt(["install", "-y", "-q", ...missing]) && !(apt(["update", "-q"]) && apt(["install", "-y", "-q", ...missing]))) {
  console.error("bench:setup: apt-get failed; see the output above.");
  process.exit(1);
}
