/**
 * The platforms we exchange data with, as validated configuration. Each partner has up to two links:
 * - inbound: they call us (the province pulling). They send their OperatorID and authenticate with the
 *   secrets we issued to them;
 * - outbound: we call them (pushes, or pulling from an operator platform). We send the OperatorID they
 *   registered us under and use the secrets they issued to us.
 * What a partner may read, and how its platform spells fields, is configuration too, never code.
 */
import { z } from 'zod';
import type { SecretsLookup } from './codec.js';
import type { ChannelSecrets } from './crypto.js';
import { operatorIdSchema } from './envelope.js';
import { TcecError } from './errors.js';
import { interfaceNames, tcecInterfaces, type InterfaceName } from './interfaces.js';
import type { FieldSpelling } from './spelling.js';

const aesSecret = z
  .string()
  .refine((s) => Buffer.byteLength(s, 'utf8') === 16, 'must be exactly 16 bytes (UTF-8), used literally as the AES key/IV');

const channelSecretsShape = {
  operatorSecret: z.string().min(1),
  dataSecret: aesSecret,
  dataSecretIv: aesSecret,
  sigSecret: z.string().min(1),
};

const pullInterfaces = interfaceNames.filter((n) => tcecInterfaces[n].kind === 'pull');
const pushInterfaces = interfaceNames.filter((n) => tcecInterfaces[n].kind === 'push');
const pullName = z.enum(pullInterfaces as [InterfaceName, ...InterfaceName[]]);
const pushName = z.enum(pushInterfaces as [InterfaceName, ...InterfaceName[]]);

const httpUrl = z.string().refine((v) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL');

/** Our field name → theirs; two of our fields may not share one of their names. */
const spellingSchema = z
  .record(z.string().min(1), z.string().min(1))
  .refine((s) => new Set(Object.values(s)).size === Object.keys(s).length, 'maps two fields to the same name')
  .default({});

export const partnerSchema = z.object({
  /** Human name for logs and the dashboard. */
  name: z.string().min(1),
  /** Their OperatorID: what they send when they call us. */
  operatorId: operatorIdSchema,
  inbound: z
    .object({
      ...channelSecretsShape,
      /** Lifetime of the access tokens we issue them, in seconds. */
      tokenLifetimeS: z.number().int().positive().default(7200),
      /** Largest |our clock − their TimeStamp| we accept, in seconds. */
      maxSkewS: z.number().int().positive().default(300),
      /** Interfaces they may call (query_token always). */
      interfaces: z.array(pullName).default(pullInterfaces),
      /** What they may read: stations of these of our operator ids / in these county codes. Absent = all. */
      operators: z.array(z.string().min(1)).optional(),
      counties: z.array(z.string().regex(/^\d{6}$/, 'must be a 6-digit county code')).optional(),
    })
    .optional(),
  outbound: z
    .object({
      /** Where their interfaces live, e.g. `https://host/evcs/v1` (each call POSTs to `{baseUrl}/{name}`). */
      baseUrl: httpUrl,
      /** Our OperatorID as registered with them. */
      operatorId: operatorIdSchema,
      ...channelSecretsShape,
      /** Push interfaces we send them. */
      pushes: z.array(pushName).default([]),
    })
    .optional(),
  /** How their platform spells fields that differ from the standard (ours → theirs). */
  spelling: spellingSchema,
});

export type Partner = z.output<typeof partnerSchema>;
export type PartnerInput = z.input<typeof partnerSchema>;

/** Validates a list of partners (e.g. the parsed JSON of a partners file); reports every problem at once. */
export function parsePartners(input: unknown): Partner[] {
  const parsed = z.array(partnerSchema).safeParse(input);
  if (!parsed.success) {
    throw invalidConfig(parsed.error.issues.map((i) => `${i.path.join('.') || 'partners'}: ${i.message}`));
  }
  const seen = new Set<string>();
  const duplicates: string[] = [];
  parsed.data.forEach((p, index) => {
    if (seen.has(p.operatorId)) duplicates.push(`${index}.operatorId: ${p.operatorId} is configured twice`);
    seen.add(p.operatorId);
  });
  if (duplicates.length > 0) throw invalidConfig(duplicates);
  return parsed.data;
}

function invalidConfig(problems: string[]): TcecError {
  return new TcecError(
    'PW_TCEC_PARTNER_CONFIG_INVALID',
    `Invalid T/CEC partner configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    { problems },
  );
}

export function findPartner(partners: readonly Partner[], operatorId: string): Partner | undefined {
  return partners.find((p) => p.operatorId === operatorId);
}

/** The lookup `openRequest` needs: the inbound link of the partner calling as `operatorId`. */
export function inboundSecrets(partners: readonly Partner[]): SecretsLookup {
  return (operatorId) => {
    const partner = findPartner(partners, operatorId);
    const inbound = partner?.inbound;
    return (
      inbound && {
        dataSecret: inbound.dataSecret,
        dataSecretIv: inbound.dataSecretIv,
        sigSecret: inbound.sigSecret,
        maxSkewS: inbound.maxSkewS,
        spelling: partner.spelling,
      }
    );
  };
}

/** Whether a partner may call an interface on us. */
export function mayCall(partner: Partner, name: string): boolean {
  if (!partner.inbound) return false;
  return name === 'query_token' || (partner.inbound.interfaces as string[]).includes(name);
}

/** Whether a partner may read a station of `operatorId` (ours) in `countyCode`. */
export function mayRead(partner: Partner, station: { operatorId: string; countyCode: string | null }): boolean {
  const inbound = partner.inbound;
  if (!inbound) return false;
  if (inbound.operators && !inbound.operators.includes(station.operatorId)) return false;
  if (inbound.counties && (station.countyCode === null || !inbound.counties.includes(station.countyCode))) return false;
  return true;
}

/** What `createTcecClient` needs to call this partner, or undefined when we never call them. */
export function outboundLink(partner: Partner):
  | { baseUrl: string; ours: { operatorId: string; operatorSecret: string }; theirs: ChannelSecrets; spelling: FieldSpelling }
  | undefined {
  const o = partner.outbound;
  if (!o) return undefined;
  return {
    baseUrl: o.baseUrl,
    ours: { operatorId: o.operatorId, operatorSecret: o.operatorSecret },
    theirs: { dataSecret: o.dataSecret, dataSecretIv: o.dataSecretIv, sigSecret: o.sigSecret },
    spelling: partner.spelling,
  };
}

const SECRET_KEY = /secret|password|^accesstoken$|^authorization$|^token$/i;

/**
 * A copy of `value` safe to log: every value under a key that names a secret (any `*Secret*`, the IV,
 * passwords, access tokens, Authorization headers) is replaced, at any depth.
 */
export function redact<T>(value: T): T {
  return redactValue(value) as T;
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && v !== undefined && v !== null ? '[redacted]' : redactValue(v);
  }
  return out;
}
