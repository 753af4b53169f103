/**
 * `Figure`: one chart or a grid of subplots, as a Vega-Lite spec rendered headless to SVG (Vega,
 * no DOM), PNG (resvg) or an HTML snippet for notebooks.
 */
import type { TopLevelSpec } from "vega-lite";
import { checkArity, checkNumber, checkOptions, optionKeys } from "../util/args.js";
import { checkPlotOptions, FIGURE_KEYS } from "./check.js";
import { fontFiles, loadResvg } from "./resvg.js";
import { isNode, lazyBuiltin } from "../util/node.js";
import { registerSchemes } from "./colormaps.js";
import { denoJupyter, tslabCellHtml, tslabDisplay } from "./notebook.js";

const fs = lazyBuiltin("node:fs", "Figure.save", "in a browser, put the SVG of toSVG() into the page");
const os = lazyBuiltin("node:os", "Figure.show", "in a browser, put the SVG of toSVG() into the page");

/** Pixels per inch of `figsize` (CSS pixels; `toPNG`'s default scale 2 makes it 144 dpi). */
export const DPI = 72;

/**
 * The plot-area size of one of `rows × cols` cells in a `figsize` (inches) figure, leaving room
 * for axis labels and titles as matplotlib's default subplot margins do.
 */
export function inchesToView(figsize: [number, number], rows: number, cols: number): [number, number] {
  const w = (figsize[0] * DPI) / cols;
  const h = (figsize[1] * DPI) / rows;
  return [Math.max(20, Math.round(w - 70)), Math.max(20, Math.round(h - 56))];
}

/** Views of figures whose colorbar was on by default: placed in a subplot, they go without it. */
const bareViews = new WeakMap<Figure, ViewSpec>();

/** Records `bare`, `fig`'s view without its default colorbar (subplots use it, as matplotlib). */
export function setSubplotView(fig: Figure, bare: ViewSpec): Figure {
  bareViews.set(fig, bare);
  return fig;
}

/** A Vega-Lite view spec (unit, layer or concat), without top-level config. */
export type ViewSpec = Record<string, unknown>;

const CONFIG = {
  font: "DejaVu Sans, Helvetica, Arial, sans-serif",
  view: { stroke: "#444" },
  axis: { grid: false, domainColor: "#444", tickColor: "#444", labelFontSize: 10, titleFontSize: 11 },
  title: { fontSize: 12, fontWeight: "normal" },
  legend: { labelFontSize: 10, titleFontSize: 10 },
};

const PNG_KEYS = optionKeys("scale");

/** Options of `figure()`. */
export interface FigureOptions {
  rows?: number;
  cols?: number;
  title?: string;
  /** Size in inches (matplotlib's `figsize`, 72 px per inch): each cell gets its share. */
  figsize?: [number, number];
}

/**
 * A figure: a single view, or a `rows × cols` grid filled with `subplot(index, chart)`
 * (1-based, row-major, like matplotlib).
 * @example const fig = plot.figure({ rows: 1, cols: 2 }); fig.subplot(1, plot.plotLosses(losses));
 */
export class Figure {
  readonly rows: number;
  readonly cols: number;
  private readonly cells: (ViewSpec | null)[];
  title: string | undefined;
  readonly figsize: [number, number] | undefined;

  constructor(view: ViewSpec | null = null, opts: FigureOptions = {}) {
    checkPlotOptions("figure", opts, FIGURE_KEYS);
    const { rows = 1, cols = 1, title, figsize } = opts;
    this.figsize = figsize;
    for (const [k, v] of [
      ["rows", rows],
      ["cols", cols],
    ] as const)
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`[figure] ${k} must be a positive integer: got ${v}`);
    this.rows = rows;
    this.cols = cols;
    this.title = title;
    this.cells = new Array<ViewSpec | null>(rows * cols).fill(null);
    this.cells[0] = view;
  }

  /** Places `chart` (a Figure with one view) at 1-based `index`. @example fig.subplot(3, plot.imshow(img)) // fragment */
  subplot(index: number, chart: Figure): this {
    checkArity("subplot", arguments.length, 2);
    if (!(chart instanceof Figure))
      throw new TypeError(`[subplot] chart must be a Figure (e.g. plot.imshow(img)): got ${typeof chart}`);
    const n = this.rows * this.cols;
    if (!Number.isInteger(index) || index < 1 || index > n)
      throw new RangeError(
        `[subplot] subplot index ${index} is outside a ${this.rows}x${this.cols} grid: expected 1..${n}`,
      );
    const size = this.figsize ? inchesToView(this.figsize, this.rows, this.cols) : undefined;
    this.cells[index - 1] = chart.subplotView(size);
    return this;
  }

  /**
   * The view this figure takes as a subplot: without a colorbar it only had by default, and
   * `size` (the plot area in pixels, from the grid's `figsize`) when given.
   */
  subplotView(size?: [number, number]): ViewSpec {
    const v = bareViews.get(this) ?? this.view();
    return size ? { ...v, width: size[0], height: size[1] } : v;
  }

  /** The Vega-Lite view of this figure (a concat for grids). */
  view(): ViewSpec {
    if (this.rows * this.cols === 1) return this.cells[0] ?? { mark: "point", data: { values: [] } };
    const empty = { data: { values: [] }, mark: "point", width: 1, height: 1, view: { stroke: null } };
    const cells = this.cells.map((c) => c ?? empty);
    // One wrapped concat, cells aligned per column and row like matplotlib's subplot grid (rows of
    // separate hconcats drift apart when captions differ in width).
    return {
      concat: cells,
      columns: this.cols,
      align: "each",
      resolve: {
        scale: { color: "independent", shape: "independent", fill: "independent", stroke: "independent" },
        legend: { color: "independent", shape: "independent", fill: "independent", stroke: "independent" },
      },
    };
  }

  /** The complete Vega-Lite spec. @example JSON.stringify(fig.spec()) */
  spec(): TopLevelSpec {
    const v = this.view();
    const title = this.title ?? (v.title as string | undefined);
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      background: "white",
      padding: 8,
      config: CONFIG,
      ...v,
      ...(title ? { title } : {}),
    } as TopLevelSpec;
  }

  /** Renders to SVG text. @example const svg = await fig.toSVG(); */
  async toSVG(): Promise<string> {
    // Loaded on first render: Vega is half of the JS heap antorcha would otherwise carry, and
    // every major GC (triggered by tensor allocations) marks the whole heap.
    const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
    // Vega-Lite's warnings (e.g. scale unions) go to the console by default; keep errors only.
    const logger = vega.logger(vega.Error);
    registerSchemes(vega as unknown as Parameters<typeof registerSchemes>[0]);
    const view = new vega.View(vega.parse(compile(this.spec(), { logger }).spec), {
      renderer: "none",
      logLevel: vega.Error,
    });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  }

  /** Renders to PNG bytes, `scale` device pixels per SVG pixel (2). @example writeFileSync("f.png", await fig.toPNG()) // fragment */
  async toPNG(opts: { scale?: number } = {}): Promise<Buffer> {
    checkOptions("toPNG", opts, PNG_KEYS);
    const { scale = 2 } = opts;
    checkNumber("toPNG", "scale", scale, { min: 0, minExclusive: true });
    const { Resvg } = await loadResvg("Figure.toPNG");
    const svg = await this.toSVG();
    const FONT_FILES = fontFiles(["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"]);
    const r = new Resvg(svg, {
      fitTo: { mode: "zoom", value: scale },
      background: "white",
      font: {
        fontFiles: FONT_FILES,
        loadSystemFonts: FONT_FILES.length === 0,
        defaultFontFamily: "DejaVu Sans",
        sansSerifFamily: "DejaVu Sans",
        monospaceFamily: "DejaVu Sans Mono",
      },
    });
    return r.render().asPng();
  }

  /** An HTML snippet (the inline SVG), for notebooks. @example display(await fig.toHTML()) // fragment */
  async toHTML(): Promise<string> {
    return `<div class="antorcha-figure">${await this.toSVG()}</div>`;
  }

  /**
   * Shows the figure, as matplotlib's `plt.show()`: inline in a Jupyter kernel (Deno's, or
   * tslab's wherever it is installed), returning nothing so the cell shows only the figure;
   * elsewhere under Node it writes a PNG to a fresh temporary folder, prints the file's path and
   * returns it.
   * @example await plot.plotLosses(losses).show(); // → /tmp/antorcha-figure-XXXX/figure.png
   */
  async show(): Promise<string | undefined> {
    const deno = denoJupyter();
    const tslab = deno === null ? tslabDisplay() : null;
    if (deno !== null) await deno.display({ "text/html": await this.toHTML() }, { raw: true });
    else if (tslab !== null) tslab.html(await this.toHTML());
    else if (!isNode) console.log("[plot] no notebook and no file system here: put fig.toSVG() into the page");
    else {
      const dir = fs.mkdtempSync(`${os.tmpdir()}/antorcha-figure-`);
      const path = `${dir}/figure.png`;
      fs.writeFileSync(path, await this.toPNG());
      console.log(`[plot] figure written to ${path}`);
      return path;
    }
    return undefined;
  }

  /** Deno's Jupyter kernel shows a figure that is a cell's value as SVG. */
  async [Symbol.for("Jupyter.display")](): Promise<Record<string, string>> {
    return { "image/svg+xml": await this.toSVG(), "text/plain": this.describe() };
  }

  /**
   * `console.log(fig)` and a notebook cell's value: a one-line description; in a tslab kernel
   * (which shows a cell's value with console.log) the figure is also displayed, once rendered.
   */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    const show = tslabCellHtml(); // bound to this cell: the SVG may arrive after the cell ended
    if (show !== null)
      this.toHTML().then(
        (html) => show(html),
        (e: unknown) => console.error(`[plot] the figure could not be rendered: ${e instanceof Error ? e.message : e}`),
      );
    return this.describe();
  }

  private describe(): string {
    const filled = this.cells.filter((c) => c !== null).length;
    return `Figure(${this.rows}×${this.cols}${this.title ? `, ${JSON.stringify(this.title)}` : ""}, ${filled} chart${filled === 1 ? "" : "s"})`;
  }

  /** Writes `.svg`, `.png`, `.html` or `.json` (the Vega-Lite spec) by extension. @example await fig.save("losses.png") */
  async save(path: string): Promise<void> {
    checkArity("save", arguments.length, 1);
    if (typeof path !== "string") throw new TypeError(`[save] path must be a string: got ${typeof path}`);
    const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
    if (ext === "svg") fs.writeFileSync(path, await this.toSVG());
    else if (ext === "png") fs.writeFileSync(path, await this.toPNG());
    else if (ext === "html") fs.writeFileSync(path, await this.toHTML());
    else if (ext === "json") fs.writeFileSync(path, JSON.stringify(this.spec(), null, 2));
    else throw new RangeError(`[save] cannot infer the format of ${path}: expected .svg, .png, .html or .json`);
  }
}

/**
 * An empty grid of subplots.
 * @example const fig = plot.figure({ rows: 2, cols: 5 });
 */
export function figure(options: FigureOptions = {}): Figure {
  checkArity("figure", arguments.length, 1);
  return new Figure(null, options);
}
