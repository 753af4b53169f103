/**
 * The base of every loss module (losses.ts, losses-extra.ts): PyTorch's positional-or-options
 * constructor checked against the class's parameter list, and the `reduction` option. Internal:
 * not re-exported from `nn`.
 */
import { Tensor } from "../tensor/tensor.js";
import { describe } from "../util/args.js";
import { optionsOf, type ParamList } from "./functional/args.js";
import type { Reduction } from "./functional/losses.js";
import { Module } from "./module.js";

export const REDUCTIONS: readonly Reduction[] = ["none", "mean", "sum"];

export abstract class Loss extends Module {
  readonly reduction: Reduction;
  /** @internal The constructor's options, checked against the class's parameter list. */
  protected readonly _o: Record<string, unknown>;
  constructor(p: ParamList, args: readonly unknown[]) {
    super();
    this._o = optionsOf<Record<string, unknown>>(p, args);
    const r = this._o.reduction;
    if (r !== undefined && !(REDUCTIONS as readonly unknown[]).includes(r)) {
      throw new RangeError(
        `[${p.op}] ${describe(r)} is not a valid value for reduction: expected "none", "mean" or "sum"`,
      );
    }
    this.reduction = (r ?? "mean") as Reduction;
  }
  /** @internal A Tensor-or-null weight option, registered as the buffer `weight`. */
  protected _weight(op: string): void {
    const v = this._o.weight;
    if (v !== undefined && v !== null && !(v instanceof Tensor)) {
      throw new TypeError(`[${op}] weight must be a Tensor or null: got ${describe(v)}`);
    }
    this.registerBuffer("weight", (v ?? null) as Tensor | null);
  }
}
