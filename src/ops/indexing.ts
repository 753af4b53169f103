/**
 * Indexing: `index`/`indexPut_` with PyTorch's full vocabulary (indexing-core.ts; guide in
 * docs/indexing.md) and the along-a-dim ops gather/scatter/indexSelect/… (indexing-gather.ts).
 */
export { type Index, type Slice, slice, index, indexPut, indexPut_ } from "./indexing-core.js";
export {
  type ScatterOptions,
  gather,
  scatter,
  scatter_,
  scatterAdd,
  scatterAdd_,
  indexSelect,
  indexAdd,
  indexCopy,
  indexFill,
  maskedSelect,
  take,
  nonzero,
  argwhere,
} from "./indexing-gather.js";
