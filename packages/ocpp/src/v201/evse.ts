/** 2.0.1 EVSE references → the events' EVSE/connector pair. */
import { forbidden } from '../errors.js';
import type { EVSEType } from '../generated/ocpp201.js';

/**
 * An EVSE named without a connector: events that need a connector get 1 (an EVSE's first, and on most
 * hardware only, connector; the same convention 1.6 numbering uses); EVSE 0 (the whole station) gets 0.
 */
export function evseConnector(evseId: number, connectorId: number | undefined, field: string): { evseId: number; connectorId: number } {
  if (evseId < 0 || (connectorId !== undefined && connectorId < 0)) {
    throw forbidden('PropertyConstraintViolation', `${field} ids cannot be negative`, { field, evseId, connectorId });
  }
  return { evseId, connectorId: connectorId ?? (evseId === 0 ? 0 : 1) };
}

export function fromEvse(evse: EVSEType, field = 'evse'): { evseId: number; connectorId: number } {
  return evseConnector(evse.id, evse.connectorId, field);
}
