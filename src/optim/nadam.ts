/** NAdam (`torch.optim.NAdam`), PyTorch 1.13's single-tensor update. */
import { full, zerosLike } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import {
  betas,
  bumpStep,
  COMMON_RULES,
  nonNegative,
  Optimizer,
  optimizerSpec,
  withDefaults,
  type ParamGroup,
  type Params,
} from "./optimizer.js";

/** Options of `NAdam`. */
export interface NAdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  momentumDecay?: number;
}

type NAdamGroup = ParamGroup & Required<NAdamOptions>;

const SPEC = optimizerSpec("NAdam", { ...COMMON_RULES, betas, momentumDecay: nonNegative("momentum_decay value") });

/**
 * NAdam (Adam with Nesterov momentum and the momentum schedule
 * `μt = β1·(1 - 0.5·0.96^(t·momentumDecay))`).
 *
 * @example const opt = new optim.NAdam(model.parameters());
 */
export class NAdam extends Optimizer<NAdamGroup> {
  constructor(params: Params<NAdamOptions>, opts?: NAdamOptions) {
    const d = withDefaults(
      SPEC,
      { lr: 2e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 },
      opts,
      arguments.length,
    );
    super("NAdam", params, d, SPEC);
  }

  protected _updateGroup(g: NAdamGroup): void {
    const [beta1, beta2] = g.betas;
    const f = Math.fround;
    for (const p of this._withGrad(g)) {
      const state = this._stateOf(p);
      if (state.step === undefined) {
        state.step = full([], 0, { dtype: "float32" });
        state.mu_product = full([], 1, { dtype: "float32" });
        state.exp_avg = zerosLike(p);
        state.exp_avg_sq = zerosLike(p);
      }
      const step = bumpStep(state);
      const bc2 = 1 - beta2 ** step;
      let grad = p.grad!;
      if (g.weightDecay !== 0) grad = grad.add(p, { alpha: g.weightDecay });
      const mu = beta1 * (1 - 0.5 * 0.96 ** (step * g.momentumDecay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * g.momentumDecay));
      // mu_product is a float32 tensor in PyTorch: round each product as its float32 kernel does.
      const muProductT = state.mu_product as Tensor;
      const muProduct = f((muProductT.item() as number) * f(mu));
      muProductT.fill_(muProduct);
      const muProductNext = f(f(muProduct * f(mu)) * f(muNext));
      const expAvg = (state.exp_avg as Tensor).mul_(beta1).add_(grad, { alpha: 1 - beta1 });
      const expAvgSq = (state.exp_avg_sq as Tensor).mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
      const denom = expAvgSq.div(bc2).sqrt().add_(g.eps);
      p.addcdiv_(grad, denom, { value: (-g.lr * (1 - mu)) / (1 - muProduct) });
      p.addcdiv_(expAvg, denom, { value: (-g.lr * muNext) / (1 - muProductNext) });
    }
  }
}
