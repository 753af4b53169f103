/**
 * Image transforms on tensors (torchvision's `transforms`, tensor path). Images are uint8/float
 * tensors shaped [H, W], [H, W, C] (before `ToTensor`) or [..., C, H, W] (after). The random
 * transforms draw from the global generator as torchvision does: `RandomHorizontalFlip` one
 * `torch.rand(1) < p`, `RandomCrop` `torch.randint(0, h - th + 1, [1])` then the same for `j`.
 * Each built-in transform has a `spec` so DataLoader workers can rebuild it; `Lambda` has none.
 */
import { div, sub } from "../ops/binary.js";
import { flip } from "../ops/movement.js";
import { castTo } from "../ops/define.js";
import { sampleRandint, sampleUniform } from "../tensor/random/samplers.js";
import { defaultGenerator } from "../tensor/random/generator.js";
import { isFloatingPoint } from "../tensor/dtype.js";
import { tensor } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { checkArity, describe } from "../util/args.js";

/** A transform: a callable object `t.call(x)` with an optional serialisable description. */
export interface Transform<I = unknown, O = unknown> {
  call(x: I): O;
  /** `{ name, args }` for worker threads; undefined when it cannot be sent (closures). */
  readonly spec?: TransformSpec;
}

/** A transform as plain data. */
export interface TransformSpec {
  name: string;
  args: unknown[];
}

function needTensor(op: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`[${op}] expected a Tensor image: got ${describe(x)}`);
  return x;
}

/**
 * Applies transforms (objects with `call(x)`, or plain functions) in order.
 * @example new Compose([new ToTensor(), new Normalize([0.5], [0.5])]).call(img) // fragment
 */
export class Compose implements Transform {
  constructor(readonly transforms: readonly TransformLike[]) {
    checkArity("Compose", arguments.length, 1);
    if (!Array.isArray(transforms)) {
      throw new TypeError(
        `[Compose] expected an array of transforms: got ${describe(transforms)} (call it as new Compose([t1, t2]))`,
      );
    }
    for (const [i, t] of transforms.entries()) {
      if (typeof t !== "function" && typeof (t as Transform | null)?.call !== "function")
        throw new TypeError(`[Compose] transform ${i} has no call(x) method and is not a function: got ${describe(t)}`);
    }
  }
  call(x: unknown): unknown {
    // a plain function is applied as is (its own Function.prototype.call would drop x)
    for (const t of this.transforms) x = applyTransform(t, x);
    return x;
  }
  get spec(): TransformSpec | undefined {
    const specs = this.transforms.map((t) => (typeof t === "function" ? undefined : t.spec));
    return specs.every((s) => s !== undefined) ? { name: "Compose", args: [specs] } : undefined;
  }
}

/**
 * uint8 [H, W] or [H, W, C] → float32 [C, H, W] scaled to [0, 1]; other dtypes are only permuted.
 * @example new ToTensor().call(uint8Image) // float32 [1, 28, 28] (fragment)
 */
export class ToTensor implements Transform<Tensor, Tensor> {
  readonly spec: TransformSpec = { name: "ToTensor", args: [] };
  constructor() {
    checkArity("ToTensor", arguments.length, 0);
  }
  call(x: Tensor): Tensor {
    needTensor("ToTensor", x);
    if (x.dim() !== 2 && x.dim() !== 3)
      throw new RangeError(`[ToTensor] image should be 2-d (H, W) or 3-d (H, W, C): got shape [${x.shape}]`);
    const chw = (x.dim() === 2 ? x.unsqueeze(2) : x).permute(2, 0, 1).contiguous();
    return x.dtype === "uint8" ? div(castTo(chw, "float32"), 255) : chw;
  }
}

/**
 * (x - mean[c]) / std[c] per channel of a float [..., C, H, W] tensor.
 * @example new Normalize([0.1307], [0.3081]).call(img) // fragment
 */
export class Normalize implements Transform<Tensor, Tensor> {
  readonly spec: TransformSpec;
  constructor(
    readonly mean: readonly number[],
    readonly std: readonly number[],
  ) {
    checkArity("Normalize", arguments.length, 2);
    for (const [what, v] of [
      ["mean", mean],
      ["std", std],
    ] as const) {
      if (!Array.isArray(v))
        throw new TypeError(`[Normalize] ${what} must be an array of numbers (one per channel): got ${describe(v)}`);
      v.forEach((x: unknown, i) => {
        if (typeof x !== "number" || !Number.isFinite(x))
          throw new TypeError(`[Normalize] ${what}[${i}] must be a finite number: got ${describe(x)}`);
      });
    }
    if (mean.length === 0 || mean.length !== std.length) {
      throw new RangeError(
        `[Normalize] mean and std must be non-empty arrays of equal length: got ${mean.length} and ${std.length}`,
      );
    }
    this.spec = { name: "Normalize", args: [[...mean], [...std]] };
  }
  call(x: Tensor): Tensor {
    needTensor("Normalize", x);
    if (!isFloatingPoint(x.dtype))
      throw new TypeError(`[Normalize] input tensor should be a float tensor: got ${x.dtype}`);
    if (x.dim() < 3)
      throw new RangeError(`[Normalize] expected a tensor image of size (..., C, H, W): got shape [${x.shape}]`);
    const c = x.shape[x.dim() - 3]!;
    if (this.mean.length !== c && this.mean.length !== 1)
      throw new RangeError(`[Normalize] got ${this.mean.length} means for ${c} channels`);
    const shape = [this.mean.length, 1, 1];
    const std = tensor([...this.std], { dtype: x.dtype });
    if (std.dataFloat().some((s) => s === 0))
      throw new RangeError(
        `[Normalize] std evaluated to zero after conversion to ${x.dtype}, leading to division by zero`,
      );
    return div(sub(x, tensor([...this.mean], { dtype: x.dtype }).reshape(shape)), std.reshape(shape));
  }
}

/**
 * Wraps a function (cannot be sent to DataLoader workers).
 * @example new Lambda((x: Tensor) => x.mul(2))
 */
export class Lambda<I = unknown, O = unknown> implements Transform<I, O> {
  constructor(readonly fn: (x: I) => O) {
    checkArity("Lambda", arguments.length, 1);
    if (typeof fn !== "function") throw new TypeError(`[Lambda] expected a function: got ${describe(fn)}`);
  }
  call(x: I): O {
    return this.fn(x);
  }
}

/**
 * Flips the last dimension with probability `p` (one `torch.rand(1)` draw per call).
 * @example new RandomHorizontalFlip(0.5).call(img) // fragment
 */
export class RandomHorizontalFlip implements Transform<Tensor, Tensor> {
  readonly spec: TransformSpec;
  constructor(readonly p = 0.5) {
    checkArity("RandomHorizontalFlip", arguments.length, 1);
    if (typeof p !== "number")
      throw new TypeError(`[RandomHorizontalFlip] p must be a probability in [0, 1]: got ${describe(p)}`);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`[RandomHorizontalFlip] p must be in [0, 1]: got ${p}`);
    this.spec = { name: "RandomHorizontalFlip", args: [p] };
  }
  call(x: Tensor): Tensor {
    needTensor("RandomHorizontalFlip", x);
    const u = sampleUniform(1, "float32", 0, 1, defaultGenerator)[0]!;
    return u < Math.fround(this.p) ? flip(x, [-1]) : x;
  }
}

/**
 * Zero-pads by `padding` (a number, [left/right, top/bottom] or [left, top, right, bottom]) then
 * crops a random `size` window from [..., H, W].
 * @example new RandomCrop(28, 4).call(img) // fragment
 */
export class RandomCrop implements Transform<Tensor, Tensor> {
  readonly size: [number, number];
  readonly padding: [number, number, number, number];
  readonly spec: TransformSpec;
  constructor(size: number | readonly [number, number], padding: number | readonly number[] = 0) {
    checkArity("RandomCrop", arguments.length, 2);
    if (typeof size !== "number" && !Array.isArray(size))
      throw new TypeError(`[RandomCrop] size must be a positive integer or [h, w]: got ${describe(size)}`);
    if (typeof padding !== "number" && !Array.isArray(padding))
      throw new TypeError(
        `[RandomCrop] padding must be an integer or an array of 2 or 4 integers: got ${describe(padding)}`,
      );
    const sz = typeof size === "number" ? [size, size] : [...size];
    if (sz.length !== 2 || !sz.every((s) => Number.isInteger(s) && s > 0))
      throw new RangeError(`[RandomCrop] size must be a positive integer or [h, w]: got ${String(size)}`);
    const p = typeof padding === "number" ? [padding] : [...padding];
    if (![1, 2, 4].includes(p.length) || !p.every((v) => Number.isInteger(v) && v >= 0)) {
      throw new RangeError(`[RandomCrop] padding must be 1, 2 or 4 non-negative integers: got [${p}]`);
    }
    const [l, t, r, b] =
      p.length === 1
        ? [p[0]!, p[0]!, p[0]!, p[0]!]
        : p.length === 2
          ? [p[0]!, p[1]!, p[0]!, p[1]!]
          : (p as [number, number, number, number]);
    this.size = sz as [number, number];
    this.padding = [l, t, r, b];
    this.spec = { name: "RandomCrop", args: [[...sz], [l, t, r, b]] };
  }
  call(x: Tensor): Tensor {
    needTensor("RandomCrop", x);
    if (x.dim() < 2) throw new RangeError(`[RandomCrop] expected an image [..., H, W]: got shape [${x.shape}]`);
    const img = this.padding.some((v) => v > 0) ? zeroPad(x, this.padding) : x;
    const h = img.shape[img.dim() - 2]!;
    const w = img.shape[img.dim() - 1]!;
    const [th, tw] = this.size;
    if (h < th || w < tw)
      throw new RangeError(
        `[RandomCrop] required crop size [${th}, ${tw}] is larger than input image size [${h}, ${w}]`,
      );
    if (h === th && w === tw) return img;
    const i = sampleRandint(1, "int64", 0, h - th + 1, defaultGenerator)[0] as number;
    const j = sampleRandint(1, "int64", 0, w - tw + 1, defaultGenerator)[0] as number;
    return img.narrow(-2, i, th).narrow(-1, j, tw);
  }
}

function zeroPad(x: Tensor, [l, t, r, b]: readonly number[]): Tensor {
  const nd = x.dim();
  const shape = [...x.shape];
  shape[nd - 2]! += t! + b!;
  shape[nd - 1]! += l! + r!;
  const out = Tensor._empty(shape, x.dtype);
  out
    .narrow(-2, t!, x.shape[nd - 2]!)
    .narrow(-1, l!, x.shape[nd - 1]!)
    .copy_(x);
  return out;
}

const BUILDERS: Record<string, (...a: never[]) => Transform> = {
  Compose: (specs: TransformSpec[]) => new Compose(specs.map(transformFromSpec)),
  ToTensor: () => new ToTensor(),
  Normalize: (m: number[], s: number[]) => new Normalize(m, s),
  RandomHorizontalFlip: (p: number) => new RandomHorizontalFlip(p),
  RandomCrop: (s: [number, number], p: number[]) => new RandomCrop(s, p),
};

/**
 * Rebuilds a built-in transform from its `spec`.
 * @example transformFromSpec(new ToTensor().spec)
 */
export function transformFromSpec(spec: TransformSpec): Transform {
  const b = BUILDERS[spec?.name];
  if (b === undefined) throw new TypeError(`[transforms] unknown transform spec: got ${JSON.stringify(spec?.name)}`);
  return (b as (...a: unknown[]) => Transform)(...spec.args);
}

/** A transform given as an object with `call`, or a plain function. */
export type TransformLike<I = unknown, O = unknown> = Transform<I, O> | ((x: I) => O);

/** @internal applies a transform or function. */
export function applyTransform<I, O>(t: TransformLike<I, O> | undefined, x: I): O | I {
  if (t === undefined) return x;
  return typeof t === "function" ? t(x) : t.call(x);
}
