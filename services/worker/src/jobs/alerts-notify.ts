/**
 * Telling the world about stored alert transitions: each goes on the live feed, and a delivery is
 * created for every webhook that wants it. The transitions table is the outbox: a transition is marked
 * notified in the transaction that creates its deliveries, after its live event is out, so a failure
 * leaves it for the next sweep (at least once). Delivery jobs are queued after that commit — a job
 * must find its delivery — and a delivery whose job was lost is queued again by the sweep (job ids
 * make that harmless).
 */
import type { Bus } from '@pilewatch/bus';
import { publishLiveEvent, type AlertLiveEvent } from '@pilewatch/api';
import { createDeliveries, notifyTransitions, type AlertTransitionView, type WriteDb } from '@pilewatch/store';
import { enqueueDelivery, type DeliveryPolicy } from './webhooks.js';

export function alertLiveEvent(t: AlertTransitionView): AlertLiveEvent {
  return {
    type: 'alert',
    chargerId: t.chargerId,
    transitionId: t.id,
    transition: t.type,
    alertId: t.alertId,
    rule: t.rule,
    severity: t.severity,
    evseId: t.evseId,
    connectorId: t.connectorId,
    at: t.at.toISOString(),
    detail: t.detail,
    ...(t.reason ? { reason: t.reason } : {}),
    ...(t.by ? { by: t.by } : {}),
    ...(t.note ? { note: t.note } : {}),
  };
}

/** Notifies the given transitions, or every one stored before `olderThan` and still waiting. Returns how many. */
export async function notifyAlertTransitions(
  db: WriteDb,
  bus: Bus,
  which: { ids: number[] } | { olderThan: Date; limit: number },
  policy: Pick<DeliveryPolicy, 'attempts' | 'backoffMs'>,
): Promise<number> {
  if ('ids' in which && which.ids.length === 0) return 0;
  const { notified, result: deliveryIds = [] } = await notifyTransitions(db, which, async (transitions, client) => {
    const ids = await createDeliveries(client, transitions);
    for (const t of transitions) await publishLiveEvent(bus, alertLiveEvent(t));
    return ids;
  });
  for (const id of deliveryIds) await enqueueDelivery(bus, id, policy);
  return notified;
}
