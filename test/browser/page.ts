/**
 * The browser side of bundle.test.ts: runs the tutorial, then each Node-only operation (files,
 * threads, native PNG rendering) to collect the error it raises in a browser, then — where the
 * browser offers a WebGPU adapter — the tutorial again on webgpu, and writes all of it as JSON
 * into `<pre id="result">`, which the test reads from Chromium's DOM.
 */
import * as torch from "../../src/index.js";
import { tutorial } from "./tutorial.js";

/** Node-only operations, each expected to fail in a browser with a clear message. */
const NODE_ONLY: [string, () => unknown][] = [
  ["torch.save", () => torch.save({ a: torch.ones(2) }, "model.pt")],
  ["torch.load", () => torch.load("model.pt")],
  ["io.loadFile", () => torch.io.loadFile("model.safetensors")],
  ["io.loadCheckpoint", () => torch.io.loadCheckpoint("ckpt.pt")],
  ["SummaryWriter", () => new torch.SummaryWriter("runs/x")],
  ["datasets.MNIST", () => new torch.data.datasets.MNIST()],
  ["datasets.loadCsv", () => torch.data.datasets.loadCsv("data.csv")],
  ["datasets.downloadUrl", () => torch.data.datasets.downloadUrl("https://example.org/a", "a")],
  ["Figure.save", () => torch.plot.plotLosses([1, 0.5]).save("losses.svg")],
  ["Figure.toPNG", () => torch.plot.plotLosses([1, 0.5]).toPNG()],
  ["Digraph.save", () => torch.makeDot(torch.ones(2, { requiresGrad: true }).sum()).save("g.dot")],
  [
    "DataLoader numWorkers",
    () => {
      const ds = new torch.data.TensorDataset(torch.arange(8));
      for (const batch of new torch.data.DataLoader(ds, { batchSize: 2, numWorkers: 1 })) return batch;
    },
  ],
];

async function nodeOnlyErrors(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, fn] of NODE_ONLY) {
    try {
      await fn();
      out[name] = "no error";
    } catch (e) {
      out[name] = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
  }
  return out;
}

/** Keras' `fit` with its default progress output, which a browser gets on the console. */
async function kerasConsole(): Promise<string[]> {
  const logged: string[] = [];
  const log = console.log;
  console.log = (...xs: unknown[]) => logged.push(xs.map(String).join(" "));
  try {
    torch.manualSeed(1);
    const model = torch.keras.Sequential([torch.keras.layers.Dense(1, { inputShape: [2] })]);
    model.compile({ optimizer: "sgd", loss: "mse" });
    await model.fit(torch.randn(32, 2), torch.randn(32, 1), { epochs: 2 });
  } finally {
    console.log = log;
  }
  return logged;
}

/** What the page found of WebGPU, and the tutorial's run on it when there was an adapter. */
export interface PageWebgpu {
  /** The adapter `torch.webgpu.init()` opened, or null (then `reason` says why). */
  adapter: { vendor: string; architecture: string; device: string; description: string } | null;
  reason?: string;
  /** The webgpu tutorial's result, or the error it raised. */
  result?: Awaited<ReturnType<typeof tutorial>>;
  error?: string;
  /** How long the webgpu tutorial took in the page (ms). */
  ms?: number;
}

/** Opens WebGPU (after every CPU check: init turns on the device router) and runs the tutorial on it. */
async function onWebgpu(): Promise<PageWebgpu> {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav?.gpu === undefined)
    return { adapter: null, reason: "navigator.gpu is undefined: this browser does not expose WebGPU here" };
  try {
    await torch.webgpu.init();
  } catch (e) {
    return { adapter: null, reason: e instanceof Error ? e.message : String(e) };
  }
  const adapter = torch.webgpu.info();
  const t0 = performance.now();
  try {
    const result = await tutorial("webgpu");
    return { adapter, result, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    return { adapter, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) };
  }
}

const doc = (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } })
  .document;
const report = (value: unknown) => {
  doc.getElementById("result")!.textContent = JSON.stringify(value);
};
(async () => ({
  ok: true,
  ...(await tutorial()),
  errors: await nodeOnlyErrors(),
  kerasConsole: await kerasConsole(),
  // makeDot's Graphviz (WebAssembly, loaded on first use) lays the graph out in the page too.
  graphviz: await torch
    .makeDot(torch.ones(2, { requiresGrad: true }).mul(3).sum())
    .toSVG()
    .then((svg) => ({ nodes: (svg.match(/class="node"/g) ?? []).length, hasSvg: svg.includes("<svg") })),
  info: torch.nativeInfo(),
  webgpu: await onWebgpu(),
}))().then(report, (e: unknown) =>
  report({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) }),
);
