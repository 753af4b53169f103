/**
 * Op-spec rows for the recurrent functional forms (src/ops/rnn.ts) and the brnn helper's other
 * functionals (fixtures: scripts/fixtures/brnn.py).
 */
import * as torch from "../../../src/index.js";
import type { Args, ErrorRow, OpRow } from "./types.js";

const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const seqArgs = (a: Args): [boolean, number, number, boolean, boolean, boolean] => [
  a.hasBiases,
  a.numLayers,
  0,
  false,
  a.bidirectional,
  a.batchFirst,
];

const F = torch.nn.functional;
const DIST: Record<string, ((a: torch.Tensor, b: torch.Tensor) => torch.Tensor) | null> = {
  pairwise: null,
  cosine: (a, b) => F.cosineSimilarity(a, b).neg().add(1),
  l1: (a, b) => F.pairwiseDistance(a, b, 1),
};

export const rows: OpRow[] = [
  { op: "rnnTanhCell", fn: (xs) => torch.rnnTanhCell(xs[0]!, xs[1]!, xs[2]!, xs[3]!, xs[4], xs[5]), grad: upTo(6) },
  { op: "rnnReluCell", fn: (xs) => torch.rnnReluCell(xs[0]!, xs[1]!, xs[2]!, xs[3]!, xs[4], xs[5]), grad: upTo(6) },
  { op: "gruCell", fn: (xs) => torch.gruCell(xs[0]!, xs[1]!, xs[2]!, xs[3]!, xs[4], xs[5]), grad: upTo(6) },
  {
    op: "lstmCell",
    fn: (xs) => torch.lstmCell(xs[0]!, [xs[1]!, xs[2]!], xs[3]!, xs[4]!, xs[5], xs[6]),
    grad: upTo(7),
  },
  { op: "rnnTanh", fn: (xs, a) => torch.rnnTanh(xs[0]!, xs[1]!, xs.slice(2), ...seqArgs(a)), grad: upTo(20) },
  { op: "rnnRelu", fn: (xs, a) => torch.rnnRelu(xs[0]!, xs[1]!, xs.slice(2), ...seqArgs(a)), grad: upTo(20) },
  { op: "gru", fn: (xs, a) => torch.gru(xs[0]!, xs[1]!, xs.slice(2), ...seqArgs(a)), grad: upTo(20) },
  { op: "lstm", fn: (xs, a) => torch.lstm(xs[0]!, [xs[1]!, xs[2]!], xs.slice(3), ...seqArgs(a)), grad: upTo(21) },
  {
    op: "pdist",
    fn: ([x], a) => (a.p === 2 ? torch.pdist(x!) : F.pdist(x!, a.p === "inf" ? Infinity : a.p)),
    grad: [0],
  },
  {
    op: "multilabelMarginLoss",
    fn: ([x, t], a) => F.multilabelMarginLoss(x!, t!, { reduction: a.reduction }),
    grad: [0],
  },
  {
    op: "tripletMarginWithDistanceLoss",
    fn: ([x, p, n], a) =>
      F.tripletMarginWithDistanceLoss(x!, p!, n!, {
        distanceFunction: DIST[a.distance]!,
        ...(a.margin !== undefined ? { margin: a.margin, swap: a.swap } : {}),
        reduction: a.reduction,
      }),
    grad: [0, 1, 2],
  },
  {
    op: "F.embeddingBag",
    fn: ([w, i, o, p], a) =>
      F.embeddingBag(i!, w!, i!.dim() === 2 ? null : o!, {
        mode: a.mode,
        ...(a.paddingIdx !== undefined ? { paddingIdx: a.paddingIdx } : {}),
        ...(a.includeLastOffset ? { includeLastOffset: true } : {}),
        ...(a.psw ? { perSampleWeights: p! } : {}),
        ...(a.maxNorm !== undefined ? { maxNorm: a.maxNorm } : {}),
      }),
    grad: [0, 3],
    skipGradcheck: "max mode and bag boundaries are piecewise; the fixture gradients are compared instead",
  },
  {
    op: "embeddingBag",
    fn: ([w, i, o], a) =>
      torch.embeddingBag(w!, i!, o!, false, a.mode, false, null, a.includeLastOffset ?? false, a.paddingIdx),
    grad: [0],
  },
  {
    op: "ctcLoss",
    fn: ([x, t], a) =>
      F.ctcLoss(x!.logSoftmax(-1), t!, a.inputLengths, a.targetLengths, {
        ...(a.blank !== undefined ? { blank: a.blank } : {}),
        ...(a.reduction !== undefined ? { reduction: a.reduction } : {}),
        ...(a.zeroInfinity !== undefined ? { zeroInfinity: a.zeroInfinity } : {}),
      }),
    grad: [0],
  },
];

export const errors: ErrorRow[] = [];
