/**
 * Version-neutral commands the central system sends to chargers, and what each command module provides.
 * EVSE/connector numbers follow events.ts (2.0.1 style); the 1.6 encoders translate them.
 */
import { OcppError } from '../errors.js';

export type Command =
  | { kind: 'remoteStart'; idTag: string; evseId?: number; connectorId?: number; remoteStartId?: number }
  | { kind: 'remoteStop'; transactionId: string }
  | { kind: 'reset'; type: 'soft' | 'hard' }
  | { kind: 'changeAvailability'; evseId: number; connectorId?: number; available: boolean }
  /** 2.0.1: GetVariables with `Component.Variable` keys (see variable-keys.ts). */
  | { kind: 'getConfiguration'; keys?: string[] }
  /** 2.0.1: SetVariables with a `Component.Variable` key. */
  | { kind: 'changeConfiguration'; key: string; value: string }
  | {
      kind: 'triggerMessage';
      message:
        | 'BootNotification'
        | 'Heartbeat'
        | 'StatusNotification'
        | 'MeterValues'
        | 'FirmwareStatusNotification'
        | 'DiagnosticsStatusNotification'
        | 'LogStatusNotification';
      evseId?: number;
      connectorId?: number;
    }
  | { kind: 'unlockConnector'; evseId: number; connectorId?: number };

export type CommandKind = Command['kind'];

/** One configuration entry, the same for 1.6 GetConfiguration/ChangeConfiguration and 2.0.1 Get/SetVariables. */
export interface ConfigurationEntry {
  key: string;
  value?: string;
  readonly?: boolean;
  /** 2.0.1 attribute status vocabulary: Accepted, Rejected, UnknownComponent, UnknownVariable, RebootRequired, … */
  status?: string;
}

export type CommandResult = { status: string; accepted: boolean; data?: unknown };

export interface Encoded<Params = Record<string, unknown>> {
  method: string;
  params: Params;
}

export interface VersionCodec<C extends Command> {
  encode(command: C): Encoded<object>;
  decode(command: C, result: Record<string, unknown>): CommandResult;
}

export interface CommandCodec<C extends Command> {
  'ocpp1.6': VersionCodec<C>;
  'ocpp2.0.1': VersionCodec<C>;
}

export function invalidCommand(message: string, details?: Record<string, unknown>): OcppError {
  return new OcppError('PW_OCPP_COMMAND_INVALID', 'PropertyConstraintViolation', message, details);
}

export function malformedResult(message: string, details?: Record<string, unknown>): OcppError {
  return new OcppError('PW_OCPP_RESULT_MALFORMED', 'FormationViolation', message, details);
}

/** The `status` every command result but GetConfiguration/GetVariables carries. */
export function statusOf(result: Record<string, unknown>, method: string): string {
  const status = result.status;
  if (typeof status !== 'string') throw malformedResult(`${method} result has no status`, { result });
  return status;
}

/** A result whose status is one of `accepting` counts as accepted. */
export function statusResult(result: Record<string, unknown>, method: string, accepting: readonly string[]): CommandResult {
  const status = statusOf(result, method);
  return { status, accepted: accepting.includes(status) };
}

/**
 * 1.6 has one connector per EVSE-like `connectorId`: EVSE N ↔ 1.6 connector N, EVSE 0 ↔ connector 0.
 * A second connector on an EVSE has no 1.6 name.
 */
export function toConnectorId16(evseId: number, connectorId: number | undefined, kind: string): number {
  if (!Number.isInteger(evseId) || evseId < 0) throw invalidCommand(`${kind}: evseId must be 0 or a positive integer`, { evseId });
  const expected = evseId === 0 ? 0 : 1;
  if (connectorId !== undefined && connectorId !== expected) {
    throw invalidCommand(`${kind}: OCPP 1.6 cannot address connector ${connectorId} of EVSE ${evseId}; it knows one connector per EVSE`, {
      evseId,
      connectorId,
    });
  }
  return evseId;
}
