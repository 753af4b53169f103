#!/usr/bin/env node
/**
 * The `antorcha` command. `antorcha run …` is torchrun's launcher (src/distributed/launcher.ts);
 * `antorcha info` prints the native core and gloo status.
 */
import { launch, parseRunArgs, RUN_USAGE, UsageError } from "./distributed/launcher.js";

const USAGE = `usage: antorcha <command> [args]

commands:
  run    start a script on N processes for torch.distributed (torchrun's flags)
  info   native core, threads and gloo availability

${RUN_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === "--help" || cmd === "-h" || cmd === "help") {
    process.stdout.write(USAGE + "\n");
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === "run") {
    if (
      rest.includes("--help") &&
      rest.indexOf("--help") <
        Math.max(
          1,
          rest.findIndex((a) => !a.startsWith("--")),
        )
    ) {
      process.stdout.write(RUN_USAGE + "\n");
      return 0;
    }
    try {
      return await launch(parseRunArgs(rest));
    } catch (e) {
      if (e instanceof UsageError) {
        process.stderr.write(`${e.message}\n\n${RUN_USAGE}\n`);
        return 2;
      }
      throw e;
    }
  }
  if (cmd === "info") {
    const torch = await import("./index.js");
    const info = torch.nativeInfo();
    process.stdout.write(
      `native: ${JSON.stringify(info)}\ngloo: ${torch.distributed.isGlooAvailable() ? "available" : "not available"}\n`,
    );
    return 0;
  }
  process.stderr.write(`antorcha: unknown command ${JSON.stringify(cmd)}\n\n${USAGE}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
