/**
 * Registry rows → StationInfo for the pull interface, leaving out what a strict platform would refuse:
 * a pile that cannot be described (no connectors, a connector without its power) is left out of its
 * station, and a station that cannot be described at all is left out of the answer — each logged with
 * the reason, so an operator can complete the registry.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ProvincePileRow, ProvinceStationRow } from '@pilewatch/store';
import { type StationInfo, TcecError, toEquipmentInfo, toStationInfo } from '@pilewatch/tcec';

export function stationInfoOf(station: ProvinceStationRow, piles: readonly ProvincePileRow[], log: FastifyBaseLogger): StationInfo | undefined {
  const complete = piles.filter((pile) => {
    try {
      toEquipmentInfo(pile);
      return true;
    } catch (err) {
      if (!(err instanceof TcecError)) throw err;
      log.warn({ stationId: station.id, chargerId: pile.id, problem: err.message }, 'pile left out of the T/CEC StationInfo');
      return false;
    }
  });
  try {
    return toStationInfo(station, complete);
  } catch (err) {
    if (!(err instanceof TcecError)) throw err;
    log.warn({ stationId: station.id, problem: err.message }, 'station left out of the T/CEC answer');
    return undefined;
  }
}
