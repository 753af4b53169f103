/**
 * webgpu kernel coverage without a GPU: the backend supplies every kernel of the Backend
 * interface, the ones without WGSL are exactly those listed in WEBGPU_GAPS (each with a reason),
 * and `torch.webgpu.gaps` is that list.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as torch from "../../../src/index.js";
import { BINARY_OPS, REDUCE_OPS, SCAN_OPS, UNARY_OPS } from "../../../src/backend/backend.js";
import { WEBGPU_GAPS, webgpuBackend } from "../../../src/backend/webgpu/backend.js";

describe("webgpu kernel coverage", () => {
  it("every primitive has a webgpu entry, and the gaps are exactly the listed ones", () => {
    const b = webgpuBackend as unknown as Record<string, unknown>;
    const entries: [string, unknown][] = [
      ...UNARY_OPS.map((k) => [`unary.${k}`, webgpuBackend.unary[k]] as [string, unknown]),
      ...BINARY_OPS.map((k) => [`binary.${k}`, webgpuBackend.binary[k]] as [string, unknown]),
      ...REDUCE_OPS.map((k) => [`reduce.${k}`, webgpuBackend.reduce[k]] as [string, unknown]),
      ...SCAN_OPS.map((k) => [`scan.${k}`, webgpuBackend.scan[k]] as [string, unknown]),
      ...["copy", "fill", "where", "matmul", "gather", "scatter", "indexSelect", "indexPut", "nonzero", "sort"].map(
        (k) => [k, b[k]] as [string, unknown],
      ),
    ];
    for (const [name, f] of entries) assert.equal(typeof f, "function", `webgpu kernel ${name}`);
    const marked = entries.filter(([, f]) => (f as { webgpuGap?: boolean }).webgpuGap === true).map(([n]) => n);
    assert.deepEqual(marked.sort(), Object.keys(WEBGPU_GAPS).sort());
    for (const [k, why] of Object.entries(WEBGPU_GAPS)) assert.ok(why.length > 10, `a reason for ${k}`);
    assert.equal(torch.webgpu.gaps, WEBGPU_GAPS);
  });

  it("a gap kernel raises naming the op, never computing on the CPU", () => {
    assert.throws(
      () => webgpuBackend.nonzero(null as never),
      /^Error: \[nonzero\] not available on webgpu yet: the nonzero kernel has no WGSL version/,
    );
  });
});
