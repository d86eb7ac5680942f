/**
 * Follows the live event stream (`live` on the bus, fed by the central system's event bridge) and
 * records a status push for every change partners are owed, then schedules the pushes that head their
 * streams.
 *
 * Exactly once: the deliveries of a batch of stream entries and the new stream position commit in one
 * transaction, with the position's row locked, so several workers never record the same entry twice
 * and a crash replays the batch from the old position.
 *
 * A worker starting for the first time begins at the newest entry (what happened before is in the pull
 * interfaces). If the stream was trimmed past our position while no worker ran, the changes in between
 * are lost; the connectors' current statuses are then compared with what each partner was last sent,
 * and the differences pushed.
 */
import type { Logger } from 'pino';
import type { Bus, Unsubscribe } from '@pilewatch/bus';
import {
  type Database,
  findLatestProvinceData,
  findProvinceChargerConnectors,
  findProvinceChargerPlaces,
  findProvinceConnectorLive,
  findProvinceStreamHeads,
  insertProvinceDeliveries,
  lockProvinceCursor,
  type NewProvinceDelivery,
  type ProvinceDue,
  type ProvinceSql,
  saveProvinceCursor,
} from '@pilewatch/store';
import { compareStreamIds } from '@pilewatch/bus';
import { type Partner, tcecConnectorId, tcecStatus } from '@pilewatch/tcec';
import {
  type ConnectorChange,
  connectorChanges,
  needsConnectors,
  statusDeliveries,
  statusFeedEvent,
  statusOfData,
} from './province-status.js';

/** The bus stream and wake-up channel the API's event bridge writes (services/api live/publish.ts). */
export const liveStream = 'live';
export const liveChannel = 'live';
const cursorName = 'live';
const batchSize = 200;
/** How often the stream is read when no wake-up arrives (a lost publish, another node's events). */
const pollMs = 1000;

export interface StatusFeed {
  /** Reads what is new now; resolves when caught up. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export interface StatusFeedOptions {
  db: Database;
  bus: Bus;
  /** Partners we push notification_stationStatus to. */
  partners: readonly Partner[];
  schedule(due: ProvinceDue): Promise<void>;
  log: Logger;
}

export async function startStatusFeed(options: StatusFeedOptions): Promise<StatusFeed> {
  const { bus, log } = options;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const drain = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          while (!stopped && (await drainBatch(options))) {
            // a full batch: more may be waiting
          }
        } while (again && !stopped);
      } catch (err) {
        log.error({ err }, 'province status feed: could not read the live stream; retrying on the next wake-up');
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const unsubscribe: Unsubscribe = await bus.subscribe(liveChannel, () => void drain());
  const timer = setInterval(() => void drain(), pollMs);
  timer.unref();
  await drain();
  return {
    drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unsubscribe();
      await running;
    },
  };
}

/** Turns the next batch of stream entries into deliveries; true when the batch was full. */
async function drainBatch({ db, bus, partners, schedule, log }: StatusFeedOptions): Promise<boolean> {
  const client = await db.pool.connect();
  let created: string[] = [];
  let full = false;
  try {
    await client.query('BEGIN');
    const position = await lockProvinceCursor(client, cursorName);
    if (position === null) {
      await saveProvinceCursor(client, cursorName, (await bus.latestId(liveStream)) ?? '0-0');
    } else {
      const entries = await bus.readAfter(liveStream, position, batchSize);
      const deliveries: NewProvinceDelivery[] = [];
      if (await trimmedPast(bus, position)) {
        log.warn({ position }, 'province status feed: the live stream was trimmed past our position; pushing what differs from the last pushes');
        deliveries.push(...(await resync(client, partners)));
      }
      deliveries.push(...(await deliveriesOf(client, entries.map((e) => e.event), partners, log)));
      created = await insertProvinceDeliveries(client, deliveries);
      if (entries.length > 0) await saveProvinceCursor(client, cursorName, entries.at(-1)!.id);
      full = entries.length === batchSize;
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  for (const due of await findProvinceStreamHeads(db.pool, created)) await schedule(due);
  return full;
}

/**
 * Whether entries after `position` were dropped unread: our own entry is gone and the oldest kept one is
 * not known to follow it directly. (Ids are `<ms>-<seq>`: only an entry of the same millisecond with
 * the next sequence number surely does; when in doubt a resync, which only pushes real differences.)
 */
async function trimmedPast(bus: Bus, position: string): Promise<boolean> {
  if (position === '0-0') return false;
  const [oldest] = await bus.readAfter(liveStream, undefined, 1);
  if (!oldest || compareStreamIds(oldest.id, position) <= 0) return false;
  const [pms, pseq] = position.split('-').map(Number);
  const [oms, oseq] = oldest.id.split('-').map(Number);
  return !(pms === oms && oseq === pseq! + 1);
}

async function deliveriesOf(client: ProvinceSql, events: readonly unknown[], partners: readonly Partner[], log: Logger): Promise<NewProvinceDelivery[]> {
  const parsed = events.flatMap((e) => statusFeedEvent(e) ?? []);
  if (parsed.length === 0) return [];
  const chargerIds = [...new Set(parsed.map((e) => e.chargerId))];
  const places = await findProvinceChargerPlaces(client, chargerIds);
  const changes: ConnectorChange[] = [];
  for (const event of parsed) {
    if (!places.has(event.chargerId)) continue;
    const connectors = needsConnectors(event) ? await findProvinceChargerConnectors(client, event.chargerId) : [];
    changes.push(...connectorChanges(event, connectors));
  }
  const lastStatus = await lastPushedStatus(client, partners, changes);
  return statusDeliveries(changes, places, partners, lastStatus, (change, err) =>
    log.warn({ chargerId: change.chargerId, evseId: change.evseId, err }, 'connector has no T/CEC ConnectorID; its status is not pushed'),
  );
}

/** Partner → ConnectorID → the Status of its newest delivery, for the connectors in `changes`. */
async function lastPushedStatus(
  client: ProvinceSql,
  partners: readonly Partner[],
  changes: ReadonlyArray<Pick<ConnectorChange, 'chargerId' | 'evseId' | 'connectorId'>>,
): Promise<Map<string, Map<string, number>>> {
  const subjects = [
    ...new Set(
      changes.flatMap((c) => {
        try {
          return [tcecConnectorId(c.chargerId, c.evseId, c.connectorId)];
        } catch {
          return [];
        }
      }),
    ),
  ];
  const out = new Map<string, Map<string, number>>();
  for (const partner of partners) {
    const latest = await findLatestProvinceData(client, partner.operatorId, 'notification_stationStatus', subjects);
    const statuses = new Map<string, number>();
    for (const [subject, data] of latest) {
      const status = statusOfData(data);
      if (status !== undefined) statuses.set(subject, status);
    }
    out.set(partner.operatorId, statuses);
  }
  return out;
}

/** Every connector's current Status, as changes: statusDeliveries keeps those a partner was not last sent. */
async function resync(client: ProvinceSql, partners: readonly Partner[]): Promise<NewProvinceDelivery[]> {
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM stations`);
  const live = await findProvinceConnectorLive({ pool: client }, rows.map((r) => r.id));
  const now = new Date();
  const changes: ConnectorChange[] = live.map((c) => ({
    chargerId: c.chargerId,
    evseId: c.evseId,
    connectorId: c.connectorId,
    status: tcecStatus(c.status, c.online),
    at: now,
  }));
  const places = await findProvinceChargerPlaces(client, [...new Set(live.map((c) => c.chargerId))]);
  return statusDeliveries(changes, places, partners, await lastPushedStatus(client, partners, changes));
}
