/**
 * Every route of the API, in one table: what the server registers, what the OpenAPI document lists and
 * what the role-matrix test walks (every route × every role).
 */
import type { Route } from '../http/route.js';
import { alertRoutes } from './alerts.js';
import { chargerRoutes } from './chargers.js';
import { commandRoutes } from './commands.js';
import { divisionRoutes } from './divisions.js';
import { evRoutes } from './evs.js';
import { exclusionRoutes } from './exclusions.js';
import { historyRoutes } from './history.js';
import { jobRoutes } from './jobs.js';
import { liveRoutes } from './live.js';
import { operatorRoutes } from './operators.js';
import { planRoutes } from './plan.js';
import { provincePushRoutes } from './province-pushes.js';
import { reportRoutes } from './reports.js';
import { stationRoutes } from './stations.js';
import { statusRoutes } from './status.js';
import { tokenRoutes } from './tokens.js';
import { uptimeRoutes } from './uptime.js';
import { webhookRoutes } from './webhooks.js';

export const routeTable: readonly Route[] = [
  ...tokenRoutes,
  ...operatorRoutes,
  ...stationRoutes,
  ...chargerRoutes,
  ...statusRoutes,
  ...historyRoutes,
  ...commandRoutes,
  ...liveRoutes,
  ...alertRoutes,
  ...webhookRoutes,
  ...uptimeRoutes,
  ...exclusionRoutes,
  ...jobRoutes,
  ...provincePushRoutes,
  ...planRoutes,
  ...divisionRoutes,
  ...evRoutes,
  ...reportRoutes,
];
