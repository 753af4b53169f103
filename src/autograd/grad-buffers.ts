/**
 * The gradient buffers of one backward pass and who owns them. The graph walk (`engine.ts`)
 * decides what runs in which order; this module holds the gradient waiting at each node, sums
 * what arrives, and tracks which of those gradients nothing but the engine references, so they
 * can be written in place (a sum, an elementwise backward told `gradOwned`) and, once dead,
 * released into the caching pool (`Storage._release`, `tensor/buffer-pool.ts`).
 *
 * A gradient is owned when its storage was allocated fresh inside the backward function that
 * returned it (or is the owned gradient that function received), covers that storage, and no
 * other gradient of the same call shares it. Gradients that a hook, a capture or a leaf's `.grad`
 * sees are not owned. Only passes that neither record (createGraph) nor retain the graph own
 * anything: a retained graph could run a backward function again, and it could hand out what it
 * returned the first time.
 */
import { activeBackend } from "../backend/registry.js";
import { applyBinary, type BinarySpec } from "../ops/define.js";
import { Tensor, type Storage } from "../tensor/tensor.js";
import type { AccumulateGrad, Node } from "./node.js";

// Gradient sums use the add kernel directly, recorded as AddBackward0 only under createGraph.
const ADD: BinarySpec = {
  kernel: "add",
  name: "add",
  dtype: "same",
  gradName: "AddBackward0",
  gradA: (_a, _b, _o, g) => g,
  gradB: (_a, _b, _o, g) => g,
};

/** `a + b` for two gradients of one shape (differentiable when grad mode is on). */
export function addGrads(a: Tensor, b: Tensor): Tensor {
  return applyBinary(ADD, a, b);
}

/** `into = a + b` elementwise, for two gradients of one shape and dtype (`into` is a or b). */
function addInPlace(a: Tensor, b: Tensor, into: Tensor): void {
  activeBackend().binary.add(a._v, b._v, into._v);
  into._bumpVersion();
}

/** A dead owned gradient: its storage is released and its array goes back to the pool. */
function recycle(t: Tensor): void {
  if (t.storage.poolable) t.storage._release("backward (a dead gradient)");
}

// ANTORCHA_GRAD_RECYCLING=0 turns off the reuse of dead gradient buffers (for comparisons).
const RECYCLING = typeof process === "undefined" || process.env?.ANTORCHA_GRAD_RECYCLING !== "0";

let passCount = 0;

/** The gradient buffers of one pass (see the file comment). Call `close()` when the pass ends. */
export class GradBuffers {
  private readonly pending = new Map<Node, Tensor>();
  /** Storages the engine holds the only reference to; null when the pass owns nothing. */
  private readonly owned: Set<Storage> | null;
  // Storages a leaf may not take as its .grad without a copy: the seeds (the caller holds them)
  // and every gradient a leaf already took (an identity backward hands one tensor to several).
  private readonly taken = new WeakSet<Storage>();
  // Noted by `beforeApply` so `afterApply` can tell fresh outputs from older tensors.
  private freshMark = 0;
  private passMark = 0;

  constructor(seeds: readonly Tensor[], opts: { createGraph: boolean; retainGraph: boolean }) {
    for (const g of seeds) this.taken.add(g.storage);
    passCount++;
    this.owned = RECYCLING && !opts.createGraph && !opts.retainGraph ? new Set() : null;
  }

  /** Ends the pass. */
  close(): void {}

  /** A root's seed gradient (summed when a root appears twice). */
  seed(root: Node, g: Tensor): void {
    const have = this.pending.get(root);
    this.pending.set(root, have === undefined ? g : addGrads(have, g));
  }

  /** Removes and returns the summed gradient waiting at `node` (null when none arrived). */
  take(node: Node): Tensor | null {
    const g = this.pending.get(node) ?? null;
    this.pending.delete(node);
    return g;
  }

  /** Claims `g`'s storage: true when the engine held the only reference (the caller now does). */
  claim(g: Tensor): boolean {
    return this.owned !== null && this.owned.delete(g.storage);
  }

  /** Drops a gradient the caller claimed and no longer needs. */
  drop(g: Tensor, claimed: boolean): void {
    if (claimed) recycle(g);
  }

  /**
   * Whether leaf `node` may keep `g` itself as its first `.grad`: a dense kernel output that no
   * hook saw (a hook could keep it) and no other leaf took, of the leaf's dtype. Taking it saves
   * a copy per parameter per step; a `true` answer marks it taken.
   */
  leafMayKeep(node: AccumulateGrad, g: Tensor, createGraph: boolean): boolean {
    const keep =
      node.variable.grad === null &&
      !createGraph &&
      node.preHooks.length === 0 &&
      !this.taken.has(g.storage) &&
      g._base === null &&
      g._coversStorage() &&
      g.dtype === node.variable.dtype;
    if (keep) this.taken.add(g.storage);
    return keep;
  }

  /** Notes the state before a backward function runs (see `afterApply`). */
  beforeApply(): void {
    this.freshMark = Tensor._freshMark();
    this.passMark = passCount;
  }

  /**
   * After a backward function returned `outs` from gradient `g` (`claimed`: the engine owned g):
   * which outputs the engine owns, or null when none can be. A claimed `g` the function did not
   * return is recycled. A function that ran a pass of its own may return what that pass stored,
   * so then nothing is owned.
   */
  afterApply(outs: readonly (Tensor | null)[], g: Tensor, claimed: boolean): boolean[] | null {
    if (this.owned === null || passCount !== this.passMark) return null;
    const fresh = this.freshMark;
    const input = claimed ? g : null;
    const res = outs.map(
      (r) =>
        r !== null &&
        (r.storage.serial > fresh || (input !== null && r.storage === input.storage)) &&
        r._coversStorage(),
    );
    for (let i = 0; i < outs.length; i++) {
      for (let j = 0; j < i; j++) {
        if (outs[i] !== null && outs[i]!.storage === outs[j]?.storage) res[i] = res[j] = false;
      }
    }
    if (claimed && !outs.some((r) => r !== null && r.storage === g.storage)) recycle(g);
    return res;
  }

  /**
   * Adds gradient `v` (validated from `g`, the producer's raw output; `gOwned` per `afterApply`)
   * into `child`'s buffer: written in place into whichever side the engine owns, else summed
   * into a fresh tensor. Owned gradients that die here are recycled.
   */
  deliver(child: Node, g: Tensor, v: Tensor, gOwned: boolean): void {
    const own = this.owned;
    const vOwned = gOwned && v === g;
    if (gOwned && !vOwned && v.storage !== g.storage) recycle(g);
    const have = this.pending.get(child);
    if (have === undefined) {
      this.pending.set(child, v);
      if (vOwned) own!.add(v.storage);
    } else if (own !== null && own.has(have.storage)) {
      addInPlace(have, v, have);
      if (vOwned) recycle(v);
    } else if (vOwned) {
      addInPlace(have, v, v);
      this.pending.set(child, v);
      own!.add(v.storage);
    } else {
      const fresh = Tensor._freshMark();
      const sum = addGrads(have, v);
      this.pending.set(child, sum);
      if (own !== null && sum.storage.serial > fresh && sum._coversStorage()) own.add(sum.storage);
    }
  }
}
