// 2-D convolution fast path (groups = 1, zero padding, NCHW, contiguous float32/float64).
// Per sample: im2col of the padded windows into a scratch buffer that stays in cache, then one
// GEMM with the weight. Backward reuses the same columns for the weight gradient (a GEMM that
// accumulates over samples) and col2im for the input gradient. Samples run in order and every
// GEMM is deterministic, so results do not depend on the thread count.
#include "conv.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "gemm/gemm.h"
#include "parallel.h"

namespace ant {

namespace {

struct Geom {
  int64_t N, C, H, W, O, KH, KW, OH, OW, sh, sw, pt, pl, dh, dw;
  int64_t L() const { return OH * OW; }
  int64_t CK() const { return C * KH * KW; }
};

void gemm(const GemmArgs<float>& g) { gemmF32(g); }
void gemm(const GemmArgs<double>& g) { gemmF64(g); }

// Rows per parallel chunk: about 16k elements of work.
int64_t rowGrain(int64_t cols) { return std::max<int64_t>(1, 16384 / std::max<int64_t>(1, cols)); }

// cols[(c·KH + i)·KW + j][oh·OW + ow] = x[c][oh·sh − pt + i·dh][ow·sw − pl + j·dw], 0 outside.
template <class T> void im2col(const T* x, const Geom& g, T* cols) {
  const int64_t L = g.L(), KK = g.KH * g.KW;
  parallelFor(g.CK(), rowGrain(L), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      const int64_t c = r / KK, i = (r / g.KW) % g.KH, j = r % g.KW;
      const T* xc = x + c * g.H * g.W;
      const int64_t off = j * g.dw - g.pl;
      // ow with 0 ≤ ow·sw + off < W
      const int64_t lo = std::min<int64_t>(g.OW, off >= 0 ? 0 : (-off + g.sw - 1) / g.sw);
      const int64_t hi = std::max<int64_t>(lo, std::min<int64_t>(g.OW, g.W - off <= 0 ? 0 : (g.W - off - 1) / g.sw + 1));
      for (int64_t oh = 0; oh < g.OH; oh++) {
        T* d = cols + r * L + oh * g.OW;
        const int64_t ih = oh * g.sh - g.pt + i * g.dh;
        if (ih < 0 || ih >= g.H) {
          std::fill(d, d + g.OW, T(0));
          continue;
        }
        const T* xr = xc + ih * g.W + off;
        std::fill(d, d + lo, T(0));
        if (g.sw == 1) {
          std::memcpy(d + lo, xr + lo, size_t(hi - lo) * sizeof(T));
        } else {
          for (int64_t ow = lo; ow < hi; ow++) d[ow] = xr[ow * g.sw];
        }
        std::fill(d + hi, d + g.OW, T(0));
      }
    }
  });
}

// The adjoint of im2col: gx[c] += every column entry that was read from it. Channels are
// independent, so each thread owns whole channels and the add order within one is fixed.
template <class T> void col2im(const T* cols, const Geom& g, T* gx) {
  const int64_t L = g.L(), KK = g.KH * g.KW;
  parallelFor(g.C, rowGrain(KK * L), [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; c++) {
      T* xc = gx + c * g.H * g.W;
      std::fill(xc, xc + g.H * g.W, T(0));
      for (int64_t k = 0; k < KK; k++) {
        const int64_t i = k / g.KW, j = k % g.KW, r = c * KK + k;
        const int64_t off = j * g.dw - g.pl;
        const int64_t lo = std::min<int64_t>(g.OW, off >= 0 ? 0 : (-off + g.sw - 1) / g.sw);
        const int64_t hi =
            std::max<int64_t>(lo, std::min<int64_t>(g.OW, g.W - off <= 0 ? 0 : (g.W - off - 1) / g.sw + 1));
        for (int64_t oh = 0; oh < g.OH; oh++) {
          const int64_t ih = oh * g.sh - g.pt + i * g.dh;
          if (ih < 0 || ih >= g.H) continue;
          const T* s = cols + r * L + oh * g.OW;
          T* xr = xc + ih * g.W + off;
          if (g.sw == 1) {
            for (int64_t ow = lo; ow < hi; ow++) xr[ow] += s[ow];
          } else {
            for (int64_t ow = lo; ow < hi; ow++) xr[ow * g.sw] += s[ow];
          }
        }
      }
    }
  });
}

// A 1×1, stride-1, unpadded kernel reads the input itself as its columns.
bool identityCols(const Geom& g) {
  return g.KH == 1 && g.KW == 1 && g.sh == 1 && g.sw == 1 && g.pt == 0 && g.pl == 0 && g.OH == g.H && g.OW == g.W;
}

template <class T> std::vector<T>& scratch(int which, size_t n) {
  thread_local std::vector<T> bufs[2];
  std::vector<T>& b = bufs[which];
  if (b.size() < n) b.resize(n);
  return b;
}

template <class T> void forward(const View& x, const View& w, const View* b, const View& out, const Geom& g) {
  const T* xp = x.ptr<T>() + x.offset;
  const T* wp = w.ptr<T>() + w.offset;
  const T* bp = b ? b->ptr<T>() + b->offset : nullptr;
  T* op = out.ptr<T>() + out.offset;
  const int64_t L = g.L(), CK = g.CK();
  const bool ident = identityCols(g);
  // Samples are independent: with several threads each takes whole samples as it gets free
  // (one parallel region per convolution; the kernels inside run inline on that thread). A
  // sample's result is the same whichever thread computes it.
  parallelItems(g.N, [&](int64_t n) {
    T* cols = ident ? nullptr : scratch<T>(0, size_t(CK * L)).data();
    {
      const T* xn = xp + n * g.C * g.H * g.W;
      if (cols) im2col(xn, g, cols);
      T* on = op + n * g.O * L;
      GemmArgs<T> ga{g.O, L, CK, wp, CK, 1, cols ? cols : xn, L, 1, on, L, 1};
      gemm(ga);
      if (bp) {
        parallelFor(g.O, rowGrain(L), [&](int64_t o0, int64_t o1) {
          for (int64_t o = o0; o < o1; o++)
            for (int64_t l = 0; l < L; l++) on[o * L + l] = on[o * L + l] + bp[o];
        });
      }
    }
  });
}

// The weight gradient sums over samples in this many fixed groups (each group in sample order,
// then the groups in order), so the sum is the same for any thread count.
int64_t weightGroups(int64_t N) { return std::min<int64_t>(N, 8); }

template <class T>
void backward(const View& x, const View& w, const View& go, const View* gx, const View* gw, const View* gb,
              const Geom& g) {
  const T* xp = x.ptr<T>() + x.offset;
  const T* wp = w.ptr<T>() + w.offset;
  const T* gp = go.ptr<T>() + go.offset;
  const int64_t L = g.L(), CK = g.CK();
  const bool ident = identityCols(g);
  T* gwp = gw ? gw->ptr<T>() + gw->offset : nullptr;
  if (gwp && g.N == 0) std::fill(gwp, gwp + g.O * CK, T(0));
  // Group k of the weight gradient accumulates into part k (part 0 is gW itself).
  const int64_t G = weightGroups(g.N), WK = g.O * CK;
  std::vector<T> parts(gwp && G > 1 ? size_t((G - 1) * WK) : 0);
  parallelItems(G, [&](int64_t k) {
    T* cols = gw && !ident ? scratch<T>(0, size_t(CK * L)).data() : nullptr;
    T* gcols = gx && !ident ? scratch<T>(1, size_t(CK * L)).data() : nullptr;
    {
      const int64_t first = g.N * k / G, last = g.N * (k + 1) / G;
      T* part = k == 0 ? gwp : parts.data() + (k - 1) * WK;
      for (int64_t n = first; n < last; n++) {
        const T* xn = xp + n * g.C * g.H * g.W;
        const T* gn = gp + n * g.O * L;
        if (gwp) {
          // part[O, CK] (+)= gOut_n[O, L] · cols_nᵀ[L, CK]
          if (cols) im2col(xn, g, cols);
          GemmArgs<T> ga{g.O, CK, L, gn, L, 1, cols ? cols : xn, 1, L, part, CK, 1};
          ga.accumulate = n > first;
          gemm(ga);
        }
        if (gx) {
          // gCols[CK, L] = Wᵀ[CK, O] · gOut_n[O, L], then summed back onto the input positions.
          T* gxn = gx->ptr<T>() + gx->offset + n * g.C * g.H * g.W;
          GemmArgs<T> ga{CK, L, g.O, wp, 1, CK, gn, L, 1, gcols ? gcols : gxn, L, 1};
          gemm(ga);
          if (gcols) col2im(gcols, g, gxn);
        }
      }
    }
  });
  if (gwp && G > 1) {
    parallelFor(WK, 16384, [&](int64_t i0, int64_t i1) {
      for (int64_t k = 1; k < G; k++) {
        const T* part = parts.data() + (k - 1) * WK;
        for (int64_t i = i0; i < i1; i++) gwp[i] = gwp[i] + part[i];
      }
    });
  }
  if (gb) {
    T* gbp = gb->ptr<T>() + gb->offset;
    // Σ over samples and positions, accumulated in double for float32 so the order matters less.
    parallelFor(g.O, 1, [&](int64_t o0, int64_t o1) {
      for (int64_t o = o0; o < o1; o++) {
        // Eight independent partial sums (combined in a fixed order) so the adds pipeline.
        double part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (int64_t n = 0; n < g.N; n++) {
          const T* r = gp + (n * g.O + o) * L;
          int64_t l = 0;
          for (; l + 8 <= L; l += 8)
            for (int j = 0; j < 8; j++) part[j] += double(r[l + j]);
          for (; l < L; l++) part[l & 7] += double(r[l]);
        }
        gbp[o] = T(((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7])));
      }
    });
  }
}

bool dense(const View& v, int dt, int nd) { return v.dtype == dt && v.ndim == nd && v.contiguous(); }

// geom: sh, sw, pt, pl, dh, dw, OH, OW (the caller validated them and computed OH, OW).
bool makeGeom(const View& x, const View& w, const int64_t* p, Geom& g) {
  g = Geom{x.shape[0], x.shape[1], x.shape[2], x.shape[3], w.shape[0], w.shape[2], w.shape[3], p[6], p[7],
           p[0],       p[1],       p[2],       p[3],       p[4],       p[5]};
  if (w.shape[1] != g.C || g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1 || g.pt < 0 || g.pl < 0 || g.OH < 0 ||
      g.OW < 0)
    throw KernelError("[conv2d] inconsistent geometry: weight [O, C, KH, KW] must match input [N, C, H, W]", true);
  // Rows and columns outside the input read as zeros, so any OH/OW is memory-safe.
  return true;
}

}  // namespace

bool fusedConv2d(const View& x, const View& w, const View* b, const View& out, const int64_t* geom) {
  const int dt = x.dtype;
  if ((dt != F32 && dt != F64) || !dense(x, dt, 4) || !dense(w, dt, 4) || !dense(out, dt, 4) ||
      (b && !dense(*b, dt, 1)))
    return false;
  Geom g;
  makeGeom(x, w, geom, g);
  if (out.shape[0] != g.N || out.shape[1] != g.O || out.shape[2] != g.OH || out.shape[3] != g.OW ||
      (b && b->shape[0] != g.O))
    throw KernelError("[conv2d] output or bias shape does not match [N, O, OH, OW]", true);
  x.checkBounds("conv2d");
  w.checkBounds("conv2d");
  out.checkBounds("conv2d");
  if (b) b->checkBounds("conv2d");
  if (overlaps(out, x) || overlaps(out, w) || (b && overlaps(out, *b))) return false;
  if (dt == F32) forward<float>(x, w, b, out, g);
  else forward<double>(x, w, b, out, g);
  return true;
}

bool fusedConv2dBackward(const View& x, const View& w, const View& go, const View* gx, const View* gw, const View* gb,
                         const int64_t* geom) {
  const int dt = x.dtype;
  if ((dt != F32 && dt != F64) || !dense(x, dt, 4) || !dense(w, dt, 4) || !dense(go, dt, 4) ||
      (gx && !dense(*gx, dt, 4)) || (gw && !dense(*gw, dt, 4)) || (gb && !dense(*gb, dt, 1)))
    return false;
  Geom g;
  makeGeom(x, w, geom, g);
  if (go.shape[0] != g.N || go.shape[1] != g.O || go.shape[2] != g.OH || go.shape[3] != g.OW ||
      (gx && gx->numel() != x.numel()) || (gw && gw->numel() != w.numel()) || (gb && gb->shape[0] != g.O))
    throw KernelError("[conv2d] gradient shapes do not match the convolution", true);
  for (const View* v : {&x, &w, &go, gx, gw, gb})
    if (v) v->checkBounds("conv2d");
  for (const View* o : {gx, gw, gb})
    if (o && (overlaps(*o, x) || overlaps(*o, w) || overlaps(*o, go))) return false;
  if (dt == F32) backward<float>(x, w, go, gx, gw, gb, g);
  else backward<double>(x, w, go, gx, gw, gb, g);
  return true;
}

}  // namespace ant
