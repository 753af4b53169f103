/**
 * The figures of "Deep Learning with PyTorch Step-by-Step", chapters 0–3, one example each:
 * name → the function that draws it. Run one: npx tsx examples/book/<name>.ts [out.png]
 */
import type * as torch from "../../src/index.js";
import { draw as ch0Data } from "./ch0-data.js";
import { draw as ch0Predictions } from "./ch0-predictions.js";
import { draw as ch0LossSurface } from "./ch0-loss-surface.js";
import { draw as ch0GradientPath } from "./ch0-gradient-path.js";
import { draw as ch2Losses } from "./ch2-losses.js";
import { draw as ch3DecisionBoundary } from "./ch3-decision-boundary.js";

export const FIGURES: Record<string, () => torch.plot.Figure | Promise<torch.plot.Figure>> = {
  "ch0-data": ch0Data,
  "ch0-predictions": ch0Predictions,
  "ch0-loss-surface": ch0LossSurface,
  "ch0-gradient-path": ch0GradientPath,
  "ch2-losses": ch2Losses,
  "ch3-decision-boundary": ch3DecisionBoundary,
};
