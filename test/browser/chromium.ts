/**
 * Drives headless Chromium over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
 * JSON messages ending in NUL, written to the child's fd 3, read from its fd 4): opens a page,
 * polls an expression until the page's script says it is done, closes the browser. Needs no
 * package and no network; every wait is bounded.
 */
import { spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";

/**
 * Loads `url` and returns `expression`'s value once `done(value)` holds (polled every 200 ms).
 * Rejects after `timeoutMs` with the last value and Chromium's stderr; always ends the browser.
 * `flags` replace the default `--disable-gpu`; `env` is Chromium's environment.
 * @example await evaluateWhen(chromium, url, "document.title", (t) => t !== "", { profile, timeoutMs: 60000 })
 */
export async function evaluateWhen(
  chromium: string,
  url: string,
  expression: string,
  done: (value: unknown) => boolean,
  { profile, timeoutMs, flags, env }: { profile: string; timeoutMs: number; flags?: string[]; env?: NodeJS.ProcessEnv },
): Promise<unknown> {
  const child = spawn(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      ...(flags ?? ["--disable-gpu"]), // WebGPU needs flags of its own instead (bundle.test.ts)
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--allow-file-access-from-files", // a module script from file://
      `--user-data-dir=${profile}`,
      "--remote-debugging-pipe",
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"], env: env ?? process.env },
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const toChrome = child.stdio[3] as Writable;
  const fromChrome = child.stdio[4] as Readable;

  let nextId = 1;
  const pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  let buffered = "";
  fromChrome.on("data", (d: Buffer) => {
    buffered += d.toString();
    let end: number;
    while ((end = buffered.indexOf("\0")) >= 0) {
      const msg = JSON.parse(buffered.slice(0, end)) as { id?: number; result?: unknown; error?: { message: string } };
      buffered = buffered.slice(end + 1);
      const p = msg.id === undefined ? undefined : pending.get(msg.id);
      if (p === undefined) continue;
      pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(`DevTools: ${msg.error.message}`));
      else p.resolve(msg.result);
    }
  });
  const exited = new Promise<never>((_, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      reject(new Error(`Chromium exited (${code ?? signal}) early; stderr:\n${stderr}`)),
    );
  });
  exited.catch(() => {});
  const send = (method: string, params: object = {}, sessionId?: string): Promise<unknown> => {
    const id = nextId++;
    const result = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }));
    toChrome.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
    return Promise.race([result, exited]);
  };

  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  try {
    const { targetId } = (await send("Target.createTarget", { url })) as { targetId: string };
    const { sessionId } = (await send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    for (;;) {
      const r = (await send("Runtime.evaluate", { expression, returnByValue: true }, sessionId)) as {
        result: { value?: unknown };
      };
      last = r.result.value;
      if (done(last)) return last;
      if (Date.now() > deadline)
        throw new Error(`the page did not finish within ${timeoutMs} ms (last value: ${String(last).slice(0, 300)})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    try {
      await Promise.race([send("Browser.close"), new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      /* already gone */
    }
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}
