/**
 * The webgpu backend's errors. The op a user called is read from the stack (only on the error
 * path): the outermost frame in src/ops, else the kernel's name.
 */

/** The public op on the stack (outermost function in the ops layer), or `fallback`. */
export function userOp(fallback: string): string {
  const frames = (new Error().stack ?? "").split("\n").slice(1);
  let op = fallback;
  for (const l of frames) {
    const m = /at (?:async )?(?:new )?([\w$.<>]+?) \((.*)\)$/.exec(l.trim());
    if (m === null || !/[\\/]src[\\/]ops[\\/]/.test(m[2]!)) continue;
    const name = m[1]!.split(".").pop()!;
    if (/^[a-z]\w*$/.test(name) && !/^(apply|run|record|inplace|intoOut|reduceWith|fn|op|exec)/.test(name)) op = name;
  }
  return op;
}

/** `[op] not available on webgpu yet …` for a kernel with no WGSL version. */
export function notOnWebgpu(kernel: string, detail = ""): Error {
  const op = userOp(kernel);
  return new Error(
    `[${op}] not available on webgpu yet${detail ? " " + detail : ""}: the ${kernel} kernel has no WGSL version; move the tensors to the CPU first (await t.toAsync("cpu")) or see docs/webgpu.md for the supported ops`,
  );
}

/** PyTorch's error for inputs on two devices. */
export function mixedDevices(kernel: string, first: string, second: string): Error {
  return new Error(
    `[${userOp(kernel)}] Expected all tensors to be on the same device, but found at least two devices, ${first} and ${second}!`,
  );
}

/** A device check's message for an index out of range (the CPU kernels' text). */
export const outOfBounds =
  (op: string, dim: number, size: number) =>
  (index: number): string =>
    `[${op}] index ${index} is out of bounds for dimension ${dim} with size ${size}`;
