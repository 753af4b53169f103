/** Logging: TensorBoard event files, console lines and JSON-lines files. */
export { SummaryWriter, type SummaryWriterOptions } from "./tensorboard/index.js";
export { ConsoleLogger, JsonlLogger, type MetricSink, type Metrics } from "./sinks.js";
export { Progbar, formatMetricValue, formatTimePerUnit, type ProgbarOptions, type ProgressStream } from "./progress.js";
