/** The argument checker every public callee uses: unknown keys, suggestions, arity, kinds. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  checkArity,
  checkBool,
  checkInt,
  checkNumber,
  checkOneOf,
  checkOptions,
  describe as describeValue,
  optionKeys,
  suggestKey,
} from "../../src/util/args.js";

const LOADER = optionKeys("batchSize", "shuffle", "sampler", "batchSampler", "dropLast", "collateFn", "numWorkers");

describe("checkOptions", () => {
  it("accepts undefined, an empty object and known keys", () => {
    checkOptions("DataLoader", undefined, LOADER);
    checkOptions("DataLoader", {}, LOADER);
    checkOptions("DataLoader", { batchSize: 4, shuffle: true }, LOADER);
    checkOptions("DataLoader", Object.create(null) as object, LOADER);
  });
  it("names the callee, the key and the camelCase spelling", () => {
    assert.throws(() => checkOptions("DataLoader", { batch_size: 16 }, LOADER), {
      name: "TypeError",
      message: '[DataLoader] unknown option "batch_size": did you mean "batchSize"?',
    });
    assert.throws(() => checkOptions("DataLoader", { drop_last: true }, LOADER), {
      message: '[DataLoader] unknown option "drop_last": did you mean "dropLast"?',
    });
  });
  it("suggests the nearest key for a plain misspelling", () => {
    const SGD = optionKeys("lr", "momentum", "dampening", "weightDecay", "nesterov", "maximize");
    assert.throws(() => checkOptions("SGD", { lr: 0.1, momentun: 0.9 }, SGD), {
      message: '[SGD] unknown option "momentun": did you mean "momentum"?',
    });
    assert.throws(() => checkOptions("StepLR", { gama: 0.5 }, optionKeys("gamma", "lastEpoch")), {
      message: '[StepLR] unknown option "gama": did you mean "gamma"?',
    });
    assert.throws(() => checkOptions("SGD", { WeightDecay: 1 }, SGD), { message: /did you mean "weightDecay"\?/ });
  });
  it("lists the accepted keys when nothing is close", () => {
    assert.throws(() => checkOptions("f", { zzzzzzzz: 1 }, optionKeys("alpha", "beta")), {
      message: '[f] unknown option "zzzzzzzz": expected one of "alpha", "beta"',
    });
    assert.throws(() => checkOptions("f", { a: 1 }, optionKeys()), {
      message: '[f] unknown option "a": f takes no options',
    });
  });
  it("checks keys whose value is undefined", () => {
    assert.throws(() => checkOptions("DataLoader", { batch_size: undefined }, LOADER), /batch_size/);
  });
  it("refuses a non-object where options are expected", () => {
    for (const bad of [3, "cpu", null, [1], true]) {
      assert.throws(() => checkOptions("Linear", bad, LOADER), {
        name: "TypeError",
        message: /^\[Linear\] expected an options object: got /,
      });
    }
    class Foo {}
    assert.throws(() => checkOptions("Linear", new Foo(), LOADER), { message: /got a Foo$/ });
  });
});

describe("the other checks", () => {
  it("arity", () => {
    checkArity("f", 2, 2);
    assert.throws(() => checkArity("f", 3, 2), {
      name: "TypeError",
      message: "[f] takes at most 2 positional arguments: got 3 (keyword arguments go in a final options object)",
    });
  });
  it("numbers, integers, booleans, choices", () => {
    assert.equal(checkNumber("f", "lr", 0.1, { min: 0 }), 0.1);
    assert.throws(() => checkNumber("f", "lr", "abc"), {
      name: "TypeError",
      message: '[f] lr must be a number: got "abc"',
    });
    assert.throws(() => checkNumber("f", "lr", NaN), /lr must be a number: got NaN/);
    assert.throws(() => checkNumber("f", "lr", -1, { min: 0 }), {
      name: "RangeError",
      message: "[f] lr must be >= 0: got -1",
    });
    assert.throws(() => checkNumber("f", "T", 0, { min: 0, minExclusive: true }), /T must be > 0: got 0/);
    assert.equal(checkInt("f", "n", 3, 1), 3);
    assert.throws(() => checkInt("f", "n", 2.5), { name: "TypeError", message: "[f] n must be an integer: got 2.5" });
    assert.throws(() => checkInt("f", "n", 0, 1), { name: "RangeError", message: "[f] n must be >= 1: got 0" });
    assert.throws(() => checkBool("f", "bias", 0), { message: "[f] bias must be a boolean: got 0" });
    assert.equal(checkOneOf("f", "reduction", "sum", ["mean", "sum", "none"]), "sum");
    assert.throws(() => checkOneOf("f", "reduction", "summ", ["mean", "sum", "none"]), {
      name: "RangeError",
      message: '[f] reduction must be one of "mean", "sum", "none": got "summ" (did you mean "sum"?)',
    });
  });
  it("describes values for messages", () => {
    assert.equal(describeValue([1, 2]), "an array of length 2");
    assert.equal(describeValue({}), "an object");
    assert.equal(describeValue(new Float32Array(2)), "a Float32Array");
    assert.equal(describeValue(3n), "3n");
  });
});

describe("checkOptions, fuzzed", () => {
  const keyArb = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/);
  it("accepts exactly the objects whose keys are all accepted", () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyArb, { maxLength: 8 }), fc.dictionary(keyArb, fc.anything()), (accepted, opts) => {
        const keys = optionKeys(...accepted);
        const ok = Object.keys(opts).every((k) => keys.has(k));
        let threw: unknown = null;
        try {
          checkOptions("callee", opts, keys);
        } catch (e) {
          threw = e;
        }
        if (ok) return threw === null;
        const bad = Object.keys(opts).find((k) => !keys.has(k))!;
        return (
          threw instanceof TypeError &&
          threw.message.startsWith(`[callee] unknown option "${bad}"`) &&
          !threw.message.includes("\n")
        );
      }),
      { numRuns: 500, seed: 17 },
    );
  });
  it("every suggestion is an accepted key, and a snake_case spelling of a key finds it", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}([A-Z][a-z]{1,6}){0,3}$/), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (accepted, pick) => {
          const target = accepted[pick % accepted.length]!;
          const snake = target.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
          const s = suggestKey(snake, accepted);
          return s !== undefined && accepted.includes(s) && (snake === target || s === target);
        },
      ),
      { numRuns: 300, seed: 18 },
    );
  });
});
