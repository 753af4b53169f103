/** The reference backend: pure TypeScript, float64 arithmetic, runs anywhere. It is the spec. */
import type { Backend } from "../backend.js";
import { binary, copy, fill, unary, where } from "./elementwise.js";
import { gather, indexPut, indexSelect, nonzero, scatter, sort } from "./indexing.js";
import { matmul } from "./linalg.js";
import { reduce, scan } from "./reduce.js";

export const referenceBackend: Backend = {
  name: "reference",
  unary,
  binary,
  reduce,
  scan,
  copy,
  fill,
  where,
  matmul,
  gather,
  scatter,
  indexSelect,
  indexPut,
  nonzero,
  sort,
};
