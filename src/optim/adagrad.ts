/** Adagrad (`torch.optim.Adagrad`), PyTorch 1.13's single-tensor update. */
import { full, fullLike } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import {
  bool,
  bumpStep,
  COMMON_RULES,
  nonNegative,
  Optimizer,
  optimizerSpec,
  withDefaults,
  type ParamGroup,
  type ParamGroupInput,
  type Params,
} from "./optimizer.js";

/** Options of `Adagrad`. */
export interface AdagradOptions {
  lr?: number;
  lrDecay?: number;
  weightDecay?: number;
  initialAccumulatorValue?: number;
  eps?: number;
  maximize?: boolean;
}

type AdagradGroup = ParamGroup & Required<AdagradOptions>;

const SPEC = optimizerSpec("Adagrad", {
  ...COMMON_RULES,
  lrDecay: nonNegative("lr_decay value"),
  initialAccumulatorValue: nonNegative("initial_accumulator_value value"),
  maximize: bool,
});

/**
 * Adagrad: `sum += g²; p -= lr/(1 + (t-1)·lrDecay) · g / (√sum + eps)`.
 *
 * @example const opt = new optim.Adagrad(model.parameters(), { lr: 1e-2 });
 */
export class Adagrad extends Optimizer<AdagradGroup> {
  constructor(params: Params<AdagradOptions>, opts?: AdagradOptions) {
    const d = withDefaults(
      SPEC,
      { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false },
      opts,
      arguments.length,
    );
    super("Adagrad", params, d, SPEC);
  }

  /** Adds a group and creates its state now (PyTorch's Adagrad state exists before the first step). */
  override addParamGroup(group: ParamGroupInput): void {
    super.addParamGroup(group);
    const g = this.paramGroups.at(-1)!;
    for (const p of g.params) this._init(p, g);
  }

  private _init(p: Tensor, g: AdagradGroup): void {
    const state = this._stateOf(p);
    if (state.step !== undefined) return;
    state.step = full([], 0, { dtype: "float32" });
    state.sum = fullLike(p, g.initialAccumulatorValue);
  }

  protected _updateGroup(g: AdagradGroup): void {
    for (const p of this._withGrad(g)) {
      const state = this._stateOf(p);
      this._init(p, g);
      const step = bumpStep(state);
      let grad = g.maximize ? p.grad!.neg() : p.grad!;
      if (g.weightDecay !== 0) grad = grad.add(p, { alpha: g.weightDecay });
      const clr = g.lr / (1 + (step - 1) * g.lrDecay);
      const sum = (state.sum as Tensor).addcmul_(grad, grad, { value: 1 });
      const std = sum.sqrt().add_(g.eps);
      p.addcdiv_(grad, std, { value: -clr });
    }
  }
}
