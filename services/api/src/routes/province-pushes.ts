/**
 * Delivery state of the pushes the worker sends T/CEC partners (docs/province.md): each push with its
 * state — pending (not sent yet, or waiting to be tried again), delivered, ignored (the partner answered
 * Status 1: not to be retried) or failed (given up, with why) — and a summary per partner. Admins only:
 * the pushes carry every operator's live data.
 */
import { z } from 'zod';
import {
  findProvinceDeliveries,
  findProvinceDelivery,
  provinceDeliveryStates,
  provinceDeliverySummary,
  provincePushInterfaces,
  type ProvinceDelivery,
  type ProvincePartnerSummary,
} from '@pilewatch/store';
import { adminOnly } from '../auth/roles.js';
import { notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { page, pagedOf, slug, timestamp } from '../http/schemas.js';
import { matches } from '../http/views.js';

const tag = 'province';

const partnerId = z.string().regex(/^[0-9A-Z]{9}$/, "must be the partner's 9-character OperatorID");
const when = timestamp.nullable();

export const provinceDeliveryView = matches<ProvinceDelivery>()(
  z.object({
    id: z.string(),
    partnerId: z.string(),
    interface: z.enum(provincePushInterfaces),
    subject: z.string().describe('the ConnectorID (status) or StationID (station info) the push is about'),
    stationId: z.string().nullable(),
    data: z.unknown().describe('the request Data sent, in the standard spelling'),
    changedAt: timestamp.describe('when the change happened'),
    state: z.enum(provinceDeliveryStates),
    attempts: z.number().int(),
    nextAttemptAt: timestamp.describe('when a pending push is (next) due'),
    lastAttemptAt: when,
    errorCode: z.string().nullable(),
    lastError: z.string().nullable().describe('why the last attempt failed'),
    createdAt: timestamp,
    finishedAt: when,
  }),
);

export const provincePartnerSummaryView = matches<ProvincePartnerSummary>()(
  z.object({
    partnerId: z.string(),
    counts: z.object({ pending: z.number().int(), delivered: z.number().int(), ignored: z.number().int(), failed: z.number().int() }),
    oldestPendingAt: when,
    lastDeliveredAt: when,
    lastFailedAt: when,
    lastError: z.string().nullable(),
    consecutiveFailures: z.number().int(),
  }),
);

export const provincePushRoutes = [
  defineRoute({
    id: 'province.pushes.summary',
    method: 'GET',
    url: '/api/v1/province/pushes/summary',
    roles: adminOnly,
    tag,
    summary: 'T/CEC pushes per partner: how many are pending, delivered, ignored and failed, and how the last ones went',
    response: z.object({ partners: z.array(provincePartnerSummaryView) }),
    handle: async ({ deps }) => ({ partners: await provinceDeliverySummary(deps.db) }),
  }),
  defineRoute({
    id: 'province.pushes.list',
    method: 'GET',
    url: '/api/v1/province/pushes',
    roles: adminOnly,
    tag,
    summary: 'T/CEC pushes to partners with their delivery state, newest first',
    query: z.strictObject({
      partnerId: partnerId.optional(),
      interface: z.enum(provincePushInterfaces).optional(),
      state: z.enum(provinceDeliveryStates).optional(),
      subject: z.string().min(1).max(26).optional().describe('a ConnectorID or StationID'),
      stationId: slug.optional(),
      ...page,
    }),
    response: pagedOf(provinceDeliveryView),
    handle: ({ deps, query }) => findProvinceDeliveries(deps.db, query, query),
  }),
  defineRoute({
    id: 'province.pushes.get',
    method: 'GET',
    url: '/api/v1/province/pushes/:deliveryId',
    roles: adminOnly,
    tag,
    summary: 'One T/CEC push and its delivery state',
    params: z.strictObject({ deliveryId: z.string().regex(/^[1-9]\d{0,17}$/, 'must be a push id') }),
    response: provinceDeliveryView,
    handle: async ({ deps, params }) => {
      const delivery = await findProvinceDelivery(deps.db, params.deliveryId);
      if (!delivery) throw notFound('push', params.deliveryId);
      return delivery;
    },
  }),
];
