/** Every job module the worker runs, in start order. */
import type { WorkerModule } from '../worker.js';
import { maintenance } from './maintenance.js';
import { monthlyReport } from './monthly-report.js';
import { province } from './province.js';

export const jobModules: readonly WorkerModule[] = [maintenance, province, monthlyReport];
