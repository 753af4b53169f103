/**
 * Containers: `Sequential`, `ModuleList`, `ModuleDict`. Children are registered under PyTorch's
 * names ("0", "1", … or the dict keys), so `stateDict()` keys match PyTorch's.
 */
import { donate, revokeDonation } from "../../ops/fused.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkArity } from "../../util/args.js";
import { Module } from "../module.js";

function checkModule(op: string, m: unknown): asserts m is Module {
  if (!(m instanceof Module))
    throw new TypeError(
      `[${op}] expected a Module: got ${m === null ? "null" : typeof m === "object" ? (m as object).constructor.name : typeof m}`,
    );
}

/**
 * Whether the output `x` of child `prev` may be donated to child `m` (ops/fused.ts): `prev` says
 * it keeps nothing it returns, no hook of either child sees `x`, and `x` was allocated during
 * `prev`'s call (created after `mark`; not the Sequential's input, a parameter or a buffer).
 * Nothing outside the Sequential can hold it, and the Sequential reads it only to pass it on.
 */
function mayDonate(prev: Module, m: Module, x: unknown, mark: number): x is Tensor {
  return (
    prev._returnsOwnedOutput && !prev._hasHooks() && !m._hasHooks() && x instanceof Tensor && x.storage.serial > mark
  );
}

/** Indexed containers share `at`, `length` and iteration. */
abstract class IndexedContainer extends Module {
  /** Number of children. */
  get length(): number {
    return this._own("module").length;
  }
  /** The child at `index` (negative counts from the end). @example seq.at(-1) // fragment */
  at<T extends Module = Module>(index: number): T {
    const n = this.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new RangeError(`[${this._getName()}.at] index ${index} is out of range for ${n} modules`);
    return this._own("module")[i]![1] as T;
  }
  /** Iterates the children in order. @example for (const layer of seq) … // fragment */
  *[Symbol.iterator](): IterableIterator<Module> {
    for (const [, m] of this._own("module")) yield m as Module;
  }
  /** Appends a module; returns this. @example list.append(new nn.ReLU()) // fragment */
  append(module: Module): this {
    checkModule(`${this._getName()}.append`, module);
    this.registerModule(String(this.length), module);
    return this;
  }
  /** Appends several modules; returns this. @example list.extend([a, b]) // fragment */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }
  /** Inserts `module` before `index`, renumbering the rest. @example list.insert(0, new nn.ReLU()) // fragment */
  insert(index: number, module: Module): this {
    checkModule(`${this._getName()}.insert`, module);
    const n = this.length;
    const at = Math.max(0, Math.min(n, index < 0 ? index + n : index));
    const items = this._own("module").map(([, m]) => m as Module);
    items.splice(at, 0, module);
    items.forEach((m, i) => this.registerModule(String(i), m));
    return this;
  }
}

/**
 * Runs its modules in order, each one's output feeding the next. Built from modules, or from an
 * object (or Map) of named modules.
 * @example const model = new nn.Sequential(new nn.Linear(10, 5), new nn.ReLU(), new nn.Linear(5, 1));
 */
export class Sequential extends IndexedContainer {
  constructor(...modules: Module[] | [Record<string, Module> | Map<string, Module>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && first !== undefined && !(first instanceof Module)) {
      const entries = first instanceof Map ? [...first.entries()] : Object.entries(first);
      for (const [k, m] of entries) {
        checkModule("Sequential", m);
        this.registerModule(k, m);
      }
      return;
    }
    (modules as Module[]).forEach((m, i) => {
      checkModule("Sequential", m);
      this.registerModule(String(i), m);
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override forward(input: any): any {
    let x = input;
    let prev: Module | null = null;
    let mark = 0;
    for (const m of this) {
      const given = prev !== null && mayDonate(prev, m, x, mark) ? donate(x) : null;
      mark = Tensor._freshMark();
      x = m.call(x);
      if (given !== null) revokeDonation(given);
      prev = m;
    }
    return x;
  }
  /** A new Sequential of children start..end (end exclusive). @example model.slice(0, -1) */
  slice(start = 0, end?: number): Sequential {
    return new Sequential(...[...this].slice(start, end));
  }
}

/**
 * A list of modules, registered so their parameters are found; it has no forward.
 * @example class Net extends nn.Module { layers = new nn.ModuleList([1, 2, 3].map(() => new nn.Linear(4, 4))); … } // fragment
 */
export class ModuleList extends IndexedContainer {
  constructor(modules: Iterable<Module> = [], ...rest: []) {
    super();
    if (rest.length > 0) checkArity("ModuleList", rest.length + 1, 1);
    this.extend(modules);
  }
}

/**
 * Modules by name, in insertion order.
 * @example const heads = new nn.ModuleDict({ cls: new nn.Linear(8, 3), reg: new nn.Linear(8, 1) }); heads.get("cls")
 */
export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> | Map<string, Module> = {}, ...rest: []) {
    super();
    if (rest.length > 0) checkArity("ModuleDict", rest.length + 1, 1);
    this.update(modules);
  }
  /** The module under `key`. @example dict.get("cls") // fragment */
  get<T extends Module = Module>(key: string): T {
    const hit = this._own("module").find(([k]) => k === key);
    if (hit === undefined) throw new RangeError(`[ModuleDict.get] no module named "${key}"`);
    return hit[1] as T;
  }
  /** Adds or replaces `key`; returns this. @example dict.set("extra", new nn.ReLU()) // fragment */
  set(key: string, module: Module): this {
    checkModule("ModuleDict.set", module);
    this.registerModule(key, module);
    return this;
  }
  /** True if `key` is present. */
  has(key: string): boolean {
    return this._own("module").some(([k]) => k === key);
  }
  /** Adds or replaces every entry of `modules`; returns this. */
  update(modules: Record<string, Module> | Map<string, Module>): this {
    const entries = modules instanceof Map ? [...modules.entries()] : Object.entries(modules);
    for (const [k, m] of entries) this.set(k, m);
    return this;
  }
  /** Keys in order. */
  keys(): string[] {
    return this._own("module").map(([k]) => k);
  }
  /** Modules in order. */
  values(): Module[] {
    return this._own("module").map(([, m]) => m as Module);
  }
  /** [key, module] pairs in order. */
  items(): [string, Module][] {
    return this._own("module") as [string, Module][];
  }
  /** Number of entries. */
  get length(): number {
    return this._own("module").length;
  }
  /** Iterates the keys, like a Python dict. */
  [Symbol.iterator](): IterableIterator<string> {
    return this.keys()[Symbol.iterator]();
  }
}
