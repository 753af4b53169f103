/**
 * The PyTorch tutorial's first program: fit y = sin(x) on [-π, π] with a third-order polynomial
 * a + b·x + c·x² + d·x³, by gradient descent — first with hand-written gradients, then with
 * autograd. Run: npx tsx examples/polynomial-fit.ts [iterations]
 */
import * as torch from "../src/index.js";

export interface FitResult {
  loss: number;
  coefficients: [number, number, number, number];
}

const LR = 1e-6;

function data(): { x: torch.Tensor; y: torch.Tensor } {
  const x = torch.linspace(-Math.PI, Math.PI, 2000);
  return { x, y: torch.sin(x) };
}

function report(t: number, loss: number, log: (s: string) => void): void {
  if (t % 100 === 99) log(`${t} ${loss}`);
}

/** Gradient descent with the gradients derived by hand (no autograd). */
export function fitManual(iterations = 2000, log: (s: string) => void = console.log): FitResult {
  const { x, y } = data();
  torch.manualSeed(0);
  let [a, b, c, d] = [torch.randn([]), torch.randn([]), torch.randn([]), torch.randn([])];
  const x2 = x.pow(2);
  const x3 = x.pow(3);
  let loss = NaN;
  for (let t = 0; t < iterations; t++) {
    const yPred = a.add(b.mul(x)).add(c.mul(x2)).add(d.mul(x3));
    loss = yPred.sub(y).pow(2).sum().item() as number;
    report(t, loss, log);
    // d(loss)/d(y_pred) = 2 (y_pred − y), then the chain rule by hand.
    const gradYPred = yPred.sub(y).mul(2);
    a = a.sub(gradYPred.sum().mul(LR));
    b = b.sub(gradYPred.mul(x).sum().mul(LR));
    c = c.sub(gradYPred.mul(x2).sum().mul(LR));
    d = d.sub(gradYPred.mul(x3).sum().mul(LR));
  }
  const coefficients = [a, b, c, d].map((v) => v.item() as number) as FitResult["coefficients"];
  return { loss, coefficients };
}

/** The same fit with autograd computing the gradients. */
export function fitAutograd(iterations = 2000, log: (s: string) => void = console.log): FitResult {
  const { x, y } = data();
  torch.manualSeed(0);
  const params = [0, 1, 2, 3].map(() => torch.randn([], { requiresGrad: true }));
  const [a, b, c, d] = params as [torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor];
  let loss = NaN;
  for (let t = 0; t < iterations; t++) {
    const yPred = a.add(b.mul(x)).add(c.mul(x.pow(2))).add(d.mul(x.pow(3)));
    const l = yPred.sub(y).pow(2).sum();
    loss = l.item() as number;
    report(t, loss, log);
    l.backward();
    torch.noGrad(() => {
      for (const p of params) {
        p.sub_(p.grad!.mul(LR));
        p.grad = null;
      }
    });
  }
  const coefficients = params.map((v) => v.item() as number) as FitResult["coefficients"];
  return { loss, coefficients };
}

function polynomial([a, b, c, d]: FitResult["coefficients"]): string {
  return `y = ${a} + ${b} x + ${c} x^2 + ${d} x^3`;
}

export function main(iterations = 2000): void {
  console.log("— manual gradients —");
  const manual = fitManual(iterations);
  console.log(`Result: ${polynomial(manual.coefficients)}`);
  console.log("— autograd —");
  const auto = fitAutograd(iterations);
  console.log(`Result: ${polynomial(auto.coefficients)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv[2] ? Number(process.argv[2]) : 2000);
}
