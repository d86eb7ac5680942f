/**
 * Webhook signatures: HMAC-SHA256 with the webhook's secret over `<timestamp>.<body>`, sent as
 * `X-Pilewatch-Signature: sha256=<hex>` with the timestamp (Unix seconds) in `X-Pilewatch-Timestamp`.
 * Signing the timestamp with the body lets a receiver refuse a replayed request; `verifyWebhookSignature`
 * is what a receiver runs (docs/supervision.md shows it without this package).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const webhookHeaders = {
  signature: 'x-pilewatch-signature',
  timestamp: 'x-pilewatch-timestamp',
  delivery: 'x-pilewatch-delivery',
  event: 'x-pilewatch-event',
  attempt: 'x-pilewatch-attempt',
} as const;

/** `sha256=<hex>` for a body sent at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * True when `signature` is the body's signature at `timestamp` and the timestamp is within `toleranceS`
 * of `now` (both Unix seconds). Compares in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  request: { signature: string | undefined; timestamp: string | undefined; body: string },
  options: { toleranceS?: number; now?: number } = {},
): boolean {
  const { signature, timestamp, body } = request;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceS ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
