/** Op-spec rows for the reduce family: reductions, scans, softmax/norm composites and sorting. */
import * as torch from "../../../src/index.js";
import type { Args, ErrorRow, OpRow } from "./types.js";

type T = torch.Tensor;
type Loose<R> = (x: T, ...a: unknown[]) => R;
const opt = (a: Args) => (a.dtype ? { dtype: a.dtype } : undefined);
const dimOr = (a: Args) => (a.dim === undefined ? undefined : a.dim);
const normP = (p: unknown) => (p === "inf" ? Infinity : p === "-inf" ? -Infinity : p);
const pair = (r: torch.ValuesIndices): T[] => [r[0], r[1]];

function varArgs(a: Args): unknown[] {
  const o: { correction?: number; keepdim?: boolean } = {};
  if (a.correction !== undefined) o.correction = a.correction;
  if (a.keepdim !== undefined) o.keepdim = a.keepdim;
  if (a.dim === undefined && a.correction === undefined && a.keepdim === undefined) {
    return a.unbiased === undefined ? [] : [a.unbiased]; // var(x) / var(x, unbiased)
  }
  return [a.dim ?? null, a.unbiased, undefined, o];
}

export const rows: OpRow[] = [
  { op: "sum", fn: ([x], a) => (a.dim === undefined ? x!.sum(opt(a)) : x!.sum(a.dim, a.keepdim, opt(a))), grad: [0] },
  {
    op: "prod",
    fn: ([x], a) => (a.dim === undefined ? x!.prod(opt(a)) : x!.prod(a.dim, a.keepdim, opt(a))),
    grad: [0],
  },
  { op: "amax", fn: ([x], a) => x!.amax(dimOr(a), a.keepdim), grad: [0] },
  { op: "amin", fn: ([x], a) => x!.amin(dimOr(a), a.keepdim), grad: [0] },
  { op: "max_full", fn: ([x]) => x!.max(), grad: [0] },
  { op: "min_full", fn: ([x]) => x!.min(), grad: [0] },
  { op: "max_dim", fn: ([x], a) => pair(x!.max(a.dim, a.keepdim)), grad: [0] },
  { op: "min_dim", fn: ([x], a) => pair(x!.min(a.dim, a.keepdim)), grad: [0] },
  { op: "max_binary", fn: ([x, y]) => torch.max(x!, y!), grad: [0, 1] },
  { op: "min_binary", fn: ([x, y]) => x!.min(y!), grad: [0, 1] },
  { op: "argmax", fn: ([x], a) => x!.argmax(dimOr(a), a.keepdim) },
  { op: "argmin", fn: ([x], a) => torch.argmin(x!, dimOr(a), a.keepdim) },
  { op: "all", fn: ([x], a) => x!.all(dimOr(a), a.keepdim) },
  { op: "any", fn: ([x], a) => torch.any(x!, dimOr(a), a.keepdim) },
  { op: "cumsum", fn: ([x], a) => x!.cumsum(a.dim, opt(a)), grad: [0] },
  { op: "cumprod", fn: ([x], a) => torch.cumprod(x!, a.dim, opt(a)), grad: [0] },
  {
    op: "mean",
    fn: ([x], a) => (a.dim === undefined ? x!.mean(opt(a)) : x!.mean(a.dim, a.keepdim, opt(a))),
    grad: [0],
  },
  { op: "var", fn: ([x], a) => (x!.var as (...r: unknown[]) => T)(...varArgs(a)), grad: [0] },
  { op: "std", fn: ([x], a) => (torch.std as Loose<T>)(x!, ...varArgs(a)), grad: [0] },
  { op: "var_mean", fn: ([x], a) => (torch.varMean as Loose<T[]>)(x!, ...varArgs(a)), grad: [0] },
  { op: "std_mean", fn: ([x], a) => (torch.stdMean as Loose<T[]>)(x!, ...varArgs(a)), grad: [0] },
  { op: "nansum", fn: ([x], a) => x!.nansum(dimOr(a), a.keepdim), grad: [0] },
  { op: "nanmean", fn: ([x], a) => torch.nanmean(x!, dimOr(a), a.keepdim), grad: [0] },
  { op: "count_nonzero", fn: ([x], a) => x!.countNonzero(dimOr(a)) },
  { op: "logsumexp", fn: ([x], a) => x!.logsumexp(a.dim, a.keepdim), grad: [0] },
  { op: "softmax", fn: ([x], a) => x!.softmax(a.dim, opt(a)), grad: [0] },
  { op: "logSoftmax", fn: ([x], a) => torch.logSoftmax(x!, a.dim, opt(a)), grad: [0] },
  {
    op: "norm",
    fn: ([x], a) => x!.norm(normP(a.p ?? 2) as torch.NormOrder, dimOr(a), a.keepdim, opt(a)),
    grad: [0],
  },
  {
    op: "sort",
    fn: ([x], a) => pair(x!.sort(a.dim ?? -1, a.descending ?? false, { stable: a.stable ?? false })),
    grad: [0],
  },
  { op: "argsort", fn: ([x], a) => x!.argsort(a.dim ?? -1, a.descending ?? false) },
  { op: "msort", fn: ([x]) => torch.msort(x!), grad: [0] },
  { op: "topk", fn: ([x], a) => pair(x!.topk(a.k, a.dim ?? -1, a.largest ?? true)), grad: [0] },
  { op: "kthvalue", fn: ([x], a) => pair(x!.kthvalue(a.k, a.dim ?? -1, a.keepdim ?? false)), grad: [0] },
  { op: "median_full", fn: ([x]) => x!.median(), grad: [0] },
  { op: "median_dim", fn: ([x], a) => pair(torch.median(x!, a.dim, a.keepdim)), grad: [0] },
  {
    op: "unique",
    fn: ([x], a) =>
      torch.unique(x!, { sorted: true, returnInverse: !!a.inverse, returnCounts: !!a.counts, dim: a.dim ?? null }),
  },
];

const x23 = () => torch.ones([2, 3]);

export const errors: ErrorRow[] = [
  {
    name: "sum dim out of range",
    run: () => x23().sum(3),
    match: /^\[sum\] dimension out of range: got 3, expected to be in range of \[-2, 1\]$/,
  },
  { name: "sum repeated dims", run: () => x23().sum([0, -2]), match: /^\[sum\] dim 0 appears multiple times/ },
  {
    name: "sum 0-d dim 1",
    run: () => torch.tensor(1).sum(1),
    match: /^\[sum\] dimension out of range: got 1, expected to be in range of \[-1, 0\]/,
  },
  {
    name: "prod dim list",
    run: () => x23().prod([0, 1] as unknown as number),
    match: /^\[prod\] dim must be a single number/,
  },
  {
    name: "max of empty",
    run: () => torch.zeros([0]).max(),
    match: /^\[max\] cannot reduce an empty tensor without a dim/,
  },
  { name: "amax of empty", run: () => torch.zeros([0, 3]).amax(), match: /^\[amax\] cannot reduce an empty tensor/ },
  {
    name: "amax over empty dim",
    run: () => torch.zeros([0, 3]).amax(0),
    match: /^\[amax\] reduction dim 0 of an empty tensor has size 0/,
  },
  {
    name: "max over empty dim",
    run: () => torch.zeros([2, 0]).max(1),
    match: /^\[max\] reduction dim 1 of an empty tensor has size 0/,
  },
  {
    name: "argmax of empty",
    run: () => torch.zeros([0, 3]).argmax(),
    match: /^\[argmax\] cannot reduce an empty tensor/,
  },
  {
    name: "argmax of bool",
    run: () => torch.tensor([true, false]).argmax(),
    match: /^\[argmax\] not implemented for bool/,
  },
  { name: "min dim out of range", run: () => x23().min(2), match: /^\[min\] dimension out of range: got 2/ },
  {
    name: "mean of ints",
    run: () => torch.tensor([1, 2]).mean(),
    match: /^\[mean\] could not infer output dtype: got Long input, expected a floating point dtype; pass \{ dtype/,
  },
  {
    name: "mean of bool",
    run: () => torch.tensor([true]).mean(0),
    match: /^\[mean\] could not infer output dtype: got Bool/,
  },
  {
    name: "var of ints",
    run: () => torch.tensor([1, 2]).var(),
    match: /^\[var\] std and var only support floating point/,
  },
  {
    name: "std unbiased and correction",
    run: () => torch.std(x23(), 0, true, false, { correction: 0 }),
    match: /^\[std\] cannot pass both correction and unbiased/,
  },
  {
    name: "norm of ints",
    run: () => torch.tensor([1, 2]).norm(),
    match: /^\[norm\] input dtype should be floating point: got int64/,
  },
  {
    name: "norm nuc",
    run: () => x23().norm("nuc" as unknown as number),
    match: /^\[norm\] unsupported norm order: got nuc/,
  },
  {
    name: "softmax of ints",
    run: () => torch.tensor([1, 2]).softmax(0),
    match: /^\[softmax\] expected a floating point tensor: got int64; pass \{ dtype/,
  },
  {
    name: "logSoftmax without dim",
    run: () => torch.logSoftmax(x23(), undefined as unknown as number),
    match: /^\[logSoftmax\] dim is required/,
  },
  {
    name: "cumsum dim out of range",
    run: () => torch.tensor([1, 2]).cumsum(2),
    match: /^\[cumsum\] dimension out of range: got 2, expected to be in range of \[-1, 0\]/,
  },
  {
    name: "topk k too large",
    run: () => torch.tensor([1, 2]).topk(3),
    match: /^\[topk\] selected index k out of range: got k=3, expected 0 <= k <= 2/,
  },
  {
    name: "topk k negative",
    run: () => torch.tensor([1, 2]).topk(-1),
    match: /^\[topk\] selected index k out of range/,
  },
  {
    name: "kthvalue k too large",
    run: () => torch.tensor([1, 2]).kthvalue(3),
    match: /^\[kthvalue\] selected number k out of range for dimension 0: got k=3/,
  },
  {
    name: "kthvalue k zero",
    run: () => torch.tensor([1, 2]).kthvalue(0),
    match: /^\[kthvalue\] selected number k out of range/,
  },
  { name: "sort dim out of range", run: () => x23().sort(2), match: /^\[sort\] dimension out of range: got 2/ },
  {
    name: "median over empty dim",
    run: () => torch.zeros([2, 0]).median(1),
    match: /^\[median\] reduction dim 1 of an empty tensor has size 0/,
  },
  {
    name: "unique dim out of range",
    run: () => x23().unique({ dim: 2 }),
    match: /^\[unique\] dimension out of range: got 2/,
  },
  {
    name: "sum of a non-tensor",
    run: () => torch.sum([1, 2] as unknown as T),
    match: /^\[sum\] expected a Tensor: got an array/,
  },
];
