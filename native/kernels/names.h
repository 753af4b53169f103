// Every code that crosses the N-API boundary, by name: one X-macro per family, X(Id, "name"),
// where "name" is the op's (or mode's) name in TypeScript (src/backend/backend.ts, fused.ts)
// and Id gives the functor (unary, binary: ops.h) and the enumerator k<Id>. An op's code is its
// position in its list; TypeScript never numbers ops itself: it reads these lists from the addon
// (kernelNames() in addon.cc) and sends back the position of the name it wants, so reordering
// or inserting an entry is safe, and an op TS knows that is missing here (or a name here that
// TS does not know) stops the native backend from loading (src/backend/native/kernels.ts).
// Counts come from the enums; the static_asserts below tie every name table to them.
#pragma once

namespace ant {

#define ANT_UNARY_LIST(X)                                                                            \
  X(Neg, "neg") X(Abs, "abs") X(Sign, "sign") X(Exp, "exp") X(Expm1, "expm1") X(Log, "log")         \
  X(Log1p, "log1p") X(Sqrt, "sqrt") X(Rsqrt, "rsqrt") X(Reciprocal, "reciprocal") X(Sin, "sin")      \
  X(Cos, "cos") X(Tan, "tan") X(Asin, "asin") X(Acos, "acos") X(Atan, "atan") X(Sinh, "sinh")       \
  X(Cosh, "cosh") X(Tanh, "tanh") X(Sigmoid, "sigmoid") X(Relu, "relu") X(Erf, "erf")               \
  X(Erfinv, "erfinv") X(Floor, "floor") X(Ceil, "ceil") X(Round, "round") X(Trunc, "trunc")         \
  X(LogicalNot, "logicalNot") X(BitwiseNot, "bitwiseNot") X(Isnan, "isnan") X(Sinc, "sinc")

#define ANT_BINARY_LIST(X)                                                                           \
  X(Add, "add") X(Sub, "sub") X(Mul, "mul") X(Div, "div") X(Pow, "pow") X(Maximum, "maximum")       \
  X(Minimum, "minimum") X(Fmod, "fmod") X(Remainder, "remainder") X(FloorDivide, "floorDivide")     \
  X(Atan2, "atan2") X(Eq, "eq") X(Ne, "ne") X(Lt, "lt") X(Le, "le") X(Gt, "gt") X(Ge, "ge")         \
  X(LogicalAnd, "logicalAnd") X(LogicalOr, "logicalOr") X(LogicalXor, "logicalXor")                 \
  X(BitwiseAnd, "bitwiseAnd") X(BitwiseOr, "bitwiseOr") X(BitwiseXor, "bitwiseXor")

#define ANT_REDUCE_LIST(X)                                                                           \
  X(Sum, "sum") X(Prod, "prod") X(Amax, "amax") X(Amin, "amin") X(Argmax, "argmax")                 \
  X(Argmin, "argmin") X(All, "all") X(Any, "any")

#define ANT_SCAN_LIST(X) X(Cumsum, "cumsum") X(Cumprod, "cumprod")

// Modes some kernels take (ScatterReduce in backend.ts; FusedReduction and the softmax/logSoftmax
// pair of fused.ts): the same rule, so no bare 0/1/2 crosses the boundary either.
#define ANT_SCATTER_REDUCE_LIST(X) X(ScatterNone, "none") X(ScatterAdd, "add") X(ScatterMultiply, "multiply")
#define ANT_LOSS_REDUCTION_LIST(X) X(ReductionNone, "none") X(ReductionMean, "mean") X(ReductionSum, "sum")
#define ANT_SOFTMAX_LIST(X) X(Softmax, "softmax") X(LogSoftmax, "logSoftmax")

// Every family above, as X(list, family name in kernelNames(), enum type, count enumerator).
#define ANT_KERNEL_FAMILIES(X)                                     \
  X(ANT_UNARY_LIST, "unary", UnaryCode, kNumUnary)                 \
  X(ANT_BINARY_LIST, "binary", BinaryCode, kNumBinary)             \
  X(ANT_REDUCE_LIST, "reduce", ReduceCode, kNumReduce)             \
  X(ANT_SCAN_LIST, "scan", ScanCode, kNumScan)                     \
  X(ANT_SCATTER_REDUCE_LIST, "scatterReduce", ScatterReduceCode, kNumScatterReduce) \
  X(ANT_LOSS_REDUCTION_LIST, "lossReduction", LossReductionCode, kNumLossReduction) \
  X(ANT_SOFTMAX_LIST, "softmax", SoftmaxCode, kNumSoftmax)

#define ANT_CODE_OF(Id, name) k##Id,
#define ANT_NAME_OF(Id, name) name,

// enum UnaryCode { kNeg, kAbs, …, kNumUnary }: codes and count derived from the list.
#define ANT_FAMILY_ENUM(LIST, family, Enum, kCount) enum Enum : int { LIST(ANT_CODE_OF) kCount };
ANT_KERNEL_FAMILIES(ANT_FAMILY_ENUM)
#undef ANT_FAMILY_ENUM

// A family's names in code order, for kernelNames().
struct KernelFamily {
  const char* family;
  const char* const* names;
  int count;
};

constexpr bool sameName(const char* a, const char* b) {
  while (*a != 0 && *a == *b) a++, b++;
  return *a == *b;
}
template <int N> constexpr bool distinctNames(const char* const (&names)[N]) {
  for (int i = 0; i < N; i++)
    for (int j = i + 1; j < N; j++)
      if (sameName(names[i], names[j])) return false;
  return true;
}

namespace names {
#define ANT_FAMILY_NAMES(LIST, family, Enum, kCount)                                                 \
  inline constexpr const char* Enum[] = {LIST(ANT_NAME_OF)};                                         \
  static_assert(sizeof(Enum) / sizeof(Enum[0]) == kCount, family ": one name per code");             \
  static_assert(distinctNames(Enum), family ": names must be distinct");
ANT_KERNEL_FAMILIES(ANT_FAMILY_NAMES)
#undef ANT_FAMILY_NAMES
}  // namespace names

#define ANT_FAMILY_ROW(LIST, family, Enum, kCount) KernelFamily{family, names::Enum, kCount},
inline constexpr KernelFamily kKernelFamilies[] = {ANT_KERNEL_FAMILIES(ANT_FAMILY_ROW)};
#undef ANT_FAMILY_ROW

}  // namespace ant
