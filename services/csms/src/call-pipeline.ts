/**
 * What happens to every CALL a charger sends, whatever the action:
 * registration gate → decode into domain events → durable write → answer.
 *
 * Acknowledged means durable (ADR 0003): the CALLRESULT is built only after `writer.apply` resolves, i.e.
 * after the commit holding the message's data. If the write fails the charger gets CALLERROR
 * InternalError and keeps the message in its queue; it never gets a success for something not stored.
 * A retransmission is recognised by the writer and answered with the stored outcome.
 *
 * The per-action knowledge lives in `@pilewatch/ocpp` (one decoder and one response builder per action);
 * only three actions need more than the generic path: BootNotification (registration status, and the
 * `booted` connectivity event the writer records in the same commit), 1.6 StartTransaction (the transaction id we assign must come back from
 * the commit), and every message's effect on the heartbeat deadline, which the connection handles before
 * this pipeline runs.
 */
import { createHash } from 'node:crypto';
import ocppRpc from 'ocpp-rpc';
import {
  buildResponse,
  decodeCall,
  OcppError,
  type DomainEvent,
  type Outcome,
  type ProtocolVersion,
} from '@pilewatch/ocpp';
import type { Writer } from '@pilewatch/store';
import type { Config } from '@pilewatch/config';
import type { RegistrationStatus } from './admission.js';
import type { ChargerConnection } from './connection.js';
import { mayReceive } from './registration-gate.js';

const { createRPCError } = ocppRpc;

export interface PipelineContext {
  config: Config;
  writer: Writer;
  /** after commit, once per domain event of a message that was not a retransmission */
  published(chargerId: string, event: DomainEvent): void;
  /** after a boot committed (the writer records the `booted` connectivity event in the same commit) */
  booted(connection: ChargerConnection, status: RegistrationStatus, at: Date): void;
}

export interface IncomingCall {
  messageId: string;
  method: string;
  params: unknown;
}

/** sha256 of the payload as JSON: the writer's retransmission key together with charger and message id. */
export function payloadHash(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload) ?? 'undefined').digest('hex');
}

export async function handleCall(
  ctx: PipelineContext,
  connection: ChargerConnection,
  call: IncomingCall,
): Promise<Record<string, unknown>> {
  const { chargerId, protocol } = connection;
  const { messageId, method: action, params } = call;
  const log = connection.log.child({ messageId, action });
  const inbound = connection.inbound.get(messageId);
  const receivedAt = inbound?.receivedAt ?? new Date();

  if (!mayReceive(connection.registrationStatus, action, connection.triggered)) {
    log.warn({ registrationStatus: connection.registrationStatus }, 'refused a CALL from a charger that is not Accepted');
    throw createRPCError(
      'SecurityError',
      `${connection.registrationStatus} charger: only BootNotification (or a message we triggered) is allowed`,
    );
  }

  const events = decode(protocol, action, params, { chargerId, receivedAt }, log);

  let stored: Awaited<ReturnType<Writer['apply']>>;
  if (inbound) inbound.journaledByWriter = true;
  try {
    stored = await ctx.writer.apply({
      chargerId,
      protocol,
      messageId,
      action,
      payloadHash: payloadHash(params),
      events,
      frame: inbound?.frame ?? JSON.stringify([2, messageId, action, params]),
      receivedAt,
    });
  } catch (err) {
    if (inbound) inbound.journaledByWriter = false;
    log.error({ err }, 'message not stored; answering InternalError so the charger retries');
    throw createRPCError('InternalError', 'The message could not be stored; retry later');
  }
  if (inbound) inbound.duplicate = stored.duplicate;

  const outcome: Outcome = {
    now: new Date(),
    heartbeatIntervalS: ctx.config.ocpp.heartbeatIntervalS,
    // pilewatch supervises; it keeps no list of drivers' tokens. Authorising a session is the operator's
    // business (its charger's local list or its own back office), so every token the charger presents is
    // answered Accepted and the event records which token it was.
    idTokenStatus: 'Accepted',
  };
  if (action === 'BootNotification') {
    const status = stored.registrationStatus ?? connection.registrationStatus;
    connection.registrationStatus = status;
    outcome.registrationStatus = status;
    if (status !== 'Accepted') outcome.retryIntervalS = ctx.config.ocpp.bootRetryIntervalS;
  }
  if (stored.transactionId !== undefined) outcome.transactionId = stored.transactionId;
  if (action === 'StartTransaction' && protocol === 'ocpp1.6' && outcome.transactionId === undefined) {
    // A 1.6 charger keys every later message of the session on the id we return; answering without one
    // would strand the transaction, so this is refused and retried like a failed write.
    log.error('the writer stored a StartTransaction without assigning a transaction id');
    throw createRPCError('InternalError', 'The transaction could not be registered; retry later');
  }

  let response: Record<string, unknown>;
  try {
    response = buildResponse(protocol, action, params, outcome);
  } catch (err) {
    log.error({ err, outcome }, 'could not build the answer to a stored message');
    throw createRPCError('InternalError', 'The answer could not be built; retry later');
  }

  if (!stored.duplicate) {
    for (const event of events) ctx.published(chargerId, event);
    if (action === 'BootNotification') ctx.booted(connection, connection.registrationStatus, receivedAt);
  }
  log.debug({ duplicate: stored.duplicate }, 'acknowledged after commit');
  return response;
}

function decode(
  protocol: ProtocolVersion,
  action: string,
  params: unknown,
  ctx: { chargerId: string; receivedAt: Date },
  log: ChargerConnection['log'],
): DomainEvent[] {
  try {
    return decodeCall(protocol, action, params, ctx);
  } catch (err) {
    if (err instanceof OcppError) {
      log.warn({ rpcCode: err.rpcCode, reason: err.message }, 'CALL refused by the decoder');
      throw createRPCError(err.rpcCode, err.message, err.details ?? {});
    }
    log.error({ err }, 'decoder failed unexpectedly');
    throw createRPCError('InternalError', 'The message could not be processed');
  }
}
