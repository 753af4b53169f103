/**
 * Imports point one way (docs/architecture.md, "Layers"): every relative import and re-export in
 * src/**\/*.ts — type-only ones and `import("…")` types included, since a type the lower layer
 * names is a concept it depends on — must go to the same area or to a lower tier, and the file
 * graph must have no cycle. The few known exceptions are listed in ALLOWED below, each with the
 * area that owns its fix; an entry that no longer matches an import fails too, so it is deleted
 * when fixed. Run alone: `npx tsx --test test/architecture/imports.test.ts` (it prints the graph's
 * violations and cycles when it fails).
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("../..", import.meta.url));
const src = join(root, "src");

/**
 * The layers, lowest first. A file may import its own area and any area of a lower tier; areas
 * of one tier are peers and do not import each other. An area is the first folder under src/
 * (`setup.ts` and `index.ts` are the area "root").
 */
const TIERS: readonly (readonly string[])[] = [
  ["util"], // no antorcha imports at all
  ["tensor"], // Tensor, Storage, dtypes, shapes, creation
  ["backend", "io"], // kernels over views; tensors <-> bytes (state dicts, never modules)
  ["autograd"], // graph nodes, engine, grad, gradcheck
  ["ops"], // every op
  ["distributed"], // process groups and collectives over tensors (nn's DDP and data's sampler use them)
  ["nn"], // modules, functional, losses, init
  ["optim", "data", "plot"], // optimizers; datasets and loaders; figures
  ["viz"], // makeDot (draws with plot's renderer)
  ["log"], // SummaryWriter (add_graph walks an nn.Module and viz), sinks
  ["train"], // Trainer, StepByStep, streaming metrics
  ["keras", "numpy"], // the Keras front; the NumPy-compatible front
  ["sklearn"], // scikit-learn's helpers over numpy
  ["root"], // setup.ts (bootstrap: methods, engine, backend choice), index.ts (public API), cli.ts
];

/**
 * Entry points may also import the root (`index.ts` / `setup.ts`) for its side effects: the
 * package's subpath entries (package.json "exports") and the data-loader worker thread's entry.
 */
const ENTRIES = new Set([
  "src/train/metrics.ts",
  "src/plot/index.ts",
  "src/keras/index.ts",
  "src/numpy/index.ts",
  "src/sklearn/index.ts",
  "src/data/worker.ts",
]);

/**
 * Backend implementations are private to backend/: the rest of the library reaches kernels
 * through `activeBackend()` (setup.ts registers the native core, index.ts re-exports its `nativeInfo`).
 */
const PRIVATE = [
  { prefix: "src/backend/reference/", or: ["src/backend/"] },
  { prefix: "src/backend/native/", or: ["src/backend/", "src/setup.ts", "src/index.ts"] },
  { prefix: "src/backend/webgpu/", or: ["src/backend/", "src/index.ts"] },
];

/**
 * Known violations, as "from -> to" (paths from the repository root). Each names the area that
 * owns its fix; that owner deletes the entry with the fix. Anything not listed here fails.
 * Cycle entries are import edges left out of the cycle search: the rest of the graph must be acyclic.
 */
const ALLOWED: Record<string, string> = {
  // --- layer direction ---
  // owner: tensor core, unassigned: Tensor holds its grad_fn/AccumulateGrad and a backend View, and
  // creation fills through the backend; DESIGN.md puts view.ts in backend/ yet tensor below backend,
  // so this needs a decision (View into tensor/, nodes created through a hook) before a fix.
  "src/tensor/tensor.ts -> src/autograd/node.ts": "tensor core",
  "src/tensor/tensor.ts -> src/backend/backend.ts": "tensor core",
  "src/tensor/creation.ts -> src/backend/registry.ts": "tensor core",
  // owner: lead (src/ops/**: random ops that record autograd nodes belong in ops/)
  "src/tensor/random-ops.ts -> src/autograd/node.ts": "lead (ops)",
  "src/tensor/random-ops.ts -> src/autograd/mode.ts": "lead (ops)",
  "src/tensor/random-ops.ts -> src/backend/backend.ts": "lead (ops)",
  "src/tensor/random-ops.ts -> src/backend/registry.ts": "lead (ops)",
  // owner: lead (src/ops/**: the engine and gradcheck use define.ts's helpers until the registry lands)
  "src/autograd/engine.ts -> src/ops/define.ts": "lead (ops)",
  "src/autograd/gradcheck.ts -> src/ops/define.ts": "lead (ops)",
  "src/autograd/grad-buffers.ts -> src/ops/define.ts": "lead (ops): gradient accumulation runs the add op",

  // --- cycles (the edge that points the wrong way) ---
};

const tierOf = new Map<string, number>();
TIERS.forEach((areas, i) => areas.forEach((a) => tierOf.set(a, i)));

function areaOf(file: string): string {
  const parts = file.split("/"); // "src/<area>/…" or "src/<file>.ts"
  return parts.length > 2 ? parts[1]! : "root";
}

function collect(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (name.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** Resolves a relative specifier as NodeNext does for our sources (`./x.js` is `./x.ts`). */
function resolveSpecifier(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const c of [base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

interface Graph {
  files: string[];
  edges: Map<string, Set<string>>;
  unresolved: string[];
}

/** Every src file's relative imports, re-exports and import() types (TypeScript's own pre-scanner). */
function buildGraph(): Graph {
  const files = collect(src).map((f) => relative(root, f).split("\\").join("/"));
  const edges = new Map<string, Set<string>>();
  const unresolved: string[] = [];
  for (const file of files) {
    const targets = new Set<string>();
    const info = ts.preProcessFile(readFileSync(join(root, file), "utf8"), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = resolveSpecifier(join(root, file), fileName);
      if (target === null) unresolved.push(`${file}: "${fileName}"`);
      else targets.add(relative(root, target).split("\\").join("/"));
    }
    edges.set(file, targets);
  }
  return { files, edges, unresolved };
}

/** Why `from -> to` breaks the layering, or null. */
function layerViolation(from: string, to: string): string | null {
  const a = areaOf(from);
  const b = areaOf(to);
  for (const p of PRIVATE) {
    if (to.startsWith(p.prefix) && !from.startsWith(p.prefix) && !p.or.some((o) => from.startsWith(o))) {
      return `${p.prefix} is private to ${p.or.join(", ")}`;
    }
  }
  if (a === b) return null;
  if (b === "root" && ENTRIES.has(from)) return null;
  const ta = tierOf.get(a);
  const tb = tierOf.get(b);
  if (ta === undefined || tb === undefined) {
    return `area "${ta === undefined ? a : b}" has no tier: add it to TIERS and docs/architecture.md`;
  }
  if (tb < ta) return null;
  return tb === ta ? `${a} and ${b} are peers` : `${a} (tier ${ta}) imports ${b} (tier ${tb}), a higher layer`;
}

/** Strongly connected components with more than one file (or a self-import), by Tarjan's algorithm. */
function cycles(files: readonly string[], edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || edges.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return out;
}

/** One concrete cycle through `start` inside its component, for the message. */
function cyclePath(start: string, scc: ReadonlySet<string>, edges: Map<string, Set<string>>): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of edges.get(v) ?? []) {
      if (!scc.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = prev.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

const graph = buildGraph();
const allEdges = [...graph.edges].flatMap(([from, tos]) => [...tos].map((to) => `${from} -> ${to}`));

test("imports: every relative import in src/ resolves to a file", () => {
  assert.deepEqual(graph.unresolved, []);
});

test("imports: each allowlisted exception still exists (delete the entry once fixed)", () => {
  const present = new Set(allEdges);
  const stale = Object.keys(ALLOWED).filter((e) => !present.has(e));
  assert.deepEqual(stale, [], `these ALLOWED entries no longer match an import; delete them:\n  ${stale.join("\n  ")}`);
});

test("imports: lower layers never import higher ones", () => {
  const found: string[] = [];
  for (const e of allEdges) {
    const [from, to] = e.split(" -> ") as [string, string];
    const why = layerViolation(from, to);
    if (why !== null && !(e in ALLOWED)) found.push(`${e}  (${why})`);
  }
  assert.deepEqual(found, [], `new layer violations (docs/architecture.md, "Layers"):\n  ${found.join("\n  ")}`);
});

test("imports: src/ has no import cycle", () => {
  const kept = new Map<string, Set<string>>();
  for (const [from, tos] of graph.edges)
    kept.set(from, new Set([...tos].filter((to) => !(`${from} -> ${to}` in ALLOWED))));
  const found = cycles(graph.files, kept);
  const report = found.map((scc) => {
    const path = cyclePath(scc[0]!, new Set(scc), kept);
    return `${scc.length} files: ${scc.join(", ")}\n    e.g. ${path.join(" -> ")}`;
  });
  assert.deepEqual(report, [], `import cycles:\n  ${report.join("\n  ")}`);
});
