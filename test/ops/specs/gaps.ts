/**
 * Declared ops without a row in the op-spec table or without PyTorch fixture cases, each with
 * the reason and where it is tested instead. `coverage.test.ts` fails on an op missing from both
 * the table and this list, and on an entry here that no longer applies.
 */
export const SPEC_GAPS: Readonly<Record<string, string>> = {};
