// Instruction-set detection, done once at load: the binary carries AVX-512, AVX2+FMA and
// portable code paths and picks one at run time (no -march=native).
#pragma once

namespace ant {

enum class Isa { Scalar = 0, Avx2 = 1, Avx512 = 2 };

inline Isa detectIsa() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq"))
    return Isa::Avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::Avx2;
#endif
  return Isa::Scalar;
}

// The ISA chosen for this process (may be lowered with ANTORCHA_ISA=avx2|scalar for testing).
Isa activeIsa();
const char* isaName(Isa isa);

}  // namespace ant
