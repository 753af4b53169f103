/**
 * `model.summary()` text as Keras prints it for a Sequential model (line length 65, columns at
 * 29/55/65, a blank row between layers, totals with thousands separators).
 */
import { isFloatingPoint } from "../tensor/dtype.js";
import type { Module } from "../nn/module.js";

/** One row: name, class, output shape without the batch axis, parameter counts. */
export interface SummaryRow {
  name: string;
  className: string;
  outputShape: readonly number[];
  trainable: number;
  nonTrainable: number;
}

/** Parameters (trainable/frozen) and float buffers (Keras' non-trainable moving statistics). */
export function countParams(m: Module): { trainable: number; nonTrainable: number } {
  let trainable = 0;
  let nonTrainable = 0;
  for (const p of m.parameters()) {
    if (p.requiresGrad) trainable += p.numel();
    else nonTrainable += p.numel();
  }
  for (const b of m.buffers()) if (isFloatingPoint(b.dtype)) nonTrainable += b.numel();
  return { trainable, nonTrainable };
}

const thousands = (n: number) => n.toLocaleString("en-US");
const tuple = (s: readonly number[]) => `(None${s.map((d) => `, ${d}`).join("")})`;

function row(fields: string[], positions: number[]): string {
  let line = "";
  fields.forEach((f, col) => {
    const start = col > 0 ? positions[col - 1]! : 0;
    const space = col !== positions.length - 1 ? 2 : 0;
    const cutoff = positions[col]! - start - space;
    if (col === 0) line += " ";
    line += f.slice(0, cutoff) + " ".repeat(space);
    line += " ".repeat(Math.max(0, positions[col]! - line.length));
  });
  return line;
}

/**
 * Formats the summary table.
 * @example formatSummary("sequential", rows) // fragment
 */
export function formatSummary(modelName: string, rows: SummaryRow[], lineLength = 65): string {
  const positions = [0.45, 0.85, 1].map((p) => Math.floor(lineLength * p));
  const out = [`Model: "${modelName}"`, "_".repeat(lineLength)];
  out.push(row(["Layer (type)", "Output Shape", "Param #"], positions));
  out.push("=".repeat(lineLength));
  rows.forEach((r, i) => {
    out.push(
      row([`${r.name} (${r.className})`, tuple(r.outputShape), String(r.trainable + r.nonTrainable)], positions),
    );
    out.push(i === rows.length - 1 ? "=".repeat(lineLength) : " ".repeat(lineLength));
  });
  if (rows.length === 0) out.push("=".repeat(lineLength));
  const trainable = rows.reduce((a, r) => a + r.trainable, 0);
  const non = rows.reduce((a, r) => a + r.nonTrainable, 0);
  out.push(`Total params: ${thousands(trainable + non)}`);
  out.push(`Trainable params: ${thousands(trainable)}`);
  out.push(`Non-trainable params: ${thousands(non)}`);
  out.push("_".repeat(lineLength));
  return out.join("\n");
}
