/**
 * The province link's pushes (docs/province.md): connector status changes from the live event stream
 * and station changes found by a periodic scan become deliveries in the database, each sent by a
 * BullMQ job per attempt, in order per connector and station, with retries and a visible end state.
 *
 * Runs when a partners file is configured, pushes are on, and some partner is to receive a push. Also
 * runs, once per period across workers: the station scan, a sweep that schedules again any delivery
 * whose job was lost (a worker that died mid-attempt), and the pruning of old finished deliveries.
 */
import { Redis } from 'ioredis';
import { findOverdueProvinceHeads, pruneProvinceDeliveries } from '@pilewatch/store';
import { createTcecClient, outboundLink, readPartnersFile, type SeqGenerator, type TcecClient } from '@pilewatch/tcec';
import { offerEveryPeriod, type Periodic } from '../periodic.js';
import type { RunningModule, WorkerContext, WorkerModule } from '../worker.js';
import { pushHandler, pushQueueName, pushScheduler } from './province-push.js';
import { createRedisSeqGenerator } from './province-seq.js';
import { scanStations } from './province-station-scan.js';
import { startStatusFeed, type StatusFeed } from './province-status-feed.js';
import { pushPartners } from './province-status.js';

export const provincePeriodicQueue = 'province-periodic';
export { pushQueueName as provincePushQueue };

const sweepPeriodMs = 30_000;
const prunePeriodMs = 3_600_000;
/** Finished deliveries are kept this long for the admin's view. */
const keepFinishedMs = 30 * 86_400_000;
/** An attempt is presumed lost this long after it started: the client's 10 s timeout, twice, and a margin. */
const leaseMs = 60_000;

export const province: WorkerModule = {
  name: 'province',
  async start(ctx) {
    const { config, log } = ctx;
    const file = config.province.partnersFile;
    if (!file || !config.province.push) {
      log.info({ partnersFile: Boolean(file), push: config.province.push }, 'province pushes off');
      return { stop: async () => {} };
    }
    const partners = readPartnersFile(file, { maxSkewS: config.province.maxSkewS });
    const statusPartners = pushPartners(partners, 'notification_stationStatus');
    const infoPartners = pushPartners(partners, 'notification_stationInfo');
    if (statusPartners.length + infoPartners.length === 0) {
      log.info('province pushes off: no partner is configured to receive one');
      return { stop: async () => {} };
    }
    return startPushing(ctx, [...new Set([...statusPartners, ...infoPartners])], statusPartners, infoPartners);
  },
};

async function startPushing(
  { config, db, bus, log }: WorkerContext,
  pushing: ReturnType<typeof pushPartners>,
  statusPartners: ReturnType<typeof pushPartners>,
  infoPartners: ReturnType<typeof pushPartners>,
): Promise<RunningModule> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    // Several workers push as the same OperatorID: their Seq must come from one counter.
    let seqFor: (operatorId: string) => SeqGenerator | undefined = () => undefined;
    if (config.redis.url) {
      const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 2, lazyConnect: true });
      redis.on('error', (err) => log.error({ err }, 'province Seq counter: redis connection error'));
      await redis.connect();
      stops.push(async () => void (await redis.quit().catch(() => redis.disconnect())));
      seqFor = (operatorId) => createRedisSeqGenerator(redis, operatorId);
    }
    const clients = new Map<string, { client: TcecClient; pushes: readonly string[] }>();
    for (const partner of pushing) {
      const link = outboundLink(partner)!;
      const seq = seqFor(link.ours.operatorId);
      clients.set(partner.operatorId, { client: createTcecClient({ ...link, ...(seq ? { seq } : {}) }), pushes: partner.outbound!.pushes });
    }

    const pushQueue = bus.queue(pushQueueName);
    const schedule = pushScheduler(pushQueue);
    const settings = { maxAttempts: config.province.pushAttempts, retryMs: config.province.pushRetryS * 1000, leaseMs };
    const pushes = pushQueue.work(pushHandler({ db, clients, schedule, settings, log }), { concurrency: 8 });
    pushes.on('failed', (job, err, willRetry) => log.error({ err, jobId: job.id, willRetry }, 'push job failed'));
    stops.push(() => pushes.close());

    if (statusPartners.length > 0) {
      const feed: StatusFeed = await startStatusFeed({ db, bus, partners: statusPartners, schedule, log });
      stops.push(() => feed.stop());
    }

    const periodicQueue = bus.queue(provincePeriodicQueue);
    const periodic = periodicQueue.work(async (job) => {
      switch (job.name) {
        case 'scan':
          return scanStations({ db, partners: infoPartners, schedule, log });
        case 'sweep': {
          const slot = String((job.data as { slot: number }).slot);
          const overdue = await findOverdueProvinceHeads(db.pool, new Date(Date.now() - sweepPeriodMs), 1000);
          for (const due of overdue) await schedule({ ...due, nextAttemptAt: new Date() }, `sweep${slot}`);
          if (overdue.length > 0) log.warn({ deliveries: overdue.length }, 'pushes whose job was lost are scheduled again');
          return { scheduled: overdue.length };
        }
        case 'prune':
          return { pruned: await pruneProvinceDeliveries(db.pool, new Date(Date.now() - keepFinishedMs)) };
        default:
          throw new Error(`unknown province job ${job.name}`);
      }
    });
    periodic.on('failed', (job, err) => log.error({ err, job: job.name }, 'province periodic job failed; it runs again next period'));
    stops.push(() => periodic.close());
    const onError = (err: unknown) => log.error({ err }, 'could not schedule a province periodic job');
    const timers: Periodic[] = [
      ...(infoPartners.length > 0 ? [offerEveryPeriod(periodicQueue, 'scan', config.province.stationScanS * 1000, onError)] : []),
      offerEveryPeriod(periodicQueue, 'sweep', sweepPeriodMs, onError),
      offerEveryPeriod(periodicQueue, 'prune', prunePeriodMs, onError),
    ];
    stops.push(async () => timers.forEach((t) => t.stop()));

    log.info(
      { status: statusPartners.map((p) => p.name), stationInfo: infoPartners.map((p) => p.name) },
      'province pushes on',
    );
    return { stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
