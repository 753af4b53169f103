/**
 * Per-op overhead: elementwise ops on 1-element float32 tensors, without autograd and with an
 * input that requires grad (so every op records a graph node), antorcha vs PyTorch (Python
 * API) in one run, A B A B with the best of each. µs per op; lower is better.
 * `npx tsx bench/overhead.ts`
 */
import * as torch from "../src/index.js";
import { alternate, fmt, runPyTorch, table, time } from "./common.js";

const OPS = ["add", "mul", "exp", "relu"] as const;
type Op = (typeof OPS)[number];
const REPS = 1000; // ops per timed call, so timer cost does not count

function antorcha(): Map<string, number> {
  const res = new Map<string, number>();
  for (const grad of [false, true]) {
    const a = torch.tensor([1.5], { requiresGrad: grad });
    const b = torch.tensor([0.25]);
    const fns: Record<Op, () => unknown> = {
      add: () => torch.add(a, b),
      mul: () => torch.mul(a, b),
      exp: () => torch.exp(a),
      relu: () => torch.relu(a),
    };
    for (const op of OPS) {
      const f = fns[op];
      const s = time(() => {
        for (let i = 0; i < REPS; i++) f();
      });
      res.set(`${op} ${grad}`, (s / REPS) * 1e6);
    }
  }
  return res;
}

function pytorch(): Map<string, number> | string {
  const r = runPyTorch<Record<string, number>>(
    1,
    `
out = {}
for grad in [False, True]:
    a = torch.tensor([1.5], requires_grad=grad); b = torch.tensor([0.25])
    for op, f in [("add", lambda: torch.add(a, b)), ("mul", lambda: torch.mul(a, b)), ("exp", lambda: torch.exp(a)), ("relu", lambda: torch.relu(a))]:
        def g():
            for _ in range(${REPS}): f()
        out[f"{op} {'true' if grad else 'false'}"] = bench(g) / ${REPS} * 1e6
print(json.dumps(out))
`,
  );
  return typeof r === "string" ? r : new Map(Object.entries(r));
}

const { ours, theirs } = alternate(antorcha, pytorch, "min");
const info = torch.nativeInfo();
console.log(
  `antorcha (${info.available ? `native ${info.isa}` : "reference"}) vs PyTorch, 1-element float32 tensors\n`,
);
const rows: (string | number)[][] = [];
for (const [k, us] of ours) {
  const [op, grad] = k.split(" ");
  const p = typeof theirs === "string" ? NaN : (theirs.get(k) ?? NaN);
  rows.push([op!, grad === "true" ? "yes" : "no", fmt(us, 2), fmt(p, 2), `${fmt(p / us, 1)}x`]);
}
console.log(table(["op", "autograd", "antorcha µs/op", "PyTorch µs/op", "PyTorch/antorcha"], rows));
if (typeof theirs === "string") console.log(`\nPyTorch not measured: ${theirs}`);
