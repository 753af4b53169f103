/**
 * The reduction family: primitive reductions with their backward (sum, prod, amax/amin,
 * max/min, argmax/argmin, all/any), scans (cumsum, cumprod), and composites (mean, var, std,
 * logsumexp, norm, softmax, logSoftmax, …). Each lives in a topic file re-exported here.
 */
export { sum, prod, all, any } from "./reduce-sum.js";
export { amax, amin, max, min, argmax, argmin } from "./reduce-max.js";
export { cumsum, cumprod } from "./reduce-scan.js";
export { mean, var, std, varMean, stdMean, nansum, nanmean, countNonzero, type VarOptions } from "./reduce-stats.js";
export { logsumexp, softmax, logSoftmax, norm, type NormOrder } from "./reduce-softmax.js";
export type { ValuesIndices, DimArg, DtypeOptions } from "./reduce-util.js";
