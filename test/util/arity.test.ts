import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { declaredArity } from "../../src/util/arity.js";

describe("declaredArity", () => {
  const rows: [string, (...a: never[]) => unknown, number][] = [
    ["a default counts", (x: number, p = 2) => x + p, 2],
    [
      "destructured options with defaults",
      function f(a: unknown, { b }: { b?: number } = {}, d = [1, 2]) {
        return [a, b, d];
      },
      3,
    ],
    ["rest only", (...xs: number[]) => xs, Infinity],
    ["rest after one", (a: number, ...xs: number[]) => [a, xs], Infinity],
    ["one bare", (x: number) => x, 1],
    ["none", () => 0, 0],
    ["brackets and commas inside string defaults", (a = "(,", b = `)${1}]`) => a + b, 2],
    ["async", async (a: number) => a, 1],
  ];
  for (const [what, fn, want] of rows) it(what, () => assert.equal(declaredArity(fn), want));
});
