// Per-ISA compilation regions. A kernel file includes its implementation between
// ANT_BEGIN_<ISA> / ANT_END_ISA: every function in the region gets that target attribute,
// so one binary holds all variants and cpu.h picks one at load.
#pragma once

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define ANT_X86 1
#define ANT_BEGIN_AVX512 \
  _Pragma("GCC push_options") _Pragma("GCC target(\"avx512f,avx512bw,avx512vl,avx512dq,avx2,fma,f16c,prefer-vector-width=512\")")
#define ANT_BEGIN_AVX2 _Pragma("GCC push_options") _Pragma("GCC target(\"avx2,fma,f16c\")")
#define ANT_END_ISA _Pragma("GCC pop_options")
#else
#define ANT_X86 0
#endif
