/** Reference batched matrix product, accumulating in float64. */
import type { View } from "../backend.js";
import { reader, writer } from "./iter.js";

/**
 * Float32/float64 operands are read straight from their typed arrays (no per-element reader
 * closures) in i-k-j order so the inner loop walks `b` and the accumulator row contiguously
 * when they are row-major; results are identical to the generic path (float64 accumulation
 * over k in order).
 */
function matmulFloat(a: View, b: View, out: View): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const [as0, as1, as2] = a.strides as [number, number, number];
  const [bs0, bs1, bs2] = b.strides as [number, number, number];
  const [os0, os1, os2] = out.strides as [number, number, number];
  const A = a.data as Float32Array | Float64Array;
  const Bd = b.data as Float32Array | Float64Array;
  const O = out.data as Float32Array | Float64Array;
  const acc = new Float64Array(N);
  for (let bt = 0; bt < B; bt++) {
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      const aRow = a.offset + bt * as0 + i * as1;
      const bBase = b.offset + bt * bs0;
      for (let k = 0; k < K; k++) {
        const av = A[aRow + k * as2]!;
        for (let j = 0, p = bBase + k * bs1; j < N; j++, p += bs2) acc[j] += av * Bd[p]!;
      }
      const oRow = out.offset + bt * os0 + i * os1;
      for (let j = 0; j < N; j++) O[oRow + j * os2] = acc[j]!;
    }
  }
}

export function matmul(a: View, b: View, out: View): void {
  const fast = (d: string) => d === "float32" || d === "float64";
  if (fast(a.dtype) && fast(b.dtype) && fast(out.dtype)) return matmulFloat(a, b, out);
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const [as0, as1, as2] = a.strides as [number, number, number];
  const [bs0, bs1, bs2] = b.strides as [number, number, number];
  const [os0, os1, os2] = out.strides as [number, number, number];
  const ra = reader(a);
  const rb = reader(b);
  const wr = writer(out);
  const row = new Float64Array(K);
  for (let bt = 0; bt < B; bt++) {
    for (let i = 0; i < M; i++) {
      const aBase = a.offset + bt * as0 + i * as1;
      for (let k = 0; k < K; k++) row[k] = ra(aBase + k * as2);
      for (let j = 0; j < N; j++) {
        const bBase = b.offset + bt * bs0 + j * bs2;
        let acc = 0;
        for (let k = 0; k < K; k++) acc += row[k]! * rb(bBase + k * bs1);
        wr(out.offset + bt * os0 + i * os1 + j * os2, acc);
      }
    }
  }
}
