/**
 * Which backend runs the kernels. The reference backend is always available. Once a device
 * backend is installed (`torch.webgpu.init()`), `activeBackend()` is a router (router.ts) that
 * sends each call to the CPU backend or the device's by where its views live.
 */
import type { Backend } from "./backend.js";
import { referenceBackend } from "./reference/index.js";
import { routed } from "./router.js";

const backends = new Map<string, Backend>([["reference", referenceBackend]]);
let cpu: Backend = referenceBackend;
let device: Backend | null = null;
let active: Backend = referenceBackend;

/** Installs a device backend: from now on kernel calls are routed by their views' device. */
export function installDeviceBackend(b: Backend): void {
  device = b;
  active = routed(cpu, b);
}

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
  cpu = b;
  active = device === null ? b : routed(b, device);
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...backends.keys()];
}

/** The name of the backend kernels currently run on (`"reference"` or `"native"`). */
export function getBackend(): string {
  return cpu.name;
}
