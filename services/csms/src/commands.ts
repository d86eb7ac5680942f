/**
 * Commands to a connected charger (remote start/stop, reset, availability, configuration, trigger,
 * unlock): encoded for the charger's OCPP version by `@pilewatch/ocpp`, sent as a CALL, and the answer
 * decoded into one version-neutral result. Every way a command can fail ends in a coded `CsmsError`.
 */
import ocppRpc from 'ocpp-rpc';
import { decodeCommandResult, encodeCommand, type Command, type CommandResult } from '@pilewatch/ocpp';
import type { ChargerConnection, ValidationSide } from './connection.js';
import { csmsError, type CsmsError } from './errors.js';
import { maySend } from './registration-gate.js';
import type { StatsRecorder } from './stats.js';

const { RPCError, TimeoutError } = ocppRpc;

export interface CommandOptions {
  callTimeoutMs: number;
  /** counts every command that was sent, by action and result */
  stats: StatsRecorder;
}

export async function sendCommand(
  connection: ChargerConnection,
  command: Command,
  { callTimeoutMs, stats }: CommandOptions,
): Promise<{ action: string; result: CommandResult }> {
  const { chargerId, protocol } = connection;
  const context = `${command.kind} to ${chargerId}`;
  if (!maySend(connection.registrationStatus, command)) {
    throw csmsError('PW_CSMS_CHARGER_NOT_ACCEPTED', context, { registrationStatus: connection.registrationStatus });
  }

  let call: { method: string; params: Record<string, unknown> };
  try {
    call = encodeCommand(protocol, command);
  } catch (err) {
    throw csmsError('PW_CSMS_COMMAND_INVALID', context, { protocol }, err);
  }

  // A charger that is not Accepted may only send what we triggered. It may send it as soon as it has
  // answered, before our own continuation runs, so the allowance is granted before the CALL goes out and
  // taken back if the charger does not accept. The message it will send is the encoded requestedMessage
  // (2.0.1 triggers LogStatusNotification where the command says DiagnosticsStatusNotification).
  const triggered =
    command.kind === 'triggerMessage' && connection.registrationStatus !== 'Accepted' ? String(call.params.requestedMessage) : undefined;
  if (triggered) connection.triggered.allow(triggered);
  let accepted = false;
  try {
    let answer: unknown;
    try {
      answer = await connection.client.call(call.method, call.params, { callTimeoutMs });
    } catch (err) {
      const failure = callFailure(err, connection.validationFailures, `${call.method} to ${chargerId}`);
      stats.outbound(call.method, failure.code === 'PW_CSMS_COMMAND_REJECTED' ? String(failure.details.rpcCode) : failure.code);
      throw failure;
    }
    let result: CommandResult;
    try {
      result = decodeCommandResult(protocol, command, answer);
    } catch (err) {
      stats.outbound(call.method, 'PW_CSMS_COMMAND_BAD_RESPONSE');
      throw csmsError('PW_CSMS_COMMAND_BAD_RESPONSE', `${call.method} to ${chargerId}`, {}, err);
    }
    stats.outbound(call.method, result.status);
    accepted = result.accepted;
    connection.log.info({ action: call.method, status: result.status }, 'command answered');
    return { action: call.method, result };
  } finally {
    if (triggered && !accepted) connection.triggered.take(triggered);
  }
}

/** Turns whatever `client.call` threw into the coded error callers branch on. */
export function callFailure(err: unknown, validationFailures: WeakMap<object, ValidationSide>, context: string): CsmsError {
  if (err instanceof TimeoutError) return csmsError('PW_CSMS_COMMAND_TIMEOUT', context, {}, err);
  if (err instanceof RPCError) {
    const side = validationFailures.get(err);
    if (side === 'request') return csmsError('PW_CSMS_COMMAND_INVALID', context, { reason: err.message }, err);
    if (side === 'response') return csmsError('PW_CSMS_COMMAND_BAD_RESPONSE', context, { reason: err.message }, err);
    const rpcCode = (err as { rpcErrorCode?: string }).rpcErrorCode ?? 'GenericError';
    const details = (err as { details?: unknown }).details;
    return csmsError('PW_CSMS_COMMAND_REJECTED', context, { rpcCode, description: err.message, details }, err);
  }
  if (err instanceof Error && err.name === 'AbortError') {
    return csmsError('PW_CSMS_CHARGER_DISCONNECTED', context, {}, err);
  }
  // ocpp-rpc refuses to send on a socket that is closing ("Cannot make call while socket not open").
  return csmsError('PW_CSMS_CHARGER_OFFLINE', context, {}, err);
}
