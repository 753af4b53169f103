/** Child process for workers.test.ts: iterates a worker loader in one way, then just returns. */
import * as torch from "../../src/index.js";
import { SquaresDataset } from "./worker-dataset.js";

const mode = process.argv[2];
const loader = new torch.data.DataLoader(new SquaresDataset(200), { batchSize: 4, numWorkers: 3 });
if (mode === "abandon")
  loader[Symbol.iterator]().next(); // neither finished nor closed
else {
  for (const _ of loader);
  for (const _ of loader) break;
  for await (const _ of loader) break;
  try {
    for (const _ of new torch.data.DataLoader(new SquaresDataset(200, 50), { batchSize: 4, numWorkers: 3 }));
  } catch {
    /* expected */
  }
}
console.log("done");
