/**
 * `ParameterList` and `ParameterDict`: containers whose entries are registered parameters (keys
 * `0`, `1`, … or the dict's keys in the state dict), printed as PyTorch prints them. Plain
 * tensors are wrapped in `Parameter`, as PyTorch 1.13 does.
 */
import type { DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkArity, describe } from "../../util/args.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

function asParam(op: string, v: unknown): Parameter {
  if (v instanceof Parameter) return v;
  if (v instanceof Tensor) return new Parameter(v);
  throw new TypeError(`[${op}] expected a Parameter or Tensor: got ${describe(v)}`);
}

const TYPENAMES: Partial<Record<DType, string>> = {
  float32: "FloatTensor",
  float64: "DoubleTensor",
  float16: "HalfTensor",
  bfloat16: "BFloat16Tensor",
  int64: "LongTensor",
  int32: "IntTensor",
  int16: "ShortTensor",
  int8: "CharTensor",
  uint8: "ByteTensor",
  bool: "BoolTensor",
};

const sizeStr = (p: Tensor) => p.shape.join("x");

/**
 * Parameters by index. @example const ps = new nn.ParameterList([new nn.Parameter(torch.ones(2))]); ps.get(0).shape // [2]
 */
export class ParameterList extends Module {
  constructor(values: Iterable<Tensor> = [], ...rest: []) {
    super();
    if (rest.length > 0) checkArity("ParameterList", rest.length + 1, 1);
    this.extend(values);
  }
  /** Number of parameters. */
  get length(): number {
    return this._own("param").length;
  }
  /** The parameter at `idx` (negative counts from the end). */
  get(idx: number): Parameter {
    const n = this.length;
    if (!Number.isInteger(idx) || idx < -n || idx >= n) {
      throw new RangeError(`[ParameterList.get] index ${describe(idx)} is out of range for a list of ${n}`);
    }
    return this._own("param")[idx < 0 ? idx + n : idx]![1] as Parameter;
  }
  /** Replaces the parameter at `idx`; returns this. */
  set(idx: number, value: Tensor): this {
    const n = this.length;
    if (!Number.isInteger(idx) || idx < -n || idx >= n) {
      throw new RangeError(`[ParameterList.set] index ${describe(idx)} is out of range for a list of ${n}`);
    }
    this.registerParameter(String(idx < 0 ? idx + n : idx), asParam("ParameterList.set", value));
    return this;
  }
  /** Appends one parameter; returns this. @example ps.append(torch.zeros(3)) // fragment */
  append(value: Tensor): this {
    this.registerParameter(String(this.length), asParam("ParameterList.append", value));
    return this;
  }
  /** Appends every parameter of `values`; returns this. */
  extend(values: Iterable<Tensor>): this {
    if (values === null || typeof (values as Iterable<Tensor>)[Symbol.iterator] !== "function") {
      throw new TypeError(`[ParameterList.extend] expected an iterable of Parameters: got ${describe(values)}`);
    }
    for (const v of values) this.append(v);
    return this;
  }
  /** Iterates the parameters in order. */
  [Symbol.iterator](): IterableIterator<Parameter> {
    return (this._own("param").map(([, p]) => p) as Parameter[])[Symbol.iterator]();
  }
  override extraRepr(): string {
    return this._own("param")
      .map(([k, p]) => `  (${k}): Parameter containing: [torch.${(p as Tensor).dtype} of size ${sizeStr(p as Tensor)}]`)
      .join("\n");
  }
}

/**
 * Parameters by name. A plain object's entries are added in sorted key order (PyTorch sorts a
 * plain dict); a `Map` keeps its order.
 * @example const pd = new nn.ParameterDict({ w: new nn.Parameter(torch.ones(2)) }); pd.get("w").shape // [2]
 */
export class ParameterDict extends Module {
  constructor(values: Record<string, Tensor> | Map<string, Tensor> = {}, ...rest: []) {
    super();
    if (rest.length > 0) checkArity("ParameterDict", rest.length + 1, 1);
    this.update(values);
  }
  /** The parameter under `key`. */
  get(key: string): Parameter {
    const hit = this._own("param").find(([k]) => k === key);
    if (hit === undefined) throw new RangeError(`[ParameterDict.get] no parameter named "${key}"`);
    return hit[1] as Parameter;
  }
  /** Adds or replaces `key`; returns this. */
  set(key: string, value: Tensor): this {
    this.registerParameter(key, asParam("ParameterDict.set", value));
    return this;
  }
  /** True if `key` is present. */
  has(key: string): boolean {
    return this._own("param").some(([k]) => k === key);
  }
  /** Adds or replaces every entry (a plain object's in sorted key order); returns this. */
  update(values: Record<string, Tensor> | Map<string, Tensor>): this {
    if (values === null || typeof values !== "object" || values instanceof Tensor) {
      throw new TypeError(`[ParameterDict.update] expected an object or a Map of Parameters: got ${describe(values)}`);
    }
    const entries =
      values instanceof Map
        ? [...values.entries()]
        : Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [k, v] of entries) this.set(k, v);
    return this;
  }
  /** Keys in order. */
  keys(): string[] {
    return this._own("param").map(([k]) => k);
  }
  /** Parameters in order. */
  values(): Parameter[] {
    return this._own("param").map(([, p]) => p as Parameter);
  }
  /** [key, parameter] pairs in order. */
  items(): [string, Parameter][] {
    return this._own("param") as [string, Parameter][];
  }
  /** Number of entries. */
  get length(): number {
    return this._own("param").length;
  }
  /** Iterates the keys, like a Python dict. */
  [Symbol.iterator](): IterableIterator<string> {
    return this.keys()[Symbol.iterator]();
  }
  override extraRepr(): string {
    return this._own("param")
      .map(([k, p]) => {
        const t = p as Tensor;
        return `  (${k}): Parameter containing: [torch.${TYPENAMES[t.dtype] ?? t.dtype} of size ${sizeStr(t)}]`;
      })
      .join("\n");
  }
}
