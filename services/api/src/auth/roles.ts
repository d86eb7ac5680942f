/** Who is calling and what they may see. */
import type { Scope } from '@pilewatch/store';

export const roles = ['admin', 'operator', 'regulator', 'province'] as const;
export type Role = (typeof roles)[number];

/** An authenticated caller: one API token. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  /** Set for (and only for) the operator role. */
  operatorId: string | null;
}

/** An operator sees its own operator's data; every other role that gets past a route's role check sees all. */
export function scopeOf(principal: Principal): Scope {
  return principal.role === 'operator' && principal.operatorId ? { operatorId: principal.operatorId } : {};
}

/** Roles groups the route table is written in. */
export const anyone: readonly Role[] = roles;
export const readers: readonly Role[] = ['admin', 'operator', 'regulator'];
export const writers: readonly Role[] = ['admin', 'operator'];
export const adminOnly: readonly Role[] = ['admin'];
