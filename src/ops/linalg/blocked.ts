/**
 * Blocked (right-looking) LU and Cholesky: the panel work runs in TypeScript, and the O(n³)
 * trailing update `A22 -= L21·U12` (`A22 -= L21·L21ᵀ`) runs as one product on the active
 * backend's matmul kernel (the native GEMM when it is loaded), on strided views of the same
 * float64 buffer. Results equal the unblocked kernels' up to rounding; small matrices (n ≤ the
 * block size) take the unblocked path.
 */
import type { View } from "../../backend/backend.js";
import { activeBackend } from "../../backend/registry.js";
import { cholesky as cholUnblocked, luFactor as luUnblocked } from "./kernels.js";

/** Block size: panels of NB columns; the trailing update is a rank-NB product. */
const NB = 48;

function view(data: Float64Array, rows: number, cols: number, rs: number, cs: number, offset: number): View {
  return { data, dtype: "float64", shape: [1, rows, cols], strides: [0, rs, cs], offset };
}

/** `a[r0.., c0..] -= P` for the rows×cols product P = X·Y computed by the backend. */
function gemmSub(
  a: Float64Array,
  n: number,
  x: View,
  y: View,
  rows: number,
  cols: number,
  r0: number,
  c0: number,
  lowerOnly: boolean,
): void {
  const p = new Float64Array(rows * cols);
  activeBackend().matmul(x, y, view(p, rows, cols, cols, 1, 0));
  for (let i = 0; i < rows; i++) {
    const ri = (r0 + i) * n + c0;
    const end = lowerOnly ? Math.min(cols, i + 1) : cols;
    for (let j = 0; j < end; j++) a[ri + j] = a[ri + j]! - p[i * cols + j]!;
  }
}

/** Same contract as kernels.luFactor (0-based piv, 1-based info of the first zero pivot). */
export function luFactorBlocked(a: Float64Array, n: number, piv: Int32Array): number {
  if (n <= 2 * NB) return luUnblocked(a, n, piv);
  let info = 0;
  for (let k0 = 0; k0 < n; k0 += NB) {
    const kb = Math.min(NB, n - k0);
    const kEnd = k0 + kb;
    // panel: columns k0..kEnd, rows k0..n, with full-row swaps
    for (let k = k0; k < kEnd; k++) {
      let p = k;
      let best = Math.abs(a[k * n + k]!);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(a[i * n + k]!);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      piv[k] = p;
      if (p !== k) {
        const rk = k * n;
        const rp = p * n;
        for (let j = 0; j < n; j++) {
          const t = a[rk + j]!;
          a[rk + j] = a[rp + j]!;
          a[rp + j] = t;
        }
      }
      const d = a[k * n + k]!;
      if (d === 0) {
        if (info === 0) info = k + 1;
        continue;
      }
      const inv = 1 / d;
      const rk = k * n;
      for (let i = k + 1; i < n; i++) {
        const ri = i * n;
        const l = a[ri + k]! * inv;
        a[ri + k] = l;
        if (l === 0) continue;
        for (let j = k + 1; j < kEnd; j++) a[ri + j] = a[ri + j]! - l * a[rk + j]!;
      }
    }
    if (kEnd >= n) break;
    // U12 = L11⁻¹·A12 (unit lower, rows k0..kEnd, columns kEnd..n)
    for (let i = k0 + 1; i < kEnd; i++) {
      const ri = i * n;
      for (let p = k0; p < i; p++) {
        const l = a[ri + p]!;
        if (l === 0) continue;
        const rp = p * n;
        for (let j = kEnd; j < n; j++) a[ri + j] = a[ri + j]! - l * a[rp + j]!;
      }
    }
    // A22 -= L21·U12
    const r = n - kEnd;
    gemmSub(a, n, view(a, r, kb, n, 1, kEnd * n + k0), view(a, kb, r, n, 1, k0 * n + kEnd), r, r, kEnd, kEnd, false);
  }
  return info;
}

/** Same contract as kernels.cholesky (lower factor in place, info = failing minor's order). */
export function choleskyBlocked(a: Float64Array, n: number): number {
  if (n <= 2 * NB) return cholUnblocked(a, n);
  for (let k0 = 0; k0 < n; k0 += NB) {
    const kb = Math.min(NB, n - k0);
    const kEnd = k0 + kb;
    // diagonal block (already updated by earlier blocks): unblocked Cholesky in place
    for (let j = k0; j < kEnd; j++) {
      const rj = j * n;
      let d = a[rj + j]!;
      for (let p = k0; p < j; p++) d -= a[rj + p]! * a[rj + p]!;
      if (!(d > 0)) return j + 1;
      const ljj = Math.sqrt(d);
      a[rj + j] = ljj;
      const inv = 1 / ljj;
      // column j of the whole panel below the diagonal (rows j+1..n)
      for (let i = j + 1; i < n; i++) {
        const ri = i * n;
        let s = a[ri + j]!;
        for (let p = k0; p < j; p++) s -= a[ri + p]! * a[rj + p]!;
        a[ri + j] = s * inv;
      }
    }
    if (kEnd >= n) break;
    // A22 -= L21·L21ᵀ (lower triangle only is kept)
    const r = n - kEnd;
    gemmSub(a, n, view(a, r, kb, n, 1, kEnd * n + k0), view(a, kb, r, 1, n, kEnd * n + k0), r, r, kEnd, kEnd, true);
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 0;
  return 0;
}
