/**
 * Release a stuck cable. 1.6 UnlockConnector on a connectorId (= EVSE); 2.0.1 needs EVSE and connector,
 * connector 1 when not named (an EVSE's first connector, as in events.ts).
 */
import type { UnlockConnectorRequest as Unlock16 } from '../generated/ocpp16.js';
import type { UnlockConnectorRequest as Unlock201 } from '../generated/ocpp201.js';
import { invalidCommand, statusResult, toConnectorId16, type Command, type CommandCodec } from './command.js';

type UnlockConnector = Extract<Command, { kind: 'unlockConnector' }>;

function requireEvse(c: UnlockConnector): void {
  if (!Number.isInteger(c.evseId) || c.evseId < 1) throw invalidCommand('unlockConnector: name an EVSE > 0', { evseId: c.evseId });
}

export const unlockConnector: CommandCodec<UnlockConnector> = {
  'ocpp1.6': {
    encode(c) {
      requireEvse(c);
      const params: Unlock16 = { connectorId: toConnectorId16(c.evseId, c.connectorId, 'unlockConnector') };
      return { method: 'UnlockConnector', params };
    },
    decode: (_c, result) => statusResult(result, 'UnlockConnector', ['Unlocked']),
  },
  'ocpp2.0.1': {
    encode(c) {
      requireEvse(c);
      const params: Unlock201 = { evseId: c.evseId, connectorId: c.connectorId ?? 1 };
      return { method: 'UnlockConnector', params };
    },
    decode: (_c, result) => statusResult(result, 'UnlockConnector', ['Unlocked']),
  },
};
