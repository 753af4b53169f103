/**
 * `keras.callbacks.TensorBoard`: per-epoch scalars as Keras writes them (`<logDir>/train` and
 * `<logDir>/validation`, tags `epoch_loss`, `epoch_accuracy`, …), through `src/log`'s
 * `SummaryWriter`.
 */
import { SummaryWriter } from "../../log/tensorboard/index.js";
import { checkOptions, optionKeys } from "../../util/args.js";
import { checkString } from "../check.js";
import { Callback, type Logs } from "./base.js";
import { lazyBuiltin } from "../../util/node.js";

const KEYS = optionKeys("logDir");

const path = lazyBuiltin(
  "node:path",
  "keras.callbacks.TensorBoard",
  "TensorBoard event files are written from Node.js",
);

/**
 * Logs each epoch's metrics for TensorBoard.
 * @example new callbacks.TensorBoard({ logDir: "logs/fit" })
 */
export class TensorBoard extends Callback {
  readonly logDir: string;
  private train: SummaryWriter | null = null;
  private val: SummaryWriter | null = null;
  constructor(opts: { logDir?: string } = {}) {
    super();
    checkOptions("keras.callbacks.TensorBoard", opts, KEYS);
    this.logDir = checkString("keras.callbacks.TensorBoard", "logDir", opts.logDir ?? "logs");
  }
  override onTrainBegin(): void {
    this.train = new SummaryWriter(path.join(this.logDir, "train"));
    this.val = null;
  }
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    for (const [k, v] of Object.entries(logs)) {
      if (k.startsWith("val_")) {
        this.val ??= new SummaryWriter(path.join(this.logDir, "validation"));
        this.val.addScalar(`epoch_${k.slice(4)}`, v, epoch);
      } else {
        this.train!.addScalar(k === "lr" ? "epoch_learning_rate" : `epoch_${k}`, v, epoch);
      }
    }
    this.train!.flush();
    this.val?.flush();
  }
  override onTrainEnd(): void {
    this.train?.close();
    this.val?.close();
  }
}
