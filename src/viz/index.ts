/**
 * `makeDot`: the autograd graph behind a tensor as Graphviz DOT, in torchviz's style (backward
 * nodes grey, parameters light blue with name and shape, the output green), rendered to SVG by a
 * bundled WebAssembly Graphviz (no system install), and to PNG from that SVG by resvg.
 */
import { AccumulateGrad, type Node } from "../autograd/node.js";
import { fontFiles, loadResvg } from "../plot/resvg.js";
import { Tensor } from "../tensor/tensor.js";
import { lazyBuiltin } from "../util/node.js";
import { reachableNodes } from "./walk.js";
import { checkArity, checkBool, checkNumber, checkOptions, describe, optionKeys } from "../util/args.js";

const KEYS = optionKeys("params", "showAttrs");
const PNG_KEYS = optionKeys("scale");

/** Options of `makeDot`. */
export interface MakeDotOptions {
  /** Names for leaf tensors: `model.namedParameters()` or a name → tensor map. */
  params?: Iterable<[string, Tensor]> | Record<string, Tensor> | Map<string, Tensor>;
  /** Also print each backward node's output shape and dtype. */
  showAttrs?: boolean;
}

const sizeStr = (shape: readonly number[]): string => `(${shape.join(", ")})`;
const quote = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

const fs = lazyBuiltin("node:fs", "Digraph.save", "in a browser, put the SVG of toSVG() into the page");

/** A DOT graph with its source text and renderers. */
export class Digraph {
  constructor(readonly source: string) {}

  toString(): string {
    return this.source;
  }

  /** Renders with Graphviz (WebAssembly) to SVG text. @example const svg = await makeDot(loss).toSVG(); // fragment */
  async toSVG(): Promise<string> {
    const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
    try {
      return (await Graphviz.load()).dot(this.source, "svg");
    } catch {
      // The WebAssembly Graphviz can fail a valid graph after some earlier layouts ("table index
      // is out of bounds"); it drops its instance on error, and a fresh one lays the graph out.
      return (await Graphviz.load()).dot(this.source, "svg");
    }
  }

  /** Renders to PNG bytes, `scale` pixels per SVG point (2). @example writeFileSync("g.png", await makeDot(loss).toPNG()) // fragment */
  async toPNG(opts: { scale?: number } = {}): Promise<Buffer> {
    checkOptions("Digraph.toPNG", opts, PNG_KEYS);
    const { scale = 2 } = opts;
    checkNumber("Digraph.toPNG", "scale", scale, { min: 0, minExclusive: true });
    const { Resvg } = await loadResvg("Digraph.toPNG");
    // Graphviz lays the labels out in Courier/Times metrics; resvg draws them with DejaVu when present.
    const FONT_FILES = fontFiles(["DejaVuSans.ttf", "DejaVuSansMono.ttf"]);
    const r = new Resvg(await this.toSVG(), {
      fitTo: { mode: "zoom", value: scale },
      background: "white",
      font: {
        fontFiles: FONT_FILES,
        loadSystemFonts: FONT_FILES.length === 0,
        defaultFontFamily: "DejaVu Sans",
        serifFamily: "DejaVu Sans",
        monospaceFamily: "DejaVu Sans Mono",
      },
    });
    return r.render().asPng();
  }

  /** Writes `.dot`/`.gv` source, rendered `.svg` or `.png` by extension. @example await makeDot(loss).save("graph.svg") // fragment */
  async save(path: string): Promise<void> {
    if (typeof path !== "string") throw new TypeError(`[Digraph.save] path must be a string: got ${describe(path)}`);
    if (/\.(dot|gv)$/i.test(path)) fs.writeFileSync(path, this.source);
    else if (/\.svg$/i.test(path)) fs.writeFileSync(path, await this.toSVG());
    else if (/\.png$/i.test(path)) fs.writeFileSync(path, await this.toPNG());
    else throw new RangeError(`[makeDot] cannot save as ${path}: expected a .dot, .gv, .svg or .png file`);
  }
}

function paramMap(params: MakeDotOptions["params"]): Map<Tensor, string> {
  const out = new Map<Tensor, string>();
  if (params === undefined) return out;
  if (params === null || typeof params !== "object")
    throw new TypeError(
      `[makeDot] params must be model.namedParameters(), a Map or an object of tensors: got ${describe(params)}`,
    );
  const entries: Iterable<[string, Tensor]> =
    params instanceof Map || Symbol.iterator in params
      ? (params as Iterable<[string, Tensor]>)
      : Object.entries(params);
  for (const [name, t] of entries) {
    if (!(t instanceof Tensor))
      throw new TypeError(`[makeDot] params must map names to tensors: ${name} is ${typeof t}`);
    out.set(t, name);
  }
  return out;
}

/**
 * The autograd graph of `output` (one tensor or several) as DOT: backward nodes by `name()`,
 * edges along `next`, leaf tensors labelled `name\n (shape)`.
 * @example const dot = makeDot(loss, { params: model.namedParameters() }); console.log(dot.source); // fragment
 */
export function makeDot(output: Tensor | readonly Tensor[], opts: MakeDotOptions = {}): Digraph {
  checkArity("makeDot", arguments.length, 2);
  checkOptions("makeDot", opts, KEYS);
  const { params, showAttrs = false } = opts;
  checkBool("makeDot", "showAttrs", showAttrs);
  if (!(output instanceof Tensor) && !(Array.isArray(output) && output.every((t) => t instanceof Tensor)))
    throw new TypeError(`[makeDot] output must be a Tensor or an array of tensors: got ${describe(output)}`);
  const outs = output instanceof Tensor ? [output] : [...output];
  const names = paramMap(params);
  const lines = [
    "digraph {",
    '\tgraph [size="12,12"]',
    "\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]",
  ];
  const ids = new Map<Node | Tensor, string>();
  const id = (x: Node | Tensor): string => {
    let s = ids.get(x);
    if (s === undefined) ids.set(x, (s = `n${ids.size}`));
    return s;
  };
  const roots = outs.map((t) => t.gradFn).filter((n): n is Node => n !== null);
  for (const n of reachableNodes(roots)) {
    let label = n.name();
    if (showAttrs && n.shape !== null) label += `\n-------\nshape: ${sizeStr(n.shape)}\ndtype: ${n.dtype}`;
    lines.push(`\t${id(n)} [label=${quote(label)}]`);
    if (n instanceof AccumulateGrad) {
      const v = n.variable;
      lines.push(`\t${id(v)} [label=${quote(`${names.get(v) ?? ""}\n ${sizeStr(v.shape)}`)} fillcolor=lightblue]`);
      lines.push(`\t${id(v)} -> ${id(n)}`);
    }
    for (const m of n.next) if (m !== null) lines.push(`\t${id(m)} -> ${id(n)}`);
  }
  for (const t of outs) {
    lines.push(`\t${id(t)} [label=${quote(`${names.get(t) ?? ""}\n ${sizeStr(t.shape)}`)} fillcolor=darkolivegreen1]`);
    if (t.gradFn !== null) lines.push(`\t${id(t.gradFn)} -> ${id(t)}`);
  }
  lines.push("}");
  return new Digraph(lines.join("\n") + "\n");
}
