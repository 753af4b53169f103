/**
 * Optional fused kernels (DESIGN principle 5, MLX's fast::Custom): a backend may provide them;
 * each is used by one `fusedOp` declaration (ops/fused.ts), which checks its dtype/layout
 * conditions and otherwise runs the composite, which stays the specification. Backward passes are always
 * built from differentiable ops, so double backward works whichever path ran forward.
 *
 * All views are float32 or float64 (one dtype per call), contiguous, offset anywhere. A kernel
 * returns false when it declines (the caller then runs the composite).
 */
import type { Tensor } from "../tensor/tensor.js";
import type { View } from "./view.js";

/** Reduction of a loss: matches `reduction` of the nn losses. */
export type FusedReduction = "none" | "mean" | "sum";

/** Adam / AdamW hyper-parameters of one step; bias corrections are computed in double from `step`. */
export interface AdamStepArgs {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** L2 penalty added to the gradient (Adam) or decoupled decay `p *= 1 - lr·wd` (AdamW). */
  weightDecay: number;
  decoupled: boolean;
  maximize: boolean;
  step: number;
}

/** SGD hyper-parameters of one step (momentum buffer already created by the caller). */
export interface SgdStepArgs {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

export interface FusedKernels {
  /** out[N,O] = x[N,I]·w[O,I]ᵀ + b[O] (b may be null), then relu when asked. */
  linear(x: View, w: View, b: View | null, relu: boolean, out: View): boolean;
  /** Softmax over the last dim of a contiguous x into out (same shape). */
  softmax(x: View, out: View): boolean;
  /** logSoftmax over the last dim of a contiguous x into out (same shape). */
  logSoftmax(x: View, out: View): boolean;
  /**
   * Cross-entropy of logits [N,C] against int64 targets [N] in one pass: writes the loss
   * (`loss` is [N] for "none", [] otherwise) and d(loss)/d(logits) into `dlogits` [N,C]
   * (for "none": the gradient of each row's own loss).
   */
  crossEntropy(
    logits: View,
    targets: View,
    weight: View | null,
    ignoreIndex: number,
    reduction: FusedReduction,
    loss: View,
    dlogits: View,
  ): boolean;
  /** In place: p, grad, buf (null when momentum is 0 or on the first step). */
  sgdStep(p: View, grad: View, buf: View | null, a: SgdStepArgs): boolean;
  /** In place: p, expAvg, expAvgSq (maxExpAvgSq for amsgrad, else null). */
  adamStep(p: View, grad: View, expAvg: View, expAvgSq: View, maxExpAvgSq: View | null, a: AdamStepArgs): boolean;
  /**
   * 2-D convolution, groups 1, zero padding: x [N,C,H,W], w [O,C,KH,KW], b [O] or null into
   * out [N,O,OH,OW]. Optional: a backend without it leaves convolution to the composite.
   */
  conv2d?(x: View, w: View, b: View | null, out: View, geom: Conv2dGeom): boolean;
  /**
   * 2-D max pooling of x [N,C,H,W] into out [N,C,OH,OW] and int64 indices (flat positions in
   * each H·W plane; PyTorch's tie and NaN rules). Optional.
   */
  maxPool2d?(x: View, out: View, indices: View, geom: MaxPool2dGeom): boolean;
  /** The gradients of `conv2d` for the non-null outputs (each fully written). */
  conv2dBackward?(
    x: View,
    w: View,
    gradOut: View,
    gradX: View | null,
    gradW: View | null,
    gradB: View | null,
    geom: Conv2dGeom,
  ): boolean;
  /**
   * The gradient of `maxPool2d`: gradX [N,C,H,W] (fully written) gets every gradOut element
   * added at its recorded index. Optional.
   */
  maxPool2dBackward?(gradOut: View, indices: View, gradX: View): boolean;
  /**
   * relu into `out`, which may be `x` itself (ops/fused.ts: a donated input is written over,
   * saving the output buffer and a pass over memory). Optional.
   */
  relu?(x: View, out: View): boolean;
  /** relu's gradient from its output: out = y ≤ 0 ? 0 : g (same shapes). Optional. */
  reluBackward?(y: View, g: View, out: View): boolean;
}

/** Max pooling window: kernel, stride, left/top padding, dilation, each [h, w]. */
export interface MaxPool2dGeom {
  kernel: readonly [number, number];
  stride: readonly [number, number];
  padding: readonly [number, number];
  dilation: readonly [number, number];
}

/** Geometry of a fused 2-D convolution: strides, top/left zero padding, dilations, output size. */
export interface Conv2dGeom {
  stride: readonly [number, number];
  padTopLeft: readonly [number, number];
  dilation: readonly [number, number];
  outSize: readonly [number, number];
}

/** True when every tensor is contiguous and float32/float64 of one dtype (what fused kernels take). */
export function fusable(...ts: readonly Tensor[]): boolean {
  const dt = ts[0]!.dtype;
  if (dt !== "float32" && dt !== "float64") return false;
  for (const t of ts) if (t.dtype !== dt || !t.isContiguous()) return false;
  return true;
}
