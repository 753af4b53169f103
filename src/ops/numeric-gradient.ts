/**
 * `torch.gradient`: the derivative of sampled values along dims by finite differences — central
 * differences inside (second-order accurate, also for uneven coordinates), one-sided first- or
 * second-order differences at the edges (`edgeOrder`). A composite of slices, so differentiable.
 */
import { checkOneOf, checkOptions, describe, optionKeys } from "../util/args.js";
import { getDefaultDtype, isFloatingPoint } from "../tensor/dtype.js";
import { normalizeDim } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { cat } from "./join.js";
import { narrow } from "./movement-slice.js";
import { checkTensor } from "./movement-view.js";
import { defineOp } from "./registry.js";

/** Options of `torch.gradient`. */
export interface GradientOptions {
  /** One spacing for every dim, one per dim, or the sample coordinates (1-D tensors) per dim. */
  spacing?: number | readonly number[] | readonly Tensor[];
  /** The dims to differentiate along (default: all). */
  dim?: number | readonly number[] | null;
  /** Order of the one-sided differences at the edges: 1 (default) or 2. */
  edgeOrder?: 1 | 2;
}

const KEYS = optionKeys("spacing", "dim", "edgeOrder");

/** d/dx along `d` with uniform spacing `h`. */
function uniform(f: Tensor, d: number, h: number, order: 1 | 2): Tensor {
  const n = f.shape[d]!;
  const at = (s: number, len = 1): Tensor => narrow(f, d, s, len);
  const inner = at(2, n - 2)
    .sub(at(0, n - 2))
    .div(2 * h);
  const first =
    order === 1
      ? at(1).sub(at(0)).div(h)
      : at(0)
          .mul(-3)
          .add(at(1).mul(4))
          .sub(at(2))
          .div(2 * h);
  const last =
    order === 1
      ? at(n - 1)
          .sub(at(n - 2))
          .div(h)
      : at(n - 1)
          .mul(3)
          .sub(at(n - 2).mul(4))
          .add(at(n - 3))
          .div(2 * h);
  return cat([first, inner, last], d);
}

/** d/dx along `d` at the sample coordinates `x` (1-D, one per element along d). */
function coordinates(f: Tensor, d: number, xs: Tensor, order: 1 | 2): Tensor {
  const n = f.shape[d]!;
  const shape = f.shape.map((_, k) => (k === d ? n : 1));
  const x = xs.to(f.dtype).reshape(shape);
  const at = (t: Tensor, s: number, len = 1): Tensor => narrow(t, d, s, len);
  const dx = at(x, 1, n - 1).sub(at(x, 0, n - 1)); // dx[i] = x[i+1] − x[i]
  const hl = at(dx, 0, n - 2);
  const hr = at(dx, 1, n - 2);
  // f'(x_i) ≈ (hl² f[i+1] − hr² f[i−1] + (hr² − hl²) f[i]) / (hl·hr·(hl + hr))
  const inner = hl
    .square()
    .mul(at(f, 2, n - 2))
    .sub(hr.square().mul(at(f, 0, n - 2)))
    .add(
      hr
        .square()
        .sub(hl.square())
        .mul(at(f, 1, n - 2)),
    )
    .div(hl.mul(hr).mul(hl.add(hr)));
  let first: Tensor;
  let last: Tensor;
  if (order === 1) {
    first = at(f, 1).sub(at(f, 0)).div(at(dx, 0));
    last = at(f, n - 1)
      .sub(at(f, n - 2))
      .div(at(dx, n - 2));
  } else {
    const [a1, a2] = [at(dx, 0), at(dx, 1)];
    const s = a1.add(a2);
    first = at(f, 0)
      .mul(a1.mul(2).add(a2).neg().div(a1.mul(s)))
      .add(at(f, 1).mul(s.div(a1.mul(a2))))
      .add(at(f, 2).mul(a1.neg().div(a2.mul(s))));
    const [b1, b2] = [at(dx, n - 3), at(dx, n - 2)];
    const t = b1.add(b2);
    last = at(f, n - 3)
      .mul(b2.div(b1.mul(t)))
      .add(at(f, n - 2).mul(t.neg().div(b1.mul(b2))))
      .add(at(f, n - 1).mul(b2.mul(2).add(b1).div(b2.mul(t))));
  }
  return cat([first, inner, last], d);
}

/**
 * Estimates the gradient of the function sampled in `input` along each dim in `dim` (default:
 * every dim), returning one tensor per dim. `spacing` is a number (all dims), a list of numbers
 * (per dim) or a list of 1-D coordinate tensors (per dim).
 * @example torch.gradient(torch.tensor([1, 2, 4, 8])) // [tensor([1.0000, 1.5000, 3.0000, 4.0000])]
 */
export const gradient = defineOp(
  "gradient",
  { family: "composite", mode: "function", maxArgs: 2 },
  function gradient(input: Tensor, opts?: GradientOptions): Tensor[] {
    const op = "gradient";
    checkTensor(op, input);
    if (opts !== undefined) checkOptions(op, opts, KEYS);
    const order = checkOneOf(op, "edgeOrder", String(opts?.edgeOrder ?? 1), ["1", "2"]) === "1" ? 1 : 2;
    const dimArg = opts?.dim ?? null;
    const dims =
      dimArg === null
        ? input.shape.map((_, k) => k)
        : (typeof dimArg === "number" ? [dimArg] : [...dimArg]).map((d) => normalizeDim(op, d, input.dim()));
    if (new Set(dims).size !== dims.length)
      throw new RangeError(`[${op}] dim appears more than once: got [${dims.join(", ")}]`);
    const f = isFloatingPoint(input.dtype) ? input : input.to(getDefaultDtype());
    const spacing = opts?.spacing ?? 1;
    let per: (number | Tensor)[];
    if (typeof spacing === "number") per = dims.map(() => spacing);
    else if (Array.isArray(spacing)) {
      if (spacing.length !== dims.length)
        throw new RangeError(
          `[${op}] expected spacing to be a number or a list of length ${dims.length}: got a list of length ${spacing.length}`,
        );
      per = spacing as (number | Tensor)[];
    } else throw new TypeError(`[${op}] spacing must be a number or an array: got ${describe(spacing)}`);
    for (const d of dims) {
      if (input.shape[d]! < order + 1)
        throw new RangeError(
          `[${op}] each differentiated dimension must have at least edgeOrder + 1 = ${order + 1} elements: got ${input.shape[d]} in dim ${d}`,
        );
    }
    return dims.map((d, k) => {
      const s = per[k]!;
      if (typeof s === "number") {
        if (!Number.isFinite(s)) throw new RangeError(`[${op}] spacing must be finite: got ${s}`);
        return uniform(f, d, s, order);
      }
      if (!(s instanceof Tensor))
        throw new TypeError(`[${op}] spacing[${k}] must be a number or a 1-D Tensor: got ${describe(s)}`);
      if (s.dim() !== 1 || s.shape[0] !== input.shape[d])
        throw new RangeError(
          `[${op}] spacing[${k}] must be a 1-D tensor of ${input.shape[d]} coordinates (the size of dim ${d}): got shape [${s.shape.join(", ")}]`,
        );
      return coordinates(f, d, s, order);
    });
  },
);
