/**
 * Batched matrix product in WGSL: out[b] = a[b]·b[b], register-blocked.
 *
 * A 16×16 workgroup computes a T×T block of the output (T = 64, or 128 for products with enough
 * blocks to fill a large GPU twice: `matmulTile`); each invocation holds a (T/16)×(T/16) block of
 * accumulators (vec4 rows: 4×4 or 8×8 outputs) and adds one rank-1 update per k from vec4 reads
 * of workgroup memory. The operands are staged through workgroup memory in T×16 tiles, stored
 * k-major (`S[k][outer / 4]` as vec4) so the inner loop reads whole vec4s; an invocation's rows
 * are ty·4 + i and 64 + ty·4 + i (columns likewise), so neighbours read neighbouring vec4s.
 *
 * Each operand is loaded in one of three ways, picked per call from its strides:
 * - `k`: contiguous along K (a row-major `a`; `b` of `x @ w.T`): one vec4 load per invocation;
 * - `o`: contiguous along its outer axis (M for `a`, N for `b`: a row-major `b`, a transposed
 *   `a`): one vec4 load per invocation;
 * - `s`: any other strides (broadcast dims, stepped views): four scalar strided loads.
 * The vec4 forms need the vector axis' length, the other strides and the offset to be multiples
 * of 4, so a vec4 is either wholly inside the matrix or wholly outside it; ragged M, N, K
 * otherwise are handled by bounds checks that load zeros. Transposed operands are strides, never
 * copies. The output takes any strides.
 *
 * float16 operands (f16 buffers) are converted to f32 as they are staged: f32 tiles and
 * accumulators, one rounding on store.
 *
 * meta: [0..3] B, M, N, K; [4..7] a's batch/row/col strides and offset; [8..11] b's; [12..15] out's.
 */
import { ctype, load, PRELUDE, store, type WType } from "../wgsl.js";

/** Output rows and columns one workgroup computes: the small tile. */
export const TILE = 64;
/** The large tile, for products with many blocks. */
export const BIG_TILE = 128;

/**
 * The tile edge for a B×M×N product: 128 when that still gives at least 256 workgroups (two per
 * multiprocessor on a 132-SM GPU), else 64 (small products need more, smaller workgroups).
 */
export function matmulTile(B: number, M: number, N: number): number {
  return B * Math.ceil(M / BIG_TILE) * Math.ceil(N / BIG_TILE) >= 256 ? BIG_TILE : TILE;
}
/** K elements staged per step. */
const BK = 16;

/** How an operand's tile is read: vec4 along K, vec4 along its outer axis, or scalars. */
export type LoadMode = "k" | "o" | "s";

/**
 * The load mode of one operand from its strides: `sOuter`/`sK` step along M (or N) and K,
 * `sBatch` along the batch, `outer`/`K` the sizes.
 */
export function loadMode(
  sBatch: number,
  sOuter: number,
  sK: number,
  offset: number,
  outer: number,
  K: number,
): LoadMode {
  const by4 = (...xs: number[]) => xs.every((x) => x % 4 === 0);
  if (sK === 1 && by4(K, sOuter, sBatch, offset)) return "k";
  if (sOuter === 1 && by4(outer, sK, sBatch, offset)) return "o";
  return "s";
}

/**
 * The WGSL that fills workgroup tile `S` (k-major vec4 rows) from operand `X`.
 * `o0` is the tile's first outer index, `nO` the outer size, `base` the batch's element offset.
 */
function loadTile(
  T: number,
  mode: LoadMode,
  t: WType,
  z: string,
  X: string,
  S: string,
  o0: string,
  nO: string,
  base: string,
  sO: string,
  sK: string,
): string {
  const passes = mode === "s" ? (T * BK) / 256 : (T * BK) / 1024;
  const c = ctype(t);
  const ld4 = (e: string) => (t === "f16" ? `h2f4(${e})` : e);
  if (mode === "k") {
    return `for (var p = 0; p < ${passes}; p = p + 1) {
    let idx = tid + p * 256; let o = idx / 4; let kq = (idx % 4) * 4; let g = ${o0} + o; let k = k0 + kq;
    var v = vec4<${c}>();
    if (g < ${nO} && k < K) { v = ${ld4(`${X}[(${base} + g * ${sO} + k) / 4]`)}; }
    let j = o / 4; let c = o % 4;
    ${S}[kq][j][c] = v.x; ${S}[kq + 1][j][c] = v.y; ${S}[kq + 2][j][c] = v.z; ${S}[kq + 3][j][c] = v.w;
  }`;
  }
  if (mode === "o") {
    return `for (var p = 0; p < ${passes}; p = p + 1) {
    let idx = tid + p * 256; let kk = idx / ${T / 4}; let j = idx % ${T / 4}; let g = ${o0} + j * 4; let k = k0 + kk;
    var v = vec4<${c}>();
    if (g < ${nO} && k < K) { v = ${ld4(`${X}[(${base} + k * ${sK} + g) / 4]`)}; }
    ${S}[kk][j] = v;
  }`;
  }
  return `for (var p = 0; p < ${passes}; p = p + 1) {
    let idx = tid + p * 256; let o = idx % ${T}; let kk = idx / ${T}; let g = ${o0} + o; let k = k0 + kk;
    var x: ${c} = ${z};
    if (g < ${nO} && k < K) { x = ${load(t, `${X}[${base} + g * ${sO} + k * ${sK}]`)}; }
    ${S}[kk][o / 4][o % 4] = x;
  }`;
}

/** The pipeline key of a variant (element type and the two load modes). */
export function matmulKey(t: WType, ma: LoadMode, mb: LoadMode, tile: number = TILE): string {
  return `mm|${t}|${ma}${mb}|${tile}`;
}

/** WGSL of the register-blocked matmul for element type `t`, load modes `ma`, `mb` and tile edge `T`. */
export function matmulSource(t: WType, ma: LoadMode = "s", mb: LoadMode = "s", T: number = TILE): string {
  const c = ctype(t);
  const z = c === "f32" ? "0.0" : "0";
  const elem = (m: LoadMode) => (m === "s" ? t : `vec4<${t}>`);
  const R = T / 64; // vec4 groups per invocation along each axis
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  // acc[(ra * 4 + i) * R + rb]: row ra·64 + ty·4 + i, columns rb·64 + tx·4 + 0..3
  const fma = range(R)
    .flatMap((ra) =>
      range(4).flatMap((i) =>
        range(R).map((rb) => {
          const a = `acc[${(ra * 4 + i) * R + rb}]`;
          return `${a} = ${a} + a${ra}.${"xyzw"[i]} * b${rb};`;
        }),
      ),
    )
    .join("\n      ");
  return `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<${t}>;
@group(0) @binding(2) var<storage, read> A: array<${elem(ma)}>;
@group(0) @binding(3) var<storage, read> B: array<${elem(mb)}>;
var<workgroup> As: array<array<vec4<${c}>, ${T / 4}>, ${BK}>;
var<workgroup> Bs: array<array<vec4<${c}>, ${T / 4}>, ${BK}>;
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let M = prm[1]; let N = prm[2]; let K = prm[3];
  let bt = i32(wg.z);
  let tid = i32(li);
  let tx = i32(lid.x); let ty = i32(lid.y);
  let m0 = i32(wg.y) * ${T}; let n0 = i32(wg.x) * ${T};
  let aBase = prm[7] + bt * prm[4];
  let bBase = prm[11] + bt * prm[8];
  var acc: array<vec4<${c}>, ${4 * R * R}>;
  for (var k0 = 0; k0 < K; k0 = k0 + ${BK}) {
    ${loadTile(T, ma, t, z, "A", "As", "m0", "M", "aBase", "prm[5]", "prm[6]")}
    ${loadTile(T, mb, t, z, "B", "Bs", "n0", "N", "bBase", "prm[10]", "prm[9]")}
    workgroupBarrier();
    for (var k = 0; k < ${BK}; k = k + 1) {
      ${range(R)
        .map((r) => `let a${r} = As[k][${r * 16} + ty]; let b${r} = Bs[k][${r * 16} + tx];`)
        .join(" ")}
      ${fma}
    }
    workgroupBarrier();
  }
  let oBase = prm[15] + bt * prm[12];
  for (var ra = 0; ra < ${R}; ra = ra + 1) {
    for (var i = 0; i < 4; i = i + 1) {
      let row = m0 + ra * 64 + ty * 4 + i;
      if (row < M) {
        for (var rb = 0; rb < ${R}; rb = rb + 1) {
          let r = acc[(ra * 4 + i) * ${R} + rb];
          for (var j = 0; j < 4; j = j + 1) {
            let col = n0 + rb * 64 + tx * 4 + j;
            if (col < N) { out[oBase + row * prm[13] + col * prm[14]] = ${store(t, "r[j]")}; }
          }
        }
      }
    }
  }
}`;
}
