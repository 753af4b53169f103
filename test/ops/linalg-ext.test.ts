/**
 * torch.linalg properties the small PyTorch fixtures do not reach: the blocked LU/Cholesky paths
 * (n above the block size), reconstruction and orthogonality of QR/eigh/SVD on larger and
 * rectangular inputs, full_matrices completions, dtype preservation, and the Tensor methods.
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

function orthonormalCols(q: Tensor, tol: number, what: string): void {
  const k = q.shape[q.dim() - 1]!;
  close(q.mT.matmul(q), torch.eye(k, f64).expand([...q.shape.slice(0, -2), k, k]), tol, what);
}

/** P·L·U rebuilt from luFactor's packed output and 1-based pivots. */
function rebuildLu(LU: Tensor, piv: Tensor): Tensor {
  const n = LU.shape[0]!;
  const Lm = LU.tril(-1).add(torch.eye(n, f64));
  const U = LU.triu();
  const rows = Array.from({ length: n }, (_, i) => i);
  const p = piv.dataFloat();
  for (let i = 0; i < n; i++) {
    const j = p[i]! - 1;
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const PA = Lm.matmul(U);
  // rows[i] is the original row now at position i: undo the permutation
  const inv = new Array<number>(n);
  rows.forEach((r, i) => (inv[r] = i));
  return PA.index(torch.tensor(inv, { dtype: "int64" }));
}

describe("torch.linalg on larger inputs", () => {
  it("blocked LU (n = 150) rebuilds A and agrees with det", () => {
    const A = torch.randn([150, 150], f64);
    const [LU, piv] = L.luFactor(A);
    assert.equal(piv.dtype, "int32");
    close(rebuildLu(LU, piv), A, 1e-10, "P·L·U");
    const [sign, logabs] = L.slogdet(A);
    const d = L.det(A.div(2)).item() as number; // det(A/2) = det(A)/2^150, keeps it finite
    assert.ok(Math.abs(Math.log(Math.abs(d)) - ((logabs.item() as number) - 150 * Math.log(2))) < 1e-8);
    assert.equal(Math.sign(d), sign.item());
  });

  it("blocked Cholesky (n = 130) rebuilds A; solve/inv agree", () => {
    const X = torch.randn([130, 130], f64);
    const A = X.matmul(X.mT).add(torch.eye(130, f64).mul(130));
    const Lc = L.cholesky(A);
    assert.equal(maxAbs(Lc.triu(1)), 0);
    close(Lc.matmul(Lc.mT), A, 1e-9, "L·Lᵀ");
    const b = torch.randn([130, 2], f64);
    close(A.matmul(L.solve(A, b)), b, 1e-10, "A·solve(A, b)");
    close(L.inv(A).matmul(A), torch.eye(130, f64), 1e-10, "inv(A)·A");
  });

  it("QR of tall, wide, batched and blocked-size (k > 96) inputs", () => {
    for (const shape of [
      [40, 25],
      [25, 40],
      [3, 6, 6],
    ]) {
      const A = torch.randn(shape, f64);
      const [Q, R] = L.qr(A);
      orthonormalCols(Q, 1e-12, `Q of ${shape}`);
      assert.equal(maxAbs(R.tril(-1)), 0);
      close(Q.matmul(R), A, 1e-12, `Q·R of ${shape}`);
    }
    const [Qc, Rc] = L.qr(torch.randn([6, 3], f64), { mode: "complete" });
    assert.deepEqual([...Qc.shape, ...Rc.shape], [6, 6, 6, 3]);
    orthonormalCols(Qc, 1e-12, "complete Q");
  });

  it("eigh: ascending eigenvalues, orthonormal vectors, A·V = V·diag(L)", () => {
    const X = torch.randn([2, 30, 30], f64);
    const A = X.add(X.mT);
    const [w, V] = L.eigh(A);
    const wv = w.dataFloat();
    for (let b = 0; b < 2; b++) for (let i = 1; i < 30; i++) assert.ok(wv[b * 30 + i]! >= wv[b * 30 + i - 1]!);
    orthonormalCols(V, 1e-12, "V");
    close(A.matmul(V), V.mul(w.unsqueeze(-2)), 1e-11, "A·V");
    close(L.eigvalsh(A), w, 0, "eigvalsh");
  });

  it("svd: descending values, reconstruction, full_matrices completion", () => {
    for (const shape of [
      [30, 20],
      [20, 30],
    ]) {
      const A = torch.randn(shape, f64);
      const [U, S, Vh] = L.svd(A, { fullMatrices: false });
      const s = S.dataFloat();
      for (let i = 1; i < s.length; i++) assert.ok(s[i]! <= s[i - 1]!);
      close(U.mul(S.unsqueeze(-2)).matmul(Vh), A, 1e-12, `U·S·Vh of ${shape}`);
      const [Uf, , Vhf] = L.svd(A);
      assert.deepEqual([...Uf.shape, ...Vhf.shape], [shape[0], shape[0], shape[1], shape[1]]);
      orthonormalCols(Uf, 1e-12, "full U");
      orthonormalCols(Vhf.mT, 1e-12, "full V");
      close(L.svdvals(A), S, 0, "svdvals");
    }
    // a rank-deficient matrix: zero singular values, U columns still orthonormal
    const R1 = torch.ones([4, 3], f64);
    const [U1, S1] = L.svd(R1, { fullMatrices: false });
    assert.ok(Math.abs((S1.dataFloat()[0] ?? 0) - Math.sqrt(12)) < 1e-12);
    orthonormalCols(U1, 1e-12, "rank-1 U");
    assert.equal(L.matrixRank(R1).item(), 1);
  });

  it("pinv and lstsq: minimum-norm least squares", () => {
    const A = torch.randn([8, 3], f64);
    const B = torch.randn([8, 2], f64);
    const [X, res, rank, sv] = L.lstsq(A, B);
    close(A.mT.matmul(A.matmul(X).sub(B)), torch.zeros([3, 2], f64), 1e-12, "normal equations");
    close(L.pinv(A).matmul(A), torch.eye(3, f64), 1e-12, "pinv(A)·A");
    assert.deepEqual([res.numel(), rank.item(), sv.numel()], [0, 3, 0]);
    assert.equal(rank.dtype, "int64");
  });

  it("matrixExp matches the series for a nilpotent matrix and exp on a diagonal", () => {
    const N = torch.tensor(
      [
        [0, 1, 2],
        [0, 0, 3],
        [0, 0, 0],
      ],
      f64,
    );
    close(
      L.matrixExp(N),
      torch.tensor(
        [
          [1, 1, 3.5],
          [0, 1, 3],
          [0, 0, 1],
        ],
        f64,
      ),
      1e-14,
      "nilpotent",
    );
    const D = torch.tensor(
      [
        [5, 0],
        [0, -3],
      ],
      f64,
    );
    close(
      L.matrixExp(D),
      torch.tensor(
        [
          [Math.exp(5), 0],
          [0, Math.exp(-3)],
        ],
        f64,
      ),
      1e-11,
      "diagonal",
    );
  });

  it("float32 in, float32 out", () => {
    const A = torch.randn([4, 4]).add(torch.eye(4).mul(4));
    for (const t of [L.det(A), L.inv(A), L.qr(A)[1], L.svd(A)[1], L.eigh(A.add(A.mT))[0], L.cholesky(A.matmul(A.mT))]) {
      assert.equal(t.dtype, "float32");
    }
  });

  it("Tensor methods and torch.* spellings", () => {
    const A = torch.tensor(
      [
        [4, 1],
        [1, 3],
      ],
      f64,
    );
    assert.equal(A.det().item(), 11);
    close(A.inverse(), L.inv(A), 0, "inverse");
    assert.equal(A.slogdet()[1].item(), Math.log(11));
    assert.ok(Math.abs((A.logdet().item() as number) - Math.log(11)) < 1e-15);
    close(A.cholesky(), L.cholesky(A), 0, "cholesky");
    close(torch.cholesky(A, true), L.cholesky(A, { upper: true }), 0, "cholesky upper");
    close(A.qr()[1], L.qr(A)[1], 0, "qr");
    close(A.svd()[2], L.svd(A)[2].mT, 0, "svd V");
    close(A.pinverse(), L.inv(A), 1e-14, "pinverse");
    close(A.matrixPower(2), A.matmul(A), 0, "matrixPower");
    close(A.matrixExp(), L.matrixExp(A), 0, "matrixExp");
    const x = torch.tensor([1, 0, 0], f64);
    close(x.cross(torch.tensor([0, 1, 0], f64)), torch.tensor([0, 0, 1], f64), 0, "cross");
    assert.equal(torch.linalg.matmul, torch.matmul);
    assert.ok(new torch.linalg.LinAlgError("x") instanceof RangeError);
  });
});
