/**
 * Safety alerts: list and filter them, read one with its history, acknowledge one with a note (the
 * charger's operator, the regulator, an admin), follow every transition; and the rule catalogue with its
 * thresholds and deadlines, which admins change. The worker evaluates the rules (`services/worker`).
 */
import { z } from 'zod';
import {
  alertHistory,
  alertRulesConfig,
  findAlert,
  findAlertTransitions,
  findAlerts,
  saveAlertRulesConfig,
  updateChargerAlertState,
  type AlertTransitionView,
  type AlertView,
} from '@pilewatch/store';
import {
  SupervisionError,
  alertCodes,
  alertRules,
  evaluateCharger,
  isAlertCode,
  parseRulesConfig,
  type ChargerAlertState,
  type RulesConfig,
} from '@pilewatch/supervision';
import { adminOnly, readers, type Principal } from '../auth/roles.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { chargerIdentity, orderedRange, page, pagedOf, slug, timeRange, timestamp } from '../http/schemas.js';
import { matches } from '../http/views.js';
import { alertConfigChannel, requestAlertNotification } from '../live/alert-inputs.js';

const tag = 'alerts';

const severities = z
  .string()
  .transform((v) => v.split(',').map((s) => Number(s.trim())))
  .refine((list) => list.length > 0 && list.every((n) => n === 1 || n === 2 || n === 3), {
    message: 'must be a comma-separated list of 1 (personal safety), 2 (equipment safety), 3 (notice)',
  });
const ruleFilter = z
  .string()
  .max(60)
  .refine((v) => isAlertCode(v) || alertCodes.some((c) => v.endsWith('.') && c.startsWith(v)), {
    message: `must be a rule code (e.g. fault.insulation) or a family ending in a dot (fault., temperature., security., connectivity., meter., transaction.)`,
  });
const county = z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code');
const alertIdParam = z.strictObject({ alertId: z.string().min(1).max(200) });

const detail = z.record(z.string(), z.unknown());
const transitionType = z.enum(['opened', 'reopened', 'acknowledged', 'resolved']);

export const alertView = matches<AlertView>()(
  z.object({
    id: z.string(),
    rule: z.string(),
    severity: z.number().int(),
    chargerId: z.string(),
    evseId: z.number().int(),
    connectorId: z.number().int(),
    occurrence: z.number().int(),
    status: z.enum(['open', 'acknowledged', 'resolved']),
    openedAt: timestamp,
    lastSeenAt: timestamp,
    reopenedAt: timestamp.nullable(),
    reopenCount: z.number().int(),
    resolvedAt: timestamp.nullable(),
    resolveReason: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: timestamp.nullable(),
    acknowledgementNote: z.string().nullable(),
    detail,
    operatorId: z.string().nullable(),
    stationId: z.string().nullable(),
    countyCode: z.string().nullable(),
    updatedAt: timestamp,
  }),
);

export const alertTransitionView = matches<AlertTransitionView>()(
  z.object({
    id: z.number().int(),
    alertId: z.string(),
    type: transitionType,
    rule: z.string(),
    severity: z.number().int(),
    chargerId: z.string(),
    evseId: z.number().int(),
    connectorId: z.number().int(),
    at: timestamp,
    detail,
    reason: z.string().nullable(),
    by: z.string().nullable(),
    note: z.string().nullable(),
    storedAt: timestamp,
    operatorId: z.string().nullable(),
  }),
);

const alertWithHistory = alertView.extend({ transitions: z.array(alertTransitionView) });

const ruleView = z.object({
  code: z.string(),
  severity: z.number().int(),
  alarmType: z.number().int(),
  scope: z.enum(['connector', 'charger']),
  titleZh: z.string(),
  titleEn: z.string(),
  opens: z.string(),
  clears: z.string(),
  settings: z.record(z.string(), z.unknown()).describe('thresholds, deadlines and `enabled`, defaults filled in'),
});

const configView = z.object({
  version: z.number().int().describe('increases with every change'),
  updatedBy: z.string().nullable(),
  updatedAt: timestamp,
  config: z.unknown().describe('the document as stored (what was sent)'),
  effective: z.unknown().describe('the document with every default filled in: what the worker evaluates with'),
});

/** Who acknowledged, as the history shows it. */
const actor = (p: Principal) => `${p.name} (${p.role})`;

async function withHistory(deps: ApiDeps, alert: AlertView) {
  return { ...alert, transitions: await alertHistory(deps.db, alert.id) };
}

function rulesOf(config: RulesConfig) {
  return alertCodes.map((code) => ({ ...alertRules[code], settings: config.rules[code] as Record<string, unknown> }));
}

/** Validates a whole configuration document; a problem is the request's fault (400). */
function validConfig(document: unknown): RulesConfig {
  try {
    return parseRulesConfig(document);
  } catch (err) {
    if (err instanceof SupervisionError && err.code === 'PW_SUP_RULES_CONFIG_INVALID') {
      const problems = (err.details?.problems as string[] | undefined) ?? [err.message];
      throw new ApiError('PW_API_VALIDATION', problems.map((p) => `body.${p}`).join('; '), { problems });
    }
    throw err;
  }
}

async function saveConfig(deps: ApiDeps, document: unknown, principal: Principal) {
  const saved = await saveAlertRulesConfig(deps.db, document, actor(principal));
  // Workers reload at once; without Redis pub/sub reaching them, within their refresh interval.
  await deps.bus.publish(alertConfigChannel, { version: saved.version }).catch((err: unknown) => deps.log.warn({ err }, 'alert config change not announced'));
  return saved;
}

const configDocument = z.record(z.string(), z.unknown()).describe('@pilewatch/supervision rules configuration (packages/supervision/README.md, Configuration)');

export const alertRoutes = [
  defineRoute({
    id: 'alerts.list',
    method: 'GET',
    url: '/api/v1/alerts',
    roles: readers,
    tag,
    summary: 'Safety alerts that opened in the range, newest first, filtered',
    description:
      '`status=active` gives open and acknowledged alerts. `severity` takes a list (`1,2`): 1 personal safety, 2 equipment ' +
      'safety, 3 notice. `rule` takes a code or a family (`fault.`). An operator sees its own chargers’ alerts.',
    query: orderedRange(
      z.strictObject({
        status: z.enum(['open', 'acknowledged', 'resolved', 'active']).optional(),
        severity: severities.optional(),
        rule: ruleFilter.optional(),
        countyCode: county.optional(),
        operatorId: slug.optional(),
        stationId: slug.optional(),
        chargerId: chargerIdentity.optional(),
        ...timeRange,
        ...page,
      }),
    ),
    response: pagedOf(alertView),
    handle: ({ deps, scope, query }) => findAlerts(deps.db, scope, query, query),
  }),
  defineRoute({
    id: 'alerts.history',
    method: 'GET',
    url: '/api/v1/alerts/history',
    roles: readers,
    tag,
    summary: 'Alert transitions (opened, reopened, acknowledged, resolved) dated in the range, newest first',
    description: '`afterId` returns only transitions stored after that one: poll with the largest id seen to follow the history.',
    query: orderedRange(
      z.strictObject({
        type: transitionType.optional(),
        severity: severities.optional(),
        rule: ruleFilter.optional(),
        countyCode: county.optional(),
        operatorId: slug.optional(),
        stationId: slug.optional(),
        chargerId: chargerIdentity.optional(),
        afterId: z.coerce.number().int().min(0).optional(),
        ...timeRange,
        ...page,
      }),
    ),
    response: pagedOf(alertTransitionView),
    handle: ({ deps, scope, query }) => findAlertTransitions(deps.db, scope, query, query),
  }),
  defineRoute({
    id: 'alerts.get',
    method: 'GET',
    url: '/api/v1/alerts/:alertId',
    roles: readers,
    tag,
    summary: 'One alert with every transition it went through, oldest first',
    description: 'Alert ids look like `rule:chargerId:evseId:connectorId#occurrence`; encode `#` as `%23` in the path.',
    params: alertIdParam,
    response: alertWithHistory,
    handle: async ({ deps, scope, params }) => {
      const alert = await findAlert(deps.db, params.alertId, scope);
      if (!alert) throw notFound('alert', params.alertId);
      return withHistory(deps, alert);
    },
  }),
  defineRoute({
    id: 'alerts.acknowledge',
    method: 'POST',
    url: '/api/v1/alerts/:alertId/acknowledge',
    roles: readers,
    tag,
    summary: 'Acknowledge an alert with a note (its operator, the regulator or an admin)',
    description:
      'Acknowledging never resolves an alert: it resolves when its condition clears. An occurrence is acknowledged once ' +
      '(409 the second time); a reopened alert needs a new acknowledgement. The transition goes on the live feed and to webhooks.',
    params: alertIdParam,
    body: z.strictObject({ note: z.string().trim().min(1).max(2000) }),
    response: alertWithHistory,
    handle: async ({ deps, scope, principal, params, body }) => {
      const alert = await findAlert(deps.db, params.alertId, scope);
      if (!alert) throw notFound('alert', params.alertId);
      let stored;
      try {
        stored = await updateChargerAlertState<ChargerAlertState>(
          deps.db,
          alert.chargerId,
          (state) =>
            evaluateCharger(alert.chargerId, state, { kind: 'alert.acknowledge', alertId: alert.id, by: actor(principal), note: body.note, at: new Date() }),
          { severityOf: (rule) => (isAlertCode(rule) ? alertRules[rule].severity : 3) },
        );
      } catch (err) {
        if (err instanceof SupervisionError && err.code === 'PW_SUP_ALERT_ALREADY_ACKNOWLEDGED') {
          throw new ApiError('PW_API_CONFLICT', `alert ${alert.id} is already acknowledged`, err.details);
        }
        if (err instanceof SupervisionError && err.code === 'PW_SUP_ALERT_NOT_FOUND') {
          throw new ApiError('PW_API_CONFLICT', `alert ${alert.id} has been followed by a newer occurrence; acknowledge that one`);
        }
        throw err;
      }
      await requestAlertNotification(
        deps.bus,
        stored.transitions.map((t) => t.id),
      ).catch((err: unknown) => deps.log.warn({ err }, 'acknowledgement stored; its notification waits for the worker sweep'));
      return withHistory(deps, (await findAlert(deps.db, alert.id, scope))!);
    },
  }),
  defineRoute({
    id: 'alerts.rules',
    method: 'GET',
    url: '/api/v1/alert-rules',
    roles: readers,
    tag,
    summary: 'Every alert rule: code, severity, titles, what opens and clears it, and its current settings',
    response: z.object({ version: z.number().int(), items: z.array(ruleView) }),
    handle: async ({ deps }) => {
      const stored = await alertRulesConfig(deps.db);
      return { version: stored.version, items: rulesOf(parseRulesConfig(stored.config)) };
    },
  }),
  defineRoute({
    id: 'alerts.updateRule',
    method: 'PATCH',
    url: '/api/v1/alert-rules/:rule',
    roles: adminOnly,
    tag,
    summary: 'Change one rule’s settings (thresholds, deadlines, enabled); fields left out keep their value',
    description: 'E.g. `{"thresholdC": 85}` for `temperature.connector_high`, `{"deadlineMinutes": 30}` for `connectivity.offline`.',
    params: z.strictObject({ rule: z.string().refine(isAlertCode, 'must be a rule code (GET /api/v1/alert-rules)') }),
    body: z.record(z.string(), z.unknown()),
    response: ruleView,
    handle: async ({ deps, principal, params, body }) => {
      const stored = await alertRulesConfig(deps.db);
      const document = (stored.config ?? {}) as { rules?: Record<string, Record<string, unknown>> };
      const merged = { ...document, rules: { ...document.rules, [params.rule]: { ...document.rules?.[params.rule], ...body } } };
      const config = validConfig(merged);
      await saveConfig(deps, merged, principal);
      return rulesOf(config).find((r) => r.code === params.rule)!;
    },
  }),
  defineRoute({
    id: 'alerts.config',
    method: 'GET',
    url: '/api/v1/alert-config',
    roles: readers,
    tag,
    summary: 'The whole alert rules configuration (reopen window, vendor fault codes, security event mapping, every rule)',
    response: configView,
    handle: async ({ deps }) => {
      const stored = await alertRulesConfig(deps.db);
      return { ...stored, effective: parseRulesConfig(stored.config) };
    },
  }),
  defineRoute({
    id: 'alerts.replaceConfig',
    method: 'PUT',
    url: '/api/v1/alert-config',
    roles: adminOnly,
    tag,
    summary: 'Replace the whole alert rules configuration; every field is optional and defaults apply',
    body: configDocument,
    response: configView,
    handle: async ({ deps, principal, body }) => {
      const effective = validConfig(body);
      const saved = await saveConfig(deps, body, principal);
      return { ...saved, effective };
    },
  }),
];
