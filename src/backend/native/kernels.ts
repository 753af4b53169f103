/**
 * The native kernels, keyed by name. The addon exports, per family, the names of the kernels it
 * has (`kernelNames()`, from the X-lists of native/kernels/names.h) and its dtype codes
 * (`dtypeCodes()`, from view.h); this file matches them against the TypeScript lists and gives
 * the loader each name's code: the addon's own position of that name, never a position in a TS
 * list, so the two sides cannot drift apart.
 *
 * Every name TypeScript knows must have a native kernel or an entry in {@link NATIVE_GAPS} (an
 * explicit delegation to the reference kernel, with the reason), and every name the addon
 * exports must be known to TypeScript. Otherwise the native backend refuses to load, naming
 * what disagrees: a native kernel cannot go missing silently.
 */
import { DTYPES, type DType } from "../../tensor/dtype.js";
import { BINARY_OPS, REDUCE_OPS, SCAN_OPS, UNARY_OPS, type ScatterReduce } from "../backend.js";
import type { FusedReduction } from "../fused.js";

/** The keys of a record literal: the compiler checks that it names every member of K, once. */
function keysOf<K extends string>(all: Record<K, true>): readonly K[] {
  return Object.keys(all) as K[];
}

/**
 * Every family of names that crosses into C++: the backend's op lists, and the modes some
 * kernels take (`scatter`'s reduce, the fused cross-entropy's reduction, softmax or logSoftmax).
 */
export const NATIVE_FAMILIES = {
  unary: UNARY_OPS,
  binary: BINARY_OPS,
  reduce: REDUCE_OPS,
  scan: SCAN_OPS,
  scatterReduce: keysOf<ScatterReduce>({ none: true, add: true, multiply: true }),
  lossReduction: keysOf<FusedReduction>({ none: true, mean: true, sum: true }),
  softmax: keysOf<"softmax" | "logSoftmax">({ softmax: true, logSoftmax: true }),
} as const;

/** A family of names the native addon is checked against (`"unary"`, `"binary"`, …). */
export type NativeFamily = keyof typeof NATIVE_FAMILIES;
/** A name of one family (`NativeName<"unary">` is `UnaryOp`). */
export type NativeName<F extends NativeFamily> = (typeof NATIVE_FAMILIES)[F][number];

/** Per family, the names that run on the reference kernel on purpose: name → one-line reason. */
export type NativeGaps = { readonly [F in NativeFamily]: Readonly<Partial<Record<NativeName<F>, string>>> };

/**
 * The names the native backend delegates to the reference kernel on purpose, with the reason.
 * Today only the special functions listed below lack one. A new op gets a native kernel (a functor in
 * native/kernels/ops.h and a row in names.h) or an entry here; with neither, the native backend
 * does not load. (Per-dtype fallbacks, e.g. integer matmul, are separate: see index.ts.)
 */
export const NATIVE_GAPS: NativeGaps = {
  unary: {},
  binary: {
    igamma: "series / continued-fraction loops per element; no C++ port yet (reference kernel, float64)",
    igammac: "series / continued-fraction loops per element; no C++ port yet (reference kernel, float64)",
    zeta: "Euler-Maclaurin sum per element; no C++ port yet (reference kernel, float64)",
  },
  reduce: {},
  scan: {},
  scatterReduce: {},
  lossReduction: {},
  softmax: {},
};

/** How one family of names is covered by the addon. */
export interface FamilyCoverage {
  /** Names with a native kernel, in the addon's order (a name's position is its code). */
  readonly native: readonly string[];
  /** Names delegated to the reference kernel on purpose (NATIVE_GAPS), with the reason. */
  readonly gaps: Readonly<Record<string, string>>;
  /** Names TypeScript knows that are neither native nor a gap (a load error). */
  readonly missing: readonly string[];
  /** Names the addon exports that TypeScript does not know (a load error). */
  readonly unknown: readonly string[];
  /** Names the addon exports more than once (a load error). */
  readonly duplicated: readonly string[];
  /** Gaps that name no known op or that are native after all (a load error: remove them). */
  readonly staleGaps: readonly string[];
}

type Families = Readonly<Record<string, readonly string[]>>;
type GapsOf<Fam extends Families> = { readonly [F in keyof Fam]?: Readonly<Partial<Record<Fam[F][number], string>>> };

/** What the addon exported (kernelNames()) compared with the TS families; `problems` is empty when they agree. */
export function compareKernelNames<Fam extends Families>(
  exported: unknown,
  families: Fam,
  gaps: GapsOf<Fam>,
): { coverage: { [F in keyof Fam]: FamilyCoverage }; problems: string[] } {
  const problems: string[] = [];
  const table = typeof exported === "object" && exported !== null ? (exported as Record<string, unknown>) : null;
  if (table === null) problems.push(`kernelNames() returned ${typeof exported}, expected an object of name lists`);
  const coverage: Record<string, FamilyCoverage> = {};
  for (const [family, known] of Object.entries(families)) {
    const list = table?.[family];
    let names: readonly string[] = [];
    if (Array.isArray(list) && list.every((n) => typeof n === "string")) names = list as string[];
    else if (table !== null) problems.push(`${family}: the addon exports no name list for it`);
    const familyGaps: Record<string, string> = { ...(gaps[family] as Record<string, string> | undefined) };
    const isKnown = new Set(known);
    const seen = new Set<string>();
    const duplicated: string[] = [];
    for (const n of names) {
      if (seen.has(n)) duplicated.push(n);
      seen.add(n);
    }
    const unknown = names.filter((n) => !isKnown.has(n));
    const missing = known.filter((n) => !seen.has(n) && !(n in familyGaps));
    const staleGaps = Object.keys(familyGaps).filter((n) => !isKnown.has(n) || seen.has(n));
    coverage[family] = { native: names, gaps: familyGaps, missing, unknown, duplicated, staleGaps };
    for (const n of missing) problems.push(`${family} "${n}" has no native kernel and no NATIVE_GAPS entry`);
    for (const n of unknown) problems.push(`${family} "${n}" is a native kernel unknown to TypeScript`);
    for (const n of duplicated) problems.push(`${family} "${n}" is exported twice`);
    for (const n of staleGaps) {
      problems.push(`${family} "${n}" is in NATIVE_GAPS but ${isKnown.has(n) ? "has a native kernel" : "names no op"}`);
    }
  }
  if (table !== null) {
    for (const family of Object.keys(table)) {
      if (!(family in families)) problems.push(`the addon exports a family "${family}" unknown to TypeScript`);
    }
  }
  return { coverage: coverage as { [F in keyof Fam]: FamilyCoverage }, problems };
}

/** Codes of one family: name → the addon's position of that name (gaps have none). */
export type KernelCodes<Fam extends Families> = { readonly [F in keyof Fam]: ReadonlyMap<Fam[F][number], number> };

/**
 * The code of every native name, from what the addon exported; throws (one line, listing every
 * disagreement) unless each TS name is native or a gap and each exported name is known.
 */
export function resolveKernelCodes<Fam extends Families>(
  exported: unknown,
  families: Fam,
  gaps: GapsOf<Fam>,
): KernelCodes<Fam> {
  const { coverage, problems } = compareKernelNames(exported, families, gaps);
  if (problems.length > 0) {
    throw new Error(
      `[native] the addon's kernels disagree with the TypeScript op lists: ${problems.join("; ")}. ` +
        "Add the kernel to native/kernels/names.h and rebuild the addon (npx node-gyp rebuild), " +
        "or delegate the op with a NATIVE_GAPS entry (src/backend/native/kernels.ts)",
    );
  }
  const codes: Record<string, Map<string, number>> = {};
  for (const family of Object.keys(families)) {
    codes[family] = new Map(coverage[family]!.native.map((name, code) => [name, code]));
  }
  return codes as unknown as KernelCodes<Fam>;
}

/**
 * The dtype code of every dtype, from the addon's dtypeCodes(); throws unless it names every
 * dtype TypeScript knows, nothing else, each with a distinct non-negative integer code.
 */
export function resolveDtypeCodes(exported: unknown, dtypes: readonly string[] = DTYPES): Record<DType, number> {
  const problems: string[] = [];
  const table = typeof exported === "object" && exported !== null ? (exported as Record<string, unknown>) : {};
  if (typeof exported !== "object" || exported === null) {
    problems.push(`dtypeCodes() returned ${typeof exported}, expected an object`);
  }
  const byCode = new Map<number, string>();
  for (const d of dtypes) {
    const c = table[d];
    if (c === undefined) problems.push(`"${d}" has no code`);
    else if (typeof c !== "number" || !Number.isInteger(c) || c < 0) problems.push(`"${d}" has code ${String(c)}`);
    else if (byCode.has(c)) problems.push(`"${d}" and "${byCode.get(c)}" share code ${c}`);
    else byCode.set(c, d);
  }
  for (const d of Object.keys(table)) if (!dtypes.includes(d)) problems.push(`"${d}" is unknown to TypeScript`);
  if (problems.length > 0) {
    throw new Error(`[native] the addon's dtype codes disagree with DTYPES: ${problems.join("; ")}; rebuild the addon`);
  }
  return Object.fromEntries(dtypes.map((d) => [d, table[d] as number])) as Record<DType, number>;
}
