/**
 * ParameterList / ParameterDict: registration (state-dict keys, parameters(), gradients) and
 * printing as PyTorch 1.13 prints them (the expected strings are PyTorch's output).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { nn } from "../../src/index.js";
import { table } from "../errors/table.js";

describe("nn.ParameterList", () => {
  it("registers parameters under 0, 1, … and prints as PyTorch", () => {
    const ps = new nn.ParameterList([new nn.Parameter(torch.ones(2, 3)), torch.ones([3], { dtype: "float64" })]);
    assert.deepEqual(Object.keys(ps.stateDict()), ["0", "1"]);
    assert.ok(ps.get(1) instanceof nn.Parameter, "a plain tensor is wrapped in a Parameter");
    assert.equal(
      String(ps),
      "ParameterList(\n    (0): Parameter containing: [torch.float32 of size 2x3]\n    (1): Parameter containing: [torch.float64 of size 3]\n)",
    );
    assert.equal(String(new nn.ParameterList()), "ParameterList()");
    class M extends nn.Module {
      ps = ps;
    }
    assert.equal(
      String(new M()),
      "M(\n  (ps): ParameterList(\n      (0): Parameter containing: [torch.float32 of size 2x3]\n      (1): Parameter containing: [torch.float64 of size 3]\n  )\n)",
    );
    assert.equal(new M().parameters().length, 2);
  });

  it("append/extend/set/iteration; gradients reach the entries", () => {
    const ps = new nn.ParameterList();
    ps.append(torch.tensor([1, 2], { dtype: "float32" })).extend([torch.tensor([3], { dtype: "float32" })]);
    assert.equal(ps.length, 2);
    assert.equal(ps.get(-1).item(), 3);
    let loss = torch.zeros([]);
    for (const p of ps) loss = loss.add(p.sum());
    loss.backward();
    assert.deepEqual(ps.get(0).grad!.tolist(), [1, 1]);
    ps.set(0, torch.zeros(4));
    assert.deepEqual(ps.get(0).shape, [4]);
  });
});

describe("nn.ParameterDict", () => {
  it("sorts a plain object's keys, keeps a Map's order, prints as PyTorch", () => {
    const pd = new nn.ParameterDict({ b: new nn.Parameter(torch.ones(2)), a: new nn.Parameter(torch.ones(1, 2)) });
    assert.deepEqual(Object.keys(pd.stateDict()), ["a", "b"]);
    assert.equal(
      String(pd),
      "ParameterDict(\n    (a): Parameter containing: [torch.FloatTensor of size 1x2]\n    (b): Parameter containing: [torch.FloatTensor of size 2]\n)",
    );
    const pm = new nn.ParameterDict(
      new Map([
        ["z", torch.ones(1)],
        ["y", torch.ones(1)],
      ]),
    );
    assert.deepEqual(pm.keys(), ["z", "y"]);
    assert.ok(pd.has("a") && !pd.has("c"));
    pd.set("c", torch.zeros(3));
    assert.deepEqual(pd.get("c").shape, [3]);
    assert.equal(pd.length, 3);
  });
});

describe("ParameterList/ParameterDict bad inputs", () =>
  table([
    [
      "ParameterList of numbers",
      () => new nn.ParameterList([1 as never]),
      TypeError,
      "[ParameterList.append] expected a Parameter or Tensor: got 1",
    ],
    [
      "ParameterList.get out of range",
      () => new nn.ParameterList().get(0),
      RangeError,
      "[ParameterList.get] index 0 is out of range for a list of 0",
    ],
    [
      "ParameterList not iterable",
      () => new nn.ParameterList(5 as never),
      TypeError,
      "[ParameterList.extend] expected an iterable of Parameters: got 5",
    ],
    [
      "ParameterDict.get missing",
      () => new nn.ParameterDict().get("w"),
      RangeError,
      '[ParameterDict.get] no parameter named "w"',
    ],
    [
      "ParameterDict value not a tensor",
      () => new nn.ParameterDict({ w: [1] as never }),
      TypeError,
      /^\[ParameterDict\.set\] expected a Parameter or Tensor: got /,
    ],
    [
      "ParameterDict dotted key",
      () => new nn.ParameterDict({ "a.b": torch.ones(1) }),
      Error,
      /^\[registerParameter\] parameter name can't contain "\."/,
    ],
  ]));
