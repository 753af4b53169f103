/** Op-spec rows for the creation family. */
import type { ErrorRow, OpRow } from "./types.js";

export const rows: OpRow[] = [];

export const errors: ErrorRow[] = [];
