/**
 * Op-spec rows for the creation family: range factories, seeded random ops (exact values, zero
 * tolerance) and dtype casts.
 */
import * as torch from "../../../src/index.js";
import type { DType, Tensor } from "../../../src/index.js";
import type { ErrorRow, OpRow } from "./types.js";

const exact = { rtol: 0, atol: 0 };
const opt = (dtype: DType | null) => (dtype === null ? {} : { dtype });

/** A fresh zero tensor, or a transposed / every-second-column view of one (as the fixture made). */
function target(shape: number[], dtype: DType, view: string | null): Tensor {
  const base = torch.zeros(shape, { dtype });
  if (view === "t") return base._view([shape[1]!, shape[0]!], [base._strides[1]!, base._strides[0]!], 0);
  if (view === "step2") {
    const s = [...shape];
    s[s.length - 1] = Math.ceil(s[s.length - 1]! / 2);
    const st = [...base._strides];
    st[st.length - 1]! *= 2;
    return base._view(s, st, 0);
  }
  return base;
}

export const rows: OpRow[] = [
  {
    op: "arange",
    ...exact,
    fn: (_, a) => (torch.arange as (...x: unknown[]) => Tensor)(...a.args, opt(a.dtype)),
  },
  { op: "linspace", ...exact, fn: (_, a) => torch.linspace(a.start, a.end, a.steps, opt(a.dtype)) },
  { op: "logspace", rtol: 4e-16, atol: 0, fn: (_, a) => torch.logspace(a.start, a.end, a.steps, a.base, opt(a.dtype)) },
  {
    op: "eye",
    ...exact,
    fn: (_, a) => (a.m === null ? torch.eye(a.n, opt(a.dtype)) : torch.eye(a.n, a.m, opt(a.dtype))),
  },
  {
    op: "rand",
    ...exact,
    fn: (_, a) => {
      torch.manualSeed(a.seed);
      return torch.rand(a.size, opt(a.dtype));
    },
  },
  {
    op: "randn",
    rtol: 4e-16, // float64 normals may differ from glibc's by an ulp (see samplers.ts)
    atol: 0,
    fn: (_, a) => {
      torch.manualSeed(a.seed);
      return torch.randn(a.size, opt(a.dtype));
    },
  },
  {
    op: "randint",
    ...exact,
    fn: (_, a) => {
      torch.manualSeed(a.seed);
      return a.lohi.length === 1
        ? torch.randint(a.lohi[0], a.size, opt(a.dtype))
        : torch.randint(a.lohi[0], a.lohi[1], a.size, opt(a.dtype));
    },
  },
  {
    op: "randperm",
    ...exact,
    fn: (_, a) => {
      torch.manualSeed(a.seed);
      return torch.randperm(a.n, opt(a.dtype));
    },
  },
  {
    op: "generator",
    ...exact,
    fn: (_, a) => {
      torch.manualSeed(a.seed);
      const g = new torch.Generator(a.genSeed);
      const parts = [
        torch.rand(3, { generator: g }),
        torch.randn(3, { generator: g }),
        torch.randint(0, 10, [4], { generator: g }),
        torch.rand(2),
      ];
      return torch.tensor(
        parts.flatMap((p) => [...p.dataFloat()]),
        { dtype: "float32" },
      );
    },
  },
  {
    op: "normal",
    ...exact,
    fn: (_, a) => {
      torch.manualSeed(a.seed);
      const m = torch.tensor(
        [
          [0, 1],
          [-2, 3.5],
        ],
        { dtype: "float32" },
      );
      const s = torch.tensor(
        [
          [1, 0.5],
          [2, 0],
        ],
        { dtype: "float32" },
      );
      switch (a.form) {
        case "tt":
          return torch.normal(m, s);
        case "tn":
          return torch.normal(m, 2);
        case "nt":
          return torch.normal(1.5, s);
        case "nn":
          return torch.normal(2, 3, [3, 6]);
        default:
          return torch.normal(torch.zeros([3, 1], { dtype: "float64" }), torch.full([4], 2, { dtype: "float64" }));
      }
    },
  },
  {
    op: "bernoulli",
    ...exact,
    fn: (_, a) => {
      torch.manualSeed(a.seed);
      const p = torch.tensor(
        [
          [0, 0.2, 0.5],
          [0.9, 1, 0.3],
        ],
        { dtype: a.dtype },
      );
      return a.p === null ? torch.bernoulli(p) : torch.bernoulli(p, a.p);
    },
  },
  ...(["normal_", "uniform_", "bernoulli_"] as const).map((m): OpRow => ({
    op: m,
    ...(m === "normal_" ? { rtol: 4e-16, atol: 0 } : exact),
    fn: (_, a) => {
      torch.manualSeed(a.seed);
      const v = target(a.shape, a.dtype, a.view);
      return (v[m] as (...x: number[]) => Tensor)(...a.args);
    },
  })),
  {
    op: "dropoutMask",
    ...exact,
    fn: (_, a) => {
      torch.manualSeed(a.seed);
      const mask = torch.empty(a.shape).bernoulli_(1 - a.p);
      return torch
        .tensor(
          [...mask.dataFloat()].map((v) => Math.fround(v / (1 - a.p))),
          { dtype: "float32" },
        )
        .reshape(a.shape);
    },
  },
  {
    op: "bernoulliTensor_",
    ...exact,
    fn: (_, a) => {
      torch.manualSeed(a.seed);
      const v = target([3, 4], "float32", a.view);
      const p = torch.linspace(0, 1, 12).reshape([...v.shape]);
      return v.bernoulli_(p);
    },
  },
  { op: "to", grad: [0], ...exact, fn: ([x], a) => x!.to(a.dtype) },
];

const throwsRange = (name: string, run: () => unknown, match: RegExp): ErrorRow => ({ name, run, match });

export const errors: ErrorRow[] = [
  throwsRange("arange zero step", () => torch.arange(0, 5, 0), /^\[arange\] step must be nonzero/),
  throwsRange(
    "arange int step truncated to zero",
    () => torch.arange(0, 5, 0.5, { dtype: "int64" }),
    /^\[arange\] step must be nonzero/,
  ),
  throwsRange(
    "arange wrong sign",
    () => torch.arange(0, 5, -1),
    /^\[arange\] upper bound and larger bound inconsistent with step sign/,
  ),
  throwsRange("arange wrong sign 2", () => torch.arange(5, 0, 1), /inconsistent with step sign/),
  throwsRange("arange infinite", () => torch.arange(0, Infinity), /^\[arange\] unsupported range: 0 -> Infinity/),
  throwsRange("arange bool", () => torch.arange(3, { dtype: "bool" }), /^\[arange\] .*not implemented for 'Bool'/),
  throwsRange(
    "linspace negative steps",
    () => torch.linspace(0, 1, -1),
    /^\[linspace\] number of steps must be non-negative/,
  ),
  throwsRange(
    "logspace half",
    () => torch.logspace(0, 1, 3, 10, { dtype: "float16" }),
    /^\[logspace\] .*not implemented for 'Half'/,
  ),
  throwsRange("eye negative", () => torch.eye(-1), /^\[eye\] n must be greater or equal to 0, got -1/),
  throwsRange("eye negative m", () => torch.eye(2, -3), /^\[eye\] m must be greater or equal to 0, got -3/),
  throwsRange("rand negative size", () => torch.rand(2, -1), /^\[rand\] invalid shape/),
  throwsRange(
    "randn int dtype",
    () => torch.randn(2, { dtype: "int64" }),
    /^\[randn\] expected a floating point dtype: got int64/,
  ),
  throwsRange(
    "rand int dtype",
    () => torch.rand(2, { dtype: "int32" }),
    /^\[rand\] expected a floating point dtype: got int32/,
  ),
  throwsRange("randint low >= high", () => torch.randint(5, 5, [2]), /^\[randint\] low must be less than high/),
  throwsRange("randint high <= 0", () => torch.randint(0, [2]), /^\[randint\] low must be less than high/),
  throwsRange(
    "randint out of dtype",
    () => torch.randint(0, 300, [2], { dtype: "uint8" }),
    /^\[randint\] range \[0, 300\) does not fit uint8/,
  ),
  throwsRange("randint negative size", () => torch.randint(5, [-2]), /^\[randint\] invalid shape/),
  throwsRange("randperm negative", () => torch.randperm(-1), /^\[randperm\] n must be non-negative/),
  throwsRange("normal negative std", () => torch.normal(torch.zeros(2), -1), /^\[normal\] normal expects std >= 0.0/),
  throwsRange(
    "normal negative std tensor",
    () => torch.normal(0, torch.tensor([1, -1], { dtype: "float32" })),
    /^\[normal\] normal expects all elements of std >= 0.0/,
  ),
  throwsRange(
    "normal_ int tensor",
    () => torch.zeros(3, { dtype: "int64" }).normal_(),
    /^\[normal_\] expected a floating point dtype: got int64/,
  ),
  throwsRange(
    "uniform_ from > to",
    () => torch.zeros(3).uniform_(1, 0),
    /^\[uniform_\] uniform_ expects to return a \[from, to\) range, but found from=1 > to=0/,
  ),
  throwsRange(
    "bernoulli_ p out of range",
    () => torch.zeros(3).bernoulli_(1.5),
    /^\[bernoulli\] p must be in \[0, 1\]/,
  ),
  throwsRange(
    "bernoulli int probs",
    () => torch.bernoulli(torch.ones(3, { dtype: "int64" })),
    /^\[bernoulli\] probabilities must be float32 or float64: got int64/,
  ),
  throwsRange(
    "normal_ on leaf requiring grad",
    () => torch.zeros(3, { requiresGrad: true }).normal_(),
    /^\[normal_\] a leaf Variable that requires grad/,
  ),
  throwsRange(
    "to unknown dtype",
    () => torch.zeros(2).to("float128"),
    /^\[to\] expected a dtype, a device or a Tensor: got "float128"/,
  ),
  throwsRange(
    "to cuda",
    () => torch.zeros(2).to({ device: "cuda" as "cpu" }),
    /^\[to\] Torch not compiled with CUDA enabled/,
  ),
];
