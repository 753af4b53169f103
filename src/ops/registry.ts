/**
 * The op registry: every public op is declared once, with `defineOp` (or the elementwise builders
 * `unaryOp`/`binaryOp` in define.ts, which call it). A declaration yields
 * - the public function (the value `defineOp` returns, exported by its family file),
 * - the `Tensor` method and, where PyTorch has one, the in-place `_` variant (installed here, in
 *   one loop; their types come from `MethodsOf<typeof family>` in ops/methods.ts),
 * - the op's entry in `registeredOps()`, which `test/ops/coverage.test.ts` and
 *   `npm run coverage` check against spec rows, fixtures and every backend's kernels.
 * Autograd recording for elementwise ops happens in the builders; other families record in the
 * one place their forward runs.
 */
import { declaredArity } from "../util/arity.js";
import { installMethods } from "../tensor/methods.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkArity } from "../util/args.js";
import { inplace } from "./inplace.js";

/** The concept an op belongs to (its file under src/ops, and its spec-table family). */
export type Family =
  | "unary"
  | "binary"
  | "compare"
  | "composite"
  | "reduce"
  | "scan"
  | "softmax"
  | "movement"
  | "join"
  | "indexing"
  | "sort"
  | "linalg"
  | "convert"
  | "fill"
  | "window";

/**
 * How an op appears on `Tensor`: `"function"` only as `torch.name(...)`; `"method"` also as
 * `x.name(...)` (self is the first argument); `"inplace"` also as `x.name_(...)`, which computes
 * out of place and writes the result back with PyTorch's in-place rules (ops/inplace.ts).
 */
export type MethodMode = "function" | "method" | "inplace";

/** What the registry knows about one op. */
export interface OpInfo {
  /** Public camelCase name: `torch.name`, `x.name()`. */
  readonly name: string;
  readonly family: Family;
  readonly mode: MethodMode;
  /** Backend primitives the op runs (elementwise, reduce and scan kernels), for coverage. */
  readonly kernels: readonly string[];
  /** `grad_fn` names it records (empty: not differentiable, or recorded by the ops it calls). */
  readonly gradNames: readonly string[];
  /** Set on aliases (`negative` → `neg`): tested through the op they alias. */
  readonly aliasOf?: string;
  /** Most arguments a call takes (self included); more is an error naming the op. */
  readonly maxArgs: number;
  /**
   * Set by the elementwise builders: the op is called as `op(x)` / `op(a, b)` with nothing else
   * required, so the spec table derives its row from this entry.
   */
  readonly signature?: "unary" | "binary";
}

/** The declaration `defineOp` takes (everything but the name is optional). */
export interface OpDecl {
  family: Family;
  mode?: MethodMode;
  kernels?: readonly string[];
  gradNames?: readonly string[];
  /** Overrides the arity read from the function (`fn.length`, which stops at defaults). */
  maxArgs?: number;
  signature?: "unary" | "binary";
}

/** Type-only brand carried by registered op functions, read by `MethodsOf`. */
declare const OP: unique symbol;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;
/** A registered op: the function itself, branded with its name and method mode for the types. */
export type OpFn<N extends string, F extends AnyFn, M extends MethodMode> = F & {
  readonly [OP]: { readonly name: N; readonly mode: M };
};

type Tail<A extends readonly unknown[]> = A extends readonly [unknown, ...infer R] ? R : never;
type MethodOf<F> = F extends (...args: infer A) => infer R ? (...args: Tail<A>) => R : never;
type Branded<N extends string, M extends MethodMode> = { readonly [OP]: { readonly name: N; readonly mode: M } };

/**
 * The `Tensor` methods a family module declares: `x.name(...)` for every op registered as a
 * method, plus `x.name_(...)` for in-place ones, typed from the function with self removed.
 */
export type MethodsOf<Mod> = {
  [K in keyof Mod as Mod[K] extends Branded<infer N, "method" | "inplace"> ? N : never]: MethodOf<Mod[K]>;
} & {
  [K in keyof Mod as Mod[K] extends Branded<infer N, "inplace"> ? `${N}_` : never]: MethodOf<Mod[K]>;
};

const OPS = new Map<string, OpInfo>();

/**
 * Declares an op: registers it, installs its `Tensor` method(s) and returns the function users
 * call as `torch.name(...)`: `fn` behind an arity check (more positional arguments than it
 * declares is a TypeError naming the op, as for the methods — plain-JS callers get no compiler
 * to tell them). The check forwards exactly the arguments given (ops that count them, as
 * PyTorch's overloads do, see the same count) and carries the op's name, so stack frames and
 * the released-tensor error still name the op.
 * @example export const neg = defineOp("neg", { family: "unary", mode: "inplace" }, (x: Tensor) => ...); // fragment
 */
export function defineOp<const N extends string, F extends AnyFn, const M extends MethodMode = "function">(
  name: N,
  decl: OpDecl & { mode?: M },
  fn: F,
): OpFn<N, F, M> {
  if (OPS.has(name)) throw new Error(`[defineOp] op "${name}" is declared twice`);
  const mode = decl.mode ?? "function";
  const info: OpInfo = {
    name,
    family: decl.family,
    mode,
    kernels: decl.kernels ?? [],
    gradNames: decl.gradNames ?? [],
    maxArgs: decl.maxArgs ?? declaredArity(fn),
    ...(decl.signature !== undefined ? { signature: decl.signature } : {}),
  };
  OPS.set(name, info);
  const checked = info.maxArgs === Infinity ? fn : arityChecked(name, fn, info.maxArgs);
  NAMES.set(checked, name);
  if (mode !== "function") installOpMethods(name, fn, mode === "inplace", info.maxArgs);
  return checked as OpFn<N, F, M>;
}

/** `fn` refusing more than `max` positional arguments, named `name` (the last segment of a dotted one). */
function arityChecked(name: string, fn: AnyFn, max: number): AnyFn {
  const own = name.split(".").pop()!;
  /* eslint-disable prefer-rest-params */
  const holder = {
    [own](this: unknown): unknown {
      const n = arguments.length;
      if (n > max) checkArity(name, n, max);
      // Fixed-arity calls: a rest parameter would allocate an array on every op call.
      switch (n) {
        case 0:
          return fn();
        case 1:
          return fn(arguments[0]);
        case 2:
          return fn(arguments[0], arguments[1]);
        case 3:
          return fn(arguments[0], arguments[1], arguments[2]);
        default:
          return fn(...arguments);
      }
    },
  };
  /* eslint-enable prefer-rest-params */
  return holder[own]!;
}

/**
 * Declares `name` as another name of `op` (PyTorch's `negative` for `neg`, `arctan2` for
 * `atan2`): the same function, and the same methods under the new name.
 * @example export const negative = alias("negative", neg); // fragment
 */
export function alias<const N extends string, F extends AnyFn, M extends MethodMode>(
  name: N,
  op: OpFn<string, F, M>,
): OpFn<N, F, M> {
  const target = OPS.get(NAMES.get(op) ?? "");
  if (target === undefined) throw new Error(`[alias] "${name}" aliases a function that is not a declared op`);
  if (OPS.has(name)) throw new Error(`[alias] op "${name}" is declared twice`);
  OPS.set(name, { ...target, name, aliasOf: target.name });
  if (target.mode !== "function") installOpMethods(name, op, target.mode === "inplace", target.maxArgs);
  return op as unknown as OpFn<N, F, M>;
}

/** Which declared op a function is (aliases share their target's function). */
const NAMES = new WeakMap<AnyFn, string>();

/** Every declared op, in declaration order. */
export function registeredOps(): readonly OpInfo[] {
  return [...OPS.values()];
}

/** The registry entry of `name`, if it is a declared op. */
export function opInfo(name: string): OpInfo | undefined {
  return OPS.get(name);
}

/**
 * Installs `x.name(...)` (and `x.name_(...)`) as `fn(x, ...)`. The method passes exactly the
 * arguments it was given (ops that count their arguments, as PyTorch's overloads do, see the
 * same count) and refuses more than the op takes.
 */
function installOpMethods(name: string, fn: AnyFn, withInplace: boolean, maxArgs: number): void {
  const max = Math.max(0, maxArgs - 1); // method arguments exclude self
  const own = `${name}_`;
  const methods: Record<string, (this: Tensor, ...args: unknown[]) => unknown> = {
    [name]: function (this: Tensor) {
      const n = arguments.length;
      if (n > max) checkArity(name, n, max);
      // Fixed-arity calls: a rest parameter would allocate an array on the hot path.
      /* eslint-disable prefer-rest-params */
      switch (n) {
        case 0:
          return fn(this);
        case 1:
          return fn(this, arguments[0]);
        case 2:
          return fn(this, arguments[0], arguments[1]);
        default:
          return fn(this, ...arguments);
      }
      /* eslint-enable prefer-rest-params */
    },
  };
  if (withInplace) {
    methods[own] = function (this: Tensor, ...args: unknown[]) {
      if (args.length > max) checkArity(own, args.length, max);
      return inplace(own, this, (s) => fn(s, ...args));
    };
  }
  installMethods(methods);
}
