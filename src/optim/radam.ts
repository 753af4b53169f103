/** RAdam (`torch.optim.RAdam`), PyTorch 1.13's single-tensor update. */
import { full, zerosLike } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import {
  betas,
  bumpStep,
  COMMON_RULES,
  Optimizer,
  optimizerSpec,
  withDefaults,
  type ParamGroup,
  type Params,
} from "./optimizer.js";

/** Options of `RAdam`. */
export interface RAdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

type RAdamGroup = ParamGroup & Required<RAdamOptions>;

const SPEC = optimizerSpec("RAdam", { ...COMMON_RULES, betas });

/**
 * RAdam (rectified Adam): plain momentum SGD while the variance estimate is unreliable
 * (`ρt ≤ 5`), then Adam scaled by the rectification term.
 *
 * @example const opt = new optim.RAdam(model.parameters());
 */
export class RAdam extends Optimizer<RAdamGroup> {
  constructor(params: Params<RAdamOptions>, opts?: RAdamOptions) {
    const d = withDefaults(
      SPEC,
      { lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0 },
      opts,
      arguments.length,
    );
    super("RAdam", params, d, SPEC);
  }

  protected _updateGroup(g: RAdamGroup): void {
    const [beta1, beta2] = g.betas;
    for (const p of this._withGrad(g)) {
      const state = this._stateOf(p);
      if (state.step === undefined) {
        state.step = full([], 0, { dtype: "float32" });
        state.exp_avg = zerosLike(p);
        state.exp_avg_sq = zerosLike(p);
      }
      const step = bumpStep(state);
      const bc1 = 1 - beta1 ** step;
      const bc2 = 1 - beta2 ** step;
      let grad = p.grad!;
      if (g.weightDecay !== 0) grad = grad.add(p, { alpha: g.weightDecay });
      const expAvg = (state.exp_avg as Tensor).mul_(beta1).add_(grad, { alpha: 1 - beta1 });
      const expAvgSq = (state.exp_avg_sq as Tensor).mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
      const corrected = expAvg.div(bc1);
      const rhoInf = 2 / (1 - beta2) - 1;
      const rhoT = rhoInf - (2 * step * beta2 ** step) / bc2;
      if (rhoT > 5) {
        const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        // PyTorch's `scalar / tensor` is `tensor.reciprocal() * scalar`
        const adaptiveLr = expAvgSq.sqrt().add_(g.eps).reciprocal_().mul_(Math.sqrt(bc2));
        p.add_(corrected.mul(g.lr).mul_(adaptiveLr).mul_(rect), { alpha: -1 });
      } else {
        p.add_(corrected.mul(g.lr), { alpha: -1 });
      }
    }
  }
}
