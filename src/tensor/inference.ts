/**
 * Whether inference mode is on (`torch.inferenceMode`): storages allocated meanwhile are marked
 * as inference storages, and a tensor over one is an inference tensor (`x.isInference()`), which
 * autograd refuses to save for backward. Lives in the tensor layer so `Storage` can read it.
 */
export const inferenceState = { on: false };
