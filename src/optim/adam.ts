/** Adam (`torch.optim.Adam`), PyTorch 1.13's single-tensor update; its helpers are shared with AdamW. */
import { fusable, fusedOp } from "../ops/fused.js";
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
  type OptimizerSpec,
  type ParamGroup,
  type ParamState,
  type Params,
} from "./optimizer.js";

/** Options of `Adam` / `AdamW`. */
export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

export type AdamGroup = ParamGroup & Required<AdamOptions>;

/** Creates Adam's state (`step`, `exp_avg`, `exp_avg_sq`, `max_exp_avg_sq`) on first use. */
export function adamState(state: ParamState, p: Tensor, amsgrad: boolean): void {
  if (state.step === undefined) {
    state.step = full([], 0, { dtype: "float32" });
    state.exp_avg = zerosLike(p);
    state.exp_avg_sq = zerosLike(p);
    if (amsgrad) state.max_exp_avg_sq = zerosLike(p);
  }
}

/** The shared tail: moments, bias correction, `p -= stepSize · m / (√v̂ / √bc2 + eps)`. */
export function adamUpdate(p: Tensor, grad: Tensor, state: ParamState, step: number, g: AdamGroup): void {
  const [beta1, beta2] = g.betas;
  const expAvg = state.exp_avg as Tensor;
  const expAvgSq = state.exp_avg_sq as Tensor;
  expAvg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
  expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
  const bc1 = 1 - beta1 ** step;
  const bc2 = 1 - beta2 ** step;
  const stepSize = g.lr / bc1;
  const bc2Sqrt = Math.sqrt(bc2);
  let v = expAvgSq;
  if (g.amsgrad) {
    const maxSq = state.max_exp_avg_sq as Tensor;
    maxSq.copy_(maximum(maxSq, expAvgSq));
    v = maxSq;
  }
  const denom = v.sqrt().div_(bc2Sqrt).add_(g.eps);
  p.addcdiv_(expAvg, denom, { value: -stepSize });
}

/** The composite step: maximize, weight decay (L2 into the gradient, or decoupled), then the update. */
function adamComposite(
  p: Tensor,
  g: Tensor,
  state: ParamState,
  step: number,
  group: AdamGroup,
  decoupled: boolean,
): void {
  let grad = group.maximize ? g.neg() : g;
  if (decoupled) p.mul_(1 - group.lr * group.weightDecay);
  else if (group.weightDecay !== 0) grad = grad.add(p, { alpha: group.weightDecay });
  adamUpdate(p, grad, state, step, group);
}

/**
 * One Adam/AdamW step of `p` with gradient `grad` (`decoupled`: AdamW's weight decay). Fused
 * (DESIGN principle 5): one native pass over p, m, v (and the max for amsgrad) with the
 * composite's formula and order when the backend has it and every tensor is contiguous.
 */
export const adamStep = fusedOp({
  name: "adamStep",
  kernel: "adamStep",
  when: (p: Tensor, grad: Tensor, state: ParamState, _step: number, g: AdamGroup, _decoupled: boolean) =>
    g.amsgrad
      ? fusable(p, grad, state.exp_avg as Tensor, state.exp_avg_sq as Tensor, state.max_exp_avg_sq as Tensor)
      : fusable(p, grad, state.exp_avg as Tensor, state.exp_avg_sq as Tensor),
  forward: (k, p, grad, state, step, g, decoupled) => {
    const [beta1, beta2] = g.betas;
    const vmax = g.amsgrad ? (state.max_exp_avg_sq as Tensor) : null;
    const args = {
      lr: g.lr,
      beta1,
      beta2,
      eps: g.eps,
      weightDecay: g.weightDecay,
      decoupled,
      maximize: g.maximize,
      step,
    };
    return k(p, grad, state.exp_avg as Tensor, state.exp_avg_sq as Tensor, vmax, args)
      ? { out: undefined, ctx: undefined }
      : null;
  },
  mutates: (p, _grad, state, _step, g) => [
    p,
    state.exp_avg as Tensor,
    state.exp_avg_sq as Tensor,
    g.amsgrad ? (state.max_exp_avg_sq as Tensor) : null,
  ],
  fallback: adamComposite,
});

const ADAM_RULES = { ...COMMON_RULES, betas, amsgrad: bool, maximize: bool };
/** Adam's options contract (AdamW's is the same under its own name). */
export const ADAM_SPEC = optimizerSpec("Adam", ADAM_RULES);
/** AdamW's options contract. */
export const ADAMW_SPEC = optimizerSpec("AdamW", ADAM_RULES);

/** Adam's defaults over `opts`, checked against `spec` (`given`: the constructor's argument count). */
export function adamDefaults(
  spec: OptimizerSpec,
  weightDecay: number,
  opts: AdamOptions | undefined,
  given: number,
): Required<AdamOptions> {
  return withDefaults(
    spec,
    { lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay, amsgrad: false, maximize: false },
    opts,
    given,
  );
}

/**
 * Adam: `m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; p -= lr/(1-β1ᵗ) · m / (√v/√(1-β2ᵗ) + eps)`;
 * `weightDecay` adds `λ·p` to the gradient (L2), `amsgrad` uses the running max of `v`.
 *
 * @example const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 */
export class Adam extends Optimizer<AdamGroup> {
  constructor(params: Params<AdamOptions>, opts?: AdamOptions) {
    super("Adam", params, adamDefaults(ADAM_SPEC, 0, opts, arguments.length), ADAM_SPEC);
  }

  protected _updateGroup(group: AdamGroup): void {
    for (const p of this._withGrad(group)) {
      const state = this._stateOf(p);
      adamState(state, p, group.amsgrad);
      const step = bumpStep(state);
      adamStep(p, p.grad!, state, step, group, false);
    }
  }
}
