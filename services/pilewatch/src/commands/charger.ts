import { addCharger, listChargers } from '@pilewatch/store';
import { withDatabase } from '../with-database.js';
import { parse, UsageError } from '../usage.js';
import type { Command, CommandContext } from './index.js';

const help = `Usage:
  pilewatch charger add <identity> [--password P] [--station ID] [--operator ID] [--pending]
  pilewatch charger list [--json]

add   registers a charger so it can connect with HTTP Basic auth (OCPP security profile 1) as
      <identity>. Without --password a strong one is generated. The password is printed once and stored
      only as a scrypt hash. --pending registers it as Pending: it may connect, and is answered Pending at
      boot until an operator accepts it.
list  shows every registered charger with its station, operator, registration status, protocol and
      whether it is online.`;

export const chargerCommand: Command = {
  summary: 'register chargers and list them (add, list)',
  async run(argv, ctx) {
    const [sub, ...rest] = argv;
    if (sub === 'add') return add(rest, ctx);
    if (sub === 'list') return list(rest, ctx);
    if (sub === undefined || sub === '--help' || sub === '-h') {
      ctx.stdout.write(`${help}\n`);
      return sub ? 0 : 2;
    }
    throw new UsageError(`unknown subcommand '${sub}'`, help);
  },
};


async function add(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      password: { type: 'string' },
      station: { type: 'string' },
      operator: { type: 'string' },
      pending: { type: 'boolean' },
    },
    help,
    { positionals: 1 },
  );
  if (values.help) return void ctx.stdout.write(`${help}\n`), 0;
  const identity = positionals[0];
  if (!identity) throw new UsageError('the charger identity is missing', help);
  const { password } = await withDatabase(ctx.env, (db) =>
    addCharger(db, {
      id: identity,
      password: values.password,
      stationId: values.station,
      operatorId: values.operator,
      registrationStatus: values.pending ? 'Pending' : 'Accepted',
    }),
  );
  ctx.stdout.write(`Registered charger ${identity}${values.pending ? ' (Pending)' : ''}.\n`);
  if (!values.password) ctx.stdout.write(`Password (shown once, store it in the charger): ${password}\n`);
  return 0;
}

async function list(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' } }, help);
  if (values.help) return void ctx.stdout.write(`${help}\n`), 0;
  const rows = await withDatabase(ctx.env, (db) => listChargers(db));
  if (values.json) {
    ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    ctx.stdout.write("No chargers registered. Add one with 'pilewatch charger add <identity>'.\n");
    return 0;
  }
  const table = rows.map((r) => [
    r.id,
    r.stationId ?? '-',
    r.operatorId ?? '-',
    r.registrationStatus,
    r.protocol ?? '-',
    r.online ? 'online' : 'offline',
    r.lastSeenAt ? new Date(r.lastSeenAt).toISOString() : '-',
  ]);
  const head = ['IDENTITY', 'STATION', 'OPERATOR', 'STATUS', 'PROTOCOL', 'ONLINE', 'LAST SEEN'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => String(r[i]).length)));
  for (const row of [head, ...table]) ctx.stdout.write(`${row.map((c, i) => String(c).padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
  return 0;
}
