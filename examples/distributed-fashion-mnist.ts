/**
 * Data-parallel training of a Fashion-MNIST MLP on several processes: `torch.distributed` over
 * gloo, `nn.parallel.DistributedDataParallel` and `data.DistributedSampler`, driven by the
 * `Trainer` loop (rank 0 alone prints, and writes the checkpoint; the epoch losses are averaged
 * over the ranks).
 *
 * Needs Fashion-MNIST (`apt-get install dataset-fashion-mnist`) and gloo (`apt-get install
 * libgloo-dev`, then `npm rebuild`; `npm test` installs both when run as root).
 * Run:  npx antorcha run --nproc-per-node 2 examples/distributed-fashion-mnist.ts
 *       (in a checkout: node bin/antorcha.mjs run --nproc-per-node 2 examples/distributed-fashion-mnist.ts)
 *       EPOCHS=3 TRAIN_SIZE=20000 … to shorten it. One process: --nproc-per-node 1.
 * Several machines: on each, `npx antorcha run --nnodes 2 --node-rank R --nproc-per-node N
 *       --master-addr <node 0's address> --master-port 29500 examples/distributed-fashion-mnist.ts`.
 * Writes output/distributed-fashion-mnist/model_checkpoint.pth (rank 0 only).
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import * as torch from "../src/index.js";

const { nn, optim, data, metrics, Trainer, distributed: dist } = torch;
type Tensor = torch.Tensor;

const EPOCHS = Number(process.env.EPOCHS ?? 5);
const TRAIN_SIZE = process.env.TRAIN_SIZE === undefined ? null : Number(process.env.TRAIN_SIZE);
const BATCH = 64; // per rank: the global batch is 64 × world size
const OUT = "output/distributed-fashion-mnist";

await dist.initProcessGroup({ backend: "gloo" });
const rank = dist.getRank();
const world = dist.getWorldSize();
const log = (s: string): void => void (rank === 0 && console.log(s));
log(`${world} process(es), gloo; global batch ${BATCH * world}`);

const transform = new data.transforms.Compose([
  new data.transforms.ToTensor(),
  new data.transforms.Normalize([0.286], [0.353]),
]);
let train: torch.data.Dataset = new data.datasets.FashionMNIST({ train: true, transform });
const test: torch.data.Dataset = new data.datasets.FashionMNIST({ train: false, transform });
if (TRAIN_SIZE !== null)
  train = new data.Subset(
    train,
    Array.from({ length: TRAIN_SIZE }, (_, i) => i),
  );

// Each rank reads its own shard; setEpoch reshuffles the shards every epoch (same on all ranks).
const trainSampler = new data.DistributedSampler(train, { shuffle: true, seed: 42 });
const testSampler = new data.DistributedSampler(test, { shuffle: false });
const trainLoader = new data.DataLoader(train, { batchSize: BATCH, sampler: trainSampler });
const testLoader = new data.DataLoader(test, { batchSize: 256, sampler: testSampler });

torch.manualSeed(42); // rank 0's initial weights are broadcast by DDP anyway
const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
const ddp = await nn.parallel.DistributedDataParallel.create(model);
const trainer = new Trainer(ddp, new nn.CrossEntropyLoss(), new optim.Adam(ddp.parameters(), { lr: 1e-3 }));
trainer.setLoaders(trainLoader, testLoader);

const t0 = performance.now();
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  trainSampler.setEpoch(epoch);
  await trainer.train(1, { seed: epoch === 0 ? 42 : null });
}
const perEpoch = (performance.now() - t0) / 1000 / Math.max(EPOCHS, 1);
log(`${perEpoch.toFixed(1)} s per epoch; losses ${trainer.losses.map((l) => l.toFixed(4)).join(" ")}`);

// Test accuracy on every rank's shard, summed over the ranks.
const counts = torch.zeros([2], { dtype: "float64" });
torch.noGrad(() => {
  model.eval();
  for (const [X, y] of testLoader as Iterable<[Tensor, Tensor]>) {
    const yPred = model.call(X).argmax(1).tolist() as number[];
    const yTrue = y.tolist() as number[];
    counts.add_(torch.tensor([metrics.accuracy(yTrue, yPred) * yTrue.length, yTrue.length], { dtype: "float64" }));
  }
});
await dist.allReduce(counts, "sum");
const [right, total] = counts.tolist() as number[];
log(`test accuracy ${(right! / total!).toFixed(4)} (${total} images, padded to a multiple of ${world})`);

mkdirSync(OUT, { recursive: true });
const checkpoint = resolve(OUT, "model_checkpoint.pth");
trainer.saveCheckpoint(checkpoint); // rank 0 writes, the others return at once
log(`checkpoint saved to ${checkpoint}`);
dist.destroyProcessGroup();
