/** Stochastic gradient descent with momentum, dampening, Nesterov and weight decay (`torch.optim.SGD`). */
import { fusable, fusedOp } from "../ops/fused.js";
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
  type ParamState,
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
    for (const p of this._withGrad(group)) sgdStep(p, p.grad!, this._stateOf(p), group);
  }
}

/** The composite step: `g (+ wd·p)` → momentum buffer (created from the first gradient) → `p -= lr·d`. */
function sgdComposite(p: Tensor, grad: Tensor, state: ParamState, group: SGDGroup): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
  let dp = maximize ? grad.neg() : grad;
  if (weightDecay !== 0) dp = dp.add(p, { alpha: weightDecay });
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

const bufferOf = (state: ParamState, g: SGDGroup): Tensor | null =>
  g.momentum !== 0 ? ((state.momentum_buffer as Tensor | null | undefined) ?? null) : null;

/**
 * One SGD step of `p` (DESIGN principle 5): one native pass over p (and the momentum buffer once
 * it exists; the first step's clone stays composite) when the backend has it.
 */
const sgdStep = fusedOp({
  name: "sgdStep",
  kernel: "sgdStep",
  when: (p: Tensor, grad: Tensor, state: ParamState, g: SGDGroup) => {
    const buf = bufferOf(state, g);
    return (g.momentum === 0 || buf !== null) && (buf ? fusable(p, grad, buf) : fusable(p, grad));
  },
  forward: (k, p, grad, state, g) => {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = g;
    if (!k(p, grad, bufferOf(state, g), { lr, momentum, dampening, weightDecay, nesterov, maximize })) return null;
    if (momentum === 0 && !("momentum_buffer" in state)) state.momentum_buffer = null;
    return { out: undefined, ctx: undefined };
  },
  mutates: (p, _grad, state, g) => [p, bufferOf(state, g)],
  fallback: sgdComposite,
});
