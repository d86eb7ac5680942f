/**
 * Connectivity: a charger offline past its deadline, and a connection that keeps dropping. Times are
 * ours (the socket's), not the charger's.
 */
import type { ChargerDraft } from '../alert-lifecycle.js';
import { iso, ms, MINUTE } from '../alert-lifecycle.js';
import { wholeCharger } from '../alert-state.js';
import { addToBurst } from './bursts.js';

/** The charger's connection came up or went down (socket, ping timeout, heartbeat deadline missed). */
export interface ConnectivityChanged {
  kind: 'connectivity.changed';
  chargerId: string;
  online: boolean;
  at: Date;
}

export function onConnectivityChanged(draft: ChargerDraft, change: ConnectivityChanged): void {
  const at = change.at.toISOString();
  const was = draft.peek;
  if (!change.online) {
    // A second "down" (socket closed after the heartbeat deadline) does not restart the outage.
    if (was.online === false) return;
    const memory = draft.memory;
    memory.online = false;
    memory.since = at;
    return;
  }
  const memory = draft.memory;
  memory.online = true;
  memory.since = at;
  draft.releaseAll('connectivity.offline', wholeCharger, at, 'reconnected');
  const cfg = draft.config.rules['connectivity.flapping'];
  const burst = addToBurst(memory.connects, at, cfg.reconnects, cfg.windowMinutes);
  memory.connects = burst.times;
  if (burst.holdsUntil) {
    draft.hold('connectivity.flapping', wholeCharger, 'connects', at, { connects: burst.times.length, windowMinutes: cfg.windowMinutes }, burst.holdsUntil);
  }
}

/** Clock tick: offline for `deadlineMinutes` opens the alert, dated when the deadline passed. */
export function checkOffline(draft: ChargerDraft, now: number): void {
  const memory = draft.peek;
  if (memory.online !== false || memory.since === undefined) return;
  const due = ms(memory.since) + draft.config.rules['connectivity.offline'].deadlineMinutes * MINUTE;
  if (now >= due) draft.hold('connectivity.offline', wholeCharger, 'offline', iso(due), { offlineSince: memory.since });
}
