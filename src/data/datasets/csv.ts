/**
 * CSV → tensors. RFC 4180 quoting ("a ""b"""), CRLF or LF, a UTF-8 BOM, blank lines skipped.
 * Every cell must be a number (Python `float()` syntax incl. nan/inf); problems raise
 * `CsvFormatError` naming the line and the column.
 */
import type { DType } from "../../tensor/dtype.js";
import { DTYPES, isFloatingPoint } from "../../tensor/dtype.js";
import { tensor } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { lazyBuiltin } from "../../util/node.js";
import { CsvFormatError } from "./errors.js";

const fs = lazyBuiltin("node:fs", "loadCsv", "fetch the text and pass it to parseCsv in a browser");

/** Options of `loadCsv` / `parseCsv`. */
export interface CsvOptions {
  /** The first record names the columns (default true). */
  header?: boolean;
  /** Columns to keep, by name (needs a header) or 0-based index, in this order (default all). */
  columns?: readonly (string | number)[];
  /** Tensor dtype (default float32). */
  dtype?: DType;
  /** One character (default ","). */
  delimiter?: string;
  /** Value for empty cells; without it an empty cell is an error. */
  missing?: number;
}

/** Result of `loadCsv`: the kept column names and a [rows, columns] tensor. */
export interface CsvTable {
  columns: string[];
  data: Tensor;
}

const NUMBER = /^[+-]?(?:\d+(?:_\d+)*\.?(?:\d+(?:_\d+)*)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?$/;
const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, infinity: Infinity };

interface Rec {
  line: number;
  fields: string[];
}

function records(text: string, file: string, delim: string): Rec[] {
  const out: Rec[] = [];
  const fail = (code: string, line: number, col: number, d: string): never => {
    throw new CsvFormatError(code, file, line, col, d);
  };
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    let done = false;
    let blank = true;
    while (!done) {
      if (i < n && text[i] === '"') {
        blank = false;
        const qLine = line;
        i++;
        for (;;) {
          if (i >= n)
            fail(
              "CSV_UNTERMINATED_QUOTE",
              qLine,
              fields.length + 1,
              'quoted field is never closed: expected a closing "',
            );
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === "\n") line++;
          field += c;
          i++;
        }
        if (i < n && text[i] !== delim && text[i] !== "\n" && text[i] !== "\r") {
          fail(
            "CSV_BAD_QUOTE",
            line,
            fields.length + 1,
            `unexpected ${JSON.stringify(text[i])} after a closing quote: expected a delimiter or end of line`,
          );
        }
      } else {
        while (i < n && text[i] !== delim && text[i] !== "\n" && text[i] !== "\r") {
          if (text[i] === '"')
            fail(
              "CSV_BAD_QUOTE",
              line,
              fields.length + 1,
              'a quote inside an unquoted field: expected the whole field quoted ("a ""b""")',
            );
          if (text[i] === "\0") fail("CSV_BINARY", line, fields.length + 1, "NUL byte: this is not a text CSV file");
          field += text[i];
          i++;
        }
        if (field.trim() !== "") blank = false;
      }
      fields.push(field);
      field = "";
      if (i < n && text[i] === delim) {
        blank = false;
        i++;
      } else {
        if (text[i] === "\r") i++;
        if (text[i] === "\n") i++;
        line++;
        done = true;
      }
    }
    if (!blank) out.push({ line: start, fields });
  }
  return out;
}

function parseCell(s: string, file: string, line: number, col: number, missing: number | undefined): number {
  const t = s.trim();
  if (t === "") {
    if (missing !== undefined) return missing;
    throw new CsvFormatError(
      "CSV_EMPTY_CELL",
      file,
      line,
      col,
      "empty cell: expected a number (or pass { missing: NaN })",
    );
  }
  const special = SPECIAL[t.replace(/^[+-]/, "").toLowerCase()];
  if (special !== undefined) return t.startsWith("-") ? -special : special;
  if (!NUMBER.test(t))
    throw new CsvFormatError(
      "CSV_NOT_NUMERIC",
      file,
      line,
      col,
      `cell ${JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)} is not a number`,
    );
  return Number(t.replace(/_/g, ""));
}

/**
 * Parses CSV text (see `loadCsv`); `file` names the source in errors.
 * @example parseCsv("a,b\n1,2\n3,4\n").data // tensor([[1., 2.], [3., 4.]])
 */
export function parseCsv(text: string, opts: CsvOptions = {}, file = "<string>"): CsvTable {
  const delim = opts.delimiter ?? ",";
  if (typeof delim !== "string" || delim.length !== 1 || delim === '"' || delim === "\n" || delim === "\r") {
    throw new TypeError(
      `[loadCsv] delimiter must be one character other than a quote or newline: got ${JSON.stringify(delim)}`,
    );
  }
  const dtype = opts.dtype ?? "float32";
  if (!(DTYPES as readonly string[]).includes(dtype) || dtype === "bool")
    throw new TypeError(`[loadCsv] dtype must be a numeric dtype: got ${JSON.stringify(dtype)}`);
  if (typeof text !== "string") throw new TypeError(`[loadCsv] expected text: got ${typeof text}`);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const recs = records(text, file, delim);
  if (recs.length === 0)
    throw new CsvFormatError("CSV_EMPTY", file, 1, 0, "no records: expected a header and/or data rows");
  const header = opts.header ?? true;
  let names: string[];
  if (header) {
    names = recs.shift()!.fields.map((f) => f.trim());
    const seen = new Map<string, number>();
    names.forEach((nm, k) => {
      if (nm === "") throw new CsvFormatError("CSV_EMPTY_HEADER", file, 1, k + 1, "empty column name in the header");
      if (seen.has(nm))
        throw new CsvFormatError(
          "CSV_DUPLICATE_COLUMN",
          file,
          1,
          k + 1,
          `duplicate column name ${JSON.stringify(nm)} (also column ${seen.get(nm)! + 1})`,
        );
      seen.set(nm, k);
    });
  } else {
    names = recs[0]!.fields.map((_, k) => String(k));
  }
  if (recs.length === 0)
    throw new CsvFormatError("CSV_NO_ROWS", file, 2, 0, "header only: expected at least one data row");
  const width = names.length;
  const pick = (opts.columns ?? names.map((_, k) => k)).map((c) => {
    if (typeof c === "number") {
      if (!Number.isInteger(c) || c < 0 || c >= width)
        throw new RangeError(`[loadCsv] ${file}: column index ${c} is out of range: expected 0..${width - 1}`);
      return c;
    }
    const k = header ? names.indexOf(c) : -1;
    if (k < 0)
      throw new RangeError(
        `[loadCsv] ${file}: unknown column ${JSON.stringify(c)}: expected one of ${names.join(", ")}${header ? "" : " (no header: select by index)"}`,
      );
    return k;
  });
  if (pick.length === 0) throw new RangeError(`[loadCsv] ${file}: columns is empty: expected at least one column`);
  const values = new Float64Array(recs.length * pick.length);
  const intDtype = !isFloatingPoint(dtype);
  const [lo, hi] = INT_RANGE[dtype] ?? [-Infinity, Infinity];
  recs.forEach((r, row) => {
    if (r.fields.length !== width) {
      throw new CsvFormatError("CSV_FIELD_COUNT", file, r.line, 0, `got ${r.fields.length} fields, expected ${width}`);
    }
    pick.forEach((k, j) => {
      const v = parseCell(r.fields[k]!, file, r.line, k + 1, opts.missing);
      if (intDtype) {
        if (!Number.isInteger(v))
          throw new CsvFormatError(
            "CSV_NOT_INTEGER",
            file,
            r.line,
            k + 1,
            `value ${r.fields[k]!.trim()} is not an integer: expected an integer for ${dtype}`,
          );
        if (v < lo || v > hi)
          throw new CsvFormatError(
            "CSV_OUT_OF_RANGE",
            file,
            r.line,
            k + 1,
            `value ${v} does not fit ${dtype}: expected ${lo}..${hi}`,
          );
      }
      values[row * pick.length + j] = v;
    });
  });
  const data = tensor(values, { dtype }).reshape([recs.length, pick.length]);
  return { columns: pick.map((k) => names[k]!), data };
}

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  uint8: [0, 255],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 63), 2 ** 63],
};

/**
 * Reads a numeric CSV file into a [rows, columns] tensor.
 * @example const { columns, data } = loadCsv("houses.csv", { columns: ["area", "price"], dtype: "float64" }); // fragment
 */
export function loadCsv(path: string, opts: CsvOptions = {}): CsvTable {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(path);
  } catch (e) {
    throw new CsvFormatError(
      "CSV_READ_FAILED",
      path,
      0,
      0,
      `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new CsvFormatError("CSV_BAD_ENCODING", path, 0, 0, "not valid UTF-8 text");
  }
  return parseCsv(text, opts, path);
}
