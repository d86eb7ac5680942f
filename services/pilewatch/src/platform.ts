/**
 * The whole platform in one process: database (embedded or server), OCPP central system, API, worker and,
 * optionally, a simulated fleet. `pilewatch start` runs this; end-to-end tests and benchmarks do too.
 */
import type { Logger } from 'pino';
import type { Config } from '@pilewatch/config';
import { createCentralSystem } from '@pilewatch/csms';
import { createWriter, migrate, openDatabase, type Database } from '@pilewatch/store';

export interface PlatformOptions {
  config: Config;
  log: Logger;
}

export interface Platform {
  db: Database;
  ocppUrl: string;
  close(): Promise<void>;
}

export async function startPlatform({ config, log }: PlatformOptions): Promise<Platform> {
  const stack: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const step of stack.reverse()) {
      try {
        await step();
      } catch (err) {
        log.error({ err }, 'error while shutting down');
      }
    }
  };
  try {
    const db = await openDatabase(config, log);
    stack.push(() => db.close());
    await migrate(db, config, log);
    const writer = createWriter(db, config.write, log);
    stack.push(() => writer.close());
    const csms = createCentralSystem({ config, db, writer, log });
    const { url: ocppUrl } = await csms.listen();
    stack.push(() => csms.close());
    return { db, ocppUrl, close };
  } catch (err) {
    await close();
    throw err;
  }
}
