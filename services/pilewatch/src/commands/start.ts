import { loadConfig } from '@pilewatch/config';
import { createToken, revokeToken, listTokens } from '@pilewatch/api';
import { createLogger } from '../logger.js';
import { startPlatform, type SimulateOptions } from '../platform.js';
import { intOption, parse, UsageError } from '../usage.js';
import type { Command } from './index.js';

const help = `Usage: pilewatch start [--simulate] [--chargers N] [--seed S] [--scenario NAME|FILE] [--speed X]
                       [--print-admin-token]

Runs the whole platform in one process: the OCPP central system, the HTTP API with the dashboard, and the
worker. Without DATABASE_URL it runs the embedded TimescaleDB with its data in PILEWATCH_DATA_DIR
(default ./.pilewatch/data), so a restart keeps the data; without REDIS_URL events and jobs stay in-process.

  --simulate           also run a simulated Xinzhou fleet against this platform (registered on first start)
  --chargers N         size of the simulated fleet (default 300)
  --seed S             fleet seed: the same seed gives the same stations, identities and passwords (default xinzhou)
  --scenario NAME      simulator scenario: weekday, holiday-highway-surge, fault-storm, or a file (default weekday)
  --speed X            simulated time runs X times faster than real time (default: the scenario's)
  --print-admin-token  print a fresh admin API token (done by default with the embedded database)

Logs are JSON lines on stderr. Stop with Ctrl-C: it stops accepting connections,
commits what it has acknowledged, then exits.`;

export const startCommand: Command = {
  summary: 'run the platform (central system + API + worker), optionally with a simulated fleet',
  async run(argv, { env, stdout }) {
    const { values } = parse(
      argv,
      {
        simulate: { type: 'boolean' },
        chargers: { type: 'string' },
        seed: { type: 'string' },
        scenario: { type: 'string' },
        speed: { type: 'string' },
        'print-admin-token': { type: 'boolean' },
      },
      help,
    );
    if (values.help) return void stdout.write(`${help}\n`), 0;
    const speed = values.speed === undefined ? undefined : Number(values.speed);
    if (speed !== undefined && !(speed > 0)) throw new UsageError(`--speed must be a positive number, got '${values.speed}'`, help);
    const simulate: SimulateOptions | undefined = values.simulate
      ? {
          chargers: intOption(values.chargers, 'chargers', help, 1) ?? 300,
          seed: values.seed ?? 'xinzhou',
          ...(values.scenario ? { scenario: values.scenario } : {}),
          ...(speed !== undefined ? { speed } : {}),
        }
      : undefined;
    if (!values.simulate && (values.chargers || values.seed || values.scenario || values.speed)) {
      throw new UsageError('--chargers, --seed, --scenario and --speed go with --simulate', help);
    }
    const config = loadConfig(env);
    // Logs go to stderr so stdout stays the short human summary below.
    const log = createLogger(config, process.stderr);
    stdout.write(`Starting pilewatch${config.database.url ? '' : ' (embedded TimescaleDB, first start takes a few seconds)'}...\n`);
    // Listen for Ctrl-C from the start: one that arrives while starting stops cleanly once started,
    // instead of killing the process half-way through opening the database.
    let stopRequested = false;
    const stopped = new Promise<void>((resolve) => {
      const onSignal = () => {
        stopRequested = true;
        resolve();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    const platform = await startPlatform({ config, log, ...(simulate ? { simulate } : {}) });

    let adminToken: string | undefined;
    if (!stopRequested && (values['print-admin-token'] || !config.database.url)) {
      // The quick-start token is replaced at every start: an old one printed in a terminal stops working.
      const name = 'quick-start admin';
      for (const t of await listTokens(platform.db, { includeRevoked: false })) if (t.name === name) await revokeToken(platform.db, t.id);
      adminToken = (await createToken(platform.db, { role: 'admin', name, createdBy: 'pilewatch start' })).token;
    }
    if (!stopRequested) {
      stdout.write(
      [
        '',
        `pilewatch is running on ${platform.db.engine}${platform.bus.kind === 'redis' ? ' with Redis' : ''}.`,
        `  Dashboard and API    ${platform.apiUrl}/   (API docs: ${platform.apiUrl}/docs)`,
        `  Chargers connect to  ${platform.ocppUrl}/<identity>   (OCPP 1.6J or 2.0.1, HTTP Basic auth)`,
        ...(adminToken ? [`  Admin API token      ${adminToken}   (replaced at the next start)`] : []),
        ...(simulate
          ? [`  Simulated fleet      ${simulate.chargers} chargers, seed ${simulate.seed}, scenario ${simulate.scenario ?? 'weekday'}`]
          : []),
        '  Press Ctrl-C to stop.',
        '',
      ].join('\n'),
      );
    }
    await stopped;
    stdout.write('Stopping: closing charger connections and committing acknowledged data...\n');
    await platform.close();
    stdout.write('Stopped.\n');
    return 0;
  },
};
