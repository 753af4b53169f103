/**
 * Runs one documented example in this process, the way the docs present it.
 *
 * The prelude (what every example may use without importing it; docs/contributing.md lists it):
 * `torch` (the root module), `Tensor`, `nn`, `F` (`nn.functional`), `optim`, `data`, `keras`,
 * `plot`, `io`, `metrics`, `autograd`, `np` (`antorcha/numpy`), `sklearn` (`antorcha/sklearn`),
 * every root export as a bare name (`manualSeed`, `noGrad` …), for an example in `src/` every
 * export of the module it documents (so `sum`'s example may call `sum`), and the fixtures below. `import … from "antorcha"` (and its subpaths) binds the same modules; other imports
 * are real dynamic imports. Examples run one after another in a scratch directory, so the files
 * they write land there.
 *
 * A line `EXPR // VALUE` whose VALUE is a literal (a number, `true`/`false`, a quoted string, an
 * array of numbers, or a printed `tensor(...)`) states a value: it is checked against EXPR's
 * value, as are `console.log(EXPR) // VALUE` and `const NAME = EXPR; // VALUE` (NAME's value).
 */
import { transformSync } from "esbuild";
import * as torch from "../../src/index.js";
import * as np from "../../src/numpy/index.js";
import * as sklearn from "../../src/sklearn/index.js";

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<unknown>;

const SUBPATHS: Record<string, unknown> = {
  antorcha: torch,
  "antorcha/keras": torch.keras,
  "antorcha/plot": torch.plot,
  "antorcha/metrics": torch.metrics,
  "antorcha/numpy": np,
  "antorcha/sklearn": sklearn,
};

export const PRELUDE: Record<string, unknown> = {
  torch,
  Tensor: torch.Tensor,
  nn: torch.nn,
  F: torch.nn.functional,
  optim: torch.optim,
  data: torch.data,
  keras: torch.keras,
  plot: torch.plot,
  io: torch.io,
  metrics: torch.metrics,
  autograd: torch.autograd,
  np,
  sklearn,
};

/**
 * Fixtures: names many examples use as "your tensor", "your model" …, made fresh for every example
 * (after `torch.manualSeed(0)`), so an in-place example cannot leak into the next one.
 * In `src/keras/` examples, `model` is a Keras model (elsewhere an `nn.Sequential`) and `layers`,
 * `callbacks`, `losses`, `optimizers` are `keras`'s namespaces.
 */
export function fixtures(where: string): Record<string, unknown> {
  // Undo global switches an earlier example may have flipped (`setGradEnabled(false)` …).
  torch.setGradEnabled(true);
  torch.setDefaultDtype("float32");
  torch.setPrintOptions({ profile: "default" });
  torch.manualSeed(0);
  const keras = torch.keras;
  const model = where.startsWith("src/keras/")
    ? keras.Sequential([
        keras.layers.Input({ shape: [4] }),
        keras.layers.Dense(8, { activation: "relu" }),
        keras.layers.Dense(2),
      ])
    : new torch.nn.Sequential(new torch.nn.Linear(4, 8), new torch.nn.ReLU(), new torch.nn.Linear(8, 2));
  const torchModel = model instanceof torch.nn.Module ? model : new torch.nn.Linear(4, 2);
  const opt = new torch.optim.SGD(torchModel.parameters(), { lr: 0.1 });
  return {
    x: torch.randn(2, 4), // a float32 input: 2 samples × 4 features
    y: torch.randn(2, 2), // its targets (the fixture model has 2 outputs)
    ds: new torch.data.TensorDataset(torch.randn(10, 4), torch.arange(10)), // a 10-sample dataset
    pred: torch.randn(3), // a regression prediction …
    target: torch.randn(3), // … and its target
    g: new torch.Generator(0),
    ...(where.startsWith("src/plot/") ? plotFixtures() : {}),
    a: torch.randn(3, 3),
    b: torch.randn(3, 3),
    v: torch.randn(3),
    w: torch.randn(3, 5), // a weight matrix
    logits: torch.randn(3, 5), // 3 samples × 5 classes
    labels: torch.tensor([1, 0, 4]),
    model,
    opt,
    sched: new torch.optim.lrScheduler.StepLR(opt, 10),
    writer: new torch.SummaryWriter("runs/doc"), // in the scratch directory
    ...(where.startsWith("src/keras/")
      ? { layers: keras.layers, callbacks: keras.callbacks, losses: keras.losses, optimizers: keras.optimizers }
      : {}),
  };
}

/** In `src/plot/` examples: per-epoch `losses`, `valLosses`, and `fig`, their loss curve. */
function plotFixtures(): Record<string, unknown> {
  const losses = [0.9, 0.52, 0.38, 0.31];
  const valLosses = [0.95, 0.6, 0.47, 0.45];
  return { losses, valLosses, fig: torch.plot.plotLosses(losses, valLosses) };
}

async function importFor(spec: string): Promise<unknown> {
  return spec in SUBPATHS ? SUBPATHS[spec] : import(spec);
}

/** `import … from "m"` lines become `const … = await __import("m")`. */
function rewriteImports(code: string): string {
  return code.replace(
    /^\s*import\s+(type\s+)?([\s\S]*?)\s+from\s+(["'])([^"']+)\3;?/gm,
    (_all, isType: string | undefined, what: string, _q, spec: string) => {
      if (isType) return "";
      what = what.replace(/\btype\s+\w+\s*,?/g, "");
      const star = /^\*\s+as\s+(\w+)$/.exec(what);
      if (star) return `const ${star[1]} = await __import(${JSON.stringify(spec)});`;
      const named = /^(?:(\w+)\s*,\s*)?\{([\s\S]*)\}$/.exec(what);
      if (named) {
        const binds = named[2]!.replace(/\b(\w+)\s+as\s+(\w+)/g, "$1: $2");
        const def = named[1] ? `, default: ${named[1]}` : "";
        return `const { ${binds}${def} } = await __import(${JSON.stringify(spec)});`;
      }
      return `const ${what} = (await __import(${JSON.stringify(spec)})).default;`;
    },
  );
}

const LITERAL = /^(?:-?\d+(?:\.\d+)?(?:e-?\d+)?|true|false|null|"[^"]*"|'[^']*'|\[[-\d.,\s[\]e]*\]|tensor\([^()]*\))$/;

/** Rewrites `EXPR // VALUE` lines into checks; returns the new code and the number of checks. */
function addChecks(code: string): { code: string; checks: number } {
  let checks = 0;
  const out = code.split("\n").map((line) => {
    const m = /^(\s*)(.*?);?\s*\/\/\s*(.+?)\s*$/.exec(line);
    if (!m) return line;
    const value = m[3]!;
    if (!LITERAL.test(value)) return line;
    let expr = m[2]!;
    // Only the line's last statement is checked: `a; b // v` keeps `a;` and checks b.
    let head = "";
    const semi = expr.lastIndexOf("; ");
    if (semi >= 0) {
      head = expr.slice(0, semi + 1) + " ";
      expr = expr.slice(semi + 2);
    }
    // `const y = EXPR; // VALUE` states y's value.
    const decl = /^(?:const|let)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*([^=][\s\S]*)$/.exec(expr);
    if (decl) {
      checks++;
      return `${m[1]}${head}${expr}; __check(${decl[1]}, ${JSON.stringify(value)});`;
    }
    const log = /^console\.log\(([\s\S]*)\)$/.exec(expr);
    if (log) expr = log[1]!;
    if (/^(const|let|var|for|if|while|return|await\s+\w+\s*=|\}|import|export|class|function)\b/.test(expr))
      return line;
    if (/(^|[^=!<>])=($|[^=>])/.test(expr.replace(/\([^()]*\)/g, "")) && !/^[\w.]+\(/.test(expr)) return line;
    checks++;
    return `${m[1]}${head}__check(${expr}, ${JSON.stringify(value)});`;
  });
  return { code: out.join("\n"), checks };
}

function normal(s: string): string {
  return s.replace(/\s+/g, "").replace(/'/g, '"');
}

/** Does `actual` print as `expected` states (numbers to the precision written)? */
export function matches(actual: unknown, expected: string): boolean {
  if (/^-?\d+(?:\.\d+)?(?:e-?\d+)?$/.test(expected)) {
    const n = actual instanceof torch.Tensor ? actual.item() : actual;
    if (typeof n !== "number" && typeof n !== "bigint") return false;
    const decimals = /\.(\d+)/.exec(expected)?.[1]?.length ?? 0;
    return Math.abs(Number(n) - Number(expected)) <= 0.5 * 10 ** -decimals + 1e-12 * Math.abs(Number(expected));
  }
  if (expected === "true" || expected === "false" || expected === "null") {
    const v = actual instanceof torch.Tensor ? actual.item() : actual;
    return String(v) === expected;
  }
  if (/^["']/.test(expected)) return actual === expected.slice(1, -1);
  if (expected.startsWith("[")) {
    // A tensor matches its values or its shape (`// [2, 12]` after a layer call states the shape).
    if (actual instanceof torch.Tensor && normal(JSON.stringify(actual.shape)) === normal(expected)) return true;
    const v = actual instanceof torch.Tensor ? actual.tolist() : actual;
    return normal(JSON.stringify(v)) === normal(expected);
  }
  // tensor(...): compare the printed form, ignoring whitespace.
  return normal(String(actual)) === normal(expected);
}

const bindableCache = new Map<string, boolean>();
/** Can `name` be a parameter name (not `var`, `delete`, `default` …)? */
function bindable(name: string): boolean {
  let ok = bindableCache.get(name);
  if (ok === undefined) {
    try {
      new Function(name, "'use strict'");
      ok = /^[A-Za-z_$][\w$]*$/.test(name);
    } catch {
      ok = false;
    }
    bindableCache.set(name, ok);
  }
  return ok;
}

export interface RunResult {
  checks: number;
  mismatches: string[];
  output: string[];
}

/** Runs `code` with the prelude plus `extra` in scope; throws what the example throws. */
export async function runExample(code: string, extra: Record<string, unknown> = {}): Promise<RunResult> {
  const scope: Record<string, unknown> = { ...torch, ...extra, ...PRELUDE };
  const rewritten = addChecks(rewriteImports(code));
  const mismatches: string[] = [];
  const output: string[] = [];
  let js: string;
  let checks = rewritten.checks;
  try {
    js = transformSync(rewritten.code, { loader: "ts", format: "esm", target: "es2022" }).code;
  } catch {
    // The check rewrite broke the syntax: run the example as written, unchecked.
    checks = 0;
    js = transformSync(rewriteImports(code), { loader: "ts", format: "esm", target: "es2022" }).code;
  }
  const consoleProxy = {
    ...console,
    log: (...a: unknown[]) => output.push(a.map(String).join(" ")),
    info: (...a: unknown[]) => output.push(a.map(String).join(" ")),
    table: (...a: unknown[]) => output.push(a.map(String).join(" ")),
  };
  const check = (actual: unknown, expected: string) => {
    if (!matches(actual, expected)) mismatches.push(`got ${String(actual)}, doc says ${expected}`);
    return actual;
  };
  const names = Object.keys(scope).filter(bindable);
  const fn = new AsyncFunction(...names, "console", "__import", "__check", `{\n${js}\n}`);
  await fn(...names.map((n) => scope[n]), consoleProxy, importFor, check);
  return { checks, mismatches, output };
}
