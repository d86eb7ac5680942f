/** @pilewatch/ocpp: pure OCPP 1.6J / 2.0.1 knowledge. No sockets, no database. */
export * from './events.js';
export type { CallContext, Outcome } from './handler.js';
export { OcppError, errorCatalogue, wireErrorCode, type OcppErrorCode, type RpcErrorCode } from './errors.js';
export { supportedActions, decodeCall, buildResponse } from './inbound.js';
export { formatVariableKey, parseVariableKey, type VariableAddress } from './variable-keys.js';
export type * as Ocpp16 from './generated/ocpp16.js';
export type * as Ocpp201 from './generated/ocpp201.js';
export type { Command, CommandKind, CommandResult, ConfigurationEntry } from './commands/command.js';
export { encodeCommand, decodeCommandResult } from './outbound.js';
