/**
 * The role matrix's cases for the province push routes (issue #6), and what they add to its access
 * policy: the pushes carry every operator's live data, so only admins read them — not the regulator.
 * The push a `get` asks for is recorded on first use in the matrix's own database.
 */
import { insertProvinceDeliveries, type Database } from '@pilewatch/store';

interface Request {
  method: 'GET';
  url: string;
}

/** The role matrix's `Case`, as far as these routes need it. */
export interface ProvinceRoleCase {
  own(): Promise<Request> | Request;
  missing?: Request;
  ok: number;
}

export const provinceAccessPolicy = {
  /** GET routes the regulator may not call. */
  regulatorMayNotRead: ['province.pushes.get', 'province.pushes.list', 'province.pushes.summary'],
} as const;

const get = (url: string): Request => ({ method: 'GET', url });

export function provinceRoleCases(db: () => Database): Record<string, ProvinceRoleCase> {
  let recorded: Promise<string> | undefined;
  const push = () =>
    (recorded ??= insertProvinceDeliveries(db().pool, [
      {
        partnerId: 'PROVINCE1',
        interface: 'notification_stationStatus',
        subject: 'CP-A011',
        stationId: 'st-a',
        data: { ConnectorStatusInfo: { ConnectorID: 'CP-A011', Status: 1 } },
        changedAt: new Date(),
      },
    ]).then(([id]) => id!));
  return {
    'province.pushes.summary': { own: () => get('/api/v1/province/pushes/summary'), ok: 200 },
    'province.pushes.list': { own: () => get('/api/v1/province/pushes'), ok: 200 },
    'province.pushes.get': {
      own: async () => get(`/api/v1/province/pushes/${await push()}`),
      missing: get('/api/v1/province/pushes/999999999'),
      ok: 200,
    },
  };
}
