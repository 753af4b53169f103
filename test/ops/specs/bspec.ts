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
  { op: "nextafter", fn: ([x, y]) => x!.nextafter(y!), rtol: 0, atol: 0 },
  { op: "igamma", fn: ([a, x]) => torch.igamma(a!, x!), grad: [1], rtol: 1e-5 },
  { op: "igammac", fn: ([a, x]) => a!.igammac(x!), grad: [1], rtol: 1e-5 },
  {
    op: "polygamma",
    fn: ([x], a) => (a.n % 2 === 0 ? torch.polygamma(a.n, x!) : x!.polygamma(a.n)),
    grad: [0],
    rtol: 1e-5,
  },
];

export const errors: ErrorRow[] = [];
