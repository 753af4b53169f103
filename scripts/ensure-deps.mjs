#!/usr/bin/env node
// `npm test` from a clean clone must install what it needs first (CI runs exactly `npm test`).
// This runs as the `pretest` hook, so it may use only Node's standard library.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));

function run(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  return res.status === 0;
}

if (!existsSync(join(root, "node_modules", "tsx")) || !existsSync(join(root, "node_modules", "typescript"))) {
  console.log("ensure-deps: installing npm dependencies (npm ci) ...");
  const lock = existsSync(join(root, "package-lock.json"));
  if (!run("npm", [lock ? "ci" : "install", "--no-audit", "--no-fund"])) {
    console.error("ensure-deps: npm install failed; see the output above.");
    process.exit(1);
  }
}
