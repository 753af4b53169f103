/**
 * THE op-spec table: every op's row, gathered from the family files. `ops.test.ts` runs each
 * row against PyTorch fixtures on every backend, and gradchecks differentiable rows in float64.
 */
import * as bspec from "./specs/bspec.js";
import * as creation from "./specs/creation.js";
import * as brnn from "./specs/brnn.js";
import * as elementwise from "./specs/elementwise.js";
import * as indexing from "./specs/indexing.js";
import * as linalg from "./specs/linalg.js";
import * as linalgExt from "./specs/linalg-ext.js";
import * as linalgBlin from "./specs/linalg-blin.js";
import * as mathExtra from "./specs/math-extra.js";
import * as movement from "./specs/movement.js";
import * as reduce from "./specs/reduce.js";
import * as bin from "./specs/bin.js";
import type { ErrorRow, OpRow } from "./specs/types.js";

const families = {
  bspec,
  creation,
  elementwise,
  indexing,
  linalg,
  linalgExt,
  linalgBlin,
  mathExtra,
  movement,
  reduce,
  bin,
  brnn,
};

export const ROWS: OpRow[] = Object.values(families).flatMap((f) => f.rows);
export const ERRORS: ErrorRow[] = Object.values(families).flatMap((f) => f.errors);
export type { OpRow, ErrorRow };
