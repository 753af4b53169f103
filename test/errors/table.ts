/** The row runners the bad-input tables share: one `it` per row, asserting class and message. */
import assert from "node:assert/strict";
import { it } from "node:test";

/** A bad call: its test name, the call, the error class it must throw, its exact message or a pattern. */
export type Row = [name: string, fn: () => unknown, cls: new (...a: never[]) => Error, msg: string | RegExp];

function checkMessage(err: unknown, msg: string | RegExp): void {
  const m = (err as Error).message;
  if (typeof msg === "string") assert.equal(m, msg);
  else assert.match(m, msg);
}

/** One test per row: the call throws (or rejects) an instance of `cls` with `msg`. */
export function table(rows: Row[]): void {
  for (const [name, fn, cls, msg] of rows)
    it(name, async () => {
      let err: unknown = null;
      try {
        await fn();
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
      checkMessage(err, msg);
    });
}

/** One test per row: the call throws synchronously, with `cls` itself as the class (not a subclass). */
export function exactTable(rows: Row[]): void {
  for (const [name, fn, cls, msg] of rows)
    it(name, () =>
      assert.throws(fn, (e: unknown) => {
        assert.equal((e as object).constructor, cls, `${name}: got ${String(e)}`);
        checkMessage(e, msg);
        return true;
      }),
    );
}

/** A wrong-kind argument, typed so the call compiles (users in plain JS pass it anyway). */
export const bad = (v: unknown): never => v as never;
