/**
 * `addGraph`'s tracer: runs one forward call with hooks on every submodule (marking the span of
 * autograd node numbers each call creates), then walks the output's autograd graph into a
 * `GraphDef`: inputs and outputs as `IO Node`s, parameters by module path, ops as `aten::…`
 * nodes scoped like PyTorch's trace (`Net/Linear[fc1]/aten::addmm_3`).
 */
import { AccumulateGrad, type Node } from "../../autograd/node.js";
import { enableGrad } from "../../autograd/mode.js";
import type { Module } from "../../nn/module.js";
import { Tensor } from "../../tensor/tensor.js";
import { atenName, reachableNodes, sequenceMark } from "../../viz/walk.js";

interface Span {
  start: number;
  end: number;
  scope: string;
}

function shapeAttr(shape: readonly number[] | null): Record<string, unknown> {
  return { list: { shape: [{ dim: (shape ?? []).map((size) => ({ size })) }] } };
}

function outputsOf(out: unknown): Tensor[] {
  if (out instanceof Tensor) return [out];
  if (Array.isArray(out)) return out.flatMap(outputsOf);
  if (out !== null && typeof out === "object") return Object.values(out).flatMap(outputsOf);
  return [];
}

/** Traces `model.call(...inputs)` into a `tensorflow.GraphDef` plain object. */
export function traceGraph(model: Module, inputs: readonly unknown[]): Record<string, unknown> {
  const top = model.constructor.name;
  const scopes = new Map<Module, string>([[model, top]]);
  for (const [name, m] of model.namedModules()) {
    if (name === "") continue;
    const parts = name.split(".");
    const parent = parts.slice(0, -1).join(".");
    const parentScope = scopes.get(parent === "" ? model : model.getSubmodule(parent)) ?? top;
    scopes.set(m, `${parentScope}/${m.constructor.name}[${parts[parts.length - 1]}]`);
  }
  const spans: Span[] = [];
  const handles = [...scopes.entries()].flatMap(([m, scope]) => {
    const starts: number[] = [];
    return [
      m.registerForwardPreHook(() => void starts.push(sequenceMark())),
      m.registerForwardHook(() => void spans.push({ start: starts.pop()!, end: sequenceMark(), scope })),
    ];
  });
  const traced = inputs.map((x) => (x instanceof Tensor && x.isFloatingPoint() ? x.detach().requiresGrad_() : x));
  let out: unknown;
  try {
    out = enableGrad(() => (model.call as (...a: unknown[]) => unknown)(...traced));
  } finally {
    handles.forEach((h) => h.remove());
  }
  const scopeOf = (n: Node): string => {
    let best: Span | null = null;
    for (const s of spans)
      if (n.sequenceNr > s.start && n.sequenceNr < s.end && (best === null || s.start > best.start)) best = s;
    return best?.scope ?? top;
  };

  const paramNames = new Map<Tensor, string>();
  for (const m of model.modules())
    for (const [pn, p] of m.namedParameters("", false))
      if (!paramNames.has(p)) paramNames.set(p, `${scopes.get(m)}/${pn}`);
  const nodes: Record<string, unknown>[] = [];
  const names = new Map<Node, string>();
  traced.forEach((x, i) => {
    if (!(x instanceof Tensor)) return;
    const name = `input/input.${i + 1}`;
    nodes.push({ name, op: "IO Node", input: [], attr: { _output_shapes: shapeAttr(x.shape) } });
    const edge = x.requiresGrad ? x._gradEdge() : null;
    if (edge !== null) names.set(edge, name);
  });
  const outs = outputsOf(out);
  const roots = outs.map((t) => t.gradFn).filter((n): n is Node => n !== null);
  const order = reachableNodes(roots).reverse();
  let k = 0;
  for (const n of order) {
    if (names.has(n)) continue;
    if (n instanceof AccumulateGrad) {
      const name = paramNames.get(n.variable) ?? `${top}/leaf.${k++}`;
      names.set(n, name);
      nodes.push({ name, op: "Parameter", input: [], attr: { _output_shapes: shapeAttr(n.variable.shape) } });
    } else names.set(n, `${scopeOf(n)}/aten::${atenName(n.name())}_${k++}`);
  }
  // Ops in creation order, so inputs precede their users.
  for (const n of order.filter((m) => !(m instanceof AccumulateGrad)).sort((a, b) => a.sequenceNr - b.sequenceNr)) {
    const input = n.next.filter((m): m is Node => m !== null && names.has(m)).map((m) => names.get(m)!);
    nodes.push({
      name: names.get(n),
      op: `aten::${atenName(n.name())}`,
      input,
      attr: { _output_shapes: shapeAttr(n.shape), attr: { s: Buffer.from(`{ grad_fn : ${n.name()} }`) } },
    });
  }
  outs.forEach((t, i) => {
    const src = t.gradFn !== null ? names.get(t.gradFn) : undefined;
    nodes.push({
      name: `output/output.${i + 1}`,
      op: "IO Node",
      input: src ? [src] : [],
      attr: { _output_shapes: shapeAttr(t.shape) },
    });
  });
  return { node: nodes, versions: { producer: 22 } };
}
