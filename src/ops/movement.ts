/**
 * Shape and movement ops: views (movement-view.ts, movement-slice.ts), copying moves (movement-copy.ts), and
 * joining/splitting (join.ts). Views share storage with their input, like PyTorch.
 */
export {
  type SizeArgs,
  view,
  reshape,
  viewAs,
  reshapeAs,
  flatten,
  unflatten,
  transpose,
  swapaxes,
  swapdims,
  t,
  permute,
  movedim,
  moveaxis,
  unsqueeze,
  squeeze,
} from "./movement-view.js";
export { expand, expandAs, broadcastTo, narrow, select } from "./movement-slice.js";
export { clone, contiguous, flip, roll, repeat, tile, repeatInterleave, broadcastTensors } from "./movement-copy.js";
export { cat, concat, concatenate, stack, hstack, vstack, split, chunk, tensorSplit, unbind } from "./join.js";
