/**
 * Exact float → decimal text, rounded half-to-even on the exact binary value, as Python's
 * `"{:.Nf}"` and `"{:.Ne}"` do. JS `toFixed`/`toExponential` round ties away from zero
 * (0.03125 → "0.0313", Python gives "0.0312") and switch to exponent form past 1e21, so they
 * cannot be used for a byte-exact match with PyTorch.
 */

const view = new DataView(new ArrayBuffer(8));
const POW10: bigint[] = [1n];

function pow10(k: number): bigint {
  while (POW10.length <= k) POW10.push(POW10[POW10.length - 1]! * 10n);
  return POW10[k]!;
}

/** |x| = mant · 2^exp exactly, for finite x. */
function decompose(x: number): { mant: bigint; exp: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mant: frac, exp: -1074 }; // subnormal (or zero)
  return { mant: frac | (1n << 52n), exp: biased - 1075 };
}

/** round_half_even(mant · 2^exp · 10^k) as a bigint. */
function scaledRound(mant: bigint, exp: number, k: number): bigint {
  let num = mant;
  let den = 1n;
  if (k >= 0) num *= pow10(k);
  else den *= pow10(-k);
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  const q = num / den;
  const twice = (num % den) * 2n;
  if (twice > den || (twice === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** Non-finite values print as Python prints them: `nan` (sign dropped), `inf`, `-inf`. */
function nonFinite(x: number): string {
  if (Number.isNaN(x)) return "nan";
  return x > 0 ? "inf" : "-inf";
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

/**
 * Python's `"{:.<digits>f}".format(x)`.
 *
 * @example
 * formatFixed(0.03125, 4); // "0.0312"
 * formatFixed(-0, 0);      // "-0"
 */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const { mant, exp } = decompose(x);
  const s = scaledRound(mant, exp, digits).toString();
  if (digits === 0) return signOf(x) + s;
  const padded = s.padStart(digits + 1, "0");
  const cut = padded.length - digits;
  return `${signOf(x)}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/**
 * Python's `"{:.<digits>e}".format(x)`: at least two exponent digits.
 *
 * @example
 * formatExp(12345.678, 4); // "1.2346e+04"
 * formatExp(0, 2);         // "0.00e+00"
 */
export function formatExp(x: number, digits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  let e = 0;
  let n = 0n;
  if (x !== 0) {
    const { mant, exp } = decompose(x);
    const lo = pow10(digits);
    const hi = pow10(digits + 1);
    e = Math.floor(Math.log10(Math.abs(x)));
    // log10 can be off by one near powers of ten, and rounding can carry to 10.000…: adjust.
    for (;;) {
      n = scaledRound(mant, exp, digits - e);
      if (n >= hi) e += 1;
      else if (n < lo) e -= 1;
      else break;
    }
  }
  const ds = n.toString().padStart(digits + 1, "0");
  const body = digits === 0 ? ds : `${ds[0]}.${ds.slice(1)}`;
  const es = Math.abs(e).toString().padStart(2, "0");
  return `${signOf(x)}${body}e${e < 0 ? "-" : "+"}${es}`;
}
