/**
 * `nn.utils`: gradient clipping and flattening parameters to one vector (PyTorch's formulas).
 */
import { noGrad } from "../autograd/mode.js";
import { stack, cat } from "../ops/movement.js";
import { norm } from "../ops/reduce.js";
import { tensor } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { checkArity, checkBool, checkOptions, describe, optionKeys } from "../util/args.js";

const CLIP_NORM_KEYS = optionKeys("errorIfNonfinite");

/** A number argument (Infinity allowed, NaN not); `form` shows the call when a wrong kind is given. */
function numberArg(op: string, name: string, v: unknown, form: string): number {
  if (typeof v !== "number" || Number.isNaN(v))
    throw new TypeError(`[${op}] ${name} must be a number: got ${describe(v)} (call it as ${form})`);
  return v;
}

type Params = Tensor | Iterable<Tensor>;

function toList(op: string, parameters: Params): Tensor[] {
  if (
    !(parameters instanceof Tensor) &&
    typeof (parameters as Iterable<Tensor> | null)?.[Symbol.iterator] !== "function"
  )
    throw new TypeError(`[${op}] parameters must be a Tensor or an iterable of Tensors: got ${describe(parameters)}`);
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  for (const p of list) {
    if (!(p instanceof Tensor))
      throw new TypeError(`[${op}] expected parameters to be Tensors: got ${p === null ? "null" : typeof p}`);
  }
  return list;
}

/**
 * Scales all gradients in place so their joint `normType`-norm is at most `maxNorm`
 * (coef = maxNorm / (total + 1e-6), clamped to 1). Returns the total norm before clipping.
 * @example const total = nn.utils.clipGradNorm_(model.parameters(), 1.0);
 */
export function clipGradNorm_(
  parameters: Params,
  maxNorm: number,
  normType = 2,
  opts: { errorIfNonfinite?: boolean } = {},
): Tensor {
  const form = "clipGradNorm_(parameters, maxNorm, normType, { errorIfNonfinite })";
  checkArity("clipGradNorm_", arguments.length, 4);
  numberArg("clipGradNorm_", "maxNorm", maxNorm, form);
  numberArg("clipGradNorm_", "normType", normType, `${form}; the infinity norm is Infinity`);
  checkOptions("clipGradNorm_", opts, CLIP_NORM_KEYS);
  if (opts.errorIfNonfinite !== undefined) checkBool("clipGradNorm_", "errorIfNonfinite", opts.errorIfNonfinite);
  const grads = toList("clipGradNorm_", parameters)
    .map((p) => p.grad)
    .filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return tensor(0.0);
  return noGrad(() => {
    let total: Tensor;
    if (normType === Infinity) {
      const norms = grads.map((g) => g.detach().abs().max());
      total = norms.length === 1 ? norms[0]! : stack(norms).max();
    } else {
      total = norm(stack(grads.map((g) => norm(g.detach(), normType))), normType);
    }
    const t = total.item() as number;
    if (opts.errorIfNonfinite && !Number.isFinite(t)) {
      throw new Error(
        `[clipGradNorm_] the total norm of order ${normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped: got ${t}; pass errorIfNonfinite: false to skip this check`,
      );
    }
    // maxNorm / (total + 1e-6), computed as PyTorch's float / tensor = reciprocal * float.
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp(null, 1.0);
    for (const g of grads) g.detach().mul_(coef);
    return total;
  });
}

/**
 * Clamps every gradient in place to [−clipValue, clipValue].
 * @example nn.utils.clipGradValue_(model.parameters(), 0.5)
 */
export function clipGradValue_(parameters: Params, clipValue: number): void {
  checkArity("clipGradValue_", arguments.length, 2);
  numberArg("clipGradValue_", "clipValue", clipValue, "clipGradValue_(parameters, clipValue)");
  noGrad(() => {
    for (const p of toList("clipGradValue_", parameters)) {
      if (p.grad !== null) p.grad.copy_(p.grad.clamp(-clipValue, clipValue));
    }
  });
}

/**
 * All parameters flattened and concatenated into one vector.
 * @example const v = nn.utils.parametersToVector(model.parameters());
 */
export function parametersToVector(parameters: Params): Tensor {
  return cat(toList("parametersToVector", parameters).map((p) => p.reshape(-1)));
}

/**
 * Copies consecutive slices of `vec` into the parameters (in place).
 * @example nn.utils.vectorToParameters(v, model.parameters()); // fragment
 */
export function vectorToParameters(vec: Tensor, parameters: Params): void {
  if (!(vec instanceof Tensor))
    throw new TypeError(`[vectorToParameters] expected vec to be a Tensor: got ${typeof vec}`);
  const list = toList("vectorToParameters", parameters);
  const total = list.reduce((a, p) => a + p.numel(), 0);
  if (vec.dim() !== 1 || vec.numel() !== total) {
    throw new RangeError(
      `[vectorToParameters] expected a 1-D vector of ${total} elements: got shape [${vec.shape.join(", ")}]`,
    );
  }
  noGrad(() => {
    let at = 0;
    for (const p of list) {
      const n = p.numel();
      p.copy_(vec.narrow(0, at, n).reshape(p.shape as number[]));
      at += n;
    }
  });
}
