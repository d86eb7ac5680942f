/**
 * Periodic database maintenance: what TimescaleDB's job scheduler does on a server (aggregate refresh,
 * compression, retention), which the embedded engine lacks, plus pruning of retransmission records.
 * Runs never overlap; a failed run is logged and retried at the next tick.
 */
import type { Logger } from 'pino';
import type { Config } from '@pilewatch/config';
import { runMaintenance, type Database } from '@pilewatch/store';

export interface MaintenanceLoop {
  /** Runs maintenance now (waiting for a run in progress first). */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startMaintenance(db: Database, config: Config, log: Logger): MaintenanceLoop {
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = async () => {
    const started = Date.now();
    try {
      await runMaintenance(db, config);
      log.debug({ ms: Date.now() - started }, 'maintenance done');
    } catch (err) {
      log.error({ err }, 'maintenance failed; retrying at the next interval');
    }
  };
  const tick = () => {
    if (stopped || running) return;
    running = run().finally(() => (running = undefined));
  };
  const timer = setInterval(tick, config.worker.maintenanceIntervalS * 1000);
  timer.unref();
  return {
    async runNow() {
      while (running) await running;
      running = run().finally(() => (running = undefined));
      await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
