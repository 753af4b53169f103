/**
 * The `tidy` scopes open now (see `tensor/lifetime.ts`): the Tensor constructor adds each new
 * tensor to the innermost one. Synchronous scopes are a plain stack; an async scope is reached
 * through Node's `AsyncLocalStorage` from the continuations of the function it runs, and only
 * while one is open, so programs without async scopes pay one comparison per tensor.
 */
import { hasNodeBuiltins, nodeBuiltin } from "../util/node.js";

/** What a scope tracks: a Tensor (typed structurally, so this module imports nothing of tensor/). */
export interface Tracked {
  _disposed: boolean;
}

/** One `tidy` call: the tensors created while it runs. */
export class Scope {
  readonly tracked: Tracked[] = [];
  ended = false;
  constructor(
    readonly parent: Scope | null,
    readonly name: string,
    /**
     * True for the scopes the library opens on the user's behalf (a training step): code that
     * never asked for lifetimes runs inside them, so what it is handed to keep (a hook's
     * tensors) must stay valid, as it would without the scope.
     */
    readonly implicit = false,
  ) {}
}

/** The innermost synchronous scope, and how many async scopes are open. */
export const scopeState: { current: Scope | null; asyncOpen: number } = { current: null, asyncOpen: 0 };

type ALS = import("node:async_hooks").AsyncLocalStorage<Scope>;
let als: ALS | null | undefined;

/** Node's AsyncLocalStorage for scopes, or null where there is none (a browser). */
export function scopeStorage(): ALS | null {
  if (als === undefined) {
    als = hasNodeBuiltins ? new (nodeBuiltin("node:async_hooks", "tidy").AsyncLocalStorage)<Scope>() : null;
  }
  return als;
}

/** The scope a tensor created now belongs to, or null. */
export function activeScope(): Scope | null {
  let s = scopeState.current;
  if (s === null) {
    if (scopeState.asyncOpen === 0 || als == null) return null;
    s = als.getStore() ?? null;
  }
  while (s !== null && s.ended) s = s.parent;
  return s;
}
