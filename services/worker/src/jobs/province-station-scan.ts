/**
 * Finds the stations whose T/CEC StationInfo changed — the station, its operator, its piles or their
 * connectors, whichever way the registry was written (API, fleet import, a boot's vendor and model) —
 * and records a `notification_stationInfo` push for each partner that may see them.
 *
 * Each station's StationInfo is built exactly as the pull interface builds it and reduced to a digest;
 * a digest that differs from the stored one is a change (and its time is what query_stations_info's
 * LastQueryTime compares with). The first scan ever only records digests: nothing changed yet.
 * A station that cannot be described (a required field missing) is logged once per change, not pushed.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import {
  type Database,
  findProvincePiles,
  findProvinceStationDigests,
  findProvinceStations,
  findProvinceStreamHeads,
  insertProvinceDeliveries,
  lockProvinceCursor,
  type NewProvinceDelivery,
  type ProvinceDue,
  type ProvincePileRow,
  type ProvinceStationRow,
  saveProvinceCursor,
  saveProvinceStationDigests,
} from '@pilewatch/store';
import { type Partner, type StationInfo, TcecError, toEquipmentInfo, toStationInfo } from '@pilewatch/tcec';
import { mayPush } from './province-status.js';

const cursorName = 'station-scan';

export interface StationScanOptions {
  db: Database;
  /** Partners we push notification_stationInfo to. */
  partners: readonly Partner[];
  schedule(due: ProvinceDue): Promise<void>;
  log: Logger;
  now?: Date;
}

export interface StationScanReport {
  stations: number;
  changed: number;
  deliveries: number;
}

export async function scanStations({ db, partners, schedule, log, now = new Date() }: StationScanOptions): Promise<StationScanReport> {
  const client = await db.pool.connect();
  let created: string[] = [];
  let report: StationScanReport;
  try {
    await client.query('BEGIN');
    // Locked for the scan: two workers scanning at once would both see the same change.
    const firstScan = (await lockProvinceCursor(client, cursorName)) === null;
    const stations = await findProvinceStations({ pool: client }, {});
    const piles = await findProvincePiles({ pool: client }, stations.map((s) => s.id));
    const known = await findProvinceStationDigests(client);
    const changed: Array<{ station: ProvinceStationRow; digest: string; info: StationInfo | undefined }> = [];
    for (const station of stations) {
      const described = describe(station, piles.get(station.id) ?? []);
      const digest = createHash('sha256').update(JSON.stringify(described)).digest('hex');
      if (known.get(station.id) === digest) continue;
      if (described.problems.length > 0) {
        const what = described.info ? 'piles left out of the T/CEC StationInfo' : 'station cannot be described in T/CEC terms; not pushed';
        log.warn({ stationId: station.id, problems: described.problems }, what);
      }
      changed.push({ station, digest, info: described.info });
    }
    await saveProvinceStationDigests(client, changed.map((c) => ({ stationId: c.station.id, digest: c.digest })), now);
    const deliveries: NewProvinceDelivery[] = firstScan
      ? []
      : changed.flatMap(({ station, info }) =>
          info === undefined
            ? []
            : partners
                .filter((p) => mayPush(p, { operatorId: station.operatorId, countyCode: station.countyCode }))
                .map((p) => ({
                  partnerId: p.operatorId,
                  interface: 'notification_stationInfo' as const,
                  subject: station.id,
                  stationId: station.id,
                  data: { StationInfo: info },
                  changedAt: now,
                })),
        );
    created = await insertProvinceDeliveries(client, deliveries);
    await saveProvinceCursor(client, cursorName, now.toISOString());
    await client.query('COMMIT');
    report = { stations: stations.length, changed: changed.length, deliveries: created.length };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  for (const due of await findProvinceStreamHeads(db.pool, created)) await schedule(due);
  return report;
}

/**
 * The StationInfo the pull interface would answer (piles that cannot be described left out), or none
 * when the station itself cannot be described; with the reasons for what was left out.
 */
function describe(station: ProvinceStationRow, piles: readonly ProvincePileRow[]): { info?: StationInfo; problems: string[] } {
  const problems: string[] = [];
  const complete = piles.filter((pile) => {
    try {
      toEquipmentInfo(pile);
      return true;
    } catch (err) {
      if (!(err instanceof TcecError)) throw err;
      problems.push(err.message);
      return false;
    }
  });
  try {
    return { info: toStationInfo(station, complete), problems };
  } catch (err) {
    if (!(err instanceof TcecError)) throw err;
    return { problems: [...problems, err.message] };
  }
}
