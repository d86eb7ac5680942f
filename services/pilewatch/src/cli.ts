/** The `pilewatch` command: run and administer the platform. Each subcommand lives in commands/. */
import { ConfigError } from '@pilewatch/config';
import { commands, type CommandContext } from './commands/index.js';
import { UsageError } from './usage.js';

const overview = `pilewatch — charging-station telemetry and supervision for Xinzhou

Usage: pilewatch <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run 'pilewatch <command> --help' for the options of one command.
Settings come from the environment (see the README's configuration table).`;

export async function main(argv: string[], ctx: CommandContext = defaultContext()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write(`${overview}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    ctx.stderr.write(`pilewatch: unknown command '${name}'\n\n${overview}\n`);
    return 2;
  }
  try {
    return await command.run(rest, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.stderr.write(`pilewatch ${name}: ${err.message}\n${err.help ? `\n${err.help}\n` : ''}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      ctx.stderr.write(`pilewatch: ${err.message}\n`);
      return 2;
    }
    const e = err as Error & { code?: string };
    ctx.stderr.write(`pilewatch ${name}: ${e.code ? `[${e.code}] ` : ''}${e.message}\n`);
    return 1;
  }
}

function defaultContext(): CommandContext {
  return { env: process.env, stdout: process.stdout, stderr: process.stderr };
}
