// Packed, cache-blocked GEMM: C[M,N] = A[M,K] · B[K,N] for arbitrary element strides.
// Operands are packed into MR-row / NR-column panels (transposed operands are read through
// their strides while packing, never copied whole); a register-tiled micro-kernel runs on
// the packed panels. Included once per ISA region with that region's vector traits V.
// Threads split the M blocks of each (jc, pc) step: every C element is computed by one
// thread in a fixed k order, so results do not depend on the thread count.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "parallel.h"

namespace ant {

template <class T> struct GemmArgs {
  int64_t M, N, K;
  const T* a;
  int64_t rsa, csa;
  const T* b;
  int64_t rsb, csb;
  T* c;
  int64_t rsc, csc;
  bool accumulate = false;  // C += A·B instead of C = A·B
};

// C = A·B (or C += A·B) on the active ISA; multi-threaded, deterministic.
void gemmF32(const GemmArgs<float>& g);
void gemmF64(const GemmArgs<double>& g);

void gemmF32Avx512(const GemmArgs<float>& g);
void gemmF64Avx512(const GemmArgs<double>& g);
void gemmF32Avx2(const GemmArgs<float>& g);
void gemmF64Avx2(const GemmArgs<double>& g);

}  // namespace ant
