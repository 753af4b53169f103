/** RMSprop (`torch.optim.RMSprop`), PyTorch 1.13's single-tensor update. */
import { zerosLike } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import {
  bool,
  COMMON_RULES,
  nonNegative,
  Optimizer,
  optimizerSpec,
  withDefaults,
  type ParamGroup,
  type Params,
} from "./optimizer.js";

/** Options of `RMSprop`. */
export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
  maximize?: boolean;
}

type RMSpropGroup = ParamGroup & Required<RMSpropOptions>;

const SPEC = optimizerSpec("RMSprop", {
  ...COMMON_RULES,
  alpha: nonNegative("alpha value"),
  momentum: nonNegative("momentum value"),
  centered: bool,
  maximize: bool,
});

/**
 * RMSprop: `v = α·v + (1-α)·g²; avg = √(v - (centered ? ḡ² : 0)) + eps`, then
 * `p -= lr·g/avg` (or through a momentum buffer `buf = μ·buf + g/avg`).
 *
 * @example const opt = new optim.RMSprop(model.parameters(), { lr: 1e-2, momentum: 0.9 });
 */
export class RMSprop extends Optimizer<RMSpropGroup> {
  constructor(params: Params<RMSpropOptions>, opts?: RMSpropOptions) {
    const d = withDefaults(
      SPEC,
      { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false },
      opts,
      arguments.length,
    );
    super("RMSprop", params, d, SPEC);
  }

  protected _updateGroup(g: RMSpropGroup): void {
    for (const p of this._withGrad(g)) {
      const state = this._stateOf(p);
      if (state.step === undefined) {
        state.step = 0;
        state.square_avg = zerosLike(p);
        if (g.momentum > 0) state.momentum_buffer = zerosLike(p);
        if (g.centered) state.grad_avg = zerosLike(p);
      }
      state.step = (state.step as number) + 1;
      let grad = g.maximize ? p.grad!.neg() : p.grad!;
      if (g.weightDecay !== 0) grad = grad.add(p, { alpha: g.weightDecay });
      const squareAvg = (state.square_avg as Tensor).mul_(g.alpha).addcmul_(grad, grad, { value: 1 - g.alpha });
      let avg: Tensor;
      if (g.centered) {
        const gradAvg = (state.grad_avg as Tensor).mul_(g.alpha).add_(grad, { alpha: 1 - g.alpha });
        avg = squareAvg.addcmul(gradAvg, gradAvg, { value: -1 }).sqrt_();
      } else {
        avg = squareAvg.sqrt();
      }
      avg.add_(g.eps);
      if (g.momentum > 0) {
        const buf = (state.momentum_buffer as Tensor).mul_(g.momentum).addcdiv_(grad, avg);
        p.add_(buf, { alpha: -g.lr });
      } else {
        p.addcdiv_(grad, avg, { value: -g.lr });
      }
    }
  }
}
