/**
 * `npm run coverage:pytorch`: how much of PyTorch 1.13's dense-real-CPU public surface antorcha
 * has. The denominator is `scripts/pytorch-names.json`, written by `scripts/pytorch-names.py`
 * from Debian's PyTorch (the exclusion rules are in that script, each with its reason). Each name
 * maps to antorcha's spelling: snake_case → camelCase (a trailing in-place `_` kept),
 * `torch.x` → `torch.x`, `Tensor.x` → a method or property of a `torch.Tensor` (prototype or instance field),
 * `torch.nn.functional.x` → `torch.nn.functional.x`, layers → `torch.nn.X`,
 * `torch.linalg.x` → `torch.linalg.x`, autograd entry points → `torch.autograd.x` (or the
 * top-level `torch.x` where antorcha puts them, as `torch.noGrad`).
 * `test/coverage/pytorch.test.ts` fails when a namespace's count drops below
 * `test/coverage/pytorch-baseline.json`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as torch from "../src/index.js";

export interface NamespaceCoverage {
  total: number;
  covered: number;
  missing: string[];
}

/** `log_softmax` → `logSoftmax`, `abs_` → `abs_`, `atleast_1d` → `atleast1d`. */
export function camel(name: string): string {
  const inplace = name.endsWith("_") && !name.startsWith("_");
  const core = inplace ? name.slice(0, -1) : name;
  const parts = core.split("_").filter((p) => p.length > 0);
  const joined = parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join("");
  return inplace ? `${joined}_` : joined;
}

function has(obj: unknown, key: string): boolean {
  return obj !== null && obj !== undefined && (typeof obj === "object" || typeof obj === "function") && key in obj;
}

type Lookup = (name: string) => boolean;

/** Names whose antorcha spelling is not the mechanical camelCase (PyTorch's own irregular names). */
const SPELLINGS: Readonly<Record<string, string>> = {
  set_printoptions: "setPrintOptions", // PyTorch writes "printoptions" as one word
};

const ns = torch as unknown as Record<string, unknown>;
const nnNs = torch.nn as unknown as Record<string, unknown>;
const sample = torch.zeros([1]) as unknown; // instance fields (shape, dtype, grad) live on instances
const LOOKUPS: Record<string, Lookup> = {
  torch: (n) => has(ns, SPELLINGS[n] ?? camel(n)),
  Tensor: (n) => has(sample, camel(n)) || has(sample, n),
  "nn.functional": (n) => has(nnNs.functional, camel(n)),
  nn: (n) => has(nnNs, n),
  linalg: (n) => has(ns.linalg, camel(n)),
  autograd: (n) => has(ns.autograd, camel(n)) || has(ns, camel(n)),
};

/** Coverage per namespace of the committed PyTorch names list. */
export function measure(): Record<string, NamespaceCoverage> {
  const path = fileURLToPath(new URL("./pytorch-names.json", import.meta.url));
  const { namespaces } = JSON.parse(readFileSync(path, "utf8")) as { namespaces: Record<string, string[]> };
  const out: Record<string, NamespaceCoverage> = {};
  for (const [name, names] of Object.entries(namespaces)) {
    const look = LOOKUPS[name];
    if (look === undefined) throw new Error(`[coverage:pytorch] no mapping for namespace "${name}"`);
    const missing = names.filter((n) => !look(n));
    out[name] = { total: names.length, covered: names.length - missing.length, missing };
  }
  return out;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cov = measure();
  let total = 0;
  let covered = 0;
  const pct = (c: number, t: number): string => `${((100 * c) / t).toFixed(1)}%`;
  console.log("PyTorch 1.13 public names (dense, real, CPU) present in antorcha");
  for (const [name, c] of Object.entries(cov)) {
    total += c.total;
    covered += c.covered;
    console.log(
      `  ${name.padEnd(14)} ${String(c.covered).padStart(4)} / ${String(c.total).padEnd(4)} ${pct(c.covered, c.total)}`,
    );
  }
  console.log(
    `  ${"total".padEnd(14)} ${String(covered).padStart(4)} / ${String(total).padEnd(4)} ${pct(covered, total)}`,
  );
  if (!process.argv.includes("--summary")) {
    for (const [name, c] of Object.entries(cov)) {
      if (c.missing.length === 0) continue;
      console.log(`\nmissing in ${name} (${c.missing.length}):`);
      console.log(`  ${c.missing.join(" ")}`);
    }
  }
}
