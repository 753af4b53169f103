/**
 * Properties of the torch.linalg additions of issue 24 that the small PyTorch fixtures do not
 * reach: LU without pivoting and on the blocked path, LDLᵀ above LAPACK's unblocked size, the
 * compact Householder ops against linalg.qr and an explicit Q, Cholesky inverse/solve against
 * inv/solve, and the randomised / iterative methods (svdLowrank, pcaLowrank, lobpcg) against the
 * exact SVD and eigh, by reconstruction error rather than by PyTorch's random values.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";

const L = torch.linalg;
const f64 = { dtype: "float64" as const };

function maxAbs(t: Tensor): number {
  return t.abs().max().item() as number;
}

function close(a: Tensor, b: Tensor, tol: number, what: string): void {
  assert.deepEqual([...a.shape], [...b.shape], `${what}: shape`);
  const d = maxAbs(a.sub(b));
  assert.ok(d <= tol, `${what}: max |diff| ${d} > ${tol}`);
}

function sym(n: number, batch: number[] = []): Tensor {
  const x = torch.randn([...batch, n, n], f64);
  return x.add(x.mT);
}

function spd(n: number, batch: number[] = []): Tensor {
  const x = torch.randn([...batch, n, n], f64);
  return x.matmul(x.mT).add(torch.eye(n, f64).mul(n));
}

describe("linalg.lu and luUnpack", () => {
  it("rebuilds A = P·L·U for square (blocked, n = 120), wide, tall and batched inputs", () => {
    torch.manualSeed(1);
    for (const shape of [
      [120, 120],
      [4, 7],
      [7, 4],
      [3, 5, 5],
      [2, 3, 6],
    ]) {
      const A = torch.randn(shape, f64);
      const [P, Lm, U] = L.lu(A);
      const k = Math.min(shape.at(-2)!, shape.at(-1)!);
      assert.deepEqual(Lm.shape.slice(-2), [shape.at(-2), k]);
      assert.deepEqual(U.shape.slice(-2), [k, shape.at(-1)]);
      close(P.matmul(Lm).matmul(U), A, 1e-10, `P·L·U ${shape}`);
      close(Lm.triu(1), torch.zerosLike(Lm.triu(1)), 0, "L strictly lower");
      close(U.tril(-1), torch.zerosLike(U.tril(-1)), 0, "U upper");
    }
  });

  it("agrees with luUnpack(luFactor(A)) and keeps float32", () => {
    const A = torch.randn([2, 5, 5]);
    const [P, Lm, U] = L.lu(A);
    const [P2, L2, U2] = torch.luUnpack(...L.luFactor(A));
    assert.equal(Lm.dtype, "float32");
    close(P, P2, 0, "P");
    close(Lm, L2, 1e-6, "L");
    close(U, U2, 1e-6, "U");
  });

  it("pivot: false factors without row swaps (P empty) and rebuilds A", () => {
    const A = torch.randn([4, 6], f64).add(torch.eye(4, 6, f64).mul(5));
    const [P, Lm, U] = L.lu(A, { pivot: false });
    assert.deepEqual(P.shape, [0]);
    close(Lm.matmul(U), A, 1e-12, "L·U");
  });

  it("gradchecks wide and tall factorisations through P·L·U-weighted outputs", () => {
    for (const shape of [
      [3, 5],
      [5, 3],
    ]) {
      const A = torch.randn(shape, f64).requiresGrad_();
      const ok = torch.autograd.gradcheck(
        (x: Tensor) => {
          const [, Lm, U] = L.lu(x);
          return Lm.sin().sum().add(U.mul(U).sum());
        },
        [A],
      );
      assert.equal(ok, true);
    }
  });
});

describe("linalg.ldlFactor / ldlSolve", () => {
  it("solves symmetric indefinite systems above LAPACK's unblocked size (n = 80)", () => {
    torch.manualSeed(2);
    const A = sym(80);
    const B = torch.randn([80, 3], f64);
    const [LD, piv] = L.ldlFactor(A);
    assert.equal(piv.dtype, "int32");
    close(A.matmul(L.ldlSolve(LD, piv, B)), B, 1e-8, "A·X");
  });

  it("uses 2×2 pivots on a zero diagonal and still solves; batched with broadcast B", () => {
    const A = torch.tensor(
      [
        [0, 1, 2],
        [1, 0, 3],
        [2, 3, 0],
      ],
      f64,
    );
    const [LD, piv] = L.ldlFactor(A);
    assert.ok(
      [...piv.dataFloat()].some((p) => p < 0),
      "expected a 2×2 block",
    );
    const b = torch.randn([3, 2], f64);
    close(A.matmul(L.ldlSolve(LD, piv, b)), b, 1e-12, "A·X");
    const As = sym(4, [3]);
    const [LDs, pivs] = L.ldlFactor(As, { hermitian: true });
    const bs = torch.randn([4, 1], f64);
    close(As.matmul(L.ldlSolve(LDs, pivs, bs)), bs.expand([3, 4, 1]), 1e-10, "batched");
  });

  it("reads only the lower triangle", () => {
    const A = sym(5);
    const [LD] = L.ldlFactor(A);
    const [LD2] = L.ldlFactor(A.tril().add(A.triu(1).mul(7)));
    close(LD, LD2, 0, "upper triangle ignored");
  });
});

describe("geqrf, householderProduct/orgqr, ormqr", () => {
  it("geqrf's reflectors rebuild linalg.qr's Q and R (tall and batched)", () => {
    for (const shape of [
      [6, 4],
      [2, 5, 3],
      [4, 4],
    ]) {
      const A = torch.randn(shape, f64);
      const [a, tau] = torch.geqrf(A);
      const [Q, R] = L.qr(A);
      close(L.householderProduct(a, tau), Q, 1e-12, `Q ${shape}`);
      close(a.triu().narrow(-2, 0, R.shape.at(-2)!), R, 1e-12, `R ${shape}`);
      const [a2, tau2] = A.geqrf();
      close(a2.orgqr(tau2), Q, 1e-12, "methods");
    }
  });

  it("ormqr multiplies by Q, Qᵀ on either side like the explicit m×m Q", () => {
    const A = torch.randn([5, 3], f64);
    const [a, tau] = torch.geqrf(A);
    const Qfull = L.qr(A, { mode: "complete" })[0];
    const C = torch.randn([5, 2], f64);
    const D = torch.randn([2, 5], f64);
    close(torch.ormqr(a, tau, C), Qfull.matmul(C), 1e-12, "Q·C");
    close(a.ormqr(tau, C, true, true), Qfull.mT.matmul(C), 1e-12, "Qᵀ·C");
    close(torch.ormqr(a, tau, D, false), D.matmul(Qfull), 1e-12, "C·Q");
    close(torch.ormqr(a, tau, D, false, true), D.matmul(Qfull.mT), 1e-12, "C·Qᵀ");
  });
});

describe("choleskyInverse / choleskySolve", () => {
  it("agree with inv and solve, lower and upper, with broadcasting", () => {
    const A = spd(4, [2]);
    const Lc = L.cholesky(A);
    const U = L.cholesky(A, { upper: true });
    close(torch.choleskyInverse(Lc), L.inv(A), 1e-12, "inverse lower");
    close(U.choleskyInverse(true), L.inv(A), 1e-12, "inverse upper");
    const B = torch.randn([4, 3], f64);
    close(B.choleskySolve(Lc), L.solve(A, B.expand([2, 4, 3])), 1e-12, "solve lower");
    close(torch.choleskySolve(B, U, true), L.solve(A, B.expand([2, 4, 3])), 1e-12, "solve upper");
  });
});

describe("linalg.vander, tensorinv, tensorsolve", () => {
  it("tensorinv is the inverse under tensordot; tensorsolve inverts tensordot", () => {
    const A = torch.randn([6, 6], f64).add(torch.eye(6, f64).mul(4)).reshape([2, 3, 6]);
    const Ai = L.tensorinv(A);
    assert.deepEqual(Ai.shape, [6, 2, 3]);
    close(Ai.reshape([6, 6]).matmul(A.reshape([6, 6])), torch.eye(6, f64), 1e-12, "inv·A");
    const B = torch.randn([2, 3], f64);
    const X = L.tensorsolve(A, B);
    close(A.reshape([6, 6]).matmul(X), B.reshape([6]), 1e-12, "A·X");
  });

  it("vander has increasing powers", () => {
    const V = L.vander(torch.tensor([2, -1], f64), { N: 4 });
    close(
      V,
      torch.tensor(
        [
          [1, 2, 4, 8],
          [1, -1, 1, -1],
        ],
        f64,
      ),
      0,
      "powers",
    );
  });
});

describe("svdLowrank / pcaLowrank (randomised)", () => {
  /** A rank-r matrix plus small noise. */
  function lowRankPlusNoise(m: number, n: number, r: number, noise: number): Tensor {
    return torch
      .randn([m, r], f64)
      .matmul(torch.randn([r, n], f64))
      .add(torch.randn([m, n], f64).mul(noise));
  }

  it("reconstructs about as well as the exact truncated SVD, tall and wide", () => {
    torch.manualSeed(3);
    for (const [m, n] of [
      [60, 30],
      [25, 70],
    ]) {
      const A = lowRankPlusNoise(m!, n!, 4, 1e-3);
      const [U, S, V] = torch.svdLowrank(A, 6);
      assert.deepEqual([U.shape, S.shape, V.shape], [[m, 6], [6], [n, 6]]);
      const exact = L.svdvals(A);
      close(S.narrow(0, 0, 4), exact.narrow(0, 0, 4), 1e-6, "top singular values");
      const err = U.narrow(1, 0, 4)
        .mul(S.narrow(0, 0, 4))
        .matmul(V.narrow(1, 0, 4).mT)
        .sub(A)
        .pow(2)
        .sum()
        .sqrt()
        .item() as number;
      const best = exact
        .narrow(0, 4, exact.shape[0]! - 4)
        .pow(2)
        .sum()
        .sqrt()
        .item() as number;
      assert.ok(err <= best * 1.01, `rank-4 error ${err} vs optimal ${best}`);
      orthonormal(U, `U ${m}x${n}`);
      orthonormal(V, `V ${m}x${n}`);
    }
  });

  function orthonormal(q: Tensor, what: string): void {
    const k = q.shape.at(-1)!;
    close(q.mT.matmul(q), torch.eye(k, f64).expand([...q.shape.slice(0, -2), k, k]), 1e-10, what);
  }

  it("is repeatable under manualSeed, takes M (A − M) and batches", () => {
    const A = lowRankPlusNoise(20, 10, 3, 0.1);
    torch.manualSeed(7);
    const [, S1] = torch.svdLowrank(A, 4, 1);
    torch.manualSeed(7);
    const [, S2] = torch.svdLowrank(A, 4, 1);
    close(S1, S2, 0, "same seed, same values");
    const M = torch.randn([1, 10], f64);
    torch.manualSeed(8);
    const [, Sm] = torch.svdLowrank(A, 4, 2, M);
    torch.manualSeed(8);
    const [, Sd] = torch.svdLowrank(A.sub(M), 4, 2);
    close(Sm, Sd, 1e-10, "M subtracted");
    const [Ub, Sb, Vb] = torch.svdLowrank(torch.stack([A, A.mul(2)]), 3);
    assert.deepEqual(Ub.shape, [2, 20, 3]);
    close(Sb.select(0, 1), Sb.select(0, 0).mul(2), 1e-6, "batch scales");
    assert.deepEqual(Vb.shape, [2, 10, 3]);
  });

  it("is differentiable (float64 gradcheck with a fixed seed inside)", () => {
    const A = lowRankPlusNoise(6, 5, 2, 0.5).requiresGrad_();
    const ok = torch.autograd.gradcheck(
      (x: Tensor) => {
        torch.manualSeed(11);
        const [U, S, V] = torch.svdLowrank(x, 2, 2);
        return U.mul(S.unsqueeze(-2)).matmul(V.mT).sum().add(S.sum());
      },
      [A],
    );
    assert.equal(ok, true);
  });

  it("pcaLowrank's directions are the covariance's top eigenvectors", () => {
    torch.manualSeed(4);
    const X = torch
      .randn([200, 3], f64)
      .mul(torch.tensor([5, 2, 0.5], f64))
      .matmul(L.qr(torch.randn([3, 3], f64))[0])
      .add(10);
    const [, S, V] = torch.pcaLowrank(X, 2);
    const Xc = X.sub(X.mean(0, true));
    const [w, E] = L.eigh(Xc.mT.matmul(Xc).div(199));
    close(S.pow(2).div(199), w.flip([0]).narrow(0, 0, 2), 1e-4, "variances");
    // same directions up to sign: |vᵀe| = 1
    close(
      V.mT
        .matmul(E.flip([1]).narrow(1, 0, 2))
        .abs()
        .diagonal(),
      torch.ones([2], f64),
      1e-6,
      "directions",
    );
  });
});

describe("lobpcg", () => {
  it("finds the largest and smallest eigenpairs of a symmetric matrix (eigh agrees)", () => {
    torch.manualSeed(5);
    const A = sym(40);
    const w = L.eigvalsh(A);
    const [E, X] = torch.lobpcg(A, { k: 3 });
    close(E, w.flip([0]).narrow(0, 0, 3), 1e-8, "largest");
    close(A.matmul(X), X.mul(E.unsqueeze(0)), 1e-6, "A·X = X·E");
    const [Es] = torch.lobpcg(A, { k: 2, largest: false, n: 4 });
    close(Es, w.narrow(0, 0, 2), 1e-8, "smallest");
  });

  it("is differentiable in A without B (gradcheck through eigenvalues and X·Xᵀ); refuses backward with B", () => {
    torch.manualSeed(9);
    const Q = L.qr(torch.randn([12, 12], f64))[0];
    const vals = torch.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 20, 25], f64);
    const A = Q.mul(vals).matmul(Q.mT).detach().requiresGrad_();
    const w = torch.arange(144, f64).reshape([12, 12]).sin();
    for (const largest of [true, false]) {
      const ok = torch.autograd.gradcheck(
        (a: Tensor) => {
          torch.manualSeed(3);
          const [E, X] = torch.lobpcg(a, { k: 2, tol: 1e-13, largest });
          return E.sum().add(X.matmul(X.mT).mul(w).sum());
        },
        [A],
      );
      assert.equal(ok, true);
    }
    const [E] = torch.lobpcg(A, { k: 1, B: torch.eye(12, f64) });
    assert.throws(
      () => E.sum().backward(),
      /^RangeError: \[lobpcg\] lobpcg\.backward does not support backward with B != I yet\.$/,
    );
  });

  it("solves the generalised problem with B, uses X and iK, batches, and keeps float32", () => {
    torch.manualSeed(6);
    const A = spd(30);
    const B = spd(30).div(30);
    const Bl = L.cholesky(B);
    const Bi = L.inv(Bl);
    const w = L.eigvalsh(Bi.matmul(A).matmul(Bi.mT)); // eigenvalues of A·x = λ·B·x
    const [E, X] = torch.lobpcg(A, { k: 2, B, X: torch.randn([30, 3], f64) });
    close(E, w.flip([0]).narrow(0, 0, 2), 1e-7, "generalised largest");
    close(X.mT.matmul(B).matmul(X), torch.eye(2, f64), 1e-8, "B-orthonormal");
    const [Ep] = torch.lobpcg(A, { k: 1, largest: false, iK: L.inv(A) });
    close(Ep, L.eigvalsh(A).narrow(0, 0, 1), 1e-8, "preconditioned smallest");
    const As = torch.stack([A, A.mul(2)]);
    const [Eb] = torch.lobpcg(As.to("float32"), { k: 1 });
    assert.equal(Eb.dtype, "float32");
    assert.ok(Math.abs((Eb.select(0, 1).item() as number) / (Eb.select(0, 0).item() as number) - 2) < 1e-4);
  });
});
