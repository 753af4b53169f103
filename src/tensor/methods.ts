/**
 * Installs Tensor methods. Each op file declares its methods on `Tensor` (TypeScript module
 * augmentation) and installs them here, so the Tensor class stays free of math and every op's
 * method lives beside the op itself.
 */
import { Tensor } from "./tensor.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Method = (this: Tensor, ...args: any[]) => unknown;

export function installMethods(methods: Record<string, Method>): void {
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }
}
