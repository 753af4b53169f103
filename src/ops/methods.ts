/**
 * The `Tensor` method types, derived from the op registry: every op a family module declares with
 * `mode: "method"` or `"inplace"` appears here as `x.name(...)` (and `x.name_(...)`), typed from
 * the op's function with `self` removed. The methods themselves are installed by `defineOp`.
 */
import type { MethodsOf } from "./registry.js";
import type * as binary from "./binary.js";
import type * as linalg from "./linalg.js";
import type * as linalgDecomp from "./linalg/decomp.js";
import type * as linalgSpectral from "./linalg/spectral.js";
import type * as linalgNorms from "./linalg/norms.js";
import type * as linalgHouseholder from "./linalg/householder.js";
import type * as linalgCholeskySolve from "./linalg/cholesky-solve.js";
import type * as reduceMax from "./reduce-max.js";
import type * as reduceScan from "./reduce-scan.js";
import type * as fill from "./fill.js";
import type * as sort from "./sort.js";
import type * as sortUnique from "./sort-unique.js";
import type * as unfold from "./unfold.js";
import type * as reduceStats from "./reduce-stats.js";
import type * as reduceSum from "./reduce-sum.js";
import type * as reduceSoftmax from "./reduce-softmax.js";
import type * as composite from "./composite.js";
import type * as indexingCore from "./indexing-core.js";
import type * as indexingGather from "./indexing-gather.js";
import type * as join from "./join.js";
import type * as movementCopy from "./movement-copy.js";
import type * as movementSlice from "./movement-slice.js";
import type * as movementView from "./movement-view.js";
import type * as unary from "./unary.js";
import type * as mathExtra from "./math-extra.js";
import type * as inplaceView from "./inplace-view.js";
import type * as fillExtra from "./fill-extra.js";
import type * as activationOps from "./activation-ops.js";
import type * as modeOps from "./mode.js";
import type * as shift from "./shift.js";
import type * as numpyView from "./numpy-view.js";
import type * as scatterReduce from "./scatter-reduce.js";
import type * as specialExtra from "./special-extra.js";
import type * as strided from "./strided.js";

declare module "../tensor/tensor.js" {
  interface Tensor
    extends
      MethodsOf<typeof unary>,
      MethodsOf<typeof binary>,
      MethodsOf<typeof reduceSum>,
      MethodsOf<typeof reduceSoftmax>,
      MethodsOf<typeof reduceScan>,
      MethodsOf<typeof reduceMax>,
      MethodsOf<typeof reduceStats>,
      MethodsOf<typeof sort>,
      MethodsOf<typeof sortUnique>,
      MethodsOf<typeof unfold>,
      MethodsOf<typeof fill>,
      MethodsOf<typeof linalg>,
      MethodsOf<typeof linalgDecomp>,
      MethodsOf<typeof linalgSpectral>,
      MethodsOf<typeof linalgNorms>,
      MethodsOf<typeof linalgHouseholder>,
      MethodsOf<typeof linalgCholeskySolve>,
      MethodsOf<typeof composite>,
      MethodsOf<typeof movementView>,
      MethodsOf<typeof movementSlice>,
      MethodsOf<typeof movementCopy>,
      MethodsOf<typeof join>,
      MethodsOf<typeof indexingCore>,
      MethodsOf<typeof indexingGather>,
      MethodsOf<typeof mathExtra>,
      MethodsOf<typeof inplaceView>,
      MethodsOf<typeof fillExtra>,
      MethodsOf<typeof activationOps>,
      MethodsOf<typeof modeOps>,
      MethodsOf<typeof shift>,
      MethodsOf<typeof numpyView>,
      MethodsOf<typeof scatterReduce>,
      MethodsOf<typeof specialExtra>,
      MethodsOf<typeof strided> {}
}
