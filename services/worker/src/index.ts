export { startWorker, type Worker, type WorkerContext, type WorkerModule, type RunningModule } from './worker.js';
export { offerEveryPeriod } from './periodic.js';
export { maintenanceQueue } from './jobs/maintenance.js';
export { generateMonthlyReport } from './jobs/monthly-report.js';
export type { MonthlyReport, MonthlyReportRow } from './jobs/monthly-report-build.js';
export { province, provincePushQueue, provincePeriodicQueue } from './jobs/province.js';
