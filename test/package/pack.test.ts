/**
 * Installs antorcha the way a user does: `npm pack` (which runs `prepack`: dist/ and the prebuilt
 * native core), then `npm ci --ignore-scripts --offline` of the tarball into a fresh project, then
 * the README tour as an ES module and as a CommonJS script on the native backend, TypeScript
 * consumers under moduleResolution node10/node16/bundler, and the one-line notice when the
 * prebuilt binary is gone. Offline: the consumer's lockfile is this checkout's (its production
 * entries), so every tarball comes from the npm cache `npm ci` filled here.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
  exports: Record<string, unknown>;
};
const NOTICE = /^\[antorcha\] native core unavailable/m;

const skip = !existsSync(join(root, "build", "Release", "antorcha_native.node"))
  ? "the native core is not built in this checkout (npm install builds it), so there is no binary to pack"
  : false;

function npm(args: string[], cwd: string): string {
  // Inside `npm test` npm_execpath is npm's own CLI script; run it with this Node.
  const cli = process.env.npm_execpath;
  const [cmd, pre] = cli && /npm-cli\.js$/.test(cli) ? [process.execPath, [cli]] : ["npm", []];
  return execFileSync(cmd, [...pre, ...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 1 << 26,
  });
}

function runNode(file: string, cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const clean = { ...process.env };
  for (const k of Object.keys(clean)) if (k.startsWith("ANTORCHA_")) delete clean[k];
  return spawnSync(process.execPath, [file], { cwd, encoding: "utf8", env: { ...clean, ...env } });
}

function tour(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = /<!-- tour:start[^>]*-->\s*```ts\n([\s\S]*?)```\s*<!-- tour:end -->/.exec(readme);
  assert.ok(block, "README has a tour block");
  return block[1]!;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe("the packed package, installed as a user installs it", { skip }, () => {
  let work = "";
  let app = ""; // the consumer project
  let installed = ""; // app/node_modules/antorcha
  let tarball = "";

  before(() => {
    work = mkdtempSync(join(tmpdir(), "antorcha-pack-"));
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", work], root)) as {
      filename: string;
      files: { path: string }[];
    }[];
    tarball = join(work, packed[0]!.filename);
    app = join(work, "app");
    mkdirSync(app);
    const rel = `file:../${packed[0]!.filename}`;
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
      packages: Record<string, { dev?: boolean; devOptional?: boolean; version?: string; resolved?: string }>;
    };
    const packages: Record<string, unknown> = {
      "": { name: "app", dependencies: { antorcha: rel } },
      "node_modules/antorcha": {
        version: pkg.version,
        resolved: rel,
        hasInstallScript: true,
        license: "MIT",
        dependencies: pkg.dependencies,
      },
    };
    // Lockfiles written with omit-lockfile-registry-resolved name no tarball URL; npm then asks
    // the registry where one is, so it is filled in (the tarball itself comes from the cache).
    const registry = (process.env.npm_config_registry ?? "https://registry.npmjs.org/").replace(/\/?$/, "/");
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path.startsWith("node_modules/") || entry.dev || entry.devOptional) continue;
      const name = path.slice(path.lastIndexOf("node_modules/") + 13);
      const resolved = entry.resolved ?? `${registry}${name}/-/${name.split("/").pop()}-${entry.version}.tgz`;
      packages[path] = { ...entry, resolved };
    }
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({ name: "app", private: true, dependencies: { antorcha: rel } }),
    );
    writeFileSync(
      join(app, "package-lock.json"),
      JSON.stringify({ name: "app", lockfileVersion: 3, requires: true, packages }),
    );
    npm(["ci", "--ignore-scripts", "--offline"], app);
    installed = join(app, "node_modules", "antorcha");
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("the tarball holds JS, declarations, native sources and a prebuilt binary, and no dangling source maps", () => {
    const files = walk(installed).map((f) => relative(installed, f).replaceAll("\\", "/"));
    for (const f of ["dist/src/index.js", "dist/src/index.d.ts", "binding.gyp", "native/binding/addon.cc"]) {
      assert.ok(files.includes(f), `${f} is in the tarball`);
    }
    for (const sub of Object.keys(pkg.exports).filter((k) => k !== "./package.json")) {
      const e = pkg.exports[sub] as Record<string, string>;
      for (const target of Object.values(e)) assert.ok(existsSync(join(installed, target)), `${sub} → ${target}`);
    }
    // No source maps: a map naming .ts sources the package does not ship would not resolve.
    assert.deepEqual(
      files.filter((f) => f.endsWith(".map")),
      [],
    );
    const js = files.filter((f) => f.endsWith(".js"));
    assert.ok(js.length > 100, `compiled modules shipped: ${js.length}`);
    for (const f of js) assert.doesNotMatch(readFileSync(join(installed, f), "utf8"), /sourceMappingURL/, f);
    assert.ok(!files.some((f) => f.startsWith("dist/test/") || f.startsWith("test/")), "no tests in the tarball");
    const tag = `${process.platform}-${process.arch}`;
    assert.ok(
      files.some((f) => f.startsWith(`prebuilds/${tag}/`) && f.endsWith(".node")),
      `a prebuilt binary for ${tag}`,
    );
    assert.ok(!existsSync(join(installed, "build")), "--ignore-scripts built nothing");
    const kb = statSync(tarball).size / 1024;
    assert.ok(kb < 4096, `tarball ${kb.toFixed(0)} kB`);
  });

  test("the README tour runs as an ES module and as CommonJS on the prebuilt native core", () => {
    const code = tour();
    const check = `console.log("BACKEND", torch.getBackend(), torch.nativeInfo().available);\n`;
    writeFileSync(join(app, "tour.mjs"), code + check);
    // CommonJS: require() of the ES module package (Node >= 20.19), top-level await in an async main.
    const body = code.replace(/^import \* as torch from "antorcha";\n/m, "");
    assert.notEqual(body, code, "the tour starts with the root import");
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== "." && k !== "./package.json");
    const requires = subpaths.map((s) => `require(${JSON.stringify(`antorcha/${s.slice(2)}`)})`).join(", ");
    writeFileSync(
      join(app, "tour.cjs"),
      `const torch = require("antorcha");\nconst subpaths = [${requires}];\n` +
        `if (!subpaths.every((m) => Object.keys(m).length > 0)) throw new Error("empty subpath module");\n` +
        `(async () => {\n${body}${check}})().catch((e) => { console.error(e); process.exit(1); });\n`,
    );
    const esm = runNode("tour.mjs", app);
    assert.equal(esm.status, 0, `ESM tour failed:\n${esm.stderr}`);
    const cjs = runNode("tour.cjs", app);
    assert.equal(cjs.status, 0, `CommonJS tour failed:\n${cjs.stderr}`);
    for (const r of [esm, cjs]) {
      assert.match(r.stdout, /^BACKEND native true$/m);
      assert.match(r.stdout, /epoch 200 {2}loss \d+\.\d+/);
      assert.doesNotMatch(r.stderr, NOTICE);
    }
    assert.equal(cjs.stdout, esm.stdout, "both module systems print the same tour");
  });

  test("TypeScript resolves the root and every subpath with types (node10, node16, bundler)", () => {
    const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== "." && k !== "./package.json");
    const imports = subpaths.map((s, i) => `import * as sub${i} from "antorcha/${s.slice(2)}";`).join("\n");
    const uses = subpaths.map((_, i) => `sub${i}`).join(", ");
    const src =
      `import * as torch from "antorcha";\n${imports}\n` +
      `const t: torch.Tensor = torch.ones([2, 3]);\nconst n: number = t.numel();\n` +
      `// @ts-expect-error: numel() is a number, so the types are real (not any)\nconst s: string = t.numel();\n` +
      `export const all = [n, s, ${uses}];\n`;
    const modes: [string, Record<string, unknown>, string][] = [
      ["node10", { module: "commonjs", moduleResolution: "node10" }, "commonjs"],
      ["node16", { module: "node16", moduleResolution: "node16" }, "module"],
      ["bundler", { module: "esnext", moduleResolution: "bundler" }, "module"],
    ];
    for (const [name, opts, type] of modes) {
      const dir = join(app, `ts-${name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type }));
      writeFileSync(join(dir, "main.ts"), src);
      const compilerOptions = { ...opts, target: "es2022", strict: true, noEmit: true, skipLibCheck: true, types: [] };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["main.ts"] }));
      const r = spawnSync(process.execPath, [tsc, "-p", dir], { cwd: dir, encoding: "utf8" });
      assert.equal(r.status, 0, `moduleResolution ${name}:\n${r.stdout}${r.stderr}`);
    }
  });

  test("without a matching binary it runs on the TypeScript backend and says why, once", () => {
    rmSync(join(installed, "prebuilds"), { recursive: true, force: true });
    const script =
      `const torch = require("antorcha");\n` +
      `console.log(String(torch.ones(2).add(1).mul(3)), torch.getBackend());\n` +
      `console.log(String(torch.zeros(1).exp()), JSON.stringify(torch.nativeInfo()));\n`;
    writeFileSync(join(app, "fallback.cjs"), script);
    const r = runNode("fallback.cjs", app);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^tensor\(\[6\., 6\.\]\) reference$/m);
    const lines = r.stderr.split("\n").filter((l) => l.length > 0);
    assert.equal(lines.length, 1, `one line on stderr:\n${r.stderr}`);
    assert.match(lines[0]!, NOTICE);
    assert.match(lines[0]!, new RegExp(`no prebuilt binary for ${process.platform}-${process.arch}`));
    assert.match(lines[0]!, /npm rebuild antorcha/);
    assert.match(lines[0]!, /ANTORCHA_QUIET=1/);
    assert.match(r.stdout, /"available":false/);
    const quiet = runNode("fallback.cjs", app, { ANTORCHA_QUIET: "1" });
    assert.equal(quiet.status, 0, quiet.stderr);
    assert.equal(quiet.stderr, "");
  });
});
