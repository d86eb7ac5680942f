/** What every inbound action module provides, and what it gets to work with. */
import type { DomainEvent } from './events.js';

export interface CallContext {
  chargerId: string;
  /** Our clock when the frame arrived. */
  receivedAt: Date;
}

/** The central system's decisions that shape a response; the action modules add no policy of their own. */
export type Outcome = {
  /** Our clock, for `currentTime` fields. */
  now: Date;
  heartbeatIntervalS: number;
  /** BootNotification; default `Accepted`. */
  registrationStatus?: 'Accepted' | 'Pending' | 'Rejected';
  /** Interval for Pending/Rejected boot answers; default `heartbeatIntervalS`. */
  retryIntervalS?: number;
  /** 1.6 StartTransaction: the id assigned by the store. */
  transactionId?: number;
  /** Authorize / StartTransaction / StopTransaction / TransactionEvent idTagInfo / idTokenInfo status. */
  idTokenStatus?: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx' | 'Unknown';
};

export interface ActionModule<Request, Response> {
  decode(payload: Request, ctx: CallContext): DomainEvent[];
  respond(payload: Request, outcome: Outcome): Response;
}
