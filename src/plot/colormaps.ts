/** matplotlib colormap names → Vega color scales. */

/** Colormaps `imshow`/`heatmap` accept (matplotlib's names; `_r` reverses). */
export const COLORMAPS: Record<string, { scheme?: string; range?: string[] }> = {
  viridis: { scheme: "viridis" },
  magma: { scheme: "magma" },
  inferno: { scheme: "inferno" },
  plasma: { scheme: "plasma" },
  cividis: { scheme: "cividis" },
  gray: { range: ["#000000", "#ffffff"] },
  grey: { range: ["#000000", "#ffffff"] },
  binary: { range: ["#ffffff", "#000000"] },
  Greys: { scheme: "greys" },
  Blues: { scheme: "blues" },
  Greens: { scheme: "greens" },
  Reds: { scheme: "reds" },
  Oranges: { scheme: "oranges" },
  Purples: { scheme: "purples" },
  PiYG: { scheme: "pinkyellowgreen" },
  RdBu: { scheme: "redblue" },
  RdYlBu: { scheme: "redyellowblue" },
  coolwarm: { range: ["#3b4cc0", "#dddddd", "#b40426"] },
  hot: { range: ["#0b0000", "#ff0000", "#ffff00", "#ffffff"] },
  jet: { range: ["#00007f", "#0000ff", "#00ffff", "#7fff7f", "#ffff00", "#ff0000", "#7f0000"] },
  Spectral: { scheme: "spectral" },
};

/** The Vega-Lite `scale` for a colormap name and value domain. */
export function colorScale(cmap: string, domain: [number, number], op: string): Record<string, unknown> {
  const reversed = cmap.endsWith("_r");
  const c = COLORMAPS[reversed ? cmap.slice(0, -2) : cmap];
  if (c === undefined)
    throw new RangeError(`[${op}] unknown colormap '${cmap}': expected one of ${Object.keys(COLORMAPS).join(", ")}`);
  return { ...(c.scheme ? { scheme: c.scheme } : { range: c.range }), domain, reverse: reversed, clamp: true };
}

/** The Vega scheme name of a colormap (the `range` ones are registered by `registerSchemes`). */
export function schemeName(cmap: string): { scheme: string; reverse: boolean } {
  const reverse = cmap.endsWith("_r");
  const base = reverse ? cmap.slice(0, -2) : cmap;
  const c = COLORMAPS[base];
  return { scheme: c?.scheme ?? `antorcha-${base}`, reverse };
}

let registered = false;

/** Registers the `range` colormaps as Vega schemes (once, when Vega is loaded for a render). */
export function registerSchemes(vega: {
  scheme(name: string, s: unknown): unknown;
  interpolateColors(colors: string[], type?: string): unknown;
}): void {
  if (registered) return;
  registered = true;
  for (const [name, c] of Object.entries(COLORMAPS))
    if (c.range !== undefined) vega.scheme(`antorcha-${name}`, vega.interpolateColors(c.range, "rgb"));
}
