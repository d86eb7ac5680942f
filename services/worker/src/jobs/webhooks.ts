/**
 * Webhook delivery: one job per (webhook, alert transition) on the `webhook-deliveries` queue, POSTed as
 * signed JSON, retried with exponential backoff by the queue (BullMQ on Redis, in-process otherwise).
 * Each attempt is recorded on the delivery (status, attempts, last status code and error); a delivery
 * that used all its attempts is `failed` and appears in the dead-letter view.
 */
import type { Job, JobQueue, JobWorker, Bus } from '@pilewatch/bus';
import type { Logger } from 'pino';
import {
  deliveryTask,
  findAlert,
  recordDeadLetter,
  recordDeliveryAttempt,
  transitionsById,
  type AlertTransitionView,
  type AlertView,
  type ReadDb,
} from '@pilewatch/store';
import { alertRules, isAlertCode } from '@pilewatch/supervision';
import type { WorkerModule } from '../worker.js';
import { signWebhook, webhookHeaders } from './webhooks-signature.js';

export const webhookQueue = 'webhook-deliveries';

export interface DeliveryPolicy {
  /** Tries per delivery, the first included. */
  attempts: number;
  /** Retry n waits backoffMs × 2^(n−1). */
  backoffMs: number;
  /** How long one POST may take. */
  timeoutMs: number;
  /** Deliveries in flight per worker. */
  concurrency: number;
}

/** Ten tries over about 45 minutes (5 s, 10 s, … 21 min apart), 10 s per try. */
export const defaultDeliveryPolicy: DeliveryPolicy = { attempts: 10, backoffMs: 5_000, timeoutMs: 10_000, concurrency: 8 };

export async function enqueueDelivery(bus: Bus, deliveryId: number, policy: Pick<DeliveryPolicy, 'attempts' | 'backoffMs'>): Promise<void> {
  // The job id makes a delivery queued twice (a repeated notification) run once.
  await bus.queue(webhookQueue).add('deliver', { deliveryId }, { jobId: `delivery-${deliveryId}`, attempts: policy.attempts, backoffMs: policy.backoffMs });
}

const severityNames: Record<number, string> = { 1: 'personal_safety', 2: 'equipment_safety', 3: 'notice' };

/** The JSON a webhook receives. The same for every attempt, so a receiver can dedupe on `id`. */
export function webhookPayload(deliveryId: number, webhookId: string, t: AlertTransitionView, alert: AlertView | undefined) {
  const rule = isAlertCode(t.rule) ? alertRules[t.rule] : undefined;
  return {
    id: String(deliveryId),
    type: `alert.${t.type}`,
    webhookId,
    transition: {
      id: t.id,
      type: t.type,
      at: t.at.toISOString(),
      ...(t.reason ? { reason: t.reason } : {}),
      ...(t.by ? { by: t.by } : {}),
      ...(t.note ? { note: t.note } : {}),
      detail: t.detail,
    },
    alert: {
      id: t.alertId,
      rule: t.rule,
      titleZh: rule?.titleZh ?? null,
      titleEn: rule?.titleEn ?? null,
      severity: t.severity,
      severityName: severityNames[t.severity] ?? null,
      alarmType: rule?.alarmType ?? null,
      chargerId: t.chargerId,
      evseId: t.evseId,
      connectorId: t.connectorId,
      operatorId: alert?.operatorId ?? t.operatorId,
      stationId: alert?.stationId ?? null,
      countyCode: alert?.countyCode ?? null,
      status: alert?.status ?? null,
      openedAt: alert?.openedAt.toISOString() ?? null,
      resolvedAt: alert?.resolvedAt?.toISOString() ?? null,
    },
  };
}

/** A delivery attempt that did not reach a 2xx answer; the queue retries it. */
export class DeliveryFailed extends Error {
  readonly code = 'PW_WORKER_DELIVERY_FAILED';
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

async function deliver(db: ReadDb, job: Job, policy: DeliveryPolicy): Promise<string> {
  const deliveryId = Number((job.data as { deliveryId?: unknown })?.deliveryId);
  const task = Number.isSafeInteger(deliveryId) ? await deliveryTask(db, deliveryId) : undefined;
  // Gone with its webhook (deleted), or already delivered by an earlier try whose ack was lost.
  if (!task) return 'no such delivery';
  if (task.delivery.status === 'delivered') return 'already delivered';
  if (!task.webhook.enabled) {
    await recordDeliveryAttempt(db, deliveryId, { attempt: job.attempt, ok: false, final: true, error: 'the webhook is disabled' });
    return 'webhook disabled';
  }
  const [transition] = await transitionsById(db, [task.delivery.transitionId]);
  if (!transition) throw new DeliveryFailed(`transition ${task.delivery.transitionId} is missing`);
  const alert = await findAlert(db, transition.alertId, {});
  const body = JSON.stringify(webhookPayload(deliveryId, task.webhook.id, transition, alert));
  const timestamp = Math.floor(Date.now() / 1000);
  let response: Response;
  try {
    response = await fetch(task.webhook.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(policy.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'pilewatch-webhooks/1',
        [webhookHeaders.signature]: signWebhook(task.webhook.secret, timestamp, body),
        [webhookHeaders.timestamp]: String(timestamp),
        [webhookHeaders.delivery]: String(deliveryId),
        [webhookHeaders.event]: `alert.${transition.type}`,
        [webhookHeaders.attempt]: String(job.attempt),
      },
    });
    // The answer's body is not read; let the connection go.
    await response.body?.cancel().catch(() => undefined);
  } catch (err) {
    const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${policy.timeoutMs} ms` : (err as Error).message;
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const error = `POST failed: ${reason}${cause ? ` (${cause})` : ''}`;
    await recordDeliveryAttempt(db, deliveryId, { attempt: job.attempt, ok: false, error });
    throw new DeliveryFailed(error);
  }
  if (response.status >= 200 && response.status < 300) {
    await recordDeliveryAttempt(db, deliveryId, { attempt: job.attempt, ok: true, statusCode: response.status });
    return `delivered (${response.status})`;
  }
  const error = `answered HTTP ${response.status}`;
  await recordDeliveryAttempt(db, deliveryId, { attempt: job.attempt, ok: false, statusCode: response.status, error });
  throw new DeliveryFailed(error, response.status);
}

/**
 * Records each job of `queue` that fails its last attempt as a dead letter (and lets `onFinal` mark
 * whatever the job was about); failures before the last attempt are only logged.
 */
export function keepDeadLetters(
  worker: JobWorker,
  queue: JobQueue,
  db: ReadDb,
  log: Logger,
  onFinal?: (job: Job, error: Error) => Promise<void>,
): void {
  worker.on('failed', (job, error, willRetry) => {
    if (willRetry) {
      log.warn({ queue: queue.name, jobId: job.id, attempt: job.attempt, err: error.message }, 'job failed; it will be retried');
      return;
    }
    log.error({ queue: queue.name, jobId: job.id, attempt: job.attempt, err: error.message }, 'job failed for the last time: dead letter');
    Promise.resolve()
      .then(() => onFinal?.(job, error))
      .then(() => recordDeadLetter(db, { queue: queue.name, jobName: job.name, jobId: job.id, data: job.data, error: error.message, attempts: job.attempt }))
      .catch((err: unknown) => log.error({ err, queue: queue.name, jobId: job.id }, 'dead letter not recorded'));
  });
}

export function webhooks(policy: DeliveryPolicy = defaultDeliveryPolicy): WorkerModule {
  return {
    name: 'webhooks',
    async start({ db, bus, log }) {
      const queue = bus.queue(webhookQueue);
      const worker = queue.work((job) => deliver(db, job, policy), { concurrency: policy.concurrency });
      keepDeadLetters(worker, queue, db, log, async (job, error) => {
        const deliveryId = Number((job.data as { deliveryId?: unknown })?.deliveryId);
        if (!Number.isSafeInteger(deliveryId)) return;
        await recordDeliveryAttempt(db, deliveryId, {
          attempt: job.attempt,
          ok: false,
          final: true,
          error: error.message,
          ...(error instanceof DeliveryFailed && error.statusCode ? { statusCode: error.statusCode } : {}),
        });
      });
      return { stop: () => worker.close() };
    },
  };
}
