/**
 * From the live event stream to the `notification_stationStatus` pushes partners are owed. Pure.
 *
 * What the province sees of a connector is its T/CEC Status, so a push is owed when that code changes:
 * - a status report sets it from the reported OCPP status (the charger is online: it just spoke);
 * - a charger going offline (socket closed, ping timeout, heartbeat deadline missed) sets every one of
 *   its connectors to 0;
 * - a charger connecting again sets each connector back to its last reported status (if it has one).
 * Reports that leave the code as it was (Preparing → Finishing, both 2) owe nothing. EVSE 0, the
 * charger as a whole, is not a connector and is not pushed.
 */
import { z } from 'zod';
import type { NewProvinceDelivery, ProvinceChargerPlace } from '@pilewatch/store';
import { tcecConnectorId, tcecStatus, type Partner, type TcecStatusCode } from '@pilewatch/tcec';

/** The live events this module reads (services/api live-event.ts); anything else in the stream is skipped. */
const liveEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('status'),
    chargerId: z.string(),
    evseId: z.number().int(),
    connectorId: z.number().int(),
    status: z.string(),
    at: z.iso.datetime({ offset: true }),
  }),
  z.object({ type: z.literal('connectivity'), chargerId: z.string(), event: z.string(), at: z.iso.datetime({ offset: true }) }),
]);

export type StatusFeedEvent = z.infer<typeof liveEventSchema>;

/** A live stream entry this module acts on, or undefined. */
export function statusFeedEvent(entry: unknown): StatusFeedEvent | undefined {
  const parsed = liveEventSchema.safeParse(entry);
  return parsed.success ? parsed.data : undefined;
}

const offlineEvents = new Set(['disconnected', 'ping_timeout', 'heartbeat_missed']);

/** Whether the event needs the charger's connectors (and their last statuses) to be understood. */
export function needsConnectors(event: StatusFeedEvent): boolean {
  return event.type === 'connectivity' && (offlineEvents.has(event.event) || event.event === 'connected');
}

export interface KnownConnector {
  evseId: number;
  connectorId: number;
  /** Last reported OCPP status, null if none. */
  status: string | null;
}

export interface ConnectorChange {
  chargerId: string;
  evseId: number;
  connectorId: number;
  status: TcecStatusCode;
  at: Date;
}

/** The T/CEC statuses an event sets; `connectors` are the charger's, for connectivity events. */
export function connectorChanges(event: StatusFeedEvent, connectors: readonly KnownConnector[] = []): ConnectorChange[] {
  const at = new Date(event.at);
  if (event.type === 'status') {
    if (event.evseId < 1) return [];
    return [{ chargerId: event.chargerId, evseId: event.evseId, connectorId: event.connectorId, status: tcecStatus(event.status, true), at }];
  }
  const online = event.event === 'connected';
  if (!online && !offlineEvents.has(event.event)) return [];
  return (
    connectors
      // Back online, a connector that never reported has nothing to tell yet: its first report will.
      .filter((c) => c.evseId > 0 && (!online || c.status !== null))
      .map((c) => ({ chargerId: event.chargerId, evseId: c.evseId, connectorId: c.connectorId, status: tcecStatus(c.status, online), at }))
  );
}

/**
 * Whether a partner is to be told about a station: within its read scope when it has an inbound link
 * (the same stations it could pull), every station otherwise.
 */
export function mayPush(partner: Partner, place: Pick<ProvinceChargerPlace, 'operatorId' | 'countyCode'>): boolean {
  const scope = partner.inbound;
  if (!scope) return true;
  if (scope.operators && !scope.operators.includes(place.operatorId)) return false;
  if (scope.counties && (place.countyCode === null || !scope.counties.includes(place.countyCode))) return false;
  return true;
}

/** Partners we push `name` to. */
export function pushPartners(partners: readonly Partner[], name: 'notification_stationStatus' | 'notification_stationInfo'): Partner[] {
  return partners.filter((p) => p.outbound?.pushes.includes(name));
}

/**
 * The deliveries owed for `changes`, in their order: one per partner that may see the charger's station
 * and whose last known Status for the connector differs. `lastStatus` (partner → ConnectorID → Status,
 * from earlier deliveries) is updated as it goes, so a batch of changes is compared in sequence.
 * Changes of chargers without a place (not accepted, or at no station) owe nothing.
 */
export function statusDeliveries(
  changes: readonly ConnectorChange[],
  places: ReadonlyMap<string, ProvinceChargerPlace>,
  partners: readonly Partner[],
  lastStatus: Map<string, Map<string, number>>,
  onUnmappable: (change: ConnectorChange, err: unknown) => void = () => {},
): NewProvinceDelivery[] {
  const out: NewProvinceDelivery[] = [];
  for (const change of changes) {
    const place = places.get(change.chargerId);
    if (!place) continue;
    let connectorId: string;
    try {
      connectorId = tcecConnectorId(change.chargerId, change.evseId, change.connectorId);
    } catch (err) {
      onUnmappable(change, err);
      continue;
    }
    for (const partner of partners) {
      if (!mayPush(partner, place)) continue;
      let known = lastStatus.get(partner.operatorId);
      if (!known) lastStatus.set(partner.operatorId, (known = new Map()));
      if (known.get(connectorId) === change.status) continue;
      known.set(connectorId, change.status);
      out.push({
        partnerId: partner.operatorId,
        interface: 'notification_stationStatus',
        subject: connectorId,
        stationId: place.stationId,
        data: { ConnectorStatusInfo: { ConnectorID: connectorId, Status: change.status } },
        changedAt: change.at,
      });
    }
  }
  return out;
}

/** The Status a stored `notification_stationStatus` Data carries. */
export function statusOfData(data: unknown): number | undefined {
  const status = (data as { ConnectorStatusInfo?: { Status?: unknown } } | null)?.ConnectorStatusInfo?.Status;
  return typeof status === 'number' ? status : undefined;
}
