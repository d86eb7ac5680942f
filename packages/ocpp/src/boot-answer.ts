/** The BootNotification answer, the same shape in 1.6 and 2.0.1. */
import type { Outcome } from './handler.js';

export function bootAnswer(outcome: Outcome): {
  status: 'Accepted' | 'Pending' | 'Rejected';
  currentTime: string;
  interval: number;
} {
  const status = outcome.registrationStatus ?? 'Accepted';
  // Accepted: interval is the heartbeat interval. Pending/Rejected: the wait before the next boot attempt.
  const interval = status === 'Accepted' ? outcome.heartbeatIntervalS : (outcome.retryIntervalS ?? outcome.heartbeatIntervalS);
  return { status, currentTime: outcome.now.toISOString(), interval };
}
