/**
 * Training checkpoints: model, optimizer, scheduler, epoch/step, and every RNG that drives the
 * run (the global generator and any others, e.g. a DataLoader's), written crash-safely so that
 * resuming reproduces the uninterrupted run bit for bit.
 */
import { Tensor } from "../tensor/tensor.js";
import { Generator, getRngState, setRngState } from "../tensor/random/generator.js";
import { lazyBuiltin } from "../util/node.js";
import { CheckpointError } from "./errors.js";
import { load, save } from "./save-load.js";
import type { InflateLimits } from "./inflate.js";
import { checkOptions, describe, isPlainObject, optionKeys } from "../util/args.js";

const fs = lazyBuiltin("node:fs", "io.loadCheckpoint", "checkpoints are files, written and read from Node.js");

interface HasState {
  stateDict(): unknown;
  loadStateDict(sd: never): unknown;
}

/** What to put in (and restore from) a checkpoint. */
export interface CheckpointParts {
  model?: HasState;
  optimizer?: HasState;
  scheduler?: HasState;
  /** A DataLoader (anything with an optional `generator`): its generator's state is saved as `dataLoader`. */
  dataLoader?: { readonly generator?: Generator | undefined };
  /** Extra generators by name. */
  generators?: Record<string, Generator | undefined>;
}

/** All generators of `parts` by name (the DataLoader's as `dataLoader`). */
function generatorsOf(parts: CheckpointParts): [string, Generator][] {
  const all = Object.entries(parts.generators ?? {});
  if (parts.dataLoader?.generator !== undefined) all.push(["dataLoader", parts.dataLoader.generator]);
  return all.filter((e): e is [string, Generator] => e[1] !== undefined);
}

/** The object stored in a checkpoint file. */
export interface Checkpoint {
  epoch?: number;
  step?: number;
  modelStateDict?: Record<string, Tensor>;
  optimizerStateDict?: unknown;
  schedulerStateDict?: unknown;
  rngState: Uint8Array;
  generatorStates: Record<string, Uint8Array>;
  extra?: unknown;
  [k: string]: unknown;
}

/**
 * Saves a checkpoint atomically: the old file stays valid until the new one is complete.
 * @example io.saveCheckpoint("run/ckpt.safetensors", { model, optimizer }, { epoch: 3, step: 1200 }); // fragment
 */
export function saveCheckpoint(
  path: string,
  parts: CheckpointParts,
  info: { epoch?: number; step?: number; extra?: unknown } = {},
): void {
  if (typeof path !== "string") throw new TypeError(`[saveCheckpoint] path must be a string: got ${describe(path)}`);
  checkOptions("saveCheckpoint", parts, PART_KEYS);
  checkOptions("saveCheckpoint", info, INFO_KEYS);
  for (const k of ["model", "optimizer", "scheduler"] as const) checkPart("saveCheckpoint", k, parts[k]);
  const generatorStates: Record<string, Uint8Array> = {};
  for (const [k, g] of generatorsOf(parts)) generatorStates[k] = g.getState();
  const ckpt: Checkpoint = { rngState: getRngState(), generatorStates };
  if (info.epoch !== undefined) ckpt.epoch = info.epoch;
  if (info.step !== undefined) ckpt.step = info.step;
  if (info.extra !== undefined) ckpt.extra = info.extra;
  if (parts.model) ckpt.modelStateDict = parts.model.stateDict() as Record<string, Tensor>;
  if (parts.optimizer) ckpt.optimizerStateDict = parts.optimizer.stateDict();
  if (parts.scheduler) ckpt.schedulerStateDict = parts.scheduler.stateDict();
  save(ckpt, path);
}

const PART_KEYS = optionKeys("model", "optimizer", "scheduler", "dataLoader", "generators");
const LOAD_KEYS = optionKeys("restoreRng", "missingOk", "maxInflateBytes", "maxInflateRatio");
const INFO_KEYS = optionKeys("epoch", "step", "extra");

/** Options of `loadCheckpoint`. */
export interface LoadCheckpointOptions extends InflateLimits {
  /** Restore the global generator and the parts' generators (default true). */
  restoreRng?: boolean;
  /** Return `null` instead of throwing when the file does not exist. */
  missingOk?: boolean;
}

function checkPart(callee: string, name: string, part: unknown): void {
  if (part === undefined) return;
  const p = part as Partial<HasState> | null;
  if (p === null || typeof p !== "object" || typeof p.stateDict !== "function" || typeof p.loadStateDict !== "function")
    throw new TypeError(`[${callee}] parts.${name} must have stateDict() and loadStateDict(): got ${describe(part)}`);
}

/** The model's state dict against the model's own: same keys, tensors of the same shapes. */
function checkModelState(model: HasState, sd: unknown, bad: (msg: string) => never): void {
  if (!isPlainObject(sd) && !(sd instanceof Map))
    bad(`modelStateDict must be an object of tensors: got ${describe(sd)}`);
  const saved = sd instanceof Map ? new Map(sd) : new Map(Object.entries(sd as object));
  const mine = model.stateDict();
  if (!isPlainObject(mine) && !(mine instanceof Map)) return; // a custom part: its loadStateDict decides
  const want = mine instanceof Map ? new Map(mine) : new Map(Object.entries(mine));
  const missing = [...want.keys()].filter((k) => !saved.has(k));
  const extra = [...saved.keys()].filter((k) => !want.has(k));
  if (missing.length > 0) bad(`modelStateDict is missing ${missing.map((k) => JSON.stringify(k)).join(", ")}`);
  if (extra.length > 0) bad(`modelStateDict has unexpected key(s) ${extra.map((k) => JSON.stringify(k)).join(", ")}`);
  for (const [k, t] of want) {
    const v = saved.get(k);
    if (!(t instanceof Tensor)) continue;
    if (!(v instanceof Tensor)) bad(`modelStateDict[${JSON.stringify(k)}] must be a Tensor: got ${describe(v)}`);
    const s = (v as Tensor).shape;
    if (s.length !== t.shape.length || s.some((d, i) => d !== t.shape[i]))
      bad(
        `modelStateDict[${JSON.stringify(k)}] has shape [${s.join(", ")}]: expected [${t.shape.join(", ")}] (the model's)`,
      );
  }
}

/**
 * Loads a checkpoint into `parts` (and restores the RNGs unless `restoreRng: false`); returns
 * the checkpoint object, or `null` when `path` does not exist and `missingOk` is set. Atomic:
 * everything (model weights, optimizer and scheduler state, generator states) is validated
 * before anything is changed, so a checkpoint that does not fit leaves every part as it was.
 * @example const ckpt = io.loadCheckpoint("run/ckpt.pt", { model, optimizer: opt }, { missingOk: true }); // null
 */
export function loadCheckpoint(
  path: string,
  parts: CheckpointParts = {},
  opts: LoadCheckpointOptions = {},
): Checkpoint | null {
  if (typeof path !== "string") throw new TypeError(`[loadCheckpoint] path must be a string: got ${describe(path)}`);
  checkOptions("loadCheckpoint", parts, PART_KEYS);
  checkOptions("loadCheckpoint", opts, LOAD_KEYS);
  for (const k of ["model", "optimizer", "scheduler"] as const) checkPart("loadCheckpoint", k, parts[k]);
  if (!fs.existsSync(path)) {
    if (opts.missingOk) return null;
    throw new CheckpointError("NOT_FOUND", `no checkpoint at ${JSON.stringify(path)}`);
  }
  const ckpt = load(path, {
    ...(opts.maxInflateBytes !== undefined ? { maxInflateBytes: opts.maxInflateBytes } : {}),
    ...(opts.maxInflateRatio !== undefined ? { maxInflateRatio: opts.maxInflateRatio } : {}),
  }) as Checkpoint;
  const bad = (msg: string, cause?: unknown): never => {
    throw new CheckpointError("INVALID_CHECKPOINT", `${JSON.stringify(path)}: ${msg}`, { cause });
  };
  const need = (ok: boolean, what: string) => {
    if (!ok) throw new CheckpointError("INVALID_CHECKPOINT", `${JSON.stringify(path)} has no ${what}`);
  };
  need(
    ckpt !== null && typeof ckpt === "object" && ckpt.rngState instanceof Uint8Array,
    "rngState (not a checkpoint written by saveCheckpoint)",
  );
  const check = (what: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      if (e instanceof CheckpointError) throw e;
      bad(`${what} cannot be loaded: ${e instanceof Error ? e.message : String(e)}`, e);
    }
  };

  // 1. validate everything; nothing changes yet
  const restoreRng = opts.restoreRng ?? true;
  const gens = generatorsOf(parts);
  if (restoreRng) {
    check("rngState", () => new Generator().setState(ckpt.rngState));
    for (const [k] of gens) {
      const s = ckpt.generatorStates?.[k];
      need(s instanceof Uint8Array, `state for generator ${JSON.stringify(k)}`);
      check(`generatorStates[${JSON.stringify(k)}]`, () => new Generator().setState(s!));
    }
  }
  const snapshots: [HasState, unknown][] = [];
  if (parts.model) {
    need(ckpt.modelStateDict !== undefined, "modelStateDict");
    checkModelState(parts.model, ckpt.modelStateDict, bad);
  }
  for (const [name, key] of [
    ["optimizer", "optimizerStateDict"],
    ["scheduler", "schedulerStateDict"],
  ] as const) {
    const part = parts[name];
    if (!part) continue;
    need(ckpt[key] !== undefined, key);
    const own = (part as { _checkStateDict?: (sd: unknown) => void })._checkStateDict;
    if (typeof own === "function") check(key, () => own.call(part, ckpt[key]));
    else snapshots.push([part, part.stateDict()]); // a custom part: restored if a later part fails
  }

  // 2. apply (the model first: its loadStateDict validates everything before it copies)
  try {
    if (parts.model) parts.model.loadStateDict(ckpt.modelStateDict as never);
    if (parts.optimizer) parts.optimizer.loadStateDict(ckpt.optimizerStateDict as never);
    if (parts.scheduler) parts.scheduler.loadStateDict(ckpt.schedulerStateDict as never);
  } catch (e) {
    for (const [part, sd] of snapshots) part.loadStateDict(sd as never);
    if (e instanceof CheckpointError) throw e;
    return bad(`cannot be loaded: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  if (restoreRng) {
    setRngState(ckpt.rngState);
    for (const [k, g] of gens) g.setState(ckpt.generatorStates[k]!);
  }
  return ckpt;
}
