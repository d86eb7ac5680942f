/**
 * Every route of the API, in one table: what the server registers, what the OpenAPI document lists and
 * what the role-matrix test walks (every route × every role).
 */
import type { Route } from '../http/route.js';
import { chargerRoutes } from './chargers.js';
import { commandRoutes } from './commands.js';
import { historyRoutes } from './history.js';
import { liveRoutes } from './live.js';
import { operatorRoutes } from './operators.js';
import { stationRoutes } from './stations.js';
import { statusRoutes } from './status.js';
import { tokenRoutes } from './tokens.js';

export const routeTable: readonly Route[] = [
  ...tokenRoutes,
  ...operatorRoutes,
  ...stationRoutes,
  ...chargerRoutes,
  ...statusRoutes,
  ...historyRoutes,
  ...commandRoutes,
  ...liveRoutes,
];
