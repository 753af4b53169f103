/** CSV loader: good inputs and ≥ 25 malformed ones → CsvFormatError naming line and column. */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import * as torch from "../../src/index.js";

const { datasets } = torch.data;

describe("parseCsv / loadCsv", () => {
  test("header, quoting, CRLF, BOM, blank lines, special values", () => {
    const t = datasets.parseCsv(
      '\ufeffa,"b ""q""",c\r\n1,2.5,-3e2\r\n\r\n"4",nan,-inf\n+.5,1_000,0x\n'.replace(",0x", ",7"),
    );
    assert.deepEqual(t.columns, ["a", 'b "q"', "c"]);
    assert.equal(t.data.dtype, "float32");
    assert.deepEqual(t.data.shape, [3, 3]);
    const v = Array.from(t.data.dataFloat());
    assert.deepEqual(v.slice(0, 4), [1, 2.5, -300, 4]);
    assert.ok(Number.isNaN(v[4]!));
    assert.deepEqual(v.slice(5), [-Infinity, 0.5, 1000, 7]);
  });
  test("columns, dtype, delimiter, no header, missing", () => {
    const t = datasets.parseCsv("x;y;z\n1;2;3\n4;5;6\n", { delimiter: ";", columns: ["z", 0], dtype: "int64" });
    assert.deepEqual(t.columns, ["z", "x"]);
    assert.deepEqual(t.data.tolist(), [
      [3, 1],
      [6, 4],
    ]);
    assert.equal(t.data.dtype, "int64");
    const h = datasets.parseCsv("1,2\n3,\n", { header: false, missing: -1, dtype: "float64" });
    assert.deepEqual(h.columns, ["0", "1"]);
    assert.deepEqual(h.data.tolist(), [
      [1, 2],
      [3, -1],
    ]);
  });
  test("loadCsv reads a file", () => {
    const d = mkdtempSync(join(tmpdir(), "antorcha-csv-"));
    writeFileSync(join(d, "a.csv"), "x,y\n0.5,1\n");
    assert.deepEqual(datasets.loadCsv(join(d, "a.csv")).data.tolist(), [[0.5, 1]]);
  });
});

// [name, text, options, code, line, column]
const bad: [string, string, object, string, number, number][] = [
  ["empty text", "", {}, "CSV_EMPTY", 1, 0],
  ["only blank lines", "\n\n\r\n", {}, "CSV_EMPTY", 1, 0],
  ["header only", "a,b\n", {}, "CSV_NO_ROWS", 2, 0],
  ["word in a cell", "a,b\n1,2\n3,four\n", {}, "CSV_NOT_NUMERIC", 3, 2],
  ["comma decimal", "a;b\n1,5;2\n", { delimiter: ";" }, "CSV_NOT_NUMERIC", 2, 1],
  ["hex number", "a\n0x1F\n", {}, "CSV_NOT_NUMERIC", 2, 1],
  ["two dots", "a\n1.2.3\n", {}, "CSV_NOT_NUMERIC", 2, 1],
  ["dangling exponent", "a\n1e\n", {}, "CSV_NOT_NUMERIC", 2, 1],
  ["currency", "a,b\n1,$5\n", {}, "CSV_NOT_NUMERIC", 2, 2],
  ["percent", "a\n5%\n", {}, "CSV_NOT_NUMERIC", 2, 1],
  ["boolean word", "a\ntrue\n", {}, "CSV_NOT_NUMERIC", 2, 1],
  ["double sign", "a\n--1\n", {}, "CSV_NOT_NUMERIC", 2, 1],
  ["inner space", "a\n1 2\n", {}, "CSV_NOT_NUMERIC", 2, 1],
  ["quoted text", 'a,b\n1,"x"\n', {}, "CSV_NOT_NUMERIC", 2, 2],
  ["empty cell", "a,b\n1,\n", {}, "CSV_EMPTY_CELL", 2, 2],
  ["whitespace cell", "a,b\n 1 ,  \n", {}, "CSV_EMPTY_CELL", 2, 2],
  ["too few fields", "a,b,c\n1,2,3\n4,5\n", {}, "CSV_FIELD_COUNT", 3, 0],
  ["too many fields", "a,b\n1,2,3\n", {}, "CSV_FIELD_COUNT", 2, 0],
  ["trailing delimiter", "a,b\n1,2,\n", {}, "CSV_FIELD_COUNT", 2, 0],
  ["ragged without header", "1,2\n3\n", { header: false }, "CSV_FIELD_COUNT", 2, 0],
  ["unterminated quote", 'a,b\n1,"2\n3,4\n', {}, "CSV_UNTERMINATED_QUOTE", 2, 2],
  ["text after closing quote", 'a,b\n1,"2"x\n', {}, "CSV_BAD_QUOTE", 2, 2],
  ["quote inside unquoted field", 'a,b\n1,2"3\n', {}, "CSV_BAD_QUOTE", 2, 2],
  ["NUL byte", "a,b\n1,\0\n", {}, "CSV_BINARY", 2, 2],
  ["duplicate column", "a,b,a\n1,2,3\n", {}, "CSV_DUPLICATE_COLUMN", 1, 3],
  ["empty column name", "a,,c\n1,2,3\n", {}, "CSV_EMPTY_HEADER", 1, 2],
  ["fraction for an int dtype", "a\n1.5\n", { dtype: "int32" }, "CSV_NOT_INTEGER", 2, 1],
  ["out of range for uint8", "a\n1\n256\n", { dtype: "uint8" }, "CSV_OUT_OF_RANGE", 3, 1],
  ["negative for uint8", "a\n-1\n", { dtype: "uint8" }, "CSV_OUT_OF_RANGE", 2, 1],
  ["nan for an int dtype", "a\nnan\n", { dtype: "int64" }, "CSV_NOT_INTEGER", 2, 1],
  ["error after a multi-line quoted field", 'a,b\n"1\n",2\nx,3\n', {}, "CSV_NOT_NUMERIC", 4, 1],
  ["error line counts CRLF", "a\r\n1\r\n2\r\nbad\r\n", {}, "CSV_NOT_NUMERIC", 4, 1],
];

describe(`malformed CSV (${bad.length} cases) → CsvFormatError`, () => {
  for (const [name, text, opts, code, line, column] of bad) {
    test(name, () => {
      assert.throws(
        () => datasets.parseCsv(text, opts as never, `${name}.csv`),
        (e: unknown) => {
          assert.ok(e instanceof datasets.CsvFormatError, `not a CsvFormatError: ${String(e)}`);
          assert.equal(e.code, code, e.message);
          assert.equal(e.line, line, e.message);
          assert.equal(e.column, column, e.message);
          assert.ok(e.message.startsWith(`[loadCsv] ${name}.csv`), e.message);
          if (line > 0) assert.ok(e.message.includes(`line ${line}`), e.message);
          if (column > 0) assert.ok(e.message.includes(`column ${column}`), e.message);
          return true;
        },
      );
    });
  }
  test("file-level errors", () => {
    assert.throws(
      () => datasets.loadCsv("/nonexistent.csv"),
      (e: unknown) => e instanceof datasets.CsvFormatError && e.code === "CSV_READ_FAILED",
    );
    const d = mkdtempSync(join(tmpdir(), "antorcha-csv-"));
    writeFileSync(join(d, "bin.csv"), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    assert.throws(
      () => datasets.loadCsv(join(d, "bin.csv")),
      (e: unknown) => e instanceof datasets.CsvFormatError && e.code === "CSV_BAD_ENCODING",
    );
  });
  test("bad options are TypeErrors/RangeErrors", () => {
    assert.throws(() => datasets.parseCsv("a\n1\n", { delimiter: "ab" }), /delimiter must be one character/);
    assert.throws(() => datasets.parseCsv("a\n1\n", { delimiter: '"' }), /delimiter must be one character/);
    assert.throws(() => datasets.parseCsv("a\n1\n", { dtype: "bool" }), /dtype must be a numeric dtype/);
    assert.throws(() => datasets.parseCsv("a\n1\n", { columns: ["b"] }), /unknown column "b"/);
    assert.throws(() => datasets.parseCsv("a\n1\n", { columns: [3] }), /column index 3 is out of range/);
    assert.throws(() => datasets.parseCsv("1\n", { header: false, columns: ["a"] }), /select by index/);
  });
});
