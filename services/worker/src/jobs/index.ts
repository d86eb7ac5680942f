/** Every job module the worker runs, in start order. */
import type { WorkerModule } from '../worker.js';
import { alerts } from './alerts.js';
import { maintenance } from './maintenance.js';
import { monthlyReport } from './monthly-report.js';
import { province } from './province.js';
import { uptime } from './uptime.js';
import { webhooks } from './webhooks.js';

export const jobModules: readonly WorkerModule[] = [maintenance, province, alerts(), webhooks(), uptime(), monthlyReport];
