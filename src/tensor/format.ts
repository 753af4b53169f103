/**
 * Tensor printing, byte-for-byte as PyTorch 1.13's `torch/_tensor_str.py`: one element formatter
 * per tensor (integer, fixed, `1.`-style integral floats, or scientific), right-aligned columns,
 * wrapping at `linewidth`, `...` summaries past `threshold`, and the trailing `size=`/`dtype=`/
 * autograd fields.
 */

import { checkArity, checkBool, checkOptions, optionKeys } from "../util/args.js";
import { getDefaultDtype, isFloatingPoint, type DType } from "./dtype.js";
import { formatExp, formatFixed } from "./format/number.js";

/** The options of `torch.set_printoptions`. */
export interface PrintOptions {
  /** Digits after the decimal point (fixed and scientific). */
  precision: number;
  /** Tensors with more elements than this are summarised with `...`. */
  threshold: number;
  /** Items kept at each end of a summarised dimension. */
  edgeitems: number;
  /** Characters per line before a row wraps. */
  linewidth: number;
  /** Force (`true`) or forbid (`false`) scientific notation; `null` lets the data decide. */
  sciMode: boolean | null;
}

const DEFAULTS: Readonly<PrintOptions> = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null,
};
const PROFILES: Record<"default" | "short" | "full", Omit<PrintOptions, "sciMode">> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

const opts: PrintOptions = { ...DEFAULTS };

const PRINT_KEYS = optionKeys("precision", "threshold", "edgeitems", "linewidth", "sciMode", "profile");

/**
 * `torch.set_printoptions`. A profile is applied first, then the given fields. As in PyTorch,
 * `sciMode` is reset to `null` by every call that does not pass it.
 *
 * @example
 * setPrintOptions({ precision: 2 });      // then 1.125 prints as 1.12
 * setPrintOptions({ profile: "default" }); // back to 4 digits, threshold 1000, 3 edge items
 */
export function setPrintOptions(options: Partial<PrintOptions> & { profile?: "default" | "short" | "full" }): void {
  if (arguments.length > 1) checkArity("setPrintOptions", arguments.length, 1);
  checkOptions("setPrintOptions", options ?? {}, PRINT_KEYS);
  const { profile, ...rest } = options;
  if (profile !== undefined) {
    const p = PROFILES[profile];
    if (p === undefined)
      throw new TypeError(
        `[setPrintOptions] unknown profile: got ${JSON.stringify(profile)}, expected default, short or full`,
      );
    Object.assign(opts, p);
  }
  for (const key of ["precision", "threshold", "edgeitems", "linewidth"] as const) {
    const v = rest[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || Number.isNaN(v))
      throw new TypeError(`[setPrintOptions] ${key} must be a number: got ${String(v)}`);
    if (key !== "threshold" && (!Number.isInteger(v) || v < 0)) {
      throw new RangeError(`[setPrintOptions] ${key} must be a non-negative integer: got ${v}`);
    }
    opts[key] = v;
  }
  if (rest.sciMode !== undefined && rest.sciMode !== null) checkBool("setPrintOptions", "sciMode", rest.sciMode);
  opts.sciMode = rest.sciMode ?? null;
}

/**
 * The current print options (a copy).
 *
 * @example
 * getPrintOptions().precision; // 4
 */
export function getPrintOptions(): PrintOptions {
  return { ...opts };
}

/** What the Tensor class hands to the formatter. */
export interface FormatInput {
  shape: readonly number[];
  dtype: DType;
  /** Flat, row-major, length = numel; 16-bit floats decoded; bool as 0/1; int64 may be bigints. */
  values: ArrayLike<number> | BigInt64Array;
  /** Extra trailing fields, already formatted, e.g. `requires_grad=True`, `grad_fn=<AddBackward0>`. */
  suffixes?: readonly string[];
}

type Elem = number | bigint;

/** Formats single elements at one common width. */
interface ElementFormatter {
  readonly width: number;
  format(v: Elem): string;
}

function integerFormatter(dtype: DType, sample: readonly Elem[]): ElementFormatter {
  const text =
    dtype === "bool"
      ? (v: Elem) => (Number(v) !== 0 ? "True" : "False")
      : (v: Elem) => (typeof v === "bigint" || Math.abs(v) < 2 ** 53 ? String(v) : BigInt(v).toString());
  let width = 1;
  for (const v of sample) width = Math.max(width, text(v).length);
  return { width, format: (v) => text(v).padStart(width) };
}

/**
 * PyTorch's `_Formatter` for floats: the mode and width come from the nonzero finite values of
 * `sample`; a forced `sciMode` only changes the mode afterwards (the width stays as chosen).
 */
function floatFormatter(sample: readonly number[], o: PrintOptions): ElementFormatter {
  const p = o.precision;
  let intMode = true;
  let sci = false;
  let width = 1;
  let min = Infinity;
  let max = 0;
  let any = false;
  for (const v of sample) {
    if (!Number.isFinite(v) || v === 0) continue;
    any = true;
    const a = Math.abs(v);
    if (a < min) min = a;
    if (a > max) max = a;
    if (intMode && !Number.isInteger(v)) intMode = false;
  }
  // All zero / non-finite: PyTorch returns early, before applying a forced sci_mode.
  if (any) {
    sci = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
    for (const v of sample) {
      if (!Number.isFinite(v) || v === 0) continue;
      const len = sci ? formatExp(v, p).length : intMode ? formatFixed(v, 0).length + 1 : formatFixed(v, p).length;
      if (len > width) width = len;
    }
    if (o.sciMode !== null) sci = o.sciMode;
  }
  const text = (v: number): string => {
    if (sci) return formatExp(v, p);
    if (intMode) return formatFixed(v, 0) + (Number.isFinite(v) ? "." : "");
    return formatFixed(v, p);
  };
  return { width, format: (v) => text(Number(v)).padStart(width) };
}

/** Indices kept along a dimension of `size`; `null` marks the `...` row. */
function keptIndices(size: number, summarize: boolean, edge: number, innermost: boolean): (number | null)[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (!summarize || size <= 2 * edge) return all;
  // PyTorch slices the innermost dim with `x[-edge:]`, which for edge=0 is the whole dim;
  // outer dims use `range(n - edge, n)`, which is then empty.
  const tail = innermost && edge === 0 ? all : all.slice(size - edge);
  return [...all.slice(0, edge), null, ...tail];
}

interface Layout {
  shape: readonly number[];
  strides: number[];
  get: (i: number) => Elem;
  summarize: boolean;
  o: PrintOptions;
}

/** The values PyTorch's `get_summarized_data` keeps: the formatter is built from these only. */
function summarizedValues(L: Layout, offset: number, d: number, out: Elem[]): void {
  if (d === L.shape.length) {
    out.push(L.get(offset));
    return;
  }
  const kept = keptIndices(L.shape[d]!, L.summarize, L.o.edgeitems, d === L.shape.length - 1).filter(
    (i): i is number => i !== null,
  );
  if (kept.length === 0) {
    // PyTorch stacks an empty list here (edgeitems=0 on a 2-d or larger tensor) and raises.
    throw new RangeError(
      "[formatTensor] edgeitems=0 cannot summarise a tensor of 2 or more dims (PyTorch raises: stack expects a non-empty TensorList)",
    );
  }
  for (const i of kept) summarizedValues(L, offset + i * L.strides[d]!, d + 1, out);
}

function render(L: Layout, f: ElementFormatter, offset: number, d: number, indent: number): string {
  const ndim = L.shape.length - d;
  if (ndim === 0) return f.format(L.get(offset));
  const kept = keptIndices(L.shape[d]!, L.summarize, L.o.edgeitems, ndim === 1);
  if (ndim === 1) {
    const items = kept.map((i) => (i === null ? " ..." : f.format(L.get(offset + i * L.strides[d]!))));
    const perLine = Math.max(1, Math.floor((L.o.linewidth - indent) / (f.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
    return `[${lines.join(",\n" + " ".repeat(indent + 1))}]`;
  }
  const slices = kept.map((i) => (i === null ? "..." : render(L, f, offset + i * L.strides[d]!, d + 1, indent + 1)));
  return `[${slices.join("," + "\n".repeat(ndim - 1) + " ".repeat(indent + 1))}]`;
}

/** Python's `str(tuple(shape))`: `(2, 3)`, `(0,)`, `()`. */
function tupleStr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** Appends `, field` or wraps onto a new line indented under the prefix, as `_add_suffixes`. */
function addSuffixes(body: string, suffixes: readonly string[], indent: number, linewidth: number): string {
  // PyTorch's own arithmetic (one more than the real last-line length); kept for exact output.
  let lastLen = body.length - body.lastIndexOf("\n") + 1;
  let out = body;
  for (const s of suffixes) {
    if (lastLen + s.length + 2 > linewidth) {
      out += ",\n" + " ".repeat(indent) + s;
      lastLen = indent + s.length;
    } else {
      out += ", " + s;
      lastLen += s.length + 2;
    }
  }
  return out + ")";
}

/**
 * The full `tensor(...)` text of a tensor, exactly as PyTorch 1.13 prints it under the current
 * print options.
 *
 * @example
 * formatTensor({ shape: [2], dtype: "float32", values: [1, 2.5] });
 * // "tensor([1.0000, 2.5000])"
 * formatTensor({ shape: [0, 3], dtype: "int64", values: [] });
 * // "tensor([], size=(0, 3), dtype=torch.int64)"
 */
export function formatTensor(input: FormatInput): string {
  const { shape, dtype, values } = input;
  const prefix = "tensor(";
  const numel = shape.reduce((a, b) => a * b, 1);
  if (values.length !== numel) {
    throw new RangeError(
      `[formatTensor] values has ${values.length} elements, expected ${numel} for shape ${tupleStr(shape)}`,
    );
  }
  const fields: string[] = [];
  let body: string;
  if (numel === 0) {
    if (shape.length !== 1) fields.push(`size=${tupleStr(shape)}`);
    // No elements to tell int64 from float, so every non-default dtype is shown.
    if (dtype !== getDefaultDtype()) fields.push(`dtype=torch.${dtype}`);
    body = "[]";
  } else {
    if (dtype !== getDefaultDtype() && dtype !== "int64" && dtype !== "bool") fields.push(`dtype=torch.${dtype}`);
    body = formatBody(input, prefix.length, numel);
  }
  return addSuffixes(prefix + body, [...fields, ...(input.suffixes ?? [])], prefix.length, opts.linewidth);
}

function formatBody(input: FormatInput, indent: number, numel: number): string {
  const { shape, dtype, values } = input;
  const strides = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  const L: Layout = {
    shape,
    strides,
    get: (i) => values[i]!,
    summarize: numel > opts.threshold,
    o: opts,
  };
  const sample: Elem[] = [];
  summarizedValues(L, 0, 0, sample);
  const f = isFloatingPoint(dtype) ? floatFormatter(sample as number[], opts) : integerFormatter(dtype, sample);
  return render(L, f, 0, 0, indent);
}
