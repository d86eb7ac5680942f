/** Argument parsing shared by the subcommands: node's parseArgs with errors that show the command's help. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  readonly code = 'PW_CLI_USAGE';
  constructor(message: string, readonly help?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  help: string,
  { positionals = 0 }: { positionals?: number } = {},
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: positionals > 0, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''), help);
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument '${parsed.positionals[positionals]}'`, help);
  }
  return parsed;
}

/** A whole number option, or a UsageError naming the option. */
export function intOption(value: string | undefined, name: string, help: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got '${value}'`, help);
  return n;
}
