export { startWorker, type Worker, type WorkerContext, type WorkerModule, type RunningModule } from './worker.js';
export { offerEveryPeriod } from './periodic.js';
export { maintenanceQueue } from './jobs/maintenance.js';
export { generateMonthlyReport } from './jobs/monthly-report.js';
export type { MonthlyReport, MonthlyReportRow } from './jobs/monthly-report-build.js';
export { province, provincePushQueue, provincePeriodicQueue } from './jobs/province.js';
// Issue #5: alert evaluation, webhook delivery, uptime rollups.
export { alerts, alertEvaluator, alertTickQueue, defaultAlertOptions, type AlertOptions, type AlertEvaluator } from './jobs/alerts.js';
export { alertMetrics, AlertMetrics } from './jobs/alerts-metrics.js';
export { notifyAlertTransitions, alertLiveEvent } from './jobs/alerts-notify.js';
export { webhooks, webhookQueue, defaultDeliveryPolicy, webhookPayload, type DeliveryPolicy } from './jobs/webhooks.js';
export { signWebhook, verifyWebhookSignature, webhookHeaders } from './jobs/webhooks-signature.js';
export { uptime, uptimeQueue, rollupUptime, defaultUptimeOptions, type UptimeOptions, type RollupReport } from './jobs/uptime.js';
