/** Adamax, NAdam and RAdam (`torch.optim.Adamax`, `NAdam`, `RAdam`), PyTorch 1.13's single-tensor updates. */
import { full, zerosLike } from "../tensor/creation.js";
import { maximum } from "../ops/binary.js";
import { Tensor } from "../tensor/tensor.js";
import { bumpStep, checkArg, checkCommon, Optimizer, withDefaults, type ParamGroup, type Params } from "./optimizer.js";

/** Options of `Adamax`. */
export interface AdamaxOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  maximize?: boolean;
}

type AdamaxGroup = ParamGroup & Required<AdamaxOptions>;

/**
 * Adamax (Adam with the infinity norm): `m = β1·m + (1-β1)·g; u = max(β2·u, |g| + eps);
 * p -= lr/(1-β1ᵗ) · m/u`.
 *
 * @example const opt = new optim.Adamax(model.parameters());
 */
export class Adamax extends Optimizer<AdamaxGroup> {
  constructor(params: Params<AdamaxOptions>, opts?: AdamaxOptions) {
    const d = withDefaults(
      { lr: 2e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0, maximize: false },
      opts,
    );
    checkCommon("Adamax", d);
    super("Adamax", params, d);
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

/** Options of `NAdam`. */
export interface NAdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  momentumDecay?: number;
}

type NAdamGroup = ParamGroup & Required<NAdamOptions>;

/**
 * NAdam (Adam with Nesterov momentum and the momentum schedule
 * `μt = β1·(1 - 0.5·0.96^(t·momentumDecay))`).
 *
 * @example const opt = new optim.NAdam(model.parameters());
 */
export class NAdam extends Optimizer<NAdamGroup> {
  constructor(params: Params<NAdamOptions>, opts?: NAdamOptions) {
    const d = withDefaults(
      { lr: 2e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 },
      opts,
    );
    checkCommon("NAdam", d);
    checkArg("NAdam", d.momentumDecay >= 0, "momentum_decay value", d.momentumDecay, "a number >= 0");
    super("NAdam", params, d);
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

/** Options of `RAdam`. */
export interface RAdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

type RAdamGroup = ParamGroup & Required<RAdamOptions>;

/**
 * RAdam (rectified Adam): plain momentum SGD while the variance estimate is unreliable
 * (`ρt ≤ 5`), then Adam scaled by the rectification term.
 *
 * @example const opt = new optim.RAdam(model.parameters());
 */
export class RAdam extends Optimizer<RAdamGroup> {
  constructor(params: Params<RAdamOptions>, opts?: RAdamOptions) {
    const d = withDefaults({ lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0 }, opts);
    checkCommon("RAdam", d);
    super("RAdam", params, d);
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
