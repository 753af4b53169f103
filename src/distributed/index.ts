/**
 * `torch.distributed` over gloo: process groups, collectives, the rendezvous stores. Every call
 * that talks to other ranks returns a promise (Node cannot block); see docs/distributed.md.
 */
export {
  ReduceOp,
  type ReduceOpName,
  DistributedError,
  DEFAULT_TIMEOUT_MS,
  type InitProcessGroupOptions,
  type CollectiveOptions,
  type P2POptions,
  initProcessGroup,
  destroyProcessGroup,
  isInitialized,
  isAvailable,
  isGlooAvailable,
  getRank,
  getWorldSize,
  getBackend,
  Work,
  allReduce,
  broadcast,
  allGather,
  reduceScatter,
  gather,
  scatter,
  send,
  recv,
  isend,
  irecv,
  barrier,
} from "./process-group.js";
export { TCPStore, FileStore, PrefixStore, StoreTimeoutError, type Store } from "./store.js";
export { averageGradients, broadcastParameters } from "./training.js";
