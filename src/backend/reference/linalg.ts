/** Reference batched matrix product, accumulating in float64. */
import type { View } from "../backend.js";
import { reader, writer } from "./iter.js";

export function matmul(a: View, b: View, out: View): void {
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
