/**
 * Webhooks: where alert transitions are POSTed, signed with HMAC-SHA256 (docs/supervision.md says how to
 * verify). An operator registers its own (its chargers' alerts); an admin registers the regulator's
 * (no operator: every alert) or any operator's. The signing secret is shown when created or rotated,
 * never again. Each webhook's deliveries show status, attempts and the last error.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  createWebhook,
  deleteWebhook,
  findDeliveries,
  findOperator,
  findWebhook,
  findWebhooks,
  updateWebhook,
  type DeliveryView,
  type WebhookView,
} from '@pilewatch/store';
import { writers } from '../auth/roles.js';
import { ApiError, notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { page, pagedOf, slug, timestamp } from '../http/schemas.js';
import { matches } from '../http/views.js';

const tag = 'alerts';

export const webhookView = matches<WebhookView>()(
  z.object({
    id: z.string(),
    operatorId: z.string().nullable().describe('null: the regulator’s webhook, for every operator’s alerts'),
    url: z.string(),
    minSeverity: z.number().int(),
    description: z.string().nullable(),
    enabled: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

const withSecret = webhookView.extend({
  secret: z.string().describe('the HMAC-SHA256 signing key; store it now, it cannot be shown again'),
});

export const deliveryView = matches<DeliveryView>()(
  z.object({
    id: z.number().int(),
    webhookId: z.string(),
    transitionId: z.number().int(),
    alertId: z.string(),
    transitionType: z.string(),
    severity: z.number().int(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: timestamp,
    lastAttemptAt: timestamp.nullable(),
    deliveredAt: timestamp.nullable(),
  }),
);

const url = z
  .string()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials');
const minSeverity = z
  .union([z.literal(1), z.literal(2), z.literal(3)])
  .describe('send alerts of this severity or a more serious one: 1 personal safety only … 3 everything');

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;
const webhookParams = z.strictObject({ webhookId: z.string().min(1).max(100) });

export const webhookRoutes = [
  defineRoute({
    id: 'webhooks.list',
    method: 'GET',
    url: '/api/v1/webhooks',
    roles: writers,
    tag,
    summary: 'Webhooks (an operator sees its own)',
    query: z.strictObject({ operatorId: slug.optional(), ...page }),
    response: pagedOf(webhookView),
    handle: ({ deps, scope, query }) => findWebhooks(deps.db, scope, query, query),
  }),
  defineRoute({
    id: 'webhooks.create',
    method: 'POST',
    url: '/api/v1/webhooks',
    roles: writers,
    tag,
    summary: 'Register a webhook for alert transitions; the answer carries its signing secret, once',
    description:
      'Without `operatorId` an admin registers the regulator’s webhook (every operator’s alerts); an operator’s webhook ' +
      'is always its own. Each transition (opened, reopened, acknowledged, resolved) of an alert at or above `minSeverity` is sent.',
    status: 201,
    body: z.strictObject({
      url,
      operatorId: slug.optional(),
      minSeverity: minSeverity.default(3),
      description: z.string().trim().max(500).optional(),
      enabled: z.boolean().default(true),
    }),
    response: withSecret,
    handle: async ({ deps, scope, principal, body }) => {
      if (scope.operatorId && body.operatorId && body.operatorId !== scope.operatorId) throw notFound('operator', body.operatorId);
      const operatorId = scope.operatorId ?? body.operatorId ?? null;
      if (operatorId && !scope.operatorId && !(await findOperator(deps.db, operatorId, {}))) {
        throw new ApiError('PW_API_VALIDATION', `body.operatorId: no operator ${operatorId}`);
      }
      return createWebhook(deps.db, {
        id: randomUUID(),
        operatorId,
        url: body.url,
        secret: newSecret(),
        minSeverity: body.minSeverity,
        description: body.description ?? null,
        enabled: body.enabled,
        createdBy: `${principal.name} (${principal.role})`,
      });
    },
  }),
  defineRoute({
    id: 'webhooks.get',
    method: 'GET',
    url: '/api/v1/webhooks/:webhookId',
    roles: writers,
    tag,
    summary: 'One webhook (without its secret)',
    params: webhookParams,
    response: webhookView,
    handle: async ({ deps, scope, params }) => (await findWebhook(deps.db, params.webhookId, scope)) ?? Promise.reject(notFound('webhook', params.webhookId)),
  }),
  defineRoute({
    id: 'webhooks.update',
    method: 'PATCH',
    url: '/api/v1/webhooks/:webhookId',
    roles: writers,
    tag,
    summary: 'Change a webhook, or rotate its secret (the new secret is in this answer only)',
    params: webhookParams,
    body: z.strictObject({
      url: url.optional(),
      minSeverity: minSeverity.optional(),
      description: z.string().trim().max(500).nullable().optional(),
      enabled: z.boolean().optional(),
      rotateSecret: z.boolean().optional(),
    }),
    response: webhookView.extend({ secret: z.string().optional().describe('present when rotated') }),
    handle: async ({ deps, scope, params, body }) => {
      const { rotateSecret, ...changes } = body;
      const updated = await updateWebhook(deps.db, params.webhookId, scope, { ...changes, ...(rotateSecret ? { secret: newSecret() } : {}) });
      if (!updated) throw notFound('webhook', params.webhookId);
      const { secret, ...view } = updated;
      return rotateSecret ? { ...view, secret } : view;
    },
  }),
  defineRoute({
    id: 'webhooks.delete',
    method: 'DELETE',
    url: '/api/v1/webhooks/:webhookId',
    roles: writers,
    tag,
    summary: 'Remove a webhook and its delivery records',
    status: 204,
    params: webhookParams,
    handle: async ({ deps, scope, params }) => {
      if (!(await deleteWebhook(deps.db, params.webhookId, scope))) throw notFound('webhook', params.webhookId);
      return undefined;
    },
  }),
  defineRoute({
    id: 'webhooks.deliveries',
    method: 'GET',
    url: '/api/v1/webhooks/:webhookId/deliveries',
    roles: writers,
    tag,
    summary: 'Deliveries of a webhook, newest first: pending, delivered or failed, with attempts and the last error',
    params: webhookParams,
    query: z.strictObject({ status: z.enum(['pending', 'delivered', 'failed']).optional(), ...page }),
    response: pagedOf(deliveryView),
    handle: async ({ deps, scope, params, query }) => {
      if (!(await findWebhook(deps.db, params.webhookId, scope))) throw notFound('webhook', params.webhookId);
      return findDeliveries(deps.db, params.webhookId, query, query);
    },
  }),
];
