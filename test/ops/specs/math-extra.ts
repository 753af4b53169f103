/** Op-spec rows for src/ops/math-extra.ts (fixtures: scripts/fixtures/ops_math_extra.py). */
import * as torch from "../../../src/index.js";
import type { Args, ErrorRow, OpRow } from "./types.js";

type T = torch.Tensor;
const list = (r: T | T[] | [T, T]): T[] => (Array.isArray(r) ? [...r] : [r]);
const nonSmooth = "non-smooth at ties between inputs (gradient picks one side)";

/** Frequencies of `n` draws per row with antorcha's generator (multinomial's fixture is its distribution). */
function frequencies(w: T, a: Args): T {
  torch.manualSeed(1234);
  const rows = w.dim() === 1 ? w.unsqueeze(0) : w;
  const k = rows.shape[1]!;
  const freq = rows.unbind(0).map((r) => {
    if (a.replacement)
      return torch
        .bincount(torch.multinomial(r, 20000, true), null, k)
        .to(w.dtype)
        .div(20000);
    const first = torch.multinomial(r.unsqueeze(0).expand([20000, k]).contiguous(), 1, false);
    return torch
      .bincount(first.reshape([-1]), null, k)
      .to(w.dtype)
      .div(20000);
  });
  return w.dim() === 1 ? freq[0]! : torch.stack(freq);
}

export const rows: OpRow[] = [
  { op: "logaddexp", fn: ([a, b]) => torch.logaddexp(a!, b!), grad: [0, 1] },
  { op: "logaddexp2", fn: ([a, b]) => a!.logaddexp2(b!), grad: [0, 1] },
  { op: "xlogy", fn: ([a, b]) => torch.xlogy(a!, b!), grad: [0, 1] },
  { op: "copysign", fn: ([a, b]) => torch.copysign(a!, b!), grad: [0] },
  { op: "fmax", fn: ([a, b]) => torch.fmax(a!, b!), grad: [0, 1] },
  { op: "fmin", fn: ([a, b]) => a!.fmin(b!), grad: [0, 1] },
  { op: "floatPower", fn: ([a, b]) => torch.floatPower(a!, b!), grad: [0, 1] },
  { op: "ldexp", fn: ([a, b]) => torch.ldexp(a!, b!), grad: [0] },
  { op: "heaviside", fn: ([a, b]) => torch.heaviside(a!, b!) },
  { op: "logit", fn: ([x], a) => (a.eps === undefined ? torch.logit(x!) : x!.logit(a.eps)), grad: [0] },
  {
    op: "nanToNum",
    fn: ([x], a) => (a.nan === undefined ? torch.nanToNum(x!) : x!.nanToNum(a.nan, a.posinf, a.neginf)),
    grad: [0],
  },
  { op: "frac", fn: ([x]) => torch.frac(x!), grad: [0] },
  { op: "deg2rad", fn: ([x]) => torch.deg2rad(x!), grad: [0] },
  { op: "rad2deg", fn: ([x]) => x!.rad2deg(), grad: [0] },
  { op: "asinh", fn: ([x]) => torch.asinh(x!), grad: [0], rtol: 1e-5, atol: 1e-6 },
  { op: "acosh", fn: ([x]) => x!.arccosh(), grad: [0], rtol: 1e-5, atol: 1e-6 },
  { op: "atanh", fn: ([x]) => torch.atanh(x!), grad: [0], rtol: 1e-5, atol: 1e-6 },
  { op: "signbit", fn: ([x]) => torch.signbit(x!) },
  { op: "positive", fn: ([x]) => x!.positive(), grad: [0] },
  {
    op: "diff",
    fn: ([x, p, ap], a) => {
      const opts = a.prepend ? { prepend: p!, append: ap! } : undefined;
      return torch.diff(x!, a.n ?? 1, a.dim ?? -1, opts);
    },
    grad: [0, 1, 2],
  },
  { op: "cummax", fn: ([x], a) => list(torch.cummax(x!, a.dim)), grad: [0], skipGradcheck: nonSmooth },
  { op: "cummin", fn: ([x], a) => list(x!.cummin(a.dim)), grad: [0], skipGradcheck: nonSmooth },
  {
    op: "trapezoid",
    fn: ([y, x], a) => (a.x ? torch.trapezoid(y!, x!) : torch.trapezoid(y!, { dx: a.dx ?? 1, dim: a.dim ?? -1 })),
    grad: [0, 1],
  },
  {
    op: "cumulativeTrapezoid",
    fn: ([y, x], a) =>
      a.x ? torch.cumulativeTrapezoid(y!, x!) : torch.cumulativeTrapezoid(y!, { dx: a.dx ?? 1, dim: a.dim ?? -1 }),
    grad: [0, 1],
  },
  { op: "kron", fn: ([x, y]) => torch.kron(x!, y!), grad: [0, 1] },
  { op: "tensordot", fn: ([x, y], a) => torch.tensordot(x!, y!, a.dims), grad: [0, 1] },
  { op: "einsum", fn: (xs, a) => torch.einsum(a.equation, ...xs), grad: [0, 1, 2], rtol: 1e-5, atol: 1e-5 },
  {
    op: "cdist",
    fn: ([x, y], a) => torch.cdist(x!, y!, a.p === "inf" ? Infinity : a.p),
    grad: [0, 1],
    rtol: 1e-5,
    atol: 1e-5,
  },
  { op: "bincount", fn: ([x, w], a) => (a.weights ? torch.bincount(x!, w!) : x!.bincount(null, a.minlength ?? 0)) },
  { op: "histc", fn: ([x], a) => torch.histc(x!, a.bins, a.min ?? 0, a.max ?? 0) },
  {
    op: "searchsorted",
    fn: ([s, v], a) =>
      torch.searchsorted(s!, v!, {
        ...(a.right !== undefined ? { right: a.right } : {}),
        ...(a.side !== undefined ? { side: a.side } : {}),
        ...(a.outInt32 !== undefined ? { outInt32: a.outInt32 } : {}),
      }),
  },
  {
    op: "bucketize",
    fn: ([x, b], a) => torch.bucketize(x!, b!, { right: a.right ?? false, outInt32: a.outInt32 ?? false }),
  },
  { op: "multinomial", fn: ([w], a) => frequencies(w!, a), atol: 0.03, rtol: 0 },
  { op: "rot90", fn: ([x], a) => torch.rot90(x!, a.k, a.dims), grad: [0] },
  { op: "diagEmbed", fn: ([x], a) => x!.diagEmbed(a.offset, a.dim1, a.dim2), grad: [0] },
  { op: "diag", fn: ([x], a) => torch.diag(x!, a.diagonal), grad: [0] },
  { op: "diagflat", fn: ([x], a) => x!.diagflat(a.offset), grad: [0] },
  { op: "atleast1d", fn: (xs, a) => list(a.several ? torch.atleast1d(...xs) : torch.atleast1d(xs[0]!)), grad: [0, 1] },
  { op: "atleast2d", fn: (xs, a) => list(a.several ? torch.atleast2d(xs) : torch.atleast2d(xs[0]!)), grad: [0, 1] },
  { op: "atleast3d", fn: (xs, a) => list(a.several ? torch.atleast3d(...xs) : torch.atleast3d(xs[0]!)), grad: [0, 1] },
  { op: "meshgrid", fn: (xs, a) => torch.meshgrid(...xs, { indexing: a.indexing }), grad: [0, 1, 2] },
  { op: "cartesianProd", fn: (xs) => torch.cartesianProd(...xs), grad: [0, 1, 2] },
  { op: "combinations", fn: ([x], a) => torch.combinations(x!, a.r, a.withReplacement), grad: [0] },
  { op: "trilIndices", fn: (_x, a) => torch.trilIndices(a.row, a.col, a.offset) },
  { op: "triuIndices", fn: (_x, a) => torch.triuIndices(a.row, a.col, a.offset) },
  { op: "vander", fn: ([x], a) => torch.vander(x!, a.N, a.increasing ?? false), grad: [0] },
  ...(["addmv", "addr", "baddbmm", "addbmm"] as const).map((op): OpRow => ({
    op,
    fn: ([i, a, b], args) => {
      const o = args.beta === undefined ? undefined : { beta: args.beta, alpha: args.alpha ?? 1 };
      return (torch[op] as (i: T, a: T, b: T, o?: { beta?: number; alpha?: number }) => T)(i!, a!, b!, o);
    },
    grad: [0, 1, 2],
  })),
  {
    op: "aminmax",
    fn: ([x], a) =>
      list(a.dim === undefined ? torch.aminmax(x!) : x!.aminmax({ dim: a.dim, keepdim: a.keepdim ?? false })),
  },
  { op: "blockDiag", fn: (xs) => torch.blockDiag(...xs), grad: [0, 1, 2] },
  { op: "columnStack", fn: (xs) => torch.columnStack(xs), grad: [0, 1] },
  { op: "dstack", fn: (xs) => torch.dstack(...xs), grad: [0, 1] },
  { op: "hsplit", fn: ([x], a) => x!.hsplit(a.sections), grad: [0] },
  { op: "vsplit", fn: ([x], a) => torch.vsplit(x!, a.sections), grad: [0] },
  { op: "dsplit", fn: ([x], a) => torch.dsplit(x!, a.sections), grad: [0] },
  { op: "fliplr", fn: ([x]) => x!.fliplr(), grad: [0] },
  { op: "flipud", fn: ([x]) => torch.flipud(x!), grad: [0] },
  { op: "ravel", fn: ([x]) => x!.ravel(), grad: [0] },
  { op: "splitWithSizes", fn: ([x], a) => torch.splitWithSizes(x!, a.sizes, a.dim), grad: [0] },
  {
    op: "cov",
    fn: ([x], a) => (a.correction === undefined ? torch.cov(x!) : x!.cov({ correction: a.correction })),
    grad: [0],
  },
  { op: "corrcoef", fn: ([x]) => torch.corrcoef(x!), grad: [0] },
  { op: "dist", fn: ([x, y], a) => torch.dist(x!, y!, a.p), grad: [0, 1] },
  { op: "erfc", fn: ([x]) => torch.erfc(x!), grad: [0], atol: 1e-6 },
  { op: "inner", fn: ([x, y]) => torch.inner(x!, y!), grad: [0, 1] },
  { op: "logcumsumexp", fn: ([x], a) => x!.logcumsumexp(a.dim), grad: [0] },
  {
    op: "isin",
    fn: ([e, tt], a) => (a.invert === undefined ? torch.isin(e!, tt!) : torch.isin(e!, tt!, { invert: a.invert })),
  },
  { op: "takeAlongDim", fn: ([x, i], a) => torch.takeAlongDim(x!, i!, a.dim), grad: [0] },
  { op: "selectScatter", fn: ([x, s], a) => torch.selectScatter(x!, s!, a.dim, a.index), grad: [0, 1] },
  {
    op: "sliceScatter",
    fn: ([x, s], a) => x!.sliceScatter(s!, a.dim ?? 0, a.start ?? null, a.end ?? null, a.step ?? 1),
    grad: [0, 1],
  },
  { op: "diagonalScatter", fn: ([x, s], a) => torch.diagonalScatter(x!, s!, a.offset, a.dim1, a.dim2), grad: [0, 1] },
  { op: "frexp", fn: ([x]) => list(torch.frexp(x!)), grad: [0] },
  { op: "gcd", fn: ([x, y]) => torch.gcd(x!, y!) },
  { op: "lcm", fn: ([x, y]) => x!.lcm(y!) },
  ...(["quantile", "nanquantile"] as const).map((op): OpRow => ({
    op,
    fn: ([x, q], a) =>
      torch[op](x!, a.q === "tensor" ? q! : a.q, a.dim ?? null, a.keepdim ?? false, {
        interpolation: a.interpolation ?? "linear",
      }),
    grad: [0],
    skipGradcheck: "piecewise linear in the sorted values (kinks where order statistics tie)",
  })),
  { op: "countNonzero", fn: ([x], a) => x!.countNonzero(a.dim) },
  ...(["stdMean", "varMean"] as const).map((op): OpRow => ({
    op,
    fn: ([x], a) =>
      list(
        a.dim === undefined
          ? torch[op](x!)
          : (torch[op] as (x: T, d: number, u?: boolean, k?: boolean) => T[])(
              x!,
              a.dim,
              a.unbiased ?? true,
              a.keepdim ?? false,
            ),
      ),
    grad: [0],
  })),
  { op: "lgamma", fn: ([x]) => torch.lgamma(x!), grad: [0], rtol: 1e-5, atol: 1e-5 },
  { op: "digamma", fn: ([x]) => x!.digamma(), grad: [0], rtol: 1e-5, atol: 1e-5 },
  { op: "mvlgamma", fn: ([x], a) => torch.mvlgamma(x!, a.p), grad: [0], rtol: 1e-5, atol: 1e-5 },
  {
    op: "uniqueConsecutive",
    fn: ([x], a) => {
      const o = {
        ...(a.returnInverse !== undefined ? { returnInverse: a.returnInverse } : {}),
        ...(a.returnCounts !== undefined ? { returnCounts: a.returnCounts } : {}),
        ...(a.dim !== undefined ? { dim: a.dim } : {}),
      };
      return Object.keys(o).length === 0 ? x!.uniqueConsecutive() : torch.uniqueConsecutive(x!, o);
    },
  },
  {
    op: "renorm",
    fn: ([x], a) => torch.renorm(x!, a.p, a.dim, a.maxnorm),
    grad: [0],
  },
  { op: "i0", fn: ([x]) => torch.i0(x!), grad: [0], rtol: 1e-5, atol: 1e-5 },
  { op: "maskedScatter", fn: ([x, m, src]) => x!.maskedScatter(m!, src!), grad: [0, 2] },
  { op: "put", fn: ([x, i, src], a) => torch.put(x!, i!, src!, a.accumulate ?? false), grad: [0, 2] },
  {
    op: "histogram",
    fn: ([x, b], a) =>
      list(
        a.edges
          ? torch.histogram(x!, b!)
          : torch.histogram(x!, a.bins, {
              ...(a.range !== undefined ? { range: a.range } : {}),
              ...(a.density !== undefined ? { density: a.density } : {}),
              ...(a.weight ? { weight: b! } : {}),
            }),
      ),
    rtol: 1e-5,
    atol: 1e-5,
  },
  {
    op: "nanmedian",
    fn: ([x], a) => (a.dim === undefined ? torch.nanmedian(x!) : list(x!.nanmedian(a.dim, a.keepdim ?? false) as T[])),
    grad: [0],
  },
];

const t = torch.tensor;
export const errors: ErrorRow[] = [
  {
    name: "logaddexp int",
    run: () => torch.logaddexp(t([1]), t([2])),
    match: /^\[logaddexp\] expected floating-point operands: got int64/,
  },
  { name: "diff 0-d", run: () => torch.diff(t(1)), match: /^\[diff\] expected a tensor of at least 1 dimension/ },
  { name: "diff n", run: () => torch.diff(t([1, 2]), -1), match: /^\[diff\] n must be >= 0: got -1/ },
  {
    name: "diff opts",
    run: () => torch.diff(t([1, 2]), 1, -1, { prepnd: t([0]) } as never),
    match: /^\[diff\] unknown option "prepnd": did you mean "prepend"\?/,
  },
  {
    name: "tensordot mismatch",
    run: () => torch.tensordot(torch.ones(2, 3), torch.ones(4, 5), 1),
    match: /^\[tensordot\] contracted dimensions must match: got 3 \(a dim 1\) and 4 \(b dim 0\)/,
  },
  {
    name: "einsum count",
    run: () => torch.einsum("ij,jk", torch.ones(2, 2)),
    match: /^\[einsum\] the equation has 2 operand\(s\) but 1 tensor\(s\) were given/,
  },
  {
    name: "einsum rank",
    run: () => torch.einsum("ijk", torch.ones(2, 2)),
    match: /^\[einsum\] operand 0 has 2 dimension\(s\) but the subscript "ijk" names 3/,
  },
  {
    name: "einsum output",
    run: () => torch.einsum("ij->k", torch.ones(2, 2)),
    match: /^\[einsum\] output subscript "k" does not appear in any operand/,
  },
  {
    name: "cdist cols",
    run: () => torch.cdist(torch.ones(2, 3), torch.ones(2, 4)),
    match: /^\[cdist\] x1 and x2 must have the same number of columns: got 3 and 4/,
  },
  {
    name: "bincount float",
    run: () => torch.bincount(t([1.5])),
    match: /^\[bincount\] expected a 1-D integer tensor: got 1-D float32/,
  },
  {
    name: "bincount negative",
    run: () => torch.bincount(t([-1, 2])),
    match: /^\[bincount\] expected non-negative values: got -1/,
  },
  {
    name: "histc min max",
    run: () => torch.histc(t([1.5]), 10, 3, 1),
    match: /^\[histc\] max must be larger than min: got min 3, max 1/,
  },
  {
    name: "searchsorted side",
    run: () => torch.searchsorted(t([1]), t([1]), { side: "middle" as never }),
    match: /^\[searchsorted\] side must be "left" or "right"/,
  },
  {
    name: "bucketize 2-D",
    run: () => torch.bucketize(t([1]), torch.ones(2, 2)),
    match: /^\[bucketize\] expected 1-D boundaries: got 2-D/,
  },
  {
    name: "multinomial too many",
    run: () => torch.multinomial(t([0.5, 0.5]), 3),
    match: /^\[multinomial\] cannot draw 3 samples without replacement from 2 categories/,
  },
  {
    name: "multinomial negative",
    run: () => torch.multinomial(t([-1.5, 2]), 1),
    match: /^\[multinomial\] probabilities must be finite and non-negative/,
  },
  {
    name: "multinomial zero row",
    run: () => torch.multinomial(torch.zeros(2), 1, true),
    match: /^\[multinomial\] a row of weights sums to 0/,
  },
  {
    name: "rot90 same dims",
    run: () => torch.rot90(torch.ones(2, 2), 1, [0, 0]),
    match: /^\[rot90\] the two dims must differ: got 0 and 0/,
  },
  {
    name: "heaviside dtypes",
    run: () => torch.heaviside(t([1]), t([0.5])),
    match: /^\[heaviside\] expected input and values to have the same dtype: got int64 and float32/,
  },
  { name: "frac int", run: () => torch.frac(t([1])), match: /^\[frac\] expected a floating-point tensor: got int64/ },
  {
    name: "combinations 2-D",
    run: () => torch.combinations(torch.ones(2, 2)),
    match: /^\[combinations\] expected a 1-D tensor: got 2-D/,
  },
  {
    name: "meshgrid indexing",
    run: () => torch.meshgrid(t([1]), { indexing: "yx" as never }),
    match: /^\[meshgrid\] indexing must be "ij" or "xy"/,
  },
  {
    name: "vander 2-D",
    run: () => torch.vander(torch.ones(2, 2)),
    match: /^\[vander\] expected a 1-D tensor: got 2-D/,
  },
  { name: "trilIndices row", run: () => torch.trilIndices(-1, 2), match: /^\[trilIndices\] row must be >= 0: got -1/ },
];
