/**
 * The registry's contract with plain-JS callers: every declared op, called as a function or as a
 * method, refuses more positional arguments than it declares (naming the op) instead of ignoring
 * them, and the function users call carries the op's name.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { registeredOps } from "../../src/ops/registry.js";

type Fn = (...args: unknown[]) => unknown;
const declared = registeredOps().filter((o) => o.aliasOf === undefined);

/** `torch.a.b` (or `torch.nn.functional.b` for "F.b"); undefined for method-only ops. */
function publicFunction(name: string): Fn | undefined {
  const segs = name.split(".");
  let v: unknown = segs[0] === "F" ? (segs.shift(), torch.nn.functional) : torch;
  for (const s of segs) v = (v as Record<string, unknown> | undefined)?.[s];
  return typeof v === "function" ? (v as Fn) : undefined;
}

describe("op arity", () => {
  it("every op called as a function refuses one positional argument too many, naming itself", () => {
    let checked = 0;
    for (const o of declared) {
      const f = publicFunction(o.name);
      if (f === undefined || o.maxArgs === Infinity) continue;
      const args = Array.from({ length: o.maxArgs + 1 }, () => undefined);
      assert.throws(
        () => f(...args),
        (e: Error) =>
          e instanceof TypeError &&
          e.message.startsWith(`[${o.name}] takes at most ${o.maxArgs} positional argument`) &&
          e.message.includes(`got ${o.maxArgs + 1}`),
        `torch.${o.name} with ${o.maxArgs + 1} arguments`,
      );
      assert.equal(f.name, o.name.split(".").pop(), `torch.${o.name}.name`);
      checked++;
    }
    assert.ok(checked > 250, `only ${checked} ops checked`);
  });

  it("every method form refuses one positional argument too many", () => {
    const x = torch.ones(2, 2);
    let checked = 0;
    for (const o of declared) {
      if (o.mode === "function" || o.maxArgs === Infinity) continue;
      const m = (x as unknown as Record<string, Fn>)[o.name];
      assert.equal(typeof m, "function", `x.${o.name}`);
      const args = Array.from({ length: o.maxArgs }, () => undefined);
      assert.throws(() => m!.apply(x, args), TypeError, `x.${o.name} with ${o.maxArgs} arguments`);
      checked++;
    }
    assert.ok(checked > 200, `only ${checked} methods checked`);
  });

  it("an op's declared arity counts defaulted parameters (asStridedScatter takes a storage offset)", () => {
    const x = torch.zeros(4);
    const y = x.asStridedScatter(torch.ones(2), [2], [1], 1);
    assert.deepEqual(y.tolist(), [0, 1, 1, 0]);
    assert.throws(
      () => (torch.pdist as Fn)(torch.ones(3, 2), 2, 5),
      /^TypeError: \[pdist\] takes at most 2 positional arguments: got 3/,
    );
  });
});
