// Fused fast paths (fused.cc); each returns false to decline (the caller runs the composite).
#pragma once
#include <cstdint>

#include "view.h"

namespace ant {

struct SgdArgs {
  double lr, momentum, dampening, weightDecay;
  bool nesterov, maximize;
};
struct AdamArgs {
  double lr, beta1, beta2, eps, weightDecay, bc1, bc2;  // bias corrections 1 − βᵗ from the caller
  bool decoupled, maximize;
};

bool fusedLinear(const View& x, const View& w, const View* b, bool relu, const View& out);
bool fusedSoftmax(const View& x, const View& out, bool logForm);
// out = y ≤ 0 ? 0 : g (PyTorch's threshold_backward at 0: a NaN output passes the gradient).
bool fusedReluBackward(const View& y, const View& g, const View& out);
// reduction: a LossReductionCode (names.h).
bool fusedCrossEntropy(const View& x, const View& t, const View* w, int64_t ignore, int reduction, const View& loss,
                       const View& dx);
bool fusedSgd(const View& p, const View& g, const View* buf, const SgdArgs& a);
bool fusedAdam(const View& p, const View& g, const View& m, const View& v, const View* vmax, const AdamArgs& a);

}  // namespace ant
