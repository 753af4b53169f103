/**
 * `npm run demo`: a tour of what antorcha does today — seeded tensors that match PyTorch,
 * broadcasting, printing, and the tutorials' polynomial fit trained with autograd.
 */
import * as torch from "../src/index.js";
import { fitAutograd } from "./polynomial-fit.js";

function section(title: string): void {
  console.log(`\n=== ${title} ===`);
}

section("Seeded tensors (the same numbers PyTorch gives for manual_seed(1729))");
torch.manualSeed(1729);
const r1 = torch.rand(2, 3);
torch.manualSeed(1729);
const r2 = torch.rand(2, 3);
console.log(r1);
console.log("equal after re-seeding:", torch.equal(r1, r2));

section("Broadcasting: (4,3,2) * (3,1)");
const a = torch.ones(4, 3, 2);
const b = torch.arange(3, { dtype: torch.float32 }).reshape(3, 1);
console.log(a.mul(b).shape, "→", a.mul(b).index(0));

section("dtypes and promotion");
const i = torch.tensor([1, 2, 3]);
console.log(i, "+ 0.5 →", i.add(0.5));
console.log(torch.tensor([7, -7]).div(2), torch.tensor([2.7, -2.7]).to("int32"));

section("Autograd: fit sin(x) with a cubic polynomial (2000 steps)");
const t0 = performance.now();
const fit = fitAutograd(2000, (line) => console.log("  iter/loss", line));
const [c0, c1, c2, c3] = fit.coefficients.map((v) => v.toFixed(5));
console.log(`y = ${c0} + ${c1} x + ${c2} x^2 + ${c3} x^3   (loss ${fit.loss.toFixed(3)}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
