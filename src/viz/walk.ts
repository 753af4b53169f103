/** Walks an autograd graph from its roots: every reachable node once, roots first. */
import { Node } from "../autograd/node.js";

/** Reachable backward nodes, in breadth-first order from `roots`. */
export function reachableNodes(roots: readonly Node[]): Node[] {
  const seen = new Set<Node>();
  const order: Node[] = [];
  const queue = [...roots];
  while (queue.length > 0) {
    const n = queue.shift()!;
    if (seen.has(n)) continue;
    seen.add(n);
    order.push(n);
    for (const m of n.next) if (m !== null && !seen.has(m)) queue.push(m);
  }
  return order;
}

class Probe extends Node {
  readonly next: readonly (Node | null)[] = [];
  name(): string {
    return "Probe";
  }
  apply(): null[] {
    return [];
  }
}

/** The next node sequence number: nodes recorded after this call have larger numbers. */
export function sequenceMark(): number {
  return new Probe().sequenceNr;
}

/** `AddmmBackward0` → `addmm`, `MseLossBackward0` → `mse_loss`, as ATen op names. */
export function atenName(nodeName: string): string {
  const base = nodeName.replace(/Backward\d*$/, "");
  return base
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}
