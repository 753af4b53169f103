/** Op-spec rows for src/ops/scatter-reduce.ts and src/ops/special-extra.ts (fixtures: scripts/fixtures/ops_bspec.py). */
import * as torch from "../../../src/index.js";
import type { ErrorRow, OpRow } from "./types.js";

type T = torch.Tensor;

/** Mean and variance over 20000 draws per element (the random ops' fixtures are their moments). */
function moments(draw: () => T): T[] {
  torch.manualSeed(1234);
  const x = draw();
  return [x.mean(0), x.var(0, { correction: 0 })];
}
const DRAWS = 20000;

export const rows: OpRow[] = [
  {
    op: "scatterReduce",
    fn: ([x, i, s], a) => x!.scatterReduce(a.dim, i!, s!, a.reduce, { includeSelf: a.includeSelf }),
    grad: [0, 2],
  },
  {
    op: "indexReduce",
    fn: ([x, i, s], a) =>
      a.includeSelf
        ? torch.indexReduce(x!, a.dim, i!, s!, a.reduce)
        : x!.indexReduce(a.dim, i!, s!, a.reduce, { includeSelf: false }),
    grad: [0, 2],
  },
  { op: "nextafter", fn: ([x, y]) => x!.nextafter(y!), rtol: 0, atol: 0 },
  { op: "igamma", fn: ([a, x]) => torch.igamma(a!, x!), grad: [1], rtol: 1e-5 },
  { op: "igammac", fn: ([a, x]) => a!.igammac(x!), grad: [1], rtol: 1e-5 },
  {
    op: "polygamma",
    fn: ([x], a) => (a.n % 2 === 0 ? torch.polygamma(a.n, x!) : x!.polygamma(a.n)),
    grad: [0],
    rtol: 1e-5,
  },
  {
    op: "poisson",
    fn: ([r]) => moments(() => torch.poisson(r!.unsqueeze(0).expand([DRAWS, ...r!.shape]))),
    rtol: 0.05,
    atol: 0.02,
  },
  {
    op: "binomial",
    fn: ([n, p]) => moments(() => torch.binomial(n!.unsqueeze(0).expand([DRAWS, ...n!.shape]), p!)),
    rtol: 0.05,
    atol: 0.02,
  },
  {
    op: "asStrided",
    fn: ([x], a) =>
      a.offset === undefined ? x!.asStrided(a.size, a.stride) : torch.asStrided(x!, a.size, a.stride, a.offset),
    grad: [0],
  },
  {
    op: "asStridedScatter",
    fn: ([x, s], a) => torch.asStridedScatter(x!, s!, a.size, a.stride, a.offset),
    grad: [0, 1],
  },
  {
    op: "emptyStrided",
    fn: (_x, a) => {
      const t = torch.emptyStrided(a.size, a.stride);
      return [torch.tensor(t.stride()), torch.tensor([...t.shape]), torch.tensor(t.storage.data.length)];
    },
  },
  {
    op: "gradient",
    fn: ([x, ...cs], a) =>
      torch.stack(torch.gradient(x!, { spacing: a.coords ? cs : a.spacing, dim: a.dim, edgeOrder: a.edgeOrder })),
    grad: [0],
  },
  {
    op: "histogramdd",
    fn: ([x, ...rest], a) => {
      const edges = a.edges ? rest.slice(0, a.edges) : null;
      const [hist, binEdges] = torch.histogramdd(x!, edges ?? a.bins, {
        range: a.range ?? null,
        weight: a.weight ? rest[rest.length - 1]! : null,
        density: a.density ?? false,
      });
      return [hist, ...binEdges];
    },
  },
];

export const errors: ErrorRow[] = [];
