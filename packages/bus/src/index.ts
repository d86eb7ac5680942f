export type {
  Bus,
  BusLog,
  BusOptions,
  Job,
  JobCounts,
  JobHandler,
  JobOptions,
  JobQueue,
  JobWorker,
  RequestContext,
  RequestHandler,
  StreamEntry,
  Unsubscribe,
} from './bus.js';
export { BusError, RemoteError, busErrorCodes, type BusErrorCode } from './errors.js';
export { compareStreamIds, isStreamId } from './stream-ids.js';
export { createBus } from './create-bus.js';
export { createMemoryBus } from './memory-bus.js';
export { createRedisBus } from './redis-bus.js';
export { serveChargerCommands, sendChargerCommand } from './command-routing.js';
