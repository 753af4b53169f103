/** Which backend runs the kernels. The reference backend is always available. */
import type { Backend } from "./backend.js";
import { referenceBackend } from "./reference/index.js";

const backends = new Map<string, Backend>([["reference", referenceBackend]]);
let active: Backend = referenceBackend;

/** The backend kernels currently run on. */
export function activeBackend(): Backend {
  return active;
}

/** Makes a backend available under its name. */
export function registerBackend(b: Backend): void {
  backends.set(b.name, b);
}

/** Switches the backend that runs kernels (`"reference"` or a registered native backend). */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (b === undefined) {
    throw new Error(
      `[setBackend] unknown backend ${JSON.stringify(name)}: available are ${[...backends.keys()].join(", ")}`,
    );
  }
  active = b;
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...backends.keys()];
}

/** The name of the backend kernels currently run on (`"reference"` or `"native"`). */
export function getBackend(): string {
  return active.name;
}
