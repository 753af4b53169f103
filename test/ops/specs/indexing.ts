/** Op-spec rows for the indexing family. */
import type { ErrorRow, OpRow } from "./types.js";

export const rows: OpRow[] = [];

export const errors: ErrorRow[] = [];
