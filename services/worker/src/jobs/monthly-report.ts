/**
 * The monthly report job: on the 1st of every month (Asia/Shanghai) the previous month's report is
 * generated and stored, and whenever an admin asks (the API queues `on_demand` jobs). Every worker offers
 * the scheduled job under the same id, so it runs once however many workers there are; a failed one is
 * offered again the next day until a report is stored.
 */
import type { Logger } from 'pino';
import {
  findMonthlyReport,
  monthActivity,
  monthlyReportQueue,
  planInputs,
  saveMonthlyReport,
  type Database,
  type MonthlyReportJob,
} from '@pilewatch/store';
import { monthWindow, planProgress, shanghaiDay } from '@pilewatch/supervision';
import type { WorkerModule } from '../worker.js';
import { buildMonthlyReport, planYearOf, type MonthlyReport } from './monthly-report-build.js';
import { monthlyReportCsv } from './monthly-report-csv.js';

/**
 * Hours into the 1st before the previous month's report is made: the uptime rollups of the month's last
 * day run after midnight, and the report should include them.
 */
export const scheduleHour = 2;

const shanghaiOffsetMs = 8 * 3_600_000;

/** The month whose scheduled report is due at `now`: the previous Shanghai month, from 02:00 on the 1st. */
export function dueMonth(now: Date): string {
  const local = new Date(now.getTime() + shanghaiOffsetMs - scheduleHour * 3_600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth(); // 0-based: the previous month's 1-based number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

/** Computes and stores one month's report (a month still running is reported up to `now`). */
export async function generateMonthlyReport(db: Database, job: MonthlyReportJob, now: Date): Promise<MonthlyReport> {
  const window = monthWindow(job.month);
  const asOf = new Date(Math.min(window.to.getTime(), now.getTime()));
  const { registeredEvsUsed: _used, ...inputs } = await planInputs(db, {}, asOf);
  const progress = planProgress({ year: planYearOf(job.month), asOf, ...inputs });
  const activity = await monthActivity(db, { ...window, month: `${job.month}-01` });
  const report = buildMonthlyReport({ month: job.month, window, generatedAt: now, progress, activity });
  await saveMonthlyReport(db, {
    month: job.month,
    generatedAt: now,
    trigger: job.trigger,
    requestedBy: job.requestedBy ?? null,
    report,
    csv: monthlyReportCsv(report),
  });
  return report;
}

async function offerScheduled(db: Database, queue: ReturnType<import('@pilewatch/bus').Bus['queue']>, now: Date, log: Logger): Promise<void> {
  const month = dueMonth(now);
  if (await findMonthlyReport(db, month)) return;
  const job: MonthlyReportJob = { month, trigger: 'schedule' };
  await queue.add('generate', job, { jobId: `monthly-report-${month}@${shanghaiDay(now)}`, attempts: 3, backoffMs: 60_000 });
  log.debug({ month }, 'monthly report offered');
}

export const monthlyReport: WorkerModule = {
  name: 'monthly-report',
  async start({ db, bus, log }) {
    const queue = bus.queue(monthlyReportQueue);
    const worker = queue.work(async (job) => {
      const data = job.data as MonthlyReportJob;
      const report = await generateMonthlyReport(db, data, new Date());
      log.info({ month: data.month, trigger: data.trigger, counties: report.counties.length }, 'monthly report stored');
      return { month: data.month };
    });
    worker.on('failed', (job, err, willRetry) => log.error({ err, jobId: job.id, willRetry }, 'monthly report failed'));
    const offer = () => offerScheduled(db, queue, new Date(), log).catch((err: unknown) => log.error({ err }, 'could not offer the monthly report'));
    await offer();
    // Checked every ten minutes: cheap (one row lookup), and a restarted worker catches up at once.
    const timer = setInterval(() => void offer(), 10 * 60_000);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await worker.close();
      },
    };
  },
};
