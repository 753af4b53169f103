// 2-D convolution fast path (conv.cc); each returns false to decline (the caller runs the composite).
#pragma once
#include <cstdint>

#include "view.h"

namespace ant {

// geom: strideH, strideW, padTop, padLeft, dilationH, dilationW, outH, outW.
bool fusedConv2d(const View& x, const View& w, const View* b, const View& out, const int64_t* geom);
bool fusedConv2dBackward(const View& x, const View& w, const View& gradOut, const View* gradX, const View* gradW,
                         const View* gradB, const int64_t* geom);

}  // namespace ant
