/** "N events within M minutes" conditions (flapping connections, failed logins). */
import type { ChargerDraft } from '../alert-lifecycle.js';
import { iso, ms, MINUTE } from '../alert-lifecycle.js';

/**
 * Adds `at` to `times` (kept sorted, trimmed to the trailing window) and tells whether the window now
 * holds `count` events, and until when it will: the moment the oldest of the last `count` leaves it.
 */
export function addToBurst(
  times: readonly string[],
  at: string,
  count: number,
  windowMinutes: number,
): { times: string[]; holdsUntil?: string } {
  const window = windowMinutes * MINUTE;
  const newest = Math.max(ms(at), ...times.map(ms));
  const kept = [...times, at].filter((t) => ms(t) > newest - window).sort((a, b) => ms(a) - ms(b));
  if (kept.length < count) return { times: kept };
  return { times: kept, holdsUntil: iso(ms(kept[kept.length - count]!) + window) };
}

/** Clock tick: forgets event times that left their windows, so the stored state stays small. */
export function trimBursts(draft: ChargerDraft, now: number): void {
  const connectWindow = draft.config.rules['connectivity.flapping'].windowMinutes * MINUTE;
  if (draft.peek.connects.some((t) => ms(t) <= now - connectWindow)) {
    draft.memory.connects = draft.peek.connects.filter((t) => ms(t) > now - connectWindow);
  }
  const loginWindow = draft.config.rules['security.failed_logins'].windowMinutes * MINUTE;
  if (draft.peek.failedLogins.some((t) => ms(t) <= now - loginWindow)) {
    draft.memory.failedLogins = draft.peek.failedLogins.filter((t) => ms(t) > now - loginWindow);
  }
}
