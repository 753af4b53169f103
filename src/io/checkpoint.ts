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

/**
 * Loads a checkpoint into `parts` (and restores the RNGs unless `restoreRng: false`); returns
 * the checkpoint object, or `null` when `path` does not exist and `missingOk` is set.
 * @example const ckpt = io.loadCheckpoint("run/ckpt.safetensors", { model, optimizer }, { missingOk: true }); // fragment
 */
export function loadCheckpoint(
  path: string,
  parts: CheckpointParts = {},
  opts: { restoreRng?: boolean; missingOk?: boolean } = {},
): Checkpoint | null {
  if (!fs.existsSync(path)) {
    if (opts.missingOk) return null;
    throw new CheckpointError("NOT_FOUND", `no checkpoint at ${JSON.stringify(path)}`);
  }
  const ckpt = load(path) as Checkpoint;
  const need = (ok: boolean, what: string) => {
    if (!ok) throw new CheckpointError("INVALID_CHECKPOINT", `${JSON.stringify(path)} has no ${what}`);
  };
  need(
    ckpt !== null && typeof ckpt === "object" && ckpt.rngState instanceof Uint8Array,
    "rngState (not a checkpoint written by saveCheckpoint)",
  );
  if (parts.model) {
    need(ckpt.modelStateDict !== undefined, "modelStateDict");
    parts.model.loadStateDict(ckpt.modelStateDict as never);
  }
  if (parts.optimizer) {
    need(ckpt.optimizerStateDict !== undefined, "optimizerStateDict");
    parts.optimizer.loadStateDict(ckpt.optimizerStateDict as never);
  }
  if (parts.scheduler) {
    need(ckpt.schedulerStateDict !== undefined, "schedulerStateDict");
    parts.scheduler.loadStateDict(ckpt.schedulerStateDict as never);
  }
  if (opts.restoreRng ?? true) {
    setRngState(ckpt.rngState);
    for (const [k, g] of generatorsOf(parts)) {
      const s = ckpt.generatorStates?.[k];
      need(s instanceof Uint8Array, `state for generator ${JSON.stringify(k)}`);
      g.setState(s!);
    }
  }
  return ckpt;
}
