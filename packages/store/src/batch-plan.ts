/**
 * What a batch of fresh (not retransmitted) messages writes, worked out without the database: rows for
 * the multi-row inserts, the newest status per connector, the latest sighting per charger, and the
 * steps that must run one by one and in order (boots and transactions).
 */
import type {
  ChargerBooted,
  DomainEvent,
  TransactionEnded,
  TransactionStarted,
  TransactionUpdated,
} from '@pilewatch/ocpp';
import type { ApplyItem } from './writer-types.js';

export interface MeterRow {
  time: Date;
  receivedAt: Date;
  chargerId: string;
  /** null: the sample names only its transaction, whose EVSE the database knows. */
  evseId: number | null;
  connectorId: number | null;
  transactionRef: string | null;
  measurand: string;
  phase: string;
  location: string;
  unit: string;
  /** null for a signed reading without a number. */
  value: number | null;
  context: string | null;
  signed: string | null;
}

export interface StatusRow {
  time: Date;
  receivedAt: Date;
  chargerId: string;
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string | null;
  vendorErrorCode: string | null;
  vendorId: string | null;
  info: string | null;
}

export interface ChargerEventRow {
  time: Date;
  receivedAt: Date;
  chargerId: string;
  kind: string;
  evseId: number | null;
  connectorId: number | null;
  payload: Record<string, unknown>;
}

/** Steps that depend on the database's answer or on order: `item` is the index of the item in the batch. */
export type OrderedStep =
  | { item: number; kind: 'boot'; protocol: string; event: ChargerBooted }
  | { item: number; kind: 'start'; event: TransactionStarted }
  | { item: number; kind: 'update'; event: TransactionUpdated }
  | { item: number; kind: 'end'; event: TransactionEnded };

export interface BatchPlan {
  meterRows: MeterRow[];
  statusRows: StatusRow[];
  /** The newest status per connector in this batch: what connector_state may become. */
  latestStatus: StatusRow[];
  /** Connectors (EVSE > 0) that must exist in the registry. */
  connectors: Array<{ chargerId: string; evseId: number; connectorId: number }>;
  chargerEventRows: ChargerEventRow[];
  steps: OrderedStep[];
  /** Per charger, the latest receive time: charger_state.last_seen_at. */
  lastSeen: Map<string, Date>;
}

const chargerEventKinds = new Set<DomainEvent['kind']>([
  'fault.reported',
  'security.event',
  'firmware.status',
  'diagnostics.status',
  'log.status',
  'data.transfer',
  'authorize.requested',
  'report.received',
]);

export function planBatch(items: readonly ApplyItem[]): BatchPlan {
  const plan: BatchPlan = {
    meterRows: [],
    statusRows: [],
    latestStatus: [],
    connectors: [],
    chargerEventRows: [],
    steps: [],
    lastSeen: new Map(),
  };
  const latest = new Map<string, StatusRow>();
  const connectors = new Map<string, { chargerId: string; evseId: number; connectorId: number }>();

  items.forEach((item, index) => {
    const seen = plan.lastSeen.get(item.chargerId);
    if (!seen || item.receivedAt > seen) plan.lastSeen.set(item.chargerId, item.receivedAt);

    for (const event of item.events) {
      switch (event.kind) {
        case 'charger.booted':
          plan.steps.push({ item: index, kind: 'boot', protocol: item.protocol, event });
          break;
        case 'charger.heartbeat':
          break;
        case 'connector.status': {
          const row: StatusRow = {
            time: event.at,
            receivedAt: event.receivedAt,
            chargerId: item.chargerId,
            evseId: event.evseId,
            connectorId: event.connectorId,
            status: event.status,
            errorCode: event.errorCode ?? null,
            vendorErrorCode: event.vendorErrorCode ?? null,
            vendorId: event.vendorId ?? null,
            info: event.info ?? null,
          };
          plan.statusRows.push(row);
          const key = `${item.chargerId}\u0000${event.evseId}\u0000${event.connectorId}`;
          const current = latest.get(key);
          // Equal times: the later report wins, as it would arriving in a later batch.
          if (!current || row.time >= current.time) latest.set(key, row);
          if (event.evseId > 0) connectors.set(key, { chargerId: item.chargerId, evseId: event.evseId, connectorId: event.connectorId });
          break;
        }
        case 'meter.sampled':
          for (const s of event.samples) {
            plan.meterRows.push({
              time: event.at,
              receivedAt: event.receivedAt,
              chargerId: item.chargerId,
              evseId: event.evseId ?? null,
              connectorId: event.connectorId ?? null,
              transactionRef: event.transactionId ?? null,
              measurand: s.measurand,
              phase: s.phase ?? '',
              location: s.location ?? '',
              unit: s.unit,
              value: s.value ?? null,
              context: s.context ?? null,
              signed: s.signed ?? null,
            });
          }
          break;
        case 'transaction.started':
          plan.steps.push({ item: index, kind: 'start', event });
          break;
        case 'transaction.updated':
          plan.steps.push({ item: index, kind: 'update', event });
          break;
        case 'transaction.ended':
          plan.steps.push({ item: index, kind: 'end', event });
          break;
        default:
          if (chargerEventKinds.has(event.kind)) plan.chargerEventRows.push(chargerEventRow(item.chargerId, event));
      }
    }
  });
  plan.latestStatus = [...latest.values()];
  plan.connectors = [...connectors.values()];
  return plan;
}

function chargerEventRow(chargerId: string, event: DomainEvent): ChargerEventRow {
  const { kind, chargerId: _named, at, receivedAt, ...rest } = event;
  const located = rest as { evseId?: number; connectorId?: number } & Record<string, unknown>;
  const { evseId, connectorId, ...payload } = located;
  return {
    time: at,
    receivedAt,
    chargerId,
    kind,
    evseId: evseId ?? null,
    connectorId: connectorId ?? null,
    payload,
  };
}

/**
 * The natural key of a 1.6 start (which has no id of its own): the same connector, time, meter reading
 * and tag is the same session, however often the charger resends it.
 */
export function startKey(event: TransactionStarted): string {
  return [event.evseId, event.at.toISOString(), event.meterStartWh ?? '', event.idTag ?? ''].join('|');
}
