/**
 * The backward pass. Walks the graph of `Node`s from the roots without recursion: counts each
 * node's incoming edges, then runs nodes whose gradient is complete (dependency count zero),
 * newest first, summing the gradients each node receives. Also installs `Tensor.backward`.
 */
import { activeBackend } from "../backend/registry.js";
import { applyBinary, asTensor, castTo, expandedView, record, sumToShape, type BinarySpec } from "../ops/define.js";
import { shapesEqual } from "../tensor/shape.js";
import { installMethods } from "../tensor/methods.js";
import { Tensor, type Storage } from "../tensor/tensor.js";
import { beginPass, endPass, giveArray } from "../tensor/buffer-pool.js";
import { setDonatedGrad } from "./donation.js";
import { isGradEnabled, setGradEnabled } from "./mode.js";
import { AccumulateGrad, type Node } from "./node.js";

/** Options of `tensor.backward()`. */
export interface BackwardOptions {
  /** Keep saved tensors so the graph can be differentiated again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass itself, so gradients have history (higher-order derivatives). */
  createGraph?: boolean;
  /** Accumulate only into these tensors' `.grad` (leaves or not); others are left alone. */
  inputs?: Tensor | readonly Tensor[];
}

/** How the engine runs one pass. */
export interface RunOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** When set, only nodes on a path to one of these run (`autograd.grad`, `backward({ inputs })`). */
  targets?: ReadonlySet<Node>;
  /** Called with the gradient arriving at a node, before its hooks (PyTorch 1.13 order). */
  capture?: ReadonlyMap<Node, (grad: Tensor | null) => void>;
  /** Whether reached `AccumulateGrad` nodes write `.grad` (false for `autograd.grad`). */
  accumulate: boolean;
}

declare module "../tensor/tensor.js" {
  interface Tensor {
    /**
     * Computes the gradient of this tensor w.r.t. the graph leaves, accumulating into `.grad`.
     * Scalars need no `gradient`; other outputs need one of their shape.
     * @example const x = torch.tensor([1, 2], { dtype: "float32", requiresGrad: true }); x.mul(x).sum().backward(); x.grad // tensor([2., 4.])
     */
    backward(gradient?: Tensor | number | null, options?: BackwardOptions): void;
  }
}

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

/** A fresh contiguous copy of `t`, recorded when grad mode is on (PyTorch names it `CopyBackwards`). */
export function cloneGrad(t: Tensor, name = "CopyBackwards"): Tensor {
  const out = Tensor._uninit(t.shape, t.dtype);
  activeBackend().copy(t._v, out._v);
  return record(name, out, [t], (g) => [g]);
}

/** A tensor of ones shaped like `t` (the implicit gradient of a scalar output). */
export function onesFor(t: Tensor): Tensor {
  const out = Tensor._uninit(t.shape, t.dtype);
  activeBackend().fill(out._v, 1);
  return out;
}

/**
 * PyTorch's AccumulateGrad: the first gradient is taken as it is when nothing else can hold it
 * (`steal`), else copied; later ones are added (in place unless recording).
 */
function accumulateInto(v: Tensor, g: Tensor, createGraph: boolean, steal: boolean): void {
  if (v.grad === null) {
    v.grad = steal ? g : cloneGrad(g);
  } else if (!createGraph) {
    const dst = v.grad;
    if (!shapesEqual(dst.shape, g.shape)) {
      throw new RangeError(
        `[backward] existing .grad has shape [${dst.shape}]: got a gradient of shape [${g.shape}], expected matching shapes`,
      );
    }
    const src = castTo(g, dst.dtype);
    activeBackend().binary.add(dst._v, expandedView(src, dst.shape), dst._v);
    dst._bumpVersion();
  } else {
    v.grad = addGrads(v.grad, castTo(g, v.grad.dtype));
  }
}

/** True when `from` broadcasts to `to` (so a gradient of shape `to` can be summed back). */
function expandable(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  const lead = to.length - from.length;
  return from.every((s, i) => s === 1 || s === to[i + lead]);
}

/** Checks a gradient a node produced against the tensor it flows to; fixes broadcast and dtype. */
function validate(producer: Node, index: number, g: Tensor, consumer: Node): Tensor {
  const shape = consumer.shape;
  if (shape !== null && !shapesEqual(g.shape, shape)) {
    if (!expandable(shape, g.shape)) {
      throw new RangeError(
        `[backward] ${producer.name()} returned an invalid gradient at index ${index}: got shape [${g.shape}], expected shape compatible with [${shape}]`,
      );
    }
    g = sumToShape(g, shape);
  }
  if (consumer.dtype !== null && g.dtype !== consumer.dtype) g = castTo(g, consumer.dtype);
  return g;
}

/** Max-heap of nodes by sequence number: the newest ready node runs first. */
class ReadyQueue {
  private heap: Node[] = [];
  get size(): number {
    return this.heap.length;
  }
  push(n: Node): void {
    const h = this.heap;
    h.push(n);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.sequenceNr >= h[i]!.sequenceNr) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop(): Node {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.sequenceNr > h[m]!.sequenceNr) m = l;
        if (r < h.length && h[r]!.sequenceNr > h[m]!.sequenceNr) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** Incoming-edge counts of every node reachable from the roots (iterative DFS). */
function countDependencies(roots: readonly Node[]): Map<Node, number> {
  const deps = new Map<Node, number>();
  const stack: Node[] = [];
  for (const r of roots) {
    if (!deps.has(r)) {
      deps.set(r, 0);
      stack.push(r);
    }
  }
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const c of n.next) {
      if (c === null) continue;
      const d = deps.get(c);
      if (d === undefined) {
        deps.set(c, 1);
        stack.push(c);
      } else {
        deps.set(c, d + 1);
      }
    }
  }
  return deps;
}

/** Nodes that are targets or lead to one (computed over a topological order, no recursion). */
function neededNodes(deps: ReadonlyMap<Node, number>, targets: ReadonlySet<Node>): Set<Node> {
  const left = new Map(deps);
  const order: Node[] = [];
  const queue: Node[] = [];
  for (const [n, d] of left) if (d === 0) queue.push(n);
  while (queue.length > 0) {
    const n = queue.pop()!;
    order.push(n);
    for (const c of n.next) {
      if (c === null) continue;
      const d = left.get(c)! - 1;
      left.set(c, d);
      if (d === 0) queue.push(c);
    }
  }
  const needed = new Set<Node>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    if (targets.has(n) || n.next.some((c) => c !== null && needed.has(c))) needed.add(n);
  }
  return needed;
}

// ANTORCHA_GRAD_RECYCLING=0 turns off the reuse of dead gradient buffers (for comparisons).
const RECYCLING = typeof process === "undefined" || process.env?.ANTORCHA_GRAD_RECYCLING !== "0";

/**
 * Which gradients of a pass are referenced by nothing but the engine's buffers, so they can be
 * written in place and, once consumed, recycled (`tensor/buffer-pool.ts`). A gradient is owned
 * when its storage was allocated fresh inside the backward function that returned it (or is the
 * owned gradient that function received), covers that storage, and no other gradient of the
 * same call shares it. Gradients that a hook, a capture or a leaf's `.grad` sees are not owned.
 * Only passes that neither record (createGraph) nor retain the graph use it: a retained graph
 * could run a backward function again, and it could hand out what it returned the first time.
 */
class Ownership {
  private readonly owned = new Set<Storage>();

  /** Claims `t`'s storage from the set: true when the engine held the only reference. */
  claim(t: Tensor): boolean {
    return this.owned.delete(t.storage);
  }

  own(t: Tensor): void {
    this.owned.add(t.storage);
  }

  has(t: Tensor): boolean {
    return this.owned.has(t.storage);
  }

  /** Per output of one `apply`, whether the engine owns it (see the class comment). */
  outputs(outs: readonly (Tensor | null)[], mark: number, input: Tensor | null): boolean[] {
    const res = outs.map(
      (r) =>
        r !== null &&
        (r.storage.serial > mark || (input !== null && r.storage === input.storage)) &&
        r._coversStorage(),
    );
    for (let i = 0; i < outs.length; i++) {
      for (let j = 0; j < i; j++) {
        if (outs[i] !== null && outs[i]!.storage === outs[j]?.storage) res[i] = res[j] = false;
      }
    }
    return res;
  }

  /** A dead owned gradient: its array goes back to the pool. */
  static recycle(t: Tensor): void {
    giveArray(t.dtype, t.storage.data);
  }
}

/** `into = a + b` elementwise, for two gradients of one shape and dtype (`into` is a or b). */
function addInPlace(a: Tensor, b: Tensor, into: Tensor): void {
  activeBackend().binary.add(a._v, b._v, into._v);
  into._bumpVersion();
}

let passCount = 0;

/** Runs one backward pass from `roots`, seeded with `grads` (one per root). */
export function runBackward(roots: readonly Node[], grads: readonly Tensor[], opts: RunOptions): void {
  const deps = countDependencies(roots);
  const needed = opts.targets ? neededNodes(deps, opts.targets) : null;
  const buffers = new Map<Node, Tensor>();
  // Storages a leaf may not take as its .grad without a copy: the seeds (the caller holds them)
  // and every gradient a leaf already took (an identity backward hands one tensor to several).
  const taken = new WeakSet<Storage>();
  for (const g of grads) taken.add(g.storage);
  passCount++;
  const own = RECYCLING && !opts.createGraph && !opts.retainGraph ? new Ownership() : null;
  const prevMode = isGradEnabled();
  if (own !== null) beginPass();
  setGradEnabled(opts.createGraph);
  try {
    roots.forEach((r, i) => {
      const g = validate(r, i, grads[i]!, r);
      const have = buffers.get(r);
      buffers.set(r, have === undefined ? g : addGrads(have, g));
    });
    const ready = new ReadyQueue();
    for (const r of new Set(roots)) if (deps.get(r) === 0) ready.push(r);

    // Hands gradient `g` of `producer`'s input `i` to `child`'s buffer; `gOwned` per Ownership.
    const deliver = (producer: Node, i: number, child: Node, g: Tensor, gOwned: boolean): void => {
      const v = validate(producer, i, g, child);
      const vOwned = gOwned && v === g;
      if (gOwned && !vOwned && v.storage !== g.storage) Ownership.recycle(g);
      const have = buffers.get(child);
      if (have === undefined) {
        buffers.set(child, v);
        if (vOwned) own!.own(v);
      } else if (own !== null && own.has(have)) {
        addInPlace(have, v, have);
        if (vOwned) Ownership.recycle(v);
      } else if (vOwned) {
        addInPlace(have, v, v);
        buffers.set(child, v);
        own!.own(v);
      } else {
        const mark = Tensor._freshMark();
        const sum = addGrads(have, v);
        buffers.set(child, sum);
        if (own !== null && sum.storage.serial > mark && sum._coversStorage()) own.own(sum);
      }
    };

    while (ready.size > 0) {
      const node = ready.pop();
      let grad: Tensor | null = buffers.get(node) ?? null;
      buffers.delete(node);
      let mine = grad !== null && own !== null && own.claim(grad);
      const capture = opts.capture?.get(node);
      if (capture !== undefined) {
        mine = false;
        capture(grad);
      }

      const isLeaf = node instanceof AccumulateGrad;
      const runs =
        needed === null
          ? !isLeaf || opts.accumulate
          : isLeaf
            ? opts.accumulate && opts.targets!.has(node)
            : node.next.some((c) => c !== null && needed.has(c));
      if (!runs) {
        if (mine) Ownership.recycle(grad!);
        continue;
      }

      let outs: readonly (Tensor | null)[] = [];
      let outsOwned: boolean[] | null = null;
      if (grad !== null) {
        if (node.preHooks.length > 0) mine = false; // a hook may keep the gradient it sees
        for (const hook of node.preHooks.slice()) {
          const r = hook(grad);
          if (r instanceof Tensor) {
            if (!shapesEqual(r.shape, grad.shape)) {
              throw new RangeError(
                `[backward] a hook changed the gradient's shape: got [${r.shape}], expected [${grad.shape}]`,
              );
            }
            grad = r;
          }
        }
        if (isLeaf) {
          if (node.variable.requiresGrad) {
            // A fresh dense kernel output that no hook saw (a hook could keep it) is not held by
            // anything else once this pass ends: taking it saves a copy per parameter per step.
            // With a .grad already there it is summed in instead, and recycled if owned.
            const steal =
              node.variable.grad === null &&
              !opts.createGraph &&
              node.preHooks.length === 0 &&
              !taken.has(grad.storage) &&
              grad._base === null &&
              grad._coversStorage() &&
              grad.dtype === node.variable.dtype;
            if (steal) taken.add(grad.storage);
            accumulateInto(node.variable, grad, opts.createGraph, steal);
            if (mine && !steal) Ownership.recycle(grad);
          } else if (mine) {
            Ownership.recycle(grad);
          }
        } else {
          const mark = Tensor._freshMark();
          const passesBefore = passCount;
          const prevDonated = setDonatedGrad(mine ? grad : null);
          try {
            outs = node.apply(grad);
          } finally {
            setDonatedGrad(prevDonated);
          }
          if (outs.length !== node.next.length) {
            throw new Error(
              `[backward] ${node.name()} returned an incorrect number of gradients: got ${outs.length}, expected ${node.next.length}`,
            );
          }
          // A backward function that ran a pass of its own may return what that pass stored.
          if (own !== null && passCount === passesBefore) {
            outsOwned = own.outputs(outs, mark, mine ? grad : null);
            const input = grad;
            if (mine && !outs.some((r) => r !== null && r.storage === input.storage)) Ownership.recycle(input);
          }
        }
      }
      if (!opts.retainGraph) node.release();

      node.next.forEach((child, i) => {
        const g = outs[i] ?? null;
        const gOwned = outsOwned !== null && outsOwned[i] === true;
        if (child === null || (needed !== null && !needed.has(child))) {
          if (gOwned) Ownership.recycle(g!);
          return;
        }
        if (g !== null) deliver(node, i, child, g, gOwned);
        const d = deps.get(child)! - 1;
        deps.set(child, d);
        if (d === 0) ready.push(child);
      });
    }
  } finally {
    setGradEnabled(prevMode);
    if (own !== null) endPass();
  }
}

/** The seed gradient for `out`: ones for one-element outputs, else the given tensor checked. */
export function rootGradient(
  op: string,
  out: Tensor,
  gradient: Tensor | number | null | undefined,
  index: number,
): Tensor {
  if (gradient === undefined || gradient === null) {
    if (out.numel() !== 1) {
      throw new RangeError(
        `[${op}] grad can be implicitly created only for scalar outputs: got an output of shape [${out.shape}]; pass a gradient of that shape`,
      );
    }
    return onesFor(out);
  }
  const g = asTensor(gradient, out.dtype);
  if (!shapesEqual(g.shape, out.shape)) {
    throw new RangeError(
      `[${op}] Mismatch in shape: grad_output[${index}] has a shape of [${g.shape}] and output[${index}] has a shape of [${out.shape}]`,
    );
  }
  return g;
}

/** The node gradients of `t` flow into, or the PyTorch error for a tensor outside the graph. */
export function rootNode(op: string, t: Tensor, index: number): Node {
  if (!(t instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor: got ${typeof t}`);
  const node = t._gradEdge();
  if (node === null)
    throw new Error(`[${op}] element ${index} of tensors does not require grad and does not have a grad_fn`);
  return node;
}

/**
 * Computes gradients of `tensors` (seeded by `gradTensors`) and accumulates them into the leaves'
 * `.grad` (`torch.autograd.backward`).
 * @example autograd.backward([loss1, loss2]); // fragment
 */
export function backward(
  tensors: Tensor | readonly Tensor[],
  gradTensors?: Tensor | number | null | readonly (Tensor | number | null)[],
  options: BackwardOptions = {},
): void {
  const outs = tensors instanceof Tensor ? [tensors] : [...tensors];
  const gs =
    gradTensors === undefined || gradTensors === null || !Array.isArray(gradTensors) ? [gradTensors] : gradTensors;
  const roots = outs.map((t, i) => rootNode("backward", t, i));
  const seeds = outs.map((t, i) => rootGradient("backward", t, (gs[i] ?? null) as Tensor | number | null, i));
  const createGraph = options.createGraph ?? false;
  const run: RunOptions = { retainGraph: options.retainGraph ?? createGraph, createGraph, accumulate: true };
  if (options.inputs !== undefined) {
    const inputs = options.inputs instanceof Tensor ? [options.inputs] : [...options.inputs];
    if (inputs.length === 0) throw new RangeError("[backward] 'inputs' argument to backward() cannot be empty");
    const targets = new Set<Node>();
    const capture = new Map<Node, (g: Tensor | null) => void>();
    inputs.forEach((x, i) => {
      const node = x._gradEdge();
      if (node === null)
        throw new Error(`[backward] One of the differentiated Tensors does not require grad: inputs[${i}]`);
      targets.add(node);
      // A non-leaf input gets its .grad filled like a leaf (PyTorch does the same).
      if (!(node instanceof AccumulateGrad)) {
        capture.set(node, (g) => {
          if (g !== null) accumulateInto(x, g, createGraph, false);
        });
      }
    });
    run.targets = targets;
    run.capture = capture;
  }
  runBackward(roots, seeds, run);
}

installMethods({
  backward(this: Tensor, gradient?: Tensor | number | null, options?: BackwardOptions) {
    backward([this], [gradient ?? null], options);
  },
});
