/**
 * `antorcha/plot`: the figures a learner makes with matplotlib — loss curves, `imshow` with
 * colormaps, image grids, prediction bars, confusion matrices, decision boundaries, ROC/PR
 * curves — as Vega-Lite specs rendered headless to SVG, PNG or HTML.
 */
export { Figure, figure, type FigureOptions, type ViewSpec } from "./figure.js";
export { linePlot, plotLosses, barChart, heatmap, rocCurve, prCurve, type ChartOptions } from "./charts.js";
export { imshow, imageGrid, type ImshowOptions } from "./images.js";
export { scatter, contour, decisionBoundary } from "./scatter.js";
export { COLORMAPS } from "./colormaps.js";
