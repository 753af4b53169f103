/**
 * Spatial transformer sampling: `F.affineGrid` (the sampling grid of a batch of affine maps) and
 * `F.gridSample` (bilinear/trilinear or nearest sampling of an input at grid positions, with
 * PyTorch's zeros/border/reflection padding and `alignCorners`). Both are composites: the grid is
 * a matmul of a base grid with θᵀ; sampling gathers the 2ⁿ corner values of each position from the
 * flattened input and mixes them with weights computed from the grid, so autograd gives the
 * gradients w.r.t. both the input (a scatter-add) and the grid (through the weights).
 */
import { ones } from "../../tensor/creation.js";
import { linspace } from "../../tensor/factories.js";
import { isFloatingPoint } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { matmul } from "../../ops/linalg.js";
import { stack } from "../../ops/join.js";
import { checkBool } from "../../util/args.js";
import { checkTensorArg, params, shapeStr, splitArgs, type PosOrOpts } from "./args.js";

/** PyTorch's `linspace_from_neg_one`: n points over [−1, 1], pulled in by (n−1)/n without alignCorners. */
function normalizedRange(n: number, alignCorners: boolean, like: Tensor): Tensor {
  if (n <= 1) return ones([n], { dtype: like.dtype }).mul(0);
  const r = linspace(-1, 1, n, { dtype: like.dtype });
  return alignCorners ? r : r.mul((n - 1) / n);
}

const P_AFFINE = params("affineGrid", ["size", "alignCorners"], { required: 1 });

/**
 * The sampling grid `[N, H, W, 2]` (or `[N, D, H, W, 3]`) of the affine maps `theta` `[N, 2, 3]`
 * (or `[N, 3, 4]`) for an output of `size` `[N, C, H, W]` (or `[N, C, D, H, W]`), in the
 * normalised [−1, 1] coordinates {@link gridSample} reads. `alignCorners` (default false) puts
 * ±1 at the corner pixels' centres instead of their outer edges.
 * @example F.affineGrid(torch.tensor([[[1, 0, 0], [0, 1, 0]]], { dtype: "float32" }), [1, 1, 2, 2]).tolist() // [[[[-0.5, -0.5], [0.5, -0.5]], [[-0.5, 0.5], [0.5, 0.5]]]]
 */
export function affineGrid(
  theta: Tensor,
  ...args: PosOrOpts<
    [size: readonly number[], alignCorners: boolean | null],
    { size?: readonly number[]; alignCorners?: boolean | null }
  >
): Tensor;
export function affineGrid(theta: Tensor, ...args: unknown[]): Tensor {
  const op = "affineGrid";
  const [sizeArg, ac] = splitArgs(P_AFFINE, args, 1);
  checkTensorArg(op, theta, "theta");
  const alignCorners = ac === undefined || ac === null ? false : checkBool(op, "alignCorners", ac);
  if (!isFloatingPoint(theta.dtype))
    throw new TypeError(`[${op}] expected theta to be floating point: got ${theta.dtype}`);
  const size = sizeArg as readonly number[];
  if (!Array.isArray(size) || size.some((v) => typeof v !== "number" || !Number.isInteger(v) || v < 0)) {
    throw new TypeError(`[${op}] size must be a list of non-negative integers: got ${JSON.stringify(sizeArg)}`);
  }
  if (size.length !== 4 && size.length !== 5) {
    throw new RangeError(
      `[${op}] only 2-D and 3-D sizes are supported: got size ${shapeStr(size)}, expected [N, C, H, W] or [N, C, D, H, W]`,
    );
  }
  const nd = size.length - 2;
  const N = size[0]!;
  if (theta.dim() !== 3 || theta.shape[0] !== N || theta.shape[1] !== nd || theta.shape[2] !== nd + 1) {
    throw new RangeError(
      `[${op}] expected a batch of ${nd}-D affine matrices of shape [${N}, ${nd}, ${nd + 1}] for size ${shapeStr(size)}: got ${shapeStr(theta.shape)}`,
    );
  }
  const spatial = size.slice(2); // D?, H, W
  if (spatial.some((v) => v === 0)) {
    throw new RangeError(`[${op}] expected non-zero spatial sizes: got size ${shapeStr(size)}`);
  }
  // Base grid [..spatial, nd+1]: (x over W, y over H[, z over D], 1).
  const coords = spatial
    .map((n, i) => {
      const view = spatial.map((_, j) => (j === i ? n : 1));
      return normalizedRange(n, alignCorners, theta).reshape(view).expand(spatial);
    })
    .reverse();
  const base = stack([...coords, ones(spatial, { dtype: theta.dtype })], -1);
  const flat = base.reshape([1, -1, nd + 1]);
  return matmul(flat, theta.transpose(1, 2)).reshape([N, ...spatial, nd]);
}

/** Sampling of {@link gridSample}. */
export type GridSampleMode = "bilinear" | "nearest" | "bicubic";
/** Values read outside the input in {@link gridSample}. */
export type GridPaddingMode = "zeros" | "border" | "reflection";

/** Options of {@link gridSample} after the grid. */
export interface GridSampleOptions {
  mode?: GridSampleMode;
  paddingMode?: GridPaddingMode;
  alignCorners?: boolean | null;
}

const P_GRID = params("gridSample", ["mode", "paddingMode", "alignCorners"]);

/** PyTorch's grid-sampler unnormalisation: [−1, 1] → pixel coordinates along a dim of size n. */
function unnormalize(c: Tensor, n: number, alignCorners: boolean): Tensor {
  return alignCorners ? c.add(1).mul((n - 1) / 2) : c.add(1).mul(n).sub(1).div(2);
}

/** PyTorch's reflect_coordinates over [twiceLow/2, twiceHigh/2] (differentiable: |·|, fmod, a flip). */
function reflect(c: Tensor, twiceLow: number, twiceHigh: number): Tensor {
  if (twiceLow === twiceHigh) return c.mul(0);
  const min = twiceLow / 2;
  const span = (twiceHigh - twiceLow) / 2;
  const d = c.sub(min).abs();
  const extra = d.fmod(span);
  const even = d.detach().div(span).floor().remainder(2).eq(0);
  return extra.add(min).where(even, extra.neg().add(span + min));
}

/** Pixel coordinates after the padding mode (border and reflection clip into [0, n−1]). */
function sourceCoord(c: Tensor, n: number, padding: GridPaddingMode, alignCorners: boolean): Tensor {
  return padCoord(unnormalize(c, n, alignCorners), n, padding, alignCorners);
}

/** PyTorch's compute_coordinates: the padding mode applied to pixel coordinates. */
function padCoord(c: Tensor, n: number, padding: GridPaddingMode, alignCorners: boolean): Tensor {
  let x = c;
  if (padding === "border") x = x.clamp(0, n - 1);
  else if (padding === "reflection") {
    x = alignCorners ? reflect(x, 0, 2 * (n - 1)) : reflect(x, -1, 2 * n - 1);
    x = x.clamp(0, n - 1);
  }
  return x;
}

/** Weights of the 4 cubic-convolution taps at offsets −1, 0, 1, 2 for fraction t (A = −0.75). */
function cubicWeights(t: Tensor): Tensor[] {
  const A = -0.75;
  const near = (x: Tensor): Tensor =>
    x
      .mul(A + 2)
      .sub(A + 3)
      .mul(x)
      .mul(x)
      .add(1); // |x| ≤ 1
  const far = (x: Tensor): Tensor =>
    x
      .mul(A)
      .sub(5 * A)
      .mul(x)
      .add(8 * A)
      .mul(x)
      .sub(4 * A); // 1 < |x| < 2
  const u = t.neg().add(1);
  return [far(t.add(1)), near(t), near(u), far(u.add(1))];
}

/**
 * Samples `input` `[N, C, H, W]` (or `[N, C, D, H, W]`) at the normalised positions of `grid`
 * `[N, Ho, Wo, 2]` (or `[N, Do, Ho, Wo, 3]`; last dim (x, y[, z]), −1 … 1 across the input):
 * the output is `[N, C, Ho, Wo]`. `mode` "bilinear" (trilinear for 5-D), "nearest" or
 * "bicubic" (4-D only);
 * `paddingMode` "zeros", "border" or "reflection"; `alignCorners` as in {@link affineGrid}.
 * Differentiable w.r.t. the input and (bilinear) the grid. After the grid: `mode, paddingMode,
 * alignCorners`, or a final options object.
 * @example F.gridSample(torch.arange(4, { dtype: "float32" }).reshape([1, 1, 2, 2]), torch.zeros([1, 1, 1, 2])).item() // 1.5
 */
export function gridSample(
  input: Tensor,
  grid: Tensor,
  ...args: PosOrOpts<
    [mode: GridSampleMode, paddingMode: GridPaddingMode, alignCorners: boolean | null],
    GridSampleOptions
  >
): Tensor;
export function gridSample(input: Tensor, grid: Tensor, ...args: unknown[]): Tensor {
  const op = "gridSample";
  const [m, pm, ac] = splitArgs(P_GRID, args, 2);
  checkTensorArg(op, input);
  checkTensorArg(op, grid, "grid");
  const mode = (m ?? "bilinear") as GridSampleMode;
  const padding = (pm ?? "zeros") as GridPaddingMode;
  const alignCorners = ac === undefined || ac === null ? false : checkBool(op, "alignCorners", ac);
  if (mode !== "bilinear" && mode !== "nearest" && mode !== "bicubic") {
    throw new RangeError(`[${op}] mode must be "bilinear", "nearest" or "bicubic": got ${JSON.stringify(m)}`);
  }
  if (padding !== "zeros" && padding !== "border" && padding !== "reflection") {
    throw new RangeError(`[${op}] paddingMode must be "zeros", "border" or "reflection": got ${JSON.stringify(pm)}`);
  }
  if (!isFloatingPoint(input.dtype)) throw new TypeError(`[${op}] expected a floating point input: got ${input.dtype}`);
  if (grid.dtype !== input.dtype) {
    throw new TypeError(`[${op}] expected grid to have the input's dtype ${input.dtype}: got ${grid.dtype}`);
  }
  if (input.dim() !== 4 && input.dim() !== 5) {
    throw new RangeError(
      `[${op}] expected a 4-D [N, C, H, W] or 5-D [N, C, D, H, W] input: got ${shapeStr(input.shape)}`,
    );
  }
  const nd = input.dim() - 2;
  const [N, C] = input.shape as [number, number];
  if (grid.dim() !== input.dim() || grid.shape[0] !== N || grid.shape[nd + 1] !== nd) {
    throw new RangeError(
      `[${op}] expected grid of shape [${N}, ${nd === 2 ? "Ho, Wo" : "Do, Ho, Wo"}, ${nd}] for input ${shapeStr(input.shape)}: got ${shapeStr(grid.shape)}`,
    );
  }
  const inSp = input.shape.slice(2); // [D?, H, W]
  if (inSp.some((v) => v === 0)) {
    throw new RangeError(`[${op}] expected non-empty spatial dims of the input: got ${shapeStr(input.shape)}`);
  }
  if (mode === "bicubic" && nd !== 2) {
    throw new RangeError(`[${op}] bicubic interpolation only supports 4-D input: got ${shapeStr(input.shape)}`);
  }
  const outSp = grid.shape.slice(1, nd + 1);
  const P = outSp.reduce((a, b) => a * b, 1);
  // Coordinates per spatial dim, in the input's dim order (grid's last dim is x, y[, z]).
  const g = grid.reshape([N, P, nd]);
  const coords = inSp.map((n, i) =>
    mode === "bicubic"
      ? unnormalize(g.select(2, nd - 1 - i), n, alignCorners) // padding goes on each tap instead
      : sourceCoord(g.select(2, nd - 1 - i), n, padding, alignCorners),
  );
  const strides = inSp.map((_, i) => inSp.slice(i + 1).reduce((a, b) => a * b, 1));
  const flat = input.reshape([N, C, -1]);
  const total = inSp.reduce((a, b) => a * b, 1);
  // Value at integer positions `pos` (one [N, P] tensor per dim), zero where outside the input.
  const read = (pos: Tensor[]): Tensor => {
    let inside: Tensor | null = null;
    let idx: Tensor | null = null;
    pos.forEach((p, i) => {
      const ok = p.ge(0).logicalAnd(p.le(inSp[i]! - 1));
      inside = inside === null ? ok : inside.logicalAnd(ok);
      const term = p.clamp(0, inSp[i]! - 1).mul(strides[i]!);
      idx = idx === null ? term : idx.add(term);
    });
    const li = idx!.to("int64").clamp(0, total - 1);
    const v = flat.gather(2, li.unsqueeze(1).expand([N, C, P]));
    return v.mul(inside!.unsqueeze(1).to(input.dtype));
  };
  let out: Tensor;
  if (mode === "nearest") {
    out = read(coords.map((c) => c.detach().round()));
  } else if (mode === "bicubic") {
    // 4×4 taps around ⌊x⌋, ⌊y⌋, each padded on its own; Keys' cubic weights (A = −0.75) of the fractions.
    const lo = coords.map((c) => c.detach().floor());
    const [wy, wx] = coords.map((c, i) => cubicWeights(c.sub(lo[i]!))) as [Tensor[], Tensor[]];
    const taps = lo.map((l, i) =>
      [-1, 0, 1, 2].map((o) => padCoord(l.add(o), inSp[i]!, padding, alignCorners).trunc()),
    ) as [Tensor[], Tensor[]];
    out = null as unknown as Tensor;
    for (let i = 0; i < 4; i++) {
      let row: Tensor | null = null;
      for (let j = 0; j < 4; j++) {
        const term = read([taps[0][i]!, taps[1][j]!]).mul(wx[j]!.unsqueeze(1));
        row = row === null ? term : row.add(term);
      }
      const term = row!.mul(wy[i]!.unsqueeze(1));
      out = i === 0 ? term : out.add(term);
    }
  } else {
    const lo = coords.map((c) => c.detach().floor());
    const frac = coords.map((c, i) => c.sub(lo[i]!));
    out = null as unknown as Tensor;
    for (let corner = 0; corner < 1 << nd; corner++) {
      let w: Tensor | null = null;
      const pos = lo.map((l, i) => {
        const hi = (corner >> (nd - 1 - i)) & 1;
        const wi = hi ? frac[i]! : frac[i]!.neg().add(1);
        w = w === null ? wi : w.mul(wi);
        return hi ? l.add(1) : l;
      });
      const term = read(pos).mul(w!.unsqueeze(1));
      out = corner === 0 ? term : out.add(term);
    }
  }
  return out.reshape([N, C, ...outSp]);
}
