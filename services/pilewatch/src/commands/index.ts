import { chargerCommand } from './charger.js';
import { migrateCommand } from './migrate.js';
import { startCommand } from './start.js';

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
};
