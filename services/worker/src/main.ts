/** Runs the worker on its own: `tsx services/worker/src/main.ts` (REDIS_URL and DATABASE_URL set). */
import { pino } from 'pino';
import { createBus } from '@pilewatch/bus';
import { loadConfig } from '@pilewatch/config';
import { openDatabase } from '@pilewatch/store';
import { startWorker } from './worker.js';

const config = loadConfig();
const log = pino({ level: config.log.level });
const db = await openDatabase(config, log);
const bus = await createBus(config, { log });
const worker = await startWorker({ config, db, bus, log });
const shutdown = async () => {
  await worker.stop();
  await bus.close();
  await db.close();
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
