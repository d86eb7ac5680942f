/**
 * Alert evaluation: the worker side of `@pilewatch/supervision`'s alert engine.
 *
 * - Inputs: the `alert-inputs` queue, fed by the central system's event bridge with every event the
 *   rules read. A job's input is applied to its charger's state (one row per charger, locked while it
 *   is evaluated), and the state, the changed alerts and the transitions are stored in one transaction
 *   with the input's key, so a job run twice changes nothing the second time. The jobs a worker holds
 *   at once are applied together, one transaction per batch (group commit, as the csms writer does),
 *   in the order the jobs were taken: a charger's inputs keep their order within a worker.
 * - Ticks: once a period across all workers, every charger's state is ticked (deadlines, quiet periods,
 *   trailing windows); the same job sweeps the notification outbox and forgets old input keys.
 * - Notifications: after each commit the new transitions go on the live feed and to webhooks
 *   (alerts-notify.ts); the API hands over the transitions it causes (acknowledgements) on
 *   `alert-notifications`.
 */
import type { Bus, Job } from '@pilewatch/bus';
import { alertConfigChannel, alertQueues } from '@pilewatch/api';
import {
  pruneAppliedAlertInputs,
  recordDeadLetter,
  stalePendingDeliveries,
  tickChargerAlertStates,
  type AlertStep,
  type Database,
} from '@pilewatch/store';
import { alertRules, evaluateCharger, isAlertCode, type ChargerAlertState, type RulesConfig } from '@pilewatch/supervision';
import type { Logger } from 'pino';
import { offerEveryPeriod } from '../periodic.js';
import type { WorkerModule } from '../worker.js';
import { RulesConfigSource } from './alerts-config.js';
import { AlertInputBatcher } from './alerts-batch.js';
import { alertInputOf, type QueuedAlertInput } from './alerts-inputs.js';
import { alertMetrics, type AlertMetrics } from './alerts-metrics.js';
import { notifyAlertTransitions } from './alerts-notify.js';
import { defaultDeliveryPolicy, enqueueDelivery, keepDeadLetters, type DeliveryPolicy } from './webhooks.js';

export const alertTickQueue = 'alert-ticks';

export interface AlertOptions {
  /** Jobs a worker holds at once; they are applied together, in batches of at most `maxBatch`. */
  concurrency: number;
  maxBatch: number;
  /** How often every charger's state is ticked. */
  tickIntervalMs: number;
  /** Transitions still waiting for their notification this long after being stored are notified by the tick's sweep. */
  outboxGraceMs: number;
  /**
   * How long an input key is remembered against a repeated job. A job runs again after its input was
   * committed only when its worker died before acknowledging it: the queue re-runs such a stalled job
   * within a minute or so. (A failed try rolled back, key included.)
   */
  inputKeyRetentionMs: number;
  /** Attempts and backoff of the webhook deliveries this module queues. */
  delivery: Pick<DeliveryPolicy, 'attempts' | 'backoffMs'>;
  metrics: AlertMetrics;
}

export const defaultAlertOptions: AlertOptions = {
  concurrency: 64,
  maxBatch: 200,
  tickIntervalMs: 60_000,
  outboxGraceMs: 30_000,
  inputKeyRetentionMs: 3_600_000,
  delivery: defaultDeliveryPolicy,
  metrics: alertMetrics,
};

const severityOf = (rule: string): number => (isAlertCode(rule) ? alertRules[rule].severity : 3);

/** One engine step for a queued input, skipping a connectivity change older than the one already applied. */
function inputStep(queued: QueuedAlertInput, config: RulesConfig) {
  return (state: ChargerAlertState | undefined): AlertStep<ChargerAlertState> => {
    const { input } = queued;
    const since = state?.memory.since;
    // Two workers may take a charger's consecutive connectivity jobs at the same instant: the older
    // change, applied last, would leave the charger in the wrong state. Times are ours and increase per charger.
    if (state && input.kind === 'connectivity.changed' && since !== undefined && Date.parse(since) > input.at.getTime()) {
      return { state, changed: false, transitions: [] };
    }
    return evaluateCharger(queued.chargerId, state, input, config);
  };
}

export interface AlertEvaluator {
  /** Applies one `alert-inputs` job; returns how many transitions it stored. */
  apply(job: Job): Promise<number>;
  /** Ticks every charger at `now`, notifies, sweeps the outbox; returns the transitions stored. */
  tick(now: Date): Promise<number>;
  /** Resolves when the notifications of everything stored so far have been attempted. */
  flushed(): Promise<void>;
}

export function alertEvaluator(db: Database, bus: Bus, log: Logger, rules: RulesConfigSource, options: AlertOptions): AlertEvaluator {
  // Notifications keep the order transitions were stored in, without holding up the next batch.
  let notifying: Promise<unknown> = Promise.resolve();
  const notify = (ids: number[]) => {
    notifying = notifying.then(() =>
      notifyAlertTransitions(db, bus, { ids }, options.delivery).catch((err: unknown) => {
        // Stored, not yet notified: the tick's sweep notifies them.
        log.error({ err, transitions: ids }, 'alert transitions not notified yet; the next sweep retries');
      }),
    );
    return notifying;
  };
  const batcher = new AlertInputBatcher(db, severityOf, options.maxBatch, (transitions) => {
    log.info({ transitions: transitions.map((t) => `${t.type} ${t.alertId}`) }, 'alert transitions stored');
    void notify(transitions.map((t) => t.id));
  });
  return {
    async apply(job) {
      const queued = alertInputOf(job.data);
      if (!queued) {
        // Retrying cannot make it readable: straight to the dead letters.
        await recordDeadLetter(db, { queue: alertQueues.inputs, jobName: job.name, jobId: job.id, data: job.data, error: 'not an alert input', attempts: job.attempt });
        log.error({ jobId: job.id, name: job.name }, 'alert input job is not readable; kept as a dead letter');
        return 0;
      }
      const config = await rules.current();
      const result = await batcher.apply({
        chargerId: queued.chargerId,
        step: inputStep(queued, config),
        inputKey: queued.key,
        inputReceivedAt: queued.receivedAt,
      });
      options.metrics.observe(Date.now() - queued.receivedAt.getTime(), { duplicate: result.duplicate, transitions: result.transitions.length });
      return result.transitions.length;
    },
    async tick(now) {
      const config = await rules.current();
      const at = new Date(now);
      const ticked = await tickChargerAlertStates<ChargerAlertState>(
        db,
        (chargerId, state) => evaluateCharger(chargerId, state, { kind: 'clock.tick', at }, config),
        { severityOf },
      );
      if (ticked.transitions.length) {
        log.info({ transitions: ticked.transitions.map((t) => `${t.type} ${t.alertId}`) }, 'alert transitions stored on a clock tick');
        options.metrics.transitions += ticked.transitions.length;
        await notify(ticked.transitions.map((t) => t.id));
      }
      await notifying;
      // The outbox: transitions whose notification failed (or whose worker stopped) after they were stored.
      const olderThan = new Date(now.getTime() - options.outboxGraceMs);
      for (let swept = 1; swept > 0; ) swept = await notifyAlertTransitions(db, bus, { olderThan, limit: 500 }, options.delivery);
      for (const id of await stalePendingDeliveries(db, olderThan, 1000)) await enqueueDelivery(bus, id, options.delivery);
      await pruneAppliedAlertInputs(db, new Date(now.getTime() - options.inputKeyRetentionMs));
      return ticked.transitions.length;
    },
    flushed: () => notifying.then(() => undefined),
  };
}

export function alerts(overrides: Partial<AlertOptions> = {}): WorkerModule {
  const options = { ...defaultAlertOptions, ...overrides };
  return {
    name: 'alerts',
    async start({ db, bus, log }) {
      const rules = new RulesConfigSource(db, log);
      const stopListening = await bus.subscribe(alertConfigChannel, () => rules.invalidate());
      const evaluator = alertEvaluator(db, bus, log, rules, options);

      const inputs = bus.queue(alertQueues.inputs);
      const inputWorker = inputs.work((job) => evaluator.apply(job), { concurrency: options.concurrency });
      keepDeadLetters(inputWorker, inputs, db, log);

      const notifications = bus.queue(alertQueues.notifications);
      const notifyWorker = notifications.work(async (job) => {
        const ids = (job.data as { transitionIds?: unknown })?.transitionIds;
        const valid = Array.isArray(ids) ? ids.filter((id): id is number => Number.isSafeInteger(id)) : [];
        return notifyAlertTransitions(db, bus, { ids: valid }, options.delivery);
      });
      keepDeadLetters(notifyWorker, notifications, db, log);

      const ticks = bus.queue(alertTickQueue);
      const tickWorker = ticks.work(() => evaluator.tick(new Date()));
      tickWorker.on('failed', (job, err) => log.error({ err, jobId: job.id }, 'alert tick failed; the next period ticks again'));
      const periodic = offerEveryPeriod(ticks, 'tick', options.tickIntervalMs, (err) => log.error({ err }, 'could not schedule the alert tick'));

      return {
        async stop() {
          periodic.stop();
          await Promise.all([inputWorker.close(), notifyWorker.close(), tickWorker.close()]);
          await evaluator.flushed();
          await stopListening();
        },
      };
    },
  };
}
