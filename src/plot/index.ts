/**
 * `antorcha/plot`: the figures a learner makes with matplotlib — loss curves, `imshow` with
 * colormaps, image grids, prediction bars, confusion matrices, decision boundaries, ROC/PR
 * curves, several series on one axes, contour lines and bands of computed grids, 3-D surfaces —
 * as Vega-Lite specs rendered headless to SVG, PNG or HTML.
 */
import "../setup.js";
export { Figure, figure, type FigureOptions, type ViewSpec } from "./figure.js";
export { linePlot, plotLosses, barChart, heatmap, rocCurve, prCurve, type ChartOptions } from "./charts.js";
export { imshow, imageGrid, type ImshowOptions } from "./images.js";
export {
  scatter,
  contour,
  contourf,
  decisionBoundary,
  type ContourGridOptions,
  type ContourfGridOptions,
} from "./scatter.js";
export {
  Axes,
  axes,
  type AxesOptions,
  type ScatterSeriesOptions,
  type LineSeriesOptions,
  type ContourOptions,
  type ContourfOptions,
} from "./axes.js";
export { surface, type SurfaceOptions } from "./surface.js";
export { COLORMAPS } from "./colormaps.js";
