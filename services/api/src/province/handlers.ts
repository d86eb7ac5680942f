/**
 * The business side of the pull interfaces: what each answers, from the registry and live state, for
 * the stations the calling partner may read. The endpoint (packages/tcec) has checked the envelope,
 * token and Data before any of this runs.
 *
 * A handler refuses business parameters (an unknown station, a range too long) by throwing
 * `refusal()`: the link answers those with Ret 4004 rather than 500.
 */
import type { FastifyBaseLogger } from 'fastify';
import {
  countProvinceOperators,
  countProvinceStations,
  findProvinceConnectorLive,
  findProvinceOperators,
  findProvincePiles,
  findProvinceStationEnergy,
  findProvinceStations,
  type ProvinceConnectorEnergy,
  type ProvinceScope,
  type ReadDb,
} from '@pilewatch/store';
import {
  parseDate,
  parseDateTime,
  type Partner,
  type TcecHandlers,
  TcecError,
  tcecConnectorId,
  toConnectorStatusInfo,
  toOperatorInfo,
  toStationStats,
} from '@pilewatch/tcec';
import { stationInfoOf } from './station-infos.js';

/** Longest query_station_stats range, in days: a year and a day of leap. */
export const maxStatsDays = 366;

/** An error the link answers with Ret 4004 (bad business parameters) and this message. */
export function refusal(message: string): TcecError {
  return new TcecError('PW_TCEC_DATA_INVALID', message);
}

export function isRefusal(err: unknown): err is TcecError {
  return err instanceof TcecError && err.code === 'PW_TCEC_DATA_INVALID';
}

/** What a partner may read, in the store's terms. */
export function scopeOf(partner: Partner): ProvinceScope {
  return { operators: partner.inbound?.operators, counties: partner.inbound?.counties };
}

const pageCount = (items: number, size: number) => Math.ceil(items / size);

export function provinceHandlers(db: ReadDb, log: FastifyBaseLogger): TcecHandlers {
  return {
    async query_stations_info({ LastQueryTime, PageNo, PageSize }, partner) {
      const scope = scopeOf(partner);
      const query = { changedSince: LastQueryTime === undefined ? undefined : parseDateTime(LastQueryTime) };
      const total = await countProvinceStations(db, scope, query);
      const stations = await findProvinceStations(db, scope, query, { limit: PageSize, offset: (PageNo - 1) * PageSize });
      const piles = await findProvincePiles(db, stations.map((s) => s.id));
      const infos = stations.flatMap((s) => stationInfoOf(s, piles.get(s.id) ?? [], log) ?? []);
      return { PageNo, PageCount: pageCount(total, PageSize), ItemSize: total, StationInfos: infos };
    },

    async query_station_status({ StationIDs }, partner) {
      // Stations the partner may not read, or that do not exist, are left out alike.
      const stations = await findProvinceStations(db, scopeOf(partner), { ids: [...new Set(StationIDs)] });
      const live = await findProvinceConnectorLive(db, stations.map((s) => s.id));
      return {
        Total: stations.length,
        StationStatusInfos: stations.map((s) => ({
          StationID: s.id,
          ConnectorStatusInfos: live
            .filter((c) => c.stationId === s.id)
            .flatMap((c) => mapped(() => toConnectorStatusInfo(c), log, { chargerId: c.chargerId, evseId: c.evseId }, 'connector left out of the T/CEC status')),
        })),
      };
    },

    async query_station_stats({ StationID, StartTime, EndTime }, partner) {
      const days = (parseDate(EndTime)!.getTime() - parseDate(StartTime)!.getTime()) / 86_400_000 + 1;
      if (days > maxStatsDays) throw refusal(`StartTime to EndTime spans ${days} days; at most ${maxStatsDays} are answered at once`);
      const [station] = await findProvinceStations(db, scopeOf(partner), { ids: [StationID] });
      if (!station) throw refusal(`StationID ${StationID} is not a station you may read`);
      const [energy, piles] = await Promise.all([
        findProvinceStationEnergy(db, StationID, StartTime, EndTime),
        findProvincePiles(db, [StationID]),
      ]);
      // Every connector of the station is listed, at 0 kWh when it has no readings in the range.
      const rows = new Map<string, ProvinceConnectorEnergy>();
      for (const pile of piles.get(StationID) ?? []) {
        for (const c of pile.connectors) rows.set(`${pile.id}/${c.evseId}/${c.connectorId}`, { chargerId: pile.id, ...c, energyKwh: 0 });
      }
      for (const e of energy) rows.set(`${e.chargerId}/${e.evseId}/${e.connectorId}`, e);
      const reportable = [...rows.values()].filter(
        (r) => mapped(() => tcecConnectorId(r.chargerId, r.evseId, r.connectorId), log, { chargerId: r.chargerId }, 'connector left out of the T/CEC statistics').length > 0,
      );
      reportable.sort((a, b) => a.chargerId.localeCompare(b.chargerId) || a.evseId - b.evseId || a.connectorId - b.connectorId);
      return { StationStats: toStationStats(StationID, StartTime, EndTime, reportable) };
    },

    async supervise_query_operator_info({ LastQueryTime, PageNo, PageSize }, partner) {
      const scope = scopeOf(partner);
      const query = { changedSince: LastQueryTime === undefined ? undefined : parseDateTime(LastQueryTime) };
      const total = await countProvinceOperators(db, scope, query);
      const operators = await findProvinceOperators(db, scope, query, { limit: PageSize, offset: (PageNo - 1) * PageSize });
      return {
        PageNo,
        PageCount: pageCount(total, PageSize),
        ItemSize: total,
        OperatorInfos: operators.flatMap((o) =>
          mapped(() => toOperatorInfo({ name: o.name, orgCode: o.orgCode, contactPhone: o.contactPhone }), log, { operatorId: o.id }, 'operator left out of the T/CEC answer'),
        ),
      };
    },
  };
}

/** `map()` as a one-item list, or an empty one (logged) when the row cannot make a valid T/CEC object. */
function mapped<T>(map: () => T, log: FastifyBaseLogger, context: Record<string, unknown>, leftOut: string): T[] {
  try {
    return [map()];
  } catch (err) {
    if (!(err instanceof TcecError)) throw err;
    log.warn({ ...context, problem: err.message }, leftOut);
    return [];
  }
}
