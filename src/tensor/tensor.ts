/**
 * The Tensor: a strided view on a storage, plus autograd state. No math lives here: the methods
 * that compute are installed by `src/tensor/methods.ts` and delegate to `src/ops`.
 */
import { inferenceState } from "./inference.js";
import { inspectCustom } from "../util/node.js";
import { AccumulateGrad, type GradHook, type Node } from "../autograd/node.js";
import type { View } from "../backend/backend.js";
import {
  allocArray,
  allocArrayUninit,
  isFloatingPoint,
  itemsize,
  readNumber,
  type DType,
  type StorageArray,
} from "./dtype.js";
import { giveArray, MIN_POOLED_BYTES, takeArray } from "./buffer-pool.js";
import { activeScope, scopeState } from "./scope.js";
import { CPU, checkDevice, WEBGPU, type Device, type DeviceLike } from "./device.js";
import { deviceMemory, storageElements } from "./device-memory.js";
import { Size } from "./size.js";
import { formatTensor } from "./format.js";
import { contiguousStrides, elementOffsets, isContiguousLayout, normalizeDim, numel, type Shape } from "./shape.js";

// ANTORCHA_DEBUG_LIFETIMES=1 records the stack of every release, for the use-after-release error.
const DEBUG_LIFETIMES = typeof process !== "undefined" && process.env?.ANTORCHA_DEBUG_LIFETIMES === "1";

/** @internal what `torch.memory()` reports for CPU storages of `MIN_POOLED_BYTES` or more. */
export const memoryCounts = { live: 0, liveBytes: 0, peakBytes: 0 };

// The GC backstop: a counted storage nobody released leaves the counts when it is collected.
// Only counted (large) storages are registered: registering every 4-byte tensor costs µs each.
// The registered target is a small token the storage points to, never the storage: V8's
// scavenger keeps registered targets (and what they reference) alive until a full collection,
// which left every dead result's array in memory and made allocating ops 5x slower (add on 1e6
// elements: 1.2 ms instead of 0.2 ms). The token outlives its storage until the next full GC, so
// the counts lag a little; the memory does not.
const collected =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<number>((bytes) => {
        memoryCounts.live--;
        memoryCounts.liveBytes -= bytes;
      })
    : null;

/**
 * Memory shared by a tensor and its views. `version` counts in-place writes (for autograd).
 *
 * Reference-counted: every Tensor over it holds one count until it is disposed (`dispose`, or a
 * `tidy` scope ending), and every graph node that saved one of those tensors holds one until the
 * node is freed. At zero an array the library allocated goes back to the caching pool
 * (`buffer-pool.ts`) and the storage is marked released: a tensor still pointing at it raises
 * instead of reading recycled memory. Tensors nobody disposes are left to the GC, as before.
 */
export class Storage {
  version = 0;
  /**
   * @internal 0, or the creation number of a storage allocated fresh by `_uninit` / `_empty`
   * (the autograd engine's proof that a gradient it holds is referenced nowhere else).
   */
  serial = 0;
  /** @internal how many tensors and graph nodes hold this storage. */
  refs = 0;
  /** @internal null while usable; once released, how and where (for the error). */
  released: string | null = null;
  /** @internal true when allocated in inference mode: its tensors are inference tensors. */
  readonly inference: boolean = inferenceState.on;
  /** @internal true when the array came from the library's allocator (so it may be pooled). */
  readonly poolable: boolean;
  /** @internal true when `torch.memory()` counts this storage. */
  private readonly counted: boolean;
  // What the GC backstop watches instead of the storage itself (see `collected`).
  private readonly gcToken: object | null = null;
  constructor(
    readonly data: StorageArray,
    readonly dtype: DType,
    poolable = false,
    /** Where the memory lives: `data` is a marker array (device-memory.ts) off the CPU. */
    readonly device: "cpu" | "webgpu" = "cpu",
  ) {
    this.poolable = poolable;
    const bytes = data.byteLength;
    this.counted = bytes >= MIN_POOLED_BYTES;
    if (this.counted) {
      memoryCounts.live++;
      if ((memoryCounts.liveBytes += bytes) > memoryCounts.peakBytes) memoryCounts.peakBytes = memoryCounts.liveBytes;
      if (collected !== null) {
        this.gcToken = {};
        collected.register(this.gcToken, bytes, this.gcToken);
      }
    }
  }

  /** @internal drops one count (a tensor disposed, a node freed); at zero the storage is released. */
  _drop(how: string): void {
    if (--this.refs <= 0 && this.released === null) this._release(how);
  }

  /**
   * @internal releases the array now, whatever the count: only for a holder that proved it is
   * the last one (the autograd engine's dead gradients), or from `_drop`.
   */
  _release(how: string): void {
    if (this.released !== null) return;
    this.released = DEBUG_LIFETIMES
      ? `${how} at ${releaseSite()}`
      : `${how}; set ANTORCHA_DEBUG_LIFETIMES=1 to record where`;
    if (this.counted) {
      memoryCounts.live--;
      memoryCounts.liveBytes -= this.data.byteLength;
      if (this.gcToken !== null) collected?.unregister(this.gcToken);
    }
    if (this.device !== "cpu") deviceMemory.webgpu?.free(this.data);
    else if (this.poolable) giveArray(this.dtype, this.data);
  }
}

function releaseSite(): string {
  const lines = (new Error().stack ?? "").split("\n").slice(1);
  const outside = lines.filter(
    (l) => !/tensor[\\/](tensor|lifetime|scope)\.[jt]s|autograd[\\/](node|engine|grad-buffers)\.[jt]s/.test(l),
  );
  return (
    outside
      .slice(0, 3)
      .map((l) => l.trim().replace(/^at /, ""))
      .join(" < ") || "unknown"
  ).slice(0, 400);
}

/**
 * The op a user called on a released tensor: the outermost frame of the library's own code on
 * the stack (`Tensor.add` → "add", `Object.matmul` → "matmul"). Only runs on the error path.
 */
function touchingOp(): string {
  const frames = (new Error().stack ?? "").split("\n").slice(1);
  const self = /\((.*)[\\/]tensor[\\/]tensor\.[jt]s:\d+:\d+\)/.exec(frames[0] ?? "");
  if (self === null) return "tensor";
  let op = "tensor";
  for (const l of frames) {
    const m = /at (?:async )?([\w$.<> ]+?) \((.*):\d+:\d+\)$/.exec(l.trim());
    if (m === null || !m[2]!.startsWith(self[1]!)) continue;
    const name = m[1]!.replace(/^get /, "").split(".").pop()!;
    if (/^[a-zA-Z]\w*$/.test(name) && name !== "throwReleased" && name !== "touchingOp") op = name;
  }
  return op;
}

function throwReleased(storage: Storage): never {
  throw new Error(
    `[${touchingOp()}] tensor was released (by ${storage.released}): it cannot be used any more; keep it with torch.keep(t) or return it from the tidy scope`,
  );
}

let freshStorages = 0;

/** A fresh device tensor (the device backend allocates; `zero` fills it with zeros). */
function onDevice(shape: Shape, dtype: DType, n: number, zero: boolean, op?: string): Tensor {
  const mem = deviceMemory.webgpu;
  if (mem === null)
    throw new Error(`[${op ?? "tensor"}] the webgpu device is not initialised: call await torch.webgpu.init() first`);
  const storage = new Storage(mem.alloc(dtype, n, zero, op), dtype, false, "webgpu");
  storage.serial = ++freshStorages;
  return new Tensor(storage, shape, contiguousStrides(shape), 0, dtype);
}

/** Anything an op accepts where PyTorch accepts a tensor or a Python number. */
export type TensorLike = Tensor | number | boolean | bigint;

/** Nested JS arrays as returned by `tolist()`. */
export type NestedArray<T> = T | NestedArray<T>[];
/** A JS value of one element: numbers, booleans for bool tensors, bigints never (int64 → number). */
export type Scalar = number | boolean | bigint;

/**
 * An n-dimensional array with autograd, shaped like `torch.Tensor`.
 *
 * @example
 * import * as torch from "antorcha";
 * const x = torch.tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
 * const y = x.mul(x).sum();
 * y.backward();
 * console.log(x.grad); // tensor([[2., 4.], [6., 8.]])
 */
export class Tensor {
  /** @internal the memory this tensor views. */
  readonly storage: Storage;
  /** Sizes of each dimension (`t.shape`, like `torch.Size`). */
  readonly shape: readonly number[];
  /** @internal element strides of each dimension. */
  readonly _strides: readonly number[];
  /** @internal element offset into the storage. */
  readonly _offset: number;
  /** Element type. */
  readonly dtype: DType;

  /** @internal */
  _grad: Tensor | null = null;
  /** @internal true once `dispose` (or a tidy scope) let go of this tensor's storage count. */
  _disposed = false;
  /** @internal true when no tidy scope may release this tensor (`torch.keep`, `.grad`, parameters, buffers, optimizer state). */
  _kept = false;
  /** @internal true while this tensor is some tensor's `.grad` (no tidy scope releases it then). */
  _heldAsGrad = false;
  /** The node that created this tensor, or `null` for leaves (`t.grad_fn`). */
  gradFn: Node | null = null;
  /** @internal the tensor whose storage this one views, if it is a view. */
  _base: Tensor | null = null;
  /** @internal */
  _requiresGrad = false;
  /** @internal */
  _retainsGrad = false;
  /** @internal */
  private _accumulator: AccumulateGrad | null = null;

  /** @internal use the creation functions (`torch.tensor`, `torch.zeros`, …) instead. */
  constructor(storage: Storage, shape: Shape, strides: Shape, offset: number, dtype: DType = storage.dtype) {
    this.storage = storage;
    // Own copies, so a caller reusing its array can't reshape us. Not frozen: Object.freeze /
    // isFrozen made every tensor construction ~3x dearer (1-element add: 1.47 → 0.56 µs).
    this.shape = shape.slice();
    this._strides = strides.slice();
    this._offset = offset;
    this.dtype = dtype;
    storage.refs++;
    if (scopeState.current !== null || scopeState.asyncOpen !== 0) activeScope()?.tracked.push(this);
  }

  /** Accumulated gradient (leaf tensors, or non-leaf ones after `retainGrad()`); tidy scopes never release it. */
  get grad(): Tensor | null {
    return this._grad;
  }

  set grad(g: Tensor | null) {
    const old = this._grad;
    if (old !== null && old !== g && old._heldAsGrad) {
      // No longer a gradient (zeroGrad, a replaced .grad): an ordinary tensor of the scope open
      // now, which releases it at its end unless it is returned or kept.
      old._heldAsGrad = false;
      if (!old._kept && !old._disposed) activeScope()?.tracked.push(old);
    }
    if (g !== null && g !== undefined) g._heldAsGrad = true;
    this._grad = g;
  }

  /**
   * Lets go of this tensor's memory now instead of at the GC's next collection: when no other
   * tensor viewing the same storage and no autograd graph still holds it, the array goes back to
   * the caching pool for the next op. Using the tensor afterwards raises `[op] tensor was
   * released …`. Disposing twice does nothing. Never needed for correctness (see `torch.tidy`).
   * @example
   * const h = torch.randn(1000, 1000);
   * const s = h.sum().item();
   * h.dispose(); // its 4 MB serve the next allocation of that size
   */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    this.storage._drop("dispose");
  }

  /**
   * `dispose()`, for TypeScript 5.2's `using`: the tensor is disposed when the block ends.
   * @example
   * {
   *   using h = torch.randn(1000, 1000);
   *   console.log(h.mean().item());
   * } // h disposed here
   */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** True once this tensor's storage was released (by `dispose`, `tidy` or `backward`); it cannot be used. */
  get isDisposed(): boolean {
    return this.storage.released !== null;
  }

  /**
   * @internal a fresh contiguous zero-filled tensor. Every tensor's memory comes from here,
   * `_uninit` or `allocArray`: an impossible size raises `[op] cannot allocate N bytes for shape [...]`.
   */
  static _empty(shape: Shape, dtype: DType, op?: string, on?: Tensor | "webgpu" | null): Tensor {
    const n = numel(shape);
    if (on != null && (on === "webgpu" || on.storage.device !== "cpu")) return onDevice(shape, dtype, n, true, op);
    const reused = takeArray(dtype, n);
    if (reused instanceof BigInt64Array) reused.fill(0n);
    else if (reused !== null) (reused as Float64Array).fill(0);
    const storage = new Storage(reused ?? allocArray(dtype, n, op, shape), dtype, true);
    storage.serial = ++freshStorages;
    return new Tensor(storage, shape, contiguousStrides(shape), 0, dtype);
  }

  /** @internal a contiguous tensor with unspecified contents, for outputs a kernel writes in full. */
  static _uninit(shape: Shape, dtype: DType, op?: string, on?: Tensor | "webgpu" | null): Tensor {
    const n = numel(shape);
    if (on != null && (on === "webgpu" || on.storage.device !== "cpu")) return onDevice(shape, dtype, n, false, op);
    const storage = new Storage(takeArray(dtype, n) ?? allocArrayUninit(dtype, n, op, shape), dtype, true);
    storage.serial = ++freshStorages;
    return new Tensor(storage, shape, contiguousStrides(shape), 0, dtype);
  }

  /** @internal true when this tensor is contiguous over its whole storage (nothing else fits in it). */
  _coversStorage(): boolean {
    return this._offset === 0 && storageElements(this.storage.data) === this.numel() && this.isContiguous();
  }

  /** @internal the creation number the next fresh storage will exceed (see `Storage.serial`). */
  static _freshMark(): number {
    return freshStorages;
  }

  /** @internal raises when this tensor's storage was released (for readers that skip `_v`). */
  _checkLive(): void {
    if (this.storage.released !== null) throwReleased(this.storage);
  }

  /** @internal a contiguous webgpu copy of this CPU tensor (no autograd recording). */
  _upload(op = "to"): Tensor {
    const mem = deviceMemory.webgpu;
    if (mem === null)
      throw new Error(`[${op}] the webgpu device is not initialised: call await torch.webgpu.init() first`);
    const storage = new Storage(mem.upload(this.dtype, this.dataSync(), op), this.dtype, false, "webgpu");
    storage.serial = ++freshStorages;
    return new Tensor(storage, this.shape, contiguousStrides(this.shape), 0, this.dtype);
  }

  /** @internal a tensor over existing data, contiguous. */
  static _fromArray(data: StorageArray, shape: Shape, dtype: DType): Tensor {
    return new Tensor(new Storage(data, dtype), shape, contiguousStrides(shape), 0, dtype);
  }

  /** @internal a view sharing storage (autograd recording is done by the caller). */
  _view(shape: Shape, strides: Shape, offset: number): Tensor {
    const t = new Tensor(this.storage, shape, strides, offset, this.dtype);
    t._base = this._base ?? this;
    return t;
  }

  /** @internal */
  private _viewCache: View | null = null;

  /**
   * @internal Re-points this tensor at `src`'s data, keeping its identity (PyTorch's
   * `t.data = src`): how `Module.to(dtype)` converts parameters in place. Only for leaves.
   */
  _setData(src: Tensor): void {
    if (this.gradFn !== null) throw new Error("[setData] can only swap the data of a leaf tensor");
    // The view fields are readonly to users; this is the one place that rewrites them.
    const self = this as { -readonly [K in "storage" | "shape" | "_strides" | "_offset" | "dtype"]: Tensor[K] };
    // The old storage loses this holder without being released: the caller may still read it.
    if (!this._disposed) this.storage.refs--;
    src.storage.refs++;
    this._disposed = false;
    self.storage = src.storage;
    self.shape = src.shape;
    self._strides = src._strides;
    self._offset = src._offset;
    self.dtype = src.dtype;
    this._base = null;
    this._viewCache = null;
  }

  /**
   * @internal Re-points this tensor at another layout of its own storage, keeping its identity:
   * PyTorch's in-place view ops (`t_()`, `squeeze_()`, `transpose_()`, …).
   */
  _restride(shape: Shape, strides: Shape, offset: number): void {
    const self = this as { -readonly [K in "shape" | "_strides" | "_offset"]: Tensor[K] };
    self.shape = shape.slice();
    self._strides = strides.slice();
    self._offset = offset;
    this._viewCache = null;
  }

  /** @internal the kernel-facing description of this tensor (immutable, so cached). */
  get _v(): View {
    if (this.storage.released !== null) throwReleased(this.storage);
    return (this._viewCache ??= {
      data: this.storage.data,
      dtype: this.dtype,
      shape: this.shape,
      strides: this._strides,
      offset: this._offset,
    });
  }

  /**
   * Where the data lives: the cpu `Device` (antorcha's CPU backends share one memory space) or
   * webgpu. `String(t.device)` is `"cpu"`; the console shows `device(type='cpu')`.
   */
  get device(): Device {
    return this.storage.device === "cpu" ? CPU : WEBGPU;
  }

  /** False: antorcha has no CUDA backend (`t.is_cuda`). */
  get isCuda(): boolean {
    return false;
  }

  /** @internal the storage version, bumped by every in-place write. */
  get version(): number {
    return this.storage.version;
  }

  /** @internal records an in-place write. */
  _bumpVersion(): void {
    this.storage.version++;
  }

  /** Number of dimensions. @example torch.zeros(2, 3).dim() // 2 */
  dim(): number {
    return this.shape.length;
  }

  /** Alias of `dim()`. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Total number of elements. @example torch.zeros(2, 3).numel() // 6 */
  numel(): number {
    return numel(this.shape);
  }

  /**
   * The shape as a `torch.Size` (a fresh array that prints `torch.Size([2, 3])`), or one
   * dimension's size (negative dims count from the end). `t.shape` holds the same sizes as a plain
   * readonly array (read by every op, so kept a plain array: see docs/autograd.md).
   * @example String(torch.zeros(2, 3).size()) // "torch.Size([2, 3])"; t.size(-1) // 3
   */
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number {
    if (dim === undefined) return new Size(this.shape);
    return this.shape[normalizeDim("size", dim, this.shape.length)]!;
  }

  /** Element strides, or one dimension's stride. @example torch.zeros(2, 3).stride() // [3, 1] */
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return [...this._strides];
    return this._strides[normalizeDim("stride", dim, this.shape.length)]!;
  }

  /** Offset of the first element in the storage, in elements. */
  storageOffset(): number {
    return this._offset;
  }

  /** True when elements are laid out row-major without gaps. */
  isContiguous(): boolean {
    return isContiguousLayout(this.shape, this._strides);
  }

  /** Bytes per element. */
  elementSize(): number {
    return itemsize(this.dtype);
  }

  /** True for float16/bfloat16/float32/float64 tensors. */
  isFloatingPoint(): boolean {
    return isFloatingPoint(this.dtype);
  }

  // ---- autograd state ---------------------------------------------------------------------

  /** Whether gradients flow to this tensor. Only leaves may set it; only float tensors may be true. */
  get requiresGrad(): boolean {
    return this._requiresGrad || this.gradFn !== null;
  }

  set requiresGrad(value: boolean) {
    this.requiresGrad_(value);
  }

  /**
   * Sets `requiresGrad` in place and returns this tensor.
   * @example const w = torch.randn(3).requiresGrad_();
   */
  requiresGrad_(value = true): this {
    if (this.gradFn !== null) {
      if (!value) {
        throw new Error(
          "[requiresGrad_] you can only change requiresGrad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use varNoGrad = var.detach().",
        );
      }
      return this;
    }
    if (value && !isFloatingPoint(this.dtype)) {
      throw new TypeError(
        `[requiresGrad_] only tensors of floating point dtype can require gradients: got ${this.dtype}; convert first, e.g. t.to("float32")`,
      );
    }
    this._requiresGrad = value;
    return this;
  }

  /** True for tensors not created by a recorded op (`t.is_leaf`). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** @internal the node gradients flow into for this tensor, or null if none flow. */
  _gradEdge(): Node | null {
    if (this.gradFn !== null) return this.gradFn;
    if (!this._requiresGrad) return null;
    if (this._accumulator === null) this._accumulator = new AccumulateGrad(this);
    return this._accumulator;
  }

  /**
   * Registers a hook called with this tensor's gradient during backward; returning a tensor
   * replaces the gradient. Returns a handle whose `remove()` unregisters it.
   * @example const w = torch.ones(2, { requiresGrad: true }); w.registerHook((g) => g.mul(2)); w.sum().backward(); w.grad // tensor([2., 2.])
   */
  registerHook(hook: GradHook): { remove(): void } {
    const node = this._gradEdge();
    if (node === null) {
      throw new Error("[registerHook] cannot register a hook on a tensor that doesn't require gradient");
    }
    node.preHooks.push(hook);
    return {
      remove: () => {
        const i = node.preHooks.indexOf(hook);
        if (i >= 0) node.preHooks.splice(i, 1);
      },
    };
  }

  /**
   * Keeps `.grad` for this non-leaf tensor after backward.
   * @example const w = torch.ones(2, { requiresGrad: true }); const h = w.mul(2); h.retainGrad(); h.sum().backward(); h.grad // tensor([1., 1.])
   */
  retainGrad(): void {
    if (this.gradFn === null) {
      if (!this._requiresGrad)
        throw new Error("[retainGrad] can't retainGrad on a tensor that doesn't require gradients");
      return; // leaves keep their gradient anyway
    }
    if (this._retainsGrad) return;
    this._retainsGrad = true;
    // PyTorch 1.13: a fresh copy the first time, then out-of-place sums (with history under createGraph).
    this.gradFn.preHooks.push((g) => {
      this.grad = this.grad === null ? g.clone() : this.grad.add(g);
    });
  }

  /** True after `retainGrad()` on a non-leaf tensor. */
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }

  /**
   * A tensor sharing storage but cut from the graph (`requiresGrad` false).
   * @example const y = x.detach();
   */
  detach(): Tensor {
    const t = new Tensor(this.storage, this.shape, this._strides, this._offset, this.dtype);
    t._base = this._base;
    return t;
  }

  /** Cuts this tensor from the graph in place, making it a leaf. */
  detach_(): this {
    if (this._base !== null && this._base.requiresGrad && this.gradFn !== null) {
      throw new Error("[detach_] can't detach views in-place: use detach() instead");
    }
    this.gradFn = null;
    this._requiresGrad = false;
    return this;
  }

  // ---- reading values ---------------------------------------------------------------------

  /** @internal element values in row-major order as numbers (int64 via Number). */
  _values(): Float64Array {
    this._checkLive();
    if (this.storage.device !== "cpu") this._onDevice("read values of", "await t.data()");
    const offs = elementOffsets(this.shape, this._strides, this._offset);
    const data = this.storage.data;
    for (let i = 0; i < offs.length; i++) offs[i] = readNumber(data, this.dtype, offs[i]!);
    return offs;
  }

  /**
   * The elements as a fresh contiguous typed array of this dtype (float16/bfloat16 give their
   * raw 16-bit patterns; use `dataFloat()` for values).
   * @example torch.arange(3).dataSync() // BigInt64Array [0n, 1n, 2n]
   */
  dataSync(): StorageArray {
    this._checkLive();
    if (this.storage.device !== "cpu") this._onDevice("dataSync", "await t.data()");
    if (this._coversStorage()) {
      return this.storage.data.slice() as StorageArray;
    }
    const out = allocArray(this.dtype, this.numel());
    const src = this.storage.data as Float64Array;
    const dst = out as Float64Array;
    const offs = elementOffsets(this.shape, this._strides, this._offset);
    for (let i = 0; i < offs.length; i++) dst[i] = src[offs[i]!]!;
    return out;
  }

  /**
   * The elements as a fresh contiguous typed array, read asynchronously: the one way to read a
   * webgpu tensor (it waits for the queued GPU work); on the CPU it resolves to `dataSync()`.
   * int64 gives a BigInt64Array, bool a Uint8Array.
   * @example const values = await torch.tensor([1, 2]).data(); // a Float32Array of 1, 2
   */
  async data(): Promise<StorageArray> {
    this._checkLive();
    const s = this.storage;
    if (s.device === "cpu") return this.dataSync();
    return deviceMemory.webgpu!.read(s.data, this.dtype, this.shape, this._strides, this._offset);
  }

  /**
   * The elements as nested JS arrays, read asynchronously (`tolist()` for any device).
   * @example await torch.eye(2, { device: "webgpu" }).array() // [[1, 0], [0, 1]]
   */
  async array(): Promise<NestedArray<number | boolean>> {
    if (this.storage.device === "cpu") return this.tolist();
    return (await this.toAsync("cpu")).tolist();
  }

  /**
   * The value of a one-element tensor, read asynchronously (`item()` for any device).
   * @example const loss = await torch.tensor(0.25).itemAsync(); // 0.25
   */
  async itemAsync(): Promise<number | boolean> {
    if (this.storage.device === "cpu" || this.numel() !== 1) return this.item(); // item()'s errors
    return (await this.toAsync("cpu")).item();
  }

  /**
   * A copy on `device`, made asynchronously: the way to bring a webgpu tensor to the CPU
   * (`to("cpu")` raises on a webgpu tensor, since reading GPU memory cannot be synchronous).
   * Returns this tensor when it is already there. The copy does not carry autograd history.
   * @example const onCpu = await torch.ones(2).toAsync("cpu"); // a webgpu tensor comes back the same way
   */
  async toAsync(device: DeviceLike): Promise<Tensor> {
    const target = checkDevice("toAsync", device);
    if (target === this.storage.device) return this;
    if (target === "webgpu") return (this as unknown as { to(d: string): Tensor }).to("webgpu");
    const values = await this.data();
    return Tensor._fromArray(values, this.shape, this.dtype);
  }

  /** @internal raises the sync-reader error on a device tensor, naming the async twin. */
  _onDevice(reader: string, twin: string): never {
    throw new Error(
      `[${reader}] cannot read a ${this.storage.device} tensor synchronously: use ${twin} (GPU reads are async)`,
    );
  }

  /**
   * The element values as float64 numbers, row-major (int64 beyond 2^53 loses precision).
   * @example torch.tensor([1.5, 2]).dataFloat() // Float64Array [1.5, 2]
   */
  dataFloat(): Float64Array {
    return this._values();
  }

  /**
   * The value of a one-element tensor: a number, or a boolean for bool tensors.
   * @example torch.tensor([[7]]).item() // 7
   */
  item(): number | boolean {
    if (this.numel() !== 1) {
      throw new RangeError(
        `[item] a Tensor with ${this.numel()} elements cannot be converted to a scalar: expected exactly 1 element`,
      );
    }
    if (this.storage.device !== "cpu") this._onDevice("item", "await t.itemAsync()");
    this._checkLive();
    const v = readNumber(this.storage.data, this.dtype, this._offset);
    return this.dtype === "bool" ? v !== 0 : v;
  }

  /**
   * The elements as nested JS arrays (a plain value for 0-d tensors).
   * @example torch.eye(2).tolist() // [[1, 0], [0, 1]]
   */
  tolist(): NestedArray<number | boolean> {
    if (this.storage.device !== "cpu") this._onDevice("tolist", "await t.array()");
    const vals = this._values();
    const isBool = this.dtype === "bool";
    const build = (dim: number, start: number): NestedArray<number | boolean> => {
      if (dim === this.shape.length) return isBool ? vals[start]! !== 0 : vals[start]!;
      const n = this.shape[dim]!;
      const step = this.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      const out: NestedArray<number | boolean>[] = [];
      for (let i = 0; i < n; i++) out.push(build(dim + 1, start + i * step));
      return out;
    };
    return build(0, 0);
  }

  // ---- printing ---------------------------------------------------------------------------

  /** PyTorch's `str(t)`, e.g. `tensor([1., 2.], requires_grad=True)`. */
  toString(): string {
    if (this.storage.device !== "cpu") this._onDevice("toString", 'String(await t.toAsync("cpu"))');
    const suffixes: string[] = [];
    if (this.gradFn !== null) suffixes.push(`grad_fn=<${this.gradFn.name()}>`);
    else if (this.requiresGrad) suffixes.push("requires_grad=True");
    const values = this.dtype === "int64" ? (this.dataSync() as BigInt64Array) : this._values();
    return formatTensor({ shape: this.shape, dtype: this.dtype, values, suffixes });
  }

  [inspectCustom](): string {
    // The console cannot wait for a GPU read: a webgpu tensor shows its layout, not its values.
    if (this.storage.device !== "cpu")
      return `tensor(<${this.storage.device}>, size=[${this.shape.join(", ")}], dtype=${this.dtype}, device='${this.storage.device}')`;
    return this.toString();
  }

  get [Symbol.toStringTag](): string {
    return "Tensor";
  }
}
