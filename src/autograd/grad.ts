/** `torch.autograd.grad`: gradients of outputs w.r.t. chosen inputs, returned instead of accumulated. */
import { Tensor } from "../tensor/tensor.js";
import { rootGradient, rootNode, runBackward } from "./engine.js";
import type { Node } from "./node.js";

/** Options of `autograd.grad`. */
export interface GradOptions {
  /** The vector in the vector-Jacobian product, one per output (`null`: ones, for scalars). */
  gradOutputs?: Tensor | number | null | readonly (Tensor | number | null)[];
  /** Keep saved tensors for another pass (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass so the returned gradients can be differentiated again. */
  createGraph?: boolean;
  /** Return `null` for inputs the outputs do not depend on instead of throwing. */
  allowUnused?: boolean;
}

function list<T>(x: T | readonly T[]): T[] {
  return Array.isArray(x) ? [...(x as readonly T[])] : [x as T];
}

/**
 * Returns d(outputs)/d(inputs) as a vector-Jacobian product, without touching any `.grad`;
 * only the part of the graph between them runs.
 * @example
 * const x = torch.tensor([2], { dtype: "float32", requiresGrad: true });
 * const [dx] = torch.autograd.grad(x.pow(3).sum(), [x], { createGraph: true }); // 3x² = 12, differentiable again
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions & { allowUnused: true },
): (Tensor | null)[];
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options?: GradOptions,
): Tensor[];
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions = {},
): (Tensor | null)[] {
  const outs = list(outputs);
  const ins = list(inputs);
  if (outs.length === 0) throw new RangeError("[grad] outputs is empty: expected at least one tensor");
  if (ins.length === 0) throw new RangeError("[grad] inputs is empty: expected at least one tensor");
  const gos = options.gradOutputs === undefined ? [] : list(options.gradOutputs);
  if (gos.length > 0 && gos.length !== outs.length) {
    throw new RangeError(`[grad] grad_outputs has ${gos.length} tensors: expected ${outs.length}, one per output`);
  }
  const roots = outs.map((t, i) => rootNode("grad", t, i));
  const seeds = outs.map((t, i) => rootGradient("grad", t, gos[i] ?? null, i));

  const results: (Tensor | null)[] = ins.map(() => null);
  const targets = new Set<Node>();
  const capture = new Map<Node, (g: Tensor | null) => void>();
  ins.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new TypeError(`[grad] inputs[${i}] is not a Tensor: got ${typeof x}`);
    const node = x._gradEdge();
    if (node === null) throw new Error(`[grad] One of the differentiated Tensors does not require grad: inputs[${i}]`);
    targets.add(node);
    const prev = capture.get(node);
    capture.set(node, (g) => {
      prev?.(g);
      results[i] = g;
    });
  });

  const createGraph = options.createGraph ?? false;
  runBackward(roots, seeds, {
    retainGraph: options.retainGraph ?? createGraph,
    createGraph,
    targets,
    capture,
    accumulate: false,
  });

  if (!options.allowUnused) {
    const i = results.indexOf(null);
    if (i >= 0) {
      throw new Error(
        `[grad] One of the differentiated Tensors appears to not have been used in the graph: inputs[${i}] (shape [${ins[i]!.shape}]); pass { allowUnused: true } if this is the desired behavior`,
      );
    }
  }
  return results;
}
