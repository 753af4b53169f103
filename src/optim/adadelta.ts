/** Adadelta (`torch.optim.Adadelta`), PyTorch 1.13's single-tensor update. */
import { zerosLike } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import {
  bool,
  COMMON_RULES,
  inRange,
  Optimizer,
  optimizerSpec,
  withDefaults,
  type ParamGroup,
  type Params,
} from "./optimizer.js";

/** Options of `Adadelta`. */
export interface AdadeltaOptions {
  lr?: number;
  rho?: number;
  eps?: number;
  weightDecay?: number;
  maximize?: boolean;
}

type AdadeltaGroup = ParamGroup & Required<AdadeltaOptions>;

const SPEC = optimizerSpec("Adadelta", { ...COMMON_RULES, rho: inRange("rho value", 0, 1), maximize: bool });

/**
 * Adadelta: `v = ρ·v + (1-ρ)·g²; Δ = √(u + eps)/√(v + eps) · g; u = ρ·u + (1-ρ)·Δ²; p -= lr·Δ`.
 *
 * @example const opt = new optim.Adadelta(model.parameters());
 */
export class Adadelta extends Optimizer<AdadeltaGroup> {
  constructor(params: Params<AdadeltaOptions>, opts?: AdadeltaOptions) {
    const d = withDefaults(
      SPEC,
      { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false },
      opts,
      arguments.length,
    );
    super("Adadelta", params, d, SPEC);
  }

  protected _updateGroup(g: AdadeltaGroup): void {
    for (const p of this._withGrad(g)) {
      const state = this._stateOf(p);
      if (state.step === undefined) {
        state.step = 0;
        state.square_avg = zerosLike(p);
        state.acc_delta = zerosLike(p);
      }
      state.step = (state.step as number) + 1;
      let grad = g.maximize ? p.grad!.neg() : p.grad!;
      if (g.weightDecay !== 0) grad = grad.add(p, { alpha: g.weightDecay });
      const squareAvg = (state.square_avg as Tensor).mul_(g.rho).addcmul_(grad, grad, { value: 1 - g.rho });
      const accDelta = state.acc_delta as Tensor;
      const std = squareAvg.add(g.eps).sqrt_();
      const delta = accDelta.add(g.eps).sqrt_().div_(std).mul_(grad);
      accDelta.mul_(g.rho).addcmul_(delta, delta, { value: 1 - g.rho });
      p.add_(delta, { alpha: -g.lr });
    }
  }
}
