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
import { checkArity, checkBool, checkOptions, describe, optionKeys } from "../../util/args.js";

const KEYS = optionKeys("header", "columns", "dtype", "delimiter", "missing");

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

/** An integer cell's exact value (decimal digits, fraction and exponent as written), or null when not an integer. */
function exactInt(t: string): bigint | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t.replace(/_/g, ""));
  if (m === null) return null;
  let digits = (m[2] ?? "") + (m[3] ?? "");
  let exp = Number(m[4] ?? "0") - (m[3] ?? "").length;
  if (digits === "") return null;
  digits = digits.replace(/^0+(?=\d)/, "");
  if (/^0+$/.test(digits)) return 0n;
  if (exp < 0) {
    // the dropped digits must all be zero
    const cut = digits.length + exp;
    if (!/^0*$/.test(digits.slice(Math.max(0, cut)))) return null;
    digits = cut > 0 ? digits.slice(0, cut) : "0";
    exp = 0;
  }
  if (exp > 40) exp = 40; // past any int64: enough to report out of range
  const v = BigInt(digits) * 10n ** BigInt(exp);
  return m[1] === "-" ? -v : v;
}

/**
 * Parses CSV text (see `loadCsv`); `file` names the source in errors.
 * @example parseCsv("a,b\n1,2\n3,4\n").data // tensor([[1., 2.], [3., 4.]])
 */
export function parseCsv(text: string, opts: CsvOptions = {}, file = "<string>"): CsvTable {
  checkArity("parseCsv", arguments.length, 3);
  checkCsvOptions(opts);
  if (typeof file !== "string") throw new TypeError(`[loadCsv] file must be a string: got ${describe(file)}`);
  const delim = opts.delimiter ?? ",";
  if (typeof delim !== "string" || delim.length !== 1 || delim === '"' || delim === "\n" || delim === "\r") {
    throw new TypeError(
      `[loadCsv] delimiter must be one character other than a quote or newline: got ${JSON.stringify(delim)}`,
    );
  }
  const dtype = opts.dtype ?? "float32";
  if (!(DTYPES as readonly string[]).includes(dtype) || dtype === "bool")
    throw new TypeError(`[loadCsv] dtype must be a numeric dtype: got ${JSON.stringify(dtype)}`);
  if (typeof text !== "string") throw new TypeError(`[loadCsv] expected text: got ${describe(text)}`);
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
  const intDtype = !isFloatingPoint(dtype);
  const values =
    dtype === "int64" ? new BigInt64Array(recs.length * pick.length) : new Float64Array(recs.length * pick.length);
  const [lo, hi] = INT_RANGE[dtype] ?? [0n, 0n];
  let missingInt: bigint | undefined;
  if (intDtype && opts.missing !== undefined) {
    if (!Number.isInteger(opts.missing) || BigInt(opts.missing) < lo || BigInt(opts.missing) > hi) {
      throw new RangeError(
        `[loadCsv] missing must be an integer that fits ${dtype} (${lo}..${hi}): got ${opts.missing}`,
      );
    }
    missingInt = BigInt(opts.missing);
  }
  recs.forEach((r, row) => {
    if (r.fields.length !== width) {
      throw new CsvFormatError("CSV_FIELD_COUNT", file, r.line, 0, `got ${r.fields.length} fields, expected ${width}`);
    }
    pick.forEach((k, j) => {
      if (!intDtype) {
        (values as Float64Array)[row * pick.length + j] = parseCell(r.fields[k]!, file, r.line, k + 1, opts.missing);
        return;
      }
      // integers are read exactly (a float64 round trip loses int64's low bits: 2^63-1 → 2^63)
      const cell = r.fields[k]!.trim();
      let v: bigint | null;
      if (cell === "" && missingInt !== undefined) v = missingInt;
      else {
        parseCell(r.fields[k]!, file, r.line, k + 1, undefined); // empty / not-a-number errors
        v = exactInt(cell);
      }
      if (v === null)
        throw new CsvFormatError(
          "CSV_NOT_INTEGER",
          file,
          r.line,
          k + 1,
          `value ${cell} is not an integer: expected an integer for ${dtype}`,
        );
      if (v < lo || v > hi)
        throw new CsvFormatError(
          "CSV_OUT_OF_RANGE",
          file,
          r.line,
          k + 1,
          `value ${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell} does not fit ${dtype}: expected ${lo}..${hi}`,
        );
      if (dtype === "int64") (values as BigInt64Array)[row * pick.length + j] = v;
      else (values as Float64Array)[row * pick.length + j] = Number(v);
    });
  });
  const data = tensor(values, { dtype }).reshape([recs.length, pick.length]);
  return { columns: pick.map((k) => names[k]!), data };
}

const INT_RANGE: Partial<Record<DType, [bigint, bigint]>> = {
  uint8: [0n, 255n],
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** The options' keys and kinds (the values' own rules are checked where they are used). */
function checkCsvOptions(opts: unknown): asserts opts is CsvOptions {
  checkOptions("loadCsv", opts, KEYS);
  const o = opts as CsvOptions;
  if (o.header !== undefined) checkBool("loadCsv", "header", o.header);
  if (o.columns !== undefined && !Array.isArray(o.columns))
    throw new TypeError(`[loadCsv] columns must be an array of names or indices: got ${describe(o.columns)}`);
  if (o.missing !== undefined && typeof o.missing !== "number")
    throw new TypeError(`[loadCsv] missing must be a number: got ${describe(o.missing)}`);
}

/**
 * Reads a numeric CSV file into a [rows, columns] tensor.
 * @example const { columns, data } = loadCsv("houses.csv", { columns: ["area", "price"], dtype: "float64" }); // fragment
 */
export function loadCsv(path: string, opts: CsvOptions = {}): CsvTable {
  checkArity("loadCsv", arguments.length, 2);
  checkCsvOptions(opts);
  if (typeof path !== "string") throw new TypeError(`[loadCsv] path must be a string: got ${describe(path)}`);
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
