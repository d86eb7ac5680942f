export { startWorker, type Worker, type WorkerContext, type WorkerModule, type RunningModule } from './worker.js';
export { offerEveryPeriod } from './periodic.js';
export { maintenanceQueue } from './jobs/maintenance.js';
export { province, provincePushQueue, provincePeriodicQueue } from './jobs/province.js';
