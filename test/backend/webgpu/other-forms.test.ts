/**
 * Registry ops the op-spec table does not reach on webgpu (no spec row of their own — their
 * forms have rows under other names — or creation ops with no tensor input) run there too,
 * with the CPU's results, on the device.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import * as torch from "../../../src/index.js";
import { describeWebgpu } from "./setup.js";

type Result = torch.Tensor | torch.Tensor[] | { values: torch.Tensor; indices: torch.Tensor };
const list = (r: Result): torch.Tensor[] =>
  Array.isArray(r) ? r : r instanceof torch.Tensor ? [r] : [r.values, r.indices];

const CASES: [string, (t: torch.Tensor) => Result][] = [
  ["viewAs", (t) => t.viewAs(torch.zeros([4, 3], { device: t.device }))],
  ["reshapeAs", (t) => t.reshapeAs(torch.zeros([2, 6], { device: t.device }))],
  ["max", (t) => t.max()],
  ["max over a dim", (t) => t.max(1)],
  ["min over a dim", (t) => t.min(0)],
  ["median over a dim", (t) => t.median(1)],
  ["indexPut_", (t) => t.clone().indexPut_([torch.tensor([0, 2])], torch.tensor(5).to(t.device))],
  ["scatter_", (t) => t.clone().scatter_(1, torch.tensor([[0], [1], [2]]).to(t.device), 9)],
  ["scatterAdd_", (t) => t.clone().scatterAdd_(1, torch.tensor([[0], [1], [2]]).to(t.device), torch.ones([3, 1]).to(t.device))],
  ["type", (t) => t.type("torch.IntTensor")],
  ["unfold", (t) => t.unfold(1, 2, 1)],
  ["trilIndices", (t) => torch.trilIndices(3, 3, 0, { device: t.device })],
  ["triuIndices", (t) => torch.triuIndices(3, 4, 1, { device: t.device })],
  ["emptyStrided", (t) => torch.emptyStrided([2, 2], [1, 2], { device: t.device }).fill_(1)],
  ["asTensor", (t) => torch.asTensor([1, 2], { device: t.device })],
]; // prettier-ignore

describeWebgpu("ops outside the spec table on webgpu", () => {
  for (const [name, f] of CASES) {
    it(`${name}: the CPU's result, on webgpu`, async () => {
      const x = torch.arange(12, { dtype: "float32" }).reshape(3, 4);
      const want = list(f(x));
      const got = list(f(x.to("webgpu")));
      assert.equal(got.length, want.length);
      for (let i = 0; i < want.length; i++) {
        assert.equal(got[i]!.device.type, "webgpu", `${name} output ${i} on webgpu`);
        assert.deepEqual(await got[i]!.array(), want[i]!.tolist());
      }
    });
  }
});
