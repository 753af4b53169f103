/* eslint-disable @typescript-eslint/no-explicit-any -- decoded protobuf objects are untyped */
/**
 * SummaryWriter event files, read back with an independent reader (own CRC32C and protobuf wire
 * decoder) and, for nested messages, protobufjs from the schema; histograms and PR curves are
 * compared with numpy's computation as PyTorch 1.13 does it (fixtures/tensorboard_expected.py).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PNG } from "pngjs";
import * as torch from "../../src/index.js";
import { SummaryWriter, schema } from "../../src/log/tensorboard/index.js";
import { crc32cBitwise, f32, f64, fields, get, readRecords, str } from "./reader.js";

const expected = JSON.parse(readFileSync(new URL("./fixtures/tensorboard_expected.json", import.meta.url), "utf8"));
const Event = schema.lookupType("tensorflow.Event");

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "antorcha-tb-"));
}
function eventFile(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.startsWith("events.out.tfevents."));
  assert.equal(files.length, 1, `one event file in ${dir}: ${files}`);
  return join(dir, files[0]!);
}
/** Events decoded with protobufjs, as plain objects (longs as numbers, bytes as Buffers). */
function events(dir: string): Record<string, any>[] {
  return readRecords(eventFile(dir)).map((r) => Event.toObject(Event.decode(r), { longs: Number, bytes: Buffer }));
}
function summaries(dir: string): Record<string, any>[] {
  return events(dir)
    .filter((e) => e.summary)
    .flatMap((e) => e.summary.value.map((v: any) => ({ ...v, step: e.step })));
}

describe("SummaryWriter event files", () => {
  it("the test's CRC32C is the standard one", () => {
    assert.equal(crc32cBitwise(Buffer.from("123456789")).toString(16), "e3069283");
  });

  it("names files as PyTorch and starts with file_version brain.Event:2", () => {
    const dir = tmp();
    const w = new SummaryWriter(dir);
    w.close();
    const name = readdirSync(dir)[0]!;
    assert.match(
      name,
      new RegExp(`^events\\.out\\.tfevents\\.\\d{10}\\.${hostname().replace(/\./g, "\\.")}\\.${process.pid}\\.\\d+$`),
    );
    const recs = readRecords(join(dir, name));
    assert.equal(recs.length, 1);
    const fs = fields(recs[0]!);
    assert.equal(str(get(fs, 3)!.bytes!), "brain.Event:2");
    assert.ok(Math.abs(f64(get(fs, 1)!.bytes!) - Date.now() / 1000) < 60);
  });

  it("default log dir is runs/<Mon><DD>_<HH>-<MM>-<SS>_<host><comment>", () => {
    const w = new SummaryWriter(join(tmp(), "x"), { comment: "_lr0.1" });
    w.close();
    const cwd = process.cwd();
    process.chdir(tmp());
    try {
      const d = new SummaryWriter(undefined, { comment: "_lr0.1" });
      d.close();
      assert.match(d.logDir, new RegExp(`^runs/[A-Z][a-z]{2}\\d{2}_\\d{2}-\\d{2}-\\d{2}_${hostname()}_lr0\\.1$`));
    } finally {
      process.chdir(cwd);
    }
  });

  it("addScalar: tag, simple_value, step and walltime read back (independent wire decoder)", () => {
    const dir = tmp();
    const w = new SummaryWriter(dir);
    const vals = [0.5, 0.25, -1.75, 1e-3];
    vals.forEach((v, i) => w.addScalar("Loss/train", v, i * 10));
    w.addScalar("acc", torch.tensor(0.75), 3, 1234.5);
    w.close();
    const recs = readRecords(eventFile(dir)).slice(1).map(fields);
    assert.equal(recs.length, 5);
    recs.slice(0, 4).forEach((fs, i) => {
      assert.equal(get(fs, 2)?.varint ?? 0n, BigInt(i * 10)); // proto3 omits step 0
      const value = fields(get(fields(get(fs, 5)!.bytes!), 1)!.bytes!);
      assert.equal(str(get(value, 1)!.bytes!), "Loss/train");
      assert.equal(f32(get(value, 2)!.bytes!), Math.fround(vals[i]!));
    });
    assert.equal(f64(get(recs[4]!, 1)!.bytes!), 1234.5);
  });

  it("addScalars writes one sub-run per key, tagged with the main tag", () => {
    const dir = tmp();
    const w = new SummaryWriter(dir);
    w.addScalars("run/loss", { train: 0.5, val: 0.7 }, 1);
    w.addScalars("run/loss", { train: 0.4, val: 0.6 }, 2);
    w.close();
    assert.deepEqual(
      readdirSync(dir)
        .filter((f) => !f.startsWith("events"))
        .sort(),
      ["run_loss_train", "run_loss_val"],
    );
    const val = summaries(join(dir, "run_loss_val"));
    assert.deepEqual(
      val.map((s) => [s.tag, s.step, s.simple_value]),
      [
        ["run/loss", 1, Math.fround(0.7)],
        ["run/loss", 2, Math.fround(0.6)],
      ],
    );
  });

  it("addHistogram matches PyTorch's make_histogram (tensorflow bins and a bin count)", () => {
    const dir = tmp();
    const w = new SummaryWriter(dir);
    w.addHistogram("h", torch.tensor(expected.values, { dtype: "float64" }), 0);
    w.addHistogram("r", torch.tensor(expected.randn, { dtype: "float64" }), 1);
    w.addHistogram("h5", expected.values, 2, 5);
    w.close();
    const s = summaries(dir);
    for (const [i, key] of [
      [0, "hist_tf"],
      [1, "hist_randn_tf"],
      [2, "hist_5"],
    ] as const) {
      const h = s[i].histo;
      const e = expected[key];
      assert.deepEqual(h.bucket, e.bucket, key);
      assert.equal(h.bucket_limit.length, e.bucket_limit.length, key);
      h.bucket_limit.forEach((l: number, j: number) =>
        assert.ok(Math.abs(l - e.bucket_limit[j]) <= 1e-12 * Math.abs(l), `${key} limit ${j}`),
      );
      for (const f of ["min", "max", "num"]) assert.equal(h[f], e[f], `${key} ${f}`);
      assert.ok(
        Math.abs(h.sum - e.sum) < 1e-9 && Math.abs(h.sum_squares - e.sum_squares) < 1e-9,
        `${key} sums ${h.sum} ${e.sum} ${h.sum_squares} ${e.sum_squares}`,
      );
    }
  });

  it("addImage: PNG decodes to the same pixels (CHW float, HW, HWC uint8, RGBA)", () => {
    const dir = tmp();
    const w = new SummaryWriter(dir);
    const chw = torch.tensor([
      [
        [0, 0.5],
        [1, 0.25],
      ],
      [
        [1, 1],
        [0, 0],
      ],
      [
        [0.2, 0.4],
        [0.6, 0.8],
      ],
    ]); // 3x2x2
    w.addImage("chw", chw, 0);
    w.addImage(
      "hw",
      torch.tensor([
        [0, 1, 2],
        [0.5, 0.5, -1],
      ]),
      1,
      { dataformats: "HW" },
    );
    w.addImage("hwc", torch.tensor([[[10, 20, 30, 40]]], { dtype: "uint8" }), 2, { dataformats: "HWC" });
    w.close();
    const s = summaries(dir);
    const px = (img: any): { w: number; h: number; rgba: number[] } => {
      const png = PNG.sync.read(Buffer.from(img.encoded_image_string));
      return { w: png.width, h: png.height, rgba: [...png.data] };
    };
    const a = px(s[0].image);
    assert.deepEqual([s[0].image.height, s[0].image.width, s[0].image.colorspace], [2, 2, 3]);
    const t = (x: number): number => Math.trunc(x * 255);
    assert.deepEqual(a.rgba, [
      t(0),
      255,
      t(0.2),
      255,
      t(0.5),
      255,
      t(0.4),
      255,
      255,
      0,
      t(0.6),
      255,
      t(0.25),
      0,
      t(0.8),
      255,
    ]);
    const b = px(s[1].image);
    assert.deepEqual([b.w, b.h], [3, 2]);
    assert.deepEqual(
      b.rgba.filter((_, i) => i % 4 === 0),
      [0, 255, 255, 127, 127, 0],
    );
    assert.equal(s[2].image.colorspace, 4);
    assert.deepEqual(px(s[2].image).rgba, [10, 20, 30, 40]);
  });

  it("addImages tiles a batch 8 per row", () => {
    const dir = tmp();
    const w = new SummaryWriter(dir);
    const imgs = torch.arange(10).reshape([10, 1, 1, 1]).div(10); // pixel i = i/10
    w.addImages("batch", imgs, 0);
    w.close();
    const img = summaries(dir)[0].image;
    const png = PNG.sync.read(Buffer.from(img.encoded_image_string));
    assert.deepEqual([png.width, png.height], [8, 2]);
    const red = [...png.data].filter((_, i) => i % 4 === 0);
    assert.deepEqual(
      red,
      [0, 25, 51, 76, 102, 127, 153, 178, 204, 229, 0, 0, 0, 0, 0, 0].map((v, i) =>
        i < 10 ? Math.trunc((i / 10) * 255) : v,
      ),
    );
  });

  it("addText writes a DT_STRING tensor with the text plugin", () => {
    const dir = tmp();
    const w = new SummaryWriter(dir);
    w.addText("notes", "**lr** = 0.1 ✓", 4);
    w.close();
    const [v] = summaries(dir);
    assert.equal(v.tag, "notes/text_summary");
    assert.equal(v.metadata.plugin_data.plugin_name, "text");
    assert.equal(Buffer.from(v.tensor.string_val[0]).toString("utf8"), "**lr** = 0.1 ✓");
    assert.equal(v.step, 4);
  });

  it("addPrCurve matches PyTorch's compute_curve", () => {
    const dir = tmp();
    const w = new SummaryWriter(dir);
    w.addPrCurve("pr5", torch.tensor(expected.labels), torch.tensor(expected.preds, { dtype: "float64" }), 0, 5);
    w.addPrCurve("pr", expected.labels, expected.preds, 1);
    w.close();
    const s = summaries(dir);
    assert.deepEqual(
      s[0].tensor.tensor_shape.dim.map((d: any) => d.size),
      [6, 5],
    );
    assert.deepEqual(s[0].tensor.float_val, expected.pr_5);
    assert.deepEqual(s[1].tensor.float_val, expected.pr_127);
    const pd = schema.lookupType("tensorflow.PrCurvePluginData").decode(s[1].metadata.plugin_data.content) as any;
    assert.equal(s[1].metadata.plugin_data.plugin_name, "pr_curves");
    assert.equal(pd.num_thresholds, 127);
  });

  it("addHparams writes experiment/session summaries and metrics into a sub-run", () => {
    const dir = tmp();
    const w = new SummaryWriter(dir);
    w.addHparams({ lr: 0.1, optim: "adam", bn: true }, { "hparam/accuracy": 0.9 }, { runName: "trial" });
    w.close();
    const s = summaries(join(dir, "trial"));
    assert.deepEqual(
      s.map((v) => v.tag),
      ["_hparams_/experiment", "_hparams_/session_start_info", "_hparams_/session_end_info", "hparam/accuracy"],
    );
    const HP = schema.lookupType("tensorboard.hparams.HParamsPluginData");
    const dec = (i: number): any => HP.toObject(HP.decode(s[i].metadata.plugin_data.content), { enums: String });
    assert.deepEqual(
      dec(0).experiment.hparam_infos.map((h: any) => [h.name, h.type]),
      [
        ["lr", "DATA_TYPE_FLOAT64"],
        ["optim", "DATA_TYPE_STRING"],
        ["bn", "DATA_TYPE_BOOL"],
      ],
    );
    assert.equal(dec(0).experiment.metric_infos[0].name.tag, "hparam/accuracy");
    assert.deepEqual(dec(1).session_start_info.hparams, {
      lr: { number_value: 0.1 },
      optim: { string_value: "adam" },
      bn: { bool_value: true },
    });
    assert.equal(dec(2).session_end_info.status, "STATUS_SUCCESS");
    assert.equal(s[3].simple_value, Math.fround(0.9));
  });

  it("addGraph: a GraphDef of the traced module/op graph, scoped by module path", () => {
    class Net extends torch.nn.Module {
      fc1 = new torch.nn.Linear(4, 3);
      fc2 = new torch.nn.Linear(3, 2);
      override forward(x: torch.Tensor): torch.Tensor {
        return this.fc2.call(this.fc1.call(x).relu());
      }
    }
    const dir = tmp();
    const w = new SummaryWriter(dir);
    w.addGraph(new Net(), torch.randn(5, 4));
    w.close();
    const ev = events(dir).find((e) => e.graph_def);
    assert.ok(ev, "a graph_def event");
    const G = schema.lookupType("tensorflow.GraphDef");
    const g = G.toObject(G.decode(ev.graph_def), { longs: Number }) as any;
    const names = g.node.map((n: any) => n.name);
    for (const n of [
      "input/input.1",
      "Net/Linear[fc1]/weight",
      "Net/Linear[fc1]/bias",
      "Net/Linear[fc2]/weight",
      "output/output.1",
    ])
      assert.ok(names.includes(n), `${n} in ${names}`);
    const op = (re: RegExp): any => g.node.find((n: any) => re.test(n.name));
    assert.ok(op(/^Net\/Linear\[fc1\]\/aten::/), "fc1 ops scoped");
    assert.ok(op(/^Net\/aten::relu_\d+$/), "relu in the top scope");
    const out = g.node.find((n: any) => n.name === "output/output.1");
    assert.match(out.input[0], /^Net\/Linear\[fc2\]\/aten::/);
    assert.deepEqual(
      out.attr._output_shapes.list.shape[0].dim.map((d: any) => d.size),
      [5, 2],
    );
    const relu = op(/^Net\/aten::relu_\d+$/);
    assert.match(relu.input[0], /^Net\/Linear\[fc1\]\//);
    // Every input refers to a node defined earlier.
    const seen = new Set<string>();
    for (const n of g.node) {
      for (const i of n.input ?? []) assert.ok(seen.has(i), `${n.name} input ${i} defined before`);
      seen.add(n.name);
    }
  });

  it("addGraph names nested Sequential children as PyTorch's trace scopes", () => {
    const model = new torch.nn.Sequential(new torch.nn.Linear(3, 4), new torch.nn.ReLU(), new torch.nn.Linear(4, 1));
    const dir = tmp();
    const w = new SummaryWriter(dir);
    w.addGraph(model, [torch.randn(2, 3)]);
    w.close();
    const G = schema.lookupType("tensorflow.GraphDef");
    const g = G.toObject(G.decode(events(dir).find((e) => e.graph_def)!.graph_def)) as any;
    const names: string[] = g.node.map((n: any) => n.name);
    assert.ok(names.includes("Sequential/Linear[0]/weight") && names.includes("Sequential/Linear[2]/bias"), `${names}`);
    assert.ok(
      names.some((n) => /^Sequential\/ReLU\[1\]\/aten::relu_\d+$/.test(n)),
      `${names}`,
    );
    assert.deepEqual(g.versions, { producer: 22 });
  });

  it("errors: bad image dims / channels, empty histogram, non-integer step", () => {
    const w = new SummaryWriter(tmp());
    assert.throws(
      () => w.addImage("x", torch.zeros(2, 2)),
      /\[addImage\] image with dataformats CHW must have 3 dims: got shape \[2, 2\]/,
    );
    assert.throws(() => w.addImage("x", torch.zeros(2, 2, 2)), /\[addImage\] images need 1, 3 or 4 channels: got 2/);
    assert.throws(() => w.addHistogram("h", []), /\[addHistogram\] the input has no element/);
    assert.throws(() => w.addScalar("s", 1, 1.5), /\[addScalar\] step must be an integer: got 1.5/);
    w.close();
  });
});
