#include "elementwise.h"
namespace ant {
bool matmulOp(const View&, const View&, const View&) { return false; }
}
