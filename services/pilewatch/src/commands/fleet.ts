import { readFleetFile } from '@pilewatch/simulator';
import { importFleet } from '@pilewatch/store';
import { withDatabase } from '../with-database.js';
import { parse, UsageError } from '../usage.js';
import type { Command } from './index.js';

const help = `Usage: pilewatch fleet register <fleet.json>

Registers a fleet file — operators, stations, chargers with their connectors and passwords — in one
transaction, so those chargers can connect and authenticate like real ones. Write a simulated Xinzhou
fleet with 'pilewatch simulate fleet --chargers N --seed S --out fleet.json'. Registering the same file
again updates the rows (and re-hashes the passwords); nothing is duplicated.`;

export const fleetCommand: Command = {
  summary: 'register a fleet file (operators, stations, chargers) in one step',
  async run(argv, { env, stdout, stderr }) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      stdout.write(`${help}\n`);
      return sub ? 0 : 2;
    }
    if (sub !== 'register') throw new UsageError(`unknown subcommand '${sub}'`, help);
    const { values, positionals } = parse(rest, {}, help, { positionals: 1 });
    if (values.help) return void stdout.write(`${help}\n`), 0;
    const file = positionals[0];
    if (!file) throw new UsageError('the fleet file is missing', help);
    // Read and validate before touching the database: a bad file changes nothing.
    const fleet = readFleetFile(file);
    stderr.write(`Registering ${fleet.chargers.length} chargers (passwords are hashed, this takes a moment)...\n`);
    const counts = await withDatabase(env, (db) => importFleet(db, fleet));
    stdout.write(
      `Registered ${counts.operators} operators, ${counts.stations} stations, ${counts.chargers} chargers, ${counts.connectors} connectors.\n`,
    );
    return 0;
  },
};
