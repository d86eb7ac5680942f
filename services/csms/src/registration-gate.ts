/**
 * What a charger that is not (yet) Accepted may send, and what we may send it.
 *
 * Inbound, OCPP 2.0.1 B02.FR.09: while Pending, a CALL that is neither a BootNotificationRequest nor a
 * message the CSMS triggered (TriggerMessage, GetBaseReport, GetReport) SHALL be answered with CALLERROR
 * SecurityError. OCPP 1.6 §4.2.1 states the charger's side of the same rule ("SHALL NOT send request
 * messages to the Central System unless it has been instructed ... to do so with a TriggerMessage.req")
 * without naming our answer; we give 1.6 chargers the same SecurityError. A Rejected charger "SHALL NOT
 * send any OCPP message" but its next boot (1.6 §4.2.1; 2.0.1 use case B03), so the same answer applies.
 * Of the three triggering requests we only send TriggerMessage, so only its message is let through.
 *
 * Outbound, 1.6 §4.2.1: "While in pending state, the following Central System initiated messages are not
 * allowed: RemoteStartTransaction.req and RemoteStopTransaction.req"; we hold 2.0.1's
 * RequestStart/StopTransaction to the same rule. While Rejected the Central System "SHOULD NOT initiate any" message;
 * TriggerMessage(BootNotification) is the one way to ask a Rejected charger to register again.
 */
import type { Command } from '@pilewatch/ocpp';
import type { RegistrationStatus } from './admission.js';

/** Messages the CSMS asked a not-yet-Accepted charger to send, each allowed once. */
export class TriggeredMessages {
  private readonly pending = new Map<string, number>();

  allow(action: string): void {
    this.pending.set(action, (this.pending.get(action) ?? 0) + 1);
  }

  /** Consumes one allowance for `action`, if there is one. */
  take(action: string): boolean {
    const left = this.pending.get(action) ?? 0;
    if (left === 0) return false;
    if (left === 1) this.pending.delete(action);
    else this.pending.set(action, left - 1);
    return true;
  }
}

export function mayReceive(status: RegistrationStatus, action: string, triggered: TriggeredMessages): boolean {
  if (status === 'Accepted' || action === 'BootNotification') return true;
  return triggered.take(action);
}

export function maySend(status: RegistrationStatus, command: Command): boolean {
  if (status === 'Accepted') return true;
  if (status === 'Pending') return command.kind !== 'remoteStart' && command.kind !== 'remoteStop';
  return command.kind === 'triggerMessage' && command.message === 'BootNotification';
}
