import { loadConfig } from '@pilewatch/config';
import { migrate, openDatabase } from '@pilewatch/store';
import { createLogger } from '../logger.js';
import { parse } from '../usage.js';
import type { Command } from './index.js';

const help = `Usage: pilewatch migrate

Creates or updates the database schema (tables, hypertables, continuous aggregates, compression and
retention policies). Safe to run any number of times: what is already there is left as it is.
Uses DATABASE_URL, or the embedded database in PILEWATCH_DATA_DIR when it is unset.`;

export const migrateCommand: Command = {
  summary: 'create or update the database schema (idempotent)',
  async run(argv, { env, stdout }) {
    const { values } = parse(argv, {}, help);
    if (values.help) return void stdout.write(`${help}\n`), 0;
    const config = loadConfig(env);
    const log = createLogger(config);
    const db = await openDatabase(config, log);
    try {
      const { applied } = await migrate(db, config, log);
      stdout.write(
        applied.length
          ? `Applied migrations ${applied.join(', ')} on ${db.engine}.\n`
          : `Schema is up to date on ${db.engine}; nothing to do.\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};
