/**
 * `F.linear` and `F.bilinear`: y = x·Wᵀ + b and y_k = x1ᵀ·W_k·x2 + b_k over any leading dims.
 */
import { fusable, fusedOp, fusedOutput } from "../../ops/fused.js";
import { addmm, matmul } from "../../ops/linalg.js";
import { Tensor } from "../../tensor/tensor.js";
import { params, splitArgs } from "./args.js";

const LINEAR = params("linear", ["bias"]);
const BILINEAR = params("bilinear", ["bias"]);

function check(op: string, x: unknown, what: string): asserts x is Tensor {
  if (!(x instanceof Tensor))
    throw new TypeError(`[${op}] expected a Tensor as ${what}: got ${x === null ? "null" : typeof x}`);
}

/**
 * x·Wᵀ + b with `weight` [out, in] and optional `bias` [out]; x is [..., in].
 * @example F.linear(torch.randn(4, 3), torch.randn(2, 3), torch.zeros(2)) // shape [4, 2]
 */
export function linear(
  input: Tensor,
  weight: Tensor,
  ...args: [] | [bias: Tensor | null | undefined] | [opts: { bias?: Tensor | null }]
): Tensor;
export function linear(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const bias =
    args.length === 0 ? null : args.length === 1 && args[0] instanceof Tensor ? args[0] : splitArgs(LINEAR, args, 2)[0];
  return linearImpl(input, weight, bias as Tensor | null | undefined);
}

/** @internal {@link linear} with its bias resolved (the layers call this). */
export function linearImpl(input: Tensor, weight: Tensor, bias: Tensor | null | undefined): Tensor {
  check("linear", input, "input");
  check("linear", weight, "weight");
  const inF = input.dim() === 0 ? 1 : input.shape[input.dim() - 1]!;
  const wIn = weight.dim() === 2 ? weight.shape[1]! : weight.shape[0];
  if (input.dim() === 0 || weight.dim() > 2 || inF !== wIn) {
    const rows = input.dim() <= 1 ? 1 : input.numel() / inF;
    throw new RangeError(
      `[linear] mat1 and mat2 shapes cannot be multiplied (${rows}x${inF} and ${[...weight.shape].reverse().join("x")}): the input's last dim must equal the layer's in_features`,
    );
  }
  if (input.dtype !== weight.dtype) {
    throw new TypeError(
      `[linear] expected input and weight of the same dtype: got ${input.dtype} and ${weight.dtype}; convert with x.to("${weight.dtype}")`,
    );
  }
  if (bias !== null && bias !== undefined) check("linear", bias, "bias");
  return linearOp(input, weight, bias ?? null);
}

/** The composite: addmm for 2-D x and w with a bias, else matmul (+ bias). */
function linearComposite(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  if (b !== null) {
    if (x.dim() === 2 && w.dim() === 2) return addmm(b, x, w.t());
    return matmul(x, w.t()).add(b);
  }
  return matmul(x, w.dim() === 2 ? w.t() : w);
}

/**
 * The fused linear (DESIGN principle 5): 2-D x, w and a 1-D bias, contiguous float32/float64.
 * The node's backward uses matmul ops as addmm's would (so double backward works); it skips
 * the products for inputs that need no gradient (the first layer's x).
 */
const linearOp = fusedOp({
  name: "linear",
  kernel: "linear",
  when: (x: Tensor, w: Tensor, b: Tensor | null) =>
    x.dim() === 2 &&
    w.dim() === 2 &&
    (b ? b.dim() === 1 && b.shape[0] === w.shape[0] && fusable(x, w, b) : fusable(x, w)),
  forward: (k, x, w, b) => {
    const out = fusedOutput([x.shape[0]!, w.shape[0]!], x.dtype, x);
    // which gradients the node computes is fixed when it is recorded
    const need = { x: x.requiresGrad, w: w.requiresGrad, b: b !== null && b.requiresGrad };
    return k(x, w, b, false, out) ? { out, ctx: need } : null;
  },
  grad: {
    name: (_x, _w, b) => (b ? "AddmmBackward0" : "MmBackward0"),
    inputs: (_n, x, w, b) => (b ? [x, w, b] : [x, w]),
    saves: (_c, x, w) => [x, w],
    backward: (g, need, [x, w, b]) => {
      const gx = need.x ? matmul(g, w) : null;
      const gw = need.w ? matmul(g.t(), x) : null;
      return b ? [gx, gw, need.b ? g.sum(0) : null] : [gx, gw];
    },
  },
  fallback: linearComposite,
});

/**
 * x1ᵀ·W_k·x2 + b_k for each output k; `weight` is [out, in1, in2], inputs [..., in1] and [..., in2].
 * @example F.bilinear(torch.randn(4, 2), torch.randn(4, 3), torch.randn(5, 2, 3)) // shape [4, 5]
 */
export function bilinear(
  input1: Tensor,
  input2: Tensor,
  weight: Tensor,
  ...args: [] | [bias: Tensor | null | undefined] | [opts: { bias?: Tensor | null }]
): Tensor;
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const bias = (args.length === 0 ? null : splitArgs(BILINEAR, args, 3)[0]) as Tensor | null | undefined;
  check("bilinear", input1, "input1");
  check("bilinear", input2, "input2");
  check("bilinear", weight, "weight");
  if (weight.dim() !== 3)
    throw new RangeError(`[bilinear] expected a 3-D weight [out, in1, in2]: got ${weight.dim()}-D`);
  const [out, in1, in2] = weight.shape as [number, number, number];
  const lead = input1.shape.slice(0, -1);
  if (input1.size(-1) !== in1 || input2.size(-1) !== in2 || input2.shape.slice(0, -1).join() !== lead.join()) {
    throw new RangeError(
      `[bilinear] input shapes [${input1.shape.join(", ")}] and [${input2.shape.join(", ")}] do not fit weight [${weight.shape.join(", ")}]: expected [..., ${in1}] and [..., ${in2}] with equal leading dims`,
    );
  }
  // (x1 · W reshaped [in1, out·in2]) → [n, out, in2], then dot with x2 over in2.
  const x1 = input1.reshape(-1, in1);
  const x2 = input2.reshape(-1, 1, in2);
  const w = weight.permute(1, 0, 2).reshape(in1, out * in2);
  let y = matmul(x1, w).reshape(-1, out, in2).mul(x2).sum(-1);
  if (bias !== null && bias !== undefined) y = y.add(bias);
  return y.reshape([...lead, out]);
}
