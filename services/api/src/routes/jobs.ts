/**
 * The worker's queues as an admin sees them: how many jobs wait, run, are delayed for a retry, finished
 * or failed; and the dead letters — jobs that used all their attempts — which an admin can send again.
 */
import { z } from 'zod';
import { findDeadLetter, findDeadLetters, markDeadLetterRetried, monthlyReportQueue, resetDelivery, type DeadLetterView } from '@pilewatch/store';
import { adminOnly } from '../auth/roles.js';
import { notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { page, pagedOf, queryBoolean, timestamp } from '../http/schemas.js';
import { matches } from '../http/views.js';
import { alertQueues } from '../live/alert-inputs.js';

/**
 * Every queue the worker's modules consume (services/worker/src/jobs). The API cannot import the worker,
 * so the names are repeated here; test/src/alerts/job-queues.test.ts starts the worker and checks them.
 */
export const workerQueues = [
  alertQueues.inputs,
  alertQueues.notifications,
  'alert-ticks',
  'webhook-deliveries',
  'uptime',
  'maintenance',
  'province-push',
  'province-periodic',
  monthlyReportQueue,
] as const;

export const deadLetterView = matches<DeadLetterView>()(
  z.object({
    id: z.number().int(),
    queue: z.string(),
    jobName: z.string(),
    jobId: z.string(),
    data: z.unknown(),
    error: z.string(),
    attempts: z.number().int(),
    failedAt: timestamp,
    retriedAt: timestamp.nullable(),
  }),
);

const counts = z.object({
  waiting: z.number().int(),
  active: z.number().int(),
  delayed: z.number().int(),
  completed: z.number().int().describe('finished and still remembered (the latest 1,000)'),
  failed: z.number().int().describe('failed for good and still remembered (the latest 5,000)'),
});

/** A retried job's tries: a dead letter failed all of its own already, so a handful more. */
const retryAttempts = 5;

export const jobRoutes = [
  defineRoute({
    id: 'jobs.queues',
    method: 'GET',
    url: '/api/v1/jobs',
    roles: adminOnly,
    tag: 'operations',
    summary: 'Job counts of every worker queue',
    response: z.object({ items: z.array(counts.extend({ queue: z.string() })) }),
    handle: async ({ deps }) => ({
      items: await Promise.all(workerQueues.map(async (queue) => ({ queue, ...(await deps.bus.queue(queue).counts()) }))),
    }),
  }),
  defineRoute({
    id: 'jobs.deadLetters',
    method: 'GET',
    url: '/api/v1/jobs/dead-letters',
    roles: adminOnly,
    tag: 'operations',
    summary: 'Jobs that used all their attempts (webhook deliveries, alert inputs, …), newest first',
    query: z.strictObject({ queue: z.string().max(100).optional(), retried: queryBoolean.optional(), ...page }),
    response: pagedOf(deadLetterView),
    handle: ({ deps, query }) => findDeadLetters(deps.db, query, query),
  }),
  defineRoute({
    id: 'jobs.retryDeadLetter',
    method: 'POST',
    url: '/api/v1/jobs/dead-letters/:deadLetterId/retry',
    roles: adminOnly,
    tag: 'operations',
    summary: 'Queue a dead letter’s job again (a failed webhook delivery goes back to pending)',
    params: z.strictObject({ deadLetterId: z.coerce.number().int().min(1) }),
    response: deadLetterView,
    handle: async ({ deps, params }) => {
      const letter = await findDeadLetter(deps.db, params.deadLetterId);
      if (!letter) throw notFound('dead letter', String(params.deadLetterId));
      const deliveryId = (letter.data as { deliveryId?: unknown } | null)?.deliveryId;
      if (letter.queue === 'webhook-deliveries' && typeof deliveryId === 'number') await resetDelivery(deps.db, deliveryId);
      // A new job id: the failed job keeps its own (and the queue would ignore a job with it).
      await deps.bus.queue(letter.queue).add(letter.jobName, letter.data, {
        jobId: `${letter.jobId}-retry-${Date.now()}`,
        attempts: retryAttempts,
        backoffMs: 5_000,
      });
      await markDeadLetterRetried(deps.db, letter.id);
      return (await findDeadLetter(deps.db, letter.id))!;
    },
  }),
];
