/**
 * Bad-input table for `torch.distributed`, `nn.parallel.DistributedDataParallel`,
 * `data.DistributedSampler` and `antorcha run`'s flags. Each row calls the API wrongly and checks
 * the error class and the `[op]` message. The rows that need a group use a world of one process.
 */
import { after, before, describe } from "node:test";
import { createServer, type Server } from "node:net";
import * as torch from "../../src/index.js";
import { parseRunArgs, UsageError } from "../../src/distributed/launcher.js";
import { freePort, skipReason } from "../distributed/helpers.js";
import { bad, exactTable, table } from "./table.js";

const { distributed: dist, nn, data } = torch;
const ds = new data.TensorDataset(torch.zeros(10, 2));

/** Runs `fn` with `vars` in process.env (undefined deletes), then restores it. */
async function withEnv(vars: Record<string, string | undefined>, fn: () => Promise<unknown>): Promise<unknown> {
  const saved: Record<string, string | undefined> = {};
  for (const k of Object.keys(vars)) {
    saved[k] = process.env[k];
    if (vars[k] === undefined) delete process.env[k];
    else process.env[k] = vars[k];
  }
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(saved)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}
const ENV = { MASTER_ADDR: "127.0.0.1", MASTER_PORT: "29400", RANK: "0", WORLD_SIZE: "1" };

describe("initProcessGroup: argument checks (no gloo needed)", () => {
  table([
    [
      "unknown option",
      () => dist.initProcessGroup(bad({ world_size: 2 })),
      TypeError,
      '[initProcessGroup] unknown option "world_size": did you mean "worldSize"?',
    ],
    [
      "backend nccl",
      () => dist.initProcessGroup(bad({ backend: "nccl" })),
      RangeError,
      /^\[initProcessGroup\] backend must be one of "gloo": got "nccl"/,
    ],
    [
      "MASTER_PORT not a number",
      () => withEnv({ ...ENV, MASTER_PORT: "abc" }, () => dist.initProcessGroup()),
      RangeError,
      '[initProcessGroup] MASTER_PORT must be a port number (1-65535): got "abc"',
    ],
    [
      "MASTER_PORT too large",
      () => withEnv({ ...ENV, MASTER_PORT: "70000" }, () => dist.initProcessGroup()),
      RangeError,
      '[initProcessGroup] MASTER_PORT must be a port number (1-65535): got "70000"',
    ],
    [
      "MASTER_PORT unset",
      () => withEnv({ ...ENV, MASTER_PORT: undefined }, () => dist.initProcessGroup()),
      Error,
      "[initProcessGroup] environment variable MASTER_PORT expected, but not set (env:// rendezvous)",
    ],
    [
      "MASTER_ADDR unset",
      () => withEnv({ ...ENV, MASTER_ADDR: undefined }, () => dist.initProcessGroup()),
      Error,
      "[initProcessGroup] environment variable MASTER_ADDR expected, but not set (env:// rendezvous)",
    ],
    [
      "WORLD_SIZE unset",
      () => withEnv({ ...ENV, WORLD_SIZE: undefined }, () => dist.initProcessGroup()),
      Error,
      /^\[initProcessGroup\] environment variable WORLD_SIZE expected, but not set/,
    ],
    [
      "WORLD_SIZE 0",
      () => withEnv({ ...ENV, WORLD_SIZE: "0" }, () => dist.initProcessGroup()),
      RangeError,
      '[initProcessGroup] WORLD_SIZE must be an integer ≥ 1: got "0"',
    ],
    [
      "RANK not below WORLD_SIZE",
      () => withEnv({ ...ENV, RANK: "2", WORLD_SIZE: "2" }, () => dist.initProcessGroup()),
      RangeError,
      "[initProcessGroup] rank must be in [0, worldSize): got rank 2, expected < worldSize 2",
    ],
    [
      "worldSize option 0",
      () => dist.initProcessGroup({ worldSize: 0, rank: 0, initMethod: "tcp://127.0.0.1:1" }),
      RangeError,
      "[initProcessGroup] worldSize must be >= 1: got 0",
    ],
    [
      "rank option not an integer",
      () => dist.initProcessGroup({ worldSize: 2, rank: bad("0") }),
      TypeError,
      '[initProcessGroup] rank must be an integer: got "0"',
    ],
    [
      "unknown initMethod",
      () => dist.initProcessGroup({ worldSize: 1, rank: 0, initMethod: "udp://x" }),
      RangeError,
      '[initProcessGroup] unknown initMethod: got "udp://x", expected "env://", "tcp://host:port" or "file:///path"',
    ],
    [
      "tcp:// without a port",
      () => dist.initProcessGroup({ worldSize: 1, rank: 0, initMethod: "tcp://host" }),
      RangeError,
      '[initProcessGroup] initMethod must be "tcp://host:port": got "tcp://host"',
    ],
    [
      "tcp:// port 0",
      () => dist.initProcessGroup({ worldSize: 1, rank: 0, initMethod: "tcp://127.0.0.1:0" }),
      RangeError,
      '[initProcessGroup] the port of initMethod must be a port number (1-65535): got "0"',
    ],
    [
      "initMethod not a string",
      () => dist.initProcessGroup({ worldSize: 1, rank: 0, initMethod: bad(5) }),
      TypeError,
      '[initProcessGroup] initMethod must be a string like "env://": got 5',
    ],
    [
      "timeout 0",
      () => dist.initProcessGroup({ worldSize: 1, rank: 0, timeout: 0 }),
      RangeError,
      "[initProcessGroup] timeout must be >= 1: got 0",
    ],
  ]);
});

describe("initProcessGroup: rendezvous", { skip: skipReason }, () => {
  let busy: Server;
  let busyPort = 0;
  before(async () => {
    busyPort = await freePort();
    busy = createServer();
    await new Promise<void>((r) => busy.listen(busyPort, "127.0.0.1", () => r()));
  });
  after(() => busy.close());
  table([
    [
      "MASTER_PORT already taken",
      () => withEnv({ ...ENV, MASTER_PORT: String(busyPort) }, () => dist.initProcessGroup()),
      Error,
      /^\[initProcessGroup\] rank 0 cannot host the rendezvous store on 127\.0\.0\.1:\d+: address already in use; pick a free MASTER_PORT$/,
    ],
    [
      "no rank 0 to meet",
      () =>
        dist
          .initProcessGroup({ initMethod: `tcp://127.0.0.1:${busyPort + 0}`, worldSize: 2, rank: 1, timeout: 300 })
          .catch(async (e) => {
            throw e;
          }),
      Error,
      /^\[TCPStore\] lost the connection|^\[initProcessGroup\] (cannot reach the rendezvous store|rank 1 timed out)/,
    ],
    [
      "a rank that never comes",
      async () =>
        dist.initProcessGroup({
          initMethod: `tcp://127.0.0.1:${await freePort()}`,
          worldSize: 2,
          rank: 0,
          timeout: 1500,
        }),
      Error,
      "[initProcessGroup] timed out after 1500 ms waiting for rank(s) 1 to join (worldSize 2)",
    ],
  ]);
});

describe("collectives before initProcessGroup", () => {
  const t = torch.zeros(2);
  exactTable([
    [
      "getRank",
      () => dist.getRank(),
      Error,
      "[getRank] Default process group has not been initialized, please make sure to call initProcessGroup.",
    ],
    [
      "getWorldSize",
      () => dist.getWorldSize(),
      Error,
      "[getWorldSize] Default process group has not been initialized, please make sure to call initProcessGroup.",
    ],
    [
      "allReduce",
      () => dist.allReduce(t),
      Error,
      "[allReduce] Default process group has not been initialized, please make sure to call initProcessGroup.",
    ],
    [
      "barrier",
      () => dist.barrier(),
      Error,
      "[barrier] Default process group has not been initialized, please make sure to call initProcessGroup.",
    ],
    [
      "destroyProcessGroup",
      () => dist.destroyProcessGroup(),
      Error,
      "[destroyProcessGroup] Default process group has not been initialized, please make sure to call initProcessGroup.",
    ],
    [
      "DDP",
      () => new nn.parallel.DistributedDataParallel(new nn.Linear(2, 2)),
      Error,
      "[DistributedDataParallel] Default process group has not been initialized, please make sure to call initProcessGroup.",
    ],
    [
      "DistributedSampler without numReplicas",
      () => new data.DistributedSampler(ds),
      Error,
      "[DistributedSampler] numReplicas not given and the default process group is not initialized: pass it or call initProcessGroup first",
    ],
  ]);
});

describe("collectives in a world of one", { skip: skipReason }, () => {
  before(async () =>
    dist.initProcessGroup({
      initMethod: `tcp://127.0.0.1:${await freePort()}`,
      worldSize: 1,
      rank: 0,
      timeout: 20_000,
    }),
  );
  after(() => dist.destroyProcessGroup());
  const t = torch.zeros(2, 3);
  const ints = torch.zeros([2], { dtype: "int32" });
  table([
    [
      "twice",
      () => dist.initProcessGroup({ worldSize: 1, rank: 0 }),
      Error,
      "[initProcessGroup] trying to initialize the default process group twice",
    ],
    [
      "allReduce not a tensor",
      () => dist.allReduce(bad([1, 2])),
      TypeError,
      "[allReduce] tensor must be a Tensor: got an array of length 2",
    ],
    [
      "allReduce non-contiguous",
      () => dist.allReduce(t.t()),
      RangeError,
      "[allReduce] tensor must be contiguous: got strides [1,3]",
    ],
    [
      "allReduce bad op",
      () => dist.allReduce(t, bad("mean")),
      RangeError,
      /^\[allReduce\] op must be one of "sum", "avg", "product", "min", "max": got "mean"/,
    ],
    [
      "allReduce avg on int",
      () => dist.allReduce(ints, "avg"),
      RangeError,
      '[allReduce] op "avg" needs a floating dtype: got int32; use "sum" and divide',
    ],
    [
      "allReduce unknown option",
      () => dist.allReduce(t, "sum", bad({ async_op: true })),
      TypeError,
      '[allReduce] unknown option "async_op": did you mean "asyncOp"?',
    ],
    [
      "allReduce asyncOp not boolean",
      () => dist.allReduce(t, "sum", bad({ asyncOp: 1 })),
      TypeError,
      "[allReduce] asyncOp must be a boolean: got 1",
    ],
    [
      "allReduce extra argument",
      () => (dist.allReduce as (...a: unknown[]) => unknown)(t, "sum", {}, 1),
      TypeError,
      /^\[allReduce\] takes at most 3 positional arguments: got 4/,
    ],
    [
      "broadcast src out of range",
      () => dist.broadcast(t, 1),
      RangeError,
      "[broadcast] src must be a rank below the world size 1: got 1",
    ],
    ["broadcast src negative", () => dist.broadcast(t, -1), RangeError, "[broadcast] src must be >= 0: got -1"],
    [
      "allGather list length",
      () => dist.allGather([t, t], t),
      RangeError,
      "[allGather] tensorList must hold one tensor per rank: got 2, expected 1",
    ],
    [
      "allGather not a list",
      () => dist.allGather(bad(t), t),
      TypeError,
      /^\[allGather\] tensorList must be an array of Tensors: got/,
    ],
    [
      "allGather dtype mismatch",
      () => dist.allGather([torch.zeros([6], { dtype: "float64" })], t),
      RangeError,
      "[allGather] tensorList[0] must match the tensor's dtype and size: got float64 [6], expected float32 with 6 elements",
    ],
    [
      "gather without list on dst",
      () => dist.gather(t, null, 0),
      Error,
      "[gather] Argument gatherList must be specified on destination rank 0",
    ],
    [
      "scatter without list on src",
      () => dist.scatter(t, null, 0),
      Error,
      "[scatter] Argument scatterList must be specified on source rank 0",
    ],
    [
      "reduceScatter avg on int",
      () => dist.reduceScatter(ints, [ints], "avg"),
      RangeError,
      '[reduceScatter] op "avg" needs a floating dtype: got int32; use "sum" and divide',
    ],
    [
      "send to self",
      () => dist.send(t, 0),
      RangeError,
      "[send] Invalid destination rank: got 0, which is this process's own rank",
    ],
    ["recv tag negative", () => dist.recv(t, 0, { tag: -1 }), RangeError, "[recv] tag must be >= 0: got -1"],
    [
      "send tag too large",
      () => dist.send(t, 0, { tag: 2 ** 32 }),
      RangeError,
      "[send] tag must be below 2^32: got 4294967296",
    ],
    [
      "send unknown option",
      () => dist.send(t, 0, bad({ tags: 1 })),
      TypeError,
      '[send] unknown option "tags": did you mean "tag"?',
    ],
    [
      "barrier unknown option",
      () => dist.barrier(bad({ timeout: 1 })),
      TypeError,
      /^\[barrier\] unknown option "timeout"/,
    ],
    [
      "DDP not a module",
      () => new nn.parallel.DistributedDataParallel(bad({})),
      TypeError,
      "[DistributedDataParallel] module must be an nn.Module: got an object",
    ],
    [
      "DDP unknown option",
      () => new nn.parallel.DistributedDataParallel(new nn.Linear(2, 2), bad({ bucket_cap_mb: 1 })),
      TypeError,
      '[DistributedDataParallel] unknown option "bucket_cap_mb": did you mean "bucketCapMb"?',
    ],
    [
      "DDP bucketCapMb 0",
      () => new nn.parallel.DistributedDataParallel(new nn.Linear(2, 2), { bucketCapMb: 0 }),
      RangeError,
      "[DistributedDataParallel] bucketCapMb must be > 0: got 0",
    ],
    [
      "DDP findUnusedParameters not boolean",
      () => new nn.parallel.DistributedDataParallel(new nn.Linear(2, 2), { findUnusedParameters: bad("yes") }),
      TypeError,
      '[DistributedDataParallel] findUnusedParameters must be a boolean: got "yes"',
    ],
    [
      "DDP no parameters",
      () => new nn.parallel.DistributedDataParallel(new nn.ReLU()),
      RangeError,
      "[DistributedDataParallel] the module has no parameter that requires grad",
    ],
    [
      "DDP forward before ready",
      () => new nn.parallel.DistributedDataParallel(new nn.Linear(2, 2)).call(torch.zeros(1, 2)),
      Error,
      "[DistributedDataParallel] forward before rank 0's parameters arrived: await ddp.ready first (or build it with await DistributedDataParallel.create(model))",
    ],
    [
      "DDP noSync not a function",
      async () => (await nn.parallel.DistributedDataParallel.create(new nn.Linear(2, 2))).noSync(bad(1)),
      TypeError,
      "[DistributedDataParallel.noSync] fn must be a function: got 1",
    ],
    [
      "DDP forward twice without syncGradients",
      async () => {
        const ddp = await nn.parallel.DistributedDataParallel.create(new nn.Linear(2, 2));
        ddp.call(torch.ones(1, 2)).sum().backward();
        return ddp.call(torch.ones(1, 2));
      },
      Error,
      "[DistributedDataParallel] Expected to have finished reduction in the prior iteration before starting a new one: await ddp.syncGradients() after backward (and before optimizer.step())",
    ],
  ]);
});

describe("DistributedSampler", () => {
  exactTable([
    [
      "rank ≥ numReplicas",
      () => new data.DistributedSampler(ds, { numReplicas: 2, rank: 2 }),
      RangeError,
      "[DistributedSampler] Invalid rank 2, rank should be in the interval [0, 1]",
    ],
    [
      "numReplicas 0",
      () => new data.DistributedSampler(ds, { numReplicas: 0, rank: 0 }),
      RangeError,
      "[DistributedSampler] numReplicas must be >= 1: got 0",
    ],
    [
      "unknown option",
      () => new data.DistributedSampler(ds, bad({ num_replicas: 2, rank: 0 })),
      TypeError,
      '[DistributedSampler] unknown option "num_replicas": did you mean "numReplicas"?',
    ],
    [
      "shuffle not boolean",
      () => new data.DistributedSampler(ds, { numReplicas: 1, rank: 0, shuffle: bad(1) }),
      TypeError,
      "[DistributedSampler] shuffle must be a boolean: got 1",
    ],
    [
      "no length",
      () => new data.DistributedSampler(bad({}), { numReplicas: 1, rank: 0 }),
      TypeError,
      "[DistributedSampler] dataset must have a length (a Dataset or an array): got an object",
    ],
    [
      "setEpoch negative",
      () => new data.DistributedSampler(ds, { numReplicas: 1, rank: 0 }).setEpoch(-1),
      RangeError,
      "[DistributedSampler.setEpoch] epoch must be >= 0: got -1",
    ],
  ]);
});

describe("antorcha run flags", () => {
  exactTable([
    [
      "no script",
      () => parseRunArgs(["--nproc-per-node", "2"]),
      UsageError,
      "[antorcha run] no script given: expected `antorcha run [options] script.ts [args]`",
    ],
    [
      "nproc not a number",
      () => parseRunArgs(["--nproc-per-node", "two", "x.ts"]),
      UsageError,
      '[antorcha run] --nproc-per-node must be an integer in [1, 9007199254740991]: got "two"',
    ],
    [
      "node rank ≥ nnodes",
      () => parseRunArgs(["--nnodes", "2", "--node-rank", "2", "x.ts"]),
      UsageError,
      '[antorcha run] --node-rank must be an integer in [0, 1]: got "2"',
    ],
    [
      "master port 0",
      () => parseRunArgs(["--master-port", "0", "x.ts"]),
      UsageError,
      '[antorcha run] --master-port must be an integer in [1, 65535]: got "0"',
    ],
    [
      "unknown flag",
      () => parseRunArgs(["--nprocs", "2", "x.ts"]),
      UsageError,
      /^\[antorcha run\] Unknown option '--nprocs'/,
    ],
  ]);
});
