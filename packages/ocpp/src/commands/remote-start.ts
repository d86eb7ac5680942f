/**
 * Start charging for an id tag. 1.6 RemoteStartTransaction (connectorId = EVSE); 2.0.1
 * RequestStartTransaction with a Central id token and the remoteStartId that the station's
 * TransactionEvent will echo. 2.0.1 names only the EVSE: the station picks the connector.
 */
import type { RemoteStartTransactionRequest } from '../generated/ocpp16.js';
import type { RequestStartTransactionRequest } from '../generated/ocpp201.js';
import { invalidCommand, statusResult, toConnectorId16, type Command, type CommandCodec } from './command.js';

type RemoteStart = Extract<Command, { kind: 'remoteStart' }>;

export const remoteStart: CommandCodec<RemoteStart> = {
  'ocpp1.6': {
    encode(c) {
      const params: RemoteStartTransactionRequest = { idTag: c.idTag };
      if (c.evseId !== undefined) params.connectorId = toConnectorId16(c.evseId, c.connectorId, 'remoteStart');
      else if (c.connectorId !== undefined) throw invalidCommand('remoteStart: name the evseId a connectorId belongs to', { connectorId: c.connectorId });
      if (params.connectorId === 0) throw invalidCommand('remoteStart: a transaction needs an EVSE > 0', { evseId: 0 });
      return { method: 'RemoteStartTransaction', params };
    },
    decode: (_c, result) => statusResult(result, 'RemoteStartTransaction', ['Accepted']),
  },
  'ocpp2.0.1': {
    encode(c) {
      if (c.remoteStartId === undefined) {
        throw invalidCommand('remoteStart: OCPP 2.0.1 requires a remoteStartId to match the TransactionEvent that follows');
      }
      const params: RequestStartTransactionRequest = { idToken: { idToken: c.idTag, type: 'Central' }, remoteStartId: c.remoteStartId };
      if (c.evseId !== undefined) {
        if (c.evseId < 1) throw invalidCommand('remoteStart: a transaction needs an EVSE > 0', { evseId: c.evseId });
        params.evseId = c.evseId;
      }
      return { method: 'RequestStartTransaction', params };
    },
    decode(_c, result) {
      const decoded = statusResult(result, 'RequestStartTransaction', ['Accepted']);
      // Set when the station had already started a transaction (e.g. cable plugged in first).
      if (typeof result.transactionId === 'string') decoded.data = { transactionId: result.transactionId };
      return decoded;
    },
  },
};
