/** The `at` of an event: the charger's own timestamp when the message carries one, else our receive time. */
import { forbidden } from './errors.js';
import type { CallContext } from './handler.js';

export function chargerTime(timestamp: string | undefined, ctx: CallContext, field = 'timestamp'): Date {
  if (timestamp === undefined) return ctx.receivedAt;
  const at = new Date(timestamp);
  if (Number.isNaN(at.getTime())) {
    throw forbidden('PropertyConstraintViolation', `${field} "${timestamp}" is not an RFC 3339 date-time`, {
      field,
      value: timestamp,
    });
  }
  return at;
}

/** The fields every event shares. */
export function eventBase(ctx: CallContext, timestamp?: string, field?: string) {
  return { chargerId: ctx.chargerId, at: chargerTime(timestamp, ctx, field), receivedAt: ctx.receivedAt };
}
