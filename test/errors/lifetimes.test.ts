/**
 * Bad-input table for tensor lifetimes (ISSUE-21): tidy, keep, memory, emptyCache, and using a
 * released tensor. Each row checks the error class and the `[op]` message.
 */
import { describe } from "node:test";
import * as torch from "../../src/index.js";
import { bad, exactTable } from "./table.js";

const released = (): torch.Tensor => {
  const t = torch.ones(8192);
  t.dispose();
  return t;
};
const tidied = (): torch.Tensor => {
  let t: torch.Tensor | null = null;
  torch.tidy(() => {
    t = torch.ones(8192).mul(2);
  });
  return t!;
};
const RELEASED = (op: string, by: string): RegExp =>
  new RegExp(
    `^\\[${op}\\] tensor was released \\(by ${by}[;) ].*keep it with torch\\.keep\\(t\\) or return it from the tidy scope$`,
  );

describe("lifetime API arguments", () => {
  exactTable([
    [
      "tidy without a function",
      () => torch.tidy(bad(5)),
      TypeError,
      "[tidy] expected a function (or a name and a function): got 5",
    ],
    [
      "tidy with no argument",
      () => torch.tidy(bad(undefined)),
      TypeError,
      "[tidy] expected a function (or a name and a function): got undefined",
    ],
    [
      "tidy name then a non-function",
      () => torch.tidy("s", bad("f")),
      TypeError,
      '[tidy] expected a function after the scope name: got "f"',
    ],
    [
      "tidy with three arguments",
      () => (torch.tidy as (...a: unknown[]) => unknown)("s", () => 1, 3),
      TypeError,
      "[tidy] takes at most 2 positional arguments: got 3 (keyword arguments go in a final options object)",
    ],
    ["keep of a number", () => torch.keep(bad(3)), TypeError, "[keep] expected a Tensor: got 3"],
    ["keep of an array", () => torch.keep(bad([1, 2])), TypeError, /^\[keep\] expected a Tensor: got /],
    [
      "memory with an argument",
      () => (torch.memory as (...a: unknown[]) => unknown)({}),
      TypeError,
      "[memory] takes at most 0 positional arguments: got 1 (keyword arguments go in a final options object)",
    ],
    [
      "emptyCache with an argument",
      () => (torch.emptyCache as (...a: unknown[]) => unknown)(true),
      TypeError,
      "[emptyCache] takes at most 0 positional arguments: got 1 (keyword arguments go in a final options object)",
    ],
  ]);
});

describe("using a released tensor", () => {
  exactTable([
    ["add after dispose", () => released().add(1), Error, RELEASED("add", "dispose")],
    ["sum after dispose", () => released().sum(), Error, RELEASED("sum", "dispose")],
    ["dataSync after dispose", () => released().dataSync(), Error, RELEASED("dataSync", "dispose")],
    ["tolist after dispose", () => released().tolist(), Error, RELEASED("tolist", "dispose")],
    [
      "matmul after tidy",
      () => tidied().reshape([64, 128]).matmul(torch.ones(128, 2)),
      Error,
      RELEASED("matmul", "tidy"),
    ],
    ["exp after tidy", () => tidied().exp(), Error, RELEASED("exp", "tidy")],
  ]);
});
