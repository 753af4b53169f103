/**
 * Special functions beyond the math-extra composites: `nextafter` (the next representable float,
 * bit-exact, from exponent arithmetic), the regularized incomplete gamma functions `igamma` /
 * `igammac` (primitives with float64 scalar kernels, util/special-math.ts) and `polygamma`
 * (ψ for n = 0, else (−1)^(n+1) n! ζ(n+1, x) with Hurwitz's zeta primitive).
 */
import { checkInt, describe } from "../util/args.js";
import { noGrad } from "../autograd/mode.js";
import { full } from "../tensor/creation.js";
import { getDefaultDtype, isFloatingPoint, resultType, type DType } from "../tensor/dtype.js";
import { installMethods } from "../tensor/methods.js";
import { Tensor } from "../tensor/tensor.js";
import { applyBinary, inplace, promotionOperand, record, type BinarySpec } from "./define.js";
import { where } from "./composite.js";
import { bitsAs } from "./device-bits.js";
import { digamma, lgamma } from "./math-extra.js";
import { defineOp } from "./registry.js";

function checkTensorArg(op: string, v: unknown, what: string): asserts v is Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`[${op}] expected ${what} to be a Tensor: got ${describe(v)}`);
}

// ---- nextafter ---------------------------------------------------------------------------------

/** Mantissa bits and smallest normal exponent of the dtypes nextafter supports. */
const LAYOUT: Partial<Record<DType, { mant: number; emin: number; emax: number; max: number }>> = {
  float32: { mant: 23, emin: -126, emax: 127, max: 3.4028234663852886e38 },
  float64: { mant: 52, emin: -1022, emax: 1023, max: Number.MAX_VALUE },
  bfloat16: { mant: 7, emin: -126, emax: 127, max: 3.3895313892515355e38 },
};

/**
 * The next float after `input` in the direction of `other`, elementwise (bit-exact for float32,
 * float64 and bfloat16). Not differentiable.
 * @example torch.nextafter(torch.tensor([1], { dtype: "float64" }), torch.tensor([2], { dtype: "float64" })).sub(1) // tensor([2.2204e-16], dtype=torch.float64)
 */
export const nextafter = defineOp(
  "nextafter",
  { family: "binary", mode: "inplace", maxArgs: 2 },
  function nextafter(input: Tensor, other: Tensor): Tensor {
    checkTensorArg("nextafter", input, "input");
    checkTensorArg("nextafter", other, "other");
    const dtype = resultType([promotionOperand(input), promotionOperand(other)]);
    const L = LAYOUT[dtype];
    if (L === undefined) throw new TypeError(`[nextafter] expected float32, float64 or bfloat16 tensors: got ${dtype}`);
    if (dtype === "float32" && (input.storage.device !== "cpu" || other.storage.device !== "cpu")) {
      return noGrad(() => nextafterBits(input.to(dtype), other.to(dtype)));
    }
    return noGrad(() => {
      const x = input.to(dtype).to("float64");
      const y = other.to(dtype).to("float64");
      const ax = x.abs();
      // e = the binade of |x| (floor(log2|x|) corrected where log2 rounds), at least emin
      let e = ax.log2().floor().clamp(L.emin, L.emax);
      e = where(e.exp2().gt(ax), e.sub(1), e);
      e = where(e.add(1).exp2().le(ax), e.add(1), e).clamp(L.emin, L.emax);
      const up = y.gt(x);
      const ulp = e.sub(L.mant).exp2();
      // stepping toward zero from a power of two lands in the binade below (half the spacing)
      const towardZero = up.logicalXor(x.gt(0));
      const half = towardZero.logicalAnd(ax.eq(e.exp2())).logicalAnd(e.gt(L.emin));
      const step = where(half, ulp.mul(0.5), ulp);
      let r = x.add(where(up, step, step.neg()));
      r = where(r.eq(0), x.mul(0), r); // from ∓(smallest subnormal) toward zero: a zero of x's sign, as C's

      const denorm = 2 ** (L.emin - L.mant);
      const tiny = full([], denorm, { dtype: "float64" });
      r = where(x.eq(0), where(up, tiny, tiny.neg()), r);
      r = where(x.isinf(), x.sign().mul(L.max), r);
      r = where(x.eq(y), y, r);
      r = where(x.isnan().logicalOr(y.isnan()), NaN, r);
      return r.to(dtype);
    });
  },
);

/**
 * float32 nextafter on a device (no float64 there): integer steps on the bit patterns, as C's
 * nextafterf — ±1 on the pattern moves one representable float along the magnitude, and the
 * comparisons run on the patterns mapped to an ordered integer line (−0 and +0 at 0), so
 * subnormals come out exact whatever the device does with subnormal arithmetic.
 */
function nextafterBits(x: Tensor, y: Tensor): Tensor {
  const bx = bitsAs(x.contiguous(), "int32");
  const by = bitsAs(y.contiguous(), "int32");
  const mx = bx.bitwiseAnd(0x7fffffff);
  const my = by.bitwiseAnd(0x7fffffff);
  const ox = where(bx.lt(0), mx.neg(), mx);
  const oy = where(by.lt(0), my.neg(), my);
  const step = where(oy.gt(ox).eq(ox.gt(0)), 1, -1);
  // from ±0: the smallest subnormal with y's sign (bits 1 or 0x80000001)
  let r = where(mx.eq(0), where(oy.gt(0), 1, -0x7fffffff), bx.add(step));
  r = where(ox.eq(oy), by, r);
  r = where(mx.gt(0x7f800000).logicalOr(my.gt(0x7f800000)), 0x7fc00000, r);
  return bitsAs(r.to("int32"), "float32");
}

// ---- incomplete gamma --------------------------------------------------------------------------

function floatOnly(op: string): (dtype: DType) => void {
  return (dtype) => {
    if (!isFloatingPoint(dtype))
      throw new TypeError(`[${op}] expected floating-point tensors: got ${dtype} (PyTorch has no integer ${op})`);
  };
}

function noInputGrad(op: string): () => Tensor {
  return () => {
    throw new Error(`[${op}] the derivative with respect to input (a) is not implemented, as in PyTorch: detach it`);
  };
}

/** d/dx P(a, x) = x^(a−1) e^(−x) / Γ(a). */
function density(a: Tensor, x: Tensor): Tensor {
  return a.sub(1).mul(x.log()).sub(x).sub(lgamma(a)).exp();
}

const IGAMMA: BinarySpec = {
  kernel: "igamma",
  name: "igamma",
  dtype: "float",
  gradName: "IgammaBackward0",
  gradA: noInputGrad("igamma"),
  gradB: (a, x, _o, g): Tensor => g.mul(density(a, x)),
  saves: ["a", "b"],
  check: floatOnly("igamma"),
};

const IGAMMAC: BinarySpec = {
  kernel: "igammac",
  name: "igammac",
  dtype: "float",
  gradName: "IgammacBackward0",
  gradA: noInputGrad("igammac"),
  gradB: (a, x, _o, g): Tensor => g.mul(density(a, x)).neg(),
  saves: ["a", "b"],
  check: floatOnly("igammac"),
};

/**
 * The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a) of `input` (a) and
 * `other` (x), broadcast; NaN for negative arguments. Differentiable w.r.t. x only, as PyTorch.
 * @example torch.igamma(torch.tensor([1.0, 2.5]), torch.tensor([1.0, 2.0])) // tensor([0.6321, 0.4506])
 */
export const igamma = defineOp(
  "igamma",
  { family: "binary", mode: "inplace", kernels: ["igamma"], gradNames: ["IgammaBackward0"], maxArgs: 2 },
  function igamma(input: Tensor, other: Tensor): Tensor {
    checkTensorArg("igamma", input, "input");
    checkTensorArg("igamma", other, "other");
    return applyBinary(IGAMMA, input, other);
  },
);

/**
 * The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), accurate where it is
 * small. Differentiable w.r.t. x (`other`) only, as PyTorch.
 * @example torch.igammac(torch.tensor([1.0, 2.5]), torch.tensor([1.0, 2.0])) // tensor([0.3679, 0.5494])
 */
export const igammac = defineOp(
  "igammac",
  { family: "binary", mode: "inplace", kernels: ["igammac"], gradNames: ["IgammacBackward0"], maxArgs: 2 },
  function igammac(input: Tensor, other: Tensor): Tensor {
    checkTensorArg("igammac", input, "input");
    checkTensorArg("igammac", other, "other");
    return applyBinary(IGAMMAC, input, other);
  },
);

// ---- polygamma ---------------------------------------------------------------------------------

const ZETA: BinarySpec = { kernel: "zeta", name: "polygamma", dtype: "float" };

/**
 * The n-th derivative of the digamma function, ψ⁽ⁿ⁾(x) (n = 0 is `digamma`); float result.
 * Gradient: polygamma(n + 1, x). The method is `x.polygamma(n)` (PyTorch's argument order).
 * @example torch.polygamma(1, torch.tensor([1, 2])) // tensor([1.6449, 0.6449])
 */
export const polygamma = defineOp(
  "polygamma",
  { family: "composite", mode: "function", kernels: ["zeta"], gradNames: ["PolygammaBackward0"], maxArgs: 2 },
  function polygamma(n: number, input: Tensor): Tensor {
    checkInt("polygamma", "n", n, 0);
    checkTensorArg("polygamma", input, "input");
    const x = isFloatingPoint(input.dtype) ? input : input.to(getDefaultDtype());
    if (n === 0) return digamma(x);
    let fact = 1;
    for (let k = 2; k <= n; k++) fact *= k;
    const c = n % 2 === 1 ? fact : -fact;
    const out = noGrad(() => applyBinary(ZETA, full([], n + 1, { dtype: x.dtype }), x).mul(c));
    return record("PolygammaBackward0", out, [x], (g): Tensor[] => [g.mul(polygamma(n + 1, x))], [x]);
  },
);

// x.polygamma(n) takes n first, unlike the function's self-first method convention.
declare module "../tensor/tensor.js" {
  interface Tensor {
    /** ψ⁽ⁿ⁾ of this tensor. @example torch.tensor([1]).polygamma(1) // tensor([1.6449]) */
    polygamma(n: number): Tensor;
    /** In-place {@link Tensor.polygamma}. @example torch.tensor([1.5]).polygamma_(1) // tensor([0.9348]) */
    polygamma_(n: number): Tensor;
  }
}

installMethods({
  polygamma(this: Tensor, n: number): Tensor {
    return polygamma(n, this);
  },
  polygamma_(this: Tensor, n: number): Tensor {
    return inplace("polygamma_", this, (s) => polygamma(n, s));
  },
});
