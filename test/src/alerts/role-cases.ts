/**
 * The role matrix's cases for the alert, webhook, uptime, exclusion and job routes (issue #5), and the
 * access policy they add to the one the matrix states: the regulator may acknowledge alerts (its one
 * change), and only admins and operators see webhooks, only admins the job queues.
 *
 * Fixtures are made on first use in the matrix's own database: an open alert per acknowledgement (each
 * occurrence is acknowledged once), daily uptime rows, webhooks, exclusions and dead letters of both
 * operators.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@pilewatch/api';
import {
  createExclusion,
  createWebhook,
  recordDeadLetter,
  saveDailyUptime,
  updateChargerAlertState,
  type Database,
} from '@pilewatch/store';
import { alertRules, evaluateCharger, isAlertCode, type ChargerAlertState } from '@pilewatch/supervision';

interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: object;
}

/** The role matrix's `Case`. */
export interface RoleCase {
  own(role: Role): Promise<Request> | Request;
  other?(role: Role): Promise<Request> | Request;
  missing?: Request;
  ok: number;
  owner?(body: unknown): Array<string | null>;
}

/** What the matrix states about these routes, beyond "admins may do everything". */
export const alertAccessPolicy = {
  /** Routes other than GET the regulator may call. */
  regulatorMayChange: ['alerts.acknowledge'],
  /** GET routes the regulator may not call. */
  regulatorMayNotRead: ['jobs.deadLetters', 'jobs.queues', 'webhooks.deliveries', 'webhooks.get', 'webhooks.list'],
} as const;

const severityOf = (rule: string) => (isAlertCode(rule) ? alertRules[rule].severity : 3);
const get = (url: string): Request => ({ method: 'GET', url });
const items = (body: unknown) => (body as { items: Array<{ operatorId: string | null }> }).items.map((i) => i.operatorId);
const alertUrl = (id: string, rest = '') => `/api/v1/alerts/${encodeURIComponent(id)}${rest}`;

export function alertRoleCases(db: () => Database): Record<string, RoleCase> {
  let evse = 100;
  /** Opens a fresh alert (an insulation fault on a new EVSE) on the charger; returns its id. */
  async function openAlert(chargerId: string): Promise<string> {
    const evseId = ++evse;
    const at = new Date();
    const { transitions } = await updateChargerAlertState<ChargerAlertState>(
      db(),
      chargerId,
      (state) =>
        evaluateCharger(chargerId, state, {
          kind: 'connector.status',
          chargerId,
          evseId,
          connectorId: 1,
          status: 'Faulted',
          errorCode: 'OtherError',
          vendorErrorCode: '绝缘故障',
          at,
          receivedAt: at,
        }),
      { severityOf },
    );
    return transitions[0]!.alertId;
  }
  const webhook = async (operatorId: string | null) =>
    (await createWebhook(db(), { id: randomUUID(), operatorId, url: 'http://127.0.0.1:9/hook', secret: 's', minSeverity: 3, createdBy: 'matrix' })).id;
  const exclusion = async (chargerId: string, operatorId: string) =>
    (
      await createExclusion(db(), {
        reason: 'maintenance',
        note: null,
        from: new Date('2025-03-01T00:00:00+08:00'),
        to: new Date('2025-03-01T04:00:00+08:00'),
        operatorId,
        stationId: null,
        chargerId,
        evseId: null,
        connectorId: null,
        createdBy: 'matrix',
      })
    ).id;
  const deadLetter = async () => {
    const jobId = `matrix-${randomUUID()}`;
    await recordDeadLetter(db(), { queue: 'alert-notifications', jobName: 'notify', jobId, data: { transitionIds: [] }, error: 'test', attempts: 5 });
    const { rows } = await db().pool.query<{ id: string }>(`SELECT id FROM dead_letters WHERE job_id = $1`, [jobId]);
    return Number(rows[0]!.id);
  };

  let fixtures: Promise<{ alertA: string; alertB: string; hookA: string; hookB: string }> | undefined;
  const ready = () =>
    (fixtures ??= (async () => {
      const day = { windowMinutes: 1440, noDataMinutes: 0, availableMinutes: 1380, occupiedMinutes: 0, faultedMinutes: 60, unavailableMinutes: 0 };
      const rest = { offlineMinutes: 0, outageMinutes: 60, excludedMinutes: 0, outageCount: 1 };
      await saveDailyUptime(db().pool, [
        { day: '2025-03-01', chargerId: 'CP-A', evseId: 1, connectorId: 1, stationId: 'st-a', operatorId: 'op-a', countyCode: '140902', ...day, ...rest },
        { day: '2025-03-01', chargerId: 'CP-B', evseId: 1, connectorId: 1, stationId: 'st-b', operatorId: 'op-b', countyCode: '140922', ...day, ...rest },
      ]);
      await exclusion('CP-A', 'op-a');
      await exclusion('CP-B', 'op-b');
      return { alertA: await openAlert('CP-A'), alertB: await openAlert('CP-B'), hookA: await webhook('op-a'), hookB: await webhook('op-b') };
    })());

  const perAlert = (rest: string): RoleCase => ({
    own: async () => get(alertUrl((await ready()).alertA, rest)),
    other: async () => get(alertUrl((await ready()).alertB, rest)),
    missing: get(alertUrl('fault.insulation:CP-NOWHERE:1:1#1', rest)),
    ok: 200,
  });
  const perWebhook = (method: Request['method'], rest: string, ok: number, payload?: object, fresh = false): RoleCase => {
    const req = (id: string): Request => ({ method, url: `/api/v1/webhooks/${id}${rest}`, ...(payload ? { payload } : {}) });
    return {
      own: async () => req(fresh ? await webhook('op-a') : (await ready()).hookA),
      other: async () => req(fresh ? await webhook('op-b') : (await ready()).hookB),
      missing: req(randomUUID()),
      ok,
    };
  };

  return {
    'alerts.list': { own: async () => (await ready(), get('/api/v1/alerts')), ok: 200, owner: items },
    'alerts.history': { own: async () => (await ready(), get('/api/v1/alerts/history')), ok: 200, owner: items },
    'alerts.get': perAlert(''),
    'alerts.acknowledge': {
      own: async () => ({ method: 'POST', url: alertUrl(await openAlert('CP-A'), '/acknowledge'), payload: { note: 'crew on the way' } }),
      other: async () => ({ method: 'POST', url: alertUrl(await openAlert('CP-B'), '/acknowledge'), payload: { note: 'crew on the way' } }),
      missing: { method: 'POST', url: alertUrl('fault.insulation:CP-NOWHERE:1:1#1', '/acknowledge'), payload: { note: 'crew on the way' } },
      ok: 200,
    },
    'alerts.rules': { own: () => get('/api/v1/alert-rules'), ok: 200 },
    'alerts.updateRule': { own: () => ({ method: 'PATCH', url: '/api/v1/alert-rules/connectivity.offline', payload: { deadlineMinutes: 20 } }), ok: 200 },
    'alerts.config': { own: () => get('/api/v1/alert-config'), ok: 200 },
    'alerts.replaceConfig': { own: () => ({ method: 'PUT', url: '/api/v1/alert-config', payload: { reopenWithinMinutes: 30 } }), ok: 200 },
    'webhooks.list': { own: async () => (await ready(), get('/api/v1/webhooks')), ok: 200, owner: items },
    'webhooks.create': {
      own: () => ({ method: 'POST', url: '/api/v1/webhooks', payload: { url: 'https://example.org/hook', operatorId: 'op-a', minSeverity: 2 } }),
      ok: 201,
    },
    'webhooks.get': perWebhook('GET', '', 200),
    'webhooks.update': perWebhook('PATCH', '', 200, { minSeverity: 1 }),
    'webhooks.delete': perWebhook('DELETE', '', 204, undefined, true),
    'webhooks.deliveries': perWebhook('GET', '/deliveries', 200),
    'uptime.figures': {
      own: async () => (await ready(), get('/api/v1/uptime?level=operator&day=2025-03-01')),
      ok: 200,
      owner: (b) => (b as { items: Array<{ key: string | null }> }).items.map((i) => i.key),
    },
    'exclusions.list': { own: async () => (await ready(), get('/api/v1/exclusions')), ok: 200, owner: items },
    'exclusions.create': {
      own: () => ({
        method: 'POST',
        url: '/api/v1/exclusions',
        payload: { reason: 'maintenance', chargerId: 'CP-A', from: '2025-03-02T00:00:00+08:00', to: '2025-03-02T02:00:00+08:00' },
      }),
      ok: 201,
    },
    'exclusions.delete': {
      own: async () => ({ method: 'DELETE', url: `/api/v1/exclusions/${await exclusion('CP-A', 'op-a')}` }),
      other: async () => ({ method: 'DELETE', url: `/api/v1/exclusions/${await exclusion('CP-B', 'op-b')}` }),
      missing: { method: 'DELETE', url: '/api/v1/exclusions/99999999' },
      ok: 204,
    },
    'jobs.queues': { own: () => get('/api/v1/jobs'), ok: 200 },
    'jobs.deadLetters': { own: () => get('/api/v1/jobs/dead-letters'), ok: 200 },
    'jobs.retryDeadLetter': { own: async () => ({ method: 'POST', url: `/api/v1/jobs/dead-letters/${await deadLetter()}/retry` }), ok: 200 },
  };
}
