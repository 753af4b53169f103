/**
 * `nn.functional` (imported as `F`): stateless forms of the layers and losses.
 * @example import { nn } from "antorcha"; const F = nn.functional; F.relu(x)
 */
export * from "./activation.js";
export * from "./linear.js";
export * from "./dropout.js";
export * from "./embedding.js";
export * from "./losses.js";
export * from "./conv.js";
export * from "./pool.js";
export * from "./norm.js";
export * from "./attention.js";
export * from "./vision.js";
export * from "./distance.js";
export * from "./losses-extra.js";
export * from "./extra.js";
export * from "./dropout-extra.js";
export * from "./adaptive-max.js";
export * from "./activation-inplace.js";
export * from "./unpool.js";
export * from "./grid.js";
export * from "./fractional.js";
export * from "./losses-margin.js";
export * from "./gumbel.js";
export { pdist } from "../../ops/pdist.js";
export { embeddingBag, type EmbeddingBagMode, type EmbeddingBagOptions } from "./embedding-bag.js";
export { ctcLoss, type CTCLossOptions } from "./ctc.js";
