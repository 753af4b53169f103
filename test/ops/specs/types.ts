/**
 * The op-spec table's row type. One row per op: how antorcha runs it, which inputs are
 * differentiable, tolerances and skips. Fixture cases (from PyTorch) are matched to rows by `op`.
 */
import type { Tensor } from "../../../src/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Args = any;

export interface OpRow {
  /** The fixture key (`case.op`) this row runs. */
  op: string;
  /** Runs the op in antorcha on the decoded inputs and the case's `args`. */
  fn: (inputs: Tensor[], args: Args) => Tensor | Tensor[];
  /**
   * Indices of inputs that are differentiable: their gradients are compared with the fixture's
   * `grads` and checked numerically (float64 gradcheck). Omit for non-differentiable ops.
   */
  grad?: number[];
  /** Tolerances overriding the per-dtype defaults. */
  rtol?: number;
  atol?: number;
  /** Backends this row does not run on, each with the reason. */
  skipBackends?: Record<string, string>;
  /** Why numeric gradcheck is skipped (e.g. non-smooth at the fixture's points). */
  skipGradcheck?: string;
}

/** An error the op must raise: one line, prefixed with the op name. */
export interface ErrorRow {
  name: string;
  run: () => unknown;
  match: RegExp;
}
