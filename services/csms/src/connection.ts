/**
 * One charger's live connection: the ocpp-rpc client plus what we know about it while it is open —
 * protocol, registration status, heartbeat deadline, the messages in flight in each direction (so the
 * journal and the stats can name the action of every answer), and what we triggered while it was Pending.
 */
import type { Logger } from 'pino';
import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import type { ProtocolVersion } from '@pilewatch/ocpp';
import type { RegistrationStatus } from './admission.js';
import { HeartbeatDeadline } from './heartbeat-deadline.js';
import { TriggeredMessages } from './registration-gate.js';

/** What the upgrade decided, handed to ocpp-rpc as the connection's session. */
export interface AdmittedSession {
  protocol: ProtocolVersion;
  registrationStatus: RegistrationStatus;
  autoRegistered: boolean;
}

/** A CALL from the charger that has not been answered yet. */
export interface InboundCall {
  action: string;
  /** the frame exactly as received */
  frame: string;
  receivedAt: Date;
  /** set by the pipeline once the writer reports a retransmission */
  duplicate: boolean;
  /** the writer journals the frame of a message it stores, in the same commit; others we journal ourselves */
  journaledByWriter: boolean;
  /** retransmissions of the same id that arrived while this one was in flight (answered by ocpp-rpc) */
  concurrentRetransmissions: number;
}

export type ValidationSide = 'request' | 'response';

export class ChargerConnection {
  readonly connectedAt = new Date();
  readonly triggered = new TriggeredMessages();
  readonly inbound = new Map<string, InboundCall>();
  /** our CALLs awaiting the charger's answer: message id → action */
  readonly outbound = new Map<string, string>();
  /** ocpp-rpc throws the very error object it reports in `strictValidationFailure`; this tells whose it was */
  readonly validationFailures = new WeakMap<object, ValidationSide>();
  registrationStatus: RegistrationStatus;
  /** set when a newer connection of the same identity took over */
  replaced = false;
  lastPongAt: number | undefined;
  /** the text of the inbound frame being dispatched right now (ocpp-rpc parses and dispatches synchronously) */
  currentFrame = '';
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  constructor(
    readonly client: RPCServerClient,
    readonly chargerId: string,
    readonly protocol: ProtocolVersion,
    readonly remoteAddress: string | undefined,
    session: AdmittedSession,
    readonly log: Logger,
    readonly deadline: HeartbeatDeadline,
  ) {
    this.registrationStatus = session.registrationStatus;
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  msSinceLastPong(now = Date.now()): number {
    return now - (this.lastPongAt ?? this.connectedAt.getTime());
  }

  onClosed(): void {
    this.deadline.stop();
    this.markClosed();
  }
}

/**
 * Makes ocpp-rpc treat a connection that negotiated no subprotocol as `protocol`.
 *
 * ocpp-rpc takes a connection's protocol from the WebSocket handshake; with none negotiated it would
 * skip strict-mode schema validation and the 1.6 error-code corrections altogether. The handshake cannot
 * carry one (the charger did not ask for it), so the client's protocol field is set right after creation,
 * before ocpp-rpc reads its first message (it attaches the message listener on the next tick). The check
 * afterwards makes an ocpp-rpc that stores it differently refuse the connection instead of silently
 * talking to it unvalidated.
 */
export function adoptProtocol(client: RPCServerClient, protocol: ProtocolVersion): boolean {
  (client as unknown as { _protocol: string })._protocol = protocol;
  return client.protocol === protocol;
}
