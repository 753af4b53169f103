// Entry points of the kernels, called by the binding. `bool` results: false means "this
// dtype/op combination is not native", and the TS loader runs the reference kernel instead.
#pragma once
#include <cstdint>
#include <vector>

#include "view.h"

namespace ant {

bool unaryOp(int op, const View& x, const View& out);
bool binaryOp(int op, const View& a, const View& b, const View& out);
bool whereOp(const View& c, const View& a, const View& b, const View& out);
void copyOp(const View& src, const View& dst);
void fillOp(const View& dst, double value, bool exactInt, int64_t ivalue);

bool reduceOp(int op, const View& x, const int* dims, int ndims, const View& out);
bool scanOp(int op, const View& x, int dim, const View& out);

bool matmulOp(const View& a, const View& b, const View& out);

bool gatherOp(const View& x, int dim, const View& index, const View& out);
bool scatterOp(const View& dst, int dim, const View& index, const View& src, int reduce);
bool indexSelectOp(const View& x, int dim, const View& index, const View& out);
bool indexPutOp(const View& dst, const View* indices, int k, const View& values, bool accumulate);
std::vector<int64_t> nonzeroOp(const View& x);
bool sortOp(const View& x, int dim, bool descending, const View& values, const View& indices);

}  // namespace ant
