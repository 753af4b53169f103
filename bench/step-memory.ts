/**
 * Diagnostic, not a comparison: how much fresh tensor memory one training step of the CNN in
 * `bench/training.ts` allocates (the memory V8's GC must later find and free), by allocation
 * site. PyTorch has no counterpart (its caching allocator reuses blocks the moment they die);
 * this is what the gradient recycling of the autograd engine and Sequential's in-place ReLU
 * reduce.
 * `npx tsx bench/step-memory.ts [threads]`; `ANTORCHA_GRAD_RECYCLING=0` for the engine without recycling.
 */
import * as torch from "../src/index.js";
import { nn, optim } from "../src/index.js";
import { datasets } from "../src/data/index.js";
import { smallCnn, threadsArg } from "./common.js";

torch.setNumThreads(threadsArg(torch.getNumThreads()));
const ds = new datasets.FashionMNIST({ root: "/usr/share/datasets/fashion-mnist", train: true });
const imgs = ds.data.to("float32").div(255).reshape(-1, 1, 28, 28);
const labels = ds.targets;
torch.manualSeed(0);
const model = smallCnn();
const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
const lossFn = new nn.CrossEntropyLoss();
const perm = torch.randperm(imgs.shape[0]!);
const step = (s: number): void => {
  const idx = perm.narrow(0, s * 32, 32);
  opt.zeroGrad();
  lossFn.call(model.call(imgs.indexSelect(0, idx)), labels.indexSelect(0, idx)).backward();
  opt.step();
};

// Large storages come from Buffer.allocUnsafeSlow (src/tensor/dtype.ts): count them by caller.
const sites = new Map<string, number>();
let counting = false;
const alloc = Buffer.allocUnsafeSlow;
Buffer.allocUnsafeSlow = (n: number): ReturnType<typeof alloc> => {
  if (counting) {
    const frames = (new Error().stack ?? "").split("\n").slice(3, 6);
    const site = frames
      .map((f) =>
        f
          .trim()
          .replace(/^at /, "")
          .replace(/\(.*\/src\//, "(src/"),
      )
      .join(" < ");
    sites.set(site, (sites.get(site) ?? 0) + n);
  }
  return alloc(n);
};
for (let s = 0; s < 3; s++) step(s); // warm-up: JIT, pools
counting = true;
step(3);
counting = false;
Buffer.allocUnsafeSlow = alloc;
const total = [...sites.values()].reduce((a, b) => a + b, 0);
console.log(`fresh tensor memory in one step: ${(total / 1e6).toFixed(1)} MB`);
for (const [site, n] of [...sites].sort((a, b) => b[1] - a[1])) console.log(`  ${(n / 1e6).toFixed(2)} MB  ${site}`);
