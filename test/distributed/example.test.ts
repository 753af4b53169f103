// examples/distributed-fashion-mnist.ts under `antorcha run --nproc-per-node 2` on a slice of the
// data: it trains, prints once (rank 0), and writes one checkpoint. Bounded: killed after 240 s.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { freePort, root, skipReason } from "./helpers.js";

const FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
const skip =
  skipReason ||
  (existsSync(FASHION) || process.env.ANTORCHA_DATA
    ? false
    : "no Fashion-MNIST (apt-get install dataset-fashion-mnist)");
if (skip !== false && skipReason === false) console.log(`# distributed example skipped: ${skip}`);

describe("examples/distributed-fashion-mnist.ts", { skip, timeout: 260_000 }, () => {
  it("2 ranks: trains, prints once, writes one checkpoint", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "antorcha-ddp-example-"));
    const port = await freePort();
    const args = [
      join(root, "bin", "antorcha.mjs"),
      "run",
      "--nproc-per-node",
      "2",
      "--master-port",
      String(port),
      join(root, "examples", "distributed-fashion-mnist.ts"),
    ];
    const p = spawn(process.execPath, args, { cwd, env: { ...process.env, EPOCHS: "1", TRAIN_SIZE: "4000" } });
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => p.kill("SIGKILL"), 240_000);
    const code = await new Promise<number | null>((resolve) => p.on("exit", (c) => resolve(c)));
    clearTimeout(timer);
    assert.equal(code, 0, err);
    assert.equal(out.match(/^2 process\(es\), gloo/gm)?.length, 1, out);
    assert.equal(out.match(/^Epoch 1\/1$/gm)?.length, 1, out);
    const acc = out.match(/^test accuracy (\d\.\d+) /m);
    assert.equal(out.match(/^test accuracy/gm)?.length, 1, out);
    console.log(`# 2 ranks, 4000 images, 1 epoch: test accuracy ${acc![1]}`);
    assert.ok(Number(acc![1]) > 0.65, out);
    assert.deepEqual(readdirSync(join(cwd, "output", "distributed-fashion-mnist")), ["model_checkpoint.pth"]);
  });
});
