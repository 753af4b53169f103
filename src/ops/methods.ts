/**
 * The `Tensor` method types, derived from the op registry: every op a family module declares with
 * `mode: "method"` or `"inplace"` appears here as `x.name(...)` (and `x.name_(...)`), typed from
 * the op's function with `self` removed. The methods themselves are installed by `defineOp`.
 */
import type { MethodsOf } from "./registry.js";
import type * as binary from "./binary.js";
import type * as composite from "./composite.js";
import type * as indexingCore from "./indexing-core.js";
import type * as indexingGather from "./indexing-gather.js";
import type * as join from "./join.js";
import type * as movementCopy from "./movement-copy.js";
import type * as movementSlice from "./movement-slice.js";
import type * as movementView from "./movement-view.js";
import type * as unary from "./unary.js";

declare module "../tensor/tensor.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Tensor
    extends
      MethodsOf<typeof unary>,
      MethodsOf<typeof binary>,
      MethodsOf<typeof composite>,
      MethodsOf<typeof movementView>,
      MethodsOf<typeof movementSlice>,
      MethodsOf<typeof movementCopy>,
      MethodsOf<typeof join>,
      MethodsOf<typeof indexingCore>,
      MethodsOf<typeof indexingGather> {}
}
