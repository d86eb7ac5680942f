/** @pilewatch/api: the supervision HTTP API. */
export { buildApi, defaultSettings, type ApiOptions } from './api.js';
export type { ApiSettings } from './deps.js';
export { createToken, listTokens, revokeToken, type NewToken, type TokenRecord, type TokenRequest } from './auth/tokens.js';
export { roles, type Role, type Principal } from './auth/roles.js';
export { apiErrors, ApiError, type ApiErrorCode } from './errors.js';
export { busCommandSender, type CommandSender } from './commands/sender.js';
export { bridgeCentralSystemEvents, publishLiveEvent, type CentralSystemEventSource } from './live/publish.js';
export type { LiveEvent, AlertLiveEvent, CentralSystemMessage } from './live/live-event.js';
export {
  alertQueues,
  alertConfigChannel,
  alertInputKinds,
  alertInputAttempts,
  connectivityOnline,
  isAlertInput,
  enqueueAlertInput,
  requestAlertNotification,
} from './live/alert-inputs.js';
export { workerQueues } from './routes/jobs.js';
export { routeTable } from './routes/route-table.js';
export { readPartnersFile } from '@pilewatch/tcec';
export type { Route } from './http/route.js';
export type { MetricsSources } from './metrics/api-metrics.js';
export type { Family as MetricFamily } from './metrics/exposition.js';
