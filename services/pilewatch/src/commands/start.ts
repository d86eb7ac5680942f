import { loadConfig } from '@pilewatch/config';
import { createLogger } from '../logger.js';
import { startPlatform } from '../platform.js';
import { parse } from '../usage.js';
import type { Command } from './index.js';

const help = `Usage: pilewatch start

Runs the whole platform in one process: the OCPP central system, the HTTP API with the dashboard, and the
worker. Without DATABASE_URL it runs the embedded TimescaleDB with its data in PILEWATCH_DATA_DIR
(default ./.pilewatch/data), so a restart keeps the data; without REDIS_URL events and jobs stay in-process.
Stop it with Ctrl-C: it stops accepting connections, commits what it has acknowledged, then exits.`;

export const startCommand: Command = {
  summary: 'run the platform (central system + API + worker) in one process',
  async run(argv, { env, stdout }) {
    const { values } = parse(argv, {}, help);
    if (values.help) return void stdout.write(`${help}\n`), 0;
    const config = loadConfig(env);
    const log = createLogger(config);
    const platform = await startPlatform({ config, log });
    stdout.write(
      [
        '',
        `pilewatch is running on ${platform.db.engine}.`,
        `  Chargers connect to  ${platform.ocppUrl}/<identity>  (OCPP 1.6J or 2.0.1, HTTP Basic auth)`,
        '  Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    stdout.write('Stopping: closing charger connections and committing acknowledged data...\n');
    await platform.close();
    return 0;
  },
};
