/**
 * The training run of the kill-and-resume test (run as a child process): seeded model + Adam +
 * dropout, a checkpoint every `every` steps, resuming from the checkpoint when one exists.
 * argv: <dir> <steps> <every>; env PAUSE_AT_WRITE=k pauses inside the k-th checkpoint write.
 */
import { join } from "node:path";
import * as torch from "../../src/index.js";
import { _setAtomicWriteHook } from "../../src/io/atomic.js";

/** Trains to `steps` (resuming from `dir`/ckpt.pt if present); returns the final weights' file. */
export function run(dir: string, steps: number, every: number, log: (s: string) => void = () => {}): string {
  const ckptPath = join(dir, "ckpt.pt");

  torch.manualSeed(0);
  const { nn } = torch;
  const model = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(16, 1));
  const opt = new torch.optim.Adam(model.parameters(), { lr: 0.01 });
  const ckpt = torch.io.loadCheckpoint(ckptPath, { model, optimizer: opt }, { missingOk: true });
  let step = ckpt?.step ?? 0;
  log(`START ${step}\n`);
  const wTrue = torch.tensor([[1.5], [-2], [0.5], [3]]);
  while (step < steps) {
    const x = torch.randn([8, 4]);
    const y = x.matmul(wTrue).add(torch.randn([8, 1]).mul(0.1));
    opt.zeroGrad();
    const loss = nn.functional.mseLoss(model.forward(x) as torch.Tensor, y);
    loss.backward();
    opt.step();
    step++;
    if (step % every === 0) torch.io.saveCheckpoint(ckptPath, { model, optimizer: opt }, { step });
    log(`STEP ${step}\n`);
  }
  torch.io.saveFile(model.stateDict(), join(dir, "final.safetensors"));
  log("DONE\n");
  return join(dir, "final.safetensors");
}

if (process.argv[1]?.endsWith("train-child.ts")) {
  const [dir, steps, every] = process.argv.slice(2);
  const pauseAt = Number(process.env.PAUSE_AT_WRITE ?? 0);
  let writes = 0;
  _setAtomicWriteHook((stage, tmp) => {
    if (stage !== "half-written" || ++writes !== pauseAt) return;
    process.stdout.write(`PAUSED ${tmp}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
  });
  run(dir!, Number(steps), Number(every), (s) => process.stdout.write(s));
}
