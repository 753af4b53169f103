/**
 * Op-spec rows for the "bin" breadth names (fixtures: scripts/fixtures/bin.py): Tensor in-place
 * methods, in-place view ops, fillDiagonal_, F's in-place activations, bit shifts, hardshrink,
 * prelu, torch.fill and torch.mode. In-place rows write into a clone of their (leaf) input, as
 * the fixtures do, so gradients reach the input through the write.
 */
import * as torch from "../../../src/index.js";
import type { Args, ErrorRow, OpRow } from "./types.js";

type T = torch.Tensor;
const F = torch.nn.functional;
const opts = (a: Args): { beta?: number; alpha?: number } | undefined =>
  a.beta === undefined ? undefined : { beta: a.beta, alpha: a.alpha };
/** The case's index list, on the input's device (PyTorch's index ops take it there, not on the CPU). */
const index = (a: Args, x: T): T => torch.tensor(a.index as number[], { dtype: "int64", device: x.device });

export const rows: OpRow[] = [
  { op: "addmm_", fn: ([x, a, b], k) => x!.clone().addmm_(a!, b!, opts(k)), grad: [0, 1, 2] },
  { op: "addmv_", fn: ([x, a, b], k) => x!.clone().addmv_(a!, b!, opts(k)), grad: [0, 1, 2] },
  { op: "addr_", fn: ([x, a, b], k) => x!.clone().addr_(a!, b!, opts(k)), grad: [0, 1, 2] },
  { op: "baddbmm_", fn: ([x, a, b], k) => x!.clone().baddbmm_(a!, b!, opts(k)), grad: [0, 1, 2] },
  { op: "addbmm_", fn: ([x, a, b], k) => x!.clone().addbmm_(a!, b!, opts(k)), grad: [0, 1, 2] },
  { op: "cumsum_", fn: ([x], a) => x!.clone().cumsum_(a.dim), grad: [0] },
  { op: "cumprod_", fn: ([x], a) => x!.clone().cumprod_(a.dim), grad: [0] },
  {
    op: "indexAdd_",
    fn: ([x, s], a) =>
      x!.clone().indexAdd_(a.dim, index(a, x!), s!, a.alpha === undefined ? undefined : { alpha: a.alpha }),
    grad: [0, 1],
  },
  { op: "indexCopy_", fn: ([x, s], a) => x!.clone().indexCopy_(a.dim, index(a, x!), s!), grad: [0, 1] },
  { op: "indexFill_", fn: ([x], a) => x!.clone().indexFill_(a.dim, index(a, x!), a.value), grad: [0] },
  { op: "t_", fn: ([x]) => x!.clone().t_(), grad: [0] },
  { op: "transpose_", fn: ([x], a) => x!.clone().transpose_(a.dim0, a.dim1), grad: [0] },
  { op: "swapaxes_", fn: ([x], a) => x!.clone().swapaxes_(a.dim0, a.dim1), grad: [0] },
  { op: "swapdims_", fn: ([x], a) => x!.clone().swapdims_(a.dim0, a.dim1), grad: [0] },
  {
    op: "squeeze_",
    fn: ([x], a) => (a.dim === undefined ? x!.clone().squeeze_() : x!.clone().squeeze_(a.dim)),
    grad: [0],
  },
  { op: "unsqueeze_", fn: ([x], a) => x!.clone().unsqueeze_(a.dim), grad: [0] },
  { op: "fillDiagonal_", fn: ([x], a) => x!.clone().fillDiagonal_(a.value, a.wrap ?? false), grad: [0] },
  { op: "F.relu_", fn: ([x]) => F.relu_(x!.clone()), grad: [0] },
  { op: "F.elu_", fn: ([x], a) => F.elu_(x!.clone(), a.alpha), grad: [0] },
  { op: "F.selu_", fn: ([x]) => F.selu_(x!.clone()), grad: [0] },
  { op: "F.celu_", fn: ([x], a) => F.celu_(x!.clone(), a.alpha), grad: [0] },
  { op: "F.leakyRelu_", fn: ([x], a) => F.leakyRelu_(x!.clone(), a.negativeSlope), grad: [0] },
  { op: "F.hardtanh_", fn: ([x], a) => F.hardtanh_(x!.clone(), a.minVal, a.maxVal), grad: [0] },
  { op: "F.threshold_", fn: ([x], a) => F.threshold_(x!.clone(), a.threshold, a.value), grad: [0] },
  { op: "F.rrelu_", fn: ([x], a) => F.rrelu_(x!.clone(), a.lower, a.upper, false), grad: [0] },
  {
    op: "bitwiseLeftShift",
    fn: ([x, y], a) =>
      a.self !== undefined
        ? torch.bitwiseLeftShift(a.self, x!)
        : torch.bitwiseLeftShift(x!, a.other !== undefined ? a.other : y!),
  },
  {
    op: "bitwiseRightShift",
    fn: ([x, y], a) =>
      a.self !== undefined
        ? torch.bitwiseRightShift(a.self, x!)
        : x!.bitwiseRightShift(a.other !== undefined ? a.other : y!),
  },
  { op: "bitwiseLeftShift_", fn: ([x, y], a) => x!.clone().bitwiseLeftShift_(a.other ?? y!) },
  { op: "bitwiseRightShift_", fn: ([x, y], a) => x!.clone().bitwiseRightShift_(a.other ?? y!) },
  {
    op: "hardshrink",
    fn: ([x], a) => (a.lambd === undefined ? torch.hardshrink(x!) : x!.hardshrink(a.lambd)),
    grad: [0],
  },
  { op: "prelu", fn: ([x, w]) => x!.prelu(w!), grad: [0, 1] },
  { op: "fill", fn: ([x, v], a) => torch.fill(x!, a.tensorValue ? v! : a.value), grad: [0, 1] },
  {
    op: "mode",
    fn: ([x], a) => {
      const [v, i] = a.dim === undefined ? torch.mode(x!) : x!.mode(a.dim, a.keepdim ?? false);
      return [v, i];
    },
    grad: [0],
    skipGradcheck: "the mode's position is fixed by the fixture's ties; a perturbation moves it",
  },
  { op: "numpy", fn: ([x]) => x!.numpy() },
];

export const errors: ErrorRow[] = [];
