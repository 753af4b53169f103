/** Op-spec rows for the movement family. */
import type { ErrorRow, OpRow } from "./types.js";

export const rows: OpRow[] = [];

export const errors: ErrorRow[] = [];
