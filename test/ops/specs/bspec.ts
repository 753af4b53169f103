/** Op-spec rows for src/ops/scatter-reduce.ts and src/ops/special-extra.ts (fixtures: scripts/fixtures/ops_bspec.py). */
import * as torch from "../../../src/index.js";
import type { ErrorRow, OpRow } from "./types.js";

export const rows: OpRow[] = [
  {
    op: "scatterReduce",
    fn: ([x, i, s], a) => x!.scatterReduce(a.dim, i!, s!, a.reduce, { includeSelf: a.includeSelf }),
    grad: [0, 2],
  },
  {
    op: "indexReduce",
    fn: ([x, i, s], a) =>
      a.includeSelf
        ? torch.indexReduce(x!, a.dim, i!, s!, a.reduce)
        : x!.indexReduce(a.dim, i!, s!, a.reduce, { includeSelf: false }),
    grad: [0, 2],
  },
];

export const errors: ErrorRow[] = [];
