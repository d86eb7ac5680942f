/** 1.6 numbers connectors per charger; events use 2.0.1's EVSE/connector pair (see events.ts). */
import { forbidden } from '../errors.js';

export interface EvseConnector {
  evseId: number;
  connectorId: number;
}

/** 1.6 connector N → EVSE N / connector 1; connector 0 (the charger as a whole) → EVSE 0 / connector 0. */
export function fromConnectorId(connectorId: number, field = 'connectorId'): EvseConnector {
  if (!Number.isInteger(connectorId) || connectorId < 0) {
    throw forbidden('PropertyConstraintViolation', `${field} must be 0 or a positive integer, got ${connectorId}`, {
      field,
      value: connectorId,
    });
  }
  return connectorId === 0 ? { evseId: 0, connectorId: 0 } : { evseId: connectorId, connectorId: 1 };
}
