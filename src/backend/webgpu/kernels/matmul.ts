/**
 * Batched matrix product in WGSL, tiled: each 16×16 workgroup computes a 16×16 block of
 * out[b] = a[b]·b[b], staging 16×16 tiles of both operands in workgroup memory. Operands and
 * output take any strides (transposed views need no copy).
 *
 * meta: [0..3] B, M, N, K; [4..7] a's batch/row/col strides and offset; [8..11] b's; [12..15] out's.
 */
import { PRELUDE, type WType } from "../wgsl.js";

export const TILE = 16;

export function matmulSource(t: WType): string {
  const z = t === "f32" ? "0.0" : "0";
  return `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<${t}>;
@group(0) @binding(2) var<storage, read> A: array<${t}>;
@group(0) @binding(3) var<storage, read> B: array<${t}>;
var<workgroup> ta: array<array<${t}, ${TILE}>, ${TILE}>;
var<workgroup> tb: array<array<${t}, ${TILE}>, ${TILE}>;
@compute @workgroup_size(${TILE}, ${TILE})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = prm[1]; let N = prm[2]; let K = prm[3];
  let bt = i32(wg.z);
  let ly = i32(lid.y); let lx = i32(lid.x);
  let row = i32(wg.y) * ${TILE} + ly;
  let col = i32(wg.x) * ${TILE} + lx;
  let aBase = prm[7] + bt * prm[4];
  let bBase = prm[11] + bt * prm[8];
  var acc: ${t} = ${z};
  for (var k0 = 0; k0 < K; k0 = k0 + ${TILE}) {
    let ak = k0 + lx;
    if (row < M && ak < K) { ta[ly][lx] = A[aBase + row * prm[5] + ak * prm[6]]; } else { ta[ly][lx] = ${z}; }
    let bk = k0 + ly;
    if (bk < K && col < N) { tb[ly][lx] = B[bBase + bk * prm[9] + col * prm[10]]; } else { tb[ly][lx] = ${z}; }
    workgroupBarrier();
    for (var k = 0; k < ${TILE}; k = k + 1) { acc = acc + ta[ly][k] * tb[k][lx]; }
    workgroupBarrier();
  }
  if (row < M && col < N) { out[prm[15] + bt * prm[12] + row * prm[13] + col * prm[14]] = acc; }
}`;
}
