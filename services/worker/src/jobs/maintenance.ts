/**
 * Database maintenance: what TimescaleDB's job scheduler does on a server (aggregate refresh,
 * compression, retention), which the embedded engine lacks, plus pruning of retransmission records.
 */
import { runMaintenance } from '@pilewatch/store';
import { offerEveryPeriod } from '../periodic.js';
import type { WorkerModule } from '../worker.js';

export const maintenanceQueue = 'maintenance';

export const maintenance: WorkerModule = {
  name: 'maintenance',
  async start({ config, db, bus, log }) {
    const queue = bus.queue(maintenanceQueue);
    const worker = queue.work(async () => runMaintenance(db, config, new Date(), log));
    worker.on('failed', (job, err) => log.error({ err, jobId: job.id }, 'maintenance failed; it runs again next period'));
    const periodic = offerEveryPeriod(queue, 'run', config.worker.maintenanceIntervalS * 1000, (err) =>
      log.error({ err }, 'could not schedule maintenance'),
    );
    return {
      async stop() {
        periodic.stop();
        await worker.close();
      },
    };
  },
};
