/**
 * A small CNN on webgpu (conv2d → relu → maxPool2d → flatten → linear, crossEntropy): the
 * convolution and pooling composites run on the GPU and give the CPU's loss and gradients, and
 * `cat`/`reshape` copies stay on the inputs' device.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import { describeWebgpu } from "./setup.js";

const { nn } = torch;

async function close(a: torch.Tensor, b: torch.Tensor, tol: number, what: string): Promise<void> {
  const av = Array.from((await a.toAsync("cpu")).dataFloat());
  const bv = Array.from(b.dataFloat());
  assert.equal(av.length, bv.length, what);
  av.forEach((v, i) =>
    assert.ok(Math.abs(v - bv[i]!) <= tol * (1 + Math.abs(bv[i]!)), `${what}[${i}]: ${v} vs ${bv[i]}`),
  );
}

function cnn(): torch.nn.Sequential {
  torch.manualSeed(3);
  return new nn.Sequential(
    new nn.Conv2d(1, 4, 3),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(4 * 3 * 3, 5),
  );
}

describeWebgpu("webgpu: convolution and pooling composites", () => {
  it("a CNN's loss and parameter gradients equal the CPU's", async () => {
    torch.manualSeed(4);
    const x = torch.randn(6, 1, 8, 8);
    const y = torch.randint(0, 5, [6]);
    const cpu = cnn();
    const gpu = cnn().to("webgpu");
    const lc = nn.functional.crossEntropy(cpu.call(x), y);
    lc.backward();
    const lg = nn.functional.crossEntropy(gpu.call(x.to("webgpu")), y.to("webgpu"));
    lg.backward();
    assert.equal(lg.device.type, "webgpu");
    await close(lg, lc, 1e-5, "loss");
    const pc = cpu.parameters();
    const pg = gpu.parameters();
    for (let i = 0; i < pc.length; i++) await close(pg[i]!.grad!, pc[i]!.grad!, 1e-4, `grad ${i}`);
  });

  it("cat, stack and a reshape that copies keep their result on the GPU", async () => {
    const a = torch.randn(2, 3, 4);
    const g = a.to("webgpu");
    for (const [name, onGpu, onCpu] of [
      ["cat", torch.cat([g, g], 1), torch.cat([a, a], 1)],
      ["stack", torch.stack([g, g]), torch.stack([a, a])],
      ["reshape", g.transpose(1, 2).reshape(2, 12), a.transpose(1, 2).reshape(2, 12)],
    ] as const) {
      assert.equal(onGpu.device.type, "webgpu", name);
      await close(onGpu, onCpu, 0, name);
    }
    assert.throws(() => torch.cat([g, a], 0), /Expected all tensors to be on the same device/);
  });
});
