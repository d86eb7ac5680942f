/** Commands we send to chargers: one version-neutral Command, encoded per version, its result decoded. */
import { OcppError } from './errors.js';
import type { ProtocolVersion } from './events.js';
import { changeAvailability } from './commands/change-availability.js';
import { changeConfiguration } from './commands/change-configuration.js';
import { malformedResult, type Command, type CommandCodec, type CommandKind, type CommandResult } from './commands/command.js';
import { getConfiguration } from './commands/get-configuration.js';
import { remoteStart } from './commands/remote-start.js';
import { remoteStop } from './commands/remote-stop.js';
import { reset } from './commands/reset.js';
import { triggerMessage } from './commands/trigger-message.js';
import { unlockConnector } from './commands/unlock-connector.js';

const codecs: { [K in CommandKind]: CommandCodec<Extract<Command, { kind: K }>> } = {
  remoteStart,
  remoteStop,
  reset,
  changeAvailability,
  getConfiguration,
  changeConfiguration,
  triggerMessage,
  unlockConnector,
};

function codecFor(version: ProtocolVersion, command: Command) {
  const codec = Object.hasOwn(codecs, command.kind) ? (codecs[command.kind] as CommandCodec<Command>) : undefined;
  if (!codec) throw new OcppError('PW_OCPP_COMMAND_INVALID', 'NotSupported', `Unknown command kind "${command.kind}"`, { command });
  const forVersion = codec[version];
  if (!forVersion) throw new OcppError('PW_OCPP_COMMAND_INVALID', 'NotSupported', `Unknown protocol version "${version}"`, { version });
  return forVersion;
}

/** The OCPP action name and its params for `version`; throws OcppError when the version cannot express it. */
export function encodeCommand(version: ProtocolVersion, command: Command): { method: string; params: Record<string, unknown> } {
  const { method, params } = codecFor(version, command).encode(command);
  return { method, params: params as Record<string, unknown> };
}

/** The charger's CALLRESULT payload → status, whether it did what we asked, and any data it returned. */
export function decodeCommandResult(version: ProtocolVersion, command: Command, result: unknown): CommandResult {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw malformedResult(`${command.kind} result must be a JSON object`, { result });
  }
  return codecFor(version, command).decode(command, result as Record<string, unknown>);
}
