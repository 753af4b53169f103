/**
 * Declared ops without a row in the op-spec table or without PyTorch fixture cases, each with
 * the reason and where it is tested instead. `coverage.test.ts` fails on an op missing from both
 * the table and this list, and on an entry here that no longer applies.
 */
export const SPEC_GAPS: Readonly<Record<string, string>> = {
  max: "three call forms, three rows: max_full, max_dim, max_binary (fixtures ops_reduce.py)",
  min: "three call forms, three rows: min_full, min_dim, min_binary (fixtures ops_reduce.py)",
  median: "two call forms, two rows: median_full, median_dim (fixtures ops_reduce.py)",
  indexPut_: "in-place form of indexPut, whose row drives it (fixtures ops_indexing.py)",
  scatter_: "in-place forms covered by the scatter/scatterValue/scatterWithReduce rows",
  scatterAdd_: "in-place form of scatterAdd, whose row drives it",
  reshapeAs: "reshape(other.shape) (reshape is specced); no PyTorch fixture yet",
  viewAs: "view(other.shape) (view is specced); no PyTorch fixture yet",
  type: "dtype conversion by name, checked in test/ops/convert.test.ts against the `to` rows",
  unfold: "Tensor.unfold windows, checked in test/nn/conv.test.ts (conv's im2col uses it)",
};
