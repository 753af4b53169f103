/**
 * The brnn helper's nn additions: MultiLabelMarginLoss and TripletMarginWithDistanceLoss against
 * the PyTorch fixtures of their functionals (test/fixtures/ops/brnn.json), F.gumbelSoftmax's
 * distribution, one-hot `hard` samples and straight-through gradient, and torch.pdist/F.pdist.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { nn } from "../../src/index.js";
import { assertClose, decode, type FixtureCase, type TensorJSON } from "../ops/fixture.js";

const F = nn.functional;
const { cases } = JSON.parse(readFileSync(new URL("../fixtures/ops/brnn.json", import.meta.url), "utf8")) as {
  cases: FixtureCase[];
};
const of = (op: string): FixtureCase[] => cases.filter((c) => c.op === op);
const tol = { rtol: 1e-5, atol: 1e-6 };

describe("nn.MultiLabelMarginLoss", () => {
  it("matches PyTorch's values and input gradients", () => {
    for (const c of of("multilabelMarginLoss")) {
      const [x, t] = c.inputs.map(decode) as [torch.Tensor, torch.Tensor];
      const xl = x.detach().requiresGrad_();
      const loss = new nn.MultiLabelMarginLoss({ reduction: (c.args as { reduction: "mean" }).reduction }).call(xl, t);
      assertClose(loss, c.out as never, `${c.id} out`, tol);
      loss.sum().backward();
      assertClose(xl.grad!, c.grads![0]!, `${c.id} grad`, tol);
    }
  });
  it("prints as PyTorch", () => assert.equal(String(new nn.MultiLabelMarginLoss()), "MultiLabelMarginLoss()"));
});

describe("nn.TripletMarginWithDistanceLoss", () => {
  const dist: Record<string, ((a: torch.Tensor, b: torch.Tensor) => torch.Tensor) | null> = {
    pairwise: null,
    cosine: (a, b) => F.cosineSimilarity(a, b).neg().add(1),
    l1: (a, b) => F.pairwiseDistance(a, b, 1),
  };
  it("matches PyTorch's values and gradients for each distance, margin, swap and reduction", () => {
    for (const c of of("tripletMarginWithDistanceLoss")) {
      const a = c.args as { distance: string; margin?: number; swap?: boolean; reduction: "none" };
      const ins = c.inputs.map((j) => decode(j).requiresGrad_());
      const m = new nn.TripletMarginWithDistanceLoss({
        distanceFunction: dist[a.distance]!,
        margin: a.margin ?? 1,
        swap: a.swap ?? false,
        reduction: a.reduction,
      });
      const loss = m.call(ins[0]!, ins[1]!, ins[2]!);
      assertClose(loss, c.out as never, `${c.id} out`, tol);
      loss.sum().backward();
      ins.forEach((x, k) => assertClose(x.grad!, c.grads![k]!, `${c.id} grad ${k}`, tol));
    }
  });
  it("calls the distance function with (anchor, positive), (anchor, negative) and, with swap, (positive, negative)", () => {
    const seen: number[][] = [];
    const d = (x: torch.Tensor, y: torch.Tensor): torch.Tensor => {
      seen.push([x.item() as number, y.item() as number]);
      return x.sub(y).abs();
    };
    const f32 = { dtype: "float32" as const };
    const [a, p, n] = [torch.tensor([1], f32), torch.tensor([2], f32), torch.tensor([5], f32)];
    const loss = new nn.TripletMarginWithDistanceLoss({ distanceFunction: d, swap: true, margin: 4 }).call(a, p, n);
    assert.deepEqual(seen, [
      [1, 2],
      [1, 5],
      [2, 5],
    ]);
    assert.equal(loss.item(), 2); // max(1 − min(4, 3) + 4, 0)
  });
});

describe("F.gumbelSoftmax", () => {
  const probs = [0.1, 0.2, 0.7];
  const logits = torch.tensor(probs, { dtype: "float64" }).log();
  it("soft samples are distributions and reproducible under a seed", () => {
    torch.manualSeed(3);
    const y = F.gumbelSoftmax(logits.expand([5, 3]), 0.5);
    assertClose(y.sum(-1), { shape: [5], dtype: "float64", values: [1, 1, 1, 1, 1] }, "row sums", tol);
    torch.manualSeed(3);
    assert.deepEqual(F.gumbelSoftmax(logits.expand([5, 3]), { tau: 0.5 }).tolist(), y.tolist());
  });
  it("hard samples are one-hot and follow the categorical distribution (Gumbel-max)", () => {
    torch.manualSeed(11);
    const n = 20000;
    const y = F.gumbelSoftmax(logits.expand([n, 3]), { hard: true });
    assert.deepEqual(y.sum(-1).unique().tolist(), [1]);
    assert.deepEqual(y.unique().tolist(), [0, 1]);
    const freq = y.mean(0).tolist() as number[];
    freq.forEach((f, k) => assert.ok(Math.abs(f - probs[k]!) < 0.015, `class ${k}: ${f} vs ${probs[k]}`));
  });
  it("hard's gradient is the soft sample's (straight-through)", () => {
    const w = torch.tensor(
      [
        [1, 2, 3],
        [0.5, -1, 2],
      ],
      { dtype: "float64" },
    );
    const gOut = torch.tensor(
      [
        [0.3, -1, 2],
        [1, 1, -0.5],
      ],
      { dtype: "float64" },
    );
    const grads = [true, false].map((hard) => {
      const x = w.clone().requiresGrad_();
      torch.manualSeed(5);
      F.gumbelSoftmax(x, { tau: 0.7, hard }).mul(gOut).sum().backward();
      return x.grad!.tolist();
    });
    assert.deepEqual(grads[0], grads[1]);
  });
  it("dim picks the class dimension", () => {
    torch.manualSeed(2);
    const y = F.gumbelSoftmax(torch.zeros(3, 4, { dtype: "float64" }), { dim: 0, hard: true });
    assert.deepEqual(y.sum(0).tolist(), [1, 1, 1, 1]);
  });
  it("a small temperature makes soft samples nearly one-hot", () => {
    torch.manualSeed(8);
    const y = F.gumbelSoftmax(logits.expand([50, 3]), 0.01);
    assert.ok((y.amax(-1).min().item() as number) > 0.99);
  });
});

describe("torch.pdist / F.pdist", () => {
  it("is the same function, and the upper triangle of cdist", () => {
    assert.equal(F.pdist, torch.pdist);
    torch.manualSeed(0);
    const x = torch.randn(6, 3, { dtype: "float64" });
    const full = torch.cdist(x, x, 3);
    const [i, j] = torch.triuIndices(6, 6, 1).unbind(0) as [torch.Tensor, torch.Tensor];
    const want = full.flatten().indexSelect(0, i.mul(6).add(j));
    assert.ok((torch.pdist(x, 3).sub(want).abs().max().item() as number) < 1e-12);
  });
});

describe("nn.EmbeddingBag", () => {
  it("matches PyTorch's F.embedding_bag values and weight gradients (sum, mean, max; offsets, 2-D, padding)", () => {
    let n = 0;
    for (const c of of("F.embeddingBag")) {
      const a = c.args as {
        mode: "sum";
        paddingIdx?: number;
        includeLastOffset?: boolean;
        psw?: boolean;
        maxNorm?: number;
      };
      const [w, i, o, p] = c.inputs.map(decode) as [torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor?];
      const bag = new nn.EmbeddingBag(w.shape[0]!, w.shape[1]!, {
        mode: a.mode,
        weight: w,
        paddingIdx: a.paddingIdx ?? null,
        includeLastOffset: a.includeLastOffset ?? false,
        maxNorm: a.maxNorm ?? null,
      });
      const out = bag.call(i, i.dim() === 2 ? null : o, a.psw ? p! : null);
      assertClose(out, c.out as never, `${c.id} out`, tol);
      if (c.grads?.[0]) {
        out.sum().backward();
        assertClose(bag.weight.grad!, c.grads[0], `${c.id} weight grad`, tol);
      }
      n++;
    }
    assert.ok(n >= 12);
  });
  it("scaleGradByFreq divides each index's gradient by its count in the batch", () => {
    const idx = torch.tensor([1, 2, 4, 5, 4, 3, 2, 0]);
    const offs = torch.tensor([0, 2, 2, 5]);
    const grads = [false, true].map((scale) => {
      const bag = new nn.EmbeddingBag(6, 2, { mode: "sum", scaleGradByFreq: scale });
      bag.call(idx, offs).sum().backward();
      return bag.weight.grad!.select(1, 0).tolist();
    });
    assert.deepEqual(grads[0], [1, 1, 2, 1, 2, 1]);
    assert.deepEqual(grads[1], [1, 1, 1, 1, 1, 1]);
  });
  it("zeroes the padding row at init, prints as PyTorch and keeps PyTorch's state-dict key", () => {
    const bag = new nn.EmbeddingBag(10, 3, { paddingIdx: 0, mode: "sum" });
    assert.deepEqual(bag.weight.select(0, 0).tolist(), [0, 0, 0]);
    assert.equal(String(bag), "EmbeddingBag(10, 3, mode=sum, padding_idx=0)");
    assert.equal(String(new nn.EmbeddingBag(10, 3)), "EmbeddingBag(10, 3, mode=mean)");
    assert.deepEqual(Object.keys(bag.stateDict()), ["weight"]);
  });
  it("an empty bag is zeros in every mode", () => {
    for (const mode of ["sum", "mean", "max"] as const) {
      const out = F.embeddingBag(torch.tensor([1, 2]), torch.randn(4, 2), torch.tensor([0, 0]), { mode });
      assert.deepEqual(out.select(0, 0).tolist(), [0, 0]);
    }
  });
});

describe("nn.CTCLoss / F.ctcLoss / torch.ctcLoss", () => {
  type CtcArgs = {
    inputLengths: number[] | number;
    targetLengths: number[] | number;
    blank?: number;
    reduction?: "mean";
    zeroInfinity?: boolean;
  };
  const lens = (v: number[] | number): number[] => (Array.isArray(v) ? v : [v]);
  it("the module matches PyTorch's losses and gradients (through logSoftmax)", () => {
    for (const c of of("ctcLoss")) {
      const a = c.args as CtcArgs;
      const [x, t] = c.inputs.map(decode) as [torch.Tensor, torch.Tensor];
      const xl = x.detach().requiresGrad_();
      const ctc = new nn.CTCLoss({
        blank: a.blank ?? 0,
        reduction: a.reduction ?? "mean",
        zeroInfinity: a.zeroInfinity ?? false,
      });
      const il = Array.isArray(a.inputLengths) ? torch.tensor(a.inputLengths) : torch.tensor(a.inputLengths);
      const loss = ctc.call(xl.logSoftmax(-1), t, il, lens(a.targetLengths));
      assertClose(loss, c.out as never, `${c.id} out`, tol);
      loss.sum().backward();
      assertClose(xl.grad!, c.grads![0]!, `${c.id} grad`, { rtol: 1e-4, atol: 1e-5 });
    }
  });
  it("its gradient w.r.t. logProbs themselves is the true derivative (float64 gradcheck)", () => {
    torch.manualSeed(4);
    const lp = torch.randn(5, 2, 4, { dtype: "float64" }).logSoftmax(2).detach().requiresGrad_();
    const tg = torch.tensor([
      [1, 2, 2],
      [3, 1, 0],
    ]);
    for (const reduction of ["mean", "sum", "none"] as const)
      assert.ok(torch.autograd.gradcheck((p) => F.ctcLoss(p, tg, [5, 4], [3, 2], { reduction }), [lp]));
  });
  it("torch.ctcLoss takes reduction as PyTorch's integer code", () => {
    torch.manualSeed(6);
    const lp = torch.randn(6, 2, 5).logSoftmax(2);
    const tg = torch.tensor([1, 2, 3, 4]);
    for (const [code, reduction] of [
      [0, "none"],
      [1, "mean"],
      [2, "sum"],
    ] as const) {
      const a = torch.ctcLoss(lp, tg, [6, 5], [2, 2], 0, code);
      const b = F.ctcLoss(lp, tg, [6, 5], [2, 2], { reduction });
      assert.deepEqual(a.tolist(), b.tolist());
    }
  });
  it("an impossible alignment is an infinite loss unless zeroInfinity", () => {
    const lp = torch.zeros(2, 1, 3).logSoftmax(2);
    const tg = torch.tensor([[1, 1]]);
    assert.equal(F.ctcLoss(lp, tg, [2], [2], { reduction: "sum" }).item(), Infinity);
    assert.equal(F.ctcLoss(lp, tg, [2], [2], { reduction: "sum", zeroInfinity: true }).item(), 0);
  });
});

describe("nn.AdaptiveLogSoftmaxWithLoss", () => {
  interface AsmCase {
    id: string;
    inFeatures: number;
    nClasses: number;
    cutoffs: number[];
    divValue: number;
    headBias: boolean;
    repr: string;
    state: Record<string, TensorJSON>;
    input: TensorJSON;
    target: TensorJSON;
    output: TensorJSON;
    loss: TensorJSON;
    inputGrad: TensorJSON;
    paramGrads: Record<string, TensorJSON>;
    logProb: TensorJSON;
    predict: TensorJSON;
    single: { output: TensorJSON; target: number };
  }
  const layerFx = JSON.parse(readFileSync(new URL("../fixtures/brnn_layers.json", import.meta.url), "utf8")) as {
    adaptive: AsmCase[];
  };
  const build = (c: AsmCase): nn.AdaptiveLogSoftmaxWithLoss => {
    const m = new nn.AdaptiveLogSoftmaxWithLoss(c.inFeatures, c.nClasses, c.cutoffs, {
      divValue: c.divValue,
      headBias: c.headBias,
      dtype: c.input.dtype as "float32",
    });
    const state: Record<string, torch.Tensor> = {};
    for (const [k, v] of Object.entries(c.state)) state[k] = decode(v);
    m.loadStateDict(state);
    return m;
  };
  for (const c of layerFx.adaptive) {
    it(`${c.id}: parameters, printing, output, loss and gradients match PyTorch`, () => {
      const m = build(c);
      assert.deepEqual(Object.keys(m.stateDict()), Object.keys(c.state));
      assert.equal(String(m), c.repr);
      const x = decode(c.input).requiresGrad_();
      const res = m.call(x, decode(c.target));
      const [out, loss] = res;
      assert.equal(res.output, out);
      assert.equal(res.loss, loss);
      assertClose(out, c.output, "output", tol);
      assertClose(loss, c.loss, "loss", tol);
      loss.add(out.sum()).backward();
      assertClose(x.grad!, c.inputGrad, "input grad", tol);
      for (const [name, p] of m.namedParameters()) assertClose(p.grad!, c.paramGrads[name]!, `${name} grad`, tol);
    });
    it(`${c.id}: logProb, predict and an unbatched call match PyTorch`, () => {
      const m = build(c);
      const x = decode(c.input);
      const lp = m.logProb(x);
      assertClose(lp, c.logProb, "logProb", tol);
      assertClose(
        lp.exp().sum(1),
        { shape: [x.shape[0]!], dtype: x.dtype, values: Array(x.shape[0]!).fill(1) },
        "sum",
        tol,
      );
      assert.deepEqual(m.predict(x).tolist(), decode(c.predict).tolist());
      const single = m.call(x.select(0, 2), torch.tensor(c.single.target));
      assertClose(single.output, c.single.output, "unbatched output", tol);
    });
  }
});

describe("nn.TripletMarginWithDistanceLoss with module distances", () => {
  it("defaults to a PairwiseDistance submodule and accepts modules such as CosineSimilarity, printing as PyTorch", () => {
    assert.equal(
      String(new nn.TripletMarginWithDistanceLoss()),
      "TripletMarginWithDistanceLoss(\n  (distance_function): PairwiseDistance()\n)",
    );
    const cos = new nn.CosineSimilarity();
    const m = new nn.TripletMarginWithDistanceLoss({ distanceFunction: cos });
    assert.equal(String(m), "TripletMarginWithDistanceLoss(\n  (distance_function): CosineSimilarity()\n)");
    assert.deepEqual(Object.keys(m.stateDict()), []);
    torch.manualSeed(1);
    const [a, p, n] = [torch.randn(4, 3), torch.randn(4, 3), torch.randn(4, 3)];
    const want = F.tripletMarginWithDistanceLoss(a, p, n, { distanceFunction: (x, y) => F.cosineSimilarity(x, y) });
    assert.deepEqual(m.call(a, p, n).tolist(), want.tolist());
    assert.equal(
      String(new nn.TripletMarginWithDistanceLoss({ distanceFunction: (x, y) => x.sub(y).abs() })),
      "TripletMarginWithDistanceLoss()",
    );
  });
});
