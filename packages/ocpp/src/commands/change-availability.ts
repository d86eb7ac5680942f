/**
 * Take an EVSE (or, as EVSE 0, the whole charger) in or out of service. 1.6 Operative/Inoperative on a
 * connectorId; 2.0.1 operationalStatus on an evse, omitted for the whole station. `Scheduled` (will
 * change once the running transaction ends) counts as accepted.
 */
import type { ChangeAvailabilityRequest as Change16 } from '../generated/ocpp16.js';
import type { ChangeAvailabilityRequest as Change201 } from '../generated/ocpp201.js';
import { invalidCommand, statusResult, toConnectorId16, type Command, type CommandCodec } from './command.js';

type ChangeAvailability = Extract<Command, { kind: 'changeAvailability' }>;

export const changeAvailability: CommandCodec<ChangeAvailability> = {
  'ocpp1.6': {
    encode(c) {
      const params: Change16 = {
        connectorId: toConnectorId16(c.evseId, c.connectorId, 'changeAvailability'),
        type: c.available ? 'Operative' : 'Inoperative',
      };
      return { method: 'ChangeAvailability', params };
    },
    decode: (_c, result) => statusResult(result, 'ChangeAvailability', ['Accepted', 'Scheduled']),
  },
  'ocpp2.0.1': {
    encode(c) {
      const params: Change201 = { operationalStatus: c.available ? 'Operative' : 'Inoperative' };
      if (c.evseId < 0) throw invalidCommand('changeAvailability: evseId cannot be negative', { evseId: c.evseId });
      if (c.evseId > 0) {
        params.evse = { id: c.evseId };
        if (c.connectorId !== undefined) params.evse.connectorId = c.connectorId;
      } else if (c.connectorId !== undefined && c.connectorId !== 0) {
        throw invalidCommand('changeAvailability: EVSE 0 (the whole station) has no connectors', { connectorId: c.connectorId });
      }
      return { method: 'ChangeAvailability', params };
    },
    decode: (_c, result) => statusResult(result, 'ChangeAvailability', ['Accepted', 'Scheduled']),
  },
};
