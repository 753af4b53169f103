/**
 * Random numbers bit-identical to PyTorch's CPU generator (MT19937) and samplers.
 *
 * @example
 * import { manualSeed, sampleNormal } from "./random.js"; // fragment
 * manualSeed(0);
 * sampleNormal(3, "float32", 0, 1); // the values of torch.randn(3) after torch.manual_seed(0)
 */
export {
  Generator,
  DEFAULT_SEED,
  STATE_BYTES,
  defaultGenerator,
  manualSeed,
  seed,
  initialSeed,
  getRngState,
  setRngState,
} from "./random/generator.js";
export { sampleUniform, sampleNormal, sampleRandint, sampleRandperm, sampleBernoulli } from "./random/samplers.js";
export { fma32, fma64 } from "./random/float-math.js";
