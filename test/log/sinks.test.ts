/** ConsoleLogger and JsonlLogger output. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as torch from "../../src/index.js";
import { ConsoleLogger, JsonlLogger } from "../../src/log/index.js";

describe("metric sinks", () => {
  it("ConsoleLogger prints one line per step", () => {
    const lines: string[] = [];
    const c = new ConsoleLogger({ print: (l) => lines.push(l) });
    c.log({ loss: torch.tensor(0.123456), epoch: 3 }, 10);
    c.log({ acc: 0.5 });
    assert.deepEqual(lines, ["step 10 | loss 0.1235 | epoch 3", "acc 0.5000"]);
    assert.throws(
      () => c.log({ x: "a" as never }),
      /\[ConsoleLogger\] metric x must be a number or a one-element tensor: got string/,
    );
  });

  it("JsonlLogger appends one JSON object per step", () => {
    const path = join(mkdtempSync(join(tmpdir(), "antorcha-jsonl-")), "sub", "m.jsonl");
    const j = new JsonlLogger(path);
    j.log({ loss: 0.5 }, 1);
    j.log({ loss: torch.tensor(0.25) }, 2);
    const rows = readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      rows.map((r) => [r.step, r.loss]),
      [
        [1, 0.5],
        [2, 0.25],
      ],
    );
    assert.ok(rows.every((r) => typeof r.wall_time === "number"));
  });
});
