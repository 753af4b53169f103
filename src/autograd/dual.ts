/**
 * Forward-mode AD's state, read by op recording (ops/core.ts `record`): the active dual level and
 * its tangents. An op whose input has a tangent gets one for its output, from the op's explicit
 * JVP rule when it declares one, else from `fallback` (installed by forward-ad.ts: the JVP derived
 * from the op's backward). Kept apart from forward-ad.ts, which needs the engine, so that op
 * recording can import it without an import cycle.
 */
import { isFloatingPoint } from "../tensor/dtype.js";
import { shapesEqual } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import type { BackwardFn } from "./node.js";

/** An op's explicit JVP: the output's tangent from one tangent (or null) per recorded input. */
export type JvpFn = (tangents: readonly (Tensor | null)[]) => Tensor;

/** The JVP derived from a backward function (forward-ad.ts). */
export type JvpFallback = (
  out: Tensor,
  inputs: readonly (Tensor | null | undefined)[],
  backward: BackwardFn,
  tangents: readonly (Tensor | null)[],
) => Tensor;

/** One `dualLevel` scope: the tangents of the tensors made or computed in it. */
export interface DualLevel {
  readonly id: number;
  readonly tangents: WeakMap<Tensor, Tensor>;
}

/** The active level (PyTorch 1.13 allows one at a time), whether propagation is paused, and the fallback. */
export const dualState: { level: DualLevel | null; paused: boolean; fallback: JvpFallback | null } = {
  level: null,
  paused: false,
  fallback: null,
};

/** The tangent of `t` at the active level, if any. */
export function tangentOf(t: Tensor | null | undefined): Tensor | null {
  const lv = dualState.level;
  if (lv === null || t === null || t === undefined) return null;
  return lv.tangents.get(t) ?? null;
}

/** True when a dual level is active and one of `xs` has a tangent there. */
export function anyTangent(xs: readonly unknown[]): boolean {
  const lv = dualState.level;
  if (lv === null || dualState.paused) return false;
  for (const x of xs) if (x !== null && typeof x === "object" && lv.tangents.has(x as Tensor)) return true;
  return false;
}

/** Runs `fn` with tangent propagation off (tangent arithmetic must not get tangents itself). */
export function pausedDual<T>(fn: () => T): T {
  const prev = dualState.paused;
  dualState.paused = true;
  try {
    return fn();
  } finally {
    dualState.paused = prev;
  }
}

/** Sets the tangent of `t` at the active level (ops built outside `record` carry theirs by hand). */
export function setTangent(t: Tensor, tangent: Tensor): void {
  dualState.level?.tangents.set(t, tangent);
}

/** Gives `to` the tangent of `from` (in-place ops write their result back into self). */
export function copyTangent(from: Tensor, to: Tensor): void {
  const lv = dualState.level;
  if (lv === null) return;
  const t = lv.tangents.get(from);
  if (t !== undefined) lv.tangents.set(to, t);
}

/**
 * Called by `record` for every op: computes the output's tangent when an input has one. The
 * result is expanded to the output's shape and cast to its dtype.
 */
export function forwardTangent(
  out: Tensor,
  inputs: readonly (Tensor | null | undefined)[],
  backward: BackwardFn,
  jvp: JvpFn | undefined,
): void {
  const lv = dualState.level;
  if (lv === null || dualState.paused || !isFloatingPoint(out.dtype)) return;
  let any = false;
  const ts = inputs.map((t) => {
    const tan = t ? (lv.tangents.get(t) ?? null) : null;
    if (tan !== null) any = true;
    return tan;
  });
  if (!any) return;
  const tan = pausedDual(() => {
    let r = jvp !== undefined ? jvp(ts) : dualState.fallback!(out, inputs, backward, ts);
    if (!shapesEqual(r.shape, out.shape)) r = r.expand([...out.shape]).contiguous();
    if (r.dtype !== out.dtype) r = r.to(out.dtype);
    return r;
  });
  lv.tangents.set(out, tan);
}
