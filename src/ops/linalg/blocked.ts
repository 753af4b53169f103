/**
 * Blocked (right-looking) LU and Cholesky: the panel work runs in TypeScript, and the O(n³)
 * trailing update `A22 -= L21·U12` (`A22 -= L21·L21ᵀ`) runs as one product on the active
 * backend's matmul kernel (the native GEMM when it is loaded), on strided views of the same
 * float64 buffer. Results equal the unblocked kernels' up to rounding; small matrices (n ≤ the
 * block size) take the unblocked path.
 */
import type { View } from "../../backend/backend.js";
import { activeBackend } from "../../backend/registry.js";
import { cholesky as cholUnblocked, householderQr as qrUnblocked, luFactor as luUnblocked } from "./kernels.js";

/** Block size: panels of NB columns; the trailing update is a rank-NB product. */
const NB = 48;

function view(data: Float64Array, rows: number, cols: number, rs: number, cs: number, offset: number): View {
  return { data, dtype: "float64", shape: [1, rows, cols], strides: [0, rs, cs], offset };
}

let SCRATCH = new Float64Array(0);

/** A reused buffer for products (the backend's matmul overwrites its output in full). */
function scratch(size: number): Float64Array {
  if (SCRATCH.length < size) SCRATCH = new Float64Array(size);
  return SCRATCH.subarray(0, size);
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
  const p = scratch(rows * cols);
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
    // panel: columns k0..kEnd, rows k0..n, factored in a column-major copy (contiguous pivot
    // search and column updates); its row swaps reach the other columns afterwards (LAPACK's laswp)
    const rows = n - k0;
    const P = new Float64Array(kb * rows);
    for (let ii = 0; ii < rows; ii++) {
      const src = (k0 + ii) * n + k0;
      for (let jj = 0; jj < kb; jj++) P[jj * rows + ii] = a[src + jj]!;
    }
    for (let jj = 0; jj < kb; jj++) {
      const col = jj * rows;
      let p = jj;
      let best = Math.abs(P[col + jj]!);
      for (let ii = jj + 1; ii < rows; ii++) {
        const v = Math.abs(P[col + ii]!);
        if (v > best) {
          best = v;
          p = ii;
        }
      }
      piv[k0 + jj] = k0 + p;
      if (p !== jj) {
        for (let cc = 0; cc < kb; cc++) {
          const t = P[cc * rows + jj]!;
          P[cc * rows + jj] = P[cc * rows + p]!;
          P[cc * rows + p] = t;
        }
      }
      const d = P[col + jj]!;
      if (d === 0) {
        if (info === 0) info = k0 + jj + 1;
        continue;
      }
      const inv = 1 / d;
      for (let ii = jj + 1; ii < rows; ii++) P[col + ii] = P[col + ii]! * inv;
      for (let cc = jj + 1; cc < kb; cc++) {
        const c2 = cc * rows;
        const u = P[c2 + jj]!;
        if (u === 0) continue;
        for (let ii = jj + 1; ii < rows; ii++) P[c2 + ii] = P[c2 + ii]! - u * P[col + ii]!;
      }
    }
    for (let ii = 0; ii < rows; ii++) {
      const dst = (k0 + ii) * n + k0;
      for (let jj = 0; jj < kb; jj++) a[dst + jj] = P[jj * rows + ii]!;
    }
    // the panel's row swaps, applied to the columns left and right of it
    for (let k = k0; k < kEnd; k++) {
      const p = piv[k]!;
      if (p === k) continue;
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < k0; j++) {
        const t = a[rk + j]!;
        a[rk + j] = a[rp + j]!;
        a[rp + j] = t;
      }
      for (let j = kEnd; j < n; j++) {
        const t = a[rk + j]!;
        a[rk + j] = a[rp + j]!;
        a[rp + j] = t;
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

/**
 * Householder QR with compact-WY blocking (LAPACK's geqrf/orgqr scheme): each panel of NB
 * reflectors is factored column by column, gathered as I − V·T·Vᵀ, and applied to the trailing
 * columns (and, when forming Q, to Q's rows) with two backend products. Same contract and signs
 * as kernels.householderQr.
 */
export function householderQrBlocked(
  a: Float64Array,
  m: number,
  n: number,
  complete: boolean,
): { q: Float64Array; r: Float64Array; kq: number } {
  const k = Math.min(m, n);
  if (k <= 2 * NB) return qrUnblocked(a, m, n, complete);
  const r = Float64Array.from(a);
  const taus = new Float64Array(k);
  const panels: { j0: number; jb: number; V: Float64Array; T: Float64Array }[] = [];
  for (let j0 = 0; j0 < k; j0 += NB) {
    const jb = Math.min(NB, k - j0);
    const rows = m - j0;
    // the panel, copied column-major (column jj is P[jj·rows ..]) so every loop below is contiguous
    const P = new Float64Array(jb * rows);
    for (let ii = 0; ii < rows; ii++) {
      const src = (j0 + ii) * n + j0;
      for (let jj = 0; jj < jb; jj++) P[jj * rows + ii] = r[src + jj]!;
    }
    // Vt: reflector jj is row jj (unit at ii = jj, zeros above)
    const V = new Float64Array(jb * rows);
    for (let jj = 0; jj < jb; jj++) {
      const col = jj * rows;
      const vr = jj * rows;
      let norm2 = 0;
      for (let ii = jj + 1; ii < rows; ii++) norm2 += P[col + ii]! * P[col + ii]!;
      const alpha = P[col + jj]!;
      V[vr + jj] = 1;
      if (norm2 === 0) continue; // H = I, tau = 0
      const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, Math.sqrt(norm2));
      const tau = (beta - alpha) / beta;
      const scale = 1 / (alpha - beta);
      for (let ii = jj + 1; ii < rows; ii++) V[vr + ii] = P[col + ii]! * scale;
      taus[j0 + jj] = tau;
      P[col + jj] = beta;
      P.fill(0, col + jj + 1, col + rows);
      for (let cc = jj + 1; cc < jb; cc++) {
        const c2 = cc * rows;
        let s = 0;
        for (let ii = jj; ii < rows; ii++) s += V[vr + ii]! * P[c2 + ii]!;
        s *= tau;
        for (let ii = jj; ii < rows; ii++) P[c2 + ii] = P[c2 + ii]! - s * V[vr + ii]!;
      }
    }
    for (let ii = 0; ii < rows; ii++) {
      const dst = (j0 + ii) * n + j0;
      for (let jj = 0; jj < jb; jj++) r[dst + jj] = P[jj * rows + ii]!;
    }
    // T (upper triangular) with H_1···H_jb = I − V·T·Vᵀ
    const T = new Float64Array(jb * jb);
    const w = new Float64Array(jb);
    for (let i = 0; i < jb; i++) {
      const tau = taus[j0 + i]!;
      T[i * jb + i] = tau;
      if (i === 0 || tau === 0) continue;
      for (let p = 0; p < i; p++) {
        let d = 0;
        for (let ii = i; ii < rows; ii++) d += V[p * rows + ii]! * V[i * rows + ii]!;
        w[p] = d;
      }
      for (let p = 0; p < i; p++) {
        let s = 0;
        for (let q = p; q < i; q++) s += T[p * jb + q]! * w[q]!;
        T[p * jb + i] = -tau * s;
      }
    }
    // trailing columns: A2 ← (I − V·Tᵀ·Vᵀ)·A2
    const c0 = j0 + jb;
    const cols = n - c0;
    if (cols > 0) applyBlock(r, n, j0, c0, rows, cols, V, T, jb, true);
    panels.push({ j0, jb, V, T });
  }
  const kq = complete ? m : k;
  const rOut = new Float64Array(kq * n);
  for (let i = 0; i < Math.min(kq, m); i++) for (let c = i; c < n; c++) rOut[i * n + c] = r[i * n + c]!;
  const q = new Float64Array(m * kq);
  for (let i = 0; i < Math.min(m, kq); i++) q[i * kq + i] = 1;
  for (let p = panels.length - 1; p >= 0; p--) {
    const { j0, jb, V, T } = panels[p]!;
    applyBlock(q, kq, j0, j0, m - j0, kq - j0, V, T, jb, false);
  }
  return { q, r: rOut, kq };
}

/**
 * X ← (I − V·op(T)·Vᵀ)·X on the rows×cols block of `x` at (r0, c0); op(T) = Tᵀ when `transT`.
 * `V` holds the reflectors as rows (jb × rows).
 */
function applyBlock(
  x: Float64Array,
  ld: number,
  r0: number,
  c0: number,
  rows: number,
  cols: number,
  V: Float64Array,
  T: Float64Array,
  jb: number,
  transT: boolean,
): void {
  const W = new Float64Array(jb * cols);
  activeBackend().matmul(
    view(V, jb, rows, rows, 1, 0),
    view(x, rows, cols, ld, 1, r0 * ld + c0),
    view(W, jb, cols, cols, 1, 0),
  );
  const W2 = new Float64Array(jb * cols);
  for (let p = 0; p < jb; p++) {
    const out = p * cols;
    for (let q = transT ? 0 : p; transT ? q <= p : q < jb; q++) {
      const t = transT ? T[q * jb + p]! : T[p * jb + q]!;
      if (t === 0) continue;
      const src = q * cols;
      for (let c = 0; c < cols; c++) W2[out + c] = W2[out + c]! + t * W[src + c]!;
    }
  }
  gemmSub(x, ld, view(V, rows, jb, 1, rows, 0), view(W2, jb, cols, cols, 1, 0), rows, cols, r0, c0, false);
}
