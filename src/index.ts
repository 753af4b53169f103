/**
 * antorcha: deep learning for TypeScript with PyTorch's model.
 *
 * @example
 * import * as torch from "antorcha";
 * torch.manualSeed(0);
 * const x = torch.randn(3, { requiresGrad: true });
 * x.pow(2).sum().backward();
 * console.log(x.grad); // 2 * x
 */
import "./setup.js";

export { Tensor, type NestedArray, type Scalar } from "./tensor/tensor.js";
export { Size } from "./tensor/size.js";
export {
  DTYPES,
  type DType,
  promoteTypes,
  resultTypeOf as resultType,
  canCast,
  getDefaultDtype,
  setDefaultDtype,
  finfo,
  iinfo,
  isFloatingPointDtype,
} from "./tensor/dtype-api.js";
export * from "./tensor/dtype-constants.js";
export { setPrintOptions, getPrintOptions, type PrintOptions } from "./tensor/format.js";
export * from "./tensor/creation.js";
export { Device, device, cuda, type DeviceLike, type DeviceType } from "./tensor/device.js";
export { webgpu, type WebgpuInfo, type WebgpuInitOptions } from "./backend/webgpu/index.js";
export { asTensor, fromArray, type AsTensorOptions } from "./tensor/memory.js";
export { emptyCache, keep, memory, tidy, type BackendMemory, type MemoryInfo } from "./tensor/lifetime.js";
export * from "./tensor/factories.js";
export * from "./tensor/random-ops.js";
export {
  Generator,
  defaultGenerator,
  manualSeed,
  seed,
  initialSeed,
  getRngState,
  setRngState,
} from "./tensor/random/generator.js";

import "./ops/methods.js"; // Tensor method types derived from the op registry
export * from "./ops/unary.js";
export * from "./ops/binary.js";
export * from "./ops/composite.js";
export * from "./ops/reduce.js";
export * from "./ops/sort.js";
export * from "./ops/movement.js";
export * from "./ops/indexing.js";
export * from "./ops/linalg.js";
export { det, slogdet, logdet, inverse, cholesky } from "./ops/linalg/decomp.js";
export { qr, svd, pinverse } from "./ops/linalg/spectral.js";
export { matrixPower, matrixExp, cross } from "./ops/linalg/norms.js";
export * as linalg from "./ops/linalg/index.js";
export { luUnpack } from "./ops/linalg/lu-ldl.js";
export { geqrf, orgqr, ormqr } from "./ops/linalg/householder.js";
export { choleskyInverse, choleskySolve } from "./ops/linalg/cholesky-solve.js";
export { svdLowrank, pcaLowrank, lobpcg, type LobpcgOptions } from "./ops/linalg/lowrank.js";
export * from "./ops/convert.js";
export * from "./ops/unfold.js";
export * from "./ops/math-extra.js";
export * from "./ops/scatter-reduce.js";
export * from "./ops/special-extra.js";
export { poisson, binomial } from "./ops/random-dists.js";
export * from "./ops/strided.js";
export * from "./ops/numeric-gradient.js";
export * from "./ops/histogramdd.js";
export * from "./ops/predicates.js";
import "./ops/inplace-view.js"; // x.t_(), x.transpose_(), x.squeeze_(), x.unsqueeze_() (methods only)
export { fill } from "./ops/fill-extra.js"; // x.fillDiagonal_() is a method only
export { hardshrink } from "./ops/activation-ops.js"; // x.prelu() is a method; torch.prelu is F.prelu
export { mode } from "./ops/mode.js";
export { bitwiseLeftShift, bitwiseRightShift } from "./ops/shift.js";
import "./ops/numpy-view.js"; // x.numpy() (a method only)
export { rnnTanhCell, rnnReluCell, lstmCell, gruCell, rnnTanh, rnnRelu, lstm, gru } from "./ops/rnn.js";
export { pdist } from "./ops/pdist.js";
export { torchEmbeddingBag as embeddingBag } from "./nn/functional/embedding-bag.js";
export { torchCtcLoss as ctcLoss } from "./nn/functional/ctc.js";

export { noGrad, enableGrad, setGradEnabled, isGradEnabled } from "./autograd/mode.js";
export { inferenceMode, isInferenceModeEnabled, isAnomalyEnabled } from "./autograd/mode.js";
export * as autograd from "./autograd/index.js";

export { setBackend, getBackend, listBackends } from "./backend/registry.js";
export { nativeInfo, setNumThreads, getNumThreads } from "./backend/native/index.js";

export * as nn from "./nn/index.js";
export * from "./functional-aliases.js"; // torch.conv2d, torch.dropout, … (the F ops PyTorch also exposes on torch)
export * as optim from "./optim/index.js";
export * as data from "./data/index.js";
export * as distributed from "./distributed/index.js";
export * as keras from "./keras/index.js";
export { save, load } from "./io/save-load.js";
export * as io from "./io/index.js";
export { SummaryWriter } from "./log/tensorboard/index.js";
export { makeDot } from "./viz/index.js";
export * as plot from "./plot/index.js";
export * as metrics from "./train/metrics.js";
export { Trainer } from "./train/trainer.js";
export { StepByStep } from "./train/step-by-step.js";
