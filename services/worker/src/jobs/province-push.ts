/**
 * Sending one push: a BullMQ job per attempt of a delivery, on the `province-push` queue.
 *
 * Order: only the delivery heading its stream (partner + interface + ConnectorID or StationID) is ever
 * scheduled; the next one is scheduled when it ends. Attempts: a failure worth retrying (no answer, an
 * HTTP error, Ret −1 or 500) is tried again `retryMs` later, up to `maxAttempts` tries, then the delivery
 * is `failed` with the reason; a refusal (4001, 4003, 4004, a token refused) fails it at once. A token
 * is fetched when needed and, on Ret 4002, fetched again and the call retried once (the client does
 * that). An answer `Status: 1` means "ignored, do not retry": the delivery is `ignored`.
 *
 * A job only acts if its attempt is the delivery's next one (the claim in the store), so a duplicate
 * job, or one scheduled again by the sweep after a crash, sends nothing twice within one attempt.
 */
import type { Logger } from 'pino';
import type { Job, JobQueue } from '@pilewatch/bus';
import {
  claimProvinceAttempt,
  type Database,
  deferProvinceDelivery,
  type ProvinceDelivery,
  type ProvinceDue,
  settleProvinceDelivery,
} from '@pilewatch/store';
import { PushStatus, type TcecClient, TcecError } from '@pilewatch/tcec';

export const pushQueueName = 'province-push';

export interface PushJob {
  deliveryId: string;
  /** The attempt this job makes, 1 for the first. */
  attempt: number;
}

export interface PushSettings {
  maxAttempts: number;
  retryMs: number;
  /** How long a claimed attempt may run before the sweep may think it lost. */
  leaseMs: number;
}

/** Schedules a delivery's next attempt on the queue, delayed until it is due. */
export function pushScheduler(queue: JobQueue, now: () => number = Date.now): (due: ProvinceDue, tag?: string) => Promise<void> {
  return async (due, tag) => {
    const attempt = due.attempts + 1;
    const job: PushJob = { deliveryId: due.id, attempt };
    await queue.add('push', job, {
      // One job per attempt; a sweep's extra job has its own id and finds the attempt already claimed.
      jobId: `push-${due.id}-${attempt}${tag ? `-${tag}` : ''}`,
      delayMs: Math.max(0, due.nextAttemptAt.getTime() - now()),
      // Retries of the job itself cover failures of our own (the database); the partner's are attempts.
      attempts: 3,
      backoffMs: 1000,
    });
  };
}

export interface PushHandlerOptions {
  db: Database;
  /** Each partner we push to, by its OperatorID: its client and the pushes it receives. */
  clients: ReadonlyMap<string, { client: TcecClient; pushes: readonly string[] }>;
  schedule(due: ProvinceDue): Promise<void>;
  settings: PushSettings;
  log: Logger;
}

export type PushResult = { sent: false; reason: string } | { sent: true; state: string; attempt: number };

export function pushHandler({ db, clients, schedule, settings, log }: PushHandlerOptions): (job: Job) => Promise<PushResult> {
  return async (job) => {
    const { deliveryId, attempt } = job.data as PushJob;
    const delivery = await claimProvinceAttempt(db.pool, deliveryId, attempt - 1, new Date(Date.now() + settings.leaseMs));
    if (!delivery) return { sent: false, reason: 'not this attempt' };
    const context = { deliveryId, partnerId: delivery.partnerId, interface: delivery.interface, subject: delivery.subject, attempt };
    const partner = clients.get(delivery.partnerId);
    if (!partner?.pushes.includes(delivery.interface)) {
      await finish(delivery, { state: 'failed', errorCode: 'PW_PROVINCE_PARTNER_GONE', error: 'the partner is no longer configured for this push' });
      return { sent: true, state: 'failed', attempt };
    }
    let status: number;
    try {
      ({ Status: status } = (await partner.client.call(delivery.interface, delivery.data)) as { Status: number });
    } catch (err) {
      const failure = failureOf(err);
      if (failure.retryable && attempt < settings.maxAttempts) {
        const at = new Date(Date.now() + settings.retryMs);
        await deferProvinceDelivery(db.pool, deliveryId, at, failure.code, failure.message);
        await schedule({ id: deliveryId, nextAttemptAt: at, attempts: attempt });
        log.warn({ ...context, code: failure.code, reason: failure.message, retryAt: at }, 'push failed; it will be retried');
        return { sent: true, state: 'retrying', attempt };
      }
      const why = failure.retryable ? `gave up after ${attempt} attempts: ${failure.message}` : failure.message;
      await finish(delivery, { state: 'failed', errorCode: failure.code, error: why });
      log.error({ ...context, code: failure.code, reason: why }, 'push failed');
      return { sent: true, state: 'failed', attempt };
    }
    const state = status === PushStatus.Ignored ? 'ignored' : 'delivered';
    await finish(delivery, { state });
    log.info({ ...context, state }, 'push delivered');
    return { sent: true, state, attempt };
  };

  async function finish(delivery: ProvinceDelivery, outcome: Parameters<typeof settleProvinceDelivery>[2]): Promise<void> {
    const next = await settleProvinceDelivery(db.pool, delivery.id, outcome);
    if (next) await schedule(next);
  }
}

/** What went wrong, and whether trying again later can help. Errors that are not the link's are rethrown. */
export function failureOf(err: unknown): { code: string; message: string; retryable: boolean } {
  if (!(err instanceof TcecError)) throw err;
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  switch (err.code) {
    // An answer that is not an envelope at all (RESPONSE_INVALID) is most often a proxy's error page.
    case 'PW_TCEC_UNREACHABLE':
    case 'PW_TCEC_HTTP_ERROR':
    case 'PW_TCEC_RESPONSE_INVALID':
      return { code: err.code, message: err.message + cause, retryable: true };
    case 'PW_TCEC_REMOTE_FAILURE':
      return { code: err.code, message: err.message, retryable: err.details.retryable === true };
    default:
      return { code: err.code, message: err.message + cause, retryable: false };
  }
}
