/**
 * Dense factorisation kernels on one row-major float64 matrix (the reference path of
 * `torch.linalg`): partial-pivot LU, Cholesky, Householder QR, cyclic Jacobi for symmetric
 * eigenproblems and one-sided (Hestenes) Jacobi SVD. Every routine accumulates in float64 and
 * works in place on a `Float64Array`; the ops in this folder run them once per batch matrix.
 * Sign conventions follow LAPACK (and so PyTorch): Householder reflectors use
 * `beta = -sign(alpha)·‖x‖`, so R's diagonal has the sign LAPACK's `geqrf` gives.
 */

/**
 * LU with partial pivoting of the n×n matrix `a` (row-major, overwritten by L\U with L's unit
 * diagonal implied). `piv[i]` is the 0-based row swapped with row i at step i (LAPACK's ipiv,
 * minus one). Returns 0, or the 1-based index of the first zero pivot (the factorisation still
 * completes, as LAPACK's getrf does).
 */
export function luFactor(a: Float64Array, n: number, piv: Int32Array): number {
  let info = 0;
  for (let k = 0; k < n; k++) {
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
      for (let j = k + 1; j < n; j++) a[ri + j] = a[ri + j]! - l * a[rk + j]!;
    }
  }
  return info;
}

/**
 * Solves A·X = B (or Aᵀ·X = B with `trans`) from `luFactor`'s output; `b` is n×k row-major and
 * is overwritten by X.
 */
export function luSolve(lu: Float64Array, piv: Int32Array, b: Float64Array, n: number, k: number, trans = false): void {
  if (!trans) {
    for (let i = 0; i < n; i++) swapRows(b, i, piv[i]!, k);
    // L·Y = PB (unit lower), then U·X = Y
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const l = lu[i * n + j]!;
        if (l !== 0) for (let c = 0; c < k; c++) b[i * k + c] = b[i * k + c]! - l * b[j * k + c]!;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++) {
        const u = lu[i * n + j]!;
        if (u !== 0) for (let c = 0; c < k; c++) b[i * k + c] = b[i * k + c]! - u * b[j * k + c]!;
      }
      const d = 1 / lu[i * n + i]!;
      for (let c = 0; c < k; c++) b[i * k + c] = b[i * k + c]! * d;
    }
    return;
  }
  // Aᵀ = Uᵀ Lᵀ P: Uᵀ·Z = B, Lᵀ·W = Z, X = Pᵀ W
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const u = lu[j * n + i]!;
      if (u !== 0) for (let c = 0; c < k; c++) b[i * k + c] = b[i * k + c]! - u * b[j * k + c]!;
    }
    const d = 1 / lu[i * n + i]!;
    for (let c = 0; c < k; c++) b[i * k + c] = b[i * k + c]! * d;
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) {
      const l = lu[j * n + i]!;
      if (l !== 0) for (let c = 0; c < k; c++) b[i * k + c] = b[i * k + c]! - l * b[j * k + c]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) swapRows(b, i, piv[i]!, k);
}

function swapRows(b: Float64Array, i: number, p: number, k: number): void {
  if (i === p) return;
  for (let c = 0; c < k; c++) {
    const t = b[i * k + c]!;
    b[i * k + c] = b[p * k + c]!;
    b[p * k + c] = t;
  }
}

/**
 * Cholesky factor of the symmetric n×n matrix `a`, read from its lower triangle; `a` is
 * overwritten by L (upper triangle zeroed). Returns 0, or the order of the first leading minor
 * that is not positive-definite.
 */
export function cholesky(a: Float64Array, n: number): number {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let p = 0; p < j; p++) d -= a[rj + p]! * a[rj + p]!;
    if (!(d > 0)) return j + 1;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j]!;
      for (let p = 0; p < j; p++) s -= a[ri + p]! * a[rj + p]!;
      a[ri + j] = s * inv;
    }
    for (let c = j + 1; c < n; c++) a[rj + c] = 0;
  }
  return 0;
}

/**
 * Solves the triangular system T·X = B in place (`b` is n×k); `t` is n×n row-major, `upper`
 * picks its triangle, `unit` assumes a unit diagonal. Transposed systems are passed as the
 * transposed matrix by the caller.
 */
export function triSolve(t: Float64Array, b: Float64Array, n: number, k: number, upper: boolean, unit: boolean): void {
  if (!upper) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const l = t[i * n + j]!;
        if (l !== 0) for (let c = 0; c < k; c++) b[i * k + c] = b[i * k + c]! - l * b[j * k + c]!;
      }
      if (!unit) {
        const d = t[i * n + i]!;
        for (let c = 0; c < k; c++) b[i * k + c] = b[i * k + c]! / d;
      }
    }
  } else {
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++) {
        const u = t[i * n + j]!;
        if (u !== 0) for (let c = 0; c < k; c++) b[i * k + c] = b[i * k + c]! - u * b[j * k + c]!;
      }
      if (!unit) {
        const d = t[i * n + i]!;
        for (let c = 0; c < k; c++) b[i * k + c] = b[i * k + c]! / d;
      }
    }
  }
}

/**
 * Householder QR of the m×n matrix `a` (row-major). Returns Q (m×kq, kq = m when `complete`,
 * else min(m, n)) and R (kq×n), both row-major.
 */
export function householderQr(
  a: Float64Array,
  m: number,
  n: number,
  complete: boolean,
): { q: Float64Array; r: Float64Array; kq: number } {
  const k = Math.min(m, n);
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const taus: number[] = [];
  for (let j = 0; j < k; j++) {
    let norm2 = 0;
    for (let i = j + 1; i < m; i++) norm2 += r[i * n + j]! * r[i * n + j]!;
    const alpha = r[j * n + j]!;
    const v = new Float64Array(m - j);
    v[0] = 1;
    if (norm2 === 0) {
      // H = I (LAPACK's dlarfg with x = 0): tau = 0
      vs.push(v);
      taus.push(0);
      continue;
    }
    const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, Math.sqrt(norm2));
    const tau = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) v[i - j] = r[i * n + j]! * scale;
    vs.push(v);
    taus.push(tau);
    // apply H = I - tau v vᵀ to the trailing columns
    for (let c = j; c < n; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i - j]! * r[i * n + c]!;
      s *= tau;
      for (let i = j; i < m; i++) r[i * n + c] = r[i * n + c]! - s * v[i - j]!;
    }
    for (let i = j + 1; i < m; i++) r[i * n + j] = 0;
  }
  const kq = complete ? m : k;
  // Q = H_0 H_1 … H_{k-1} applied to the first kq columns of I (backward accumulation)
  const q = new Float64Array(m * kq);
  for (let i = 0; i < Math.min(m, kq); i++) q[i * kq + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const v = vs[j]!;
    const tau = taus[j]!;
    if (tau === 0) continue;
    for (let c = 0; c < kq; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i - j]! * q[i * kq + c]!;
      s *= tau;
      if (s !== 0) for (let i = j; i < m; i++) q[i * kq + c] = q[i * kq + c]! - s * v[i - j]!;
    }
  }
  const rOut = new Float64Array(kq * n);
  for (let i = 0; i < Math.min(kq, m); i++) for (let c = i; c < n; c++) rOut[i * n + c] = r[i * n + c]!;
  return { q, r: rOut, kq };
}

/**
 * Eigen-decomposition of the symmetric n×n matrix `a` (row-major, symmetric on entry) by cyclic
 * Jacobi rotations. Returns the eigenvalues ascending and the eigenvectors as the columns of
 * `v` (row-major n×n), in the same order.
 */
export function jacobiEigh(a: Float64Array, n: number): { w: Float64Array; v: Float64Array } {
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += A[i * n + i]! * A[i * n + i]!;
      for (let j = i + 1; j < n; j++) off += A[i * n + j]! * A[i * n + j]!;
    }
    if (off <= 1e-32 * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (apq === 0) continue;
        const app = A[p * n + p]!;
        const aqq = A[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← Jᵀ A J on rows/columns p and q
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p]!;
          const akq = A[k * n + q]!;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]!;
          const aqk = A[q * n + k]!;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        A[p * n + q] = 0;
        A[q * n + p] = 0;
        // V is stored transposed (eigenvector j is row j), so this update is contiguous
        for (let k = 0; k < n; k++) {
          const vkp = V[p * n + k]!;
          const vkq = V[q * n + k]!;
          V[p * n + k] = c * vkp - s * vkq;
          V[q * n + k] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => A[x * n + x]! - A[y * n + y]!);
  const w = new Float64Array(n);
  const v = new Float64Array(n * n);
  order.forEach((src, dst) => {
    w[dst] = A[src * n + src]!;
    for (let k = 0; k < n; k++) v[k * n + dst] = V[src * n + k]!;
  });
  return { w, v };
}

/**
 * Thin SVD of the m×n matrix `a` (row-major) by one-sided Jacobi on its columns (on Aᵀ when
 * m < n). Returns U (m×k), S (k, descending) and Vᵀ (k×n), k = min(m, n). Columns of U for zero
 * singular values are completed to an orthonormal set.
 */
export function jacobiSvd(
  a: Float64Array,
  m: number,
  n: number,
): { u: Float64Array; s: Float64Array; vt: Float64Array } {
  if (m < n) {
    const t = transpose(a, m, n);
    const r = jacobiSvd(t, n, m);
    // Aᵀ = U' S V'ᵀ  ⇒  A = V' S U'ᵀ
    return { u: transpose(r.vt, m, m), s: r.s, vt: transpose(r.u, n, m) };
  }
  // m >= n: orthogonalise the columns of W = A (m×n), accumulating V (n×n). Both are stored
  // transposed (column j of W is row j of Wt), so every rotation runs over contiguous memory.
  const Wt = transpose(a, m, n);
  const Vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Vt[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const op = p * m;
      for (let q = p + 1; q < n; q++) {
        const oq = q * m;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const wp = Wt[op + i]!;
          const wq = Wt[oq + i]!;
          alpha += wp * wp;
          beta += wq * wq;
          gamma += wp * wq;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const wp = Wt[op + i]!;
          const wq = Wt[oq + i]!;
          Wt[op + i] = c * wp - s * wq;
          Wt[oq + i] = s * wp + c * wq;
        }
        const vp0 = p * n;
        const vq0 = q * n;
        for (let i = 0; i < n; i++) {
          const vp = Vt[vp0 + i]!;
          const vq = Vt[vq0 + i]!;
          Vt[vp0 + i] = c * vp - s * vq;
          Vt[vq0 + i] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += Wt[j * m + i]! * Wt[j * m + i]!;
    norms[j] = Math.sqrt(s);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => norms[y]! - norms[x]!);
  const u = new Float64Array(m * n);
  const s = new Float64Array(n);
  const vt = new Float64Array(n * n);
  order.forEach((src, dst) => {
    s[dst] = norms[src]!;
    for (let i = 0; i < n; i++) vt[dst * n + i] = Vt[src * n + i]!;
    if (norms[src]! > 0) for (let i = 0; i < m; i++) u[i * n + dst] = Wt[src * m + i]! / norms[src]!;
  });
  completeColumns(u, m, n, s);
  return { u, s, vt };
}

/** Replaces the columns of u (m×k) whose singular value is 0 by unit vectors orthogonal to the rest. */
function completeColumns(u: Float64Array, m: number, k: number, s: Float64Array): void {
  for (let j = 0; j < k; j++) {
    if (s[j]! > 0) continue;
    for (let e = 0; e < m; e++) {
      const cand = new Float64Array(m);
      cand[e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let c = 0; c < k; c++) {
          if (c === j || (s[c]! === 0 && c > j)) continue;
          let d = 0;
          for (let i = 0; i < m; i++) d += u[i * k + c]! * cand[i]!;
          for (let i = 0; i < m; i++) cand[i] = cand[i]! - d * u[i * k + c]!;
        }
      }
      let nn = 0;
      for (let i = 0; i < m; i++) nn += cand[i]! * cand[i]!;
      if (nn > 1e-6) {
        const r = 1 / Math.sqrt(nn);
        for (let i = 0; i < m; i++) u[i * k + j] = cand[i]! * r;
        break;
      }
    }
  }
}

/**
 * Extends the m×k matrix with orthonormal columns `u` to an m×m orthogonal matrix (the extra
 * columns of a full SVD or complete QR, which are not unique).
 */
export function completeBasis(u: Float64Array, m: number, k: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) out[i * m + c] = u[i * k + c]!;
  const s = new Float64Array(m);
  for (let c = 0; c < k; c++) s[c] = 1;
  completeColumns(out, m, m, s);
  return out;
}

/** The n×m transpose of the row-major m×n matrix `a`. */
export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return t;
}
