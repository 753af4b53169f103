/** Adamax (`torch.optim.Adamax`), PyTorch 1.13's single-tensor update. */
import { full, zerosLike } from "../tensor/creation.js";
import { maximum } from "../ops/binary.js";
import { Tensor } from "../tensor/tensor.js";
import {
  betas,
  bool,
  bumpStep,
  COMMON_RULES,
  Optimizer,
  optimizerSpec,
  withDefaults,
  type ParamGroup,
  type Params,
} from "./optimizer.js";

/** Options of `Adamax`. */
export interface AdamaxOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  maximize?: boolean;
}

type AdamaxGroup = ParamGroup & Required<AdamaxOptions>;

const SPEC = optimizerSpec("Adamax", { ...COMMON_RULES, betas, maximize: bool });

/**
 * Adamax (Adam with the infinity norm): `m = β1·m + (1-β1)·g; u = max(β2·u, |g| + eps);
 * p -= lr/(1-β1ᵗ) · m/u`.
 *
 * @example const opt = new optim.Adamax(model.parameters());
 */
export class Adamax extends Optimizer<AdamaxGroup> {
  constructor(params: Params<AdamaxOptions>, opts?: AdamaxOptions) {
    const d = withDefaults(
      SPEC,
      { lr: 2e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0, maximize: false },
      opts,
      arguments.length,
    );
    super("Adamax", params, d, SPEC);
  }

  protected _updateGroup(g: AdamaxGroup): void {
    const [beta1, beta2] = g.betas;
    for (const p of this._withGrad(g)) {
      const state = this._stateOf(p);
      if (state.step === undefined) {
        state.step = full([], 0, { dtype: "float32" });
        state.exp_avg = zerosLike(p);
        state.exp_inf = zerosLike(p);
      }
      let grad = g.maximize ? p.grad!.neg() : p.grad!;
      const step = bumpStep(state);
      if (g.weightDecay !== 0) grad = grad.add(p, { alpha: g.weightDecay });
      const expAvg = (state.exp_avg as Tensor).mul_(beta1).add_(grad, { alpha: 1 - beta1 });
      const expInf = (state.exp_inf as Tensor).mul_(beta2);
      expInf.copy_(maximum(expInf, grad.abs().add_(g.eps)));
      const clr = g.lr / (1 - beta1 ** step);
      p.addcdiv_(expAvg, expInf, { value: -clr });
    }
  }
}
