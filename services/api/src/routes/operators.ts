/** Operators (enterprise information, 企业信息管理): created and changed by admins, read by regulators and by the operator itself. */
import { z } from 'zod';
import { findOperator, findOperators, upsertOperator } from '@pilewatch/store';
import { adminOnly, readers } from '../auth/roles.js';
import { ApiError, notFound } from '../errors.js';
import { defineRoute } from '../http/route.js';
import { page, pagedOf, slug } from '../http/schemas.js';
import { operatorView } from '../http/views.js';
import { isCreditCode, isOrganisationCode, organisationCodeOf } from '../registry/enterprise-codes.js';
import { registryWrite } from '../registry/store-errors.js';

const tag = 'registry';

const creditCode = z
  .string()
  .refine(isCreditCode, 'must be an 18-character unified social credit code (GB 32100) with a valid check character');
const orgCode = z
  .string()
  .refine(isOrganisationCode, 'must be a 9-character organisation code (GB 11714) with a valid check character');

const operatorFields = {
  name: z.string().trim().min(1).max(200),
  creditCode: creditCode.nullable().optional().describe('统一社会信用代码'),
  orgCode: orgCode.nullable().optional().describe('组织机构代码: the T/CEC 102 OperatorID; derived from creditCode when omitted'),
  contactName: z.string().max(100).nullable().optional(),
  contactPhone: z.string().regex(/^[0-9+() -]{3,30}$/, 'must be a telephone number').nullable().optional(),
  contactEmail: z.email().nullable().optional(),
};

type OperatorFields = { creditCode?: string | null; orgCode?: string | null };

/** The organisation code is part of the credit code: when both are known they must agree. */
function reconcileCodes<T extends OperatorFields>(o: T): T {
  if (o.creditCode && !o.orgCode) return { ...o, orgCode: organisationCodeOf(o.creditCode) };
  if (o.creditCode && o.orgCode && organisationCodeOf(o.creditCode) !== o.orgCode) {
    throw new ApiError(
      'PW_API_VALIDATION',
      `orgCode: must be ${organisationCodeOf(o.creditCode)}, the organisation code inside creditCode`,
    );
  }
  return o;
}

const undefinedIfNull = <T>(v: T | null | undefined) => (v === null ? undefined : v);

export const operatorRoutes = [
  defineRoute({
    id: 'operators.list',
    method: 'GET',
    url: '/api/v1/operators',
    roles: readers,
    tag,
    summary: 'List operators (an operator sees itself)',
    query: z.strictObject({ ...page }),
    response: pagedOf(operatorView),
    handle: ({ deps, scope, query }) => findOperators(deps.db, scope, query),
  }),
  defineRoute({
    id: 'operators.create',
    method: 'POST',
    url: '/api/v1/operators',
    roles: adminOnly,
    tag,
    summary: 'Register an operator (enterprise)',
    status: 201,
    body: z.strictObject({ id: slug, ...operatorFields }),
    response: operatorView,
    handle: async ({ deps, body }) => {
      if (await findOperator(deps.db, body.id, {})) throw new ApiError('PW_API_CONFLICT', `id: operator ${body.id} already exists`);
      const o = reconcileCodes(body);
      await registryWrite(() =>
        upsertOperator(deps.db, {
          id: o.id,
          name: o.name,
          creditCode: undefinedIfNull(o.creditCode),
          orgCode: undefinedIfNull(o.orgCode),
          contactName: undefinedIfNull(o.contactName),
          contactPhone: undefinedIfNull(o.contactPhone),
          contactEmail: undefinedIfNull(o.contactEmail),
        }),
      );
      return findOperator(deps.db, o.id, {});
    },
  }),
  defineRoute({
    id: 'operators.get',
    method: 'GET',
    url: '/api/v1/operators/:operatorId',
    roles: readers,
    tag,
    summary: 'One operator',
    params: z.strictObject({ operatorId: slug }),
    response: operatorView,
    handle: async ({ deps, scope, params }) =>
      (await findOperator(deps.db, params.operatorId, scope)) ?? Promise.reject(notFound('operator', params.operatorId)),
  }),
  defineRoute({
    id: 'operators.update',
    method: 'PATCH',
    url: '/api/v1/operators/:operatorId',
    roles: adminOnly,
    tag,
    summary: 'Change an operator; fields left out keep their value, null clears one',
    params: z.strictObject({ operatorId: slug }),
    body: z.strictObject({ ...operatorFields, name: operatorFields.name.optional() }),
    response: operatorView,
    handle: async ({ deps, params, body }) => {
      const current = await findOperator(deps.db, params.operatorId, {});
      if (!current) throw notFound('operator', params.operatorId);
      const merged = { ...current, ...body };
      // A new credit code brings its own organisation code unless one is given with it.
      const o = reconcileCodes(body.creditCode && body.orgCode === undefined ? { ...merged, orgCode: null } : merged);
      await registryWrite(() =>
        upsertOperator(deps.db, {
          id: current.id,
          name: o.name,
          creditCode: undefinedIfNull(o.creditCode),
          orgCode: undefinedIfNull(o.orgCode),
          contactName: undefinedIfNull(o.contactName),
          contactPhone: undefinedIfNull(o.contactPhone),
          contactEmail: undefinedIfNull(o.contactEmail),
        }),
      );
      return findOperator(deps.db, current.id, {});
    },
  }),
];
