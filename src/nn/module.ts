/**
 * `nn.Module`: the base class of layers and models. Parameters and submodules are discovered
 * from own fields in declaration order (JS class fields are own enumerable properties, defined
 * in order); buffers are registered with `registerBuffer`. Values live in the fields; the module
 * keeps only the ordered names, so reassigning `this.fc = new nn.Linear(…)` just works.
 *
 * Calling: `model.forward(x)` runs the computation; `model.call(x)` also runs the forward hooks
 * (PyTorch's `model(x)`). Use `call` in application code.
 */
import { inspectCustom } from "../util/node.js";
import { noGrad } from "../autograd/mode.js";
import { checkDevice, isDevice, isDTypeName, type DeviceLike } from "../tensor/device.js";
import { isFloatingPoint, toDType, type DType } from "../tensor/dtype.js";
import { _keepForUser } from "../tensor/lifetime.js";
import { Tensor } from "../tensor/tensor.js";
import { Parameter, setData } from "./parameter.js";
import { loadInto, type LoadResult } from "./state-dict.js";
import {
  checkArity,
  checkBool,
  checkFunction,
  checkOptions,
  describe as describeArg,
  isPlainObject,
  optionKeys,
} from "../util/args.js";
import { params, splitArgs, type ParamList } from "./functional/args.js";

const NAMED_PARAMETERS = params("namedParameters", ["prefix", "recurse"]);
const PARAMETERS = params("parameters", ["recurse"]);
const NAMED_BUFFERS = params("namedBuffers", ["prefix", "recurse"]);
const BUFFERS = params("buffers", ["recurse"]);
const ZERO_GRAD = params("zeroGrad", ["setToNone"]);
const STATE_DICT = params("stateDict", ["prefix"], { kwOnly: ["keepVars"] });
const LOAD_STATE_DICT = params("loadStateDict", ["strict"]);

/** `namedParameters`/`namedBuffers` arguments: `prefix, recurse`, or `{ prefix, recurse }`. */
export type MemberArgs =
  | [prefix?: string, recurse?: boolean]
  | [prefix: string, opts: { recurse?: boolean }]
  | [opts: { prefix?: string; recurse?: boolean }];

/** `parameters`/`buffers` arguments: `recurse`, or `{ recurse }`. */
export type RecurseArgs = [recurse?: boolean] | [opts: { recurse?: boolean }];

function checkString(op: string, name: string, v: unknown): string {
  if (typeof v !== "string") throw new TypeError(`[${op}] ${name} must be a string: got ${describeArg(v)}`);
  return v;
}

/** [prefix, recurse] from `namedParameters`/`namedBuffers` arguments, checked. */
function memberArgs(p: ParamList, args: readonly unknown[]): [string, boolean] {
  const a = splitArgs(p, args);
  return [
    a[0] === undefined ? "" : checkString(p.op, "prefix", a[0]),
    a[1] === undefined ? true : checkBool(p.op, "recurse", a[1]),
  ];
}

/** `recurse` from `parameters`/`buffers` arguments, checked. */
function recurseArg(p: ParamList, args: readonly unknown[]): boolean {
  const [r] = splitArgs(p, args);
  return r === undefined ? true : checkBool(p.op, "recurse", r);
}

export type { LoadResult } from "./state-dict.js";

const TO_KEYS = optionKeys("device", "dtype", "nonBlocking");

function floatDtype(d: unknown): DType {
  if (typeof d !== "string") throw new TypeError(`[Module.to] dtype must be a dtype name: got ${describeArg(d)}`);
  const t = toDType(d, "Module.to");
  if (!isFloatingPoint(t)) throw new TypeError(`[Module.to] nn.Module.to only accepts floating point dtypes: got ${t}`);
  return t;
}

/** `Module.to`'s arguments → the target dtype (undefined: none); the device must be the CPU. */
function parseModuleTo(args: readonly unknown[]): { dtype: DType | undefined; target: "cpu" | "webgpu" | undefined } {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  let opts: { device?: unknown; dtype?: unknown; nonBlocking?: unknown } | undefined;
  if (n > 0 && isPlainObject(args[n - 1])) {
    opts = args[--n] as typeof opts;
    checkOptions("Module.to", opts, TO_KEYS);
  }
  if (n > 2) throw new TypeError(`[Module.to] takes (device?, dtype?, options?): got ${n} positional arguments`);
  let dtype: DType | undefined;
  let device = false;
  let target: "cpu" | "webgpu" | undefined;
  const [a, b] = args;
  if (n >= 1) {
    if (a instanceof Tensor) {
      if (n > 1) throw new TypeError(`[Module.to] to(tensor) takes no second argument: got ${describeArg(b)}`);
      // PyTorch's to(tensor) takes the tensor's dtype, and only a floating one.
      dtype = floatDtype(a.dtype);
    } else if (isDevice(a)) {
      target = checkDevice("Module.to", a);
      device = true;
      if (n === 2) {
        if (!isDTypeName(b)) {
          throw new TypeError(
            `[Module.to] expected a dtype as the second argument of to(device, dtype): got ${describeArg(b)}`,
          );
        }
        dtype = floatDtype(b);
      }
    } else if (isDTypeName(a)) {
      if (n > 1) {
        throw new TypeError(
          `[Module.to] to(dtype) takes no second argument: got ${describeArg(b)} (to(device, dtype) puts the device first)`,
        );
      }
      dtype = floatDtype(a);
    } else if (typeof a === "string") {
      checkDevice("Module.to", a); // an unknown string: names the devices, with a did-you-mean
    } else {
      throw new TypeError(`[Module.to] expected a device, a dtype or a Tensor: got ${describeArg(a)}`);
    }
  }
  if (opts !== undefined) {
    if (opts.device !== undefined) {
      if (device) throw new TypeError("[Module.to] device given twice: positionally and as the device option");
      target = checkDevice("Module.to", opts.device);
    }
    if (opts.dtype !== undefined) {
      if (dtype !== undefined)
        throw new TypeError("[Module.to] dtype given twice: positionally and as the dtype option");
      dtype = floatDtype(opts.dtype);
    }
    if (opts.nonBlocking !== undefined && typeof opts.nonBlocking !== "boolean") {
      throw new TypeError(`[Module.to] nonBlocking must be a boolean: got ${describeArg(opts.nonBlocking)}`);
    }
  }
  return { dtype, target };
}

/** A handle whose `remove()` unregisters a hook. */
export interface RemovableHandle {
  remove(): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyArgs = any[];
/** `(module, inputs) => newInputs | void`: runs before `forward`. */
export type ForwardPreHook = (module: Module, inputs: AnyArgs) => unknown;
/** `(module, inputs, output) => newOutput | void`: runs after `forward`. */
export type ForwardHook = (module: Module, inputs: AnyArgs, output: unknown) => unknown;

function checkName(op: string, kind: string, name: unknown): asserts name is string {
  if (typeof name !== "string") throw new TypeError(`[${op}] ${kind} name should be a string: got ${typeof name}`);
  if (name.includes(".")) throw new Error(`[${op}] ${kind} name can't contain ".": got "${name}"`);
  if (name === "") throw new Error(`[${op}] ${kind} name can't be empty string ""`);
}

/** PyTorch's `_addindent`: indents every line but the first. */
function addIndent(s: string, n: number): string {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  const pad = " ".repeat(n);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join("\n");
}

/**
 * Base class for all neural network modules.
 *
 * @example
 * class Net extends nn.Module {
 *   fc1 = new nn.Linear(10, 5);
 *   fc2 = new nn.Linear(5, 1);
 *   forward(x: Tensor) { return this.fc2.call(this.fc1.call(x).relu()); }
 * }
 * const y = new Net().call(torch.randn(4, 10));
 */
export class Module {
  /** Training mode flag (`train()` / `eval()`). */
  training = true;
  // Ordered names; values live in the same-named own properties.
  private readonly _paramNames: string[] = [];
  private readonly _bufferNames: string[] = [];
  private readonly _nonPersistent = new Set<string>();
  private readonly _moduleNames: string[] = [];
  private readonly _preHooks = new Map<number, ForwardPreHook>();
  private readonly _hooks = new Map<number, ForwardHook>();
  private static _hookId = 0;

  /** @internal appends own fields holding Parameters/Modules not yet known, in property order. */
  _sync(): void {
    for (const key of Object.keys(this)) {
      const v = (this as Record<string, unknown>)[key];
      if (v instanceof Parameter) {
        if (!this._paramNames.includes(key) && !this._bufferNames.includes(key)) this._paramNames.push(key);
      } else if (v instanceof Module) {
        if (!this._moduleNames.includes(key)) this._moduleNames.push(key);
      }
    }
  }

  private _get(name: string): unknown {
    return (this as Record<string, unknown>)[name];
  }

  private _set(name: string, value: unknown): void {
    (this as Record<string, unknown>)[name] = value;
  }

  /** The computation; subclasses override it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(..._args: any[]): any {
    throw new Error(`[forward] Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  /**
   * Runs forward pre-hooks, `forward`, then forward hooks (PyTorch's `model(x)`).
   * @example const y = model.call(x);
   */
  call(...args: Parameters<this["forward"]>): ReturnType<this["forward"]> {
    let inputs: AnyArgs = args;
    for (const hook of [...this._preHooks.values()]) {
      _keepForUser(inputs);
      const r = hook(this, inputs);
      if (r !== undefined) inputs = Array.isArray(r) ? r : [r];
    }
    let out = this.forward(...inputs);
    for (const hook of [...this._hooks.values()]) {
      _keepForUser([inputs, out]); // a hook that stores an activation keeps a valid tensor
      const r = hook(this, inputs, out);
      if (r !== undefined) out = r;
    }
    return out;
  }

  /**
   * @internal True when `forward` returns a fresh tensor and keeps no reference to it: then a
   * container that hands it only to the next module may donate it (ops/fused.ts `donate`).
   * A layer states this about itself; it is false unless the layer's own forward guarantees it.
   */
  get _returnsOwnedOutput(): boolean {
    return false;
  }

  /** @internal true when forward (pre-)hooks are registered: their callbacks see the tensors. */
  _hasHooks(): boolean {
    return this._preHooks.size > 0 || this._hooks.size > 0;
  }

  /** Registers `(module, inputs) => newInputs | void`, run before forward by `call`. @example m.registerForwardPreHook((m, [x]) => [x.mul(2)]) // fragment */
  registerForwardPreHook(hook: ForwardPreHook): RemovableHandle {
    const id = Module._hookId++;
    this._preHooks.set(id, hook);
    return { remove: () => void this._preHooks.delete(id) };
  }

  /** Registers `(module, inputs, output) => newOutput | void`, run after forward by `call`. @example m.registerForwardHook((m, i, o) => console.log(o.shape)) // fragment */
  registerForwardHook(hook: ForwardHook): RemovableHandle {
    const id = Module._hookId++;
    this._hooks.set(id, hook);
    return { remove: () => void this._hooks.delete(id) };
  }

  // ---- registration -----------------------------------------------------------------------

  /** Registers (or clears, with `null`) a parameter under `name`. @example this.registerParameter("w", new nn.Parameter(torch.ones(2))) // fragment */
  registerParameter(name: string, param: Parameter | null): void {
    checkName("registerParameter", "parameter", name);
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(
        `[registerParameter] cannot assign '${describe(param)}' object to parameter '${name}': expected nn.Parameter or null`,
      );
    }
    this._sync();
    if (
      this._bufferNames.includes(name) ||
      (name in this && !this._paramNames.includes(name) && this._get(name) !== undefined)
    ) {
      throw new Error(`[registerParameter] attribute '${name}' already exists`);
    }
    if (!this._paramNames.includes(name)) this._paramNames.push(name);
    this._set(name, param);
  }

  /**
   * Registers a buffer: state saved in `stateDict` (unless `persistent` is false) but not trained.
   * @example this.registerBuffer("runningMean", torch.zeros(4)) // fragment
   */
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    checkName("registerBuffer", "buffer", name);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(
        `[registerBuffer] cannot assign '${describe(tensor)}' object to buffer '${name}': expected a Tensor or null`,
      );
    }
    this._sync();
    if (!this._bufferNames.includes(name) && name in this && this._get(name) !== undefined) {
      throw new Error(`[registerBuffer] attribute '${name}' already exists`);
    }
    if (!this._bufferNames.includes(name)) this._bufferNames.push(name);
    if (persistent) this._nonPersistent.delete(name);
    else this._nonPersistent.add(name);
    if (tensor !== null) tensor._kept = true; // no tidy scope releases a buffer
    this._set(name, tensor);
  }

  /** Registers a child module under `name` (any string without "."). @example this.registerModule("0", new nn.ReLU()) // fragment */
  registerModule(name: string, module: Module | null): void {
    checkName("registerModule", "module", name);
    if (module !== null && !(module instanceof Module)) {
      throw new TypeError(`[registerModule] ${describe(module)} is not a Module subclass`);
    }
    this._sync();
    if (name in this && !this._moduleNames.includes(name) && this._get(name) !== undefined) {
      throw new Error(`[registerModule] attribute '${name}' already exists`);
    }
    if (!this._moduleNames.includes(name)) this._moduleNames.push(name);
    this._set(name, module);
  }

  /** Alias of `registerModule`. */
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  // ---- traversal --------------------------------------------------------------------------

  /** @internal own [name, value] pairs of one kind, skipping nulls. */
  _own(kind: "param" | "buffer" | "module"): [string, Tensor | Module][] {
    this._sync();
    const names = kind === "param" ? this._paramNames : kind === "buffer" ? this._bufferNames : this._moduleNames;
    const out: [string, Tensor | Module][] = [];
    for (const n of names) {
      const v = this._get(n);
      if (kind === "module" ? v instanceof Module : v instanceof Tensor) out.push([n, v as Tensor | Module]);
    }
    return out;
  }

  /** Direct children with names. @example for (const [name, m] of model.namedChildren()) … // fragment */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [n, m] of this._own("module") as [string, Module][]) {
      if (seen.has(m)) continue;
      seen.add(m);
      out.push([n, m]);
    }
    return out;
  }

  /** Direct children. @example model.children().length */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and all descendants, depth first, with dotted names ("" for this one). @example model.namedModules() */
  namedModules(prefix = "", memo = new Set<Module>()): [string, Module][] {
    if (memo.has(this)) return [];
    memo.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [n, m] of this._own("module") as [string, Module][]) {
      out.push(...m.namedModules(prefix ? `${prefix}.${n}` : n, memo));
    }
    return out;
  }

  /** This module and all descendants. @example model.modules().length */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  private _namedMembers(kind: "param" | "buffer", prefix: string, recurse: boolean): [string, Tensor][] {
    const mods = recurse ? this.namedModules(prefix) : [[prefix, this] as [string, Module]];
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [mp, m] of mods) {
      for (const [n, t] of m._own(kind) as [string, Tensor][]) {
        if (seen.has(t)) continue;
        seen.add(t);
        out.push([mp ? `${mp}.${n}` : n, t]);
      }
    }
    return out;
  }

  /** Parameters with dotted names (shared ones once). @example model.namedParameters().map(([n]) => n) // ["0.weight", "0.bias", …] */
  namedParameters(...args: MemberArgs): [string, Parameter][] {
    const [prefix, recurse] = memberArgs(NAMED_PARAMETERS, args);
    return this._namedMembers("param", prefix, recurse) as [string, Parameter][];
  }

  /** All parameters (this module's and, with `recurse`, its descendants'). @example new SGD(model.parameters(), { lr: 0.1 }) // fragment */
  parameters(...args: RecurseArgs): Parameter[] {
    const recurse = recurseArg(PARAMETERS, args);
    return this._namedMembers("param", "", recurse).map(([, p]) => p as Parameter);
  }

  /** Buffers with dotted names. @example bn.namedBuffers() // [["running_mean", …], …] (fragment) */
  namedBuffers(...args: MemberArgs): [string, Tensor][] {
    const [prefix, recurse] = memberArgs(NAMED_BUFFERS, args);
    return this._namedMembers("buffer", prefix, recurse);
  }

  /** All buffers. @example model.buffers() */
  buffers(...args: RecurseArgs): Tensor[] {
    const recurse = recurseArg(BUFFERS, args);
    return this._namedMembers("buffer", "", recurse).map(([, b]) => b);
  }

  /** The descendant at a dotted path (`"0.fc"`). @example model.getSubmodule("encoder.0") // fragment */
  getSubmodule(target: string): Module {
    if (typeof target !== "string")
      throw new TypeError(`[getSubmodule] target must be a string: got ${describeArg(target)}`);
    if (target === "") return this;
    return target.split(".").reduce<Module>((mod, part) => {
      const next = mod._own("module").find(([n]) => n === part);
      if (next === undefined) throw new Error(`[getSubmodule] ${mod.constructor.name} has no attribute \`${part}\``);
      return next[1] as Module;
    }, this);
  }

  // ---- modes and in-place transforms -------------------------------------------------------

  /** Sets training mode on this module and its descendants; returns this. @example model.train() */
  train(mode = true): this {
    if (arguments.length > 1) checkArity("train", arguments.length, 1);
    if (typeof mode !== "boolean")
      throw new TypeError(`[train] training mode is expected to be boolean: got ${typeof mode}`);
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }

  /** Evaluation mode (`train(false)`). @example model.eval() */
  eval(): this {
    if (arguments.length > 0) checkArity("eval", arguments.length, 0);
    return this.train(false);
  }

  /** Sets `requiresGrad` on every parameter; returns this. @example encoder.requiresGrad_(false) // fragment */
  requiresGrad_(requiresGrad = true): this {
    if (arguments.length > 1) checkArity("requiresGrad_", arguments.length, 1);
    checkBool("requiresGrad_", "requiresGrad", requiresGrad);
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * Resets parameter gradients: to `null` (default), or to zeros with `setToNone: false`.
   * @example model.zeroGrad()
   */
  zeroGrad(...args: [setToNone?: boolean] | [opts: { setToNone?: boolean }]): void {
    const [s] = splitArgs(ZERO_GRAD, args);
    const setToNone = s === undefined ? true : checkBool("zeroGrad", "setToNone", s);
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (setToNone) p.grad = null;
      else {
        if (p.grad.gradFn !== null) p.grad.detach_();
        else p.grad.requiresGrad_(false);
        noGrad(() => p.grad!.zero_());
      }
    }
  }

  /** Calls `fn` on every descendant then this module (children first); returns this. @example model.apply(initWeights) // fragment */
  apply(fn: (m: Module) => void): this {
    checkFunction("apply", "fn", fn);
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  /** @internal PyTorch's `_apply`: parameters (and grads) keep identity, buffers are replaced. */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const m of this.children()) m._apply(fn);
    noGrad(() => {
      for (const [, p] of this._own("param") as [string, Parameter][]) {
        setData(p, fn(p));
        if (p.grad !== null) setData(p.grad, fn(p.grad));
      }
      for (const [n, b] of this._own("buffer") as [string, Tensor][]) this._set(n, fn(b));
    });
    return this;
  }

  /**
   * PyTorch's `Module.to`: `to(device)`, `to(dtype)`, `to(device, dtype)`, `to(tensor)` (its
   * dtype), each with an optional final `{ device, dtype, nonBlocking }`. A dtype converts the
   * floating point parameters and buffers in place (parameters keep their identity); a device
   * (`"webgpu"` after `torch.webgpu.init()`) moves them there in place, as PyTorch does.
   * A device antorcha lacks (`"cuda"`) throws. @example model.to("cpu"); model.to("float64")
   */
  to(...args: unknown[]): this {
    const { dtype: d, target } = parseModuleTo(args);
    if (d === undefined && target === undefined) return this;
    return this._apply((t) => {
      let r = target !== undefined && target !== t.storage.device ? t.to(target) : t;
      if (d !== undefined && isFloatingPoint(r.dtype)) r = r.to(d);
      return r;
    });
  }

  /** Nothing to move: parameters and buffers already live in CPU memory; returns this. @example model.cpu() */
  cpu(): this {
    if (arguments.length > 0) throw new TypeError(`[Module.cpu] takes no arguments: got ${arguments.length}`);
    return this;
  }

  /** Always throws: antorcha has no CUDA backend (choose with `torch.cuda.isAvailable()`). */
  cuda(device?: DeviceLike | number): never {
    const spec = device === undefined ? "cuda" : typeof device === "number" ? `cuda:${device}` : device;
    checkDevice("Module.cuda", spec);
    throw new TypeError(`[Module.cuda] expected a cuda device: got ${describeArg(spec)}`);
  }

  /** `to("float16")`. */
  half(): this {
    return this.to("float16");
  }

  /** `to("bfloat16")`. */
  bfloat16(): this {
    return this.to("bfloat16");
  }

  /** `to("float32")`. */
  float(): this {
    return this.to("float32");
  }

  /** `to("float64")`. */
  double(): this {
    return this.to("float64");
  }

  // ---- state dict ----------------------------------------------------------------------------

  /** @internal parameters and persistent buffers by state-dict key, not detached. */
  _stateTensors(prefix = "", out = new Map<string, Tensor>()): Map<string, Tensor> {
    for (const [n, p] of this._own("param") as [string, Tensor][]) out.set(prefix + n, p);
    for (const [n, b] of this._own("buffer") as [string, Tensor][])
      if (!this._nonPersistent.has(n)) out.set(prefix + n, b);
    for (const [n, c] of this._own("module") as [string, Module][]) c._stateTensors(`${prefix}${n}.`, out);
    return out;
  }

  /**
   * Parameters and persistent buffers by PyTorch's keys (`"0.weight"`, `"bn.running_mean"`), in
   * PyTorch's order; values are detached and share storage with the module's tensors.
   * @example Object.keys(model.stateDict()) // ["0.weight", "0.bias", "2.weight", "2.bias"]
   */
  stateDict(...args: [prefix?: string] | [opts: { prefix?: string; keepVars?: boolean }]): Record<string, Tensor> {
    const [p, kv] = splitArgs(STATE_DICT, args);
    const prefix = p === undefined ? "" : checkString("stateDict", "prefix", p);
    const keepVars = kv === undefined ? false : checkBool("stateDict", "keepVars", kv);
    const out: Record<string, Tensor> = {};
    for (const [k, t] of this._stateTensors(prefix)) out[k] = keepVars ? t : t.detach();
    return out;
  }

  /**
   * Copies values from `stateDict` into this module's parameters and buffers. With `strict`
   * (default) missing or unexpected keys throw; shape mismatches always throw.
   * @example model.loadStateDict(saved) // { missingKeys: [], unexpectedKeys: [] } (fragment)
   */
  loadStateDict(
    stateDict: Record<string, Tensor> | Map<string, Tensor>,
    ...args: [strict?: boolean] | [opts: { strict?: boolean }]
  ): LoadResult {
    const [s] = splitArgs(LOAD_STATE_DICT, args, 1);
    const strict = s === undefined ? true : checkBool("loadStateDict", "strict", s);
    if (
      !(stateDict instanceof Map) &&
      (typeof stateDict !== "object" || stateDict === null || Array.isArray(stateDict))
    )
      throw new TypeError(
        `[loadStateDict] stateDict must be an object or a Map of tensors: got ${describeArg(stateDict)}`,
      );
    return loadInto(this._getName(), this._stateTensors(), stateDict, strict);
  }

  // ---- printing --------------------------------------------------------------------------------

  /** Extra text inside this module's parentheses when printed (`in_features=10, …`). */
  extraRepr(): string {
    return "";
  }

  /** The name printed for this module (the class name). */
  _getName(): string {
    return this.constructor.name;
  }

  /** PyTorch's module tree, e.g. `Sequential(\n  (0): Linear(…)\n  (1): ReLU()\n)`. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split("\n") : [];
    const childLines = this._own("module").map(([n, m]) => `(${n}): ${addIndent(String(m), 2)}`);
    const lines = [...extraLines, ...childLines];
    let s = `${this._getName()}(`;
    if (lines.length > 0) {
      if (extraLines.length === 1 && childLines.length === 0) s += extraLines[0];
      else s += `\n  ${lines.join("\n  ")}\n`;
    }
    return `${s})`;
  }

  [inspectCustom](): string {
    return this.toString();
  }
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return (x as object).constructor?.name ?? "object";
  return typeof x;
}
