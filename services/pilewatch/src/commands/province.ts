/**
 * `pilewatch province`: the T/CEC 102 link from the command line — the configured partners (never their
 * secrets), a call to any partner's interface with the same client the worker pushes with, and the
 * delivery state of recent pushes.
 */
import { readPartnersFile } from '@pilewatch/api';
import { loadConfig } from '@pilewatch/config';
import { findProvinceDeliveries, provinceDeliveryStates, type ProvinceDeliveryState } from '@pilewatch/store';
import { createTcecClient, outboundLink, type Partner } from '@pilewatch/tcec';
import { withDatabase } from '../with-database.js';
import { intOption, parse, UsageError } from '../usage.js';
import type { Command, CommandContext } from './index.js';

const help = `Usage:
  pilewatch province partners [--json]
  pilewatch province call <partner> <interface> [--data JSON]
  pilewatch province pushes [--state ${provinceDeliveryStates.join('|')}] [--partner OPERATOR-ID] [--limit N] [--json]

The partners are those of PILEWATCH_PROVINCE_PARTNERS_FILE (see docs/province.md).
partners  lists them: OperatorID, what each may call and read, where its pushes go — never a secret.
call      calls a partner's interface through its outbound link (fetching a token first) and prints the
          answer's Data as JSON. <partner> is its name or OperatorID; --data is the request Data
          (default {}). Data of the interfaces pilewatch knows is checked both ways.
pushes    the latest pushes to partners with their delivery state, newest first (default 20).`;

export const provinceCommand: Command = {
  summary: 'the T/CEC 102 link: partners, calls to a partner, push delivery state',
  async run(argv, ctx) {
    const [sub, ...rest] = argv;
    if (sub === 'partners') return partners(rest, ctx);
    if (sub === 'call') return call(rest, ctx);
    if (sub === 'pushes') return pushes(rest, ctx);
    if (sub === undefined || sub === '--help' || sub === '-h') {
      ctx.stdout.write(`${help}\n`);
      return sub ? 0 : 2;
    }
    throw new UsageError(`unknown subcommand '${sub}'`, help);
  },
};

function configuredPartners(ctx: CommandContext): Partner[] {
  const config = loadConfig(ctx.env);
  if (!config.province.partnersFile) throw new UsageError('PILEWATCH_PROVINCE_PARTNERS_FILE is not set: no partners are configured', help);
  return readPartnersFile(config.province.partnersFile, { maxSkewS: config.province.maxSkewS });
}

/** What may be shown of a partner: everything but its secrets. */
function describe(p: Partner) {
  return {
    name: p.name,
    operatorId: p.operatorId,
    ...(p.inbound
      ? {
          inbound: {
            interfaces: p.inbound.interfaces,
            operators: p.inbound.operators ?? 'all',
            counties: p.inbound.counties ?? 'all',
            tokenLifetimeS: p.inbound.tokenLifetimeS,
            maxSkewS: p.inbound.maxSkewS,
          },
        }
      : {}),
    ...(p.outbound ? { outbound: { baseUrl: p.outbound.baseUrl, ourOperatorId: p.outbound.operatorId, pushes: p.outbound.pushes } } : {}),
    spelling: p.spelling,
  };
}

async function partners(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' } }, help);
  if (values.help) return void ctx.stdout.write(`${help}\n`), 0;
  const list = configuredPartners(ctx).map(describe);
  if (values.json) return void ctx.stdout.write(`${JSON.stringify(list, null, 2)}\n`), 0;
  if (list.length === 0) return void ctx.stdout.write('No partners.\n'), 0;
  for (const p of list) {
    ctx.stdout.write(`${p.operatorId}  ${p.name}\n`);
    if (p.inbound) {
      ctx.stdout.write(`  calls us: ${p.inbound.interfaces.join(', ')}; reads operators ${String(p.inbound.operators)}, counties ${String(p.inbound.counties)}\n`);
    }
    if (p.outbound) ctx.stdout.write(`  we call ${p.outbound.baseUrl} as ${p.outbound.ourOperatorId}; pushes: ${p.outbound.pushes.join(', ') || 'none'}\n`);
  }
  return 0;
}

async function call(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(argv, { data: { type: 'string' } }, help, { positionals: 2 });
  if (values.help) return void ctx.stdout.write(`${help}\n`), 0;
  const [who, name] = positionals;
  if (!who || !name) throw new UsageError('the partner and the interface are required', help);
  const partner = configuredPartners(ctx).find((p) => p.name === who || p.operatorId === who);
  if (!partner) throw new UsageError(`no partner named or with OperatorID '${who}'`, help);
  const link = outboundLink(partner);
  if (!link) throw new UsageError(`partner '${partner.name}' has no outbound link: we do not call it`, help);
  let data: unknown = {};
  if (values.data !== undefined) {
    try {
      data = JSON.parse(values.data);
    } catch {
      throw new UsageError('--data must be JSON', help);
    }
  }
  const answer = await createTcecClient(link).call(name, data);
  ctx.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  return 0;
}

async function pushes(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parse(argv, { state: { type: 'string' }, partner: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, help);
  if (values.help) return void ctx.stdout.write(`${help}\n`), 0;
  const state = values.state as ProvinceDeliveryState | undefined;
  if (state !== undefined && !provinceDeliveryStates.includes(state)) {
    throw new UsageError(`--state must be one of ${provinceDeliveryStates.join(', ')}`, help);
  }
  const limit = intOption(values.limit, 'limit', help, 1) ?? 20;
  const page = await withDatabase(ctx.env, (db) => findProvinceDeliveries(db, { state, partnerId: values.partner }, { limit, offset: 0 }));
  if (values.json) return void ctx.stdout.write(`${JSON.stringify(page.items, null, 2)}\n`), 0;
  if (page.items.length === 0) return void ctx.stdout.write('No pushes.\n'), 0;
  for (const d of page.items) {
    const why = d.lastError ? `  ${d.lastError}` : '';
    ctx.stdout.write(`${d.id}  ${d.createdAt.toISOString()}  ${d.partnerId}  ${d.interface}  ${d.subject}  ${d.state} (${d.attempts} attempts)${why}\n`);
  }
  return 0;
}
