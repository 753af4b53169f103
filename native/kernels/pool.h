// Pooling fast paths (pool.cc); each returns false to decline (the caller runs the composite).
#pragma once
#include <cstdint>

#include "view.h"

namespace ant {

// p: kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW.
bool fusedMaxPool2d(const View& x, const View& out, const View& indices, const int64_t* p);
// gradX [N,C,H,W] = 0, then gradX[n,c].flat[indices[n,c,i]] += gradOut[n,c,i] for every output i.
bool fusedMaxPool2dBackward(const View& gradOut, const View& indices, const View& gradX);

}  // namespace ant
