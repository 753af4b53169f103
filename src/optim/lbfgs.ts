/** L-BFGS (`torch.optim.LBFGS`), optionally with a strong-Wolfe line search; PyTorch 1.13's algorithm. */
import { enableGrad, noGrad } from "../autograd/mode.js";
import { cat } from "../ops/join.js";
import { zeros } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { strongWolfe } from "./line-search.js";
import {
  anyNumber,
  intAtLeast,
  nonNegative,
  Optimizer,
  optimizerSpec,
  withDefaults,
  type OptionRule,
  type ParamGroup,
  type Params,
} from "./optimizer.js";

/** Options of `LBFGS`. */
export interface LBFGSOptions {
  lr?: number;
  maxIter?: number;
  /** Default `maxIter * 5 / 4`, rounded down. */
  maxEval?: number;
  toleranceGrad?: number;
  toleranceChange?: number;
  historySize?: number;
  lineSearchFn?: "strong_wolfe" | null;
}

type LBFGSGroup = ParamGroup & Required<LBFGSOptions>;

const lineSearch: OptionRule = (c, k, v) => {
  if (v !== null && v !== "strong_wolfe")
    throw new RangeError(`[${c}] unknown ${k}: got ${JSON.stringify(v) ?? String(v)}, expected "strong_wolfe" or null`);
};

const SPEC = optimizerSpec("LBFGS", {
  lr: nonNegative("learning rate"),
  maxIter: intAtLeast(1),
  maxEval: intAtLeast(1),
  toleranceGrad: anyNumber,
  toleranceChange: anyNumber,
  historySize: intAtLeast(1),
  lineSearchFn: lineSearch,
});

function toNumber(v: unknown): number {
  return v instanceof Tensor ? (v.item() as number) : Number(v);
}

const dot = (a: Tensor, b: Tensor): number => a.dot(b).item() as number;
const absMax = (a: Tensor): number => a.abs().max().item() as number;

/**
 * L-BFGS: quasi-Newton steps from the last `historySize` curvature pairs. Needs a closure that
 * zeroes the gradients, computes the loss, calls `backward()` and returns the loss.
 *
 * @example
 * const opt = new optim.LBFGS([x], { lineSearchFn: "strong_wolfe" }); // fragment
 * opt.step(() => { opt.zeroGrad(); const l = f(x); l.backward(); return l; });
 */
export class LBFGS extends Optimizer<LBFGSGroup> {
  constructor(params: Params<LBFGSOptions>, opts?: LBFGSOptions) {
    const d = withDefaults(
      SPEC,
      {
        lr: 1,
        maxIter: 20,
        maxEval: undefined as number | undefined,
        toleranceGrad: 1e-7,
        toleranceChange: 1e-9,
        historySize: 100,
        lineSearchFn: null as "strong_wolfe" | null,
      },
      opts,
      arguments.length,
    );
    d.maxEval ??= Math.floor((d.maxIter * 5) / 4);
    super("LBFGS", params, d, SPEC);
    if (this.paramGroups.length !== 1) {
      throw new RangeError(
        `[LBFGS] doesn't support per-parameter options (parameter groups): got ${this.paramGroups.length} groups, expected 1`,
      );
    }
  }

  private get _params(): Tensor[] {
    return this.paramGroups[0]!.params;
  }

  private _flatGrad(): Tensor {
    return cat(
      this._params.map((p) => (p.grad === null ? zeros([p.numel()], { dtype: p.dtype }) : p.grad.reshape(-1))),
      0,
    );
  }

  /** p += stepSize · update (the flat update cut into each parameter's shape). */
  private _addGrad(stepSize: number, update: Tensor): void {
    let offset = 0;
    for (const p of this._params) {
      const n = p.numel();
      p.add_(update.narrow(0, offset, n).view(p.shape as number[]), { alpha: stepSize });
      offset += n;
    }
  }

  private _evaluate<L>(closure: () => L): number {
    return toNumber(enableGrad(closure));
  }

  /** The loss and flat gradient at `x + t·d`, leaving the parameters at `x`. */
  private _directional<L>(closure: () => L, x: Tensor[], t: number, d: Tensor): [number, Tensor] {
    this._addGrad(t, d);
    const loss = this._evaluate(closure);
    const g = this._flatGrad();
    this._params.forEach((p, i) => p.copy_(x[i]!));
    return [loss, g];
  }

  /**
   * Runs up to `maxIter` L-BFGS iterations; returns the closure's first loss.
   * @example opt.step(closure); // fragment
   */
  override step<L = Tensor | number>(closure?: () => L): L | undefined {
    if (typeof closure !== "function") {
      throw new TypeError(
        `[LBFGS] step requires a closure that re-evaluates the model and returns the loss: got ${typeof closure}`,
      );
    }
    return noGrad(() => this._run(closure));
  }

  protected _updateGroup(): void {
    // LBFGS overrides step(): the whole iteration needs the closure.
  }

  private _run<L>(closure: () => L): L {
    const group = this.paramGroups[0]!;
    const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, lineSearchFn, historySize } = group;
    const state = this._stateOf(this._params[0]!);
    state.func_evals ??= 0;
    state.n_iter ??= 0;
    const origLoss = enableGrad(closure);
    let loss = toNumber(origLoss);
    let currentEvals = 1;
    state.func_evals = (state.func_evals as number) + 1;
    let flatGrad = this._flatGrad();
    let optCond = absMax(flatGrad) <= toleranceGrad;
    if (optCond) return origLoss;

    let d = state.d as Tensor | undefined;
    let t = state.t as number | undefined;
    let oldDirs = state.old_dirs as Tensor[] | undefined;
    let oldStps = state.old_stps as Tensor[] | undefined;
    let ro = state.ro as number[] | undefined;
    let hDiag = state.H_diag as number | undefined;
    let prevFlatGrad = state.prev_flat_grad as Tensor | undefined;
    let prevLoss = state.prev_loss as number | undefined;

    let nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      state.n_iter = (state.n_iter as number) + 1;
      if (state.n_iter === 1) {
        d = flatGrad.neg();
        oldDirs = [];
        oldStps = [];
        ro = [];
        hDiag = 1;
      } else {
        // curvature pair y = Δgrad, s = Δx; keep it when y·s > 1e-10
        const y = flatGrad.sub(prevFlatGrad!);
        const s = d!.mul(t!);
        const ys = dot(y, s);
        if (ys > 1e-10) {
          if (oldDirs!.length === historySize) {
            oldDirs!.shift();
            oldStps!.shift();
            ro!.shift();
          }
          oldDirs!.push(y);
          oldStps!.push(s);
          ro!.push(1 / ys);
          hDiag = ys / dot(y, y);
        }
        // two-loop recursion: d = -H·g
        const num = oldDirs!.length;
        state.al ??= new Array<number | null>(historySize).fill(null);
        const al = state.al as number[];
        const q = flatGrad.neg();
        for (let i = num - 1; i >= 0; i--) {
          al[i] = dot(oldStps![i]!, q) * ro![i]!;
          q.add_(oldDirs![i]!, { alpha: -al[i]! });
        }
        const r = q.mul(hDiag!);
        d = r;
        for (let i = 0; i < num; i++) {
          const be = dot(oldDirs![i]!, r) * ro![i]!;
          r.add_(oldStps![i]!, { alpha: al[i]! - be });
        }
      }
      if (prevFlatGrad === undefined || prevFlatGrad === null) prevFlatGrad = flatGrad.clone();
      else prevFlatGrad.copy_(flatGrad);
      prevLoss = loss;
      t = state.n_iter === 1 ? Math.min(1, 1 / (flatGrad.abs().sum().item() as number)) * lr : lr;
      const gtd = dot(flatGrad, d!);
      if (gtd > -toleranceChange) break;

      let lsEvals = 0;
      if (lineSearchFn === "strong_wolfe") {
        const xInit = this._params.map((p) => p.clone());
        const res = strongWolfe(
          (x, tt, dd) => this._directional(closure, x, tt, dd),
          xInit,
          t,
          d!,
          loss,
          flatGrad,
          gtd,
        );
        [loss, flatGrad, t, lsEvals] = res;
        this._addGrad(t, d!);
        optCond = absMax(flatGrad) <= toleranceGrad;
      } else {
        this._addGrad(t, d!);
        if (nIter !== maxIter) {
          loss = this._evaluate(closure);
          flatGrad = this._flatGrad();
          optCond = absMax(flatGrad) <= toleranceGrad;
          lsEvals = 1;
        }
      }
      currentEvals += lsEvals;
      state.func_evals = (state.func_evals as number) + lsEvals;
      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (absMax(d!.mul(t)) <= toleranceChange) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }
    Object.assign(state, {
      d,
      t,
      old_dirs: oldDirs,
      old_stps: oldStps,
      ro,
      H_diag: hDiag,
      prev_flat_grad: prevFlatGrad,
      prev_loss: prevLoss,
    });
    return origLoss;
  }
}
