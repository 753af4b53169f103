#!/usr/bin/env node
// What the compiler and the linters know, checked before the tests run (`npm test` without
// filters, so CI too; `npm run check` alone): the typecheck, eslint and prettier --check, each
// exactly its npm script, run side by side. Any failure stops the run and names the command that
// reproduces it and, for formatting, the one that fixes it.
// This runs before the tests and uses only Node's standard library.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** One check: the npm script that runs it, and what to tell whoever broke it. */
const CHECKS = [
  {
    script: "typecheck",
    what: "tsc --noEmit over src, test, bench, examples, scripts",
    fix: "fix the type errors above",
  },
  { script: "lint", what: "eslint over src, test, bench, examples, scripts", fix: "fix the lint errors above" },
  {
    script: "format:check",
    what: "prettier --check",
    fix: "run `npx prettier --write <file>` on the files listed above (or `npm run format` for the whole tree)",
  },
];

function run(check) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", check.script], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", (err) => resolve({ check, code: 1, out: String(err), seconds: 0 }));
    child.on("close", (code) =>
      resolve({ check, code: code ?? 1, out, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

/** Runs every check; returns true when all pass. Prints one line per check and the output of failures. */
export async function staticChecks() {
  const started = performance.now();
  console.log(`static checks: ${CHECKS.map((c) => `npm run ${c.script}`).join(", ")} ...`);
  const results = await Promise.all(CHECKS.map(run));
  const failed = results.filter((r) => r.code !== 0);
  for (const r of failed) {
    console.error(`\n----- npm run ${r.check.script} (${r.check.what}) failed -----`);
    console.error(r.out.trimEnd());
  }
  for (const r of results) {
    const mark = r.code === 0 ? "ok  " : "FAIL";
    console.log(`static checks: ${mark} npm run ${r.check.script} (${r.seconds.toFixed(1)} s)`);
  }
  const total = ((performance.now() - started) / 1000).toFixed(1);
  if (failed.length === 0) {
    console.log(`static checks: all passed in ${total} s`);
    return true;
  }
  console.error(`\nstatic checks failed (${total} s); the tests did not run. To fix:`);
  for (const r of failed) console.error(`  npm run ${r.check.script}: ${r.check.fix}, then rerun it until it passes`);
  return false;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit((await staticChecks()) ? 0 : 1);
}
