/**
 * What the live feed carries: status changes, connectivity changes and (from the worker, once it raises
 * them) alerts — each about one charger, so the feed can tell whose it is. Plain JSON: times are ISO strings.
 */
import type { DomainEvent, ProtocolVersion } from '@pilewatch/ocpp';

export type LiveEvent =
  | {
      type: 'status';
      chargerId: string;
      evseId: number;
      connectorId: number;
      status: string;
      errorCode?: string;
      vendorErrorCode?: string;
      info?: string;
      at: string;
    }
  | { type: 'connectivity'; chargerId: string; event: string; protocol?: string; at: string }
  | { type: 'fault'; chargerId: string; evseId?: number; connectorId?: number; component: string; variable: string; code?: string; cleared: boolean; at: string }
  | { type: 'alert'; chargerId: string; [field: string]: unknown };

export type LiveEventType = LiveEvent['type'];
export const liveEventTypes: readonly LiveEventType[] = ['status', 'connectivity', 'fault', 'alert'];

/** The central system's event messages, as far as the feed needs them (`@pilewatch/csms` events.ts). */
export type CentralSystemMessage =
  | { type: 'domain'; chargerId: string; event: DomainEvent }
  | { type: 'connectivity'; chargerId: string; event: string; time: Date; protocol?: ProtocolVersion };

/** The live event a central-system message becomes, if any: most domain events are history, not news. */
export function liveEventOf(message: CentralSystemMessage): LiveEvent | undefined {
  if (message.type === 'connectivity') {
    return {
      type: 'connectivity',
      chargerId: message.chargerId,
      event: message.event,
      ...(message.protocol ? { protocol: message.protocol } : {}),
      at: message.time.toISOString(),
    };
  }
  const e = message.event;
  switch (e.kind) {
    case 'connector.status':
      return {
        type: 'status',
        chargerId: message.chargerId,
        evseId: e.evseId,
        connectorId: e.connectorId,
        status: e.status,
        ...(e.errorCode ? { errorCode: e.errorCode } : {}),
        ...(e.vendorErrorCode ? { vendorErrorCode: e.vendorErrorCode } : {}),
        ...(e.info ? { info: e.info } : {}),
        at: e.at.toISOString(),
      };
    case 'fault.reported':
      return {
        type: 'fault',
        chargerId: message.chargerId,
        ...(e.evseId === undefined ? {} : { evseId: e.evseId }),
        ...(e.connectorId === undefined ? {} : { connectorId: e.connectorId }),
        component: e.component,
        variable: e.variable,
        ...(e.code ? { code: e.code } : {}),
        cleared: e.cleared,
        at: e.at.toISOString(),
      };
    default:
      return undefined;
  }
}
