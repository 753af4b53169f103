/**
 * `torch.Size`: a tensor's shape as an Array subclass that prints as PyTorch's
 * (`torch.Size([2, 2, 3])`) and is an ordinary array everywhere else (indexing, `.length`,
 * spread, iteration, `Array.isArray`, `JSON.stringify` gives `[2,2,3]`). `map`/`filter`/`slice`
 * return plain arrays.
 */

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * A tensor's sizes as `t.size()` returns them, PyTorch's `torch.Size` (`t.shape` is a plain array).
 * @example String(torch.zeros(2, 3).size()) // "torch.Size([2, 3])"
 */
export class Size extends Array<number> {
  /** A size holding `dims` (copied). `new torch.Size([2, 3])`. */
  constructor(dims?: Iterable<number>) {
    super();
    // (Array.from / Array.of on the class pass a length: left to them to fill)
    if (dims === undefined || typeof dims === "number") return;
    if (Array.isArray(dims)) for (let i = 0; i < dims.length; i++) this.push(dims[i] as number);
    else for (const d of dims) this.push(d);
  }

  /** Derived arrays (`map`, `slice`, `filter`, `concat`) are plain arrays, not sizes. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** The number of elements a tensor of this size holds (PyTorch's `Size.numel()`). @example new torch.Size([2, 3]).numel() // 6 */
  numel(): number {
    let n = 1;
    for (let i = 0; i < this.length; i++) n *= this[i]!;
    return n;
  }

  /** `torch.Size([2, 3])`, as PyTorch prints it. */
  override toString(): string {
    return `torch.Size([${this.join(", ")}])`;
  }

  /** `console.log` / `util.inspect` print `torch.Size([2, 3])`. */
  [INSPECT](): string {
    return this.toString();
  }
}
