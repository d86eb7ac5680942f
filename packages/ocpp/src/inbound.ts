/** Messages a charger sends us: decoded into domain events, answered with a response payload. */
import { OcppError } from './errors.js';
import type { DomainEvent, ProtocolVersion } from './events.js';
import { actions as allActions16 } from './generated/ocpp16.js';
import { actions as allActions201 } from './generated/ocpp201.js';
import type { ActionModule, CallContext, Outcome } from './handler.js';
import { actions16 } from './v16/actions.js';
import { actions201 } from './v201/actions.js';

const modules: Record<ProtocolVersion, Record<string, ActionModule<never, object>>> = {
  'ocpp1.6': actions16,
  'ocpp2.0.1': actions201,
};
const known: Record<ProtocolVersion, readonly string[]> = { 'ocpp1.6': allActions16, 'ocpp2.0.1': allActions201 };

/** The actions we accept from chargers, per version. */
export const supportedActions: Record<ProtocolVersion, readonly string[]> = {
  'ocpp1.6': Object.freeze(Object.keys(actions16)),
  'ocpp2.0.1': Object.freeze(Object.keys(actions201)),
};

function moduleFor(version: ProtocolVersion, action: string, payload: unknown): ActionModule<never, object> {
  const byAction = modules[version];
  if (!byAction) {
    throw new OcppError('PW_OCPP_ACTION_UNSUPPORTED', 'NotSupported', `Unknown protocol version "${version}"`, { version });
  }
  const module = Object.hasOwn(byAction, action) ? byAction[action] : undefined;
  if (!module) {
    // OCPP-J: NotImplemented = "requested Action is not known", NotSupported = "recognised but not supported".
    if (known[version].includes(action)) {
      throw new OcppError('PW_OCPP_ACTION_UNSUPPORTED', 'NotSupported', `${version} ${action} is not accepted from a charger`, { version, action });
    }
    throw new OcppError('PW_OCPP_ACTION_UNKNOWN', 'NotImplemented', `${version} defines no action "${action}"`, { version, action });
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new OcppError('PW_OCPP_PAYLOAD_MALFORMED', 'FormationViolation', `${action} payload must be a JSON object`, { version, action });
  }
  return module;
}

/**
 * Turns one CALL from a charger into domain events. Expects a payload that passed the version's JSON
 * schema (ocpp-rpc in strict mode validates before the handler runs); throws OcppError for an action we
 * do not take (NotImplemented / NotSupported) or a payload the schema admits but the specification
 * forbids (PropertyConstraintViolation, OccurrenceConstraintViolation, ...).
 */
export function decodeCall(version: ProtocolVersion, action: string, payload: unknown, ctx: CallContext): DomainEvent[] {
  return moduleFor(version, action, payload).decode(payload as never, ctx);
}

/** The CALLRESULT payload for a CALL, shaped by the central system's decisions in `outcome`. */
export function buildResponse(version: ProtocolVersion, action: string, payload: unknown, outcome: Outcome): Record<string, unknown> {
  return moduleFor(version, action, payload).respond(payload as never, outcome) as Record<string, unknown>;
}
