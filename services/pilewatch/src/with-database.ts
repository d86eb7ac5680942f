/** For one-shot admin commands: open the configured database, make sure the schema is current, run, close. */
import { loadConfig } from '@pilewatch/config';
import { migrate, openDatabase, type Database } from '@pilewatch/store';
import { createLogger } from './logger.js';

export async function withDatabase<T>(env: Record<string, string | undefined>, fn: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  // Logs go to stderr: stdout carries the command's answer.
  const log = createLogger(config, process.stderr);
  const db = await openDatabase(config, log);
  try {
    await migrate(db, config, log);
    return await fn(db);
  } finally {
    await db.close();
  }
}
