/**
 * Where ops are declared. This module owns what every op shares: wrapping JS scalars, type
 * promotion, casting to the compute dtype, broadcasting, output allocation, recording the
 * autograd node, summing a broadcast gradient back to its input's shape, and in-place rules.
 * Op files (unary.ts, binary.ts, …) only state their rules and backward formulas.
 */
import { canRebase, rebaseViewHistory } from "../autograd/copy-slices.js";
import { FunctionNode, type BackwardFn } from "../autograd/node.js";
import { isGradEnabled } from "../autograd/mode.js";
import type { BinaryOp, UnaryOp, View } from "../backend/backend.js";
import { activeBackend } from "../backend/registry.js";
import {
  dtypeOfScalar,
  getDefaultDtype,
  isFloatingPoint,
  resultType,
  writeNumber,
  TORCH_TYPE_NAMES,
  allocArray,
  type DType,
  type PromotionOperand,
} from "../tensor/dtype.js";
import { broadcastShapes, shapesEqual, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkOptions, optionKeys, type OptionKeys } from "../util/args.js";

/** Anything an op accepts where PyTorch accepts a tensor or a Python number. */
export type TensorLike = Tensor | number | boolean | bigint;

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/** A 0-d tensor holding `v` in `dtype`. */
export function scalarTensor(v: number | boolean | bigint, dtype: DType): Tensor {
  const arr = allocArray(dtype, 1);
  if (dtype === "int64" && typeof v === "bigint") (arr as BigInt64Array)[0] = BigInt.asIntN(64, v);
  else writeNumber(arr, dtype, 0, typeof v === "boolean" ? (v ? 1 : 0) : Number(v));
  return Tensor._fromArray(arr, [], dtype);
}

/** Converts an op argument to a tensor: scalars become 0-d tensors of `dtype` (or their own). */
export function asTensor(x: TensorLike, dtype?: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== "number" && typeof x !== "boolean" && typeof x !== "bigint") {
    throw new TypeError(`expected a Tensor or a number: got ${describe(x)}`);
  }
  return scalarTensor(x, dtype ?? dtypeOfScalar(x));
}

export function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array (wrap it with torch.tensor(...))";
  return typeof x;
}

export function promotionOperand(x: TensorLike): PromotionOperand {
  return x instanceof Tensor ? { kind: "tensor", dtype: x.dtype, dim: x.dim() } : { kind: "scalar", value: x };
}

/** Allocates a contiguous zero-filled output (`op` names the caller if the size is impossible). */
export function empty(shape: Shape, dtype: DType, op?: string): Tensor {
  return Tensor._empty(shape, dtype, op);
}

/** Allocates a contiguous output the kernel will write in full (contents unspecified until then). */
export function uninit(shape: Shape, dtype: DType, op?: string): Tensor {
  return Tensor._uninit(shape, dtype, op);
}

/** The kernel view of `t` expanded to `shape` (stride 0 on broadcast dims); no copy. */
export function expandedView(t: Tensor, shape: Shape): View {
  const v = t._v;
  if (shapesEqual(v.shape, shape)) return v;
  const lead = shape.length - v.shape.length;
  const strides = shape.map((s, i) => {
    const j = i - lead;
    if (j < 0) return 0;
    return v.shape[j] === 1 && s !== 1 ? 0 : v.strides[j]!;
  });
  return { data: v.data, dtype: v.dtype, shape, strides, offset: v.offset };
}

// ---- autograd recording -----------------------------------------------------------------

/**
 * Attaches a backward node to `out` when grad mode is on and an input requires grad.
 * `backward` returns one gradient per entry of `inputs` (null where none flows).
 * `saved` lists tensors whose later in-place modification must invalidate this node.
 */
export function record(
  name: string,
  out: Tensor,
  inputs: readonly (Tensor | null | undefined)[],
  backward: BackwardFn,
  saved: readonly Tensor[] = [],
): Tensor {
  if (!isGradEnabled()) return out;
  if (!inputs.some((t) => t?.requiresGrad)) return out;
  let any = false;
  const next = inputs.map((t) => {
    const e = t ? t._gradEdge() : null;
    if (e !== null) any = true;
    return e;
  });
  if (!any) return out;
  if (!isFloatingPoint(out.dtype)) return out; // integer outputs (argmax, comparisons) carry no gradient
  const node = new FunctionNode(name, next, backward, saved);
  node.shape = out.shape;
  node.dtype = out.dtype;
  out.gradFn = node;
  return out;
}

/**
 * Names the output node of a composite (built from primitives) as PyTorch's dedicated backward
 * function, e.g. `MseLossBackward0` instead of the last primitive's `MeanBackward0`; the gradient
 * math is unchanged. Only a node created since `mark` (`sequenceMark()` taken on entry) is renamed,
 * so a composite that returns one of its inputs leaves that input's node alone.
 * @example const m = sequenceMark(); return nameOutput(reduce(d.pow(2), r), "MseLossBackward0", m); // fragment
 */
export function nameOutput(out: Tensor, name: string, mark: number): Tensor {
  const n = out.gradFn;
  if (n instanceof FunctionNode && n.sequenceNr >= mark) n.rename(name);
  return out;
}

/** True when grad mode is on and one of `xs` requires grad. */
export function needsGrad(...xs: readonly (TensorLike | null | undefined)[]): boolean {
  if (!isGradEnabled()) return false;
  for (const x of xs) if (x instanceof Tensor && x.requiresGrad) return true;
  return false;
}

/** Sums a broadcast gradient back to `shape` (the one place broadcasting is undone). */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.dim() - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.dim(); i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  let r = dims.length > 0 ? g.sum(dims, true) : g;
  if (lead > 0 || !shapesEqual(r.shape, shape)) r = r.reshape([...shape]);
  return r;
}

// ---- casting ----------------------------------------------------------------------------

/** A copy of `x` converted to `dtype`, recorded for autograd (`ToCopyBackward0`). */
export function castTo(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const out = uninit(x.shape, dtype);
  activeBackend().copy(x._v, out._v);
  if (isFloatingPoint(dtype)) {
    const from = x.dtype;
    record("ToCopyBackward0", out, [x], (g) => [isFloatingPoint(from) ? castTo(g, from) : null]);
  }
  return out;
}

/** PyTorch's `canCast`: no float→integral, no non-bool→bool. */
export function canCast(from: DType, to: DType): boolean {
  if (isFloatingPoint(from) && !isFloatingPoint(to)) return false;
  if (from !== "bool" && to === "bool") return false;
  return true;
}

// ---- in-place ---------------------------------------------------------------------------

/** Refuses in-place writes PyTorch refuses: leaves that require grad, self-overlapping views. */
export function checkInplace(op: string, self: Tensor): void {
  if (isGradEnabled() && self.isLeaf && self.requiresGrad) {
    throw new Error(
      `[${op}] a leaf Variable that requires grad is being used in an in-place operation: wrap the update in torch.noGrad(() => ...) or use the out-of-place op`,
    );
  }
  const base = self._base;
  if (isGradEnabled() && base !== null && base.isLeaf && base.requiresGrad) {
    throw new Error(
      `[${op}] a view of a leaf Variable that requires grad is being used in an in-place operation: wrap the update in torch.noGrad(() => ...) or clone() first`,
    );
  }
  for (let i = 0; i < self.dim(); i++) {
    if (self._strides[i] === 0 && self.shape[i]! > 1) {
      throw new Error(
        `[${op}] unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.`,
      );
    }
  }
}

/** PyTorch's error when an op's result dtype cannot be written into the tensor given for it. */
function checkCast(op: string, result: DType, into: DType): void {
  if (!canCast(result, into)) {
    throw new TypeError(
      `[${op}] result type ${TORCH_TYPE_NAMES[result]} can't be cast to the desired output type ${TORCH_TYPE_NAMES[into]}`,
    );
  }
}

/** PyTorch's `out=` argument: the tensor an op writes its result into instead of a fresh one. */
export interface OutOptions {
  /** Receives the result (same shape, or empty to be resized; a dtype the result can be cast to). */
  out?: Tensor;
}

/** The option names of ops whose only keyword is `out`. */
export const OUT_KEYS: OptionKeys = optionKeys("out");

/**
 * The `out` tensor of an op's options object, which is checked first (only when one is given:
 * the common call with no options costs one comparison).
 */
export function outOf(op: string, opts: OutOptions | undefined, keys: OptionKeys = OUT_KEYS): Tensor | undefined {
  if (opts === undefined) return undefined;
  checkOptions(op, opts, keys);
  return opts.out;
}

/**
 * Writes an op's result into `out` (PyTorch's `out=`): `compute(o)` fills a tensor of `shape` and
 * `dtype`, run on `out` itself when the dtypes agree, else on a temporary that is then cast into
 * it. An empty `out` is resized; `grad` says whether the op would have recorded a graph, which
 * `out=` cannot (PyTorch raises the same).
 */
export function intoOut(
  op: string,
  out: unknown,
  shape: Shape,
  dtype: DType,
  grad: boolean,
  compute: (o: Tensor) => void,
): Tensor {
  if (!(out instanceof Tensor)) throw new TypeError(`[${op}] out must be a Tensor: got ${describe(out)}`);
  if (grad) {
    throw new Error(
      `[${op}] functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad: call it inside torch.noGrad(() => ...) or drop out`,
    );
  }
  checkInplace(op, out);
  if (!shapesEqual(out.shape, shape)) {
    if (out.numel() !== 0 || out._base !== null || out.gradFn !== null) {
      throw new RangeError(
        `[${op}] out has shape [${out.shape.join(", ")}]: expected [${shape.join(", ")}], the result's shape (pass a tensor of that shape, or an empty one to be resized)`,
      );
    }
    out._setData(Tensor._uninit(shape, out.dtype, op));
  }
  checkCast(op, dtype, out.dtype);
  if (out.dtype === dtype) {
    compute(out);
  } else {
    const tmp = uninit(shape, dtype, op);
    compute(tmp);
    activeBackend().copy(tmp._v, out._v);
  }
  out._bumpVersion();
  return out;
}

/**
 * Runs an in-place op as `self ← compute(self)`: computes out of place, then writes the result
 * into self's memory and, when recording, makes self's history the result's.
 */
export function inplace(op: string, self: Tensor, compute: (selfIn: Tensor) => Tensor): Tensor {
  checkInplace(op, self);
  let y = compute(self);
  checkCast(op, y.dtype, self.dtype);
  if (!shapesEqual(y.shape, self.shape)) {
    throw new RangeError(
      `[${op}] output with shape [${self.shape.join(", ")}] doesn't match the broadcast shape [${y.shape.join(", ")}]`,
    );
  }
  if (y.gradFn !== null) {
    if (self._base !== null && !canRebase(self._base)) {
      throw new Error(
        `[${op}] in-place operation on a view of a non-contiguous base that requires grad is not supported: use the out-of-place op (x = x.${op.replace(/_$/, "")}(...)) or clone() the view first`,
      );
    }
    // The node may have saved `self`; recompute from a snapshot that keeps self's history.
    const snapshot = empty(self.shape, self.dtype);
    activeBackend().copy(self._v, snapshot._v);
    snapshot.gradFn = self.gradFn;
    snapshot._requiresGrad = self._requiresGrad;
    y = castTo(compute(snapshot), self.dtype);
  }
  activeBackend().copy(y._v, self._v);
  self._bumpVersion();
  if (y.gradFn !== null) {
    if (self._base !== null) rebaseViewHistory(self, y);
    else self.gradFn = y.gradFn;
  }
  return self;
}

// ---- elementwise op definitions ---------------------------------------------------------

/** How an op's dtype is chosen from its inputs. */
export type DtypeRule =
  | "same" // keep the (promoted) input dtype
  | "float" // promote, then integers and bool become the default float dtype
  | "bool" // compute in the promoted dtype, output bool
  | "integral"; // integer or bool inputs only

export interface UnarySpec {
  /** Backend kernel name. */
  kernel: UnaryOp;
  /** Public op name, used in error messages. */
  name: string;
  dtype: DtypeRule;
  /** `grad_fn` name, e.g. `ExpBackward0`. */
  gradName?: string;
  /**
   * dL/dx from the input, the output and dL/dy; written with tensor ops (so it is differentiable).
   * `gOwned`: the engine holds the only reference to g (it may be written over).
   */
  grad?: (x: Tensor, y: Tensor, g: Tensor, gOwned: boolean) => Tensor;
  /** Which tensors the backward reads (for in-place invalidation). */
  saves?: "x" | "y" | "xy";
  /** Rejects bool inputs with this message (e.g. neg). */
  boolError?: string;
}

function unaryComputeDtype(spec: UnarySpec, x: Tensor): DType {
  if (spec.boolError && x.dtype === "bool") throw new TypeError(`[${spec.name}] ${spec.boolError}`);
  if (spec.dtype === "float" && !isFloatingPoint(x.dtype)) return getDefaultDtype();
  if (spec.dtype === "integral" && isFloatingPoint(x.dtype)) {
    throw new TypeError(`[${spec.name}] expected an integer or bool tensor: got ${x.dtype}`);
  }
  return x.dtype;
}

/** Runs a unary primitive with its dtype rule and records its backward. */
export function applyUnary(spec: UnarySpec, input: Tensor, into?: Tensor): Tensor {
  if (!(input instanceof Tensor)) throw new TypeError(`[${spec.name}] expected a Tensor: got ${describe(input)}`);
  const dtype = unaryComputeDtype(spec, input);
  const x = castTo(input, dtype);
  if (into !== undefined) {
    return intoOut(spec.name, into, x.shape, spec.dtype === "bool" ? "bool" : dtype, !!spec.grad && needsGrad(x), (o) =>
      activeBackend().unary[spec.kernel](x._v, o._v),
    );
  }
  const out = uninit(x.shape, spec.dtype === "bool" ? "bool" : dtype);
  activeBackend().unary[spec.kernel](x._v, out._v);
  const grad = spec.grad;
  if (grad !== undefined && needsGrad(x)) {
    const saved = spec.saves === "x" ? [x] : spec.saves === "y" ? [out] : spec.saves === "xy" ? [x, out] : [];
    record(spec.gradName ?? `${spec.name}Backward0`, out, [x], (g, owned) => [grad(x, out, g, owned)], saved);
  }
  return out;
}

export interface BinarySpec {
  kernel: BinaryOp;
  name: string;
  dtype: DtypeRule;
  gradName?: string;
  /** dL/da and dL/db at the broadcast shape (the caller sums them back). */
  gradA?: (a: Tensor, b: Tensor, out: Tensor, g: Tensor) => Tensor;
  gradB?: (a: Tensor, b: Tensor, out: Tensor, g: Tensor) => Tensor;
  saves?: readonly ("a" | "b" | "out")[];
  /** Validates the promoted dtype (e.g. sub on bool). */
  check?: (dtype: DType) => void;
}

/**
 * The common cases of promotion without the table: one dtype on both sides, or a JS number
 * that cannot lift the tensor's category (any number with a float tensor, an integer with an
 * integer tensor). Returns undefined when the full rule is needed.
 */
function quickPromote(a: TensorLike, b: TensorLike): DType | undefined {
  if (a instanceof Tensor) {
    if (b instanceof Tensor) return a.dtype === b.dtype ? a.dtype : undefined;
    if (typeof b === "number" && a.dtype !== "bool" && (isFloatingPoint(a.dtype) || Number.isSafeInteger(b)))
      return a.dtype;
  } else if (b instanceof Tensor && typeof a === "number" && b.dtype !== "bool") {
    if (isFloatingPoint(b.dtype) || Number.isSafeInteger(a)) return b.dtype;
  }
  return undefined;
}

/** The promoted dtype of a binary op's inputs and the dtype its kernel computes in. */
export function binaryDtypes(spec: BinarySpec, a: TensorLike, b: TensorLike): { compute: DType; out: DType } {
  // Two tensors of one dtype need no promotion table (the common case in training loops).
  const promoted = quickPromote(a, b) ?? resultType([promotionOperand(a), promotionOperand(b)]);
  spec.check?.(promoted);
  switch (spec.dtype) {
    case "same":
      return { compute: promoted, out: promoted };
    case "float": {
      const f = isFloatingPoint(promoted) ? promoted : getDefaultDtype();
      return { compute: f, out: f };
    }
    case "bool":
      return { compute: promoted, out: "bool" };
    case "integral":
      if (isFloatingPoint(promoted)) {
        throw new TypeError(`[${spec.name}] expected integer or bool tensors: got ${promoted}`);
      }
      return { compute: promoted, out: promoted };
  }
}

/** Runs a binary primitive with broadcasting and promotion, and records its backward. */
function checkOperand(op: string, v: unknown): void {
  if (!(v instanceof Tensor) && typeof v !== "number" && typeof v !== "boolean" && typeof v !== "bigint") {
    throw new TypeError(`[${op}] expected a Tensor or a number: got ${describe(v)}`);
  }
}

export function applyBinary(spec: BinarySpec, aIn: TensorLike, bIn: TensorLike, into?: Tensor): Tensor {
  checkOperand(spec.name, aIn);
  checkOperand(spec.name, bIn);
  const { compute, out: outDtype } = binaryDtypes(spec, aIn, bIn);
  const a = aIn instanceof Tensor ? castTo(aIn, compute) : asTensor(aIn, compute);
  const b = bIn instanceof Tensor ? castTo(bIn, compute) : asTensor(bIn, compute);
  const shape = shapesEqual(a.shape, b.shape) ? a.shape : broadcastShapes(spec.name, a.shape, b.shape);
  if (into !== undefined) {
    const grad = (!!spec.gradA || !!spec.gradB) && needsGrad(a, b);
    return intoOut(spec.name, into, shape, outDtype, grad, (o) =>
      activeBackend().binary[spec.kernel](expandedView(a, shape), expandedView(b, shape), o._v),
    );
  }
  const out = uninit(shape, outDtype, spec.name);
  activeBackend().binary[spec.kernel](expandedView(a, shape), expandedView(b, shape), out._v);
  const { gradA, gradB } = spec;
  if ((gradA || gradB) && needsGrad(a, b)) {
    const saved = (spec.saves ?? []).map((s) => (s === "a" ? a : s === "b" ? b : out));
    record(
      spec.gradName ?? `${spec.name}Backward0`,
      out,
      [a.requiresGrad ? a : null, b.requiresGrad ? b : null],
      (g) => [
        a.requiresGrad && gradA ? sumToShape(gradA(a, b, out, g), a.shape) : null,
        b.requiresGrad && gradB ? sumToShape(gradB(a, b, out, g), b.shape) : null,
      ],
      saved,
    );
  }
  return out;
}
