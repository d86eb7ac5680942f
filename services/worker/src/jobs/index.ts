/** Every job module the worker runs, in start order. */
import type { WorkerModule } from '../worker.js';
import { maintenance } from './maintenance.js';

export const jobModules: readonly WorkerModule[] = [maintenance];
