/**
 * What the live feed carries: status changes, connectivity changes and (from the worker) alert
 * transitions — each about one charger, so the feed can tell whose it is. Plain JSON: times are ISO strings.
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
  | AlertLiveEvent;

/**
 * One transition of a safety alert, published by the worker once it is stored (`transitionId` is its
 * id in the alert history, `GET /api/v1/alerts/history`).
 */
export interface AlertLiveEvent {
  type: 'alert';
  chargerId: string;
  transitionId: number;
  transition: 'opened' | 'reopened' | 'acknowledged' | 'resolved';
  alertId: string;
  rule: string;
  /** 1 personal safety, 2 equipment safety, 3 notice. */
  severity: number;
  evseId: number;
  connectorId: number;
  /** When the condition changed (the charger's time for reported conditions, ours for deadlines). */
  at: string;
  detail: Record<string, unknown>;
  /** Why it resolved. */
  reason?: string;
  /** Who acknowledged it, and their note. */
  by?: string;
  note?: string;
}

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
