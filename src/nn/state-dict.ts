/**
 * Loading a state dict into a module's tensors, with PyTorch's checks and messages (joined on one
 * line): missing/unexpected keys (strict only) and shape mismatches (always).
 */
import { noGrad } from "../autograd/mode.js";
import { Tensor } from "../tensor/tensor.js";

/** The result of `loadStateDict`. */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

const shapeStr = (s: readonly number[]) => `[${s.join(", ")}]`;
const quoted = (ks: string[]) => ks.map((k) => `"${k}"`).join(", ");

/**
 * Copies `stateDict` entries into `targets` (a module's tensors by key) under noGrad.
 * @example loadInto("Linear", linear._stateTensors(), saved, true) // fragment
 */
export function loadInto(
  moduleName: string,
  targets: Map<string, Tensor>,
  stateDict: Record<string, Tensor> | Map<string, Tensor>,
  strict: boolean,
): LoadResult {
  const entries = stateDict instanceof Map ? new Map(stateDict) : new Map(Object.entries(stateDict));
  const missingKeys = [...targets.keys()].filter((k) => !entries.has(k));
  const unexpectedKeys = [...entries.keys()].filter((k) => !targets.has(k));
  const errors: string[] = [];
  for (const [k, target] of targets) {
    const src = entries.get(k);
    if (src === undefined) continue;
    if (!(src instanceof Tensor)) {
      const got = src === null ? "null" : typeof src === "object" ? (src as object).constructor.name : typeof src;
      errors.push(`While copying the parameter named "${k}", expected a Tensor from checkpoint but received ${got}`);
      continue;
    }
    if (src.shape.length !== target.shape.length || src.shape.some((s, i) => s !== target.shape[i])) {
      errors.push(
        `size mismatch for ${k}: copying a param with shape ${shapeStr(src.shape)} from checkpoint, the shape in current model is ${shapeStr(target.shape)}.`,
      );
    }
  }
  if (strict) {
    if (unexpectedKeys.length > 0) errors.unshift(`Unexpected key(s) in state_dict: ${quoted(unexpectedKeys)}.`);
    if (missingKeys.length > 0) errors.unshift(`Missing key(s) in state_dict: ${quoted(missingKeys)}.`);
  }
  if (errors.length > 0) {
    throw new Error(`[loadStateDict] Error(s) in loading state_dict for ${moduleName}: ${errors.join(" ")}`);
  }
  noGrad(() => {
    for (const [k, target] of targets) {
      const src = entries.get(k);
      if (src !== undefined) target.copy_(src);
    }
  });
  return { missingKeys, unexpectedKeys };
}
