/**
 * Runs the central system on its own: `tsx services/csms/src/main.ts`. Reads the environment, opens and
 * migrates the database, and serves OCPP until SIGINT/SIGTERM; then it stops accepting, lets in-flight
 * messages commit and be answered, closes the sockets, flushes the writer and closes the database.
 * A second signal during shutdown exits at once.
 */
import { pino } from 'pino';
import { loadConfig } from '@pilewatch/config';
import { createWriter, migrate, openDatabase } from '@pilewatch/store';
import { createCentralSystem } from './central-system.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = pino({
    level: config.log.level,
    // Credentials never reach these fields from our code; the paths are a second line of defence.
    redact: { paths: ['password', '*.password', 'authorization', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
  });

  const db = await openDatabase(config, log);
  await migrate(db, config, log);
  const writer = createWriter(db, config.write, log);
  const csms = createCentralSystem({ config, db, writer, log });
  const { url } = await csms.listen();
  log.info({ url, engine: db.engine }, 'central system ready: chargers connect to <url>/<identity>');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const forceExit = () => {
    log.warn('second signal: exiting without a clean shutdown');
    process.exit(1);
  };
  process.once('SIGINT', forceExit);
  process.once('SIGTERM', forceExit);

  log.info('shutting down');
  await csms.close();
  await writer.flush();
  await writer.close();
  await db.close();
  log.info('stopped');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
