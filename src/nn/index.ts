/**
 * `torch.nn`: modules, layers, parameters, initialisation, losses and the functional API.
 * @example import { nn } from "antorcha"; const model = new nn.Sequential(new nn.Linear(10, 5), new nn.ReLU());
 */
export { Module, type RemovableHandle, type ForwardHook, type ForwardPreHook, type LoadResult } from "./module.js";
export { Parameter } from "./parameter.js";
export * as init from "./init.js";
export * as functional from "./functional/index.js";
export * as F from "./functional/index.js";
export * as utils from "./utils.js";
export * from "./losses.js";
export * from "./layers/linear.js";
export * from "./layers/activation.js";
export * from "./layers/dropout.js";
export * from "./layers/embedding.js";
export * from "./layers/container.js";
export * from "./layers/flatten.js";
export * from "./layers/conv.js";
export * from "./layers/pool.js";
export * from "./layers/norm.js";
export * from "./layers/recurrent.js";
export * from "./layers/attention.js";
export * from "./layers/transformer.js";
export * as parallel from "./parallel/index.js";
export * from "./losses-extra.js";
export * from "./layers/resample.js";
export * from "./layers/distance.js";
export * from "./layers/padding.js";
export * from "./layers/cells.js";
export * from "./layers/instance-norm.js";
export * from "./layers/extra.js";
export * from "./layers/parameters.js";
export * from "./layers/transformer-decoder.js";
export * from "./layers/unpool.js";
export * from "./layers/fractional.js";
export * from "./losses-margin.js";
export * from "./layers/embedding-bag.js";
export * from "./losses-ctc.js";
export * from "./layers/adaptive.js";
