/**
 * Numerical gradient checking: the analytic Jacobian (one vector-Jacobian product per output
 * element) against float64 central differences, per (output, input) pair.
 */
import { castTo } from "../ops/define.js";
import { Tensor } from "../tensor/tensor.js";
import { grad } from "./grad.js";

/** Options of `gradcheck` / `gradgradcheck`. */
export interface GradcheckOptions {
  /** Perturbation of the central differences. */
  eps?: number;
  /** Absolute tolerance. */
  atol?: number;
  /** Relative tolerance (relative to the numerical value). */
  rtol?: number;
  /** Throw on mismatch (default); when false, return `false` instead. */
  raiseException?: boolean;
}

type Fn = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

function outputsOf(r: Tensor | readonly Tensor[]): Tensor[] {
  const outs = r instanceof Tensor ? [r] : [...r];
  outs.forEach((o, k) => {
    if (!(o instanceof Tensor))
      throw new TypeError(`[gradcheck] the function must return tensors: output ${k} is ${typeof o}`);
  });
  return outs;
}

/** A fresh contiguous float64 leaf with `x`'s values (requiring grad like `x`). */
function freshCopy(x: Tensor, values?: Float64Array): Tensor {
  const t = Tensor._fromArray(values ?? x.dataFloat(), x.shape, "float64");
  if (x.requiresGrad) t.requiresGrad_(true);
  return t;
}

function fmtIndex(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  let r = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(r % shape[d]!);
    r = Math.floor(r / shape[d]!);
  }
  return `[${idx.join(", ")}]`;
}

/**
 * Checks `fn`'s backward against finite differences at `inputs` (float64 tensors). Every input
 * with `requiresGrad` is checked; inputs are not modified. Throws (or returns false) on mismatch.
 * @example torch.autograd.gradcheck((x) => x.tanh(), [torch.randn(3, { dtype: "float64", requiresGrad: true })]);
 */
export function gradcheck(fn: Fn, inputs: Tensor | readonly Tensor[], options: GradcheckOptions = {}): boolean {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const raise = options.raiseException ?? true;
  const ins = inputs instanceof Tensor ? [inputs] : [...inputs];

  const diff: number[] = [];
  ins.forEach((x, i) => {
    if (!(x instanceof Tensor) || !x.requiresGrad) return;
    if (x.dtype !== "float64") {
      throw new TypeError(
        `[gradcheck] input ${i} requires grad but has dtype ${x.dtype}: expected float64 (finite differences in lower precision are meaningless; use x.to("float64"))`,
      );
    }
    diff.push(i);
  });
  if (diff.length === 0)
    throw new Error("[gradcheck] no input requires grad: expected at least one float64 input with requiresGrad");

  // Analytic Jacobians, one row (an output element) at a time, on the inputs as given.
  const outs = outputsOf(fn(...ins));
  const analytic: Float64Array[][] = outs.map((o) => diff.map((i) => new Float64Array(o.numel() * ins[i]!.numel())));
  outs.forEach((o, k) => {
    if (!o.isFloatingPoint() || !o.requiresGrad) return;
    for (let r = 0; r < o.numel(); r++) {
      const onehot = new Float64Array(o.numel());
      onehot[r] = 1;
      const go = castTo(Tensor._fromArray(onehot, o.shape, "float64"), o.dtype);
      const gs = grad(
        [o],
        diff.map((i) => ins[i]!),
        { gradOutputs: [go], retainGraph: true, allowUnused: true },
      );
      gs.forEach((g, j) => {
        if (g === null) return;
        const want = ins[diff[j]!]!.shape;
        if (!shapesMatch(g.shape, want)) {
          throw new RangeError(`[gradcheck] gradient for input ${diff[j]} has shape [${g.shape}]: expected [${want}]`);
        }
        analytic[k]![j]!.set(g.dataFloat(), r * ins[diff[j]!]!.numel());
      });
    }
  });

  // Numerical Jacobians by central differences, one input element at a time.
  const numeric: Float64Array[][] = outs.map((o) => diff.map((i) => new Float64Array(o.numel() * ins[i]!.numel())));
  diff.forEach((i, j) => {
    const x = ins[i]!;
    const values = x.dataFloat();
    const evalAt = (v: number, e: number): Float64Array[] => {
      const p = Float64Array.from(values);
      p[e] = v;
      const args = ins.map((y, m) => (m === i ? freshCopy(x, p) : y));
      return outputsOf(fn(...args)).map((o) => o.dataFloat());
    };
    for (let e = 0; e < values.length; e++) {
      const plus = evalAt(values[e]! + eps, e);
      const minus = evalAt(values[e]! - eps, e);
      outs.forEach((o, k) => {
        if (!o.isFloatingPoint()) return;
        for (let r = 0; r < o.numel(); r++) {
          numeric[k]![j]![r * values.length + e] = (plus[k]![r]! - minus[k]![r]!) / (2 * eps);
        }
      });
    }
  });

  for (let k = 0; k < outs.length; k++) {
    for (let j = 0; j < diff.length; j++) {
      const a = analytic[k]![j]!;
      const n = numeric[k]![j]!;
      let worst = -1;
      let worstExcess = -Infinity;
      for (let q = 0; q < a.length; q++) {
        const av = a[q]!;
        const nv = n[q]!;
        if (av === nv) continue;
        // NaN on one side only, or outside atol + rtol·|numerical|.
        const excess =
          Number.isNaN(av) || Number.isNaN(nv) ? Infinity : Math.abs(av - nv) - (atol + rtol * Math.abs(nv));
        if (!(excess > 0) && !Number.isNaN(excess)) continue;
        const e = Number.isNaN(excess) ? Infinity : excess;
        if (worst < 0 || e > worstExcess) {
          worst = q;
          worstExcess = e;
        }
      }
      if (worst >= 0) {
        const inN = ins[diff[j]!]!.numel();
        const r = Math.floor(worst / inN);
        const e = worst % inN;
        const msg =
          `[gradcheck] Jacobian mismatch for output ${k} with respect to input ${diff[j]}: ` +
          `worst at output element ${fmtIndex(r, outs[k]!.shape)}, input element ${fmtIndex(e, ins[diff[j]!]!.shape)}: ` +
          `numerical ${n[worst]}, analytical ${a[worst]} (tolerance atol ${atol} + rtol ${rtol}·|numerical|)`;
        if (raise) throw new Error(msg);
        return false;
      }
    }
  }
  return true;
}

function shapesMatch(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Deterministic values in [-1, 1) for the random grad_outputs of gradgradcheck. */
function lcgValues(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/**
 * Checks second derivatives: gradcheck of `(inputs, v) ↦ vᵀ·∂fn/∂inputs` computed with
 * `createGraph`, where `gradOutputs` (`v`, one per output; deterministic pseudo-random by
 * default) are differentiated too.
 * @example torch.autograd.gradgradcheck((x) => x.pow(3), [torch.randn(3, { dtype: "float64", requiresGrad: true })]);
 */
export function gradgradcheck(
  fn: Fn,
  inputs: Tensor | readonly Tensor[],
  gradOutputs?: Tensor | readonly Tensor[] | null,
  options: GradcheckOptions = {},
): boolean {
  const ins = inputs instanceof Tensor ? [inputs] : [...inputs];
  const probe = outputsOf(fn(...ins));
  const gos =
    gradOutputs === undefined || gradOutputs === null
      ? probe.map((o, k) => Tensor._fromArray(lcgValues(o.numel(), 12345 + k), o.shape, "float64").requiresGrad_(true))
      : gradOutputs instanceof Tensor
        ? [gradOutputs]
        : [...gradOutputs];
  if (gos.length !== probe.length) {
    throw new RangeError(`[gradgradcheck] got ${gos.length} gradOutputs: expected ${probe.length}, one per output`);
  }
  const n = ins.length;
  const diff = ins.flatMap((x, i) => (x instanceof Tensor && x.requiresGrad ? [i] : []));
  const firstOrder = (...args: Tensor[]): Tensor[] => {
    const xs = args.slice(0, n);
    const vs = args.slice(n);
    const outs = outputsOf(fn(...xs));
    const keep = outs.flatMap((o, k) => (o.requiresGrad ? [k] : []));
    if (keep.length === 0) return [];
    const gs = grad(
      keep.map((k) => outs[k]!),
      diff.map((i) => xs[i]!),
      { gradOutputs: keep.map((k) => castTo(vs[k]!, outs[k]!.dtype)), createGraph: true, allowUnused: true },
    );
    return gs.filter((g): g is Tensor => g !== null);
  };
  return gradcheck(firstOrder, [...ins, ...gos], { ...options, raiseException: options.raiseException ?? true });
}
