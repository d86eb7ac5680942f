/**
 * The worker process: a list of job modules, each consuming its queues on the bus (BullMQ on Redis, or
 * in-process in the embedded mode). Several workers may run at once: modules must make their jobs
 * idempotent and use job ids to run periodic work once per period across all of them.
 */
import type { Logger } from 'pino';
import type { Bus } from '@pilewatch/bus';
import type { Config } from '@pilewatch/config';
import type { Database } from '@pilewatch/store';
import { jobModules } from './jobs/index.js';

export interface WorkerContext {
  config: Config;
  db: Database;
  bus: Bus;
  log: Logger;
}

export interface RunningModule {
  stop(): Promise<void>;
}

export interface WorkerModule {
  name: string;
  start(ctx: WorkerContext): Promise<RunningModule>;
}

export interface Worker {
  modules: string[];
  stop(): Promise<void>;
}

export async function startWorker(ctx: WorkerContext, modules: readonly WorkerModule[] = jobModules): Promise<Worker> {
  const running: Array<{ name: string; module: RunningModule }> = [];
  const stop = async () => {
    for (const { name, module } of running.reverse()) {
      try {
        await module.stop();
      } catch (err) {
        ctx.log.error({ err, module: name }, 'worker module failed to stop cleanly');
      }
    }
  };
  try {
    for (const m of modules) {
      running.push({ name: m.name, module: await m.start({ ...ctx, log: ctx.log.child({ module: m.name }) }) });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  ctx.log.info({ modules: modules.map((m) => m.name) }, 'worker started');
  return { modules: modules.map((m) => m.name), stop };
}
