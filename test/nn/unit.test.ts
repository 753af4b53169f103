/**
 * nn behaviour the fixtures cannot express: registration rules, hooks, modes, dtype moves,
 * containers, error messages, utils, and float64 gradchecks of the composite losses.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { nn, type Tensor } from "../../src/index.js";

const F = nn.functional;

describe("Module registration", () => {
  it("discovers fields in declaration order; registered names keep registration order", () => {
    class M extends nn.Module {
      b = new nn.Parameter(torch.zeros(1));
      a = new nn.Linear(1, 1);
      constructor() {
        super();
        this.registerParameter("z", new nn.Parameter(torch.ones(1)));
        this.registerBuffer("buf", torch.zeros(1));
        this.registerModule("0", new nn.ReLU());
      }
    }
    const m = new M();
    assert.deepEqual(Object.keys(m.stateDict()), ["b", "z", "buf", "a.weight", "a.bias"]);
    assert.deepEqual(
      m.namedChildren().map(([n]) => n),
      ["a", "0"],
    );
  });
  it("reassigning a field replaces the module or parameter in place of the old one", () => {
    class M extends nn.Module {
      fc = new nn.Linear(2, 2);
      w = new nn.Parameter(torch.zeros(1));
    }
    const m = new M();
    m.fc = new nn.Linear(2, 3);
    assert.deepEqual(m.stateDict()["fc.weight"]!.shape, [3, 2]);
    (m as { w: nn.Parameter | null }).w = null;
    assert.deepEqual(Object.keys(m.stateDict()), ["fc.weight", "fc.bias"]);
  });
  it("rejects bad names and duplicate attributes", () => {
    const m = new nn.Linear(2, 2);
    assert.throws(() => m.registerBuffer("a.b", torch.zeros(1)), /can't contain "\."/);
    assert.throws(() => m.registerBuffer("weight", torch.zeros(1)), /attribute 'weight' already exists/);
    assert.throws(() => m.registerModule("train", new nn.ReLU()), /attribute 'train' already exists/);
    assert.throws(() => m.registerParameter("p", torch.zeros(1) as never), /expected nn.Parameter or null/);
  });
  it("non-persistent buffers are buffers but not in stateDict; buffers follow to()", () => {
    const m = new nn.Module();
    m.registerBuffer("a", torch.zeros(2), false);
    m.registerBuffer("n", torch.tensor(0));
    assert.deepEqual(
      m.namedBuffers().map(([k]) => k),
      ["a", "n"],
    );
    assert.deepEqual(Object.keys(m.stateDict()), ["n"]);
    m.double();
    assert.deepEqual(
      m.buffers().map((b) => b.dtype),
      ["float64", "int64"],
    );
  });
  it("shared submodules and parameters are listed once", () => {
    const l = new nn.Linear(2, 2);
    const s = new nn.Sequential(l, new nn.ReLU(), l);
    assert.equal(s.parameters().length, 2);
    assert.equal(s.modules().length, 3);
    assert.deepEqual(Object.keys(s.stateDict()), ["0.weight", "0.bias", "2.weight", "2.bias"]);
  });
  it("forward is required", () => {
    assert.throws(() => new nn.ModuleList().call(), /missing the required "forward" function/);
  });
});

describe("Module behaviour", () => {
  it("call runs forward pre-hooks and hooks; handles remove them", () => {
    const m = new nn.Linear(2, 2, { bias: false });
    torch.noGrad(() => m.weight.copy_(torch.eye(2)));
    const x = torch.tensor([[1, 2]], { dtype: "float32" });
    const h1 = m.registerForwardPreHook((_m, [inp]) => [(inp as Tensor).mul(10)]);
    const seen: number[][] = [];
    const h2 = m.registerForwardHook((_m, _i, out) => {
      seen.push((out as Tensor).shape as number[]);
      return (out as Tensor).add(1);
    });
    assert.deepEqual(m.call(x).tolist(), [[11, 21]]);
    assert.deepEqual(m.forward(x).tolist(), [[1, 2]]);
    assert.deepEqual(seen, [[1, 2]]);
    h1.remove();
    h2.remove();
    assert.deepEqual(m.call(x).tolist(), [[1, 2]]);
  });
  it("train/eval propagate; dropout is the identity in eval", () => {
    const s = new nn.Sequential(new nn.Linear(3, 3), new nn.Dropout(0.9));
    s.eval();
    assert.equal(s.at(1).training, false);
    const x = torch.ones(2, 3);
    assert.equal(s.at(1).call(x), x);
    s.train();
    assert.equal(s.at(1).training, true);
  });
  it("zeroGrad sets grads to null by default, or zeroes them", () => {
    const l = new nn.Linear(2, 1);
    l.call(torch.ones(1, 2)).sum().backward();
    l.zeroGrad({ setToNone: false });
    assert.deepEqual(l.weight.grad!.tolist(), [[0, 0]]);
    l.zeroGrad();
    assert.equal(l.weight.grad, null);
  });
  it("to()/double() keep Parameter identity and convert grads", () => {
    const l = new nn.Linear(2, 1);
    const w = l.weight;
    l.call(torch.ones(1, 2)).sum().backward();
    l.double();
    assert.equal(l.weight, w);
    assert.equal(w.dtype, "float64");
    assert.equal(w.grad!.dtype, "float64");
    assert.equal(l.call(torch.ones(1, 2, { dtype: "float64" })).dtype, "float64");
    assert.equal(l.half().weight.dtype, "float16");
    assert.throws(() => l.to("int32"), /only accepts floating point/);
  });
  it("requiresGrad_ and apply", () => {
    const s = new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 2));
    s.requiresGrad_(false);
    assert.ok(s.parameters().every((p) => !p.requiresGrad));
    const order: string[] = [];
    s.apply((m) => order.push(m.constructor.name));
    assert.deepEqual(order, ["Linear", "Linear", "Sequential"]);
  });
  it("Parameter shares storage, prints like PyTorch, refuses integer data", () => {
    const t = torch.tensor([1, 2], { dtype: "float32" });
    const p = new nn.Parameter(t);
    torch.noGrad(() => p.fill_(3));
    assert.deepEqual(t.tolist(), [3, 3]);
    assert.equal(String(p), "Parameter containing:\ntensor([3., 3.], requires_grad=True)");
    assert.equal(new nn.Parameter(torch.zeros(1), false).requiresGrad, false);
    assert.throws(() => new nn.Parameter(torch.tensor([1, 2])), /floating point/);
  });
});

describe("containers", () => {
  it("Sequential: at, length, iteration, append, insert, slice, named construction", () => {
    const s = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
    assert.equal(s.length, 2);
    assert.ok(s.at(-1) instanceof nn.ReLU);
    assert.throws(() => s.at(2), /index 2 is out of range for 2 modules/);
    s.append(new nn.Linear(3, 1));
    s.insert(1, new nn.Tanh());
    assert.deepEqual(
      [...s].map((m) => m.constructor.name),
      ["Linear", "Tanh", "ReLU", "Linear"],
    );
    assert.deepEqual(s.call(torch.ones(4, 2)).shape, [4, 1]);
    assert.equal(s.slice(0, 2).length, 2);
    const named = new nn.Sequential({ fc: new nn.Linear(2, 2), act: new nn.ReLU() });
    assert.deepEqual(Object.keys(named.stateDict()), ["fc.weight", "fc.bias"]);
  });
  it("ModuleList and ModuleDict", () => {
    const l = new nn.ModuleList([new nn.Linear(1, 1)]);
    l.append(new nn.Linear(1, 2));
    assert.deepEqual(Object.keys(l.stateDict()), ["0.weight", "0.bias", "1.weight", "1.bias"]);
    const d = new nn.ModuleDict({ b: new nn.ReLU(), a: new nn.Linear(1, 1) });
    d.set("c", new nn.Tanh());
    assert.deepEqual(d.keys(), ["b", "a", "c"]);
    assert.ok(d.has("a") && !d.has("z"));
    assert.ok(d.get("c") instanceof nn.Tanh);
    assert.throws(() => d.get("z"), /no module named "z"/);
  });
});

describe("error messages", () => {
  const logits = torch.randn(3, 5);
  it("crossEntropy: out-of-range labels, wrong dtype, wrong shape", () => {
    assert.throws(() => F.crossEntropy(logits, torch.tensor([1, 9, 0])), {
      message:
        "[crossEntropy] target label 9 is out of range for 5 classes (valid labels are 0..4): the last layer needs at least 10 outputs",
    });
    assert.throws(
      () => F.crossEntropy(logits, torch.tensor([1, -1, 0])),
      /target label -1 is out of range for 5 classes .*non-negative/,
    );
    assert.throws(
      () => F.crossEntropy(logits, torch.tensor([1, 2, 0], { dtype: "float32" })),
      /expected target of class indices \(int64\) with shape \[3\] or class probabilities \(float\) with the input's shape \[3, 5\]: got float32 \[3\]/,
    );
    assert.throws(
      () => F.crossEntropy(logits, torch.tensor([1, 2])),
      /expected target shape \[3\] for input of shape \[3, 5\]/,
    );
    assert.throws(
      () => F.crossEntropy(logits, torch.tensor([1, 2, 0]), { weight: torch.ones(4) }),
      /weight tensor should be defined either for all 5 classes/,
    );
    assert.throws(
      () => F.crossEntropy(logits, torch.tensor([1, 2, 0]), { reduction: "avg" as never }),
      /"avg" is not a valid value for reduction/,
    );
    assert.throws(() => new nn.CrossEntropyLoss({ reduction: "avg" as never }), /not a valid value for reduction/);
  });
  it("other losses and layers", () => {
    assert.throws(() => F.binaryCrossEntropy(torch.tensor([1.5]), torch.tensor([1.0])), /between 0 and 1: got 1.5/);
    assert.throws(
      () => F.binaryCrossEntropyWithLogits(torch.zeros(2), torch.zeros(3)),
      /target size \[3\] must be the same as input size \[2\]/,
    );
    assert.throws(
      () => new nn.Linear(4, 2).call(torch.zeros(3, 5)),
      /\[linear\] mat1 and mat2 shapes cannot be multiplied \(3x5 and 4x2\)/,
    );
    assert.throws(
      () => new nn.Embedding(3, 2).call(torch.tensor([3])),
      /index 3 is out of range for an embedding of 3 rows/,
    );
    assert.throws(
      () => new nn.Embedding(3, 2).call(torch.tensor([1], { dtype: "float32" })),
      /expected indices of dtype int64 or int32: got float32/,
    );
    assert.throws(() => F.oneHot(torch.tensor([0, 3]), 3), /smaller than numClasses: got 3 for 3 classes/);
    assert.throws(() => F.dropout(torch.ones(2), 1.5), /between 0 and 1, but got 1.5/);
    assert.throws(
      () => F.gelu(torch.ones(2), { approximate: "fast" as never }),
      /approximate must be "none" or "tanh"/,
    );
  });
});

describe("utils", () => {
  it("clipGradValue_, parametersToVector, vectorToParameters", () => {
    const l = new nn.Linear(2, 2);
    l.weight.grad = torch.tensor([
      [3, -3],
      [0.5, -0.5],
    ]);
    nn.utils.clipGradValue_(l.parameters(), 1);
    assert.deepEqual(l.weight.grad.tolist(), [
      [1, -1],
      [0.5, -0.5],
    ]);
    const v = nn.utils.parametersToVector(l.parameters());
    assert.deepEqual(v.shape, [6]);
    nn.utils.vectorToParameters(torch.arange(6, { dtype: "float32" }), l.parameters());
    assert.deepEqual(l.weight.tolist(), [
      [0, 1],
      [2, 3],
    ]);
    assert.deepEqual(l.bias!.tolist(), [4, 5]);
    assert.throws(() => nn.utils.vectorToParameters(torch.zeros(5), l.parameters()), /1-D vector of 6 elements/);
    assert.equal(nn.utils.clipGradNorm_([torch.zeros(1).requiresGrad_()], 1).item(), 0);
  });
});

describe("float64 gradcheck of composite losses and activations", () => {
  torch.manualSeed(0);
  const x = torch.randn(3, 4, { dtype: "float64" }).requiresGrad_();
  const t = torch.randn(3, 4, { dtype: "float64" });
  const cases: Record<string, (a: Tensor) => Tensor> = {
    crossEntropySmooth: (a) =>
      F.crossEntropy(a, torch.tensor([0, 3, 1]), {
        labelSmoothing: 0.2,
        weight: torch.tensor([1, 2, 0.5, 1], { dtype: "float64" }),
      }),
    crossEntropyProbs: (a) => F.crossEntropy(a, t.softmax(1)),
    bceWithLogits: (a) =>
      F.binaryCrossEntropyWithLogits(a, t.sigmoid(), { posWeight: torch.tensor([2.0], { dtype: "float64" }) }),
    bce: (a) => F.binaryCrossEntropy(a.sigmoid(), t.sigmoid()),
    huber: (a) => F.huberLoss(a, t, { delta: 0.5 }),
    klDiv: (a) => F.klDiv(a.logSoftmax(1), t.softmax(1), { reduction: "batchmean" }),
    gelu: (a) => F.gelu(a),
    mish: (a) => F.mish(a),
    logsigmoid: (a) => F.logsigmoid(a),
  };
  for (const [name, f] of Object.entries(cases)) {
    it(name, () => assert.ok(torch.autograd.gradcheck(f, [x])));
  }
});
