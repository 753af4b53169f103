/** AdamW (`torch.optim.AdamW`), PyTorch 1.13's single-tensor update. */
import { bumpStep, Optimizer, type Params } from "./optimizer.js";
import { ADAMW_SPEC, adamDefaults, adamState, adamStep, type AdamGroup, type AdamOptions } from "./adam.js";

/**
 * AdamW: Adam with decoupled weight decay, `p *= 1 - lr·weightDecay` before the update
 * (default `weightDecay` 1e-2).
 *
 * @example const opt = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Optimizer<AdamGroup> {
  constructor(params: Params<AdamOptions>, opts?: AdamOptions) {
    super("AdamW", params, adamDefaults(ADAMW_SPEC, 1e-2, opts, arguments.length), ADAMW_SPEC);
  }

  protected _updateGroup(group: AdamGroup): void {
    for (const p of this._withGrad(group)) {
      const state = this._stateOf(p);
      adamState(state, p, group.amsgrad);
      const step = bumpStep(state);
      adamStep(p, p.grad!, state, step, group, true);
    }
  }
}
