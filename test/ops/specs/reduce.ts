/** Op-spec rows for the reduce family. */
import type { ErrorRow, OpRow } from "./types.js";

export const rows: OpRow[] = [];

export const errors: ErrorRow[] = [];
