/** Stochastic gradient descent with momentum, dampening, Nesterov and weight decay (`torch.optim.SGD`). */
import { fusable, fusedKernels } from "../backend/fused.js";
import { Tensor } from "../tensor/tensor.js";
import {
  anyNumber,
  bool,
  nonNegative,
  Optimizer,
  optimizerSpec,
  withDefaults,
  type ParamGroup,
  type ParamGroupInput,
  type Params,
} from "./optimizer.js";

/** Options of `SGD`; `lr` is required (per group or here), as in PyTorch. */
export interface SGDOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

type SGDGroup = ParamGroup & Required<SGDOptions>;

const SPEC = optimizerSpec("SGD", {
  lr: nonNegative("learning rate"),
  momentum: nonNegative("momentum value"),
  dampening: anyNumber,
  weightDecay: nonNegative("weight_decay value"),
  nesterov: bool,
  maximize: bool,
});

/**
 * SGD: `g += weightDecay·p; buf = momentum·buf + (1 - dampening)·g; p -= lr·(nesterov ? g + momentum·buf : buf)`.
 *
 * @example
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }); // fragment
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class SGD extends Optimizer<SGDGroup> {
  constructor(params: Iterable<Tensor>, opts: SGDOptions & { lr: number });
  constructor(params: Iterable<ParamGroupInput<SGDOptions>>, opts?: SGDOptions);
  constructor(params: Params<SGDOptions>, opts?: SGDOptions) {
    const d = withDefaults(
      SPEC,
      {
        lr: undefined as number | undefined,
        momentum: 0,
        dampening: 0,
        weightDecay: 0,
        nesterov: false,
        maximize: false,
      },
      opts,
      arguments.length,
    );
    if (d.nesterov && (d.momentum <= 0 || d.dampening !== 0)) {
      throw new RangeError(
        `[SGD] Nesterov momentum requires a momentum and zero dampening: got momentum=${d.momentum}, dampening=${d.dampening}, expected momentum > 0 and dampening 0`,
      );
    }
    super("SGD", params, d, SPEC);
  }

  protected _updateGroup(group: SGDGroup): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    const k = fusedKernels()?.sgdStep;
    for (const p of this._withGrad(group)) {
      if (k) {
        // Fused: one pass over p (and the momentum buffer once it exists; the first step's clone stays composite).
        const state = this._stateOf(p);
        const buf = momentum !== 0 ? ((state.momentum_buffer as Tensor | null | undefined) ?? null) : null;
        const ok = (momentum === 0 || buf !== null) && (buf ? fusable(p, p.grad!, buf) : fusable(p, p.grad!));
        if (
          ok &&
          k(p._v, p.grad!._v, buf ? buf._v : null, { lr, momentum, dampening, weightDecay, nesterov, maximize })
        ) {
          if (momentum === 0 && !("momentum_buffer" in state)) state.momentum_buffer = null;
          p._bumpVersion();
          buf?._bumpVersion();
          continue;
        }
      }
      let dp = maximize ? p.grad!.neg() : p.grad!;
      if (weightDecay !== 0) dp = dp.add(p, { alpha: weightDecay });
      const state = this._stateOf(p);
      if (momentum !== 0) {
        let buf = state.momentum_buffer as Tensor | null | undefined;
        if (buf === undefined || buf === null) {
          buf = dp.clone().detach();
          state.momentum_buffer = buf;
        } else {
          buf.mul_(momentum).add_(dp, { alpha: 1 - dampening });
        }
        dp = nesterov ? dp.add(buf, { alpha: momentum }) : buf;
      } else if (!("momentum_buffer" in state)) {
        state.momentum_buffer = null;
      }
      p.add_(dp, { alpha: -lr });
    }
  }
}
