/**
 * examples/linear-regression.ts (chapters 0–2 of "Deep Learning with PyTorch Step-by-Step") on
 * small settings against PyTorch 1.13 doing the same steps
 * (scripts/fixtures/examples_linear_regression.py): the data, b and w after the full-batch steps,
 * chapter 2's mini-batch losses, parameters and predictions; the printed lines; resuming from
 * the checkpoint (2 + 2 epochs equal 4 straight epochs exactly); the TensorBoard event files,
 * the loss figures and the graph of yhat.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as torch from "../../src/index.js";
import {
  chapter0,
  chapter1Sequential,
  chapter2,
  generateData,
  main,
  resumeTraining,
  type Result,
} from "../../examples/linear-regression.js";
import { f32, fields, get, readRecords, str } from "../log/reader.js";

type BW = [number, number]; // [b, w]
interface Expected {
  data: { x: number[]; y: number[]; idx: number[] };
  chapter0: Record<string, BW>;
  chapter1: Record<"autograd" | "optimizer" | "mseloss" | "model" | "sequential", Record<string, BW>>;
  chapter2: Record<
    string,
    { losses: number[]; valLosses: number[]; weight: number; bias: number; predictions: number[]; trainIdx: number[] }
  >;
}
const expected = JSON.parse(
  readFileSync(new URL("../fixtures/examples/linear-regression.json", import.meta.url), "utf8"),
) as Expected;

const outDir = mkdtempSync(join(tmpdir(), "antorcha-linear-regression-"));
after(() => rmSync(outDir, { recursive: true, force: true }));
const quiet = (): void => {};

/**
 * float32 tolerance: the same steps in float32, but sums (mean over 80 points, gradient sums)
 * may round in another order than PyTorch's; measured differences are 0 to 1 ulp (≤ 6e-8) for
 * b and w, and ≤ 5e-8 for the epoch losses (means of float32 mini-batch losses).
 */
const TOL32 = 1e-6;
function close(got: number, want: number, tol: number, what: string): void {
  assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs PyTorch ${want}`);
}

describe("examples/linear-regression", () => {
  const lines: string[] = [];
  let r: Result;
  before(async () => {
    r = await main({ epochs: 10, miniBatchEpochs: 4, resumeEpochs: 2, outDir, log: (l) => lines.push(l) });
  });

  test("the synthetic data and the 80/20 split are PyTorch's (seed 42: rand, randn, randperm)", () => {
    const d = generateData();
    const x = d.x.flatten().tolist() as number[];
    const y = d.y.flatten().tolist() as number[];
    assert.deepEqual(x, expected.data.x); // uniform draws: bit-exact
    for (let i = 0; i < 100; i++) close(y[i]!, expected.data.y[i]!, 1e-15, `y[${i}]`);
    assert.deepEqual(
      d.xTrain.flatten().tolist(),
      expected.data.idx.slice(0, 80).map((i) => x[i]),
    );
    assert.deepEqual(
      d.xVal.flatten().tolist(),
      expected.data.idx.slice(80).map((i) => x[i]),
    );
    assert.deepEqual(d.yTrain.shape, [80, 1]);
    assert.deepEqual(d.yVal.shape, [20, 1]);
  });

  test("chapter 0 (float64 by hand) and chapter 1 (float32 autograd, optimizer, MSELoss, models) give PyTorch's b and w", () => {
    close(r.chapter0.b, expected.chapter0["10"]![0], 1e-12, "chapter 0 b");
    close(r.chapter0.w, expected.chapter0["10"]![1], 1e-12, "chapter 0 w");
    const c1 = r.chapter1;
    const pairs = [
      [c1.autograd, "autograd"],
      [c1.optimizer, "optimizer"],
      [c1.mseLoss, "mseloss"],
      [c1.model, "model"],
      [c1.sequential, "sequential"],
    ] as const;
    for (const [got, key] of pairs) {
      const [b, w] = expected.chapter1[key]["10"]!;
      close(got.b, b, TOL32, `${key} b`);
      close(got.w, w, TOL32, `${key} w`);
    }
  });

  test("the book's 1000 epochs: b ≈ 1 and w ≈ 2, as PyTorch", () => {
    const d = generateData();
    const ch0 = chapter0(d, 1000, quiet);
    close(ch0.b, expected.chapter0["1000"]![0], 1e-12, "chapter 0 b");
    close(ch0.w, expected.chapter0["1000"]![1], 1e-12, "chapter 0 w");
    const seq = chapter1Sequential(d, 1000, quiet);
    close(seq.b, expected.chapter1.sequential["1000"]![0], TOL32, "sequential b");
    close(seq.w, expected.chapter1.sequential["1000"]![1], TOL32, "sequential w");
    assert.ok(Math.abs(seq.b - 1) < 0.05 && Math.abs(seq.w - 2) < 0.05, `${seq.b} ${seq.w}`);
  });

  test("chapter 2: mini-batch losses, parameters and predictions are PyTorch's (same shuffling)", () => {
    const e = expected.chapter2["4"]!;
    assert.equal(r.chapter2.losses.length, 4);
    for (let i = 0; i < 4; i++) {
      close(r.chapter2.losses[i]!, e.losses[i]!, TOL32, `loss ${i}`);
      close(r.chapter2.valLosses[i]!, e.valLosses[i]!, TOL32, `val loss ${i}`);
    }
    close(r.chapter2.w, e.weight, TOL32, "0.weight");
    close(r.chapter2.b, e.bias, TOL32, "0.bias");
    assert.equal(r.predictions.length, 3);
    for (let i = 0; i < 3; i++) close(r.predictions[i]!, e.predictions[i]!, TOL32, `prediction ${i}`);
    // resumed for 2 more epochs: the first 4 losses are the checkpoint's, and training goes on
    assert.deepEqual(r.resumed.losses.slice(0, 4), r.chapter2.losses);
    assert.equal(r.resumed.losses.length, 6);
    assert.ok(r.resumed.losses[5]! < r.resumed.losses[3]!, `${r.resumed.losses}`);
  });

  test("prints what the book prints", () => {
    for (const l of [
      "[0.33669035] [0.12880941]",
      "tensor([0.3367], requires_grad=True) tensor([0.1288], requires_grad=True)",
      "OrderedDict([('b', tensor([0.3367])), ('w', tensor([0.1288]))])",
      "OrderedDict([('0.weight', tensor([[0.7645]])), ('0.bias', tensor([0.8300]))])",
      `OrderedDict([('0.weight', tensor([[${r.chapter2.w.toFixed(4)}]])), ('0.bias', tensor([${r.chapter2.b.toFixed(4)}]))])`,
      `checkpoint saved to ${r.paths.checkpoint}`,
      `loss figure saved to ${r.paths.losses}`,
      `graph of yhat saved to ${r.paths.graph}`,
      `TensorBoard logs written to ${r.paths.runs}`,
    ])
      assert.ok(lines.includes(l), `missing line: ${l}`);
    const p = r.predictions.map((v) => v.toFixed(4));
    assert.ok(lines.includes(`tensor([[${p[0]}],\n        [${p[1]}],\n        [${p[2]}]])`), "predictions");
  });

  test("resuming from the checkpoint: 2 + 2 epochs equal 4 straight epochs exactly", async () => {
    const d = generateData();
    const dir = join(outDir, "resume");
    const first = await chapter2(d, { nEpochs: 2, outDir: dir, log: quiet });
    const ckpt = torch.load(first.checkpointPath) as { epoch: number; loss: number[]; model_state_dict: object };
    assert.equal(ckpt.epoch, 2);
    assert.deepEqual(ckpt.loss, first.losses);
    assert.deepEqual(Object.keys(ckpt.model_state_dict), ["0.weight", "0.bias"]);
    torch.manualSeed(0); // whatever ran in between, the checkpoint's generator state is restored
    const resumed = await resumeTraining(first.checkpointPath, { ...first, nEpochs: 2, outDir: dir, log: quiet });
    assert.deepEqual(resumed.losses, r.chapter2.losses);
    assert.deepEqual(resumed.valLosses, r.chapter2.valLosses);
    assert.equal(resumed.w, r.chapter2.w);
    assert.equal(resumed.b, r.chapter2.b);
  });

  test("TensorBoard: the graph and one training/validation scalar per epoch", () => {
    const events = (dir: string): Uint8Array[] =>
      readdirSync(dir)
        .filter((f) => f.startsWith("events.out.tfevents."))
        .flatMap((f) => readRecords(join(dir, f)));
    const main = events(r.paths.runs).map(fields);
    assert.ok(
      main.some((ev) => get(ev, 4) !== undefined),
      "a graph_def event",
    );
    for (const [sub, want] of [
      ["loss_training", r.resumed.losses],
      ["loss_validation", r.resumed.valLosses],
    ] as const) {
      const scalars = events(join(r.paths.runs, sub))
        .map(fields)
        .filter((ev) => get(ev, 5) !== undefined)
        .map((ev) => {
          const value = fields(get(fields(get(ev, 5)!.bytes!), 1)!.bytes!);
          return {
            step: Number(get(ev, 2)?.varint ?? 0n),
            tag: str(get(value, 1)!.bytes!),
            v: f32(get(value, 2)!.bytes!),
          };
        })
        .sort((a, b) => a.step - b.step);
      assert.deepEqual(
        scalars.map((s) => s.step),
        [0, 1, 2, 3, 4, 5],
      );
      for (const s of scalars) {
        assert.equal(s.tag, "loss");
        assert.equal(s.v, Math.fround(want[s.step]!));
      }
    }
  });

  test("the loss figures are PNGs and the graph of yhat an SVG", () => {
    for (const path of [r.paths.losses, r.paths.lossesResumed]) {
      const png = readFileSync(path);
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.equal(png.subarray(12, 16).toString("latin1"), "IHDR");
      assert.ok(png.readUInt32BE(16) > 100 && png.readUInt32BE(20) > 100, "width and height");
    }
    const svg = readFileSync(r.paths.graph, "utf8");
    assert.ok(svg.includes("<svg") && svg.includes("AddBackward0"), svg.slice(0, 200));
  });
});
