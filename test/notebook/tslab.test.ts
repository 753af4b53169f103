/**
 * docs/notebooks.md, checked in a real tslab kernel driven by jupyter_client (Debian's
 * python3-jupyter-client): antorcha is `require`d by tslab's CommonJS cells, a tensor and a
 * module show as PyTorch prints them, a figure as a cell's value and `await fig.show()` display
 * SVG, and `model.summary()` prints once. Skipped, saying why, where Jupyter or tslab is absent.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const PY = "/usr/bin/python3";

function why(): string | false {
  if (!existsSync(PY)) return "no /usr/bin/python3 (apt-get install python3-jupyter-client)";
  const probe = spawnSync(
    PY,
    ["-c", "from jupyter_client.kernelspec import KernelSpecManager as K; print(' '.join(K().find_kernel_specs()))"],
    { encoding: "utf8" },
  );
  if (probe.status !== 0) return "jupyter_client is not installed (apt-get install python3-jupyter-client)";
  if (!probe.stdout.split(/\s+/).includes("tslab")) return "no tslab kernel (npm install -g tslab && tslab install)";
  if (!existsSync(join(root, "build", "Release", "antorcha_native.node"))) return "the native core is not built here";
  return false;
}
const skip = why();
if (skip) console.log(`# tslab notebook test skipped: ${skip}`);

test("tslab: tensors, modules, figures and summary() in notebook cells", { skip, timeout: 600_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "antorcha-tslab-"));
  try {
    // The package as installed: compiled dist/ beside this checkout's native build and dependencies.
    const pkg = join(work, "pkg");
    mkdirSync(pkg);
    const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
    const built = spawnSync(
      process.execPath,
      [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", join(pkg, "dist")],
      {
        encoding: "utf8",
      },
    );
    assert.equal(built.status, 0, built.stdout + built.stderr);
    copyFileSync(join(root, "package.json"), join(pkg, "package.json"));
    symlinkSync(join(root, "node_modules"), join(pkg, "node_modules"));
    symlinkSync(join(root, "build"), join(pkg, "build"));
    const nb = join(work, "notebook");
    mkdirSync(join(nb, "node_modules"), { recursive: true });
    symlinkSync(pkg, join(nb, "node_modules", "antorcha"));

    const cells = [
      `import * as torch from "antorcha";\nconst { nn, plot, keras } = torch;`,
      `torch.tensor([[1, 2], [3, 4]])`,
      `new nn.Linear(2, 3)`,
      `plot.linePlot({ loss: [3, 2, 1] })`,
      `await plot.linePlot({ acc: [1, 2, 3] }).show();`,
      `const m = keras.Sequential([keras.layers.Dense(2, { inputShape: [3] })]);\nm.summary();`,
      `torch.getBackend()`,
    ];
    const r = spawnSync(PY, [join(root, "test", "notebook", "kernel.py"), "tslab", nb, JSON.stringify(cells)], {
      encoding: "utf8",
      timeout: 540_000,
    });
    assert.equal(r.status, 0, r.stderr);
    type Out = { type: string; name?: string; text?: string; data?: Record<string, string> };
    const outs = JSON.parse(r.stdout) as Out[][];
    const text = (i: number): string =>
      outs[i]!.filter((o) => o.type === "stream")
        .map((o) => o.text)
        .join("");
    const displays = (i: number): Record<string, string>[] =>
      outs[i]!.filter((o) => o.type === "display").map((o) => o.data!);
    outs.forEach((o, i) => assert.ok(!o.some((x) => x.type === "error"), `cell ${i}: ${JSON.stringify(o)}`));
    assert.equal(text(0), "", "the import cell prints nothing (no fallback notice)");
    assert.equal(text(1), "tensor([[1, 2],\n        [3, 4]])\n"); // int64, as PyTorch
    assert.equal(text(2), "Linear(in_features=2, out_features=3, bias=True)\n");
    assert.equal(text(3), "Figure(1×1, 1 chart)\n");
    assert.equal(displays(3).length, 1, `a figure as the cell's value is displayed: ${JSON.stringify(outs[3])}`);
    assert.match(displays(3)[0]!["text/html"]!, /<svg[\s\S]*<\/svg>/);
    assert.equal(text(4), "", "show() returns nothing, so the cell prints nothing");
    assert.equal(displays(4).length, 1);
    assert.match(displays(4)[0]!["text/html"]!, /<svg[\s\S]*<\/svg>/);
    assert.equal(text(5).match(/Total params/g)?.length, 1, `summary() prints once:\n${text(5)}`);
    assert.equal(text(6), "native\n");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
