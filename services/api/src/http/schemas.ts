/** Input pieces most routes share: identifiers, pages, time ranges, query-string booleans. */
import { z } from 'zod';
import { identityProblem, maxIdentityLength } from '@pilewatch/store';

/** Registry ids chosen by people: operators, stations. */
export const slug = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');

/** A charger's OCPP identity (the last segment of its connection URL), by the store's own rule. */
export const chargerIdentity = z
  .string()
  .min(1)
  .max(maxIdentityLength)
  .superRefine((id, ctx) => {
    const problem = identityProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: `not a valid OCPP identity: ${problem}` });
  });

export const maxPageSize = 500;

export const page = {
  limit: z.coerce.number().int().min(1).max(maxPageSize).default(50).describe(`page size, 1-${maxPageSize}`),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('rows to skip'),
};

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2025-01-31T08:00:00+08:00' })
  .transform((v) => new Date(v));

export const timeRange = {
  from: instant.optional().describe('inclusive start (ISO 8601 with zone)'),
  to: instant.optional().describe('exclusive end (ISO 8601 with zone)'),
};

/** Checks `from < to` when both are given. */
export function orderedRange<T extends { from?: Date; to?: Date }>(schema: z.ZodType<T>) {
  return schema.refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be later than from', path: ['to'] });
}

export const queryBoolean = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((v) => v === 'true');

export const evseNumber = z.coerce.number().int().min(0).max(1000);

export const chargerParams = z.strictObject({ chargerId: chargerIdentity });

/** The envelope of every list answer. */
export function pagedOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    limit: z.number().int(),
    offset: z.number().int(),
    nextOffset: z.number().int().nullable().describe('offset of the next page; null on the last page'),
  });
}

/** How dates look in answers. */
export const timestamp = z.iso.datetime({ offset: true });
