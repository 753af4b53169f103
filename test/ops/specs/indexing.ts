/** Op-spec rows for indexing (fixtures: scripts/fixtures/ops_indexing.py). */
import * as torch from "../../../src/index.js";
import type { Index } from "../../../src/index.js";
import type { Args, ErrorRow, OpRow } from "./types.js";

/** Decodes the fixture's JSON index items (see ops_indexing.py) into antorcha indices. */
function items(a: Args[], xs: torch.Tensor[]): Index[] {
  return a.map((it: Args): Index => {
    if (it !== null && typeof it === "object") {
      if ("slice" in it) return torch.slice(...(it.slice as [number | null, number | null, number | null]));
      if ("input" in it) return xs[it.input]!;
      if ("list" in it) return it.list;
    }
    return it;
  });
}

function put(xs: torch.Tensor[], a: Args): torch.Tensor {
  const v = "value" in a ? xs[a.value]! : a.scalar;
  return torch.indexPut(xs[0]!, items(a.indices, xs), v, a.accumulate ?? false);
}

export const rows: OpRow[] = [
  { op: "index", fn: (xs, a) => xs[0]!.index(...items(a, xs)), grad: [0] },
  { op: "indexPut", fn: put, grad: [0, 1] },
  { op: "gather", fn: ([x, i], a) => x!.gather(a.dim, i!), grad: [0] },
  { op: "scatter", fn: ([x, i, s], a) => x!.scatter(a.dim, i!, s!), grad: [0, 2] },
  { op: "scatterValue", fn: ([x, i], a) => x!.scatter(a.dim, i!, a.value), grad: [0] },
  { op: "scatterAdd", fn: ([x, i, s], a) => x!.scatterAdd(a.dim, i!, s!), grad: [0, 2] },
  { op: "scatterWithReduce", fn: ([x, i, s], a) => x!.scatter(a.dim, i!, s!, { reduce: a.reduce }) },
  { op: "indexSelect", fn: ([x, i], a) => x!.indexSelect(a.dim, i!), grad: [0] },
  { op: "indexAdd", fn: ([x, i, s], a) => x!.indexAdd(a.dim, i!, s!, { alpha: a.alpha ?? 1 }), grad: [0, 2] },
  { op: "indexCopy", fn: ([x, i, s], a) => x!.indexCopy(a.dim, i!, s!), grad: [0, 2] },
  { op: "indexFill", fn: ([x, i], a) => x!.indexFill(a.dim, i!, a.value), grad: [0] },
  { op: "maskedSelect", fn: ([x, m]) => x!.maskedSelect(m!), grad: [0] },
  { op: "take", fn: ([x, i]) => x!.take(i!), grad: [0] },
  { op: "nonzero", fn: ([x]) => x!.nonzero() },
  { op: "nonzeroTuple", fn: ([x]) => x!.nonzero({ asTuple: true }) },
  { op: "argwhere", fn: ([x]) => torch.argwhere(x!) },
];

const x234 = (): torch.Tensor => torch.zeros(2, 3, 4);
const long = (...v: number[]): torch.Tensor => torch.tensor(v, { dtype: "int64" });

export const errors: ErrorRow[] = [
  {
    name: "index int out of bounds",
    run: () => x234().index(5),
    match: /^\[index\] index 5 is out of bounds for dimension 0 with size 2$/,
  },
  {
    name: "index int out of bounds dim 1",
    run: () => x234().index(0, 5),
    match: /^\[index\] index 5 is out of bounds for dimension 1 with size 3$/,
  },
  {
    name: "index tensor out of bounds",
    run: () => x234().index(":", [0, 5]),
    match: /^\[index\] index 5 is out of bounds for dimension 0 with size 3$/,
  },
  {
    name: "index negative out of bounds",
    run: () => x234().index(":", ":", [-5]),
    match: /index -5 is out of bounds for dimension 0 with size 4/,
  },
  {
    name: "index too many",
    run: () => x234().index(0, 0, 0, 0),
    match: /^\[index\] too many indices for tensor of dimension 3$/,
  },
  { name: "index negative step", run: () => x234().index("::-1"), match: /^\[index\] step must be greater than zero/ },
  { name: "index two ellipses", run: () => x234().index("...", "..."), match: /single ellipsis/ },
  { name: "index bad string", run: () => x234().index("a:b"), match: /^\[index\] invalid index string "a:b"/ },
  { name: "index float", run: () => x234().index(1.5), match: /^\[index\] only integers, slices/ },
  {
    name: "index float tensor",
    run: () => x234().index(torch.tensor([1.5])),
    match: /must be long, byte or bool tensors: got float32/,
  },
  {
    name: "index int32 tensor",
    run: () => x234().index(torch.tensor([1], { dtype: "int32" })),
    match: /must be long, byte or bool tensors: got int32/,
  },
  {
    name: "index mask shape",
    run: () => x234().index(torch.tensor([true, false, true])),
    match:
      /^\[index\] The shape of the mask \[3\] at index 0 does not match the shape of the indexed tensor \[2,3,4\] at index 0$/,
  },
  {
    name: "index broadcast",
    run: () => x234().index([0, 1], [0, 1, 2]),
    match: /^\[index\] shape mismatch: indexing tensors could not be broadcast together with shapes \[2\], \[3\]$/,
  },
  {
    name: "indexPut_ value shape",
    run: () => x234().indexPut_([[0, 1]], torch.ones(3, 3, 4)),
    match:
      /^\[indexPut_\] shape mismatch: value tensor of shape \[3,3,4\] cannot be broadcast to indexing result of shape \[2,3,4\]$/,
  },
  {
    name: "indexPut_ basic value shape",
    run: () => x234().indexPut_([0], torch.ones(2, 4)),
    match: /^\[indexPut_\] shape mismatch: value tensor of shape \[2,4\]/,
  },
  {
    name: "indexPut_ out of bounds",
    run: () => x234().indexPut_([[3]], 1),
    match: /^\[indexPut_\] index 3 is out of bounds for dimension 0 with size 2$/,
  },
  {
    name: "indexPut_ leaf requiring grad",
    run: () => x234().requiresGrad_().indexPut_([0], 1),
    match: /^\[indexPut_\] a leaf Variable that requires grad/,
  },
  {
    name: "gather int32 index",
    run: () => x234().gather(0, torch.zeros(1, 1, 1, { dtype: "int32" })),
    match: /^\[gather\] expected dtype int64 for index: got int32$/,
  },
  {
    name: "gather rank",
    run: () => x234().gather(0, long(0)),
    match: /^\[gather\] index tensor must have the same number of dimensions as input tensor/,
  },
  {
    name: "gather out of bounds",
    run: () => x234().gather(0, torch.full([1, 1, 1], 5)),
    match: /^\[gather\] index 5 is out of bounds for dimension 0 with size 2$/,
  },
  {
    name: "gather index too large",
    run: () => x234().gather(0, torch.zeros([1, 5, 1], { dtype: "int64" })),
    match: /^\[gather\] size does not match at dimension 1/,
  },
  {
    name: "scatter bad reduce",
    run: () => x234().scatter(0, torch.zeros([1, 1, 1], { dtype: "int64" }), 1, { reduce: "max" as never }),
    match: /^\[scatter\] reduce argument must be either add or multiply/,
  },
  {
    name: "indexSelect 2-D index",
    run: () => x234().indexSelect(0, torch.zeros([1, 1], { dtype: "int64" })),
    match: /^\[indexSelect\] index must be one-dimensional/,
  },
  {
    name: "indexSelect out of bounds",
    run: () => x234().indexSelect(1, long(3)),
    match: /^\[indexSelect\] index 3 is out of bounds for dimension 1 with size 3$/,
  },
  {
    name: "indexCopy source shape",
    run: () => x234().indexCopy(0, long(0), torch.ones(2, 3, 4)),
    match: /^\[indexCopy\] source shape \[2,3,4\] does not match the expected shape \[1,3,4\]$/,
  },
  {
    name: "maskedSelect non-bool",
    run: () => x234().maskedSelect(torch.ones(4)),
    match: /^\[maskedSelect\] expected mask to have dtype bool: got float32$/,
  },
  {
    name: "take out of bounds",
    run: () => x234().take(long(24)),
    match: /^\[take\] index 24 is out of bounds for dimension 0 with size 24$/,
  },
];
