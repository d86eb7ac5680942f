/**
 * Ask the charger to send a message now. 1.6 TriggerMessage, except LogStatusNotification which 1.6
 * only triggers through the security whitepaper's ExtendedTriggerMessage. 2.0.1 has no diagnostics:
 * DiagnosticsStatusNotification becomes LogStatusNotification, its successor. EVSE 0 means the whole
 * charger and is sent without a connector/evse (1.6 connectorId must be > 0).
 */
import type { ExtendedTriggerMessageRequest, TriggerMessageRequest as Trigger16 } from '../generated/ocpp16.js';
import type { TriggerMessageRequest as Trigger201 } from '../generated/ocpp201.js';
import { statusResult, toConnectorId16, type Command, type CommandCodec } from './command.js';

type TriggerMessage = Extract<Command, { kind: 'triggerMessage' }>;

export const triggerMessage: CommandCodec<TriggerMessage> = {
  'ocpp1.6': {
    encode(c) {
      const connectorId = c.evseId !== undefined ? toConnectorId16(c.evseId, c.connectorId, 'triggerMessage') : 0;
      if (c.message === 'LogStatusNotification') {
        const params: ExtendedTriggerMessageRequest = { requestedMessage: 'LogStatusNotification' };
        if (connectorId > 0) params.connectorId = connectorId;
        return { method: 'ExtendedTriggerMessage', params };
      }
      const params: Trigger16 = { requestedMessage: c.message };
      if (connectorId > 0) params.connectorId = connectorId;
      return { method: 'TriggerMessage', params };
    },
    decode: (c, result) =>
      statusResult(result, c.message === 'LogStatusNotification' ? 'ExtendedTriggerMessage' : 'TriggerMessage', ['Accepted']),
  },
  'ocpp2.0.1': {
    encode(c) {
      const params: Trigger201 = {
        requestedMessage: c.message === 'DiagnosticsStatusNotification' ? 'LogStatusNotification' : c.message,
      };
      if (c.evseId !== undefined && c.evseId > 0) {
        params.evse = { id: c.evseId };
        if (c.connectorId !== undefined) params.evse.connectorId = c.connectorId;
      }
      return { method: 'TriggerMessage', params };
    },
    decode: (_c, result) => statusResult(result, 'TriggerMessage', ['Accepted']),
  },
};
