/**
 * `nn.parallel.DistributedDataParallel`: data parallelism over `torch.distributed`. Rank 0's
 * parameters and buffers are broadcast at construction; during backward each parameter's
 * gradient hook copies its gradient into a flat bucket, and a bucket's allreduce starts on gloo's
 * thread as soon as all its parameters are in, while backward goes on (overlap). Because Node
 * cannot block, the end of backward is an explicit `await ddp.syncGradients()` before
 * `optimizer.step()` (PyTorch waits inside `backward()`).
 */
import { AccumulateGrad, type Node } from "../../autograd/node.js";
import { noGrad } from "../../autograd/mode.js";
import { Tensor } from "../../tensor/tensor.js";
import type { DType } from "../../tensor/dtype.js";
import { checkArity, checkBool, checkNumber, checkOptions, describe, optionKeys } from "../../util/args.js";
import { allReduce, broadcast, getRank, getWorldSize, isInitialized } from "../../distributed/process-group.js";
import { Module } from "../module.js";
import type { Parameter } from "../parameter.js";

/** Options of `DistributedDataParallel`. */
export interface DistributedDataParallelOptions {
  /** Bucket size in MiB (default 25; the first bucket is capped at 1 MiB, as in PyTorch). */
  bucketCapMb?: number;
  /** Mark parameters the forward did not reach as ready, instead of raising (default false). */
  findUnusedParameters?: boolean;
  /** Broadcast rank 0's buffers at construction (default true). */
  broadcastBuffers?: boolean;
}
const KEYS = optionKeys("bucketCapMb", "findUnusedParameters", "broadcastBuffers");
const OP = "DistributedDataParallel";
const FIRST_BUCKET_BYTES = 1024 * 1024;

/** Parameters in one flat buffer, reduced by one allreduce. */
interface Bucket {
  index: number;
  params: Parameter[];
  offsets: number[];
  flat: Tensor;
  pending: number;
  launched: Promise<void> | null;
}

/** Timestamps (performance.now()) of the last backward, for checking that buckets overlap it. */
export interface DdpTimeline {
  bucketStarts: number[];
  hooksDone: number;
}

/**
 * Wraps `module` for data-parallel training (`torch.nn.parallel.DistributedDataParallel`).
 *
 * @example
 * await dist.initProcessGroup();
 * const ddp = await nn.parallel.DistributedDataParallel.create(model);
 * const loss = lossFn(ddp.call(x), y);
 * loss.backward();
 * await ddp.syncGradients(); // the gradients are now averaged over the ranks
 * optimizer.step(); // fragment
 */
export class DistributedDataParallel extends Module {
  /** The wrapped module (`ddp.module`); `stateDict()` keys start with `module.`, as in PyTorch. */
  readonly module: Module;
  /** Resolves once rank 0's parameters and buffers reached this rank. */
  readonly ready: Promise<void>;
  #readyDone = false;
  readonly #buckets: Bucket[] = [];
  readonly #where = new Map<Parameter, { bucket: Bucket; offset: number }>();
  readonly #findUnused: boolean;
  readonly #size: number;
  #noSync = false;
  #active = false; // a backward of a synced step is in flight: syncGradients() must follow
  #expecting = false; // a synced forward ran: its backward's gradients go to the buckets
  #nextLaunch = 0;
  #ready = new Set<Parameter>();
  /** @internal when each bucket's allreduce started in the last backward (tests check the overlap). */
  readonly _timeline: DdpTimeline = { bucketStarts: [], hooksDone: 0 };

  /**
   * Starts broadcasting rank 0's state; `await ddp.ready` (or use `DistributedDataParallel.create`)
   * before the first forward.
   */
  constructor(module: Module, options: DistributedDataParallelOptions = {}) {
    super();
    checkArity(OP, arguments.length, 2);
    if (!(module instanceof Module))
      throw new TypeError(`[${OP}] module must be an nn.Module: got ${describe(module)}`);
    checkOptions(OP, options, KEYS);
    const capMb =
      options.bucketCapMb === undefined
        ? 25
        : checkNumber(OP, "bucketCapMb", options.bucketCapMb, { min: 0, minExclusive: true });
    this.#findUnused =
      options.findUnusedParameters === undefined
        ? false
        : checkBool(OP, "findUnusedParameters", options.findUnusedParameters);
    const bcastBuffers =
      options.broadcastBuffers === undefined ? true : checkBool(OP, "broadcastBuffers", options.broadcastBuffers);
    if (!isInitialized())
      throw new Error(
        `[${OP}] Default process group has not been initialized, please make sure to call initProcessGroup.`,
      );
    this.module = module;
    this.#size = getWorldSize();
    const params = module.parameters().filter((p) => p.requiresGrad);
    if (params.length === 0) throw new RangeError(`[${OP}] the module has no parameter that requires grad`);
    this.#buildBuckets(params, capMb * 1024 * 1024);
    for (const p of params) p.registerHook((g) => this.#onGrad(p, g));
    const state = [...module.parameters(), ...(bcastBuffers ? module.buffers() : [])];
    this.ready = (async () => {
      for (const t of state) {
        const c = t.isContiguous() ? t : null;
        if (c !== null) await broadcast(t, 0);
        else {
          const tmp = t.contiguous().clone();
          await broadcast(tmp, 0);
          noGrad(() => t.copy_(tmp));
        }
      }
      this.#readyDone = true;
    })();
    this.ready.catch(() => {});
  }

  /** Wraps `module` and waits for rank 0's state: `const ddp = await DistributedDataParallel.create(model)`. */
  static async create(module: Module, options: DistributedDataParallelOptions = {}): Promise<DistributedDataParallel> {
    checkArity(`${OP}.create`, arguments.length, 2);
    const ddp = new DistributedDataParallel(module, options);
    await ddp.ready;
    return ddp;
  }

  // Buckets hold parameters in reverse registration order (the order gradients usually arrive),
  // one dtype per bucket; the first closes at 1 MiB so the first allreduce starts early.
  #buildBuckets(params: Parameter[], cap: number): void {
    const open = new Map<DType, Parameter[]>();
    const bytesOf = (ps: Parameter[]): number => ps.reduce((s, p) => s + p.numel() * p.elementSize(), 0);
    const close = (dtype: DType): void => {
      const ps = open.get(dtype);
      if (ps === undefined || ps.length === 0) return;
      open.delete(dtype);
      const offsets: number[] = [];
      let n = 0;
      for (const p of ps) {
        offsets.push(n);
        n += p.numel();
      }
      const bucket: Bucket = {
        index: this.#buckets.length,
        params: ps,
        offsets,
        flat: Tensor._empty([n], dtype),
        pending: ps.length,
        launched: null,
      };
      ps.forEach((p, i) => this.#where.set(p, { bucket, offset: offsets[i]! }));
      this.#buckets.push(bucket);
    };
    for (const p of [...params].reverse()) {
      const ps = open.get(p.dtype) ?? [];
      open.set(p.dtype, ps);
      ps.push(p);
      const limit = this.#buckets.length === 0 ? Math.min(FIRST_BUCKET_BYTES, cap) : cap;
      if (bytesOf(ps) >= limit) close(p.dtype);
    }
    for (const d of [...open.keys()]) close(d);
  }

  /** Runs the wrapped module (`ddp.call(x)`); with `findUnusedParameters`, marks the unreached ones ready. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override forward(...args: any[]): any {
    if (!this.#readyDone)
      throw new Error(
        `[${OP}] forward before rank 0's parameters arrived: await ddp.ready first (or build it with await DistributedDataParallel.create(model))`,
      );
    if (this.#active)
      throw new Error(
        `[${OP}] Expected to have finished reduction in the prior iteration before starting a new one: await ddp.syncGradients() after backward (and before optimizer.step())`,
      );
    const out = this.module.call(...args);
    if (!this.#noSync && this.training) this.#prepare(out);
    return out;
  }

  #prepare(out: unknown): void {
    this.#expecting = true;
    this.#ready = new Set();
    this.#nextLaunch = 0;
    this._timeline.bucketStarts = [];
    for (const b of this.#buckets) {
      b.pending = b.params.length;
      b.launched = null;
    }
    if (this.#findUnused) {
      const reached = reachableLeaves(out);
      for (const [p] of this.#where) if (!reached.has(p)) this.#markReady(p, null);
    }
  }

  #onGrad(p: Parameter, g: Tensor): void {
    // Only backward passes of a synced DDP forward: not noSync ones, nor the bare module's.
    if (this.#noSync || !this.#expecting) return;
    if (this.#ready.has(p)) return; // a second backward through a retained graph: the first one counts
    this.#markReady(p, g);
  }

  // Copies (p.grad + g) / worldSize into p's slot; launches the buckets that are complete, in order.
  #markReady(p: Parameter, g: Tensor | null): void {
    const { bucket, offset } = this.#where.get(p)!;
    this.#active = true;
    this.#ready.add(p);
    const n = p.numel();
    noGrad(() => {
      const slot = bucket.flat.narrow(0, offset, n);
      const have = p.grad;
      const total = g === null ? have : have === null ? g : have.add(g);
      if (total === null) slot.zero_();
      else slot.copy_(total.reshape([n]).div(this.#size));
    });
    bucket.pending--;
    while (this.#nextLaunch < this.#buckets.length && this.#buckets[this.#nextLaunch]!.pending === 0) {
      const b = this.#buckets[this.#nextLaunch++]!;
      this._timeline.bucketStarts.push(performance.now());
      b.launched = allReduce(b.flat, "sum");
      b.launched.catch(() => {});
    }
    this._timeline.hooksDone = performance.now();
  }

  /**
   * Waits for the buckets' allreduces and writes the averaged gradients into each parameter's
   * `.grad`. Call it after `backward()` and before `optimizer.step()`; a no-op under `noSync`.
   */
  async syncGradients(): Promise<void> {
    checkArity(`${OP}.syncGradients`, arguments.length, 0);
    this.#expecting = false;
    if (!this.#active) return;
    this.#active = false;
    const missing = [...this.#where.keys()].filter((p) => !this.#ready.has(p));
    if (missing.length > 0) {
      const names = this.module
        .namedParameters()
        .filter(([, p]) => missing.includes(p))
        .map(([n]) => n);
      throw new Error(
        `[${OP}] parameters that were not used in producing the loss got no gradient on rank ${getRank()}: ${names.join(", ")}; pass { findUnusedParameters: true } or use them in forward`,
      );
    }
    for (const b of this.#buckets) await b.launched;
    noGrad(() => {
      for (const b of this.#buckets) {
        b.params.forEach((p, i) => {
          const avg = b.flat.narrow(0, b.offsets[i]!, p.numel()).view(p.shape);
          if (p.grad === null) {
            // Unused here: it gets a gradient only if another rank used it (PyTorch leaves
            // globally unused parameters' .grad alone).
            if (avg.abs().max().item() !== 0) p.grad = avg.clone();
          } else p.grad.copy_(avg);
        });
      }
    });
  }

  /**
   * Runs `fn` without gradient synchronisation (gradient accumulation): its backward passes only
   * add into `.grad`; the first synced backward after it averages the accumulated sum.
   * @example await ddp.noSync(() => lossFn(ddp.call(x1), y1).backward()); // fragment
   */
  async noSync<T>(fn: () => T | Promise<T>): Promise<T> {
    checkArity(`${OP}.noSync`, arguments.length, 1);
    if (typeof fn !== "function") throw new TypeError(`[${OP}.noSync] fn must be a function: got ${describe(fn)}`);
    const prev = this.#noSync;
    this.#noSync = true;
    try {
      return await fn();
    } finally {
      this.#noSync = prev;
    }
  }

  /** Broadcasts rank 0's buffers (e.g. BatchNorm running statistics) to every rank. */
  async syncBuffers(): Promise<void> {
    for (const b of this.module.buffers()) await broadcast(b, 0);
  }

  /** The number of gradient buckets (for tuning `bucketCapMb`). */
  get bucketCount(): number {
    return this.#buckets.length;
  }
}

/** The leaf tensors the autograd graph of `out` reaches (the parameters forward used). */
function reachableLeaves(out: unknown): Set<Tensor> {
  const roots: Node[] = [];
  const visitOut = (v: unknown): void => {
    if (v instanceof Tensor) {
      if (v.gradFn !== null) roots.push(v.gradFn);
    } else if (Array.isArray(v)) v.forEach(visitOut);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(visitOut);
  };
  visitOut(out);
  const seen = new Set<Node>();
  const leaves = new Set<Tensor>();
  while (roots.length > 0) {
    const n = roots.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n instanceof AccumulateGrad) leaves.add(n.variable);
    for (const c of n.next) if (c !== null) roots.push(c);
  }
  return leaves;
}
