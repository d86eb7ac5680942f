import { createToken, listTokens, revokeToken, roles, type Role } from '@pilewatch/api';
import { withDatabase } from '../with-database.js';
import { parse, UsageError } from '../usage.js';
import type { Command, CommandContext } from './index.js';

const help = `Usage:
  pilewatch token create --role ${roles.join('|')} [--operator ID] [--name TEXT]
  pilewatch token list [--all] [--json]
  pilewatch token revoke <token-id>

create  makes an API bearer token. operator tokens are bound to one operator (--operator) and see only
        its stations, chargers, data and events; regulator tokens read everything and change nothing;
        province tokens reach only the province interface. The token is printed once and stored hashed.
list    shows tokens (ids, roles, operators, when created and last used), never the secrets;
        --all includes revoked ones.
revoke  makes a token stop working at its next request.`;

export const tokenCommand: Command = {
  summary: 'create, list and revoke API tokens',
  async run(argv, ctx) {
    const [sub, ...rest] = argv;
    if (sub === 'create') return create(rest, ctx);
    if (sub === 'list') return list(rest, ctx);
    if (sub === 'revoke') return revoke(rest, ctx);
    if (sub === undefined || sub === '--help' || sub === '-h') {
      ctx.stdout.write(`${help}\n`);
      return sub ? 0 : 2;
    }
    throw new UsageError(`unknown subcommand '${sub}'`, help);
  },
};


async function create(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parse(argv, { role: { type: 'string' }, operator: { type: 'string' }, name: { type: 'string' } }, help);
  if (values.help) return void ctx.stdout.write(`${help}\n`), 0;
  const role = values.role as Role | undefined;
  if (!role || !roles.includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`, help);
  const token = await withDatabase(ctx.env, (db) =>
    createToken(db, { role, operatorId: values.operator ?? null, name: values.name ?? `${role} token`, createdBy: 'pilewatch token create' }),
  );
  ctx.stdout.write(`Created ${role} token ${token.id}${values.operator ? ` for operator ${values.operator}` : ''}.\n`);
  ctx.stdout.write(`Token (shown once): ${token.token}\n`);
  return 0;
}

async function list(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parse(argv, { all: { type: 'boolean' }, json: { type: 'boolean' } }, help);
  if (values.help) return void ctx.stdout.write(`${help}\n`), 0;
  const tokens = await withDatabase(ctx.env, (db) => listTokens(db, { includeRevoked: values.all ?? false }));
  if (values.json) return void ctx.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`), 0;
  if (tokens.length === 0) return void ctx.stdout.write('No tokens.\n'), 0;
  for (const t of tokens) {
    ctx.stdout.write(`${JSON.stringify(t)}\n`);
  }
  return 0;
}

async function revoke(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(argv, {}, help, { positionals: 1 });
  if (values.help) return void ctx.stdout.write(`${help}\n`), 0;
  const id = positionals[0];
  if (!id) throw new UsageError('the token id is missing', help);
  const revoked = await withDatabase(ctx.env, (db) => revokeToken(db, id));
  if (!revoked) {
    ctx.stderr.write(`No active token with id ${id}.\n`);
    return 1;
  }
  ctx.stdout.write(`Revoked token ${id}.\n`);
  return 0;
}
