/**
 * Elementwise op machinery: `out=` handling, dtype rules, and `applyUnary`/`applyBinary`, which
 * run a primitive with promotion and broadcasting and record its backward. Re-exports the shared
 * core (core.ts) and the in-place rules (inplace.ts) so op files import one module.
 */
import { BINARY_OPS, UNARY_OPS, type BinaryOp, type UnaryOp } from "../backend/backend.js";
import { activeBackend } from "../backend/registry.js";
import { getDefaultDtype, isFloatingPoint, resultType, type DType } from "../tensor/dtype.js";
import { broadcastShapes, shapesEqual, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkOptions, optionKeys, type OptionKeys } from "../util/args.js";
import {
  asTensor,
  castTo,
  describe,
  expandedView,
  needsGrad,
  promotionOperand,
  record,
  sumToShape,
  uninit,
  deviceSource,
  wantsGrad,
  type TensorLike,
} from "./core.js";
import { checkCast, checkInplace } from "./inplace.js";
import { defineOp, type Family, type MethodMode, type OpFn } from "./registry.js";

export * from "./core.js";
export { checkInplace, inplace } from "./inplace.js";
export { canCast } from "../tensor/dtype.js";

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
    out._setData(Tensor._uninit(shape, out.dtype, op, out));
  }
  checkCast(op, dtype, out.dtype);
  if (out.dtype === dtype) {
    compute(out);
  } else {
    const tmp = uninit(shape, dtype, op, out);
    compute(tmp);
    activeBackend().copy(tmp._v, out._v);
  }
  out._bumpVersion();
  return out;
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
  /** Forward-mode rule: the output's tangent from x, y and x's tangent (else derived from `grad`). */
  jvp?: (x: Tensor, y: Tensor, t: Tensor) => Tensor;
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
  const out = uninit(x.shape, spec.dtype === "bool" ? "bool" : dtype, spec.name, x);
  activeBackend().unary[spec.kernel](x._v, out._v);
  const grad = spec.grad;
  if (grad !== undefined && needsGrad(x)) {
    const saved = spec.saves === "x" ? [x] : spec.saves === "y" ? [out] : spec.saves === "xy" ? [x, out] : [];
    const jvp = spec.jvp;
    record(
      spec.gradName ?? `${spec.name}Backward0`,
      out,
      [x],
      (g, owned) => [grad(x, out, g, owned)],
      saved,
      jvp && ((ts) => jvp(x, out, ts[0]!)),
    );
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
  /** Forward-mode rule: the output's tangent from a, b, out and their tangents (null: none). */
  jvp?: (a: Tensor, b: Tensor, out: Tensor, ta: Tensor | null, tb: Tensor | null) => Tensor;
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
  const out = uninit(shape, outDtype, spec.name, deviceSource(a, b));
  activeBackend().binary[spec.kernel](expandedView(a, shape), expandedView(b, shape), out._v);
  const { gradA, gradB } = spec;
  if ((gradA || gradB) && needsGrad(a, b)) {
    const saved = (spec.saves ?? []).map((s) => (s === "a" ? a : s === "b" ? b : out));
    const jvp = spec.jvp;
    record(
      spec.gradName ?? `${spec.name}Backward0`,
      out,
      [wantsGrad(a) ? a : null, wantsGrad(b) ? b : null],
      (g) => [
        a.requiresGrad && gradA ? sumToShape(gradA(a, b, out, g), a.shape) : null,
        b.requiresGrad && gradB ? sumToShape(gradB(a, b, out, g), b.shape) : null,
      ],
      saved,
      jvp && ((ts) => jvp(a, b, out, ts[0] ?? null, ts[1] ?? null)),
    );
  }
  return out;
}

// ---- declaring elementwise ops ----------------------------------------------------------

/** An elementwise unary op's declaration: its rules; the name and kernel come from `unaryOp`. */
export type UnaryDecl = Omit<UnarySpec, "kernel" | "name"> & { family?: Family; mode?: MethodMode };
/** An elementwise binary op's declaration. */
export type BinaryDecl = Omit<BinarySpec, "kernel" | "name"> & { family?: Family; mode?: MethodMode };

type UnaryFn = (input: Tensor, opts?: OutOptions) => Tensor;
type BinaryFn = (input: TensorLike, other: TensorLike, opts?: OutOptions) => Tensor;

function kernelOf<K extends string>(op: string, kernel: string, known: readonly K[]): K {
  if (!(known as readonly string[]).includes(kernel)) {
    throw new Error(`[${op}] no backend primitive named "${kernel}": add it to src/backend/primitives.ts`);
  }
  return kernel as K;
}

/**
 * Declares an elementwise unary op running the primitive of the same name (or `kernel`):
 * `torch.name(x, { out })`, `x.name()` and, unless `mode` says otherwise, `x.name_()`.
 * @example export const exp = unaryOp("exp", { dtype: "float", gradName: "ExpBackward0", grad: (_x, y, g) => g.mul(y), saves: "y" }); // fragment
 */
export function unaryOp<const N extends UnaryOp, const M extends MethodMode = "inplace">(
  name: N,
  decl: UnaryDecl & { kernel?: UnaryOp; mode?: M },
): OpFn<N, UnaryFn, M>;
export function unaryOp<const N extends string, const M extends MethodMode = "inplace">(
  name: N,
  decl: UnaryDecl & { kernel: UnaryOp; mode?: M },
): OpFn<N, UnaryFn, M>;
export function unaryOp(name: string, decl: UnaryDecl & { kernel?: UnaryOp }): OpFn<string, UnaryFn, MethodMode> {
  const { family = "unary", mode = "inplace", kernel = name, ...rules } = decl;
  const spec: UnarySpec = { ...rules, kernel: kernelOf(name, kernel, UNARY_OPS), name };
  const fn: UnaryFn = (input, opts) => applyUnary(spec, input, outOf(name, opts));
  return defineOp(name, { family, mode, kernels: [spec.kernel], gradNames: gradNamesOf(spec), signature: "unary" }, fn);
}

/**
 * Declares an elementwise binary op (broadcasting, promotion, `out=`) running the primitive of
 * the same name (or `kernel`): `torch.name(a, b)`, `a.name(b)` and, unless `mode` says
 * otherwise, `a.name_(b)`.
 * @example export const atan2 = binaryOp("atan2", { dtype: "float", gradName: "Atan2Backward0", ... }); // fragment
 */
export function binaryOp<const N extends BinaryOp, const M extends MethodMode = "inplace">(
  name: N,
  decl: BinaryDecl & { kernel?: BinaryOp; mode?: M },
): OpFn<N, BinaryFn, M>;
export function binaryOp<const N extends string, const M extends MethodMode = "inplace">(
  name: N,
  decl: BinaryDecl & { kernel: BinaryOp; mode?: M },
): OpFn<N, BinaryFn, M>;
export function binaryOp(name: string, decl: BinaryDecl & { kernel?: BinaryOp }): OpFn<string, BinaryFn, MethodMode> {
  const { family = "binary", mode = "inplace", kernel = name, ...rules } = decl;
  const spec: BinarySpec = { ...rules, kernel: kernelOf(name, kernel, BINARY_OPS), name };
  const fn: BinaryFn = (input, other, opts) => applyBinary(spec, input, other, outOf(name, opts));
  return defineOp(
    name,
    { family, mode, kernels: [spec.kernel], gradNames: gradNamesOf(spec), signature: "binary" },
    fn,
  );
}

function gradNamesOf(spec: { gradName?: string; name: string; grad?: unknown; gradA?: unknown; gradB?: unknown }) {
  const differentiable = spec.grad !== undefined || spec.gradA !== undefined || spec.gradB !== undefined;
  return differentiable ? [spec.gradName ?? `${spec.name}Backward0`] : [];
}
