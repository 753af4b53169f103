/** Shared helpers for the io tests: fixture paths and raw-byte comparison. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { Tensor } from "../../src/index.js";

export const FIX = fileURLToPath(new URL("../fixtures/io/", import.meta.url));
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIX, name)));

export interface Expected {
  dtype: string;
  shape: number[];
  hex: string;
  requiresGrad: boolean;
}
export const expectedJson = JSON.parse(readFileSync(join(FIX, "expected.json"), "utf8")) as {
  every_dtype: Record<string, Expected>;
  tensors_pt: Record<string, Expected>;
  checkpoint_pt: Record<string, Expected>;
  malicious: string[];
};

/** The little-endian bytes of a tensor's elements as hex. */
export function hexOf(t: Tensor): string {
  const a = t.dataSync();
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
}
