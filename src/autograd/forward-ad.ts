/**
 * Forward-mode AD (`torch.autograd.forward_ad`): inside a `dualLevel`, `makeDual(x, t)` gives x a
 * tangent t, and every op on tensors with tangents computes its output's tangent J·t alongside the
 * value; `unpackDual(y)` reads it back. Ops with an explicit JVP rule use it; the others get J·t
 * from their backward (a VJP, linear in its gradient argument u ↦ Jᵀu) by the double-VJP trick:
 * J·t = d/du ⟨Jᵀu, t⟩, one more backward through the VJP's own graph (PyTorch's fallback for
 * ops without a forward formula, functorch's jvp-via-vjp). A backward not written with recorded
 * ops is handled by building J·t one output element at a time.
 */
import { tensor, zeros } from "../tensor/creation.js";
import { isFloatingPoint } from "../tensor/dtype.js";
import { shapesEqual } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkArity, checkFunction, checkOptions, optionKeys } from "../util/args.js";
import { dualState, pausedDual, type DualLevel } from "./dual.js";
import { grad } from "./grad.js";
import { enableGrad, noGrad } from "./mode.js";
import type { BackwardFn } from "./node.js";

let nextLevel = 0;

/** A new tensor object on the same values, keeping `t`'s history (PyTorch's dual is a view). */
function alias(t: Tensor): Tensor {
  return t.expand([...t.shape]);
}

/** ⟨vjp(u), t⟩ summed over the inputs that have a tangent (null when none contributes). */
function pairing(vs: readonly (Tensor | null)[], ts: readonly (Tensor | null)[]): Tensor | null {
  let s: Tensor | null = null;
  vs.forEach((v, i) => {
    const t = ts[i];
    if (v === null || v === undefined || t === null || t === undefined) return;
    const term = v.mul(t).sum();
    s = s === null ? term : s.add(term);
  });
  return s;
}

/** J·t derived from the op's backward (see the file comment). */
function jvpFromVjp(
  out: Tensor,
  inputs: readonly (Tensor | null | undefined)[],
  backward: BackwardFn,
  ts: readonly (Tensor | null)[],
): Tensor {
  // Inputs with a tangent must look like they require grad while the backward runs: formulas
  // skip the gradients of inputs that do not.
  const flipped: Tensor[] = [];
  inputs.forEach((x, i) => {
    if (x && ts[i] && !x.requiresGrad) {
      x._requiresGrad = true;
      flipped.push(x);
    }
  });
  try {
    const viaGraph = enableGrad(() => {
      const u = zeros([...out.shape], { dtype: out.dtype, requiresGrad: true });
      const s = pairing(backward(u, false), ts);
      if (s === null || !s.requiresGrad) return null;
      return grad(s, [u], { allowUnused: true })[0] ?? null;
    });
    if (viaGraph !== null) return viaGraph;
    // The backward did not record its dependence on u: (J·t)_k = ⟨Jᵀe_k, t⟩ for each output element k.
    return noGrad(() => {
      const n = out.numel();
      const res = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const basis = new Array<number>(n).fill(0);
        basis[k] = 1;
        const e = tensor(basis, { dtype: out.dtype }).reshape([...out.shape]);
        const s = pairing(backward(e, false), ts);
        res[k] = s === null ? 0 : Number(s.item());
      }
      return tensor(Array.from(res), { dtype: out.dtype }).reshape([...out.shape]);
    });
  } finally {
    for (const x of flipped) x._requiresGrad = false;
  }
}

function enterLevel(): DualLevel {
  if (dualState.level !== null) {
    throw new Error("[dualLevel] Nested forward mode AD is not supported at the moment");
  }
  dualState.fallback ??= jvpFromVjp;
  const lv: DualLevel = { id: nextLevel++, tangents: new WeakMap() };
  dualState.level = lv;
  return lv;
}

function exitLevel(lv: DualLevel): void {
  if (dualState.level === lv) dualState.level = null;
}

/** A forward-AD scope for `using`: the tangents made in it are dropped when it ends. */
export interface DualLevelScope extends Disposable {
  /** The level's number (PyTorch's `level` argument). */
  readonly level: number;
}

/**
 * Opens a forward-AD scope (`with fwAD.dual_level():`). Called with a function, runs it inside
 * the level and returns its result; called with none, returns a scope to close with `using`
 * (or `[Symbol.dispose]()`). Tangents do not outlive their level. One level at a time, as in
 * PyTorch 1.13.
 * @example
 * const { forwardAd } = torch.autograd;
 * const x = torch.tensor([1, 2], { dtype: "float64" });
 * const t = forwardAd.dualLevel(() => forwardAd.unpackDual(forwardAd.makeDual(x, torch.onesLike(x)).sin()).tangent);
 * String(t) // "tensor([ 0.5403, -0.4161], dtype=torch.float64)"
 */
export function dualLevel(): DualLevelScope;
export function dualLevel<T>(fn: () => T): T;
export function dualLevel<T>(fn?: () => T): T | DualLevelScope {
  if (arguments.length > 1) checkArity("dualLevel", arguments.length, 1);
  if (fn === undefined) {
    const lv = enterLevel();
    return { level: lv.id, [Symbol.dispose]: () => exitLevel(lv) };
  }
  checkFunction("dualLevel", "fn", fn);
  const lv = enterLevel();
  try {
    const r = fn();
    if (r instanceof Promise) {
      throw new TypeError("[dualLevel] the callback returned a Promise: forward AD is synchronous; await outside it");
    }
    return r;
  } finally {
    exitLevel(lv);
  }
}

const LEVEL_KEYS = optionKeys("level");

function checkLevel(op: string, opts: { level?: number } | undefined): DualLevel {
  if (opts !== undefined) checkOptions(op, opts, LEVEL_KEYS);
  const lv = dualState.level;
  if (lv === null) {
    throw new Error(
      `[${op}] no dual level is active: make dual tensors inside forwardAd.dualLevel(() => ...) (or \`using _ = forwardAd.dualLevel()\`)`,
    );
  }
  if (opts?.level !== undefined && opts.level !== lv.id) {
    throw new RangeError(`[${op}] level ${String(opts.level)} is not the active dual level: expected ${lv.id}`);
  }
  return lv;
}

/**
 * A tensor with `tangent` as its forward gradient (`fwAD.make_dual`): a view of `tensor`'s values;
 * ops on it carry J·tangent along.
 * @example
 * const { forwardAd } = torch.autograd;
 * const x = torch.tensor([3], { dtype: "float64" });
 * const t = forwardAd.dualLevel(() => forwardAd.unpackDual(forwardAd.makeDual(x, torch.onesLike(x)).pow(2)).tangent);
 * String(t) // "tensor([6.], dtype=torch.float64)"
 */
export function makeDual(tensor: Tensor, tangent: Tensor, options?: { level?: number }): Tensor {
  if (arguments.length > 3) checkArity("makeDual", arguments.length, 3);
  if (!(tensor instanceof Tensor)) throw new TypeError(`[makeDual] tensor must be a Tensor: got ${typeof tensor}`);
  if (!(tangent instanceof Tensor)) throw new TypeError(`[makeDual] tangent must be a Tensor: got ${typeof tangent}`);
  const lv = checkLevel("makeDual", options);
  if (!isFloatingPoint(tensor.dtype)) {
    throw new TypeError(`[makeDual] Expected primal to be floating point or complex, but got: ${tensor.dtype}`);
  }
  if (!isFloatingPoint(tangent.dtype)) {
    throw new TypeError(`[makeDual] Expected tangent to be floating point or complex, but got: ${tangent.dtype}`);
  }
  if (!shapesEqual(tensor.shape, tangent.shape)) {
    throw new RangeError(
      `[makeDual] Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size [${tensor.shape}] while the given forward gradient is of size [${tangent.shape}].`,
    );
  }
  const dual = pausedDual(() => alias(tensor));
  lv.tangents.set(dual, tangent.dtype === tensor.dtype ? tangent : tangent.to(tensor.dtype));
  return dual;
}

/** What `unpackDual` returns. */
export interface UnpackedDual {
  /** The values, as a view without the tangent. */
  primal: Tensor;
  /** The forward gradient, or null when the tensor has none at this level. */
  tangent: Tensor | null;
}

/**
 * Splits a dual tensor into `{ primal, tangent }` (`fwAD.unpack_dual`); `tangent` is null for a
 * tensor without one (or outside any level).
 * @example
 * const { forwardAd } = torch.autograd;
 * using _level = forwardAd.dualLevel();
 * const y = forwardAd.makeDual(torch.tensor([1], { dtype: "float64" }), torch.tensor([2], { dtype: "float64" })).exp();
 * const { primal, tangent } = forwardAd.unpackDual(y);
 * primal.item() // 2.718281828459045
 * tangent!.item() // 5.43656365691809
 */
export function unpackDual(tensor: Tensor, options?: { level?: number }): UnpackedDual {
  if (arguments.length > 2) checkArity("unpackDual", arguments.length, 2);
  if (!(tensor instanceof Tensor)) throw new TypeError(`[unpackDual] tensor must be a Tensor: got ${typeof tensor}`);
  if (options !== undefined) checkOptions("unpackDual", options, LEVEL_KEYS);
  const lv = dualState.level;
  if (lv === null) return { primal: tensor, tangent: null };
  const tangent = lv.tangents.get(tensor) ?? null;
  if (tangent === null) return { primal: tensor, tangent: null };
  return { primal: pausedDual(() => alias(tensor)), tangent };
}
