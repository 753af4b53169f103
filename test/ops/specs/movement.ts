/** Op-spec rows for shape/movement ops (fixtures: scripts/fixtures/ops_movement.py). */
import * as torch from "../../../src/index.js";
import type { ErrorRow, OpRow } from "./types.js";

const all = [0];

export const rows: OpRow[] = [
  { op: "reshape", fn: ([x], a) => (a.t ? x!.t() : x!).reshape(a.shape), grad: all },
  { op: "view", fn: ([x], a) => x!.view(a.shape), grad: all },
  { op: "flatten", fn: ([x], a) => x!.flatten(a.start, a.end), grad: all },
  { op: "unflatten", fn: ([x], a) => x!.unflatten(a.dim, a.sizes), grad: all },
  { op: "transpose", fn: ([x], a) => x!.transpose(a.d0, a.d1), grad: all },
  { op: "t", fn: ([x]) => x!.t(), grad: all },
  { op: "permute", fn: ([x], a) => x!.permute(a.dims), grad: all },
  { op: "movedim", fn: ([x], a) => x!.movedim(a.src, a.dst), grad: all },
  { op: "swapaxes", fn: ([x], a) => x!.swapaxes(a.d0, a.d1), grad: all },
  { op: "T", fn: ([x]) => x!.T, grad: all },
  { op: "mT", fn: ([x]) => x!.mT, grad: all },
  { op: "unsqueeze", fn: ([x], a) => x!.unsqueeze(a.dim), grad: all },
  { op: "squeeze", fn: ([x], a) => (a.dim === null ? x!.squeeze() : x!.squeeze(a.dim)), grad: all },
  { op: "expand", fn: ([x], a) => x!.expand(a.sizes), grad: all },
  { op: "broadcastTo", fn: ([x], a) => torch.broadcastTo(x!, a.shape), grad: all },
  { op: "expandAs", fn: ([x, y]) => x!.expandAs(y!), grad: [0, 1] },
  { op: "broadcastTensors", fn: (xs) => torch.broadcastTensors(xs), grad: [0, 1, 2] },
  { op: "narrow", fn: ([x], a) => x!.narrow(a.dim, a.start, a.length), grad: all },
  { op: "select", fn: ([x], a) => x!.select(a.dim, a.index), grad: all },
  { op: "unbind", fn: ([x], a) => x!.unbind(a.dim), grad: all },
  { op: "clone", fn: ([x]) => x!.clone(), grad: all },
  { op: "contiguous", fn: ([x], a) => (a?.t ? x!.t().contiguous() : x!.contiguous()), grad: all },
  { op: "cat", fn: (xs, a) => torch.cat(xs, a.dim), grad: [0, 1] },
  { op: "cat3", fn: (xs, a) => torch.cat(xs, a.dim), grad: [0, 1, 2] },
  { op: "stack", fn: (xs, a) => torch.stack(xs, a.dim), grad: [0, 1] },
  { op: "hstack", fn: (xs) => torch.hstack(xs), grad: [0, 1] },
  { op: "vstack", fn: (xs) => torch.vstack(xs), grad: [0, 1] },
  { op: "split", fn: ([x], a) => x!.split(a.size, a.dim), grad: all },
  { op: "chunk", fn: ([x], a) => x!.chunk(a.n, a.dim), grad: all },
  { op: "tensorSplit", fn: ([x], a) => torch.tensorSplit(x!, a.sec, a.dim), grad: all },
  { op: "flip", fn: ([x], a) => x!.flip(a.dims), grad: all },
  { op: "roll", fn: ([x], a) => x!.roll(a.shifts, a.dims ?? undefined), grad: all },
  { op: "repeat", fn: ([x], a) => x!.repeat(a.sizes), grad: all },
  { op: "tile", fn: ([x], a) => x!.tile(a.dims), grad: all },
  {
    op: "repeatInterleave",
    fn: ([x], a) => x!.repeatInterleave(Array.isArray(a.reps) ? torch.tensor(a.reps) : a.reps, a.dim ?? undefined),
    grad: all,
  },
];

const x23 = (): torch.Tensor => torch.zeros(2, 3);

export const errors: ErrorRow[] = [
  {
    name: "view after transpose",
    run: () => x23().t().view(6),
    match:
      /^\[view\] view size is not compatible with input tensor's size and stride .* Use \.reshape\(\.\.\.\) instead\.$/,
  },
  {
    name: "reshape bad size",
    run: () => x23().reshape(4, -1),
    match: /^\[reshape\] shape '\[4,-1\]' is invalid for input of size 6/,
  },
  { name: "reshape two -1", run: () => x23().reshape(-1, -1), match: /only one dimension can be inferred/ },
  { name: "transpose dim", run: () => x23().transpose(0, 2), match: /^\[transpose\] dimension out of range: got 2/ },
  {
    name: "t on 3-D",
    run: () => torch.zeros(1, 2, 3).t(),
    match: /^\[t\] t\(\) expects a tensor with <= 2 dimensions: got 3D/,
  },
  { name: "permute length", run: () => x23().permute(0), match: /^\[permute\] number of dims don't match/ },
  { name: "permute repeat", run: () => x23().permute(0, 0), match: /^\[permute\] repeated dim/ },
  {
    name: "expand non-singleton",
    run: () => x23().expand(3, 3),
    match:
      /^\[expand\] the expanded size of the tensor \(3\) must match the existing size \(2\) at non-singleton dimension 0/,
  },
  { name: "expand fewer sizes", run: () => x23().expand(3), match: /^\[expand\] the number of sizes provided \(1\)/ },
  { name: "squeeze dim", run: () => x23().squeeze(2), match: /^\[squeeze\] dimension out of range/ },
  {
    name: "narrow too long",
    run: () => x23().narrow(1, 2, 2),
    match: /^\[narrow\] start \(2\) \+ length \(2\) exceeds dimension size \(3\)/,
  },
  {
    name: "select index",
    run: () => x23().select(0, 2),
    match: /^\[select\] index 2 is out of bounds for dimension 0 with size 2/,
  },
  { name: "cat empty list", run: () => torch.cat([]), match: /^\[cat\] expected a non-empty list of Tensors/ },
  {
    name: "cat 0-d",
    run: () => torch.cat([torch.tensor(1)]),
    match: /^\[cat\] zero-dimensional tensor \(at position 0\) cannot be concatenated/,
  },
  {
    name: "cat sizes",
    run: () => torch.cat([x23(), torch.zeros(2, 2)]),
    match:
      /^\[cat\] Sizes of tensors must match except in dimension 0: expected size 3 but got size 2 for tensor number 1/,
  },
  {
    name: "cat ndim",
    run: () => torch.cat([x23(), torch.zeros(3)]),
    match: /^\[cat\] Tensors must have same number of dimensions: got 2 and 1/,
  },
  {
    name: "stack sizes",
    run: () => torch.stack([x23(), torch.zeros(3, 2)]),
    match: /^\[stack\] stack expects each tensor to be equal size, but got \[2,3\] at entry 0 and \[3,2\] at entry 1/,
  },
  {
    name: "split sizes sum",
    run: () => x23().split([1, 1], 1),
    match: /^\[split\] split_with_sizes expects split_sizes to sum exactly to 3/,
  },
  { name: "chunk zero", run: () => x23().chunk(0), match: /^\[chunk\] chunk expects `chunks` to be greater than 0/ },
  {
    name: "repeat too few",
    run: () => x23().repeat(2),
    match: /^\[repeat\] number of dimensions of repeat dims can not be smaller/,
  },
  { name: "roll mismatch", run: () => x23().roll([1, 2], [0]), match: /^\[roll\] shifts and dimensions must align/ },
  { name: "flip repeated dim", run: () => x23().flip(0, 0), match: /^\[flip\] dim 0 appears multiple times/ },
  {
    name: "unflatten sizes",
    run: () => x23().unflatten(1, [2, 2]),
    match: /^\[unflatten\] shape '\[2,2\]' is invalid for input of size 3/,
  },
  {
    name: "movedim count",
    run: () => torch.zeros(1, 2, 3).movedim([0, 1], [2]),
    match: /^\[movedim\] Invalid source or destination dims/,
  },
  { name: "reshape non-integer", run: () => x23().reshape(1.5, 4), match: /^\[reshape\] sizes must be integers/ },
];
