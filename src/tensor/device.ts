/**
 * Device arguments. antorcha's tensors live on `"cpu"` (the native core or the TypeScript
 * reference share one memory space); a device string is checked here wherever one is accepted.
 */
import { describe } from "../util/args.js";
import { DTYPE_ALIASES, isDType } from "./dtype.js";

/** The device names accepted today. */
export const DEVICES = ["cpu"] as const;

/** A device name. */
export type Device = (typeof DEVICES)[number];

/** True for a string naming a dtype (`"float64"`, `"long"`), which is never a device. */
export function isDTypeName(x: unknown): x is string {
  return typeof x === "string" && (isDType(x) || Object.prototype.hasOwnProperty.call(DTYPE_ALIASES, x));
}

/** True for an accepted device name. */
export function isDevice(x: unknown): x is Device {
  return x === "cpu";
}

/**
 * Returns `d` when it names an accepted device; a dtype where a device belongs, another kind of
 * value, or an unknown device string is a clear error naming the accepted devices.
 */
export function checkDevice(op: string, d: unknown): Device {
  if (d === "cpu") return d;
  const accepted = DEVICES.map((x) => `"${x}"`).join(", ");
  if (isDTypeName(d)) {
    throw new TypeError(
      `[${op}] expected a device: got the dtype "${d}" (devices: ${accepted}; pass a dtype as dtype)`,
    );
  }
  if (typeof d === "string")
    throw new TypeError(`[${op}] unsupported device ${JSON.stringify(d)}: expected ${accepted}`);
  throw new TypeError(`[${op}] device must be a device name: got ${describe(d)}, expected ${accepted}`);
}
