/**
 * The shared training loop (train/loop.ts): hook order, sync and async drivers, stopping, and the
 * ProgressLogger that prints for Trainer and Keras alike.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as torch from "../../src/index.js";
import { nn } from "../../src/index.js";
import { Callback, CallbackList, History, type Logs } from "../../src/train/callbacks.js";
import { batchLoop, fitLoop, runAsync, runSync, type FitTask } from "../../src/train/loop.js";
import { ProgressLogger } from "../../src/train/progress.js";

/** Records every hook it sees. */
class Recorder extends Callback {
  events: string[] = [];
  override onTrainBegin(): void {
    this.events.push("begin");
  }
  override onEpochBegin(e: number): void {
    this.events.push(`e${e}`);
  }
  override onTrainBatchBegin(b: number): void {
    this.events.push(`b${b}`);
  }
  override onTrainBatchEnd(b: number, logs: Logs = {}): void {
    this.events.push(`B${b}:${logs.loss}`);
  }
  override onEpochEnd(e: number, logs: Logs = {}): void {
    this.events.push(`E${e}:${logs.loss}`);
  }
  override onTrainEnd(): void {
    this.events.push("end");
  }
}

function task(
  batches: () => Iterable<number> | AsyncIterable<number>,
  stopAt = Infinity,
): FitTask<number> & { seen: number[] } {
  let sum = 0;
  let n = 0;
  const seen: number[] = [];
  return {
    seen,
    epochs: 3,
    firstEpoch: () => 1,
    beginEpoch: () => void (sum = n = 0),
    batches,
    trainStep: (b) => {
      seen.push(b);
      sum += b;
      n++;
      return { loss: sum / n };
    },
    endEpoch: (_e, last) => ({ ...last, val_loss: 9 }),
    stopped: () => seen.length >= stopAt,
  };
}

test("fitLoop: hooks in Keras' order from firstEpoch, epoch logs from endEpoch, History records them", () => {
  const rec = new Recorder();
  const h = new History();
  runSync(
    fitLoop(
      task(() => [2, 4]),
      new CallbackList([rec, h]),
    ),
    "test",
  );
  assert.deepEqual(rec.events, [
    "begin",
    "e1",
    "b0",
    "B0:2",
    "b1",
    "B1:3",
    "E1:3",
    "e2",
    "b0",
    "B0:2",
    "b1",
    "B1:3",
    "E2:3",
    "end",
  ]);
  assert.deepEqual(h.epoch, [1, 2]);
  assert.deepEqual(h.history, { loss: [3, 3], val_loss: [9, 9] });
});

test("fitLoop: stopped() ends the epoch after the batch and the run after the epoch", () => {
  const rec = new Recorder();
  const t = task(() => [1, 2, 3], 2);
  runSync(fitLoop(t, new CallbackList([rec])), "test");
  assert.deepEqual(t.seen, [1, 2]);
  assert.deepEqual(rec.events, ["begin", "e1", "b0", "B0:1", "b1", "B1:1.5", "E1:1.5", "end"]);
});

test("runAsync awaits async loaders and async hooks in order; runSync refuses them", async () => {
  const order: string[] = [];
  async function* gen(): AsyncGenerator<number> {
    yield 1;
    await new Promise((r) => setTimeout(r, 2));
    yield 3;
  }
  const slow = new (class extends Callback {
    override async onEpochEnd(e: number): Promise<void> {
      await new Promise((r) => setTimeout(r, 2));
      order.push(`slow${e}`);
    }
  })();
  const fast = new (class extends Callback {
    override onEpochEnd(e: number): void {
      order.push(`fast${e}`);
    }
  })();
  const t = task(gen);
  await runAsync(fitLoop(t, new CallbackList([slow, fast])));
  assert.deepEqual(t.seen, [1, 3, 1, 3]);
  assert.deepEqual(order, ["slow1", "fast1", "slow2", "fast2"]);
  assert.throws(
    () => runSync(fitLoop(task(gen), new CallbackList([])), "StepByStep.train"),
    /^TypeError: \[StepByStep\.train\] something asynchronous ran \(an async loader or callback\): use the async form$/,
  );
});

test("batchLoop: Test and Predict passes call their begin/batch/end hooks and return the last logs", () => {
  const events: string[] = [];
  const cb = new (class extends Callback {
    override onTestBegin(): void {
      events.push("tb");
    }
    override onTestBatchEnd(b: number, logs: Logs = {}): void {
      events.push(`t${b}:${logs.n}`);
    }
    override onTestEnd(logs: Logs = {}): void {
      events.push(`te:${logs.n}`);
    }
    override onPredictBatchEnd(b: number): void {
      events.push(`p${b}`);
    }
  })();
  const last = runSync(
    batchLoop("Test", [5, 6], (b) => ({ n: b }), new CallbackList([cb])),
    "test",
  );
  assert.deepEqual(last, { n: 6 });
  runSync(
    batchLoop("Predict", [7], () => ({}), new CallbackList([cb])),
    "test",
  );
  assert.deepEqual(events, ["tb", "t0:5", "t1:6", "te:6", "p0"]);
});

test("ProgressLogger: an Epoch line and the final bar with the epoch's logs (non-TTY)", () => {
  const out: string[] = [];
  const p = new ProgressLogger({ verbose: 1, stream: { write: (s) => void out.push(s) }, clock: () => 0 });
  p.setParams({ epochs: 3, steps: 2, verbose: 1 });
  runSync(
    fitLoop(
      task(() => [2, 4]),
      new CallbackList([p]),
    ),
    "test",
  );
  assert.deepEqual(out, [
    "Epoch 2/3\n",
    "2/2 [==============================] - 0s 0s/step - loss: 3.0000 - val_loss: 9.0000\n",
    "Epoch 3/3\n",
    "2/2 [==============================] - 0s 0s/step - loss: 3.0000 - val_loss: 9.0000\n",
  ]);
});

test("a step's scope keeps what hooks were shown, and releases the rest", () => {
  const lin = new nn.Linear(3, 2);
  let activation: torch.Tensor | null = null;
  let gradSeen: torch.Tensor | null = null;
  let stored: torch.Tensor | null = null;
  lin.registerForwardHook((_m, _inputs, out) => void (activation = out as torch.Tensor));
  const step = (b: number): Logs => {
    const h = lin.call(torch.ones(4, 3).mul(b));
    h.registerHook((g) => void (gradSeen = g));
    stored = h.mul(2); // stored without torch.keep: released with the step, as documented
    h.pow(2).sum().backward();
    return { loss: b };
  };
  runSync(batchLoop("Test", [1, 2], step, new CallbackList([])), "test");
  const expected = lin.forward(torch.ones(4, 3).mul(2));
  assert.ok(activation !== null && gradSeen !== null && stored !== null);
  assert.deepEqual((activation as torch.Tensor).tolist(), expected.tolist());
  assert.deepEqual((gradSeen as torch.Tensor).tolist(), expected.mul(2).tolist());
  assert.throws(() => (stored as torch.Tensor).sum(), /tensor was released/);
});
