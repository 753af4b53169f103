/**
 * `torch.Size`: what `t.size()` returns. An Array subclass that prints as PyTorch's
 * `torch.Size([2, 2, 3])` (String, template literals, console.log / util.inspect) and is an
 * ordinary array otherwise. `t.shape` stays a plain readonly array (read by every op).
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, test } from "node:test";
import * as torch from "../../src/index.js";

const { Size } = torch;

describe("torch.Size", () => {
  const x = torch.zeros([2, 2, 3]);

  test("t.size() is a Size printing torch.Size([2, 2, 3])", () => {
    const s = x.size();
    assert.ok(s instanceof Size);
    assert.ok(s instanceof Array);
    assert.ok(Array.isArray(s));
    assert.equal(String(s), "torch.Size([2, 2, 3])");
    assert.equal(`${s}`, "torch.Size([2, 2, 3])");
    assert.equal(inspect(s), "torch.Size([2, 2, 3])");
    assert.equal(inspect({ size: s }), "{ size: torch.Size([2, 2, 3]) }");
  });

  test("0-d and 1-d sizes print as PyTorch's", () => {
    assert.equal(String(torch.tensor(3).size()), "torch.Size([])");
    assert.equal(String(torch.zeros([4]).size()), "torch.Size([4])");
    assert.equal(String(torch.zeros([0, 5]).size()), "torch.Size([0, 5])");
  });

  test("usable as an array: indexing, length, spread, destructuring, iteration, JSON", () => {
    const s = x.size();
    assert.equal(s.length, 3);
    assert.equal(s[2], 3);
    assert.equal(s.at(-1), 3);
    const [a, b, c] = s;
    assert.deepEqual([a, b, c], [2, 2, 3]);
    assert.deepEqual([...s], [2, 2, 3]);
    assert.equal(JSON.stringify(s), "[2,2,3]");
    assert.equal(JSON.stringify({ shape: s }), '{"shape":[2,2,3]}');
    let n = 1;
    for (const d of s) n *= d;
    assert.equal(n, 12);
    assert.equal(s.numel(), 12);
  });

  test("derived arrays (map, slice, filter, concat) are plain arrays", () => {
    const s = x.size();
    for (const d of [s.map((v) => v * 2), s.slice(1), s.filter((v) => v > 2), s.concat([7])]) {
      assert.equal(Object.getPrototypeOf(d), Array.prototype);
    }
    assert.deepEqual(
      s.map((v) => v * 2),
      [4, 4, 6],
    );
  });

  test("a size can be passed back to the factories and reshape", () => {
    const s = x.size();
    assert.deepEqual([...torch.ones(s).shape], [2, 2, 3]);
    assert.deepEqual([...torch.arange(12).reshape(s).shape], [2, 2, 3]);
    assert.deepEqual([...torch.arange(12).view(...s).shape], [2, 2, 3]);
  });

  test("each call returns a fresh Size: changing it does not reshape the tensor", () => {
    const s = x.size();
    s[0] = 9;
    assert.equal(x.size(0), 2);
    assert.notEqual(x.size(), x.size());
  });

  test("new torch.Size(dims) copies the dims; Size.from works", () => {
    const d = [4, 5];
    const s = new Size(d);
    d[0] = 1;
    assert.equal(String(s), "torch.Size([4, 5])");
    assert.equal(String(new Size()), "torch.Size([])");
    assert.equal(String(Size.from([1, 2])), "torch.Size([1, 2])");
  });

  test("size(dim) is still a number, negative dims counted from the end", () => {
    assert.equal(x.size(-1), 3);
    assert.equal(x.size(0), 2);
  });

  test("t.shape holds the same sizes as a plain array", () => {
    assert.deepEqual(x.shape, [2, 2, 3]);
    assert.deepEqual([...x.size()], x.shape);
  });
});
