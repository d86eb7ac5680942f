import { chargerCommand } from './charger.js';
import { fleetCommand } from './fleet.js';
import { migrateCommand } from './migrate.js';
import { provinceCommand } from './province.js';
import { simulateCommand } from './simulate.js';
import { startCommand } from './start.js';
import { tokenCommand } from './token.js';

export interface CommandContext {
  env: Record<string, string | undefined>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface Command {
  summary: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}

export const commands: Record<string, Command> = {
  start: startCommand,
  migrate: migrateCommand,
  charger: chargerCommand,
  fleet: fleetCommand,
  token: tokenCommand,
  simulate: simulateCommand,
  province: provinceCommand,
};
