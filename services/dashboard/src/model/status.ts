/**
 * How the page classes a connector's status for colour and counting, and which status is "worst" for a
 * station's map point: a fault needs action first, then a silent charger, then one taken out of service.
 */

export const statusClasses = ['faulted', 'offline', 'unavailable', 'unknown', 'charging', 'occupied', 'available'] as const;
export type StatusClass = (typeof statusClasses)[number];

/** Higher is worse. */
const severity: Record<StatusClass, number> = { faulted: 6, offline: 5, unavailable: 4, unknown: 3, charging: 2, occupied: 1, available: 0 };

export const statusColours: Record<StatusClass, string> = {
  faulted: '#f5413c',
  offline: '#8a94a6',
  unavailable: '#f5a623',
  unknown: '#b59cf5',
  charging: '#2f9bff',
  occupied: '#33c3d6',
  available: '#2ecc71',
};

/** The class of an OCPP status (1.6 or 2.0.1) as the API reports it (`effectiveStatus`: Offline, Unknown too). */
export function classOf(status: string | null | undefined): StatusClass {
  switch (status) {
    case 'Faulted':
      return 'faulted';
    case 'Offline':
      return 'offline';
    case 'Unavailable':
      return 'unavailable';
    case 'Charging':
      return 'charging';
    case 'Available':
      return 'available';
    case 'Preparing':
    case 'SuspendedEV':
    case 'SuspendedEVSE':
    case 'Finishing':
    case 'Occupied':
    case 'Reserved':
      return 'occupied';
    default:
      return 'unknown';
  }
}

export function worst(classes: Iterable<StatusClass>): StatusClass | undefined {
  let found: StatusClass | undefined;
  for (const c of classes) if (found === undefined || severity[c] > severity[found]) found = c;
  return found;
}
