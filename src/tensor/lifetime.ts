/**
 * Explicit, optional tensor lifetimes: `torch.tidy`, `torch.keep`, `torch.memory`,
 * `torch.emptyCache` (and `Tensor.dispose`, in tensor.ts). Correctness never needs them: a
 * tensor nobody releases is freed by the GC as before. They buy speed (a released array serves
 * the next op warm from the caching pool instead of cold fresh memory, and V8 sees less external
 * memory, so fewer full collections) and, on GPUs, memory. See docs/memory.md.
 */
import { checkArity, describe } from "../util/args.js";
import { clearPool, pooledByteCount } from "./buffer-pool.js";
import { Scope, scopeState, scopeStorage, activeScope } from "./scope.js";
import { memoryCounts, Tensor } from "./tensor.js";
import { deviceMemory } from "./device-memory.js";

/** What `torch.memory()` reports about one backend's memory. */
export interface BackendMemory {
  /** Storages alive now (a tensor and its views share one). */
  liveTensors: number;
  /** Bytes of those storages. */
  liveBytes: number;
  /** Bytes the caching pool holds for reuse (`torch.emptyCache()` frees them). */
  pooledBytes: number;
  /** The most `liveBytes` ever reached. */
  peakBytes: number;
}

/** `torch.memory()`: totals over all backends, and each backend's own figures. */
export interface MemoryInfo extends BackendMemory {
  byBackend: Record<string, BackendMemory>;
}

/**
 * The memory antorcha manages, like tfjs' `tf.memory()`: live storages and their bytes, what the
 * caching pool holds, and the peak. Counts storages of 16 KiB or more (4096 float32 elements):
 * smaller arrays live on V8's heap, where its scavenger frees them cheaply, and tracking each
 * would cost more than the tensor. Storages nobody released leave the counts when the GC
 * collects them.
 * @example
 * const before = torch.memory().liveTensors;
 * torch.tidy(() => torch.randn(1000, 1000).relu().sum().item());
 * torch.memory().liveTensors === before; // true
 */
export function memory(): MemoryInfo {
  checkArity("memory", arguments.length, 0);
  const cpu: BackendMemory = {
    liveTensors: memoryCounts.live,
    liveBytes: memoryCounts.liveBytes,
    pooledBytes: pooledByteCount(),
    peakBytes: memoryCounts.peakBytes,
  };
  const gpu = deviceMemory.webgpu?.stats();
  if (gpu === undefined) return { ...cpu, byBackend: { cpu } };
  const total: BackendMemory = {
    liveTensors: cpu.liveTensors + gpu.liveTensors,
    liveBytes: cpu.liveBytes + gpu.liveBytes,
    pooledBytes: cpu.pooledBytes + gpu.pooledBytes,
    peakBytes: cpu.peakBytes + gpu.peakBytes,
  };
  return { ...total, byBackend: { cpu, webgpu: gpu } };
}

/**
 * Frees the arrays the caching pool holds (PyTorch's `torch.cuda.empty_cache()`); tensors in use
 * are not affected.
 * @example torch.emptyCache(); torch.memory().pooledBytes // 0
 */
export function emptyCache(): void {
  checkArity("emptyCache", arguments.length, 0);
  clearPool();
  deviceMemory.webgpu?.emptyCache();
}

/**
 * Marks `t` so that no enclosing `tidy` scope releases it, and returns it. Use it for a tensor
 * created inside a scope that you store somewhere instead of returning it.
 * @example
 * let best: torch.Tensor | null = null;
 * torch.tidy(() => {
 *   const y = torch.randn(3).exp();
 *   best = torch.keep(y.mul(2)); // survives the scope
 * });
 */
export function keep<T extends Tensor>(t: T): T {
  if (!(t instanceof Tensor)) throw new TypeError(`[keep] expected a Tensor: got ${describe(t)}`);
  t._kept = true;
  return t;
}

/**
 * @internal undoes `keep` for a tensor the library kept across its own scopes (predict's
 * outputs): it belongs to the caller's scope again, as if created there.
 */
export function _unkeep<T extends Tensor>(t: T): T {
  t._kept = false;
  activeScope()?.tracked.push(t);
  return t;
}

// What a scope's result may hold: tensors, in arrays, plain objects and Maps, a few levels deep.
function collect(v: unknown, out: Set<Tensor>, depth: number): void {
  if (v === null || typeof v !== "object" || depth > 6) return;
  if (v instanceof Tensor) {
    out.add(v);
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) collect(x, out, depth + 1);
  } else if (v instanceof Map) {
    for (const x of v.values()) collect(x, out, depth + 1);
  } else {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null)
      for (const k in v) collect((v as Record<string, unknown>)[k], out, depth + 1);
  }
}

function closeScope(scope: Scope, result: unknown): void {
  scope.ended = true;
  const returned = new Set<Tensor>();
  collect(result, returned, 0);
  let parent = scope.parent;
  while (parent !== null && parent.ended) parent = parent.parent;
  for (const t of scope.tracked as Tensor[]) {
    if (t._disposed) continue;
    if (returned.has(t)) {
      parent?.tracked.push(t);
      continue;
    }
    // Kept tensors, parameters and other leaves that require grad stay (users own them).
    if (t._kept || t._heldAsGrad || (t._requiresGrad && t.gradFn === null)) continue;
    t._disposed = true;
    t.storage._drop("tidy");
  }
  scope.tracked.length = 0;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (
    v !== null &&
    (typeof v === "object" || typeof v === "function") &&
    typeof (v as { then?: unknown }).then === "function"
  );
}

/**
 * Runs `fn` and then releases every tensor created while it ran, except the ones it returns
 * (tensors inside a returned array, Map or plain object count as returned) and those marked
 * with `torch.keep`, parameters, buffers, `.grad` and optimizer state. A released tensor's
 * memory goes back to the caching pool as soon as no view and no autograd graph still uses it;
 * a released tensor cannot be used again (`[op] tensor was released …`). Scopes nest: returned
 * tensors belong to the enclosing scope. An async `fn` works: `await torch.tidy(async () => …)`
 * releases when its promise settles (under Node; a browser tracks only the part before the
 * first `await`). `name` (optional) labels the scope.
 * @example
 * const w = torch.randn(784, 10, { requiresGrad: true });
 * const loss = torch.tidy(() => {
 *   const h = torch.randn(64, 784).matmul(w).relu(); // released at the end
 *   return h.mean(); // returned: stays
 * });
 * loss.backward();
 */
export function tidy<T>(fn: () => T): T;
export function tidy<T>(name: string, fn: () => T): T;
export function tidy<T>(nameOrFn: string | (() => T), maybeFn?: () => T): T {
  return runTidy(arguments.length, nameOrFn, maybeFn, false);
}

/**
 * @internal `tidy` for a scope the library opens around user code that never asked for one (a
 * training step): tensors handed to user callbacks that may store them (forward hooks, gradient
 * hooks) are kept (`_keepForUser`), so such code behaves as it would without the scope.
 */
export function _implicitTidy<T>(name: string, fn: () => T): T {
  return runTidy(2, name, fn, true);
}

/**
 * @internal Marks the tensors in `v` (a tensor, or arrays / plain objects of them) as kept when
 * the innermost scope is an implicit one; user code is about to see them and may store them.
 */
export function _keepForUser(v: unknown): void {
  if (!activeScope()?.implicit) return;
  const seen = new Set<Tensor>();
  collect(v, seen, 0);
  for (const t of seen) t._kept = true;
}

function runTidy<T>(argc: number, nameOrFn: string | (() => T), maybeFn: (() => T) | undefined, implicit: boolean): T {
  let name = "tidy";
  let fn: () => T;
  if (typeof nameOrFn === "string") {
    checkArity("tidy", argc, 2);
    if (typeof maybeFn !== "function")
      throw new TypeError(`[tidy] expected a function after the scope name: got ${describe(maybeFn)}`);
    name = nameOrFn;
    fn = maybeFn;
  } else {
    checkArity("tidy", argc, 1);
    if (typeof nameOrFn !== "function")
      throw new TypeError(`[tidy] expected a function (or a name and a function): got ${describe(nameOrFn)}`);
    fn = nameOrFn;
  }
  const scope = new Scope(activeScope(), name, implicit);
  const prev = scopeState.current;
  const als = fn.constructor.name === "AsyncFunction" ? scopeStorage() : null;
  let r: T;
  scopeState.current = scope;
  try {
    r = als !== null ? als.run(scope, fn) : fn();
  } catch (e) {
    scopeState.current = prev;
    closeScope(scope, undefined);
    throw e;
  }
  scopeState.current = prev;
  if (!isThenable(r)) {
    closeScope(scope, r);
    return r;
  }
  if (als !== null) scopeState.asyncOpen++;
  const done = (v: unknown): void => {
    if (als !== null) scopeState.asyncOpen--;
    closeScope(scope, v);
  };
  return (r as PromiseLike<unknown>).then(
    (v) => {
      done(v);
      return v;
    },
    (e: unknown) => {
      done(undefined);
      throw e;
    },
  ) as T;
}
