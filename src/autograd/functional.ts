/**
 * `torch.autograd.functional`: derivatives of a whole function — `jacobian`, `hessian`, `vjp`,
 * `jvp`, `hvp`, `vhp` — with PyTorch's signatures (`createGraph`, `strict`, `vectorize`,
 * `strategy`) and tuple conventions: an array of inputs gives an array of results, one tensor a
 * tensor. Built on `autograd.grad`; `jvp`/`hvp` use the double-backward trick as PyTorch does,
 * and `jacobian({ strategy: "forward-mode" })` uses forward AD, one input element at a time.
 */
import { activeBackend } from "../backend/registry.js";
import { tensor, zeros } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { checkArity, checkBool, checkFunction, checkOneOf, checkOptions, optionKeys } from "../util/args.js";
import { copyTangent, pausedDual, setTangent, tangentOf } from "./dual.js";
import { dualLevel, makeDual, unpackDual } from "./forward-ad.js";
import { grad } from "./grad.js";
import { enableGrad, isGradEnabled } from "./mode.js";
import { FunctionNode, type Node } from "./node.js";

/** One tensor, or an array of them (PyTorch's tuple). */
export type Tensors = Tensor | readonly Tensor[];

/** Options of `vjp`, `jvp`, `hvp`, `vhp`. */
export interface FunctionalOptions {
  /** Keep the results differentiable (their graph to the inputs); default false. */
  createGraph?: boolean;
  /** Raise when an output does not depend on an input instead of returning zeros; default false. */
  strict?: boolean;
}

/** Options of `jacobian`. */
export interface JacobianOptions extends FunctionalOptions {
  /** PyTorch batches the rows with vmap; here it is accepted and the rows run one by one. */
  vectorize?: boolean;
  /** Rows by backward passes (default) or columns by forward AD (needs `vectorize`, as in PyTorch). */
  strategy?: "reverse-mode" | "forward-mode";
}

/** Options of `hessian`. */
export interface HessianOptions extends FunctionalOptions {
  /** Accepted as in PyTorch (the rows run one by one). */
  vectorize?: boolean;
  /** How the outer Jacobian (of the gradient) is taken: backward passes, or forward-over-reverse. */
  outerJacobianStrategy?: "reverse-mode" | "forward-mode";
}

const KEYS = optionKeys("createGraph", "strict");
const JAC_KEYS = optionKeys("createGraph", "strict", "vectorize", "strategy");
const HESS_KEYS = optionKeys("createGraph", "strict", "vectorize", "outerJacobianStrategy");
const STRATEGIES = ["reverse-mode", "forward-mode"] as const;

function asList(op: string, what: string, x: unknown): { list: Tensor[]; tuple: boolean } {
  const tuple = Array.isArray(x);
  const list = tuple ? [...(x as unknown[])] : [x];
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) {
      throw new TypeError(
        `[${op}] The ${what} given to ${op} must be either a Tensor or an array of Tensors: got ${tuple ? `${typeof t} at index ${i}` : t === null ? "null" : typeof t}`,
      );
    }
  });
  return { list: list as Tensor[], tuple };
}

function readOptions(op: string, opts: FunctionalOptions | undefined, keys = KEYS): Required<FunctionalOptions> {
  if (opts === undefined) return { createGraph: false, strict: false };
  checkOptions(op, opts, keys);
  return {
    createGraph: opts.createGraph === undefined ? false : checkBool(op, "createGraph", opts.createGraph),
    strict: opts.strict === undefined ? false : checkBool(op, "strict", opts.strict),
  };
}

/** PyTorch's `_grad_preprocess`: inputs that require grad, keeping history only with createGraph. */
function prepare(inputs: readonly Tensor[], createGraph: boolean): Tensor[] {
  return inputs.map((x) => {
    if (createGraph && x.requiresGrad) return x.expand([...x.shape]);
    const y = x.detach().requiresGrad_(true);
    copyTangent(x, y); // a forward-AD tangent rides along (forward-over-reverse)
    return y;
  });
}

function callFn(op: string, fn: (...args: Tensor[]) => unknown, inputs: readonly Tensor[]) {
  const raw = enableGrad(() => fn(...inputs));
  return asList(op, "outputs of the user-provided function", raw);
}

/** `autograd.grad` over the outputs that require grad; null for unreached inputs. */
function gradOf(
  outputs: readonly Tensor[],
  inputs: readonly Tensor[],
  gradOutputs: readonly (Tensor | null)[],
  createGraph: boolean,
  retainGraph = createGraph,
): (Tensor | null)[] {
  const outs: Tensor[] = [];
  const gos: Tensor[] = [];
  outputs.forEach((o, i) => {
    const g = gradOutputs[i];
    if (o.requiresGrad && g !== null && g !== undefined) {
      outs.push(o);
      gos.push(g);
    }
  });
  if (outs.length === 0) return inputs.map(() => null);
  return enableGrad(() => grad(outs, inputs, { gradOutputs: gos, createGraph, retainGraph, allowUnused: true }));
}

/** Zeros for missing gradients, or PyTorch's strict-mode error. */
function fill(
  op: string,
  gs: readonly (Tensor | null)[],
  like: readonly Tensor[],
  strict: boolean,
  stage: string,
): Tensor[] {
  return gs.map((g, i) => {
    if (g !== null) return g;
    if (strict) {
      throw new Error(
        `[${op}] The ${stage} of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
      );
    }
    return zeros([...like[i]!.shape], { dtype: like[i]!.dtype });
  });
}

function finish(ts: readonly Tensor[], createGraph: boolean): Tensor[] {
  return ts.map((t) => (createGraph ? t : t.detach()));
}

function checkVectors(op: string, v: unknown, like: readonly Tensor[], tuple: boolean, what: string): Tensor[] {
  const { list } = asList(op, `v`, v);
  if (list.length !== like.length || (Array.isArray(v) !== tuple && like.length !== 1)) {
    throw new RangeError(`[${op}] v has ${list.length} tensors: expected ${like.length}, one per ${what}`);
  }
  list.forEach((t, i) => {
    const s = like[i]!.shape;
    if (t.shape.length !== s.length || t.shape.some((d, k) => d !== s[k])) {
      throw new RangeError(
        `[${op}] Mismatch in shape: v[${i}] has shape [${t.shape}] and the ${what} ${i} has shape [${s}]`,
      );
    }
  });
  return list;
}

/** Seeds for `vjp`/`vhp`: v as given, or ones for a single one-element output. */
function seeds(op: string, v: Tensors | null | undefined, outs: readonly Tensor[], tuple: boolean): Tensor[] {
  if (v === undefined || v === null) {
    if (outs.length !== 1 || outs[0]!.numel() !== 1) {
      throw new RangeError(
        `[${op}] The vector v can only be None if the user-provided function returns a single Tensor with a single element.`,
      );
    }
    return [zeros([...outs[0]!.shape], { dtype: outs[0]!.dtype }).add(1)];
  }
  return checkVectors(op, v, outs, tuple, "output");
}

function shape<T>(list: T[], tuple: boolean): T | T[] {
  return tuple ? list : list[0]!;
}

type Fn = (...inputs: Tensor[]) => Tensors;

/**
 * The function's output and the vector-Jacobian product vᵀJ at `inputs` (`torch.autograd.functional.vjp`).
 * `v` may be omitted for a one-element output.
 * @example
 * const [, g] = torch.autograd.functional.vjp((x) => x.pow(2).sum(), torch.tensor([1, 2], { dtype: "float32" }));
 * String(g) // "tensor([2., 4.])"
 */
export function vjp(func: Fn, inputs: Tensors, v?: Tensors | null, options?: FunctionalOptions): [Tensors, Tensors] {
  if (arguments.length > 4) checkArity("vjp", arguments.length, 4);
  checkFunction("vjp", "func", func);
  const { createGraph, strict } = readOptions("vjp", options);
  const { list, tuple } = asList("vjp", "inputs", inputs);
  const xs = prepare(list, createGraph);
  const out = callFn("vjp", func, xs);
  const vs = seeds("vjp", v, out.list, out.tuple);
  const gs = fill("vjp", gradOf(out.list, xs, vs, createGraph), xs, strict, "output");
  return [shape(finish(out.list, createGraph), out.tuple), shape(finish(gs, createGraph), tuple)];
}

/** J·v by the double-backward trick: the VJP is linear in u, so d/du ⟨uᵀJ, v⟩ = J v. */
function jvpOf(
  op: string,
  outs: readonly Tensor[],
  xs: readonly Tensor[],
  vs: readonly Tensor[],
  createGraph: boolean,
  strict: boolean,
): Tensor[] {
  const us = outs.map((o) => zeros([...o.shape], { dtype: o.dtype, requiresGrad: true }));
  const gis = gradOf(outs, xs, us, true);
  if (strict && gis.some((g) => g === null)) {
    throw new Error(
      `[${op}] The output of the user-provided function is independent of input ${gis.indexOf(null)}. This is not allowed in strict mode.`,
    );
  }
  const gs = gradOf(
    gis.filter((g): g is Tensor => g !== null),
    us,
    vs.filter((_, i) => gis[i] !== null),
    createGraph,
  );
  return fill(op, gs, outs, strict, "gradient with respect to the output");
}

/**
 * The function's output and the Jacobian-vector product J·v at `inputs` (`torch.autograd.functional.jvp`),
 * computed by the double-backward trick as PyTorch does.
 * @example
 * const x = torch.tensor([1, 2], { dtype: "float32" });
 * const [, t] = torch.autograd.functional.jvp((v) => v.pow(2), x, torch.onesLike(x));
 * String(t) // "tensor([2., 4.])"
 */
export function jvp(func: Fn, inputs: Tensors, v?: Tensors | null, options?: FunctionalOptions): [Tensors, Tensors] {
  if (arguments.length > 4) checkArity("jvp", arguments.length, 4);
  checkFunction("jvp", "func", func);
  const { createGraph, strict } = readOptions("jvp", options);
  const { list, tuple } = asList("jvp", "inputs", inputs);
  const xs = prepare(list, createGraph);
  let vs: Tensor[];
  if (v === undefined || v === null) {
    if (xs.length !== 1 || xs[0]!.numel() !== 1) {
      throw new RangeError(
        "[jvp] The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.",
      );
    }
    vs = [zeros([...xs[0]!.shape], { dtype: xs[0]!.dtype }).add(1)];
  } else vs = checkVectors("jvp", v, xs, tuple, "input");
  const out = callFn("jvp", func, xs);
  const res = jvpOf("jvp", out.list, xs, vs, createGraph, strict);
  return [shape(finish(out.list, createGraph), out.tuple), shape(finish(res, createGraph), out.tuple)];
}

/** Stacks equally shaped tensors along a new first dim, recording the graph (autograd's own `stack`). */
function stackRows(rows: readonly Tensor[], rowShape: readonly number[], dtype: Tensor["dtype"]): Tensor {
  const n = rowShape.reduce((a, b) => a * b, 1);
  const out = Tensor._uninit([rows.length, ...rowShape], dtype);
  const strides = rowShape.map((_, i) => rowShape.slice(i + 1).reduce((a, b) => a * b, 1));
  const be = activeBackend();
  rows.forEach((r, k) => {
    const src = r.dtype === dtype ? r : r.to(dtype);
    be.copy(src._v, { data: out._v.data, dtype, shape: [...rowShape], strides, offset: k * n });
  });
  if (isGradEnabled() && rows.some((r) => r.requiresGrad)) {
    const next: (Node | null)[] = rows.map((r) => r._gradEdge());
    const node = new FunctionNode("StackBackward0", next, (g) => rows.map((_, k) => g.select(0, k)), []);
    node.shape = out.shape;
    node.dtype = dtype;
    out.gradFn = node;
  }
  // Forward AD: the stacked tangents (zeros for rows without one), for forward-over-reverse.
  if (rows.some((r) => tangentOf(r) !== null)) {
    const tans = pausedDual(() => rows.map((r) => tangentOf(r) ?? zeros([...rowShape], { dtype })));
    setTangent(
      out,
      pausedDual(() => stackRows(tans, rowShape, dtype)),
    );
  }
  return out;
}

/** Rows of d out / d x for every input x, by one backward pass per output element. */
function jacobianRows(
  outs: readonly Tensor[],
  xs: readonly Tensor[],
  createGraph: boolean,
  strict: boolean,
): Tensor[][] {
  return outs.map((o, i) => {
    const n = o.numel();
    const rows: Tensor[][] = xs.map(() => []);
    for (let k = 0; k < n; k++) {
      const basis = new Array<number>(n).fill(0);
      basis[k] = 1;
      const e = tensor(basis, { dtype: o.dtype }).reshape([...o.shape]);
      const gs = o.requiresGrad ? gradOf([o], xs, [e], createGraph, true) : xs.map(() => null);
      gs.forEach((g, j) => {
        if (g === null && strict) {
          throw new Error(
            `[jacobian] Output ${i} of the user-provided function is independent of input ${j}. This is not allowed in strict mode.`,
          );
        }
        rows[j]!.push(g ?? zeros([...xs[j]!.shape], { dtype: xs[j]!.dtype }));
      });
    }
    return xs.map((x, j) => stackRows(rows[j]!, x.shape, x.dtype).reshape([...o.shape, ...x.shape]));
  });
}

/** Columns d out / d x_j[e] by forward AD, one input element at a time. */
function jacobianCols(func: Fn, xs: readonly Tensor[]): { outs: Tensor[]; tuple: boolean; jac: Tensor[][] } {
  const base = callFn("jacobian", func, xs);
  const cols: Tensor[][][] = base.list.map(() => xs.map(() => []));
  xs.forEach((x, j) => {
    const n = x.numel();
    for (let e = 0; e < n; e++) {
      const basis = new Array<number>(n).fill(0);
      basis[e] = 1;
      const t = tensor(basis, { dtype: x.dtype }).reshape([...x.shape]);
      dualLevel(() => {
        const duals = xs.map((xi, k) => (k === j ? makeDual(xi.detach(), t) : xi.detach()));
        const r = asList("jacobian", "outputs of the user-provided function", func(...duals)).list;
        r.forEach((o, i) => {
          const tan = unpackDual(o).tangent;
          cols[i]![j]!.push(tan === null ? zeros([...o.shape], { dtype: o.dtype }) : tan);
        });
      });
    }
  });
  const jac = base.list.map((o, i) =>
    xs.map((x, j) => {
      const m = stackRows(cols[i]![j]!, o.shape, o.dtype).reshape([x.numel(), o.numel()]);
      return m.transpose(0, 1).reshape([...o.shape, ...x.shape]);
    }),
  );
  return { outs: base.list, tuple: base.tuple, jac };
}

function nest(jac: Tensor[][], outTuple: boolean, inTuple: boolean): Tensors | Tensor[][] {
  if (outTuple && inTuple) return jac;
  if (outTuple) return jac.map((r) => r[0]!);
  if (inTuple) return jac[0]!;
  return jac[0]![0]!;
}

/**
 * The Jacobian of `func` at `inputs` (`torch.autograd.functional.jacobian`): for one input and one
 * output a tensor of shape `out.shape ++ in.shape`; an array of inputs and/or outputs gives arrays
 * (`J[i][j]` = d out_i / d in_j when both are arrays).
 * @example
 * const J = torch.autograd.functional.jacobian((x) => x.pow(2), torch.tensor([1, 2], { dtype: "float32" }));
 * J // tensor([[2., 0.], [0., 4.]])
 */
export function jacobian(func: Fn, inputs: Tensors, options?: JacobianOptions): Tensors | Tensor[][] {
  if (arguments.length > 3) checkArity("jacobian", arguments.length, 3);
  checkFunction("jacobian", "func", func);
  const { createGraph, strict } = readOptions("jacobian", options, JAC_KEYS);
  const vectorize = options?.vectorize === undefined ? false : checkBool("jacobian", "vectorize", options.vectorize);
  const strategy =
    options?.strategy === undefined ? "reverse-mode" : checkOneOf("jacobian", "strategy", options.strategy, STRATEGIES);
  if (strict && vectorize) {
    throw new Error(
      "[jacobian] torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together. Please either set `strict=False` or `vectorize=False`.",
    );
  }
  const { list, tuple } = asList("jacobian", "inputs", inputs);
  if (strategy === "forward-mode") {
    if (!vectorize) {
      throw new Error(
        '[jacobian] torch.autograd.functional.jacobian: `strategy="forward-mode"` requires `vectorize=True`.',
      );
    }
    if (createGraph) {
      throw new Error(
        '[jacobian] torch.autograd.functional.jacobian: `strategy="forward-mode"` does not support `create_graph=True`.',
      );
    }
    const { tuple: outTuple, jac } = jacobianCols(
      func,
      list.map((x) => x.detach()),
    );
    return nest(jac, outTuple, tuple);
  }
  const xs = prepare(list, createGraph);
  const out = callFn("jacobian", func, xs);
  const jac = jacobianRows(out.list, xs, createGraph, strict).map((r) => finish(r, createGraph));
  return nest(jac, out.tuple, tuple);
}

/** Checks hessian's function returns one one-element tensor. */
function scalarOutput(op: string, func: Fn): (...xs: Tensor[]) => Tensor {
  return (...xs) => {
    const out = func(...xs);
    if (Array.isArray(out) || !(out instanceof Tensor)) {
      throw new TypeError(`[${op}] The function given to ${op} should return a single Tensor`);
    }
    if (out.numel() !== 1) {
      throw new RangeError(
        `[${op}] The Tensor returned by the function given to ${op} should contain a single element: got shape [${out.shape}]`,
      );
    }
    return out;
  };
}

/**
 * The Hessian of a scalar function at `inputs` (`torch.autograd.functional.hessian`): shape
 * `in.shape ++ in.shape`, or `H[i][j]` for an array of inputs.
 * @example
 * const H = torch.autograd.functional.hessian((x) => x.pow(3).sum(), torch.tensor([1, 2], { dtype: "float32" }));
 * H // tensor([[ 6.,  0.], [ 0., 12.]])
 */
export function hessian(func: Fn, inputs: Tensors, options?: HessianOptions): Tensors | Tensor[][] {
  if (arguments.length > 3) checkArity("hessian", arguments.length, 3);
  checkFunction("hessian", "func", func);
  const { createGraph, strict } = readOptions("hessian", options, HESS_KEYS);
  const vectorize = options?.vectorize === undefined ? false : checkBool("hessian", "vectorize", options.vectorize);
  const strategy =
    options?.outerJacobianStrategy === undefined
      ? "reverse-mode"
      : checkOneOf("hessian", "outerJacobianStrategy", options.outerJacobianStrategy, STRATEGIES);
  const { tuple } = asList("hessian", "inputs", inputs);
  const f = scalarOutput("hessian", func);
  // The inner Jacobian keeps its graph so the outer one can differentiate it.
  const grads = (...xs: Tensor[]): Tensor[] => {
    const g = jacobian(f, tuple ? xs : xs[0]!, { createGraph: true, strict }) as Tensors;
    return Array.isArray(g) ? [...g] : [g as Tensor];
  };
  const outer = strategy === "forward-mode" ? { vectorize: true, strategy } : { createGraph, strict, vectorize };
  if (strategy === "forward-mode" && createGraph) {
    throw new Error('[hessian] outerJacobianStrategy "forward-mode" does not support createGraph: true');
  }
  const h = jacobian(grads, inputs, outer) as Tensor[] | Tensor[][];
  // grads always returns an array: unwrap for a single input, as PyTorch's result.
  if (!tuple) return (h as Tensor[])[0]!;
  return h as Tensor[][];
}

/**
 * The function's output and vᵀH (`torch.autograd.functional.vhp`), for a scalar function.
 * @example
 * const x = torch.tensor([1, 2], { dtype: "float32" });
 * const [, r] = torch.autograd.functional.vhp((v) => v.pow(3).sum(), x, torch.tensor([1, 0], { dtype: "float32" }));
 * String(r) // "tensor([6., 0.])"
 */
export function vhp(func: Fn, inputs: Tensors, v?: Tensors | null, options?: FunctionalOptions): [Tensor, Tensors] {
  if (arguments.length > 4) checkArity("vhp", arguments.length, 4);
  return secondOrder("vhp", func, inputs, v, options);
}

/**
 * The function's output and H·v (`torch.autograd.functional.hvp`), for a scalar function, by the
 * double-backward trick as PyTorch does.
 * @example
 * const x = torch.tensor([1, 2], { dtype: "float32" });
 * const [, r] = torch.autograd.functional.hvp((v) => v.pow(3).sum(), x, torch.tensor([0, 1], { dtype: "float32" }));
 * String(r) // "tensor([ 0., 12.])"
 */
export function hvp(func: Fn, inputs: Tensors, v?: Tensors | null, options?: FunctionalOptions): [Tensor, Tensors] {
  if (arguments.length > 4) checkArity("hvp", arguments.length, 4);
  return secondOrder("hvp", func, inputs, v, options);
}

function secondOrder(
  op: "hvp" | "vhp",
  func: Fn,
  inputs: Tensors,
  v: Tensors | null | undefined,
  options: FunctionalOptions | undefined,
): [Tensor, Tensors] {
  checkFunction(op, "func", func);
  const { createGraph, strict } = readOptions(op, options);
  const { list, tuple } = asList(op, "inputs", inputs);
  const xs = prepare(list, createGraph);
  let vs: Tensor[];
  if (v === undefined || v === null) {
    if (xs.length !== 1 || xs[0]!.numel() !== 1) {
      throw new RangeError(
        `[${op}] The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.`,
      );
    }
    vs = [zeros([...xs[0]!.shape], { dtype: xs[0]!.dtype }).add(1)];
  } else vs = checkVectors(op, v, xs, tuple, "input");
  const out = scalarOutput(op, func)(...xs);
  const ones = zeros([...out.shape], { dtype: out.dtype }).add(1);
  const jac = fill(op, gradOf([out], xs, [ones], true), xs, strict, "output");
  let res: (Tensor | null)[];
  if (op === "vhp") {
    res = gradOf(jac, xs, vs, createGraph);
  } else {
    res = jvpOf(op, jac, xs, vs, createGraph, strict);
  }
  const filled = fill(op, res, xs, strict, "jacobian");
  return [finish([out], createGraph)[0]!, shape(finish(filled, createGraph), tuple)];
}
