/** Every optimizer and option against PyTorch 1.13 trajectories (scripts/fixtures/optim.py). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { optim } from "../../src/index.js";
import { decode } from "../ops/fixture.js";
import { assertClose, camel, decodeState, fx, loss, type OptCase } from "./helpers.js";

type Ctor = new (params: never, opts?: never) => optim.Optimizer;
const CLASSES: Record<string, Ctor> = {
  SGD: optim.SGD as unknown as Ctor,
  Adam: optim.Adam as unknown as Ctor,
  AdamW: optim.AdamW as unknown as Ctor,
  RMSprop: optim.RMSprop as unknown as Ctor,
  Adagrad: optim.Adagrad as unknown as Ctor,
  Adadelta: optim.Adadelta as unknown as Ctor,
  Adamax: optim.Adamax as unknown as Ctor,
  NAdam: optim.NAdam as unknown as Ctor,
  RAdam: optim.RAdam as unknown as Ctor,
};
const RTOL = 1e-5;
const ATOL = 1e-6;
/**
 * NAdam at lr 0.05 makes w[0] oscillate with growing amplitude, which amplifies a 1-ulp float32
 * difference at step 3 (PyTorch's fused float32 addcdiv vs our rounded steps) to ~1e-5 by step
 * 15; its float64 run matches PyTorch to 1e-10, so the formula is right.
 */
const DRIFT: Record<string, number> = { 'NAdam {"lr":0.05}': 1e-4 };

export function build(
  c: OptCase,
  dtype: torch.DType = "float32",
): { opt: optim.Optimizer; w: torch.Tensor; b: torch.Tensor } {
  const w = decode(fx.optimizers.w0).to(dtype).requiresGrad_();
  const b = decode(fx.optimizers.b0).to(dtype).requiresGrad_();
  const params = c.group2 === null ? [w, b] : [{ params: [w] }, { ...camel(c.group2), params: [b] }];
  const opt = new CLASSES[c.name]!(params as never, camel(c.kwargs) as never);
  return { opt, w, b };
}

function stepOnce(opt: optim.Optimizer, w: torch.Tensor, b: torch.Tensor): void {
  opt.zeroGrad();
  loss(w, b).backward();
  opt.step();
}

const label = (c: OptCase): string =>
  `${c.name} ${JSON.stringify(c.kwargs)}${c.group2 ? ` + group ${JSON.stringify(c.group2)}` : ""}`;

describe("optimizer trajectories match PyTorch", () => {
  for (const c of fx.optimizers.cases) {
    it(label(c), () => {
      const { opt, w, b } = build(c);
      const rtol = DRIFT[label(c)] ?? RTOL;
      c.traj.forEach(([wt, bt], i) => {
        stepOnce(opt, w, b);
        assertClose(w, wt, rtol, ATOL, `w after step ${i + 1}`);
        assertClose(b, bt, rtol, ATOL, `b after step ${i + 1}`);
      });
    });
  }
});

describe("float64 trajectories match PyTorch's to 1e-10 (the formulas, free of float32 drift)", () => {
  for (const c of fx.optimizers.cases) {
    it(label(c), () => {
      const { opt, w, b } = build(c, "float64");
      c.traj64.forEach((want, i) => {
        stepOnce(opt, w, b);
        const got = [...w.dataFloat(), ...b.dataFloat()];
        got.forEach((g, j) =>
          assert.ok(
            Math.abs(g - want[j]!) <= 1e-10 + 1e-10 * Math.abs(want[j]!),
            `step ${i + 1} [${j}]: got ${g}, expected ${want[j]}`,
          ),
        );
      });
    });
  }
});

describe("stateDict in PyTorch's layout", () => {
  for (const c of fx.optimizers.cases) {
    it(`${label(c)}: keys, round trip, and PyTorch's state dict loads`, () => {
      const { opt, w, b } = build(c);
      for (let i = 0; i < 5; i++) stepOnce(opt, w, b);
      const sd = opt.stateDict();
      // state keys equal PyTorch's; group keys are PyTorch's (minus foreach/differentiable/…)
      assert.deepEqual(
        Object.fromEntries(Object.entries(sd.state).map(([k, v]) => [k, Object.keys(v).sort()])),
        c.stateKeys,
      );
      sd.param_groups.forEach((g, i) => {
        for (const k of Object.keys(g))
          assert.ok(c.groupKeys[i]!.includes(k), `group key ${k} not in PyTorch's ${c.groupKeys[i]}`);
        for (const [k, v] of Object.entries(c.sd5.param_groups[i]!))
          if (k in g) assert.deepEqual(g[k], v, `group ${i} ${k}`);
      });
      // the saved dict is a deep copy: stepping on does not change it
      const saved = JSON.stringify(sd, (_, v: unknown) => (v instanceof torch.Tensor ? v.tolist() : v));
      // resume from our own dict, and from PyTorch's, in fresh optimizers: same trajectory
      const fresh = [build(c), build(c)];
      torch.noGrad(() =>
        fresh.forEach((f) => {
          f.w.copy_(w);
          f.b.copy_(b);
        }),
      );
      fresh[0]!.opt.loadStateDict(sd);
      fresh[1]!.opt.loadStateDict(decodeState(c.sd5) as never);
      for (let i = 5; i < c.traj.length; i++) {
        for (const f of [{ opt, w, b }, ...fresh]) stepOnce(f.opt, f.w, f.b);
        for (const f of [{ opt, w, b }, ...fresh]) {
          assertClose(f.w, c.traj[i]![0], DRIFT[label(c)] ?? RTOL, ATOL, `w after step ${i + 1}`);
          assertClose(f.b, c.traj[i]![1], DRIFT[label(c)] ?? RTOL, ATOL, `b after step ${i + 1}`);
        }
      }
      assert.equal(
        JSON.stringify(sd, (_, v: unknown) => (v instanceof torch.Tensor ? v.tolist() : v)),
        saved,
      );
    });
  }
});
