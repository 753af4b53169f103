/**
 * The examples' `--device` flag: `npx tsx examples/<name>.ts --device webgpu` opens the GPU
 * (`torch.webgpu.init()`, which raises naming the cause when there is no adapter) and the
 * example moves its model there with `model.to(device)`. Without the flag the examples run on
 * the CPU.
 */
import * as torch from "../src/index.js";

/** The device the command line asks for: `--device cpu|webgpu` or `--device=…`; "cpu" by default. */
export function deviceArg(argv: readonly string[] = process.argv.slice(2)): "cpu" | "webgpu" {
  let value: string | undefined;
  argv.forEach((a, i) => {
    if (a === "--device") value = argv[i + 1];
    else if (a.startsWith("--device=")) value = a.slice("--device=".length);
  });
  if (value === undefined || value === "cpu") return "cpu";
  if (value === "webgpu") return "webgpu";
  throw new RangeError(`[examples] --device must be cpu or webgpu: got ${JSON.stringify(value)}`);
}

/** Opens `device` when it is webgpu (once); returns it. */
export async function openDevice(device: "cpu" | "webgpu"): Promise<"cpu" | "webgpu"> {
  if (device === "webgpu") await torch.webgpu.init();
  return device;
}
