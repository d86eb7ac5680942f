/** @pilewatch/csms: the OCPP-J 1.6 / 2.0.1 central system endpoint. `main.ts` runs it on its own. */
export { createCentralSystem, type CentralSystem, type CentralSystemOptions } from './central-system.js';
export { CsmsError, csmsErrors, isCsmsError, type CsmsErrorCode } from './errors.js';
export type {
  CentralSystemEventMap,
  CentralSystemEvents,
  ConnectivityEventKind,
  ConnectivityEventMessage,
  DomainEventMessage,
} from './events.js';
export { ackLatencyBucketsMs, type CsmsStats, type LatencyHistogram } from './stats.js';
export { announcePresence, type Presence } from './presence.js';
